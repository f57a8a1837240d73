"""`l10n status`: one pass over a project's catalogs, each read once and every entry
judged once; the progress figures and the editors' records come from those verdicts,
and so does the dashboard (`l10n.steps.report`)."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Generator, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from l10n.cache import Cache
from l10n.errors import CatalogError, ConfigError, L10nError
from l10n.project import Project
from l10n.steps.common import locales_of, read_registry, read_review_facts
from l10n.steps.progress import PROGRESS_STATES, Progress, Tally, progress_of
from l10n.steps.workers import chosen_jobs, in_processes

# Reading and judging catalogs is imported where it happens: a `status` answered from
# the cache reads no catalog (see `status`).
if TYPE_CHECKING:
    from l10n.review.registry import Editor
    from l10n.review.verdict import ReviewFacts, Verdict

__all__ = [
    "NO_REGISTRY",
    "CatalogReview",
    "EditorRecord",
    "StatusResult",
    "count_catalog",
    "editor_records",
    "judged_in_turn",
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


def start_survey(
    project: Project, *, locales: list[str] | None, verified: dict[str, str] | None = None
) -> Survey:
    """Read the registry and each locale's ledger, once for the whole pass (`verified`:
    see `l10n.review.ledger.Trail`)."""
    registry = read_registry(project)
    facts = {
        locale: read_review_facts(project, locale, registry=registry, verified=verified)
        for locale in locales_of(project, locales)
    }
    return Survey(project, registry, facts)


@contextmanager
def remembered_signatures(project: Project) -> Iterator[dict[str, str] | None]:
    """The signatures earlier commands verified (`.l10n/`, see `Trail`), for a pass that
    only shows figures (`status`, `report`); what this pass verifies is kept too. None
    when the cache is off: nothing to remember them in, so no memo to compute. A build
    or `review verify` never uses it."""
    cache = Cache(project.root)
    if not cache.enabled:
        yield None
        return
    verified: dict[str, str] = cache.read("signatures")
    known = len(verified)
    yield verified
    if len(verified) != known:
        cache.write("signatures", verified)


def catalog_of(project: Project, locale: str, slug: str) -> Path:
    """The file an article's figures in a locale come from: its catalog, or its template
    while the catalog is not merged yet.

    Raises:
        CatalogError: neither exists.
    """
    path = project.catalog_path(locale, slug)
    if path.exists():
        return path
    path = project.template_path(slug)
    if not path.exists():
        raise CatalogError(f"{project.relative(path)}: no such template; run l10n extract first")
    return path


def review_catalog(
    survey: Survey, slug: str, locale: str, *, checks: bool = False
) -> CatalogReview:
    """The verdicts on one article in one locale, its catalog read once.

    Raises:
        CatalogError: a template or catalog that cannot be read.
    """
    from l10n.po.catalog import read_catalog
    from l10n.review.verdict import judge_catalog

    project = survey.project
    path = catalog_of(project, locale, slug)
    shown = project.relative(path)
    catalog = read_catalog(path, shown=shown)
    facts = survey.facts[locale]
    verdicts = judge_catalog(catalog, slug=slug, facts=facts, checks=checks, path=shown)
    return CatalogReview(slug, locale, shown, path.suffix == ".po", verdicts)


def count_catalog(survey: Survey, slug: str, locale: str, path: Path) -> Progress:
    """The progress figures of one article in one locale from `path` (`catalog_of`): what
    `review_catalog(...).progress` gives, from the entries' states alone (`judge_states`),
    its catalog read without the comments and references figures never look at
    (`read_entries`).

    Raises:
        CatalogError: a template or catalog that cannot be read.
    """
    from l10n.po.reader import read_entries
    from l10n.review.verdict import judge_states

    project = survey.project
    entries = read_entries(path, shown=project.relative(path))
    states = judge_states(entries, slug=slug, facts=survey.facts[locale])
    return progress_of(states, slug=slug, locale=locale)


def review_article(survey: Survey, slug: str, *, checks: bool = False) -> list[CatalogReview]:
    """Every locale's verdicts on one article, each catalog read once.

    Raises:
        CatalogError: a template or catalog that cannot be read.
    """
    return [review_catalog(survey, slug, locale, checks=checks) for locale in survey.facts]


def survey(
    project: Project, slugs: list[str], *, locales: list[str] | None, checks: bool = False
) -> Iterator[list[CatalogReview]]:
    """Per article, in slug order, every locale's verdicts (see `review_article`)."""
    started = start_survey(project, locales=locales)
    for slug in project.slugs(slugs):
        yield review_article(started, slug, checks=checks)


@dataclass(frozen=True, slots=True)
class StatusResult:
    """Progress per article and locale (locale by locale, articles in slug order), and
    the warnings a reader must see beside it."""

    progress: tuple[Progress, ...]
    warnings: tuple[str, ...]
    errors: tuple[tuple[str, str, L10nError], ...] = ()  # (slug, locale, why) of each
    # catalog that could not be read


def status(
    project: Project,
    slugs: list[str],
    *,
    locales: list[str] | None = None,
    jobs: int | None = 1,
    progress: Callable[[str], None] | None = None,
) -> StatusResult:
    """Progress of every article in every locale; an article not yet merged for a locale
    counts as wholly untranslated. A catalog that cannot be read is an error of its own;
    the others are still counted.

    The figures of a catalog are remembered (l10n/cache.py) under the digests of all they
    depend on: the catalog, the locale's ledger, the registry, the configuration. Only
    catalogs whose key misses are read and judged, and the ledgers only if one does;
    those are read in `jobs` processes (None: `chosen_jobs` decides from their number).
    `progress` is told of each article once its figures are known.
    """
    cache = Cache(project.root)
    codes = locales_of(project, locales)
    articles = project.slugs(slugs)
    shared: tuple[str, ...] = ()
    ledgers: dict[str, str] = {}
    if cache.enabled:
        shared = (cache.digest(project.editors_path), repr(project.config))
        ledgers = {code: cache.digest(project.ledger_path(code)) for code in codes}
    stored = cache.read("status")
    fresh: dict[str, Any] = {}
    found: dict[tuple[str, str], Progress] = {}
    errors: list[tuple[str, str, L10nError]] = []
    misses: list[_Miss] = []  # the catalogs the cache cannot answer for, in order
    for slug in articles:
        for code in codes:
            try:
                path = catalog_of(project, code, slug)
                key = ""  # no cache (L10N_NO_CACHE=1): no digests to compute
                if cache.enabled:
                    digest = cache.digest(path)
                    key = cache.key(code, slug, path.name, *shared, ledgers[code], digest)
            except L10nError as error:  # this catalog; the others are still counted
                errors.append((slug, code, error))
                continue
            figures = _progress_from_record(stored.get(key), slug=slug, locale=code)
            if figures is None:
                misses.append(_Miss(slug, code, path, key))
                continue
            fresh[key] = _progress_record(figures)
            found[slug, code] = figures
        if progress and (not misses or misses[-1].slug != slug):
            progress(slug)  # answered from the cache
    if misses:
        with remembered_signatures(project) as verified:
            # A registry or ledger that cannot be read stops the command, once.
            survey = start_survey(project, locales=codes, verified=verified)
            jobs = chosen_jobs(jobs, len(misses))
            counted = judged_in_turn(_count, survey, verified, misses, jobs=jobs)
            with closing(counted):
                for number, (miss, read) in enumerate(zip(misses, counted, strict=True)):
                    if isinstance(read, L10nError):
                        errors.append((miss.slug, miss.locale, read))
                    else:
                        fresh[miss.key] = _progress_record(read)
                        found[miss.slug, miss.locale] = read
                    last = number + 1 == len(misses) or misses[number + 1].slug != miss.slug
                    if progress and last:
                        progress(miss.slug)
    if fresh != stored:
        cache.write("status", fresh if not slugs and locales is None else stored | fresh)
    cache.save_digests()
    warnings = (NO_REGISTRY,) if not project.editors_path.exists() else ()
    every = tuple(  # locale by locale, articles in slug order
        found[slug, code] for code in codes for slug in articles if (slug, code) in found
    )
    return StatusResult(every, warnings, tuple(sorted(errors, key=lambda e: codes.index(e[1]))))


@dataclass(frozen=True, slots=True)
class _Miss:
    """A catalog the cache cannot answer for."""

    slug: str
    locale: str
    catalog: Path  # the catalog, or the template while it is not merged
    key: str  # its figures' key in the cache ("" when the cache is off)


Item = TypeVar("Item")
Done = TypeVar("Done")


@dataclass(frozen=True, slots=True)
class _WithSignatures(Generic[Done]):
    """What a worker gives back: its judgement of one item, and the signatures it
    verified for it that the memo it was forked with did not hold."""

    result: Done
    signatures: list[str]


def judged_in_turn(
    judge: Callable[[Survey, Item], Done],
    survey: Survey,
    verified: dict[str, str] | None,
    items: list[Item],
    *,
    jobs: int,
) -> Generator[Done, None, None]:
    """`judge(survey, item)` for each item, in order: here, or in `jobs` processes (a
    module-level `judge`, which workers find by name). `verified` is the memo the
    survey's trails verify with; what workers verify is added to it, as if verified here."""
    if jobs <= 1 or len(items) <= 1:
        for item in items:
            yield judge(survey, item)
        return
    for judged in in_processes(_judge_in_worker, (judge, survey, verified), items, jobs=jobs):
        if verified is not None:
            verified.update(dict.fromkeys(judged.signatures, ""))
        yield judged.result


def _judge_in_worker(
    context: tuple[Callable[[Survey, Any], Done], Survey, dict[str, str] | None], item: Any
) -> _WithSignatures[Done]:
    judge, survey, verified = context
    before = len(verified) if verified is not None else 0
    done = judge(survey, item)
    if verified is None or len(verified) == before:
        return _WithSignatures(done, [])
    # The worker's memo is a copy, which keeps its keys in the order they were added.
    return _WithSignatures(done, list(itertools.islice(verified, before, None)))


def _count(survey: Survey, miss: _Miss) -> Progress | L10nError:
    try:
        return count_catalog(survey, miss.slug, miss.locale, miss.catalog)
    except L10nError as error:
        return error


def _progress_record(progress: Progress) -> list[list[int]]:
    """A catalog's figures as the cache keeps them: [segments, words] per progress state,
    then stale, then rejected."""
    tallies = [progress.by_state[state] for state in PROGRESS_STATES]
    return [[t.segments, t.words] for t in (*tallies, progress.stale, progress.rejected)]


def _progress_from_record(record: Any, *, slug: str, locale: str) -> Progress | None:
    """The figures of a cache record; None when there is none or it is not one."""
    try:
        tallies = [Tally(int(segments), int(words)) for segments, words in record]
        *by_state, stale, rejected = tallies
    except (TypeError, ValueError):
        return None
    if len(by_state) != len(PROGRESS_STATES):
        return None
    return Progress(
        slug, locale, dict(zip(PROGRESS_STATES, by_state, strict=True)), stale, rejected
    )


@dataclass(frozen=True, slots=True)
class EditorRecord:
    """What one editor signed off: valid signed approvals in the ledgers, and how many
    still count."""

    editor: Editor
    approved: int
    counting: int
    last: datetime | None


def editor_records(
    project: Project, *, locales: list[str] | None
) -> tuple[list[EditorRecord], list[L10nError]]:
    """Per registered editor: approvals made, reviews still counting, latest approval;
    and the catalogs that could not be read (the reviews in them are not counted, the
    others are, as `status` counts the rest when one catalog is broken).

    Raises:
        ConfigError: no `editors.toml`.
    """
    from l10n.review.ledger import EventKind

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
    errors: list[L10nError] = []
    for slug in project.slugs([]):
        for locale in started.facts:
            try:
                review = review_catalog(started, slug, locale)
            except L10nError as error:
                errors.append(error)
                continue
            for verdict in review.verdicts:
                for sign_off in verdict.counting:
                    counting[sign_off.line.editor] += 1
    records = [
        EditorRecord(editor, approved[editor.id], counting[editor.id], last.get(editor.id))
        for editor in started.registry.values()
    ]
    return records, errors
