"""The verdict on one catalog entry: where it stands, which sign-offs count and which do
not and why, and whether a build may use it. Every step reads this record; none decides
any of it again (STYLE.md "One fact, one place").

A sign-off counts only while (SPEC.md "Review by editor"): its review line matches an
approve event in the locale's ledger whose SSH signature verifies against a key the
registry lists for that editor at that time; the editor is registered and held the
locale on that date; the hash matches the entry's current text; the entry is neither fuzzy nor
obsolete; and no later event rejects or revokes it. Without a registry nothing can be
judged, so nothing counts and nothing is called stale for want of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

import polib

from l10n.checks.finding import Finding, Severity
from l10n.po.entry import AnyEntry, EntryText, is_fuzzy, is_translated, plural_count
from l10n.review.ledger import EntryKey, Event, EventKind, Trail
from l10n.review.policy import Policy
from l10n.review.registry import Editor
from l10n.review.signoff import (
    Reviewable,
    ReviewLine,
    review_hash,
    review_lines,
    reviewable,
)
from l10n.review.state import EntryState

__all__ = [
    "EntryState",
    "EntryStatus",
    "Policy",
    "ReviewFacts",
    "SignOff",
    "Standing",
    "Verdict",
    "judge_catalog",
    "judge_entry",
    "judge_states",
]


class Standing(Enum):
    """What one review line is worth now."""

    COUNTS = "counts"
    STALE = "stale"  # it was good, and the entry changed under it: `update` removes it
    VOID = "void"  # it never was, or no longer is, backed by a valid event
    UNJUDGED = "unjudged"  # no registry to judge it by: kept, but it counts for nothing


@dataclass(frozen=True, slots=True)
class SignOff:
    """One review line of the entry, and what it is worth now."""

    line: ReviewLine
    standing: Standing
    reason: str  # why it does not count ("" when it does)
    editor: Editor | None  # the registered editor the line names, if any
    event: Event | None  # the approve event it stands on, if one was found
    # It stands on an unsigned event from before signatures: `review resign` may sign
    # it again, and `update` leaves it for that.
    is_legacy: bool = False

    @property
    def counts(self) -> bool:
        return self.standing is Standing.COUNTS

    @property
    def shown_name(self) -> str:
        """The editor as pages and the dashboard name them: from the registry, never
        from the line, which anyone can type."""
        name = self.editor.name if self.editor is not None else self.line.editor
        return f"{name} ({self.line.editor})"


@dataclass(frozen=True, slots=True)
class ReviewFacts:
    """What judging a locale's entries needs besides the entries: the registry (None when
    `editors.toml` is missing) and the locale's ledger."""

    locale: str
    registry: Mapping[str, Editor] | None
    trail: Trail


@dataclass(frozen=True, slots=True)
class Verdict:
    """The judgement of one entry (see the module docstring)."""

    key: EntryKey
    state: EntryState
    is_fuzzy: bool
    msgstrs: tuple[str, ...]  # the translation: one msgstr, or the plural forms in order
    sign_offs: tuple[SignOff, ...]
    is_stale: bool  # it was reviewed, and that review no longer counts
    rejection: Event | None  # the reject event behind EntryState.REJECTED
    findings: tuple[Finding, ...] | None  # of the checks; None when judged without them
    reviewed: Reviewable  # what a review of the entry as it is now covers
    line: int

    @property
    def digest(self) -> str:
        """The full review hash of the entry as it is now."""
        return review_hash(self.reviewed)

    @property
    def errors(self) -> tuple[Finding, ...] | None:
        """The check errors (which keep it out of a page), None when judged without checks."""
        if not self.findings:  # None, or no finding (most entries: no tuple to make)
            return self.findings
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def counting(self) -> tuple[SignOff, ...]:
        return tuple(sign_off for sign_off in self.sign_offs if sign_off.counts)

    @property
    def is_reviewed(self) -> bool:
        return self.state is EntryState.REVIEWED

    @property
    def is_translated(self) -> bool:
        """Holds a translation, fuzzy or not."""
        return self.state not in (EntryState.UNTRANSLATED, EntryState.OBSOLETE)

    @property
    def waits_for_review(self) -> bool:
        """Translated or fuzzy, and not reviewed: what an editor's walk shows."""
        return self.state in (EntryState.TRANSLATED, EntryState.FUZZY, EntryState.REJECTED)

    @property
    def reviewed_at(self) -> datetime | None:
        """When the latest sign-off that counts was made."""
        return max((sign_off.line.time for sign_off in self.counting), default=None)

    @property
    def msgid(self) -> str:
        return self.key[2]

    @property
    def progress_state(self) -> EntryState:
        """The state as progress figures count it (see `_progress_state`)."""
        return _progress_state(self.state, fuzzy=self.is_fuzzy)

    def is_usable(self, policy: Policy) -> bool:
        """Whether a build under `policy` may put this translation in a page."""
        errors = self.errors
        if errors is None:
            raise ValueError("judged without checks: pass checks=True to judge_entry")
        if errors:
            return False
        if policy is Policy.REVIEWED:
            return self.state is EntryState.REVIEWED
        return self.state in (EntryState.TRANSLATED, EntryState.REVIEWED)


def _progress_state(state: EntryState, *, fuzzy: bool) -> EntryState:
    """The state as progress figures count it, one of four that add up to the whole: a
    rejected entry is fuzzy (it went back to the translator) unless a translator cleared
    that, and then it is a translation waiting again."""
    if state is EntryState.REJECTED:
        return EntryState.FUZZY if fuzzy else EntryState.TRANSLATED
    return state


@dataclass(frozen=True, slots=True)
class EntryStatus:
    """Where an entry stands and no more: what progress figures count (`judge_states`)."""

    msgid: str
    state: EntryState
    is_stale: bool
    progress_state: EntryState  # see Verdict.progress_state


def _state(
    entry: AnyEntry, *, obsolete: bool, fuzzy: bool, counting: bool, rejection: Event | None
) -> EntryState:
    """The one ladder every entry's state comes down: obsolete, untranslated, reviewed (a
    sign-off counts), rejected (exactly this text was sent back), fuzzy, translated."""
    if obsolete:
        return EntryState.OBSOLETE
    if not is_translated(entry):
        return EntryState.UNTRANSLATED
    if counting:
        return EntryState.REVIEWED
    if rejection is not None:
        return EntryState.REJECTED
    if fuzzy:
        return EntryState.FUZZY
    return EntryState.TRANSLATED


def judge_entry(
    entry: AnyEntry,
    *,
    slug: str,
    facts: ReviewFacts,
    checks: bool = False,
    warnings: bool = False,
    path: str = "",
    nplurals: int | None = None,
) -> Verdict:
    """The verdict on one entry of `slug`'s catalog in `facts.locale`.

    With `checks`, the translation's check errors are part of the record (a build and an
    approval need them; progress figures do not); with `warnings` too, every finding
    (what an editor's walk shows).
    """
    key: EntryKey = (slug, entry.msgctxt, entry.msgid)
    item = reviewable(entry, locale=facts.locale)
    fuzzy = item.fuzzy
    lines = review_lines(entry.tcomment) if "reviewed:" in entry.tcomment else []
    last = facts.trail.last(key)
    sign_offs: tuple[SignOff, ...] = ()
    counting = is_stale = False
    rejection = None
    # Most entries of a project have neither a review line nor a ledger event: nothing
    # to judge, and nothing to hash (hashing alone was a fifth of `status`).
    if lines or last is not None:
        digest = review_hash(item)
        # A source change leaves the line on a fuzzy entry whose previous msgid was approved.
        was: EntryKey | None = (
            (slug, entry.previous_msgctxt, entry.previous_msgid) if entry.previous_msgid else None
        )
        sign_offs = tuple(
            _judge_line(
                line,
                key=key,
                was=was,
                digest=digest,
                fuzzy=fuzzy,
                obsolete=item.obsolete,
                facts=facts,
            )
            for line in lines
        )
        counting = any(sign_off.counts for sign_off in sign_offs)
        if last is not None and last.event is EventKind.REJECT and last.hash == digest:
            rejection = last
        # Stale: it was reviewed and that no longer counts. Either a line went stale, or the
        # ledger's last word on the entry is its invalidation, or an approval whose line has
        # gone from the catalog (which only a registry can tell apart from a line never made).
        last_kind = last.event if last is not None else None
        line_gone = last is not None and all(s.line.editor != last.editor for s in sign_offs)
        is_stale = not counting and (
            any(sign_off.standing is Standing.STALE for sign_off in sign_offs)
            or last_kind is EventKind.INVALIDATE
            or (last_kind is EventKind.APPROVE and facts.registry is not None and line_gone)
        )
    state = _state(
        entry, obsolete=item.obsolete, fuzzy=fuzzy, counting=counting, rejection=rejection
    )
    findings = None
    if checks:
        from l10n.checks.translation import check_catalog_entry  # on first use

        if isinstance(entry, EntryText):  # the checks read the comments it leaves out
            raise TypeError("judging with checks needs the catalog's polib entries")

        findings = tuple(
            check_catalog_entry(
                entry, locale=facts.locale, path=path, nplurals=nplurals, errors_only=not warnings
            )
        )
    return Verdict(
        key=key,
        state=state,
        is_fuzzy=fuzzy,
        msgstrs=item.msgstrs,
        sign_offs=sign_offs,
        is_stale=is_stale and state is not EntryState.OBSOLETE,
        rejection=rejection,
        findings=findings,
        reviewed=item,
        line=entry.linenum or 1,
    )


def _judge_line(
    line: ReviewLine,
    *,
    key: EntryKey,
    was: EntryKey | None,
    digest: str,
    fuzzy: bool,
    obsolete: bool,
    facts: ReviewFacts,
) -> SignOff:
    registry = facts.registry
    editor = registry.get(line.editor) if registry is not None else None
    trail = facts.trail
    changed = (
        "the entry is obsolete" if obsolete
        else "the entry is fuzzy" if fuzzy
        else "the text changed since it was approved" if digest[:16] != line.digest
        else None
    )  # fmt: skip
    if changed is not None:
        # Stale only if this very entry was approved then: a line copied from another
        # entry or locale, or typed, is void.
        earlier = trail.approval(key, editor=line.editor, time=line.time, digest=line.digest)
        if earlier is None and was is not None:
            earlier = trail.approval(was, editor=line.editor, time=line.time, digest=line.digest)
        if earlier is None or (registry is not None and not trail.counts(earlier)):
            reason = "no valid approve event of this entry behind it (copied or typed?)"
            return SignOff(line, Standing.VOID, reason, editor, None)
        return SignOff(line, Standing.STALE, changed, editor, trail[earlier])
    if registry is None:
        return SignOff(line, Standing.UNJUDGED, "no editors.toml to judge it by", None, None)
    if editor is None:
        return SignOff(
            line, Standing.VOID, f"{line.editor!r} is not a registered editor", None, None
        )
    if not editor.holds(facts.locale, line.time.date()):
        reason = f"{line.editor!r} did not hold {facts.locale} on {line.time:%Y-%m-%d}"
        return SignOff(line, Standing.VOID, reason, editor, None)
    position = trail.approval(key, editor=line.editor, time=line.time, digest=line.digest)
    if position is None:
        return SignOff(line, Standing.VOID, "no approve event in the ledger", editor, None)
    approval = trail[position]
    problem = trail.problem(position)
    if problem is not None:
        legacy = trail.is_legacy_in_place(position)
        return SignOff(line, Standing.VOID, problem, editor, approval, is_legacy=legacy)
    if approval.hash != digest:  # the line shows 64 bits; the signed event holds all 256
        reason = "the approved text is not this text (the hashes differ past the line's digits)"
        return SignOff(line, Standing.VOID, reason, editor, approval)
    ended = trail.ended(key, position, editor=line.editor)
    if ended is not None:
        reason = f"was {ended.event.past} on {ended.time:%Y-%m-%d}, yet is back in the catalog"
        return SignOff(line, Standing.VOID, reason, editor, approval)
    return SignOff(line, Standing.COUNTS, "", editor, approval)


def judge_catalog(
    catalog: polib.POFile, *, slug: str, facts: ReviewFacts, checks: bool = False, path: str = ""
) -> tuple[Verdict, ...]:
    """The verdict on every active entry of `slug`'s catalog, in file order."""
    nplurals = plural_count(catalog)
    return tuple(
        judge_entry(entry, slug=slug, facts=facts, checks=checks, path=path, nplurals=nplurals)
        for entry in catalog
        if not entry.obsolete
    )


def judge_states(
    entries: Iterable[AnyEntry], *, slug: str, facts: ReviewFacts
) -> Iterator[EntryStatus]:
    """Where each active entry of `slug`'s catalog stands, in file order, as `judge_entry`
    decides it, for figures that need no more than that (`status`).

    Most entries of a project have no review line and no ledger event. For those the
    ladder (`_state`) has only the entry to go on, and nothing can be stale, so no
    Verdict is built (building one per entry was most of what judging cost); any other
    entry is judged whole.
    """
    trail = facts.trail
    any_events = bool(trail.events)
    for entry in entries:
        if entry.obsolete:
            continue
        if "reviewed:" in entry.tcomment or (
            any_events and trail.has_events((slug, entry.msgctxt, entry.msgid))
        ):
            verdict = judge_entry(entry, slug=slug, facts=facts)
            yield EntryStatus(entry.msgid, verdict.state, verdict.is_stale, verdict.progress_state)
            continue
        fuzzy = is_fuzzy(entry)
        state = _state(entry, obsolete=False, fuzzy=fuzzy, counting=False, rejection=None)
        yield EntryStatus(entry.msgid, state, False, _progress_state(state, fuzzy=fuzzy))
