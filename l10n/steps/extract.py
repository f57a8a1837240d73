"""`l10n extract`: each article's page → its template, `locales/<slug>.pot`."""

from __future__ import annotations

from collections.abc import Callable

import polib

from l10n import __version__
from l10n.errors import CheckFailed, Interrupted, L10nError, file_error
from l10n.page.document import Rules, parse_html
from l10n.po.pofile import format_po
from l10n.po.template import build_template
from l10n.project import Project, write_text
from l10n.steps.common import FileOutcome, StepResult, differs, read_source, rules_of

__all__ = ["extract", "extract_template"]


def extract_template(data: bytes, *, slug: str, rules: Rules) -> str:
    """Page bytes → POT text, in memory (what `extract` writes, and what is benchmarked)."""
    return format_po(_template(data, slug=slug, rules=rules)[0])


def _template(data: bytes, *, slug: str, rules: Rules) -> tuple[polib.POFile, str | None]:
    """The template, and how the page's encoding was decided when that needs saying."""
    document = parse_html(data, name=f"source/{slug}.html", rules=rules)
    template = build_template(
        document.segments,
        slug=slug,
        source_locale=rules.source_locale,
        generator=f"l10n {__version__}",
    )
    return template, document.decoding.message if document.decoding else None


def extract(
    project: Project,
    slugs: list[str],
    *,
    check: bool = False,
    progress: Callable[[str], None] | None = None,
) -> StepResult:
    """Write `locales/<slug>.pot` for each article whose template changed.

    With `check`, write nothing and raise CheckFailed naming the stale templates.
    An article that fails (unreadable page, a template that cannot be written) is
    reported and the others still go through.

    Raises:
        Interrupted: Ctrl+C; it carries what was done and the templates not written.
    """
    rules = rules_of(project)
    outcomes: list[FileOutcome] = []
    errors: list[L10nError] = [] if slugs else list(project.misnamed_sources())
    articles = project.slugs(slugs)
    tried = 0
    try:
        for slug in articles:
            if progress:
                progress(slug)
            try:
                outcomes.append(_extract_one(project, slug, rules=rules, check=check))
            except L10nError as error:
                errors.append(error)
            tried += 1
    except KeyboardInterrupt:
        left = tuple(project.relative(project.template_path(slug)) for slug in articles[tried:])
        raise Interrupted(StepResult(tuple(outcomes), tuple(errors)), left) from None
    if check:
        stale = [outcome.path for outcome in outcomes if outcome.changed]
        if stale:
            raise CheckFailed(f"{', '.join(stale)}: out of date; run l10n extract")
    return StepResult(tuple(outcomes), tuple(errors))


def _extract_one(project: Project, slug: str, *, rules: Rules, check: bool) -> FileOutcome:
    path = project.template_path(slug)
    shown = project.relative(path)
    template, decoding = _template(read_source(project, slug), slug=slug, rules=rules)
    text = format_po(template)
    entries = len(template)
    summary = f"{entries} segment{'s' if entries != 1 else ''}"
    if decoding:
        summary += f" ({decoding})"
    counts = (("segments", entries),)
    if check:
        return FileOutcome(shown, differs(path, text), summary, counts)
    try:
        return FileOutcome(shown, write_text(path, text), summary, counts)
    except OSError as error:  # WriteError covers the writer's own calls; this the rest
        raise file_error(error, shown) from error
