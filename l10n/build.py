"""The build step: which translations are usable, which variants pass the publishing
gate, and the pages written to `site/`, skipped when none of their inputs changed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import polib
from lxml import etree
from lxml.cssselect import CSSSelector, SelectorError

from l10n import __version__
from l10n.catalog import plural_count, read_catalog, reviewable, translation_of
from l10n.checks import Severity, check_translation
from l10n.document import AttributeValue, Document, TextRun, parse_html
from l10n.errors import ConfigError, L10nError
from l10n.locales import PSEUDO_LOCALE
from l10n.project import Project, find_project, write_text
from l10n.pseudo import pseudo_translate
from l10n.render import Variant, render_document
from l10n.report import count_words
from l10n.review import Editor, counts, read_editors, review_lines
from l10n.workflow import read_source, rules_of

__all__ = ["BuildResult", "PageOutcome", "build_site", "gate_reasons"]

MANIFEST = ".l10n-build.json"
Key = tuple[str | None, str]


@dataclass(frozen=True, slots=True)
class PageOutcome:
    """What happened to one variant of one article."""

    path: str
    locale: str
    slug: str
    state: str  # written, unchanged, held, stale, unpublished
    detail: str
    notes: tuple[str, ...] = ()  # translations not used, and why


@dataclass(frozen=True, slots=True)
class BuildResult:
    pages: tuple[PageOutcome, ...]
    errors: tuple[L10nError, ...] = ()

    @property
    def held(self) -> list[PageOutcome]:
        return [p for p in self.pages if p.state in ("held", "stale", "unpublished")]


@dataclass(frozen=True, slots=True)
class _Settings:
    """Everything a worker process needs to build one article (picklable)."""

    root: Path
    locales: tuple[str, ...]
    policy: str
    unpublish: bool
    pseudo: bool
    manifest: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Usable:
    translations: dict[Key, str]
    notes: tuple[str, ...]
    reviewers: tuple[str, ...]
    usable_words: int
    total_words: int
    missing_required: tuple[str, ...]


def build_site(
    project: Project,
    slugs: list[str],
    *,
    locales: list[str],
    policy: str,
    jobs: int = 1,
    unpublish: bool = False,
    pseudo: bool = False,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Write `site/<locale>/<slug>.html` for every variant that passes the gate, and the
    source-language page; keep (or with `unpublish`, remove) earlier pages that no
    longer pass. Deterministic; an article whose inputs did not change is skipped."""
    if policy not in ("reviewed", "translated"):
        raise ConfigError(f"policy {policy!r}: use reviewed or translated")
    for selector in project.config.required:
        try:
            CSSSelector(selector, translator="html")
        except SelectorError as error:
            raise ConfigError(f"required selector {selector!r}: not valid CSS ({error})") from error
    manifest_path = project.site_dir / MANIFEST
    manifest = _read_manifest(manifest_path)
    settings = _Settings(project.root, tuple(locales), policy, unpublish, pseudo, manifest)
    articles = project.slugs(slugs)
    pages: list[PageOutcome] = []
    errors: list[L10nError] = [] if slugs else list(project.misnamed_sources())
    hashes: dict[str, str] = {}
    results: list[tuple[list[PageOutcome], dict[str, str]] | L10nError]
    if jobs > 1 and len(articles) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = []
            for slug, result in zip(
                articles,
                pool.map(_build_article_safely, [settings] * len(articles), articles),
                strict=True,
            ):
                results.append(result)
                if progress:
                    progress(slug)
    else:
        results = []
        for slug in articles:
            results.append(_build_article_safely(settings, slug))
            if progress:
                progress(slug)
    for result in results:
        if isinstance(result, L10nError):
            errors.append(result)
        else:
            pages.extend(result[0])
            hashes.update(result[1])
    write_text(manifest_path, json.dumps({**manifest, **hashes}, indent=1, sort_keys=True) + "\n")
    return BuildResult(tuple(pages), tuple(errors))


def _build_article_safely(
    settings: _Settings, slug: str
) -> tuple[list[PageOutcome], dict[str, str]] | L10nError:
    try:
        return _build_article(settings, slug)
    except L10nError as error:
        return error


def _read_manifest(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


@dataclass(frozen=True, slots=True)
class _Assessment:
    """An article's source and, per locale, what its catalog makes usable."""

    data: bytes
    document: Document
    usable: dict[str, _Usable]
    catalogs: dict[str, bytes]


def _assess(project: Project, slug: str, locales: tuple[str, ...], policy: str) -> _Assessment:
    data = read_source(project, slug)
    shown_source = project.relative(project.source_path(slug))
    document = parse_html(data, name=shown_source, rules=rules_of(project))
    editors = read_editors(project.editors_path, required=False)
    required = _required_segments(document, project.config.required)
    usable: dict[str, _Usable] = {}
    catalogs: dict[str, bytes] = {}
    for locale in locales:
        path = project.catalog_path(locale, slug)
        catalogs[locale] = path.read_bytes() if path.exists() else b""
        catalog = read_catalog(path, shown=project.relative(path)) if path.exists() else None
        usable[locale] = _usable(
            document, catalog, locale, policy, editors, required, project.relative(path)
        )
    return _Assessment(data, document, usable, catalogs)


def gate_reasons(
    project: Project, slug: str, *, locales: list[str], policy: str
) -> dict[str, str | None]:
    """Per locale, why its variant of the article may not be published (None: it may)."""
    assessment = _assess(project, slug, tuple(locales), policy)
    return {
        locale: _gate(found, project.config.threshold)
        for locale, found in assessment.usable.items()
    }


def _build_article(settings: _Settings, slug: str) -> tuple[list[PageOutcome], dict[str, str]]:
    project = find_project(settings.root, explicit=True)
    config = project.config
    rules = rules_of(project)
    shown_source = project.relative(project.source_path(slug))
    assessment = _assess(project, slug, settings.locales, settings.policy)
    data, document = assessment.data, assessment.document
    usable, catalogs = assessment.usable, assessment.catalogs
    if settings.pseudo:
        translations = {(s.msgctxt, s.msgid): pseudo_translate(s.msgid) for s in document.segments}
        words = sum(count_words(s.msgid) for s in document.segments)
        usable[PSEUDO_LOCALE] = _Usable(translations, (), (), words, words, ())
        catalogs[PSEUDO_LOCALE] = b"pseudo"
    published = [config.source_locale]
    outcomes: list[PageOutcome] = []
    held: dict[str, str] = {}
    for locale, found in usable.items():
        reason = _gate(found, config.threshold)
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
        if locale not in usable and (project.site_dir / locale / f"{slug}.html").exists()
    ]
    common = _common_inputs(project, settings, data, linked)
    hashes: dict[str, str] = {}
    for locale in published:
        target = project.site_dir / locale / f"{slug}.html"
        shown = project.relative(target)
        page_usable = usable.get(locale)
        digest = hashlib.sha256(common + locale.encode() + catalogs.get(locale, b"")).hexdigest()
        key = f"{locale}/{slug}"
        hashes[key] = digest
        notes = page_usable.notes if page_usable else ()
        if settings.manifest.get(key) == digest and target.exists():
            outcomes.append(PageOutcome(shown, locale, slug, "unchanged", "", notes))
            continue
        page = parse_html(data, name=shown_source, rules=rules)
        variant = Variant(
            locale=locale,
            source_locale=config.source_locale,
            slug=slug,
            published=tuple(linked),
            base_url=config.base_url,
            url_prefix=f"../../{project.source_dir.name}/",
            reviewers=page_usable.reviewers if page_usable else (),
        )
        rendered = render_document(page, page_usable.translations if page_usable else {}, variant)
        extra = tuple(
            f"{shown_source}:{s.line}: translation not used: {why}" for s, why in rendered.fallback
        )
        write_text(target, rendered.html)
        detail = "source page" if page_usable is None else _share(page_usable)
        outcomes.append(PageOutcome(shown, locale, slug, "written", detail, notes + extra))
    for locale, reason in held.items():
        target = project.site_dir / locale / f"{slug}.html"
        shown = project.relative(target)
        hashes.pop(f"{locale}/{slug}", None)
        if target.exists() and settings.unpublish:
            target.unlink()
            outcomes.append(
                PageOutcome(shown, locale, slug, "unpublished", reason, usable[locale].notes)
            )
        elif target.exists():
            outcomes.append(PageOutcome(shown, locale, slug, "stale", reason, usable[locale].notes))
        else:
            outcomes.append(PageOutcome(shown, locale, slug, "held", reason, usable[locale].notes))
    return outcomes, hashes


def _share(found: _Usable) -> str:
    share = found.usable_words / found.total_words if found.total_words else 1.0
    return f"{share:.0%} of words usable"


def _gate(found: _Usable, threshold: int) -> str | None:
    """Why a variant may not be published, or None."""
    share = found.usable_words / found.total_words if found.total_words else 1.0
    reasons = []
    if share * 100 < threshold:
        reasons.append(f"{share:.0%} of words usable, under the threshold of {threshold}%")
    if found.missing_required:
        reasons.append("required text not usable: " + "; ".join(found.missing_required[:3]))
    return ", and ".join(reasons) if reasons else None


def _required_segments(document: Document, selectors: tuple[str, ...]) -> dict[int, str]:
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
        anchor = location.container if isinstance(location, TextRun) else location.element
        if isinstance(location, AttributeValue):
            continue  # attributes are not text a reader sees in the required block
        if anchor in inside:
            required[id(segment)] = inside[anchor]
    return required


def _usable(
    document: Document,
    catalog: polib.POFile | None,
    locale: str,
    policy: str,
    editors: dict[str, Editor],
    required: dict[int, str],
    shown: str,
) -> _Usable:
    """The translations the policy allows and the checks pass, with notes on the rest."""
    translations: dict[Key, str] = {}
    notes: list[str] = []
    reviewers: dict[str, str] = {}
    entries = (
        {(e.msgctxt, e.msgid): e for e in catalog if not e.obsolete} if catalog is not None else {}
    )
    nplurals = plural_count(catalog) if catalog is not None else None
    for key, entry in entries.items():
        if not entry.msgstr or "fuzzy" in entry.flags:
            continue
        lines = [
            line
            for line in review_lines(entry.tcomment)
            if counts(line, reviewable(entry, locale=locale), editors)
        ]
        if policy == "reviewed" and not lines:
            continue
        findings = check_translation(
            translation_of(entry), locale=locale, path=shown, nplurals=nplurals
        )
        errors = [f for f in findings if f.severity is Severity.ERROR]
        if errors:
            notes.append(
                f"{errors[0].path}:{errors[0].line}: translation not used: {errors[0].message}"
            )
            continue
        translations[key] = entry.msgstr
        for line in lines:
            reviewers[line.editor] = f"{line.name} ({line.editor})"
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
    return _Usable(
        translations,
        tuple(notes),
        tuple(sorted(reviewers.values())),
        usable_words,
        total_words,
        tuple(missing),
    )


def _common_inputs(
    project: Project, settings: _Settings, data: bytes, published: list[str]
) -> bytes:
    """What every page of an article depends on besides its own catalog."""
    parts = [
        __version__.encode(),
        data,
        repr(project.config).encode(),
        settings.policy.encode(),
        ",".join(published).encode(),
        project.editors_path.read_bytes() if project.editors_path.exists() else b"",
    ]
    for locale in settings.locales:
        ledger = project.ledger_path(locale)
        parts.append(ledger.read_bytes() if ledger.exists() else b"")
    return hashlib.sha256(b"\0".join(parts)).digest()
