"""The review steps over a project: approve, reject, revoke, verify, and the invalidation
`update` does; each change to a catalog is logged in the locale's ledger first."""

from __future__ import annotations

import getpass
import subprocess
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

import polib

from l10n.catalog import (
    counting_reviews,
    is_translated,
    plural_count,
    read_catalog,
    reviewable,
    translation_of,
)
from l10n.checks import Finding, Severity, check_translation
from l10n.errors import ConfigError
from l10n.pofile import format_po
from l10n.project import Project, write_text
from l10n.review import (
    Editor,
    Event,
    EventKind,
    append_event,
    counts,
    format_review_line,
    read_editors,
    read_ledger,
    review_hash,
    review_lines,
    without_review_lines,
)

__all__ = [
    "Action",
    "Pending",
    "ReviewResult",
    "acting_person",
    "invalidate_stale_reviews",
    "pending_entries",
    "review_entries",
    "verify_reviews",
]

EntryKey = tuple[str, str | None, str]  # slug, msgctxt, msgid: an entry in a locale


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
        for slug, path in project.existing_catalogs(locale, slugs):
            shown = project.relative(path)
            catalog = read_catalog(path, shown=shown)
            context = _Acting(editor, editors, locale, slug, now, actor, note, shown,
                              plural_count(catalog), refused)  # fmt: skip
            events: list[Event] = []
            for entry in catalog:
                if entry.obsolete or not is_translated(entry) or not _matches(entry, match):
                    continue
                if seen is not None:
                    expected = seen.get((slug, entry.msgctxt, entry.msgid))
                    if expected is None:
                        continue
                    if expected != review_hash(reviewable(entry, locale=locale)):
                        where = f"{shown}:{entry.linenum}"
                        refused.append(f"{where}: changed since you saw it; left as it is")
                        continue
                event = act(entry, context)
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
    editors: dict[str, Editor]
    locale: str
    slug: str
    now: datetime
    actor: str
    note: str
    shown: str
    nplurals: int | None
    refused: list[str]

    def event(
        self, kind: EventKind, entry: polib.POEntry, *, editor: str = "", was_fuzzy: bool = False
    ) -> Event:
        item = reviewable(entry, locale=self.locale)
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


def _approve(entry: polib.POEntry, acting: _Acting) -> Event | None:
    editor = acting.editor
    mine = [line for line in review_lines(entry.tcomment) if line.editor == editor.id]
    if any(counts(line, reviewable(entry, locale=acting.locale), acting.editors) for line in mine):
        return None  # already signed off by this editor, as it is
    findings = check_translation(
        translation_of(entry), locale=acting.locale, path=acting.shown, nplurals=acting.nplurals
    )
    errors = [finding for finding in findings if finding.severity is Severity.ERROR]
    if errors:
        first = errors[0]
        acting.refused.append(f"{first.path}:{first.line}: cannot approve: {first.message}")
        return None
    was_fuzzy = "fuzzy" in entry.flags
    entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
    digest = review_hash(reviewable(entry, locale=acting.locale))
    kept = without_review_lines(entry.tcomment, mine)
    line = format_review_line(editor.name, editor.id, acting.now, digest)
    entry.tcomment = f"{kept}\n{line}" if kept else line
    return acting.event(EventKind.APPROVE, entry, was_fuzzy=was_fuzzy)


def _reject(entry: polib.POEntry, acting: _Acting) -> Event | None:
    """Back to the translator as fuzzy, with the editor's note; always logged, also for an
    entry already fuzzy (the note is what the translator needs)."""
    event = acting.event(EventKind.REJECT, entry, was_fuzzy="fuzzy" in entry.flags)
    kept = without_review_lines(entry.tcomment, review_lines(entry.tcomment))
    stamp = f"{acting.editor.name} [{acting.editor.id}] {acting.now:%Y-%m-%dT%H:%M:%SZ}"
    why = f"rejected by {stamp}: {acting.note or 'no reason given'}"
    entry.tcomment = f"{kept}\n{why}" if kept else why
    if "fuzzy" not in entry.flags:
        entry.flags = ["fuzzy", *entry.flags]
    return event


def _revoke(entry: polib.POEntry, acting: _Acting) -> Event | None:
    mine = [line for line in review_lines(entry.tcomment) if line.editor == acting.editor.id]
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
    locale: str,
    slug: str,
    editors: dict[str, Editor],
    now: datetime,
    actor: str,
) -> list[Event]:
    """Remove review lines that no longer count; one `invalidate` event per line removed."""
    events = []
    for entry in catalog:
        lines = review_lines(entry.tcomment)
        if not lines:
            continue
        item = reviewable(entry, locale=locale)
        stale = [line for line in lines if not counts(line, item, editors)]
        if not stale:
            continue
        entry.tcomment = without_review_lines(entry.tcomment, stale)
        for line in stale:
            item_now = reviewable(entry, locale=locale)
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
    found = []
    for slug, path in project.existing_catalogs(locale, slugs):
        shown = project.relative(path)
        catalog = read_catalog(path, shown=shown)
        for entry in catalog:
            if entry.obsolete or not is_translated(entry):
                continue
            if counting_reviews(entry, locale=locale, editors=editors):
                continue
            findings = check_translation(
                translation_of(entry), locale=locale, path=shown, nplurals=plural_count(catalog)
            )
            found.append(
                Pending(
                    key=(slug, entry.msgctxt, entry.msgid),
                    path=shown,
                    line=entry.linenum or 1,
                    msgid=entry.msgid,
                    msgstr=entry.msgstr,
                    previous_msgid=entry.previous_msgid,
                    fuzzy="fuzzy" in entry.flags,
                    findings=tuple(findings),
                    digest=review_hash(reviewable(entry, locale=locale)),
                )
            )
    return found


def _ended(later: list[Event], editor: str, slug: str, entry: polib.POEntry) -> Event | None:
    """The first later event that took this editor's approval of the entry back."""
    for event in later:
        if (event.slug, event.msgctxt, event.msgid) != (slug, entry.msgctxt, entry.msgid):
            continue
        if event.event is EventKind.REJECT or (
            event.event in (EventKind.REVOKE, EventKind.INVALIDATE) and event.editor == editor
        ):
            return event
    return None


def verify_reviews(project: Project, *, locales: list[str], slugs: list[str]) -> list[str]:
    """Problems with the review trail, as `path:line: message`: a counting review line with
    no matching approve event (typed by hand), a ledger line that is not a valid event, or
    an event by an editor not registered for the locale on its date."""
    editors = read_editors(project.editors_path)
    problems: list[str] = []
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
        # Each approval, by where it sits in the ledger, and what ended it later on.
        approvals = {
            (e.editor, e.slug, e.msgctxt, e.msgid, e.hash[:16], e.time): index
            for index, e in enumerate(events)
            if e.event is EventKind.APPROVE
        }
        for slug, path in project.existing_catalogs(locale, slugs):
            shown = project.relative(path)
            for entry in read_catalog(path, shown=shown):
                item = reviewable(entry, locale=locale)
                for line in review_lines(entry.tcomment):
                    if not counts(line, item, editors):
                        continue
                    where = f"{shown}:{entry.linenum}: review by {line.editor!r}"
                    key = (line.editor, slug, entry.msgctxt, entry.msgid, line.digest, line.time)
                    approved = approvals.get(key)
                    if approved is None:
                        problems.append(
                            f"{where} has no approve event in the ledger (added by hand?)"
                        )
                        continue
                    ended = _ended(events[approved + 1 :], line.editor, slug, entry)
                    if ended is not None:
                        problems.append(
                            f"{where} was {ended.event.value}d on {ended.time:%Y-%m-%d}, "
                            "yet is back in the catalog"
                        )
    return problems
