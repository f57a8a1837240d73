"""Progress figures: segments and source words per article and locale, by state, counted
from the entries' verdicts."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from l10n.page.placeholder import PLACEHOLDER
from l10n.review.state import EntryState

if TYPE_CHECKING:
    from l10n.review.verdict import EntryStatus, Verdict

__all__ = ["PROGRESS_STATES", "Progress", "Tally", "count_words", "progress_of"]

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"


@functools.cache
def _words() -> re.Pattern[str]:
    r"""A CJK character counts as one word on its own, as translation vendors bill them;
    elsewhere a word is a run of letters and digits (`[^\W_]`) other than CJK. Compiled
    on first use: the Unicode classes take 8 ms, and a `status` answered from the cache
    counts no words."""
    return re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+")


#: The four states progress counts, which add up to the whole article.
PROGRESS_STATES = (
    EntryState.REVIEWED,
    EntryState.TRANSLATED,
    EntryState.FUZZY,
    EntryState.UNTRANSLATED,
)


# Bounded: the same msgid is counted once per locale and once more by the build's gate,
# and a cache that grew with the project would make memory grow with it.
@functools.lru_cache(maxsize=2048)
def count_words(msgid: str) -> int:
    """Source words of a msgid: placeholders are not words, each CJK character is one.

    >>> count_words("Read <1>the guide</1> first."), count_words("编辑：王晓夏")
    (4, 5)
    >>> count_words("2,600 MW")
    3
    """
    return len(_words().findall(PLACEHOLDER.sub(" ", msgid) if "<" in msgid else msgid))


@dataclass(frozen=True, slots=True)
class Tally:
    segments: int = 0
    words: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.segments + other.segments, self.words + other.words)


@dataclass(frozen=True, slots=True)
class Progress:
    """Segments and words of one catalog, by state (`PROGRESS_STATES`), and the entries
    whose review went stale or that an editor rejected (counted inside those states)."""

    slug: str
    locale: str
    by_state: dict[EntryState, Tally] = field(default_factory=dict)
    stale: Tally = Tally()
    rejected: Tally = Tally()

    @property
    def total(self) -> Tally:
        return sum(self.by_state.values(), Tally())

    def share(self, state: EntryState) -> float:
        """The share of source words in this state, 0.0–1.0 (1.0 for an empty article)."""
        total = self.total.words
        return self.by_state.get(state, Tally()).words / total if total else 1.0


def progress_of(
    verdicts: Iterable[Verdict] | Iterable[EntryStatus], *, slug: str, locale: str
) -> Progress:
    """Count an article's active entries and their source words by state, from their
    verdicts or from no more than their states (`l10n.review.verdict.judge_states`)."""
    # Plain integers while counting, a list slot per state (an Enum hashes in Python):
    # a Tally per entry and a dict keyed by state were half the cost of counting.
    segments = [0] * len(PROGRESS_STATES)
    words = [0] * len(PROGRESS_STATES)
    stale = [0, 0]
    rejected = [0, 0]
    obsolete, rejected_state = EntryState.OBSOLETE, EntryState.REJECTED
    for verdict in verdicts:
        if verdict.state is obsolete:
            continue
        count = count_words(verdict.msgid)
        slot = PROGRESS_STATES.index(verdict.progress_state)
        segments[slot] += 1
        words[slot] += count
        if verdict.is_stale:
            stale[0] += 1
            stale[1] += count
        if verdict.state is rejected_state:
            rejected[0] += 1
            rejected[1] += count
    by_state = {
        state: _tally(segments[slot], words[slot]) for slot, state in enumerate(PROGRESS_STATES)
    }
    return Progress(slug, locale, by_state, _tally(*stale), _tally(*rejected))


_NOTHING = Tally()


def _tally(segments: int, words: int) -> Tally:
    """A Tally, the empty one shared (most of a catalog's are empty, and `status` keeps
    every catalog's figures until it prints them)."""
    return Tally(segments, words) if segments or words else _NOTHING
