"""`l10n report`: the status dashboard, `site/index.html`, from one pass over the
project: each catalog read once, each page parsed once, every entry judged once."""

from __future__ import annotations

from datetime import datetime

from l10n.page.document import Document, parse_html
from l10n.page.placeholder import PLACEHOLDER
from l10n.project import Project, write_text
from l10n.review.verdict import Policy
from l10n.steps.common import FileOutcome, read_source, rules_of
from l10n.steps.dashboard import ArticleRow, VariantRow, render_dashboard
from l10n.steps.publish import check_selectors, plan_variant, required_segments
from l10n.steps.status import CatalogReview, review_article, start_survey

__all__ = ["title_of", "write_report"]


def write_report(project: Project, *, locales: list[str] | None, now: datetime) -> FileOutcome:
    """Write `site/index.html`, the status dashboard.

    Raises:
        CatalogError: a template or catalog that cannot be read.
        SourceError: a page that cannot be read.
    """
    config = project.config
    check_selectors(config.required)
    survey = start_survey(project, locales=locales)
    policy = Policy(config.policy)
    rules = rules_of(project)
    articles = []
    for slug in project.slugs([]):
        shown = project.relative(project.source_path(slug))
        document = parse_html(read_source(project, slug), name=shown, rules=rules)
        required = required_segments(document, config.required)
        variants = []
        for review in review_article(survey, slug, checks=True):
            plan = plan_variant(document, review.verdicts, policy=policy, required=required)
            page = project.page_path(review.locale, slug)
            variants.append(
                VariantRow(
                    locale=review.locale,
                    progress=review.progress,
                    page=f"{review.locale}/{slug}.html" if page.exists() else None,
                    held=plan.held_reason(config.threshold),
                    reviewers=_reviewers(review),
                )
            )
        source_page = project.page_path(config.source_locale, slug)
        source_link = f"{config.source_locale}/{slug}.html" if source_page.exists() else None
        articles.append(ArticleRow(slug, title_of(document, slug), source_link, tuple(variants)))
    html = render_dashboard(
        articles, generated=now, policy=config.policy, threshold=config.threshold
    )
    path = project.site_dir / "index.html"
    return FileOutcome(project.relative(path), write_text(path, html), f"{len(articles)} articles")


def title_of(document: Document, slug: str) -> str:
    """The article's name as the dashboard and the desk give it: its headline, else its
    title, else its slug."""
    for role in ("h1", "title"):
        for segment in document.segments:
            if segment.role == role:
                return PLACEHOLDER.sub("", segment.msgid)
    return slug


def _reviewers(review: CatalogReview) -> tuple[tuple[str, datetime], ...]:
    """Editors whose reviews count in this catalog, by registered name, with their
    latest review."""
    latest: dict[str, datetime] = {}
    for verdict in review.verdicts:
        for sign_off in verdict.counting:
            name = sign_off.editor.name if sign_off.editor is not None else sign_off.line.editor
            latest[name] = max(latest.get(name, sign_off.line.time), sign_off.line.time)
    return tuple(sorted(latest.items()))
