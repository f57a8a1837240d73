"""The desk's server-rendered HTML: the article list, the desk shell around one article,
and error pages. Every value from a catalog, page or ledger goes through `escape`; the
desk's script fills the segment panel with `textContent` only."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from l10n.steps.progress import PROGRESS_STATES, Progress

__all__ = ["ArticleRow", "LocaleCell", "render_desk", "render_error", "render_index"]


@dataclass(frozen=True, slots=True)
class LocaleCell:
    """One article in one locale on the list: its figures and whether it would publish,
    or the error that keeps it from being read."""

    locale: str
    progress: Progress | None
    held: str | None
    waiting: int
    error: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleRow:
    slug: str
    title: str
    cells: tuple[LocaleCell, ...]
    error: str | None = None


_HEAD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="/static/desk.css">
{extra}</head>
"""


def _head(title: str, extra: str = "") -> str:
    return _HEAD.format(title=escape(title), extra=extra)


def render_index(rows: Sequence[ArticleRow], *, editor: str | None, policy: str) -> str:
    """The article list: per article and locale, words by state, stale, waiting for
    review, and whether the build would publish it (and why not)."""
    parts = [_head("l10n desk"), "<body class='index'><header><h1>l10n review desk</h1>"]
    who = f"editor {escape(editor)}" if editor else "translator (no --editor: cannot sign)"
    parts.append(f"<p class='who'>Signed in as {who}; build policy {escape(policy)}.</p>")
    parts.append(
        "<p class='filters'><label>Filter <input id='filter' type='search' "
        "placeholder='article or locale'></label> <label><input id='only-waiting' "
        "type='checkbox'> only with work waiting</label></p></header><main><table>"
    )
    parts.append(
        "<thead><tr><th>article</th><th>locale</th><th>reviewed</th><th>translated</th>"
        "<th>fuzzy</th><th>untranslated</th><th>stale</th><th>waiting</th>"
        "<th>publish</th></tr></thead><tbody>"
    )
    for row in rows:
        if row.error is not None:
            parts.append(
                f"<tr class='error'><td>{escape(row.slug)}</td>"
                f"<td colspan='8'>error: {escape(row.error)}</td></tr>"
            )
            continue
        for cell in row.cells:
            parts.append(_cell(row, cell))
    parts.append("</tbody></table></main><script src='/static/index.js'></script></body></html>")
    return "".join(parts)


def _cell(row: ArticleRow, cell: LocaleCell) -> str:
    link = f"/{escape(cell.locale)}/{escape(row.slug)}"
    start = (
        f"<tr data-waiting='{cell.waiting}'><td><a href='{link}'>{escape(row.title)}</a>"
        f" <small>{escape(row.slug)}</small></td><td>{escape(cell.locale)}</td>"
    )
    if cell.progress is None:
        return start + f"<td colspan='7' class='error'>error: {escape(cell.error or '')}</td></tr>"
    figures = "".join(
        f"<td class='{state.value}'>{cell.progress.share(state):.0%}</td>"
        for state in PROGRESS_STATES
    )
    stale = cell.progress.stale.segments
    publish = "published" if cell.held is None else f"held: {escape(cell.held)}"
    return (
        start + figures + f"<td>{stale}</td><td>{cell.waiting}</td>"
        f"<td class='{'ok' if cell.held is None else 'held'}'>{publish}</td></tr>"
    )


def render_desk(
    *,
    locale: str,
    slug: str,
    title: str,
    token: str,
    source_lang: str,
    is_rtl: bool,
    sign_problem: str,
    editor: str | None,
    error: str | None = None,
) -> str:
    """The desk shell for one article: the preview frame, the segment list and panel
    (filled by desk.js from `entries.json`), the session token in a meta element;
    `source_lang` is the BCP 47 tag of the source text shown in the panel, and
    `sign_problem` why the desk cannot sign ("" when it can)."""
    can_sign = not sign_problem
    meta = (
        f"<meta name='l10n-token' content='{escape(token)}'>"
        f"<meta name='l10n-locale' content='{escape(locale)}'>"
        f"<meta name='l10n-slug' content='{escape(slug)}'>"
        f"<meta name='l10n-can-sign' content='{'yes' if can_sign else 'no'}'>"
        f"<meta name='l10n-direction' content='{'rtl' if is_rtl else 'ltr'}'>\n"
    )
    base = f"/{escape(locale)}/{escape(slug)}"
    who = (
        f"editor {escape(editor)}"
        if editor and can_sign
        else f"translator ({escape(sign_problem)})"
    )
    parts = [_head(f"{title} · {locale} · l10n desk", meta), "<body class='desk'>"]
    parts.append(
        f"<header><a href='/'>← articles</a> <h1>{escape(title)}</h1> "
        f"<span class='locale'>{escape(locale)}</span> <span class='who'>{who}</span>"
        "<span class='keys'>Alt+↓/↑ next/previous · Alt+W next waiting · Ctrl+S save · "
        "Alt+A approve · Alt+R reject</span></header>"
    )
    if error is not None:
        parts.append(f"<p class='error' role='alert'>{escape(error)}</p>")
        parts.append("</body></html>")
        return "".join(parts)
    parts.append(
        "<main><section class='page'>"
        # allow-same-origin without allow-scripts: nothing in the page runs, and the desk's
        # own script can still outline and listen to its segments.
        f"<iframe id='preview' title='page preview' sandbox='allow-same-origin' "
        f"src='{base}/preview'></iframe></section>"
        "<aside id='panel'><p id='message' role='status'></p>"
        "<ol id='segments' class='segments'></ol>"
        "<div id='entry' hidden>"
        "<h2>Source <span id='entry-state' class='state'></span></h2>"
        "<p id='entry-where' class='where'></p>"
        f"<div id='source' class='source' lang='{escape(source_lang)}' dir='auto'></div>"
        "<div id='notes' class='notes'></div>"
        "<div id='previous' class='previous' hidden><h3>Source before (fuzzy)</h3>"
        "<div id='diff'></div></div>"
        "<h2>Translation</h2>"
        "<p class='hint'>Drag a placeholder into the text, or put the caret (or select "
        "words, for a pair) and press it; one already in the text moves.</p>"
        "<div id='chips' class='chips'></div>"
        "<div id='forms'></div>"
        "<div id='draft' class='draft' hidden><h3>Your text, not saved</h3>"
        "<p id='draft-text'></p><button type='button' id='use-draft'>put it back</button></div>"
        "<ul id='findings' class='findings'></ul>"
        "<div id='suggestion' class='suggestion' hidden><h3>Translation memory</h3>"
        "<p><span id='suggestion-text'></span> <small id='suggestion-origin'></small> "
        "<button type='button' id='use-suggestion'>use</button></p></div>"
        "<p class='actions'><button type='button' id='save'>Save</button> "
        "<button type='button' id='approve'>Approve</button> "
        "<input id='note' placeholder='note for a rejection'> "
        "<button type='button' id='reject'>Reject</button></p>"
        "<h3>History</h3><ul id='history' class='history'></ul>"
        "</div></aside></main>"
        "<script src='/static/desk.js'></script></body></html>"
    )
    return "".join(parts)


def render_error(status: int, message: str) -> str:
    """A plain error page (404 and the rest), the message as text."""
    return (
        _head(f"{status} · l10n desk")
        + f"<body class='error-page'><h1>{status}</h1><p>{escape(message)}</p>"
        "<p><a href='/'>back to the articles</a></p></body></html>"
    )
