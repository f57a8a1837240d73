"""`l10n check`: findings on every translated entry, or with `sources` on the pages."""

from __future__ import annotations

from l10n.checks.finding import Finding
from l10n.checks.source import check_source
from l10n.checks.translation import check_translation, read_glossary, translation_of
from l10n.page.document import parse_html
from l10n.po.catalog import read_catalog
from l10n.po.entry import is_translated, plural_count
from l10n.project import Project
from l10n.steps.common import locales_of, read_source, rules_of

__all__ = ["check"]


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
    return findings
