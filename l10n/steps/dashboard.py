"""How the status dashboard, `site/index.html`, looks: progress bars per article and
locale, who reviewed and when, links to every built page, and why a variant is not
published. Self-contained HTML and CSS, no JavaScript, readable on screen and in print.
Its figures come from `l10n.steps.report`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape
from importlib.resources import files

from l10n.review.verdict import EntryState
from l10n.steps.progress import PROGRESS_STATES, Progress

__all__ = ["ArticleRow", "VariantRow", "render_dashboard"]


@dataclass(frozen=True, slots=True)
class VariantRow:
    """One article in one locale, as the dashboard shows it."""

    locale: str
    progress: Progress
    page: str | None  # link to the built page, relative to site/
    held: str | None  # why it is not published, or None
    reviewers: tuple[tuple[str, datetime], ...]  # display name, latest counting review


@dataclass(frozen=True, slots=True)
class ArticleRow:
    slug: str
    title: str
    source_page: str | None
    variants: tuple[VariantRow, ...]


_COLOURS = {
    EntryState.REVIEWED: "#1b7f3b",
    EntryState.TRANSLATED: "#7cc48f",
    EntryState.FUZZY: "#e0a526",
    EntryState.UNTRANSLATED: "#d5d9de",
}

# The page's whole style, inlined so the page stands alone (also on paper).
_STYLE = (files("l10n.steps") / "dashboard.css").read_text(encoding="utf-8")


def render_dashboard(
    articles: list[ArticleRow], *, generated: datetime, policy: str, threshold: int
) -> str:
    """The dashboard page as HTML text."""
    legend = "".join(
        f'<span style="background:{_COLOURS[state]}"></span>{state.value}'
        for state in PROGRESS_STATES
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>l10n status</title>",
        f"<style>{_STYLE}</style></head>",
        "<body>",
        "<h1>Localization status</h1>",
        f'<p class="meta">Policy <b>{escape(policy)}</b>, publishing threshold <b>{threshold}%</b>'
        f" of source words usable. Generated {generated:%Y-%m-%d %H:%M} UTC. Words: a run of"
        " letters or digits, or one CJK character.</p>",
        f'<p class="legend">{legend}</p>',
    ]
    for article in articles:
        parts.append(_article(article))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _article(article: ArticleRow) -> str:
    source = (
        f' · <a href="{escape(article.source_page)}">source page</a>' if article.source_page else ""
    )
    rows = [
        f"<h2>{escape(article.title)} <small>({escape(article.slug)}{source})</small>",
        "</h2>",
        '<table><colgroup><col class="locale"><col><col class="figures"><col class="page">',
        "</colgroup><thead><tr><th>locale</th><th>progress and reviews</th><th>words</th>",
        "<th>page</th></tr></thead><tbody>",
    ]
    for variant in article.variants:
        rows.append(_variant(variant))
    rows.append("</tbody></table>")
    return "\n".join(rows)


def _variant(variant: VariantRow) -> str:
    progress = variant.progress
    total = progress.total.words or 1
    segments = "".join(
        f'<span style="width:{100 * progress.by_state[state].words / total:.2f}%;'
        f'background:{_COLOURS[state]}" title="{state.value}"></span>'
        for state in PROGRESS_STATES
        if progress.by_state[state].words
    )
    counted = [
        f"{state.value}: {progress.by_state[state].words}"
        for state in PROGRESS_STATES
        if progress.by_state[state].words
    ]
    label = ", ".join(counted) + (
        f", stale reviews: {progress.stale.segments}" if progress.stale.segments else ""
    )
    figures = "<br>".join(counted)
    if progress.stale.segments:
        figures += f'<br><span class="stale">stale reviews: {progress.stale.segments}</span>'
    # <bdi>: a Persian or Arabic name must not pull the date beside it into its direction.
    reviewers = ", ".join(
        f"<bdi>{escape(name)}</bdi> ({when:%Y-%m-%d})" for name, when in variant.reviewers
    )
    reviewed = f'<div class="figures">reviewed by {reviewers}</div>' if reviewers else ""
    if variant.held is not None:
        page = f'<div class="held">not published: {escape(variant.held)}</div>'
        if variant.page:
            link = f'<a href="{escape(variant.page)}">view</a>'
            page += f'<div class="held">an earlier page is kept (stale): {link}</div>'
    elif variant.page:
        page = f'<a href="{escape(variant.page)}">{escape(variant.page)}</a>'
    else:
        page = '<span class="ok">passes the gate; run l10n build</span>'
    return (
        f"<tr><td>{escape(variant.locale)}</td>"
        f'<td><div class="bar" role="img" aria-label="{escape(label)}">{segments}</div>'
        f"{reviewed}</td>"
        f'<td class="figures">{figures}</td><td>{page}</td></tr>'
    )
