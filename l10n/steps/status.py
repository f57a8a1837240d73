"""`l10n status`: one pass over a project's catalogs, each read once and every entry
judged once; the progress figures and the editors' records come from those verdicts,
and so does the dashboard (`l10n.steps.report`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime

from l10n.errors import CatalogError, ConfigError, L10nError
from l10n.po.catalog import read_catalog
from l10n.project import Project
from l10n.review.ledger import EventKind
from l10n.review.registry import Editor
from l10n.review.verdict import ReviewFacts, Verdict, judge_catalog
from l10n.steps.common import locales_of, read_registry, read_review_facts
from l10n.steps.progress import Progress, progress_of

__all__ = [
    "NO_REGISTRY",
    "CatalogReview",
    "EditorRecord",
    "StatusResult",
    "editor_records",
    "status",
    "survey",
]

NO_REGISTRY = "no editors.toml: nothing counts as reviewed until the registry exists"


@dataclass(frozen=True, slots=True)
class CatalogReview:
    """One article in one locale: the verdict on every entry of its catalog (of its
    template, all untranslated, when the catalog is not merged yet)."""

    slug: str
    locale: str
    path: str
    is_merged: bool
    verdicts: tuple[Verdict, ...]

    @property
    def progress(self) -> Progress:
        return progress_of(self.verdicts, slug=self.slug, locale=self.locale)


@dataclass(frozen=True, slots=True)
class Survey:
    """The facts a pass needs for every locale, read once at its start."""

    project: Project
    registry: dict[str, Editor] | None
    facts: dict[str, ReviewFacts]


def start_survey(project: Project, *, locales: list[str] | None) -> Survey:
    """Read the registry and each locale's ledger, once for the whole pass."""
    registry = read_registry(project)
    facts = {
        locale: read_review_facts(project, locale, registry=registry)
        for locale in locales_of(project, locales)
    }
    return Survey(project, registry, facts)


def review_article(survey: Survey, slug: str, *, checks: bool = False) -> list[CatalogReview]:
    """Every locale's verdicts on one article, each catalog read once.

    Raises:
        CatalogError: a template or catalog that cannot be read.
    """
    project = survey.project
    reviews = []
    for locale, facts in survey.facts.items():
        path = project.catalog_path(locale, slug)
        merged = path.exists()
        if not merged:
            path = project.template_path(slug)
            if not path.exists():
                shown = project.relative(path)
                raise CatalogError(f"{shown}: no such template; run l10n extract first")
        shown = project.relative(path)
        catalog = read_catalog(path, shown=shown)
        reviews.append(
            CatalogReview(
                slug,
                locale,
                shown,
                merged,
                judge_catalog(catalog, slug=slug, facts=facts, checks=checks, path=shown),
            )
        )
    return reviews


def survey(
    project: Project, slugs: list[str], *, locales: list[str] | None, checks: bool = False
) -> Iterator[list[CatalogReview]]:
    """Per article, in slug order, every locale's verdicts (see `review_article`)."""
    started = start_survey(project, locales=locales)
    for slug in project.slugs(slugs):
        yield review_article(started, slug, checks=checks)


@dataclass(frozen=True, slots=True)
class StatusResult:
    """Progress per article and locale (locale by locale, articles in slug order), the
    warnings a reader must see beside it, and the (slug, locale, error) of each catalog
    that could not be read."""

    progress: tuple[Progress, ...]
    warnings: tuple[str, ...]
    errors: tuple[tuple[str, str, L10nError], ...] = ()


def status(
    project: Project,
    slugs: list[str],
    *,
    locales: list[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> StatusResult:
    """Progress of every article in every locale; an article not yet merged for a locale
    counts as wholly untranslated. A catalog that cannot be read is an error of its
    own; the others are still counted.
    """
    started = start_survey(project, locales=locales)
    order = {locale: index for index, locale in enumerate(started.facts)}
    found: list[Progress] = []
    errors: list[tuple[str, str, L10nError]] = []
    for slug in project.slugs(slugs):
        if progress:
            progress(slug)
        try:
            reviews = review_article(started, slug)
        except L10nError:  # again locale by locale, to count the catalogs that can be read
            reviews = []
            for locale, facts in started.facts.items():
                try:
                    reviews += review_article(replace(started, facts={locale: facts}), slug)
                except L10nError as error:
                    errors.append((slug, locale, error))
        found.extend(review.progress for review in reviews)
    found.sort(key=lambda progress: order[progress.locale])  # stable: slugs stay in order
    errors.sort(key=lambda failed: order[failed[1]])
    warnings = (NO_REGISTRY,) if started.registry is None else ()
    return StatusResult(tuple(found), warnings, tuple(errors))


@dataclass(frozen=True, slots=True)
class EditorRecord:
    """What one editor signed off: valid signed approvals in the ledgers, and how many
    still count."""

    editor: Editor
    approved: int
    counting: int
    last: datetime | None


def editor_records(project: Project, *, locales: list[str] | None) -> list[EditorRecord]:
    """Per registered editor: approvals made, reviews still counting, latest approval.

    Raises:
        ConfigError: no `editors.toml`.
    """
    started = start_survey(project, locales=locales)
    if started.registry is None:
        raise ConfigError(f"{NO_REGISTRY}; create editors.toml (see README)")
    approved: Counter[str] = Counter()
    counting: Counter[str] = Counter()
    last: dict[str, datetime] = {}
    for facts in started.facts.values():
        for position, event in enumerate(facts.trail.events):
            if event.event is EventKind.APPROVE and facts.trail.counts(position):
                approved[event.editor] += 1
                last[event.editor] = max(last.get(event.editor, event.time), event.time)
    for slug in project.slugs([]):
        for review in review_article(started, slug):
            for verdict in review.verdicts:
                for sign_off in verdict.counting:
                    counting[sign_off.line.editor] += 1
    return [
        EditorRecord(editor, approved[editor.id], counting[editor.id], last.get(editor.id))
        for editor in started.registry.values()
    ]
