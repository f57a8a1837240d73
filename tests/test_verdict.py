"""The verdict on one entry, table-driven: every way an entry can stand, and what each
step reads from it (state, counting and stale sign-offs, usability under each policy)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

import polib
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from l10n.po.reader import _text_of
from l10n.review.ledger import Event, EventKind, Trail, line_digest, signed_message
from l10n.review.registry import Editor, RegisteredKey
from l10n.review.signoff import format_review_line, review_hash, reviewable
from l10n.review.sshsig import armor, sign_with_private_key, signed_data
from l10n.review.verdict import (
    EntryState,
    Policy,
    ReviewFacts,
    Standing,
    judge_entry,
    judge_states,
)

PUBLIC, SIGN = sign_with_private_key(Ed25519PrivateKey.generate())
WANG = Editor("wangxx", "王晓夏", "wangxx@example.org", ("zh_CN",), date(2027, 6, 30),
              (RegisteredKey(PUBLIC),))  # fmt: skip
REGISTRY = {"wangxx": WANG}
WHEN = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
SLUG = "grid"


def _entry(msgstr: str = "编辑：王晓夏", *, msgid: str = "Editor: Wang Xiaoxia") -> polib.POEntry:
    return polib.POEntry(msgid=msgid, msgstr=msgstr, linenum=7)


def _plural() -> polib.POEntry:
    return polib.POEntry(
        msgid="one plant",
        msgid_plural="{n} plants",
        msgstr_plural={0: "одна станция", 1: "{n} станции", 2: "{n} станций"},
    )


def _event(kind: EventKind, entry: polib.POEntry, when: datetime = WHEN) -> Event:
    item = reviewable(entry, locale="zh_CN")
    return Event(when, kind, "wangxx", "wangxx@example.org", SLUG, entry.msgctxt, entry.msgid,
                 item.msgstrs, review_hash(item))  # fmt: skip


def _approve(entry: polib.POEntry, when: datetime = WHEN) -> Event:
    """Sign the entry off as it is now: its review line, and the approve event behind it."""
    digest = review_hash(reviewable(entry, locale="zh_CN"))
    entry.tcomment = format_review_line("wangxx", when, digest)
    return _event(EventKind.APPROVE, entry, when)


def _trail(events: list[Event], registry: dict[str, Editor] | None = REGISTRY) -> Trail:
    """The events as a ledger holds them: linked one after the other, each signed by the
    editor's key (invalidations unsigned, as `update` writes them)."""
    chained, prev = [], None
    for event in events:
        event = replace(event, prev=prev)
        if event.event.is_signed:
            message = signed_data(signed_message(event, locale="zh_CN"))
            event = replace(event, signature=armor(PUBLIC, SIGN(message)))
        prev = line_digest(event.to_json())
        chained.append(replace(event, digest=prev))
    return Trail(chained, locale="zh_CN", registry=registry)


@dataclass(frozen=True)
class Case:
    """An entry made by `make`, which returns it and the locale's events."""

    make: Callable[[], tuple[polib.POEntry, list[Event]]]
    state: EntryState
    standings: tuple[Standing, ...]
    stale: bool
    usable_reviewed: bool
    usable_translated: bool
    without_registry: bool = False


def _reviewed() -> tuple[polib.POEntry, list[Event]]:
    entry = _entry()
    return entry, [_approve(entry)]


def _msgstr_edited() -> tuple[polib.POEntry, list[Event]]:
    entry = _entry()
    events = [_approve(entry)]
    entry.msgstr = "编辑: 王晓夏"  # a translator's later edit
    return entry, events


def _source_changed() -> tuple[polib.POEntry, list[Event]]:
    old = _entry()
    events = [_approve(old)]
    # `update` carries translation and comment to the changed msgid as fuzzy, with the
    # msgid the translation was made for as the previous one.
    entry = _entry(msgid="Editor: Wang Xiao-xia")
    entry.tcomment, entry.flags, entry.previous_msgid = old.tcomment, ["fuzzy"], old.msgid
    return entry, events


def _copied_from_another_entry() -> tuple[polib.POEntry, list[Event]]:
    other = _entry(msgid="Top News", msgstr="要闻")
    events = [_approve(other)]
    entry = _entry()
    entry.tcomment = other.tcomment  # a genuine line, on an entry nobody approved
    return entry, events


def _fuzzy() -> tuple[polib.POEntry, list[Event]]:
    entry = _entry()
    events = [_approve(entry)]
    entry.flags.append("fuzzy")
    return entry, events


def _obsolete() -> tuple[polib.POEntry, list[Event]]:
    entry = _entry()
    events = [_approve(entry)]
    entry.obsolete = True
    return entry, events


def _after_until() -> tuple[polib.POEntry, list[Event]]:
    entry = _entry()
    return entry, [_approve(entry, datetime(2027, 7, 1, tzinfo=UTC))]


def _typed_by_hand() -> tuple[polib.POEntry, list[Event]]:
    entry = _entry()
    _approve(entry)  # the line, recomputed, and no event in the ledger
    return entry, []


def _rejected() -> tuple[polib.POEntry, list[Event]]:
    entry = _entry()
    events = [_approve(entry), _event(EventKind.REJECT, entry, datetime(2026, 11, 28, tzinfo=UTC))]
    entry.tcomment = "rejected by 王晓夏 [wangxx] 2026-11-28T00:00:00Z: too literal"
    entry.flags.append("fuzzy")
    return entry, events


def _revoked_but_back() -> tuple[polib.POEntry, list[Event]]:
    entry = _entry()
    events = [_approve(entry), _event(EventKind.REVOKE, entry, datetime(2026, 11, 28, tzinfo=UTC))]
    return entry, events  # the line is still there, as an old copy would bring it back


def _invalidated() -> tuple[polib.POEntry, list[Event]]:
    entry = _entry()
    events = [_approve(entry)]
    entry.msgstr = "编辑王晓夏"
    entry.tcomment = ""  # `update` took the stale line out, with an invalidate event
    return entry, [*events, _event(EventKind.INVALIDATE, entry, datetime(2026, 11, 29, tzinfo=UTC))]


def _plural_reviewed() -> tuple[polib.POEntry, list[Event]]:
    entry = _plural()
    return entry, [_approve(entry)]


def _plural_one_form_edited() -> tuple[polib.POEntry, list[Event]]:
    entry = _plural()
    events = [_approve(entry)]
    entry.msgstr_plural[2] = "{n} станциями"
    return entry, events


def _line_deleted() -> tuple[polib.POEntry, list[Event]]:
    entry = _entry()
    events = [_approve(entry)]
    entry.tcomment = ""  # a translator removed the review line
    return entry, events


def _untranslated() -> tuple[polib.POEntry, list[Event]]:
    return _entry(""), []


def _translated() -> tuple[polib.POEntry, list[Event]]:
    return _entry(), []


def _fuzzy_never_reviewed() -> tuple[polib.POEntry, list[Event]]:
    entry = _entry()
    entry.flags.append("fuzzy")
    return entry, []


CASES = {
    "reviewed": Case(_reviewed, EntryState.REVIEWED, (Standing.COUNTS,), False, True, True),
    "msgstr edited": Case(_msgstr_edited, EntryState.TRANSLATED, (Standing.STALE,), True, False, True),
    "source changed": Case(_source_changed, EntryState.FUZZY, (Standing.STALE,), True, False, False),
    "copied line": Case(_copied_from_another_entry, EntryState.TRANSLATED, (Standing.VOID,), False, False, True),
    "fuzzy": Case(_fuzzy, EntryState.FUZZY, (Standing.STALE,), True, False, False),
    "obsolete": Case(_obsolete, EntryState.OBSOLETE, (Standing.STALE,), False, False, False),
    "editor expired": Case(_after_until, EntryState.TRANSLATED, (Standing.VOID,), False, False, True),
    "typed by hand": Case(_typed_by_hand, EntryState.TRANSLATED, (Standing.VOID,), False, False, True),
    "rejected": Case(_rejected, EntryState.REJECTED, (), False, False, False),
    "revoked, line back": Case(_revoked_but_back, EntryState.TRANSLATED, (Standing.VOID,), False, False, True),
    "invalidated": Case(_invalidated, EntryState.TRANSLATED, (), True, False, True),
    "no registry": Case(_reviewed, EntryState.TRANSLATED, (Standing.UNJUDGED,), False, False, True, without_registry=True),
    "no registry, edited": Case(_msgstr_edited, EntryState.TRANSLATED, (Standing.STALE,), True, False, True, without_registry=True),
    "plural reviewed": Case(_plural_reviewed, EntryState.REVIEWED, (Standing.COUNTS,), False, True, True),
    "plural form edited": Case(_plural_one_form_edited, EntryState.TRANSLATED, (Standing.STALE,), True, False, True),
    "line deleted": Case(_line_deleted, EntryState.TRANSLATED, (), True, False, True),
    "untranslated": Case(_untranslated, EntryState.UNTRANSLATED, (), False, False, False),
    "translated": Case(_translated, EntryState.TRANSLATED, (), False, False, True),
    "fuzzy, never reviewed": Case(_fuzzy_never_reviewed, EntryState.FUZZY, (), False, False, False),
}  # fmt: skip


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_verdict(case: Case) -> None:
    entry, events = case.make()
    registry = None if case.without_registry else REGISTRY
    facts = ReviewFacts("zh_CN", registry, _trail(events, registry))
    verdict = judge_entry(entry, slug=SLUG, facts=facts, checks=True, path="x.po")
    assert verdict.state is case.state
    assert tuple(s.standing for s in verdict.sign_offs) == case.standings
    assert verdict.is_stale is case.stale
    assert verdict.is_usable(Policy.REVIEWED) is case.usable_reviewed
    assert verdict.is_usable(Policy.TRANSLATED) is case.usable_translated
    assert verdict.is_reviewed is (case.state is EntryState.REVIEWED)


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_states_alone_are_the_verdicts_states(case: Case) -> None:
    """`judge_states` (what `status` counts) says what the whole verdict says, for a polib
    entry and for the text the read-only reader gives of it."""
    entry, events = case.make()
    registry = None if case.without_registry else REGISTRY
    facts = ReviewFacts("zh_CN", registry, _trail(events, registry))
    verdict = judge_entry(entry, slug=SLUG, facts=facts)
    expected = [] if verdict.state is EntryState.OBSOLETE else [
        (entry.msgid, verdict.state, verdict.is_stale, verdict.progress_state)
    ]  # fmt: skip
    for given in (entry, _text_of(entry)):
        found = judge_states([given], slug=SLUG, facts=facts)
        assert [(s.msgid, s.state, s.is_stale, s.progress_state) for s in found] == expected


def test_a_rejected_entry_counts_as_fuzzy_in_progress_until_a_translator_changes_it() -> None:
    entry, events = _rejected()
    facts = ReviewFacts("zh_CN", REGISTRY, _trail(events))
    verdict = judge_entry(entry, slug=SLUG, facts=facts)
    assert (verdict.state, verdict.progress_state) == (EntryState.REJECTED, EntryState.FUZZY)
    assert verdict.rejection is not None and verdict.waits_for_review
    entry.msgstr = "编辑：王晓夏（新）"
    assert judge_entry(entry, slug=SLUG, facts=facts).state is EntryState.FUZZY


def test_the_page_names_the_registered_editor_not_the_name_on_the_line() -> None:
    entry, events = _reviewed()
    entry.tcomment = entry.tcomment.replace("reviewed: wangxx", "reviewed: Somebody Else [wangxx]")
    facts = ReviewFacts("zh_CN", REGISTRY, _trail(events))
    (sign_off,) = judge_entry(entry, slug=SLUG, facts=facts).counting
    assert sign_off.shown_name == "王晓夏 (wangxx)"


def test_usability_needs_the_checks() -> None:
    entry, events = _reviewed()
    verdict = judge_entry(entry, slug=SLUG, facts=ReviewFacts("zh_CN", REGISTRY, _trail(events)))
    with pytest.raises(ValueError, match="judged without checks"):
        verdict.is_usable(Policy.TRANSLATED)


def test_a_check_error_makes_a_reviewed_entry_unusable() -> None:
    entry = _entry(msgid="Read <1>the report</1>", msgstr="阅读报告")
    events = [_approve(entry)]
    facts = ReviewFacts("zh_CN", REGISTRY, _trail(events))
    verdict = judge_entry(entry, slug=SLUG, facts=facts, checks=True, path="x.po")
    assert verdict.is_reviewed and verdict.errors
    assert not verdict.is_usable(Policy.REVIEWED)
