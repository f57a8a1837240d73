"""Progress figures: segments and source words per article and locale, by state."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum

import polib

from l10n.placeholder import PLACEHOLDER

__all__ = [
    "Progress",
    "State",
    "catalog_progress",
    "count_words",
]

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
# A CJK character counts as one word on its own, as translation vendors bill them;
# elsewhere a word is a run of letters and digits.
_WORD = re.compile(rf"[{_CJK}]|(?:(?![{_CJK}])[^\W_])+")


class State(Enum):
    """Where an entry stands; exactly one per active entry."""

    REVIEWED = "reviewed"
    TRANSLATED = "translated"
    FUZZY = "fuzzy"
    UNTRANSLATED = "untranslated"


def count_words(msgid: str) -> int:
    """Source words of a msgid: placeholders are not words, each CJK character is one.

    >>> count_words("Read <1>the guide</1> first."), count_words("编辑：王晓夏")
    (4, 5)
    >>> count_words("2,600 MW")
    3
    """
    return len(_WORD.findall(PLACEHOLDER.sub(" ", msgid)))


@dataclass(frozen=True, slots=True)
class Tally:
    segments: int = 0
    words: int = 0


@dataclass(frozen=True, slots=True)
class Progress:
    """Segments and words of one catalog, by state."""

    slug: str
    locale: str
    by_state: dict[State, Tally] = field(default_factory=dict)
    #: Entries whose review stopped counting and that no one has approved again.
    stale: Tally = Tally()

    @property
    def total(self) -> Tally:
        return Tally(
            sum(t.segments for t in self.by_state.values()),
            sum(t.words for t in self.by_state.values()),
        )

    def share(self, state: State) -> float:
        """The share of source words in this state, 0.0–1.0 (1.0 for an empty article)."""
        total = self.total.words
        return self.by_state.get(state, Tally()).words / total if total else 1.0


def entry_state(entry: polib.POEntry, *, reviewed: bool) -> State:
    """An active entry's state."""
    if "fuzzy" in entry.flags:
        return State.FUZZY
    if entry.msgstr or any(entry.msgstr_plural.values()):
        return State.REVIEWED if reviewed else State.TRANSLATED
    return State.UNTRANSLATED


def catalog_progress(
    entries: Iterable[polib.POEntry],
    *,
    slug: str,
    locale: str,
    review: Callable[[polib.POEntry], tuple[bool, bool]] | None = None,
) -> Progress:
    """Count an article's active entries and their source words by state.

    `review` tells for an entry whether a review counts and whether one went stale.
    """
    segments: dict[State, int] = {state: 0 for state in State}
    words: dict[State, int] = {state: 0 for state in State}
    stale = Tally()
    for entry in entries:
        if entry.obsolete:
            continue
        reviewed, is_stale = review(entry) if review is not None else (False, False)
        state = entry_state(entry, reviewed=reviewed)
        count = count_words(entry.msgid)
        segments[state] += 1
        words[state] += count
        if is_stale and not reviewed:
            stale = Tally(stale.segments + 1, stale.words + count)
    by_state = {state: Tally(segments[state], words[state]) for state in State}
    return Progress(slug, locale, by_state, stale)
