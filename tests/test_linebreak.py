"""The narrow path of the line breaker (each line looks back from its end for the last
break opportunity) gives what the general one gives, on text like an article's: words of
letters, digits and punctuation between runs of spaces, in Latin and Arabic letters,
with lines that hold several places to break, and places where breaking is forbidden."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.po.linebreak import line_breaks, wrap_points

WORD = st.text(
    st.sampled_from("abc19-/.,()?!%\"'\u0643\u0644\u00e9\u00a0\u2014"), min_size=1, max_size=9
)
SPACES = st.sampled_from([" ", " ", " ", "  ", "   "])
TEXT = st.lists(st.tuples(WORD, SPACES), max_size=30).map(
    lambda words: "".join(word + spaces for word, spaces in words)
)


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, set[int], int, int]:
    text = draw(st.sampled_from(["", " ", "  "])) + draw(TEXT) + draw(st.sampled_from(["", "x"]))
    forbidden = draw(st.sets(st.integers(0, max(len(text) - 1, 0)), max_size=6))
    width = draw(st.integers(0, 80))
    return text, forbidden, width, draw(st.integers(0, width + 10))


@settings(max_examples=500)
@given(case=cases())
def test_narrow_line_breaking_is_the_general_one(case: tuple[str, set[int], int, int]) -> None:
    text, forbidden, width, column = case

    assert wrap_points(text, forbidden, width, column) == line_breaks(
        text, forbidden, width, column
    )


def test_a_word_longer_than_the_line_breaks_at_the_next_place_after_it() -> None:
    text = "a " + "x" * 30 + " b c"

    assert wrap_points(text, set(), 10, 0) == [2, 33] == line_breaks(text, set(), 10, 0)
    assert wrap_points(text, {33}, 10, 0) == [2, 35] == line_breaks(text, {33}, 10, 0)
