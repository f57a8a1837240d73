"""The build step: which translations are usable, which variants pass the publishing
gate, and the pages written to `site/`, skipped when none of their inputs changed."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from contextlib import closing, suppress
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from l10n.errors import L10nError, WorkerError, WriteError
from l10n.locales import PSEUDO_LOCALE
from l10n.page.document import Document, parse_html
from l10n.page.pseudo import pseudo_translate
from l10n.page.render import (
    Variant,
    copy_document,
    load_locales,
    render_document,
    render_source_page,
)
from l10n.po.catalog import read_catalog
from l10n.project import (
    Project,
    Staged,
    commit_staged,
    discard_staged,
    discard_strays,
    stage_bytes,
)
from l10n.review.verdict import Policy, judge_catalog
from l10n.steps.common import read_page, rules_of
from l10n.steps.manifest import (
    MANIFEST,
    Record,
    article_inputs,
    read_manifest,
    shared_inputs,
    write_manifest,
)
from l10n.steps.publish import (
    VariantPlan,
    check_selectors,
    plan_every_segment,
    plan_variant,
    required_segments,
)
from l10n.steps.status import Survey, start_survey
from l10n.steps.workers import chosen_jobs, in_processes

__all__ = ["BuildResult", "PageOutcome", "PageState", "build_site"]


class PageState(StrEnum):
    WRITTEN = "written"
    UNCHANGED = "unchanged"
    HELD = "held"  # not published, no earlier page
    STALE = "stale"  # not published, an earlier page kept
    UNPUBLISHED = "unpublished"  # not published, the earlier page removed
    FAILED = "failed"  # not built: its page, catalog or file failed (`detail` says how)

    @property
    def is_held(self) -> bool:
        return self in (PageState.HELD, PageState.STALE, PageState.UNPUBLISHED)


@dataclass(frozen=True, slots=True)
class PageOutcome:
    """What happened to one variant of one article."""

    path: str
    locale: str
    slug: str
    state: PageState
    detail: str
    notes: tuple[str, ...] = ()  # translations not used, and why

    @property
    def error(self) -> str | None:
        """What failed, naming the file (FAILED only)."""
        return self.detail if self.state is PageState.FAILED else None


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build did: how many variants it held back, and the errors, one per failed
    page, catalog or file (the other articles and variants were built). Each page's
    outcome went to `on_page` as it came: the figures per locale are counted from those
    (cli/building.py), which an interrupted build has too."""

    held: int
    errors: tuple[L10nError, ...] = ()


@dataclass(frozen=True, slots=True)
class _Settings:
    """The build's options, as every worker process needs them (picklable)."""

    locales: tuple[str, ...]
    policy: Policy
    unpublish: bool
    pseudo: bool


def build_site(
    project: Project,
    slugs: list[str],
    *,
    locales: list[str],
    policy: Policy,
    jobs: int | None = 1,
    unpublish: bool = False,
    pseudo: bool = False,
    on_page: Callable[[PageOutcome], None] = lambda _page: None,
    progress: Callable[[str], None] = lambda _slug: None,
) -> BuildResult:
    """Write `site/<locale>/<slug>.html` for every variant that passes the gate, and the
    source-language page; keep (or with `unpublish`, remove) earlier pages that no
    longer pass. Deterministic. An article none of whose inputs changed since the last
    build is not even read: the manifest keeps a digest of them. Outcomes are handed to
    `on_page` as they come, so memory does not grow with the number of articles.

    A page, catalog or file that fails is an error in the result (and a FAILED outcome
    for each variant it stopped); the other articles and variants are still built. The
    articles to build are built in `jobs` processes (None: `chosen_jobs` decides from
    their number). On Ctrl+C, what was built is put in place and recorded first.
    """
    check_selectors(project.config.required)
    project = _CheckedOnce(project)
    manifest_path = project.site_dir / MANIFEST
    records = read_manifest(manifest_path)
    settings = _Settings(tuple(locales), policy, unpublish, pseudo)
    shared = shared_inputs(project, locales=settings.locales, policy=policy, pseudo=pseudo)
    tally = _Tally(list(project.misnamed_sources()) if not slugs else [])
    todo: list[tuple[str, str]] = []
    chosen = project.slugs(slugs)
    for slug in chosen:
        try:
            digest = article_inputs(project, slug, locales=settings.locales, shared=shared)
        except L10nError as error:
            tally.add_failure(project, settings, slug, error, on_page)
            progress(slug)
            continue
        record = records.get(slug)
        if record is not None and record.inputs == digest and _pages_exist(project, slug, record):
            for outcome in _replay(project, slug, record, settings):
                tally.add(outcome, on_page)
            progress(slug)
        else:
            todo.append((slug, digest))
    survey = start_survey(project, locales=locales)
    batch = _Batch(project, settings, records, tally, on_page)
    try:
        _build_all(project, settings, survey, todo, batch, chosen_jobs(jobs, len(todo)), progress)
    except KeyboardInterrupt:  # what was built is finished work: in place, and recorded
        batch.commit()
        with suppress(L10nError):  # unrecorded, it is built again next time
            write_manifest(manifest_path, records)
        raise
    batch.commit()
    try:
        write_manifest(manifest_path, records)
    except L10nError as error:
        tally.errors.append(error)
    return tally.result()


def _build_all(
    project: Project,
    settings: _Settings,
    survey: Survey,
    todo: list[tuple[str, str]],
    batch: _Batch,
    jobs: int,
    progress: Callable[[str], None],
) -> None:
    """Build each article of `todo` into `batch`, here or in `jobs` processes."""
    tally, on_page = batch.tally, batch.on_page
    if jobs > 1 and len(todo) > 1:
        # Workers start with the survey (registry and ledgers, read once above) in their
        # memory: nothing big is handed over, only slugs out and outcomes back.
        loaded = _variant_locales(project, settings)
        built = in_processes(
            _build_article_safely,
            (settings, survey),
            todo,
            jobs=jobs,
            prepare=lambda: _load_before_fork(loaded),
            unused=_discard,
            abandoned=lambda articles: discard_strays(
                path for slug, _ in articles for path in _page_paths(project, settings, slug)
            ),
        )
        taken = 0
        with closing(built):
            try:
                for (slug, _), article in zip(todo, built, strict=True):
                    batch.add(slug, article)
                    progress(slug)
                    taken += 1
            except WorkerError as error:  # the rest were never built: each variant failed
                tally.errors.append(error)
                for slug, _ in todo[taken:]:
                    batch.records.pop(slug, None)
                    for outcome in _failed_article(project, settings, slug, error):
                        tally.add(outcome, on_page)
                    progress(slug)
    else:
        for slug, digest in todo:
            batch.add(slug, _build_article_safely((settings, survey), (slug, digest)))
            progress(slug)


class _CheckedOnce(Project):
    """The project, each of whose paths is checked (`Project.inside`: resolved, symlinks
    and all) once in a build rather than at each use: at a dozen uses per article, the
    checks were two thirds of a build with nothing to do. A path that fails its check
    is not remembered: it fails again at its next use."""

    def __init__(self, project: Project) -> None:
        super().__init__(project.root, project.config, project.config_file)
        object.__setattr__(self, "_checked", {})  # frozen: set as dataclasses do

    def __reduce__(self) -> tuple[type[_CheckedOnce], tuple[Project]]:
        # Pickled (for workers that are not forked) as the project it wraps.
        return (_CheckedOnce, (Project(self.root, self.config, self.config_file),))

    def _once(self, key: tuple[str, ...], find: Callable[[], Path]) -> Path:
        checked: dict[tuple[str, ...], Path] = self._checked  # type: ignore[attr-defined]
        path = checked.get(key)
        if path is None:
            path = checked[key] = find()
        return path

    def page_path(self, locale: str, slug: str) -> Path:
        return self._once(
            ("page", locale, slug), lambda: super(_CheckedOnce, self).page_path(locale, slug)
        )

    def catalog_path(self, locale: str, slug: str) -> Path:
        return self._once(
            ("catalog", locale, slug), lambda: super(_CheckedOnce, self).catalog_path(locale, slug)
        )

    def source_path(self, slug: str) -> Path:
        return self._once(("source", slug), lambda: super(_CheckedOnce, self).source_path(slug))


def _load_before_fork(locales: list[str]) -> None:
    """What every worker would load on its first article, each for itself, loaded once
    here so that the workers inherit it: the checks (judge_entry imports them on first
    use) and Babel's data for the locales."""
    import l10n.checks.translation  # noqa: F401

    load_locales(locales)


def _discard(built: _Built | L10nError) -> None:
    """An article built in a worker after the build stopped: its pages are not put in place."""
    if not isinstance(built, L10nError):
        discard_staged(built.staged)


class _Tally:
    """The build's held variants and errors as outcomes come in."""

    def __init__(self, errors: list[L10nError]) -> None:
        self.errors = errors
        self.held = 0

    def add(self, outcome: PageOutcome, on_page: Callable[[PageOutcome], None]) -> None:
        self.held += outcome.state.is_held
        on_page(outcome)

    def add_failure(
        self,
        project: Project,
        settings: _Settings,
        slug: str,
        error: L10nError,
        on_page: Callable[[PageOutcome], None],
    ) -> None:
        """An article that could not be built at all: one error, every variant failed."""
        self.errors.append(error)
        for outcome in _failed_article(project, settings, slug, error):
            self.add(outcome, on_page)

    def result(self) -> BuildResult:
        return BuildResult(held=self.held, errors=tuple(self.errors))


class _Batch:
    """Built articles whose pages are staged, not yet in place: committed together (one
    sync for many pages), then their outcomes reported and their records kept."""

    SIZE = 64  # pages per commit: few syncs, and a kill loses little work

    def __init__(
        self,
        project: Project,
        settings: _Settings,
        records: dict[str, Record],
        tally: _Tally,
        on_page: Callable[[PageOutcome], None],
    ) -> None:
        self.project, self.settings, self.records = project, settings, records
        self.tally, self.on_page = tally, on_page
        self.built: list[tuple[str, _Built]] = []
        self.staged = 0

    def add(self, slug: str, built: _Built | L10nError) -> None:
        if isinstance(built, L10nError):
            self.records.pop(slug, None)
            self.tally.add_failure(self.project, self.settings, slug, built, self.on_page)
            return
        self.built.append((slug, built))
        self.staged += len(built.staged)
        if self.staged >= self.SIZE:
            self.commit()

    def commit(self) -> None:
        failed = commit_staged([item for _, built in self.built for item in built.staged])
        for slug, built in self.built:
            ok = built.record is not None
            for outcome in built.outcomes:
                error = (
                    failed.get(self.project.page_path(outcome.locale, slug))
                    if failed and outcome.state is PageState.WRITTEN
                    else None
                )
                if error is not None:
                    error = _shown_error(self.project, error)
                    self.tally.errors.append(error)
                    outcome = dataclasses.replace(
                        outcome, state=PageState.FAILED, detail=str(error)
                    )
                    ok = False
                self.tally.add(outcome, self.on_page)
            self.tally.errors.extend(built.errors)
            if ok and built.record is not None:
                self.records[slug] = built.record
            else:
                self.records.pop(slug, None)  # built again next time, and reported again
        self.built = []
        self.staged = 0


def _pages_exist(project: Project, slug: str, record: Record) -> bool:
    return all(project.page_path(locale, slug).exists() for locale in record.pages)


def _replay(project: Project, slug: str, record: Record, settings: _Settings) -> list[PageOutcome]:
    """An unchanged article, reported from its record; held variants are reported again
    (and an earlier page removed under `unpublish`)."""
    outcomes = []
    for locale in record.pages:
        target = project.page_path(locale, slug)
        outcomes.append(
            PageOutcome(project.relative(target), locale, slug, PageState.UNCHANGED, "")
        )
    for locale, reason in record.held.items():
        outcomes.append(_held(project, slug, locale, reason, (), settings.unpublish))
    return outcomes


def _held(
    project: Project, slug: str, locale: str, reason: str, notes: tuple[str, ...], unpublish: bool
) -> PageOutcome:
    target = project.page_path(locale, slug)
    shown = project.relative(target)
    if target.exists() and unpublish:
        target.unlink()
        return PageOutcome(shown, locale, slug, PageState.UNPUBLISHED, reason, notes)
    state = PageState.STALE if target.exists() else PageState.HELD
    return PageOutcome(shown, locale, slug, state, reason, notes)


def _shown_error(project: Project, error: WriteError) -> WriteError:
    """The error with the file named as users see paths (relative to the project)."""
    return WriteError(str(error).replace(f"{project.root}{os.sep}", "", 1))


def _variant_locales(project: Project, settings: _Settings) -> list[str]:
    """The locales an article's pages are built in: the source's, then the chosen ones."""
    return [project.config.source_locale, *settings.locales] + (
        [PSEUDO_LOCALE] if settings.pseudo else []
    )


def _page_paths(project: Project, settings: _Settings, slug: str) -> list[Path]:
    """Where each variant of an article is written (a slug that cannot hold a page: none)."""
    try:
        return [project.page_path(locale, slug) for locale in _variant_locales(project, settings)]
    except L10nError:
        return []


def _failed_article(
    project: Project, settings: _Settings, slug: str, error: L10nError
) -> list[PageOutcome]:
    """Every variant of an article that could not be built, each naming the error."""
    outcomes = []
    for locale in _variant_locales(project, settings):
        try:
            shown = project.relative(project.page_path(locale, slug))
        except L10nError:  # a slug or folder that cannot hold a page
            shown = project.relative(project.site_dir / locale / f"{slug}.html")
        outcomes.append(PageOutcome(shown, locale, slug, PageState.FAILED, str(error)))
    return outcomes


@dataclass(frozen=True, slots=True)
class _Built:
    """An article built: its outcomes, its pages staged (not yet in place), the errors
    that stopped some of its variants, and its record (None when something failed, so
    that it is built and reported again next time)."""

    outcomes: tuple[PageOutcome, ...]
    staged: tuple[Staged, ...]
    errors: tuple[L10nError, ...]
    record: Record | None


def _build_article_safely(
    context: tuple[_Settings, Survey], job: tuple[str, str]
) -> _Built | L10nError:
    try:
        return _build_article(*context, *job)
    except L10nError as error:
        return error


@dataclass(frozen=True, slots=True)
class _Assessment:
    """An article's source and, per locale, what its catalog makes usable, or the error
    that keeps the locale's variant from being built."""

    document: Document
    shown_source: str  # the source page's path as users see it
    plans: dict[str, VariantPlan]
    failed: dict[str, L10nError]


def _assess(project: Project, slug: str, survey: Survey, policy: Policy) -> _Assessment:
    source = project.source_path(slug)  # checked once: each check resolves the path
    shown_source = project.relative(source)
    data = read_page(source, shown=shown_source)
    document = parse_html(data, name=shown_source, rules=rules_of(project))
    required = required_segments(document, project.config.required)
    plans: dict[str, VariantPlan] = {}
    failed: dict[str, L10nError] = {}
    for locale, facts in survey.facts.items():
        path = project.catalog_path(locale, slug)
        shown = project.relative(path)
        try:
            verdicts = (
                judge_catalog(
                    read_catalog(path, shown=shown), slug=slug, facts=facts, checks=True, path=shown
                )
                if path.exists()
                else ()
            )
        except L10nError as error:
            failed[locale] = error
            continue
        plans[locale] = plan_variant(document, verdicts, policy=policy, required=required)
    return _Assessment(document, shown_source, plans, failed)


def _build_article(settings: _Settings, survey: Survey, slug: str, inputs: str) -> _Built:
    project = survey.project
    config = project.config
    # One parse for every variant: the source-language page and each variant but the last
    # are rendered from a copy of the tree; the last gets the tree itself (rendering
    # changes it).
    assessment = _assess(project, slug, survey, settings.policy)
    document, usable, shown_source = assessment.document, assessment.plans, assessment.shown_source
    if settings.pseudo:
        translations = {(s.msgctxt, s.msgid): pseudo_translate(s.msgid) for s in document.segments}
        usable[PSEUDO_LOCALE] = plan_every_segment(document, translations)
    published = [config.source_locale]
    held: dict[str, str] = {}
    for locale, found in usable.items():
        reason = found.held_reason(config.threshold)
        if reason is None:
            published.append(locale)
        else:
            held[locale] = reason
    # The pages that link to each other: this run's published variants, the pages of
    # configured locales this run did not build (or could not: a broken catalog keeps
    # its earlier page), never the pseudo-locale.
    linked = [locale for locale in published if locale != PSEUDO_LOCALE]
    linked += [
        locale
        for locale in config.locales
        if locale not in usable and project.page_path(locale, slug).exists()
    ]
    outcomes: list[PageOutcome] = []
    staged: list[Staged] = []
    errors: list[L10nError] = list(assessment.failed.values())
    for number, locale in enumerate(published, 1):
        target = project.page_path(locale, slug)
        page_usable = usable.get(locale)
        variant = Variant(
            locale=locale,
            source_locale=config.source_locale,
            slug=slug,
            published=tuple(linked),
            base_url=config.base_url,
            url_prefix=f"../../{project.source_dir.name}/",
            reviewers=page_usable.reviewers if page_usable else (),
        )
        if page_usable is None:  # the source-language page
            rendered = render_source_page(document, variant)
        else:
            page = document if number == len(published) else copy_document(document)
            rendered = render_document(page, page_usable.translations, variant)
        notes = (page_usable.notes if page_usable else ()) + tuple(
            f"{shown_source}:{s.line}: translation not used: {why}" for s, why in rendered.fallback
        )
        detail = (
            "source page" if page_usable is None else f"{page_usable.share:.0%} of words usable"
        )
        shown = project.relative(target)
        try:
            written = stage_bytes(target, rendered.html.encode("utf-8"))
        except WriteError as error:
            failure = _shown_error(project, error)
            errors.append(failure)
            outcomes.append(PageOutcome(shown, locale, slug, PageState.FAILED, str(failure), notes))
            continue
        if written is not None:
            staged.append(written)
        state = PageState.WRITTEN if written is not None else PageState.UNCHANGED
        outcomes.append(PageOutcome(shown, locale, slug, state, detail, notes))
    for locale, reason in held.items():
        try:
            outcomes.append(
                _held(project, slug, locale, reason, usable[locale].notes, settings.unpublish)
            )
        except OSError as error:  # an earlier page that cannot be removed
            shown = project.relative(project.page_path(locale, slug))
            failure = WriteError(f"{shown}: cannot be removed ({error.strerror})")
            errors.append(failure)
            outcomes.append(PageOutcome(shown, locale, slug, PageState.FAILED, str(failure)))
    for locale, problem in assessment.failed.items():
        shown = project.relative(project.page_path(locale, slug))
        outcomes.append(PageOutcome(shown, locale, slug, PageState.FAILED, str(problem)))
    record = Record(inputs, tuple(published), held) if not errors else None
    return _Built(tuple(outcomes), tuple(staged), tuple(errors), record)
