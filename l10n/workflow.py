"""The steps of the workflow over a project's files: read, compute, write, report."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import polib

from l10n import __version__
from l10n.approval import acting_person, invalidate_stale_reviews
from l10n.catalog import (
    TranslationMemory,
    counting_reviews,
    merge_catalog,
    plural_count,
    read_catalog,
    reviewable,
    translations,
)
from l10n.checks import Finding, check_source, check_translation, read_glossary
from l10n.document import Rules, parse_html
from l10n.errors import CatalogError, CheckFailed, ConfigError, L10nError, SourceError
from l10n.importer import parse_capture
from l10n.locales import parse_locale
from l10n.placeholder import PLACEHOLDER
from l10n.pofile import format_po
from l10n.project import Project, check_slug, write_bytes, write_text
from l10n.report import Progress, catalog_progress
from l10n.review import (
    Editor,
    Event,
    EventKind,
    append_event,
    counts,
    latest_events,
    read_editors,
    read_ledger,
    review_lines,
)
from l10n.template import build_template

__all__ = [
    "FileOutcome",
    "StepResult",
    "check",
    "extract",
    "extract_template",
    "read_source",
    "review_log",
    "status",
    "update",
    "write_report",
]


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """One file a step looked at: where, whether it changed, and a short summary."""

    path: str
    changed: bool
    summary: str


@dataclass(frozen=True, slots=True)
class StepResult:
    """What a step did to each file, and the errors that stopped it on some of them."""

    outcomes: tuple[FileOutcome, ...]
    errors: tuple[L10nError, ...]


def rules_of(project: Project) -> Rules:
    config = project.config
    return Rules(source_locale=config.source_locale, exclude=config.exclude, scope=config.scope)


def extract_template(data: bytes, *, slug: str, rules: Rules) -> str:
    """Page bytes → POT text, in memory (what `extract` writes, and what is benchmarked)."""
    return format_po(_template(data, slug=slug, rules=rules))


def _template(data: bytes, *, slug: str, rules: Rules) -> polib.POFile:
    document = parse_html(data, name=f"source/{slug}.html", rules=rules)
    return build_template(
        document.segments,
        slug=slug,
        source_locale=rules.source_locale,
        generator=f"l10n {__version__}",
    )


def read_source(project: Project, slug: str) -> bytes:
    """The bytes of `source/<slug>.html`, refusing a path that leads out of the project.

    Raises:
        SourceError: unreadable, or a symlink pointing outside the project.
    """
    path = project.source_path(slug)
    shown = project.relative(path)
    if not path.resolve().is_relative_to(project.root.resolve()):
        raise SourceError(f"{shown}: points outside the project ({path.resolve()})")
    try:
        return path.read_bytes()
    except OSError as error:
        raise SourceError(f"{shown}: cannot be read ({error.strerror})") from error


def extract(
    project: Project,
    slugs: list[str],
    *,
    check: bool = False,
    progress: Callable[[str], None] | None = None,
) -> StepResult:
    """Write `locales/<slug>.pot` for each article whose template changed.

    With `check`, write nothing and raise CheckFailed naming the stale templates.
    An article that fails is reported and the others still go through.
    """
    rules = rules_of(project)
    outcomes: list[FileOutcome] = []
    errors: list[L10nError] = [] if slugs else list(project.misnamed_sources())
    for slug in project.slugs(slugs):
        if progress:
            progress(slug)
        path = project.template_path(slug)
        try:
            template = _template(read_source(project, slug), slug=slug, rules=rules)
        except L10nError as error:
            errors.append(error)
            continue
        text = format_po(template)
        entries = len(template)
        summary = f"{entries} segment{'s' if entries != 1 else ''}"
        if check:
            outcomes.append(FileOutcome(project.relative(path), _differs(path, text), summary))
        else:
            outcomes.append(FileOutcome(project.relative(path), write_text(path, text), summary))
    if check:
        stale = [outcome.path for outcome in outcomes if outcome.changed]
        if stale:
            raise CheckFailed(f"{', '.join(stale)}: out of date; run l10n extract")
    return StepResult(tuple(outcomes), tuple(errors))


def _differs(path: Path, text: str) -> bool:
    try:
        return path.read_bytes() != text.encode("utf-8")
    except FileNotFoundError:
        return True


def locales_of(project: Project, requested: list[str] | None) -> list[str]:
    """The requested locales, or the configured ones; each checked with Babel.

    Raises:
        LocaleError: a code Babel does not know (the message suggests the closest).
        ConfigError: nothing requested and none configured.
    """
    codes = list(dict.fromkeys(requested or project.config.locales))
    if not codes:
        raise ConfigError("no locales: set locales = [...] in [tool.l10n] or pass --locale")
    for code in codes:
        parse_locale(code)
    return codes


def update(
    project: Project,
    slugs: list[str],
    *,
    locales: list[str] | None = None,
    check: bool = False,
    progress: Callable[[str], None] | None = None,
) -> StepResult:
    """Create or merge `locales/<locale>/<slug>.po` from each article's template.

    With `check`, write nothing and raise CheckFailed naming the catalogs out of date.
    A malformed catalog is reported and left untouched; the others still go through.
    """
    outcomes: list[FileOutcome] = []
    errors: list[L10nError] = [] if slugs else list(project.misnamed_sources())
    articles = project.slugs(slugs)
    # Without a registry no review can be judged, so none is invalidated.
    editors = read_editors(project.editors_path) if project.editors_path.exists() else None
    now = datetime.now(UTC).replace(microsecond=0)
    actor = acting_person(project) if editors is not None else ""
    for locale in locales_of(project, locales):
        # --check only reads: it takes no lock and creates nothing.
        with nullcontext() if check else project.locale_lock(locale):
            memory, broken = _memory(project, locale, editors)
            merging = _Merging(locale, memory, broken, editors, now, actor, check)
            for slug in articles:
                if progress:
                    progress(slug)
                try:
                    outcomes.append(_update_one(project, slug, merging))
                except L10nError as error:
                    errors.append(error)
    if check:
        stale = [outcome.path for outcome in outcomes if outcome.changed]
        if stale:
            raise CheckFailed(f"{', '.join(stale)}: out of date; run l10n update")
    return StepResult(tuple(outcomes), tuple(errors))


@dataclass(frozen=True, slots=True)
class _Merging:
    """What every catalog of one locale is merged with, in one `update`."""

    locale: str
    memory: TranslationMemory
    broken: dict[str, L10nError]
    editors: dict[str, Editor] | None
    now: datetime
    actor: str
    check: bool


def _update_one(project: Project, slug: str, merging: _Merging) -> FileOutcome:
    locale, editors = merging.locale, merging.editors
    path = project.catalog_path(locale, slug)
    shown = project.relative(path)
    template = _read_template(project, slug)
    if shown in merging.broken:
        raise merging.broken[shown]
    existing = read_catalog(path, shown=shown) if path.exists() else None
    result = merge_catalog(existing, template, locale=locale, memory=merging.memory, origin=slug)
    events = []
    if editors is not None:
        events = invalidate_stale_reviews(
            result.catalog,
            locale=locale,
            slug=slug,
            editors=editors,
            now=merging.now,
            actor=merging.actor,
        )
    summary = result.summary() + (
        f", {len(events)} review{'s' * (len(events) != 1)} invalidated" if events else ""
    )
    text = format_po(result.catalog)
    if merging.check:
        return FileOutcome(shown, _differs(path, text), summary)
    for event in events:
        append_event(project.ledger_path(locale), event)
    return FileOutcome(shown, write_text(path, text), summary)


def _read_template(project: Project, slug: str) -> polib.POFile:
    path = project.template_path(slug)
    shown = project.relative(path)
    if not path.exists():
        raise CatalogError(f"{shown}: no such template; run l10n extract first")
    return read_catalog(path, shown=shown)


def _memory(
    project: Project, locale: str, editors: dict[str, Editor] | None
) -> tuple[TranslationMemory, dict[str, L10nError]]:
    """The locale's translation memory, and the catalogs that could not be read for it."""
    memory = TranslationMemory()
    broken: dict[str, L10nError] = {}
    folder = project.locales_dir / locale

    def reviewed_at(entry: polib.POEntry) -> datetime | None:
        lines = counting_reviews(entry, locale=locale, editors=editors or {})
        return max((line.time for line in lines), default=None)

    for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
        shown = project.relative(path)
        try:
            memory.add_catalog(
                read_catalog(path, shown=shown), origin=path.stem, reviewed_at=reviewed_at
            )
        except L10nError as error:
            broken[shown] = error
    return memory, broken


def status(
    project: Project, slugs: list[str], *, locales: list[str] | None = None
) -> list[Progress]:
    """Progress of every article in every locale; an article not yet merged for a locale
    counts as wholly untranslated.

    Raises:
        CatalogError: a template or catalog that cannot be read.
    """
    articles = project.slugs(slugs)
    editors = read_editors(project.editors_path, required=False)
    progress = []
    for locale in locales_of(project, locales):
        events, _ = read_ledger(project.ledger_path(locale))
        latest = latest_events(events)
        for slug in articles:
            path = project.catalog_path(locale, slug)
            if not path.exists():
                template = _read_template(project, slug)
                progress.append(catalog_progress(template, slug=slug, locale=locale))
                continue

            catalog = read_catalog(path, shown=project.relative(path))
            review = partial(
                _review_state, locale=locale, slug=slug, editors=editors, latest=latest
            )
            progress.append(catalog_progress(catalog, slug=slug, locale=locale, review=review))
    return progress


def _review_state(
    entry: polib.POEntry,
    *,
    locale: str,
    slug: str,
    editors: dict[str, Editor],
    latest: dict[tuple[str, str | None, str], Event],
) -> tuple[bool, bool]:
    """Whether a review of the entry counts, and whether one went stale: a review line
    that no longer counts, or a ledger whose last word on the entry is an approval or
    its invalidation, with no counting review now."""
    item = reviewable(entry, locale=locale)
    lines = review_lines(entry.tcomment)
    reviewed = any(counts(line, item, editors) for line in lines)
    last = latest.get((slug, entry.msgctxt, entry.msgid))
    was_reviewed = last is not None and last.event in (EventKind.APPROVE, EventKind.INVALIDATE)
    return reviewed, bool(lines) or was_reviewed


def check(
    project: Project,
    slugs: list[str],
    *,
    locales: list[str] | None = None,
    sources: bool = False,
) -> list[Finding]:
    """Findings on every translated entry of the catalogs (or, with `sources`, on the
    source pages), in file order. Catalogs not merged yet have nothing to check.

    Raises:
        CatalogError: a catalog or glossary that cannot be read.
    """
    articles = project.slugs(slugs)
    findings: list[Finding] = []
    if sources:
        rules = rules_of(project)
        for slug in articles:
            shown = project.relative(project.source_path(slug))
            document = parse_html(read_source(project, slug), name=shown, rules=rules)
            findings.extend(check_source(document, path=shown, required=project.config.required))
        return findings
    for locale in locales_of(project, locales):
        glossary_path = project.locales_dir / locale / "glossary.csv"
        glossary = read_glossary(glossary_path) if glossary_path.is_file() else {}
        for _slug, path in project.existing_catalogs(locale, articles):
            shown = project.relative(path)
            catalog = read_catalog(path, shown=shown)
            nplurals = plural_count(catalog)
            for translation in translations(catalog):
                findings.extend(
                    check_translation(
                        translation, locale=locale, path=shown, glossary=glossary, nplurals=nplurals
                    )
                )
    return findings


@dataclass(frozen=True, slots=True)
class EditorRecord:
    """What one editor signed off: approvals in the ledgers, and how many still count."""

    editor: Editor
    approved: int
    counting: int
    last: datetime | None


def editor_records(project: Project, *, locales: list[str] | None) -> list[EditorRecord]:
    """Per registered editor: approvals made, reviews still counting, latest approval."""
    editors = read_editors(project.editors_path)
    approved: Counter[str] = Counter()
    counting: Counter[str] = Counter()
    last: dict[str, datetime] = {}
    for locale in locales_of(project, locales):
        events, _ = read_ledger(project.ledger_path(locale))
        for event in events:
            if event.event is EventKind.APPROVE:
                approved[event.editor] += 1
                last[event.editor] = max(last.get(event.editor, event.time), event.time)
        for _slug, path in project.existing_catalogs(locale, []):
            for entry in read_catalog(path, shown=project.relative(path)):
                for line in counting_reviews(entry, locale=locale, editors=editors):
                    counting[line.editor] += 1
    return [
        EditorRecord(editor, approved[editor.id], counting[editor.id], last.get(editor.id))
        for editor in editors.values()
    ]


def review_log(
    project: Project,
    *,
    locales: list[str] | None,
    editor: str | None,
    since: datetime | None,
) -> list[tuple[str, Event]]:
    """The valid events of the locales' ledgers, filtered, oldest first, with their locale."""
    found = []
    for locale in locales_of(project, locales):
        events, _ = read_ledger(project.ledger_path(locale))
        for event in events:
            if editor and event.editor != editor:
                continue
            if since and event.time.date() < since.date():
                continue
            found.append((locale, event))
    return sorted(found, key=lambda pair: pair[1].time)


@dataclass(frozen=True, slots=True)
class ImportResult:
    """The article written (or left as it was) and what the importer dropped or missed."""

    outcome: FileOutcome
    dropped: tuple[str, ...]
    missing: tuple[str, ...]


def import_article(project: Project, source: Path, *, slug: str | None = None) -> ImportResult:
    """Bring a page or a plain-text capture into `source/<slug>.html`.

    An HTML page is copied as it is, once it has been read as `extract` will read it; a
    capture becomes a clean article page by the grammar in the README.

    Raises:
        SourceError: unreadable, undecodable or unusable input.
        ConfigError: a bad slug, or no `source/` folder.
    """
    try:
        data = source.read_bytes()
    except OSError as error:
        raise SourceError(f"{source}: cannot be read ({error.strerror})") from error
    name = check_slug(slug if slug is not None else _slug_of(source))
    if not project.source_dir.is_dir():
        raise ConfigError(f"{project.relative(project.source_dir)}: no such folder")
    target = project.source_path(name)
    if _looks_like_html(data):
        parse_html(data, name=str(source), rules=rules_of(project))  # refuse what extract would
        changed = write_bytes(target, data)
        return ImportResult(FileOutcome(project.relative(target), changed, "page copied"), (), ())
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(f"{source}:{line}: a capture must be UTF-8 text") from error
    article = parse_capture(text, name=str(source), source_locale=project.config.source_locale)
    changed = write_text(target, article.html)
    summary = "article page made from a text capture"
    return ImportResult(
        FileOutcome(project.relative(target), changed, summary), article.dropped, article.missing
    )


def _slug_of(path: Path) -> str:
    """A slug from a file name: `SCO Boosts Growth.txt` → `sco-boosts-growth`."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-.").lower()
    return stem or "article"


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype", b"<html", b"<?xml", b"<head", b"<body", b"<!--"))


def write_report(project: Project, *, locales: list[str] | None, now: datetime) -> FileOutcome:
    """Write `site/index.html`, the status dashboard.

    Raises:
        CatalogError: a template or catalog that cannot be read.
    """
    from l10n.build import gate_reasons  # build depends on this module
    from l10n.dashboard import ArticleRow, VariantRow, render_dashboard

    codes = locales_of(project, locales)
    editors = read_editors(project.editors_path, required=False)
    progress = {(p.slug, p.locale): p for p in status(project, [], locales=codes)}
    articles = []
    for slug in project.slugs([]):
        reasons = gate_reasons(project, slug, locales=codes, policy=project.config.policy)
        variants = []
        for locale in codes:
            page = project.site_dir / locale / f"{slug}.html"
            variants.append(
                VariantRow(
                    locale=locale,
                    progress=progress[(slug, locale)],
                    page=f"{locale}/{slug}.html" if page.exists() else None,
                    held=reasons.get(locale),
                    reviewers=_reviewers(project, locale, slug, editors),
                )
            )
        source_page = project.site_dir / project.config.source_locale / f"{slug}.html"
        shown = f"{project.config.source_locale}/{slug}.html" if source_page.exists() else None
        articles.append(ArticleRow(slug, _title(project, slug), shown, tuple(variants)))
    html = render_dashboard(
        articles, generated=now, policy=project.config.policy, threshold=project.config.threshold
    )
    path = project.site_dir / "index.html"
    return FileOutcome(project.relative(path), write_text(path, html), f"{len(articles)} articles")


def _title(project: Project, slug: str) -> str:
    document = parse_html(read_source(project, slug), name=slug, rules=rules_of(project))
    for role in ("h1", "title"):
        for segment in document.segments:
            if segment.role == role:
                return PLACEHOLDER.sub("", segment.msgid)
    return slug


def _reviewers(
    project: Project, locale: str, slug: str, editors: dict[str, Editor]
) -> tuple[tuple[str, datetime], ...]:
    """Editors whose reviews count in this catalog, with their latest review."""
    path = project.catalog_path(locale, slug)
    if not path.exists():
        return ()
    latest: dict[str, datetime] = {}
    for entry in read_catalog(path, shown=project.relative(path)):
        for line in counting_reviews(entry, locale=locale, editors=editors):
            latest[line.name] = max(latest.get(line.name, line.time), line.time)
    return tuple(sorted(latest.items()))
