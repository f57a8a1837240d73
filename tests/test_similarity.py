"""Tests for the fuzzy-match measure, on the labelled edits of `merge_cases`."""

from __future__ import annotations

import pytest
from merge_cases import CASES, EditCase

from l10n.po.similarity import FUZZY_THRESHOLD, best_match, similarity


def _precision_recall(cases: list[EditCase]) -> tuple[float, float]:
    predicted = [similarity(case.old, case.new) >= FUZZY_THRESHOLD for case in cases]
    hits = sum(p and case.should_match for p, case in zip(predicted, cases, strict=True))
    return hits / sum(predicted), hits / sum(case.should_match for case in cases)


def test_labelled_set_is_large_and_varied() -> None:
    assert len(CASES) >= 80
    assert len({case.kind for case in CASES}) >= 15
    assert sum(case.kind == "chinese" for case in CASES) >= 10


def test_measure_meets_measured_precision_and_recall() -> None:
    precision, recall = _precision_recall(CASES)
    f1 = 2 * precision * recall / (precision + recall)
    assert precision >= 0.95
    assert recall >= 0.94
    assert f1 >= 0.95


def test_measure_is_perfect_on_chinese_except_short_menu_items() -> None:
    precision, recall = _precision_recall([c for c in CASES if c.kind == "chinese"])
    assert (precision, recall) >= (0.85, 1.0)


def test_similarity_is_bounded_and_reflexive() -> None:
    for case in CASES:
        assert 0.0 <= similarity(case.old, case.new) <= 1.0
        assert similarity(case.old, case.old) == 1.0


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Home", "Homes"),
        ("Read more", "Read next"),
        ("Science", "Sciences"),
        ("Comments", "Contents"),
        ("Energy", "Enemy"),
        ("Most read", "Most shared"),
        ("<1>Photo</1>", "<1>Video</1>"),
        ("阅读更多", "阅读下一篇"),
    ],
)
def test_short_string_false_matches_are_refused(old: str, new: str) -> None:
    assert best_match(new, [old]) is None


def test_placeholders_count_as_tokens() -> None:
    plain = "Read the full report on the agency's website."
    assert similarity(plain, plain) == 1.0
    assert similarity(plain, "Read <1>the full report</1> on the agency's website.") < 1.0


def test_best_match_picks_the_closest_candidate() -> None:
    candidates = [
        "The minister said the plan would not be ready by the end of the year.",
        "The company said the plan would cut emissions by half by 2030.",
        "The company said the plan would cut emissions by a third by 2035.",
        "Read more",
    ]
    new = "The company said the plan would cut emissions by half by 2032."
    assert best_match(new, candidates) == candidates[1]


def test_best_match_prefers_the_order_preserving_candidate() -> None:
    candidates = ["Sign up in", "Sign in up"]
    assert best_match("Sign in up now", candidates) == "Sign in up"


def test_best_match_breaks_ties_by_order() -> None:
    assert best_match("Updated 4 May", ["Updated 3 May", "Updated 5 May"]) == "Updated 3 May"


def test_best_match_returns_none_without_candidates() -> None:
    assert best_match("Home", []) is None


def test_best_match_handles_an_article_against_an_article() -> None:
    olds = [f"{case.old} ({number})" for number, case in enumerate(CASES * 3)][:300]
    news = [f"{case.new} ({number})" for number, case in enumerate(CASES * 3)][:300]
    matches = [best_match(new, olds) for new in news]
    assert len(matches) == 300
    assert sum(match is not None for match in matches) >= 200
