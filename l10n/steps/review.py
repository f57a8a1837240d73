"""The review steps over a project: approve, reject, revoke, verify, and the invalidation
`update` does; each change to a catalog is logged in the locale's ledger first."""

from __future__ import annotations

import getpass
import subprocess
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

import polib

from l10n.checks.finding import Finding
from l10n.errors import CheckFailed, ConfigError
from l10n.po.catalog import read_catalog
from l10n.po.entry import clear_fuzzy, is_fuzzy, mark_fuzzy, plural_count
from l10n.po.pofile import format_po
from l10n.project import Project, write_text
from l10n.review.ledger import EntryKey, Event, EventKind, append_event, read_ledger
from l10n.review.registry import Editor, read_editors
from l10n.review.signoff import (
    format_review_line,
    review_hash,
    reviewable,
    without_review_lines,
)
from l10n.review.verdict import ReviewFacts, Standing, Verdict, judge_entry
from l10n.steps.common import locales_of, read_registry, read_review_facts

__all__ = [
    "Action",
    "Pending",
    "ReviewResult",
    "VerifyResult",
    "acting_person",
    "invalidate_stale_reviews",
    "pending_entries",
    "review_entries",
    "review_log",
    "verify_reviews",
]


class Action(Enum):
    APPROVE = "approve"
    REJECT = "reject"
    REVOKE = "revoke"


@dataclass(frozen=True, slots=True)
class ReviewResult:
    """What one review command changed, and what it refused and why."""

    changed: tuple[tuple[str, int], ...]  # catalog path, entries changed
    refused: tuple[str, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Pending:
    """An entry waiting for an editor, as the interactive review shows it."""

    key: EntryKey
    path: str
    line: int
    msgid: str
    msgstr: str
    previous_msgid: str | None
    fuzzy: bool
    findings: tuple[Finding, ...]
    digest: str  # the review hash of the entry as shown: what an approval would sign


def acting_person(project: Project) -> str:
    """Who is at the keyboard: `git config user.email`, else the login name."""
    try:
        found = subprocess.run(
            ["git", "config", "user.email"],
            cwd=project.root,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
        email = found.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        email = ""
    return email or getpass.getuser()


def _editor(
    project: Project, editor_id: str, locale: str, today: datetime
) -> tuple[Editor, dict[str, Editor]]:
    editors = read_editors(project.editors_path)
    editor = editors.get(editor_id)
    if editor is None:
        known = ", ".join(sorted(editors)) or "none"
        raise ConfigError(f"editors.toml: unknown editor {editor_id!r} (registered: {known})")
    if not editor.holds(locale, today.date()):
        reason = f"locales: {', '.join(editor.locales)}"
        if locale in editor.locales:
            reason = f"registered until {editor.until}"
        raise ConfigError(f"editors.toml: editor {editor_id!r} may not review {locale} ({reason})")
    return editor, editors


def review_entries(
    project: Project,
    action: Action,
    *,
    editor_id: str,
    locale: str,
    slugs: list[str],
    now: datetime,
    actor: str,
    match: str | None = None,
    seen: dict[EntryKey, str] | None = None,
    note: str = "",
) -> ReviewResult:
    """Approve, reject or revoke the selected entries of a locale's catalogs.

    Approve takes translated or fuzzy entries without a counting review by this editor,
    clears `fuzzy` and `#|`, and adds the editor's review line; an entry with a check
    error is refused. Reject sends translated entries back to fuzzy with a comment saying
    why. Revoke removes the editor's review lines. `seen` limits the action to these
    entries, each as the editor saw it (its review hash): one changed since is refused.
    Every change is appended to the ledger and flushed before the catalog is replaced,
    all under the locale's lock.

    Raises:
        ConfigError: unknown editor, or one who may not review this locale.
    """
    editor, editors = _editor(project, editor_id, locale, now)
    warnings = []
    if editor.email and actor != editor.email:
        warnings.append(
            f"acting as {editor.name} [{editor.id}] but you are {actor}; recorded in the ledger"
        )
    changed: list[tuple[str, int]] = []
    refused: list[str] = []
    act = {Action.APPROVE: _approve, Action.REJECT: _reject, Action.REVOKE: _revoke}[action]
    with project.locale_lock(locale):
        facts = read_review_facts(project, locale, registry=editors)
        for slug, path in project.existing_catalogs(locale, slugs):
            shown = project.relative(path)
            catalog = read_catalog(path, shown=shown)
            context = _Acting(editor, facts, slug, now, actor, note, shown, plural_count(catalog),
                              refused)  # fmt: skip
            events: list[Event] = []
            for entry in catalog:
                verdict = context.judge(entry)
                if not verdict.is_translated or not _matches(entry, match):
                    continue
                if seen is not None:
                    expected = seen.get(verdict.key)
                    if expected is None:
                        continue
                    if expected != verdict.digest:
                        where = f"{shown}:{entry.linenum}"
                        refused.append(f"{where}: changed since you saw it; left as it is")
                        continue
                event = act(entry, verdict, context)
                if event is not None:
                    events.append(event)
            if events:
                for event in events:
                    append_event(project.ledger_path(locale), event)
                write_text(path, format_po(catalog))
                changed.append((shown, len(events)))
        _ensure_union_merge(project)
    return ReviewResult(tuple(changed), tuple(refused), tuple(warnings))


@dataclass(frozen=True, slots=True)
class _Acting:
    """Who acts on which catalog, and when: what every review action needs."""

    editor: Editor
    facts: ReviewFacts
    slug: str
    now: datetime
    actor: str
    note: str
    shown: str
    nplurals: int | None
    refused: list[str]

    def judge(self, entry: polib.POEntry) -> Verdict:
        return judge_entry(
            entry, slug=self.slug, facts=self.facts, checks=True, path=self.shown,
            nplurals=self.nplurals,
        )  # fmt: skip

    def event(
        self, kind: EventKind, entry: polib.POEntry, *, editor: str = "", was_fuzzy: bool = False
    ) -> Event:
        item = reviewable(entry, locale=self.facts.locale)
        return Event(
            time=self.now,
            event=kind,
            editor=editor or self.editor.id,
            actor=self.actor,
            slug=self.slug,
            msgctxt=entry.msgctxt,
            msgid=entry.msgid,
            msgstr=item.msgstrs,
            hash=review_hash(item),
            note=self.note,
            was_fuzzy=was_fuzzy,
        )


def _matches(entry: polib.POEntry, match: str | None) -> bool:
    if match is None:
        return True
    needle = match.casefold()
    return needle in entry.msgid.casefold() or needle in entry.msgstr.casefold()


def _approve(entry: polib.POEntry, verdict: Verdict, acting: _Acting) -> Event | None:
    editor = acting.editor
    if any(sign_off.line.editor == editor.id for sign_off in verdict.counting):
        return None  # already signed off by this editor, as it is
    if verdict.errors:
        first = verdict.errors[0]
        acting.refused.append(f"{first.path}:{first.line}: cannot approve: {first.message}")
        return None
    was_fuzzy = is_fuzzy(entry)
    clear_fuzzy(entry)
    digest = review_hash(reviewable(entry, locale=acting.facts.locale))
    mine = [s.line for s in verdict.sign_offs if s.line.editor == editor.id]
    kept = without_review_lines(entry.tcomment, mine)
    line = format_review_line(editor.name, editor.id, acting.now, digest)
    entry.tcomment = f"{kept}\n{line}" if kept else line
    return acting.event(EventKind.APPROVE, entry, was_fuzzy=was_fuzzy)


def _reject(entry: polib.POEntry, verdict: Verdict, acting: _Acting) -> Event | None:
    """Back to the translator as fuzzy, with the editor's note; always logged, also for an
    entry already fuzzy (the note is what the translator needs)."""
    event = acting.event(EventKind.REJECT, entry, was_fuzzy=is_fuzzy(entry))
    kept = without_review_lines(entry.tcomment, [s.line for s in verdict.sign_offs])
    stamp = f"{acting.editor.name} [{acting.editor.id}] {acting.now:%Y-%m-%dT%H:%M:%SZ}"
    why = f"rejected by {stamp}: {acting.note or 'no reason given'}"
    entry.tcomment = f"{kept}\n{why}" if kept else why
    mark_fuzzy(entry)
    return event


def _revoke(entry: polib.POEntry, verdict: Verdict, acting: _Acting) -> Event | None:
    mine = [s.line for s in verdict.sign_offs if s.line.editor == acting.editor.id]
    if not mine:
        return None
    entry.tcomment = without_review_lines(entry.tcomment, mine)
    return acting.event(EventKind.REVOKE, entry)


def _ensure_union_merge(project: Project) -> None:
    """Ledgers merge by union in git: both branches' events are kept, never a conflict."""
    path = project.locales_dir / ".gitattributes"
    rule = "*/reviews.jsonl merge=union"
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    if rule not in existing.splitlines():
        write_text(
            path, existing + ("" if not existing or existing.endswith("\n") else "\n") + rule + "\n"
        )


def invalidate_stale_reviews(
    catalog: polib.POFile,
    *,
    slug: str,
    facts: ReviewFacts,
    now: datetime,
    actor: str,
) -> list[Event]:
    """Remove review lines that no longer count (stale or void, never merely unjudged);
    one `invalidate` event per line removed."""
    events = []
    for entry in catalog:
        verdict = judge_entry(entry, slug=slug, facts=facts)
        gone = [s.line for s in verdict.sign_offs if s.standing in (Standing.STALE, Standing.VOID)]
        if not gone:
            continue
        entry.tcomment = without_review_lines(entry.tcomment, gone)
        item_now = reviewable(entry, locale=facts.locale)
        for line in gone:
            events.append(
                Event(
                    time=now,
                    event=EventKind.INVALIDATE,
                    editor=line.editor,
                    actor=actor,
                    slug=slug,
                    msgctxt=entry.msgctxt,
                    msgid=entry.msgid,
                    msgstr=item_now.msgstrs,
                    hash=review_hash(item_now),
                    note=f"review of {line.time:%Y-%m-%d} no longer counts",
                )
            )
    return events


def pending_entries(
    project: Project, *, editor_id: str, locale: str, slugs: list[str], now: datetime
) -> list[Pending]:
    """Entries that are translated or fuzzy and not reviewed by anyone whose review counts."""
    _, editors = _editor(project, editor_id, locale, now)
    facts = read_review_facts(project, locale, registry=editors)
    found = []
    for slug, path in project.existing_catalogs(locale, slugs):
        shown = project.relative(path)
        catalog = read_catalog(path, shown=shown)
        nplurals = plural_count(catalog)
        for entry in catalog:
            verdict = judge_entry(
                entry, slug=slug, facts=facts, checks=True, path=shown, nplurals=nplurals
            )
            if not verdict.waits_for_review:
                continue
            found.append(
                Pending(
                    key=verdict.key,
                    path=shown,
                    line=verdict.line,
                    msgid=entry.msgid,
                    msgstr=entry.msgstr,
                    previous_msgid=entry.previous_msgid,
                    fuzzy=verdict.is_fuzzy,
                    findings=verdict.findings or (),
                    digest=verdict.digest,
                )
            )
    return found


def verify_reviews(project: Project, *, locales: list[str], slugs: list[str]) -> VerifyResult:
    """The review trail checked: review lines with no valid event behind them, ledger lines
    that are not valid events, and events by editors not registered for the locale on
    their date, as `path:line: message` problems; stale reviews, reported apart.

    Raises:
        CheckFailed: no `editors.toml`: without it no review can be verified.
    """
    editors = read_registry(project)
    if editors is None:
        raise CheckFailed("editors.toml: missing, so no review can be verified")
    problems: list[str] = []
    stale: list[str] = []
    for locale in locales:
        ledger = project.ledger_path(locale)
        shown_ledger = project.relative(ledger)
        events, invalid = read_ledger(ledger)
        problems.extend(f"{shown_ledger}:{p.line}: {p.message}" for p in invalid)
        for event in events:
            editor = editors.get(event.editor)
            if event.event is EventKind.INVALIDATE:
                continue  # recorded by update on behalf of whoever's review went stale
            if editor is None or not editor.holds(locale, event.time.date()):
                problems.append(
                    f"{shown_ledger}: {event.event.value} by {event.editor!r} on "
                    f"{event.time:%Y-%m-%d}, who was not registered for {locale}"
                )
        facts = read_review_facts(project, locale, registry=editors)
        for slug, path in project.existing_catalogs(locale, slugs):
            shown = project.relative(path)
            for entry in read_catalog(path, shown=shown):
                verdict = judge_entry(entry, slug=slug, facts=facts)
                for sign_off in verdict.sign_offs:
                    where = f"{shown}:{entry.linenum}: review by {sign_off.line.editor!r}"
                    if sign_off.standing is Standing.VOID:
                        problems.append(f"{where}: does not count: {sign_off.reason}")
                    elif sign_off.standing is Standing.STALE:
                        stale.append(f"{where}: stale: {sign_off.reason}")
    return VerifyResult(tuple(problems), tuple(stale))


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """What `review verify` found: problems fail it; stale reviews are only reported."""

    problems: tuple[str, ...]
    stale: tuple[str, ...]


def review_log(
    project: Project,
    *,
    locales: list[str] | None,
    editor: str | None,
    since: datetime | None,
) -> list[tuple[str, Event]]:
    """The valid events of the locales' ledgers, filtered, oldest first, with their locale."""
    found = []
    for locale in locales_of(project, locales):
        events, _ = read_ledger(project.ledger_path(locale))
        for event in events:
            if editor and event.editor != editor:
                continue
            if since and event.time.date() < since.date():
                continue
            found.append((locale, event))
    return sorted(found, key=lambda pair: pair[1].time)
