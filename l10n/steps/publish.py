"""What a locale's catalog makes usable in one article, and the publishing gate: the
same answer for `build`, which writes the page, and `report`, which shows why not."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lxml import etree
from lxml.cssselect import CSSSelector, SelectorError

from l10n.errors import ConfigError
from l10n.page.document import AttributeValue, Document, TextRun
from l10n.review.verdict import Policy, Verdict
from l10n.steps.progress import count_words

__all__ = [
    "VariantPlan",
    "check_selectors",
    "plan_every_segment",
    "plan_variant",
    "required_segments",
]

Key = tuple[str | None, str]  # msgctxt, msgid: an entry of one catalog


@dataclass(frozen=True, slots=True)
class VariantPlan:
    """One article in one locale: the translations a page may use, the notes on those it
    may not, whose reviews it uses, and the figures the gate looks at."""

    translations: dict[Key, str]
    notes: tuple[str, ...]
    reviewers: tuple[str, ...]
    usable_words: int
    total_words: int
    missing_required: tuple[str, ...]

    @property
    def share(self) -> float:
        return self.usable_words / self.total_words if self.total_words else 1.0

    def held_reason(self, threshold: int) -> str | None:
        """Why this variant may not be published, or None when it may."""
        reasons = []
        if self.share * 100 < threshold:
            reasons.append(f"{self.share:.0%} of words usable, under the threshold of {threshold}%")
        if self.missing_required:
            reasons.append("required text not usable: " + "; ".join(self.missing_required[:3]))
        return ", and ".join(reasons) if reasons else None


def check_selectors(selectors: Iterable[str]) -> None:
    """Raise ConfigError for a `required` selector that is not valid CSS."""
    for selector in selectors:
        try:
            CSSSelector(selector, translator="html")
        except SelectorError as error:
            raise ConfigError(f"required selector {selector!r}: not valid CSS ({error})") from error


def required_segments(document: Document, selectors: Sequence[str]) -> dict[int, str]:
    """Segments inside a `required` match, by id, with the selector that requires them."""
    root = document.tree.getroot()
    inside: dict[object, str] = {}
    for selector in selectors:
        matches = CSSSelector(selector, translator="html")(root)
        for match in matches if isinstance(matches, list) else []:
            if isinstance(match, etree._Element):
                for element in match.iter():
                    inside.setdefault(element, selector)
    required = {}
    for segment in document.segments:
        location = segment.location
        if isinstance(location, AttributeValue):
            continue  # attributes are not text a reader sees in the required block
        anchor = location.container if isinstance(location, TextRun) else location.element
        if anchor in inside:
            required[id(segment)] = inside[anchor]
    return required


def plan_variant(
    document: Document,
    verdicts: Iterable[Verdict],
    *,
    policy: Policy,
    required: dict[int, str],
) -> VariantPlan:
    """The translations the policy allows and the checks pass, with notes on the rest.

    The verdicts must have been judged with checks.
    """
    translations: dict[Key, str] = {}
    notes: list[str] = []
    reviewers: set[str] = set()
    for verdict in verdicts:
        if verdict.is_fuzzy or len(verdict.msgstrs) != 1 or not verdict.msgstrs[0]:
            continue  # pages have no plural segments
        errors = verdict.errors or ()  # no tuple made for an entry with no finding
        if errors and (policy is not Policy.REVIEWED or verdict.is_reviewed):
            first = errors[0]
            notes.append(f"{first.path}:{first.line}: translation not used: {first.message}")
        if not verdict.is_usable(policy):
            continue
        translations[verdict.key[1:]] = verdict.msgstrs[0]
        if verdict.sign_offs:  # most have none: `counting` would make an empty tuple
            reviewers.update(sign_off.shown_name for sign_off in verdict.counting)
    return _figures(document, translations, tuple(notes), tuple(sorted(reviewers)), required)


def plan_every_segment(document: Document, translations: dict[Key, str]) -> VariantPlan:
    """A plan that uses a translation for every segment (the pseudo-locale)."""
    return _figures(document, translations, (), (), {})


def _figures(
    document: Document,
    translations: dict[Key, str],
    notes: tuple[str, ...],
    reviewers: tuple[str, ...],
    required: dict[int, str],
) -> VariantPlan:
    usable_words = total_words = 0
    missing: list[str] = []
    for segment in document.segments:
        words = count_words(segment.msgid)
        total_words += words
        if (segment.msgctxt, segment.msgid) in translations:
            usable_words += words
        elif id(segment) in required:
            shown = segment.msgid if len(segment.msgid) <= 40 else segment.msgid[:39].rstrip() + "…"
            missing.append(f"{required[id(segment)]} {shown!r}")
    return VariantPlan(translations, notes, reviewers, usable_words, total_words, tuple(missing))
