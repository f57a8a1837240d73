r"""Plain-text article captures turned into clean article pages, by the grammar below.

## Grammar of a text capture

A capture is UTF-8 text; `\r\n` and `\r` end lines like `\n`. Unicode whitespace at
either end of a line is insignificant, inner spacing (U+2002, U+00A0) is kept, blank
lines are skipped: **one line is one block**, read in three steps.

1. *Markup.* Tag-shaped text is removed: `<name …>`, `</name>`, `<name/>`, a tag left
   open at the line end, `<!-- … -->`, `<!…>`, `<?…?>`; `<script>`/`<style>` with their
   content. A line left without a letter or digit is dropped whole (`line N: injected
   markup <legend>, <strike> dropped`), else only the markup goes (`line N: markup <b>
   removed, its text kept`). A line with neither markup nor letter or digit is dropped.
2. *Parts*, tried in this order; the first that matches the whole line wins.
   - **breadcrumb**: starts `position:` or `you are here:` (any case); items split on `>`
     → `<nav class="breadcrumb">position: A &gt; B &gt; C</nav>`.
   - **dateline**: `|`-separated fields, each `Source: X`, `Author(s): Y` or a date (at
     most one), any order → `<p class="dateline">` with `<span class="source">`, `<time
     datetime>`, `<span class="author">`, visible text as captured. Dates: `2022-09-22`
     (or `/`, `.`), `September 22, 2022`, `Sept. 22, 2022`, `22 September 2022`, each
     optionally with a time `HH:MM[:SS]` (after a space or `T`) and a zone (`Z`, `UTC`,
     `+08:00`, `+0800`, `UTC+8`); `datetime` is ISO 8601, zoned only if the capture is.
   - **editor credit**: `Editor: NAME` or `Editors: A, B` (ASCII or full-width colon,
     names in any script) → `<p class="editor">`.
   - **byline**: `By`, whitespace, a capital or non-Latin letter; at most 12 words, not
     ending in `.`, `!`, `?` (so `By 2030, …` stays prose) → `<p class="byline">`.
   - **caption**: ends with a credit in parentheses opening with photo(s), image,
     picture, graphic or credit, then `:`, `/` or `by` (`(PHOTO: XINHUA)`, `(Photo:
     courtesy of …)`) → `<figure>`, `<img src="images/<first words>.jpg" alt="<caption
     without credit>">`, `<figcaption>` ending in `<span class="credit">`.
   - **related heading**: `Top News`, `Related` (+ ` Stories`/` News`/` Articles`), `More
     Stories`/`News`, `Read More`, `See Also`, `Most Popular`/`Read`, `Latest News` (any
     case, optional final `:`) → `<aside class="related"><h2>`.
3. *Prose*, any other line: the first is the **headline** (`<h1>`, `<title>`); from a
   related heading up to the next part above, a related item; else a body `<p>`.

Related items are `<li><h3>headline</h3><p>summary</p></li>`. A bullet line (`•`, `*`,
`-`, en dash or `·` and a space) starts an item, bullet removed. Another line is the
summary of the current item when that has none yet and the line starts with a quotation
mark (`"`, `“`, `„`, `«`) or ends in `.`, `!`, `?`, `。` or a closing quote while the
headline does not; otherwise it starts an item.

The page: `<!DOCTYPE html>`, `<html lang>`, `<meta charset="utf-8">`, `<title>`, `<meta
name="description">` (the first body paragraph, cut at a word boundary to at most 160
characters); in `<body>` the breadcrumbs, `<article>` (headline first, other parts in
capture order), the related sections. All captured text is HTML-escaped.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from l10n.errors import SourceError

__all__ = ["ImportedArticle", "parse_capture"]

_text = partial(html.escape, quote=False)
_attribute = html.escape

# `<script>` and `<style>` go with their content; either may be left open at the line end.
_MARKUP = re.compile(
    r"<(script|style)\b[^>]*>.*?(?:</\1\s*>|$)|<!--.*?(?:-->|$)|<[!?][^>]*(?:>|$)"
    r"|</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?(?:/?>|$)",
    re.IGNORECASE,
)
_TAG_NAME = re.compile(r"</?([A-Za-z][\w:.-]*)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff]")  # or lone surrogates
_SPACES = re.compile(r"[\t\n\f\r ]{2,}")
_HTML_PAGE = re.compile(r"\s*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE)

_BREADCRUMB = re.compile(r"(?P<label>position|you are here)\s*[:\uff1a]\s*(?P<items>.*)", re.I)
_BREADCRUMB_SEPARATOR = re.compile(r"\s+>\s+|\s*>\s*(?=\S)")
_SOURCE = re.compile(r"(?P<label>source\s*[:\uff1a])\s*(?P<value>\S.*)", re.IGNORECASE)
_AUTHOR = re.compile(r"(?P<label>authors?\s*[:\uff1a])\s*(?P<value>\S.*)", re.IGNORECASE)
_EDITOR = re.compile(r"editors?\s*[:\uff1a]\s*\S.*", re.IGNORECASE)
_BYLINE = re.compile(r"By\s+(?P<first>\w)")
_CREDIT = re.compile(
    r"(?P<caption>.*?)\s*(?P<credit>\((?:photos?|image|picture|graphic|credit)"
    r"\s*(?:[:\uff1a/]|by\b)[^()]*\))",
    re.IGNORECASE,
)
_RELATED = re.compile(
    r"(?:top news|related(?: stories| news| articles)?|more (?:stories|news)|read more"
    r"|see also|most (?:popular|read)|latest news)\s*:?",
    re.IGNORECASE,
)
_BULLET = re.compile(r"[•*\-\u2013·]\s+(?P<text>.*)")
_QUOTES = ('"', "“", "„", "«")
_SENTENCE_END = (".", "!", "?", "。", "\uff01", "\uff1f", '"', "”", "»")

# The grammar's parts in page order, and how `missing` names them.
_PARTS = ("breadcrumb", "headline", "dateline", "caption", "byline", "body", "editor", "related")
_PART_NAMES = {"body": "body paragraphs", "editor": "editor credit", "related": "related stories"}
_MONTH_NAMES = "january february march april may june july august september october november"
_MONTHS = {
    name[:size]: number
    for number, name in enumerate([*_MONTH_NAMES.split(), "december"], start=1)
    for size in (3, len(name))
} | {"sept": 9}
_TIME = r"(?:(?:T|,?\s+(?:at\s+)?)(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
_ZONE = r"(?:\s*(?P<zone>Z|(?:UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2}))?"
_DATES = tuple(
    re.compile(pattern + _TIME + _ZONE, re.IGNORECASE)
    for pattern in (
        r"(?P<year>\d{4})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})",
        r"(?P<name>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})",
        r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<name>[A-Za-z]{3,9})\.?,?\s+(?P<year>\d{4})",
    )
)


@dataclass(frozen=True, slots=True)
class ImportedArticle:
    """An article page built from a capture, and what the grammar dropped or missed."""

    html: str
    dropped: tuple[str, ...]
    missing: tuple[str, ...]


@dataclass(slots=True)
class _Related:
    heading: str
    items: list[list[str]] = field(default_factory=list)


@dataclass(slots=True)
class _Page:
    breadcrumbs: list[str] = field(default_factory=list)
    headline: str | None = None
    blocks: list[str] = field(default_factory=list)
    related: list[_Related] = field(default_factory=list)
    found: set[str] = field(default_factory=set)
    description: str | None = None
    images: set[str] = field(default_factory=set)


def parse_capture(text: str, *, name: str, source_locale: str = "en") -> ImportedArticle:
    """Turn a plain-text capture into an article page, by the grammar of this module.

    Raises:
        SourceError: the capture is empty, holds only markup, is binary or is an
            HTML page rather than a text capture.
    """
    lines = _lines(text, name=name)
    dropped: list[str] = []
    page = _Page()
    section: _Related | None = None
    for number, raw in lines:
        line, report = _strip_markup(raw)
        if report:
            dropped.append(f"line {number}: {report}")
        if not line:
            continue
        part = _part(line, page)
        if part is not None:
            section = _Related(line.rstrip(":").strip()) if part == "related" else None
            page.related += [section] if section else []
            page.found.add("heading" if section else part)
        elif page.headline is None:
            page.headline = line
            page.found.add("headline")
        elif section is not None:
            _add_related_line(section, line)
            page.found.add("related")
        else:
            page.blocks.append(f"<p>{_text(line)}</p>")
            page.description = page.description or _describe(line)
            page.found.add("body")
    if not page.found:
        raise SourceError(f"{name}: no text outside markup")
    missing = tuple(
        f"no {_PART_NAMES.get(part, part)}" for part in _PARTS if part not in page.found
    )
    return ImportedArticle(_render(page, source_locale), tuple(dropped), missing)


def _lines(text: str, *, name: str) -> list[tuple[int, str]]:
    """The numbered non-blank lines of a capture, or SourceError if it is not one."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SourceError(f"{name}: empty capture")
    if _HTML_PAGE.match(text):
        raise SourceError(f"{name}: an HTML page, not a text capture; import it as a page")
    lines = [(number, line.replace("\f", " ")) for number, line in enumerate(text.split("\n"), 1)]
    if control := next((number for number, line in lines if _CONTROL.search(line)), None):
        raise SourceError(f"{name}:{control}: not a text capture (control character)")
    return [(number, line.strip()) for number, line in lines if line.strip()]


def _strip_markup(line: str) -> tuple[str, str | None]:
    """The line without tag-shaped text, and a report of what went, if anything.

    >>> _strip_markup("<legend id='x'><strike></strike></legend>")
    ('', 'injected markup <legend>, <strike> dropped')
    >>> _strip_markup("Ten <b>new</b> wells<script>alert(1)</script> dug.")
    ('Ten new wells dug.', 'markup <b>, <script> removed, its text kept')
    >>> _strip_markup("A < B and C > D")
    ('A < B and C > D', None)
    >>> _strip_markup("* * *")
    ('', "line without words '* * *' dropped")
    """
    names: list[str] = []

    def _remove(match: re.Match[str]) -> str:
        token = match.group(0)
        found = _TAG_NAME.match(token)
        tag = f"<{found.group(1).lower()}>" if found else ("<!-- -->" if "<!--" in token else "<!>")
        if tag not in names:
            names.append(tag)
        return ""

    clean = _MARKUP.sub(_remove, line)
    if not names:
        words = any(ch.isalnum() for ch in line)
        return (line, None) if words else ("", f"line without words {line!r} dropped")
    clean = _SPACES.sub(" ", clean).strip()
    listed = ", ".join(names)
    if not any(ch.isalnum() for ch in clean):
        return "", f"injected markup {listed} dropped"
    return clean, f"markup {listed} removed, its text kept"


def _part(line: str, page: _Page) -> str | None:
    """Recognise one of the grammar's parts, add it to the page and name it."""
    if match := _BREADCRUMB.fullmatch(line):
        items = [_text(item.strip()) for item in _BREADCRUMB_SEPARATOR.split(match["items"])]
        label = _text(line[: match.start("items")].strip())
        page.breadcrumbs.append(" ".join([label, " &gt; ".join(item for item in items if item)]))
        return "breadcrumb"
    if (dateline := _dateline(line)) is not None:
        page.blocks.append(dateline)
        return "dateline"
    if _EDITOR.fullmatch(line):
        page.blocks.append(f'<p class="editor">{_text(line)}</p>')
        return "editor"
    if _is_byline(line):
        page.blocks.append(f'<p class="byline">{_text(line)}</p>')
        return "byline"
    if match := _CREDIT.fullmatch(line):
        caption, credit = match["caption"], match["credit"]
        src = _image_name(caption, taken=page.images)
        page.images.add(src)
        shown = f"{_text(caption)} " if caption else ""
        page.blocks.append(
            f'<figure>\n  <img src="images/{src}.jpg" alt="{_attribute(caption)}">\n'
            f'  <figcaption>{shown}<span class="credit">{_text(credit)}</span></figcaption>\n'
            "</figure>"
        )
        return "caption"
    if _RELATED.fullmatch(line):
        return "related"
    return None


def _dateline(line: str) -> str | None:
    """The dateline's HTML when every `|` field is a source, an author or one date."""
    rendered: list[str] = []
    for raw in line.split("|"):
        value = raw.strip()
        if not value:
            continue
        if match := _SOURCE.fullmatch(value) or _AUTHOR.fullmatch(value):
            role = "source" if match.re is _SOURCE else "author"
            rendered.append(
                f'{_text(match["label"])} <span class="{role}">{_text(match["value"])}</span>'
            )
        elif (iso := _iso_date(value)) and not any("<time" in done for done in rendered):
            rendered.append(f'<time datetime="{iso}">{_text(value)}</time>')
        else:
            return None
    return f'<p class="dateline">{" | ".join(rendered)}</p>' if rendered else None


def _iso_date(value: str) -> str | None:
    """The ISO 8601 form of a captured date, or None when it is not one.

    >>> _iso_date("2022-09-22 10:51:47"), _iso_date("2022/09/22 10:51"), _iso_date("2022-09-22")
    ('2022-09-22T10:51:47', '2022-09-22T10:51', '2022-09-22')
    >>> _iso_date("September 22, 2022"), _iso_date("22 Sept. 2022 08:05 UTC+8")
    ('2022-09-22', '2022-09-22T08:05+08:00')
    >>> _iso_date("2022-09-22T10:51Z"), _iso_date("2022.9.22 10:51 +0530")
    ('2022-09-22T10:51Z', '2022-09-22T10:51+05:30')
    >>> _iso_date("2022-02-30"), _iso_date("Staff Reporters")
    (None, None)
    """
    for pattern in _DATES:
        if (match := pattern.fullmatch(value)) is None:
            continue
        groups = match.groupdict()
        month = _MONTHS.get(groups["name"].lower()) if groups.get("name") else int(groups["month"])
        if month is None:
            return None
        keys = ("year", "day", "hour", "minute", "second")
        year, day, hour, minute, second = (int(groups[key] or 0) for key in keys)
        try:
            moment = datetime(year, month, day, hour, minute, second)
        except ValueError:
            return None
        if groups["hour"] is None:
            return moment.date().isoformat()
        iso = moment.isoformat(timespec="seconds" if groups["second"] else "minutes")
        offset = re.sub(r"^(?:UTC|GMT|Z)", "", (groups["zone"] or "").upper())
        hours, _, minutes = offset[1:].partition(":")
        if not minutes and len(hours) > 2:
            hours, minutes = hours[:-2], hours[-2:]
        zone = f"{offset[:1]}{int(hours):02d}:{minutes or '00'}" if offset else "Z"
        return iso + (zone if groups["zone"] else "")
    return None


def _is_byline(line: str) -> bool:
    """Whether the line is a byline rather than prose that starts with "By".

    >>> _is_byline("By\\u2002Staff\\u2002Reporters"), _is_byline("By 2030, the grid grows.")
    (True, False)
    >>> _is_byline("By contrast, wind stalled"), _is_byline("By 李明 in Almaty")
    (False, True)
    """
    match = _BYLINE.match(line)
    if match is None or not match["first"].isalpha() or match["first"].islower():
        return False
    return len(line.split()) <= 12 and not line.endswith((".", "!", "?"))


def _add_related_line(section: _Related, line: str) -> None:
    """Add a prose line of a related section as a new item or the current one's summary."""
    bullet = _BULLET.fullmatch(line)
    current = section.items[-1] if section.items else None
    if bullet is None and current is not None and len(current) == 1:
        quoted = line.startswith(_QUOTES)
        if quoted or (line.endswith(_SENTENCE_END) and not current[0].endswith(_SENTENCE_END)):
            current.append(line)
            return
    section.items.append([bullet["text"] if bullet else line])


def _image_name(caption: str, *, taken: set[str]) -> str:
    """A file name for a caption's image: its first ASCII words, unique in the page.

    >>> _image_name("China-built Turgusun hydropower station on the river.", taken=set())
    'china-built-turgusun-hydropower-station'
    >>> _image_name("阿尔泰的水电站", taken={"lead"})
    'lead-2'
    """
    words = re.findall(r"[a-z0-9]+", caption.lower())[:5]
    base = "-".join(words) or "lead"
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _describe(text: str, limit: int = 160) -> str:
    """The text as a meta description: whole, or cut at a word boundary with `…`.

    >>> _describe("Short enough.")
    'Short enough.'
    >>> cut = _describe("word " * 50)
    >>> len(cut) <= 160, cut.endswith("word…")
    (True, True)
    """
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    boundary = max(cut.rfind(" "), cut.rfind("\u00a0"), cut.rfind("\u2002"))
    if boundary > limit // 2:
        cut = cut[:boundary]
    return cut.rstrip(" ,;:-\u2013\u2014\u00a0\u2002") + "…"


def _render(page: _Page, source_locale: str) -> str:
    """The whole page, one block per line, indented two spaces per level."""
    head = ['<meta charset="utf-8">', f"<title>{_text(page.headline or '')}</title>"]
    if page.description:
        head.append(f'<meta name="description" content="{_attribute(page.description)}">')
    body = [f'<nav class="breadcrumb">{crumbs}</nav>' for crumbs in page.breadcrumbs]
    article = [f"<h1>{_text(page.headline)}</h1>"] if page.headline is not None else []
    body += ["<article>", *_indent([*article, *page.blocks]), "</article>"]
    for section in page.related:
        items: list[str] = []
        for item in section.items:
            summary = [f"  <p>{_text(line)}</p>" for line in item[1:]]
            items += ["<li>", f"  <h3>{_text(item[0])}</h3>", *summary, "</li>"]
        inner = [f"<h2>{_text(section.heading)}</h2>", "<ul>", *_indent(items), "</ul>"]
        body += ['<aside class="related">', *_indent(inner), "</aside>"]
    lang = _attribute(source_locale.replace("_", "-"))
    lines = ["<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", *_indent(head), "</head>"]
    lines += ["<body>", *_indent(body), "</body>", "</html>"]
    return "\n".join(lines) + "\n"


def _indent(blocks: list[str]) -> list[str]:
    return ["  " + line for block in blocks for line in block.split("\n")]
