"""`l10n check`: findings on every translated entry, or with `sources` on the pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from l10n.checks.finding import Finding
from l10n.checks.source import check_source
from l10n.checks.translation import check_translation, read_glossary, translation_of
from l10n.errors import L10nError
from l10n.page.document import parse_html
from l10n.po.catalog import read_catalog
from l10n.po.entry import is_translated, plural_count
from l10n.project import Project
from l10n.steps.common import locales_of, read_source, rules_of

__all__ = ["CheckResult", "check"]


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The findings, in file order, and the files that could not be checked at all
    (each reported on its own; the others were checked)."""

    findings: tuple[Finding, ...]
    errors: tuple[L10nError, ...]
    checked: int  # files checked, counting those that failed


def check(
    project: Project,
    slugs: list[str],
    *,
    locales: list[str] | None = None,
    sources: bool = False,
    progress: Callable[[str], None] | None = None,
) -> CheckResult:
    """Findings on every translated entry of the catalogs (or, with `sources`, on the
    source pages), in file order. Catalogs not merged yet have nothing to check. A
    catalog, glossary or page that cannot be read is an error of its own."""
    articles = project.slugs(slugs)
    findings: list[Finding] = []
    errors: list[L10nError] = []
    checked = 0
    if sources:
        rules = rules_of(project)
        for slug in articles:
            if progress:
                progress(slug)
            checked += 1
            shown = project.relative(project.source_path(slug))
            try:
                document = parse_html(read_source(project, slug), name=shown, rules=rules)
            except L10nError as error:
                errors.append(error)
                continue
            findings.extend(check_source(document, path=shown, required=project.config.required))
        return CheckResult(tuple(findings), tuple(errors), checked)
    for locale in locales_of(project, locales):
        glossary_path = project.locales_dir / locale / "glossary.csv"
        try:
            glossary = read_glossary(glossary_path) if glossary_path.is_file() else {}
        except L10nError as error:
            errors.append(error)
            glossary = {}
        for slug, path in project.existing_catalogs(locale, articles):
            if progress:
                progress(f"{locale}/{slug}")
            checked += 1
            shown = project.relative(path)
            try:
                catalog = read_catalog(path, shown=shown)
            except L10nError as error:
                errors.append(error)
                continue
            nplurals = plural_count(catalog)
            for entry in catalog:
                if entry.obsolete or not is_translated(entry):
                    continue
                findings.extend(
                    check_translation(
                        translation_of(entry),
                        locale=locale,
                        path=shown,
                        glossary=glossary,
                        nplurals=nplurals,
                    )
                )
    return CheckResult(tuple(findings), tuple(errors), checked)
