"""How the status dashboard, `site/index.html`, looks: a summary per locale, one compact
row per article with a bar per locale, filters and a search that run in the page, and a
detail per article with the stale and rejected entries and who reviewed what.

One self-contained file: inline CSS and a little inline script, nothing from the network,
readable from file:// and on paper, usable without the script (everything is shown).
Every text from a catalog, a ledger or the registry is escaped here: translations and
notes are untrusted. Its data comes from `l10n.steps.report`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from html import escape
from importlib.resources import files

from l10n.review.verdict import EntryState
from l10n.steps.progress import PROGRESS_STATES, Progress, Tally

__all__ = [
    "ArticleRow",
    "Concern",
    "EntryRow",
    "LocaleInfo",
    "LocaleSummary",
    "ReviewerRow",
    "VariantRow",
    "render_dashboard",
]


class Concern(Enum):
    """Why an entry is listed in an article's detail."""

    STALE = "stale"  # its review no longer counts: the text changed under it
    REJECTED = "rejected"  # an editor sent exactly this text back, with a note


@dataclass(frozen=True, slots=True)
class EntryRow:
    """A stale or rejected entry: what it says, and who did what to it, when."""

    concern: Concern
    line: int  # in the catalog
    msgctxt: str | None
    source: str  # the msgid
    translation: tuple[str, ...]  # the msgstr now (plural forms in order)
    is_fuzzy: bool
    approved: tuple[str, ...] | None  # the text once approved, when it differs from now
    who: str  # the editor's registered name
    editor: str  # the editor's id
    when: datetime | None
    happened: str  # what happened at `when`: "rejected", "reviewed", "went stale"
    note: str  # the rejection's note, or why the review stopped counting


@dataclass(frozen=True, slots=True)
class ReviewerRow:
    """One editor whose reviews count in a catalog."""

    name: str
    editor: str
    segments: int
    words: int
    latest: datetime


@dataclass(frozen=True, slots=True)
class VariantRow:
    """One article in one locale, as the dashboard shows it."""

    locale: str
    progress: Progress
    page: str | None  # link to the built page, relative to site/
    held: str | None  # why it is not published, or None
    held_kinds: tuple[str, ...] = ()  # the kinds of reason in `held`, for the summary
    usable: float = 0.0  # share of source words a page may use under the policy
    waiting: Tally = field(default_factory=Tally)  # entries translated or fuzzy and not reviewed
    reviewers: tuple[ReviewerRow, ...] = ()
    entries: tuple[EntryRow, ...] = ()
    catalog: str | None = None  # the catalog's path, None when not merged yet

    @property
    def is_published(self) -> bool:
        """Passes the gate and its page is built."""
        return self.held is None and self.page is not None

    @property
    def is_ready(self) -> bool:
        """Passes the gate; no page yet (`l10n build` will publish it)."""
        return self.held is None and self.page is None

    @property
    def is_kept(self) -> bool:
        """Held back, and an earlier build's page is still there (stale)."""
        return self.held is not None and self.page is not None

    @property
    def states(self) -> tuple[str, ...]:
        """The filter states this variant is in (`_STATES`)."""
        found = []
        if self.is_published:
            found.append("published")
        if self.held is not None:
            found.append("held")
        if self.progress.stale.segments or self.is_kept:
            found.append("stale")
        if self.waiting.segments:
            found.append("waiting")
        return tuple(found)


@dataclass(frozen=True, slots=True)
class ArticleRow:
    slug: str
    title: str
    source_page: str | None
    variants: tuple[VariantRow, ...]


@dataclass(frozen=True, slots=True)
class LocaleInfo:
    code: str  # POSIX, as in folders
    lang: str  # BCP 47, for lang=""
    name: str  # in English
    direction: str  # "ltr" or "rtl"


@dataclass(frozen=True, slots=True)
class LocaleSummary:
    """One locale over every article."""

    info: LocaleInfo
    articles: int
    published: int
    ready: int
    held: int
    held_why: tuple[tuple[str, int], ...]  # kind of reason, how many variants
    kept: int  # held back with an earlier page kept
    stale: Tally
    stale_articles: int
    rejected: Tally
    waiting: Tally
    waiting_articles: int
    reviewed: Tally
    total: Tally


_COLOURS = {
    EntryState.REVIEWED: "#1b7f3b",
    EntryState.TRANSLATED: "#7cc48f",
    EntryState.FUZZY: "#e0a526",
    EntryState.UNTRANSLATED: "#d5d9de",
}
# The filter states, as their buttons name them.
_STATES = (
    ("published", "published", "passes the gate and its page is built"),
    ("held", "held back", "not published: under the threshold, or required text not usable"),
    ("stale", "stale", "a review that no longer counts, or an earlier page kept"),
    ("waiting", "waiting for review", "entries translated or fuzzy and not reviewed"),
)

# The page's whole style and script, inlined so the page stands alone (also on paper).
_STYLE = (files("l10n.steps") / "dashboard.css").read_text(encoding="utf-8")
# Filters and search: reads `data-*` attributes, sets `hidden`, keeps the choice in the
# URL's fragment (so a filtered view can be bookmarked, also from file://). It never
# builds markup from page text.
_SCRIPT = """
"use strict";
(() => {
  const form = document.getElementById("filters");
  const rows = [...document.querySelectorAll("li.article")];
  const count = document.getElementById("shown");
  const none = document.getElementById("none");
  const fold = (text) => text.normalize("NFKC").toLocaleLowerCase();
  const keys = rows.map((row) => fold(row.dataset.search || ""));
  form.hidden = false;
  function apply(write) {
    const locale = form.elements.locale.value;
    const state = form.elements.state.value;
    for (const card of document.querySelectorAll("[data-locale-card]")) {
      card.classList.toggle("chosen", card.dataset.localeCard === locale);
    }
    const words = fold(form.elements.q.value).split(/\\s+/).filter(Boolean);
    let shown = 0;
    rows.forEach((row, index) => {
      let matches = !state;
      for (const part of row.querySelectorAll("[data-locale]")) {
        const inLocale = !locale || part.dataset.locale === locale;
        part.hidden = !inLocale;
        if (inLocale && state && part.classList.contains("variant")) {
          matches ||= part.dataset.states.split(" ").includes(state);
        }
      }
      const visible = matches && words.every((word) => keys[index].includes(word));
      row.hidden = !visible;
      shown += visible ? 1 : 0;
    });
    count.textContent = `${shown} of ${rows.length} articles`;
    none.hidden = shown > 0;
    if (write) {
      const fragment = new URLSearchParams();
      const chosen = { locale, state, q: form.elements.q.value };
      for (const [name, value] of Object.entries(chosen)) {
        if (value) fragment.set(name, value);
      }
      const here = location.pathname + location.search;
      try {
        history.replaceState(null, "", String(fragment) ? `#${fragment}` : here);
      } catch {
        // A browser that refuses history on file:// keeps the filters, not the link.
      }
    }
  }
  function read() {
    const fragment = new URLSearchParams(location.hash.slice(1));
    for (const name of ["locale", "state"]) {
      const wanted = fragment.get(name) || "";
      const choice = [...form.elements[name]].find((input) => input.value === wanted);
      (choice || form.elements[name][0]).checked = true;
    }
    form.elements.q.value = fragment.get("q") || "";
    apply(false);
  }
  form.addEventListener("input", () => apply(true));
  form.addEventListener("submit", (event) => event.preventDefault());
  window.addEventListener("hashchange", read);
  read();
})();
"""


def render_dashboard(
    articles: list[ArticleRow],
    *,
    summaries: list[LocaleSummary],
    source_lang: str,
    generated: datetime,
    policy: str,
    threshold: int,
    warnings: tuple[str, ...] = (),
) -> str:
    """The dashboard page as HTML text."""
    infos = {summary.info.code: summary.info for summary in summaries}
    legend = "".join(
        f'<span class="key"><span class="swatch" style="background:{_COLOURS[state]}"></span>'
        f"{state.value}</span>"
        for state in PROGRESS_STATES
    )
    overview = " · ".join(
        f'<a href="#locale={escape(s.info.code)}"><b>{escape(s.info.code)}</b> '
        f"{s.published}/{s.articles}</a>"
        for s in summaries
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en" dir="ltr">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>l10n status</title>",
        f"<style>{_STYLE}</style></head>",
        "<body>",
        "<header>",
        "<h1>Localization status</h1>",
        f'<p class="overview">Published: {overview}</p>',
        f'<p class="meta">{len(articles)} articles. Policy <b>{escape(policy)}</b>, publishing'
        f" threshold <b>{threshold}%</b> of source words usable. Generated"
        f" {generated:%Y-%m-%d %H:%M} UTC. Words: a run of letters or digits, or one CJK"
        " character.</p>",
        *(f'<p class="warning">{escape(warning)}</p>' for warning in warnings),
        "</header>",
        '<section class="summary" aria-label="Summary per locale">',
        *(_summary(summary) for summary in summaries),
        "</section>",
        _filters(summaries),
        f'<p class="legend">{legend}<span class="key"><span class="mark published">✓ published'
        '</span></span><span class="key"><span class="mark held">held back</span></span>'
        '<span class="key"><span class="flag stale">stale</span></span></p>',
        '<ol class="articles">',
        *(_article(article, infos, source_lang) for article in articles),
        "</ol>",
        '<p id="none" class="none" hidden>No article matches these filters.</p>',
        f"<script>{_SCRIPT}</script>",
        "</body></html>\n",
    ]
    return "\n".join(parts)


def _entries(tally: Tally) -> str:
    return f"{tally.segments:,} {'entry' if tally.segments == 1 else 'entries'}"


def _articles(count: int) -> str:
    return f"{count:,} article{'' if count == 1 else 's'}"


def _summary(summary: LocaleSummary) -> str:
    info = summary.info
    code = escape(info.code)
    share = summary.reviewed.words / summary.total.words if summary.total.words else 1.0
    why = "; ".join(f"{escape(kind)}: {count}" for kind, count in summary.held_why)
    held = f'<a href="#locale={code}&amp;state=held">held back: {summary.held}</a>'
    if why:
        held += f" ({why})"
    if summary.kept:
        held += f", {summary.kept} earlier page{'s' if summary.kept != 1 else ''} kept (stale)"
    stale = f'<a href="#locale={code}&amp;state=stale">stale reviews: {_entries(summary.stale)}</a>'
    if summary.stale.segments:
        stale += f" in {_articles(summary.stale_articles)}"
    waiting = (
        f'<a href="#locale={code}&amp;state=waiting">waiting for review:'
        f" {_entries(summary.waiting)}</a>"
    )
    if summary.waiting.segments:
        waiting += f" ({summary.waiting.words:,} words) in {_articles(summary.waiting_articles)}"
    if summary.rejected.segments:
        waiting += f", of which rejected: {summary.rejected.segments:,}"
    ready = (
        f' <span class="ready">+ {summary.ready} ready: run l10n build</span>'
        if summary.ready
        else ""
    )
    return (
        f'<section class="card" data-locale-card="{code}">'
        f'<h2><a href="#locale={code}"><span class="code">{code}</span> '
        f'<span class="name">{escape(info.name)}</span></a></h2>'
        f'<p class="count"><a href="#locale={code}&amp;state=published"><b>'
        f"{summary.published}/{summary.articles}</b> published</a>{ready}</p>"
        f"<ul><li>{held}</li><li>{stale}</li><li>{waiting}</li>"
        f"<li>reviewed: {summary.reviewed.words:,} of {summary.total.words:,} words"
        f" ({share:.0%})</li></ul></section>"
    )


def _filters(summaries: list[LocaleSummary]) -> str:
    def choice(name: str, value: str, label: str, *, title: str) -> str:
        checked = " checked" if not value else ""
        return (
            f'<label class="choice" title="{escape(title)}"><input type="radio" name="{name}"'
            f' value="{escape(value)}"{checked}><span>{escape(label)}</span></label>'
        )

    locales = [choice("locale", "", "all locales", title="every locale")] + [
        choice("locale", s.info.code, s.info.code, title=s.info.name) for s in summaries
    ]
    states = [choice("state", "", "any state", title="every article")] + [
        choice("state", value, label, title=title) for value, label, title in _STATES
    ]
    return (
        '<form id="filters" class="filters" role="search" hidden>'
        f"<fieldset><legend>Locale</legend>{''.join(locales)}</fieldset>"
        f"<fieldset><legend>State</legend>{''.join(states)}</fieldset>"
        '<label class="search">Search <input type="search" name="q" autocomplete="off"'
        ' placeholder="slug or headline"></label>'
        '<output id="shown" aria-live="polite"></output>'
        "</form>"
    )


def _article(article: ArticleRow, infos: dict[str, LocaleInfo], source_lang: str) -> str:
    slug = escape(article.slug)
    source = (
        f' · <a href="{escape(article.source_page)}">source page</a>' if article.source_page else ""
    )
    search = escape(f"{article.slug} {article.title}")
    variants = "".join(_variant(variant, slug) for variant in article.variants)
    return (
        f'<li class="article" id="article-{slug}" data-slug="{slug}" data-search="{search}">'
        f'<div class="head"><h2 class="title" lang="{escape(source_lang)}" dir="auto">'
        f"{escape(article.title)}</h2>"
        f'<p class="slug"><code>{slug}</code>{source}</p></div>'
        f'<ul class="variants">{variants}</ul>'
        f"{_detail(article, infos, source_lang)}</li>"
    )


def _bar(progress: Progress) -> str:
    total = progress.total.words or 1
    return "".join(
        f'<span style="width:{100 * progress.by_state[state].words / total:.2f}%;'
        f'background:{_COLOURS[state]}" title="{state.value}"></span>'
        for state in PROGRESS_STATES
        if progress.by_state[state].words
    )


def _label(progress: Progress) -> str:
    """The bar's figures as words (its `aria-label`, read by tests/test_agreement.py)."""
    counted = [
        f"{state.value}: {progress.by_state[state].words}"
        for state in PROGRESS_STATES
        if progress.by_state[state].words
    ]
    if progress.stale.segments:
        counted.append(f"stale reviews: {progress.stale.segments}")
    return ", ".join(counted) if counted else "no words"


def _variant(variant: VariantRow, slug: str) -> str:
    locale = escape(variant.locale)
    label = f"{variant.locale}: {_label(variant.progress)}"
    if variant.is_published and variant.page:
        code = f'<a class="code" href="{escape(variant.page)}">{locale}</a>'
        mark = '<span class="mark published" title="published">✓ published</span>'
    else:
        code = f'<span class="code">{locale}</span>'
        if variant.held is not None:
            mark = f'<span class="mark held" title="{escape(variant.held)}">held back</span>'
        else:
            mark = '<span class="mark ready" title="passes the gate; run l10n build">ready</span>'
    flags = [mark]
    if variant.progress.stale.segments:
        flags.append(f'<span class="flag stale">{variant.progress.stale.segments} stale</span>')
    if variant.is_kept:
        flags.append('<span class="flag stale">earlier page kept</span>')
    if variant.progress.rejected.segments:
        flags.append(
            f'<span class="flag rejected">{variant.progress.rejected.segments} rejected</span>'
        )
    if variant.waiting.segments:
        flags.append(f'<span class="flag waiting">{variant.waiting.segments} waiting</span>')
    classes = "variant is-published" if variant.is_published else "variant"
    return (
        f'<li class="{classes}" data-locale="{locale}" data-states="{" ".join(variant.states)}">'
        f"{code}"
        f'<div class="bar" role="img" aria-label="{escape(label)}">{_bar(variant.progress)}</div>'
        f'<span class="share" title="source words usable under the policy">'
        f"{variant.usable:.0%}</span>"
        f'<span class="flags">{"".join(flags)}</span></li>'
    )


def _detail(article: ArticleRow, infos: dict[str, LocaleInfo], source_lang: str) -> str:
    said = []
    for variant in article.variants:
        stale = sum(1 for e in variant.entries if e.concern is Concern.STALE)
        rejected = sum(1 for e in variant.entries if e.concern is Concern.REJECTED)
        bits = [f"<b>{escape(variant.locale)}</b>"]
        if stale:
            bits.append(f'<span class="flag stale">{stale} stale</span>')
        if rejected:
            bits.append(f'<span class="flag rejected">{rejected} rejected</span>')
        names = ", ".join(f"<bdi>{escape(r.name)}</bdi>" for r in variant.reviewers)
        bits.append(names or "no review counts")
        said.append(f'<span data-locale="{escape(variant.locale)}"> · {" ".join(bits)}</span>')
    sections = "".join(
        _locale_detail(variant, infos.get(variant.locale), source_lang)
        for variant in article.variants
    )
    return (
        f'<details class="detail"><summary>Details <span class="said">{"".join(said)}'
        f"</span></summary>{sections}</details>"
    )


def _locale_detail(variant: VariantRow, info: LocaleInfo | None, source_lang: str) -> str:
    locale = escape(variant.locale)
    name = f" · {escape(info.name)}" if info is not None else ""
    if variant.held is not None:
        status = f'<p class="held">Not published: {escape(variant.held)}.'
        if variant.page:
            status += (
                f' An earlier page is kept (stale): <a href="{escape(variant.page)}">'
                f"{escape(variant.page)}</a>."
            )
        status += "</p>"
    elif variant.page:
        status = (
            f'<p class="ok">✓ Published: <a href="{escape(variant.page)}">'
            f"{escape(variant.page)}</a></p>"
        )
    else:
        status = '<p class="ok">Passes the gate; run l10n build to publish it.</p>'
    progress = variant.progress
    figures = ", ".join(
        f"{state.value} {progress.by_state[state].words:,}" for state in PROGRESS_STATES
    )
    figures = f"<p>Words: {figures} (of {progress.total.words:,}); usable {variant.usable:.0%}."
    if variant.waiting.segments:
        figures += f" Waiting for review: {_entries(variant.waiting)}."
    figures += "</p>"
    if variant.reviewers:
        reviewers = "".join(
            f"<li><bdi>{escape(r.name)}</bdi> ({escape(r.editor)}): {r.segments:,}"
            f" {'entry' if r.segments == 1 else 'entries'}, {r.words:,} words, latest"
            f" {r.latest:%Y-%m-%d}</li>"
            for r in variant.reviewers
        )
        reviewers = f'<p>Reviews that count:</p><ul class="reviewers">{reviewers}</ul>'
    else:
        reviewers = "<p>No review counts yet.</p>"
    entries = "".join(
        _entry(entry, info, source_lang, variant.catalog) for entry in variant.entries
    )
    return (
        f'<section class="locale-detail" data-locale="{locale}">'
        f"<h3>{locale}{name}</h3>{status}{figures}{reviewers}{entries}</section>"
    )


def _entry(entry: EntryRow, info: LocaleInfo | None, source_lang: str, catalog: str | None) -> str:
    target = (
        f' lang="{escape(info.lang)}" dir="{escape(info.direction)}"'
        if info is not None
        else ' dir="auto"'
    )
    where = f"{escape(catalog)}:{entry.line}" if catalog else f"line {entry.line}"
    when = (
        f" · {escape(entry.happened)} {entry.when:%Y-%m-%d %H:%M} UTC"
        if entry.when is not None
        else ""
    )
    who = f" · by <bdi>{escape(entry.who)}</bdi> ({escape(entry.editor)})" if entry.editor else ""
    fuzzy = ' <span class="flag waiting">fuzzy</span>' if entry.is_fuzzy else ""
    rows = []
    if entry.msgctxt is not None:
        rows.append(("context", escape(entry.msgctxt), ' dir="auto"'))
    rows.append(("source", escape(entry.source), f' lang="{escape(source_lang)}" dir="auto"'))
    rows.append(("translation", _forms(entry.translation), target))
    if entry.approved is not None:
        rows.append(("approved text", _forms(entry.approved), target))
    if entry.note:
        label = "note" if entry.concern is Concern.REJECTED else "why"
        rows.append((label, escape(entry.note), ' dir="auto"'))
    body = "".join(
        f"<dt>{label}</dt><dd{attributes}>{text}</dd>" for label, text, attributes in rows
    )
    return (
        f'<div class="entry {entry.concern.value}"><p class="entry-head">'
        f'<span class="flag {entry.concern.value}">{entry.concern.value}</span>{fuzzy} '
        f"<code>{where}</code>"
        f"{who}{when}</p><dl>{body}</dl></div>"
    )


def _forms(forms: tuple[str, ...]) -> str:
    """A translation as text: one msgstr, or its plural forms one per line."""
    if not any(forms):
        return '<span class="empty">(empty)</span>'
    if len(forms) == 1:
        return escape(forms[0])
    return "<br>".join(f"[{index}] {escape(form)}" for index, form in enumerate(forms))
