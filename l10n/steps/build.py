"""The build step: which translations are usable, which variants pass the publishing
gate, and the pages written to `site/`, skipped when none of their inputs changed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from pathlib import Path

from l10n import __version__
from l10n.errors import L10nError
from l10n.locales import PSEUDO_LOCALE
from l10n.page.document import Document, parse_html
from l10n.page.pseudo import pseudo_translate
from l10n.page.render import Variant, render_document
from l10n.po.catalog import read_catalog
from l10n.project import Project, write_text
from l10n.review.verdict import Policy, judge_catalog
from l10n.steps.common import read_source, rules_of
from l10n.steps.publish import (
    VariantPlan,
    check_selectors,
    plan_every_segment,
    plan_variant,
    required_segments,
)
from l10n.steps.status import Survey, start_survey

__all__ = ["BuildResult", "PageOutcome", "PageState", "build_site"]

MANIFEST = ".l10n-build.json"


class PageState(StrEnum):
    WRITTEN = "written"
    UNCHANGED = "unchanged"
    HELD = "held"  # not published, no earlier page
    STALE = "stale"  # not published, an earlier page kept
    UNPUBLISHED = "unpublished"  # not published, the earlier page removed

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


@dataclass(frozen=True, slots=True)
class BuildResult:
    """How many variants were held back, and the errors that stopped some articles."""

    held: int
    errors: tuple[L10nError, ...] = ()


@dataclass(frozen=True, slots=True)
class _Settings:
    """The build's options, as every worker process needs them (picklable)."""

    locales: tuple[str, ...]
    policy: Policy
    unpublish: bool
    pseudo: bool


@dataclass(frozen=True, slots=True)
class _Record:
    """What the manifest keeps of an article's last build: the digest of every input,
    the pages written, and why the other variants were held back."""

    inputs: str
    pages: tuple[str, ...]
    held: dict[str, str]


def build_site(
    project: Project,
    slugs: list[str],
    *,
    locales: list[str],
    policy: Policy,
    jobs: int = 1,
    unpublish: bool = False,
    pseudo: bool = False,
    on_page: Callable[[PageOutcome], None] = lambda _page: None,
    progress: Callable[[str], None] = lambda _slug: None,
) -> BuildResult:
    """Write `site/<locale>/<slug>.html` for every variant that passes the gate, and the
    source-language page; keep (or with `unpublish`, remove) earlier pages that no
    longer pass. Deterministic. An article none of whose inputs changed since the last
    build is not even read: the manifest keeps a digest of them. Outcomes are handed to
    `on_page` as they come, so memory does not grow with the number of articles."""
    check_selectors(project.config.required)
    manifest_path = project.site_dir / MANIFEST
    records = _read_manifest(manifest_path)
    settings = _Settings(tuple(locales), policy, unpublish, pseudo)
    shared = _shared_inputs(project, settings)
    errors: list[L10nError] = [] if slugs else list(project.misnamed_sources())
    held = 0
    todo: list[tuple[str, str]] = []
    for slug in project.slugs(slugs):
        try:
            digest = _article_inputs(project, settings, slug, shared)
        except L10nError as error:
            errors.append(error)
            progress(slug)
            continue
        record = records.get(slug)
        if record is not None and record.inputs == digest and _pages_exist(project, slug, record):
            held += _replay(project, slug, record, settings, on_page)
            progress(slug)
        else:
            todo.append((slug, digest))
    # Registry and ledgers are read once here and handed to every article (and worker).
    work = partial(_build_article_safely, settings, start_survey(project, locales=locales))
    pool = ProcessPoolExecutor(max_workers=jobs) if jobs > 1 and len(todo) > 1 else None
    results = (
        pool.map(work, todo, chunksize=max(1, len(todo) // (jobs * 4)))
        if pool is not None
        else map(work, todo)
    )
    try:
        for (slug, _), result in zip(todo, results, strict=True):
            if isinstance(result, L10nError):
                errors.append(result)
                records.pop(slug, None)
            else:
                outcomes, records[slug] = result
                for outcome in outcomes:
                    held += outcome.state.is_held
                    on_page(outcome)
            progress(slug)
    finally:
        if pool is not None:
            pool.shutdown()
    _write_manifest(manifest_path, records)
    return BuildResult(held, tuple(errors))


def _shared_inputs(project: Project, settings: _Settings) -> bytes:
    """What every article's pages depend on besides its own files."""
    parts = [
        __version__.encode(),
        repr(project.config).encode(),
        # The settings but the project's place: a moved or copied project builds the same.
        repr((settings.locales, settings.policy.value, settings.pseudo)).encode(),
        project.editors_path.read_bytes() if project.editors_path.exists() else b"",
    ]
    for locale in settings.locales:
        ledger = project.ledger_path(locale)
        parts.append(ledger.read_bytes() if ledger.exists() else b"")
    return hashlib.sha256(b"\0".join(parts)).digest()


def _article_inputs(project: Project, settings: _Settings, slug: str, shared: bytes) -> str:
    """The digest of everything an article's pages are made from: its source, its
    catalogs, what all articles share, and which pages of locales this run does not
    build exist (they are linked)."""
    digest = hashlib.sha256(shared)
    digest.update(read_source(project, slug))
    for locale in settings.locales:
        path = project.catalog_path(locale, slug)
        digest.update(b"\0" + (path.read_bytes() if path.exists() else b"-"))
    for locale in project.config.locales:
        if locale not in settings.locales:
            digest.update(f"{locale}:{project.page_path(locale, slug).exists()}".encode())
    return digest.hexdigest()


def _pages_exist(project: Project, slug: str, record: _Record) -> bool:
    return all(project.page_path(locale, slug).exists() for locale in record.pages)


def _replay(
    project: Project,
    slug: str,
    record: _Record,
    settings: _Settings,
    on_page: Callable[[PageOutcome], None],
) -> int:
    """Report an unchanged article from its record; held variants are reported again
    (and an earlier page removed under `unpublish`). Returns how many were held."""
    for locale in record.pages:
        target = project.page_path(locale, slug)
        on_page(PageOutcome(project.relative(target), locale, slug, PageState.UNCHANGED, ""))
    for locale, reason in record.held.items():
        on_page(_held(project, slug, locale, reason, (), settings.unpublish))
    return len(record.held)


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


def _build_article_safely(
    settings: _Settings, survey: Survey, job: tuple[str, str]
) -> tuple[list[PageOutcome], _Record] | L10nError:
    try:
        return _build_article(settings, survey, *job)
    except L10nError as error:
        return error


def _read_manifest(path: Path) -> dict[str, _Record]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {
            slug: _Record(str(item["inputs"]), tuple(item["pages"]), dict(item["held"]))
            for slug, item in data["articles"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}  # no manifest, or one from an older version: build everything


def _write_manifest(path: Path, records: dict[str, _Record]) -> None:
    articles = {
        slug: {"inputs": r.inputs, "pages": list(r.pages), "held": r.held}
        for slug, r in sorted(records.items())
    }
    write_text(path, json.dumps({"articles": articles}, ensure_ascii=False, indent=1) + "\n")


@dataclass(frozen=True, slots=True)
class _Assessment:
    """An article's source and, per locale, what its catalog makes usable."""

    data: bytes
    document: Document
    plans: dict[str, VariantPlan]


def _assess(project: Project, slug: str, survey: Survey, policy: Policy) -> _Assessment:
    data = read_source(project, slug)
    shown_source = project.relative(project.source_path(slug))
    document = parse_html(data, name=shown_source, rules=rules_of(project))
    required = required_segments(document, project.config.required)
    plans: dict[str, VariantPlan] = {}
    for locale, facts in survey.facts.items():
        path = project.catalog_path(locale, slug)
        shown = project.relative(path)
        verdicts = (
            judge_catalog(
                read_catalog(path, shown=shown), slug=slug, facts=facts, checks=True, path=shown
            )
            if path.exists()
            else ()
        )
        plans[locale] = plan_variant(document, verdicts, policy=policy, required=required)
    return _Assessment(data, document, plans)


def _build_article(
    settings: _Settings, survey: Survey, slug: str, inputs: str
) -> tuple[list[PageOutcome], _Record]:
    project = survey.project
    config = project.config
    rules = rules_of(project)
    shown_source = project.relative(project.source_path(slug))
    assessment = _assess(project, slug, survey, settings.policy)
    data, document, usable = assessment.data, assessment.document, assessment.plans
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
    # configured locales this run did not build, never the pseudo-locale.
    linked = [locale for locale in published if locale != PSEUDO_LOCALE]
    linked += [
        locale
        for locale in config.locales
        if locale not in usable and project.page_path(locale, slug).exists()
    ]
    outcomes: list[PageOutcome] = []
    for locale in published:
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
        page = parse_html(data, name=shown_source, rules=rules)
        rendered = render_document(page, page_usable.translations if page_usable else {}, variant)
        notes = (page_usable.notes if page_usable else ()) + tuple(
            f"{shown_source}:{s.line}: translation not used: {why}" for s, why in rendered.fallback
        )
        written = write_text(target, rendered.html)
        state = PageState.WRITTEN if written else PageState.UNCHANGED
        detail = (
            "source page" if page_usable is None else f"{page_usable.share:.0%} of words usable"
        )
        outcomes.append(PageOutcome(project.relative(target), locale, slug, state, detail, notes))
    for locale, reason in held.items():
        outcomes.append(
            _held(project, slug, locale, reason, usable[locale].notes, settings.unpublish)
        )
    return outcomes, _Record(inputs, tuple(published), held)
