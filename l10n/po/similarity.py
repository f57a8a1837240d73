"""How close an old msgid is to a new one, for offering old translations as `fuzzy`.

Text is cut into tokens: placeholders (`<1>`, `</1>`, `<2/>`), runs of letters, single
digits, single CJK characters (Chinese and Japanese use no spaces) and single punctuation
marks; whitespace is dropped. Each token weighs its length in characters. `similarity` is
the mean of two Dice coefficients on that weight: the tokens both texts share as a bag
(order-free, so reordered sentences still match) and the tokens shared in order
(difflib's matching blocks, so the order-preserving candidate wins a tie). Whole tokens
must match, so "Home" and "Homes" share nothing; single digits let "25 billion" stay close
to "27 billion".

Measured on the 101 labelled edits in `tests/merge_cases.py`, this scores precision 0.96,
recall 0.94, F1 0.95 at 0.60 (0.93/0.97/0.95 at 0.55), against 0.80/0.89/0.84 for difflib's
character ratio at 0.60 (its best F1 is 0.88, at 0.45-0.55, where it accepts "Home" for
"Homes"), 0.91/0.86/0.89 for the unweighted token ratio, and 0.82/0.90/0.86 for GNU
msgmerge itself; 0.60 is chosen because false matches on short strings cost more than a
missed reuse.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

__all__ = ["FUZZY_THRESHOLD", "best_match", "similarity"]

#: The lowest `similarity` at which an old translation is offered as `fuzzy`.
FUZZY_THRESHOLD: float = 0.6

_IDEOGRAPH = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# The placeholder grammar of `l10n.page.placeholder`, without capturing groups so that
# `findall` returns whole tokens. Every character except whitespace lands in a token.
_TOKEN = re.compile(
    rf"<(?:/?[1-9][0-9]*|[1-9][0-9]*/)>|[{_IDEOGRAPH}]|\d|[^\W\d{_IDEOGRAPH}]+|[^\w\s]"
)


@dataclass(frozen=True, slots=True)
class _Tokens:
    """A text cut into tokens, with the bag and total weight computed once."""

    tokens: tuple[str, ...]
    bag: Counter[str]
    weight: int


def _tokenize(text: str) -> _Tokens:
    """Cut `text` into weighted tokens.

    >>> _tokenize("Read <1>the guide</1>, 2024.").tokens
    ('Read', '<1>', 'the', 'guide', '</1>', ',', '2', '0', '2', '4', '.')
    >>> _tokenize("耗资250亿").tokens
    ('耗', '资', '2', '5', '0', '亿')
    """
    tokens = tuple(_TOKEN.findall(text))
    return _Tokens(tokens, Counter(tokens), _weight(text))


def _weight(text: str) -> int:
    """The total weight of the tokens of `text`: its characters other than whitespace.

    >>> _weight("Read <1>the guide</1>.")
    20
    """
    return len("".join(text.split()))


def _bag_score(old: _Tokens, new: _Tokens) -> float:
    """Dice coefficient of the shared tokens, order ignored; an upper bound of `_score`."""
    total = old.weight + new.weight
    if not total:
        return 1.0
    shared = old.bag & new.bag
    return 2 * sum(len(token) * count for token, count in shared.items()) / total


def _ordered_score(old: _Tokens, new: _Tokens) -> float:
    """Dice coefficient of the tokens difflib matches in order."""
    total = old.weight + new.weight
    if not total:
        return 1.0
    matcher = SequenceMatcher(None, old.tokens, new.tokens, autojunk=False)
    matched = sum(
        len("".join(old.tokens[start : start + size]))
        for start, _, size in matcher.get_matching_blocks()
    )
    return 2 * matched / total


def _score(old: _Tokens, new: _Tokens, bag_score: float) -> float:
    return (bag_score + _ordered_score(old, new)) / 2


def similarity(old: str, new: str) -> float:
    """How much of `old` survives in `new`, from 0.0 (nothing) to 1.0 (the same tokens).

    >>> similarity("The project will cost 25 billion euros.",
    ...            "The project will cost 27 billion euros.") > 0.9
    True
    >>> similarity("Home", "Homes")
    0.0
    >>> round(similarity("Read more", "Read next"), 2)
    0.5
    >>> similarity("", "")
    1.0
    """
    old_tokens, new_tokens = _tokenize(old), _tokenize(new)
    return _score(old_tokens, new_tokens, _bag_score(old_tokens, new_tokens))


def best_match(msgid: str, candidates: Sequence[str]) -> str | None:
    """The candidate most similar to `msgid`, if any reaches `FUZZY_THRESHOLD`.

    Ties go to the earliest candidate. Cheap upper bounds (total weight, then the bag
    score) skip most candidates before difflib runs.

    >>> best_match("Read the full report.", ["Read more", "Read the report.", "Home"])
    'Read the report.'
    >>> best_match("Homes", ["Home", "Read more"]) is None
    True
    """
    new = _tokenize(msgid)
    best: str | None = None
    best_score = FUZZY_THRESHOLD
    for candidate in candidates:
        weight = _weight(candidate)
        total = weight + new.weight
        bound = 2 * min(weight, new.weight) / total if total else 1.0
        if bound < best_score or (best is not None and bound <= best_score):
            continue
        old = _tokenize(candidate)
        bag_score = _bag_score(old, new)
        if bag_score < best_score or (best is not None and bag_score <= best_score):
            continue
        score = _score(old, new, bag_score)
        if score > best_score or (best is None and score == best_score):
            best, best_score = candidate, score
    return best
