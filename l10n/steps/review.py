"""The review steps over a project: approve, reject, revoke, verify, and the invalidation
`update` does; each change to a catalog is logged in the locale's ledger first."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum
from pathlib import Path

import polib

from l10n.checks.finding import Finding
from l10n.errors import ConfigError, L10nError, WriteError
from l10n.po.catalog import read_catalog
from l10n.po.entry import clear_fuzzy, is_fuzzy, mark_fuzzy, plural_count
from l10n.po.pofile import format_po
from l10n.project import Project, replacing, write_text
from l10n.review.ledger import (
    EntryKey,
    Event,
    EventKind,
    Trail,
    append_lines,
    last_line_digest,
    line_digest,
    read_ledger,
)
from l10n.review.registry import Editor, read_editors
from l10n.review.signoff import (
    format_review_line,
    review_hash,
    reviewable,
    without_review_lines,
)
from l10n.review.verdict import EntryState, ReviewFacts, Standing, Verdict, judge_entry
from l10n.steps.common import git_config, locales_of, read_registry, read_review_facts
from l10n.steps.signing import Signer, find_signer

__all__ = [
    "Action",
    "LoggedEvent",
    "Pending",
    "ReviewResult",
    "Selection",
    "acting_person",
    "chain_events",
    "commit_catalog",
    "invalidate_stale_reviews",
    "pending_entries",
    "review_entries",
    "review_log",
    "signer_for",
]


class Action(Enum):
    APPROVE = "approve"
    REJECT = "reject"
    REVOKE = "revoke"
    RESIGN = "resign"


@dataclass(frozen=True, slots=True)
class ReviewResult:
    """What one review command changed, and what it refused and why."""

    changed: tuple[tuple[str, int], ...]  # catalog path, entries changed
    refused: tuple[str, ...]
    warnings: tuple[str, ...]
    matched: int = 0  # entries the filters matched (slugs, --match), obsolete ones aside
    untranslated: int = 0  # of those, the ones with no translation to act on
    catalogs: int = 0  # catalogs looked at
    errors: tuple[L10nError, ...] = ()  # with keep_going: catalogs that failed, the rest done


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
    return git_config(project, "user.email") or getpass.getuser()


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


@dataclass(frozen=True, slots=True)
class Selection:
    """Which entries a review command acts on."""

    slugs: tuple[str, ...] = ()
    match: str | None = None  # only entries whose source or translation contains this
    seen: dict[EntryKey, str] | None = None  # only these, each as shown (its review hash)
    include_rejected: bool = False  # approve also what an editor rejected


def signer_for(
    project: Project, *, editor_id: str, locale: str, key_path: Path | None, now: datetime
) -> Signer:
    """The key that signs for this editor in this locale now (see `find_signer`).

    Raises:
        ConfigError: unknown editor, one who may not review this locale, or no usable key.
    """
    editor, _ = _editor(project, editor_id, locale, now)
    return find_signer(project, editor, key_path=key_path, now=now)


def review_entries(
    project: Project,
    action: Action,
    *,
    editor_id: str,
    locale: str,
    selection: Selection,
    key_path: Path | None,
    now: datetime,
    actor: str,
    note: str = "",
    keep_going: bool = False,
) -> ReviewResult:
    """Approve, reject, revoke or re-sign the selected entries of a locale's catalogs.

    With `keep_going` (the command line), a catalog that cannot be read or written is
    recorded in the result's `errors` and the other catalogs are still reviewed; without
    it (the desk, one entry at a time) its error is raised.

    Approve takes translated or fuzzy entries without a counting review by this editor
    (rejected ones only with `include_rejected`), clears `fuzzy` and `#|`, and adds the
    editor's review line; an entry with a check error is refused. Reject sends translated
    entries back to fuzzy with a comment saying why. Revoke removes the editor's review
    lines. Resign approves again, signed, what this editor approved before events were
    signed. With `selection.seen`, an entry changed since it was shown is refused.
    Every event is signed by the editor's key (`find_signer`: `key_path`, else the
    environment, git's signing key or the agent) and linked to the ledger's last line; the catalog
    is staged first, the events appended and flushed, then the catalog renamed into
    place (a catalog that cannot be written leaves no event behind), all under the
    locale's lock.

    Raises:
        ConfigError: unknown editor, one who may not review this locale, or no key of
            theirs to sign with (then nothing is written).
        WriteError: a catalog or the ledger cannot be written.
    """
    editor, editors = _editor(project, editor_id, locale, now)
    signer = find_signer(project, editor, key_path=key_path, now=now)
    warnings = []
    if editor.email and actor != editor.email:
        warnings.append(
            f"acting as {editor.name} [{editor.id}] but you are {actor}; recorded in the ledger"
        )
    changed: list[tuple[str, int]] = []
    refused: list[str] = []
    matched = untranslated = catalogs = 0
    errors: list[L10nError] = []
    act = _ACTIONS[action]
    with project.locale_lock(locale):
        facts = read_review_facts(project, locale, registry=editors)
        ledger = project.ledger_path(locale)
        for slug, path in project.existing_catalogs(locale, list(selection.slugs)):
            shown = project.relative(path)
            catalogs += 1
            try:
                catalog = read_catalog(path, shown=shown)
            except L10nError as error:
                if not keep_going:
                    raise
                errors.append(error)
                continue
            context = _Acting(editor, facts, slug, now, actor, note, shown, plural_count(catalog),
                              refused)  # fmt: skip
            events: list[Event] = []
            for entry in catalog:
                verdict = context.judge(entry)
                if not entry.obsolete and _matches(entry, selection.match):
                    matched += 1
                    untranslated += not verdict.is_translated
                if not _selected(entry, verdict, selection, action, editor, refused, shown):
                    continue
                event = act(entry, verdict, context)
                if event is not None:
                    events.append(event)
            if events:
                lines = chain_events(ledger, events, locale=locale, signer=signer)
                try:
                    commit_catalog(path, format_po(catalog), ledger=ledger, lines=lines)
                except WriteError as error:
                    if not keep_going:
                        raise
                    errors.append(error)
                    continue
                changed.append((shown, len(events)))
        _ensure_union_merge(project)
    return ReviewResult(
        tuple(changed), tuple(refused), tuple(warnings), matched, untranslated, catalogs,
        tuple(errors),
    )  # fmt: skip


def _selected(
    entry: polib.POEntry,
    verdict: Verdict,
    selection: Selection,
    action: Action,
    editor: Editor,
    refused: list[str],
    shown: str,
) -> bool:
    if not verdict.is_translated or not _matches(entry, selection.match):
        return False
    if selection.seen is not None:
        expected = selection.seen.get(verdict.key)
        if expected is None:
            return False
        if expected != verdict.digest:
            refused.append(f"{shown}:{entry.linenum}: changed since you saw it; left as it is")
            return False
        return True  # the editor chose this very entry, rejected or not
    if action is Action.APPROVE and verdict.state is EntryState.REJECTED:
        return selection.include_rejected
    if action is Action.RESIGN:
        return any(s.line.editor == editor.id and s.is_legacy for s in verdict.sign_offs)
    return True


def chain_events(
    ledger: Path, events: list[Event], *, locale: str, signer: Signer | None
) -> list[str]:
    """The ledger lines for `events`: each linked to the line before it (the ledger's
    last line for the first), and signed when it is an editor's event."""
    lines = []
    prev = last_line_digest(ledger)
    for event in events:
        event = replace(event, prev=prev)
        if signer is not None and event.event.is_signed:
            event = signer.sign(event, locale=locale)
        line = event.to_json()
        lines.append(line)
        prev = line_digest(line)
    return lines


def commit_catalog(path: Path, text: str, *, ledger: Path, lines: list[str]) -> bool:
    """Replace a catalog and append the ledger lines that explain the change, so that
    either both happen or neither: the catalog is staged first, the lines are appended
    and flushed, then the catalog is renamed into place (and the lines taken back if
    that fails). Returns whether the catalog changed.

    Raises:
        WriteError: the catalog or the ledger cannot be written.
    """
    appended: int | None = None
    try:
        with replacing(path, text.encode("utf-8")) as changes:
            if lines:
                try:
                    appended = append_lines(ledger, lines)
                except OSError as error:
                    raise WriteError(f"{ledger}: cannot be written ({error.strerror})") from error
    except WriteError:
        if appended is not None:
            os.truncate(ledger, appended)
        raise
    return changes


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
    line = format_review_line(editor.id, acting.now, digest)
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


_ACTIONS = {Action.APPROVE: _approve, Action.REJECT: _reject, Action.REVOKE: _revoke,
            Action.RESIGN: _approve}  # fmt: skip


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
        # A line standing on an event from before signatures waits for `review resign`.
        gone = [
            s.line
            for s in verdict.sign_offs
            if s.standing in (Standing.STALE, Standing.VOID) and not s.is_legacy
        ]
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
    project: Project,
    *,
    editor_id: str | None,
    locale: str,
    slugs: list[str],
    now: datetime,
    on_error: Callable[[L10nError], None] | None = None,
) -> list[Pending]:
    """Entries that are translated or fuzzy and not reviewed by anyone whose review counts
    (with `editor_id`, checked to be an editor who may review the locale now). A catalog
    that cannot be read is handed to `on_error` and the others are still read; without
    `on_error` its error is raised."""
    if editor_id is not None:
        _, editors = _editor(project, editor_id, locale, now)
        registry: dict[str, Editor] | None = editors
    else:
        registry = read_registry(project)
    facts = read_review_facts(project, locale, registry=registry)
    found = []
    for slug, path in project.existing_catalogs(locale, slugs):
        shown = project.relative(path)
        try:
            catalog = read_catalog(path, shown=shown)
        except L10nError as error:
            if on_error is None:
                raise
            on_error(error)
            continue
        nplurals = plural_count(catalog)
        for entry in catalog:
            verdict = judge_entry(
                entry, slug=slug, facts=facts, checks=True, warnings=True, path=shown,
                nplurals=nplurals,
            )  # fmt: skip
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


@dataclass(frozen=True, slots=True)
class LoggedEvent:
    """One ledger event as the log shows it: its locale, and why it does not count (None
    when it does: signed by a registered key, or an invalidation)."""

    locale: str
    event: Event
    problem: str | None


def review_log(
    project: Project,
    *,
    locales: list[str] | None,
    editor: str | None,
    since: datetime | None,
) -> list[LoggedEvent]:
    """The valid events of the locales' ledgers, filtered, oldest first, each with its
    locale and whether it counts (a forged line is shown as such, never like a signed one).
    """
    registry = read_registry(project)
    found = []
    for locale in locales_of(project, locales):
        events, _ = read_ledger(project.ledger_path(locale))
        trail = Trail(events, locale=locale, registry=registry)
        for position, event in enumerate(trail.events):
            if editor and event.editor != editor:
                continue
            if since and event.time.date() < since.date():
                continue
            found.append(LoggedEvent(locale, event, trail.problem(position)))
    return sorted(found, key=lambda logged: logged.event.time)
