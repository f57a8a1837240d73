"""Code written as text in a page: an embed code shown for copying (`<iframe src=…>`,
`<script>`), a tag named in a sentence (`the <b> tag`), a style sheet. It is not prose a
translator changes: a msgid holds each stretch of it as a protected placeholder, and a
text that is nothing but code (no letters outside it) gives no segment at all."""

from __future__ import annotations

import functools
import re

__all__ = ["code_spans"]

#: HTML's element names, current and obsolete: `<name>` or `<Ctrl>` in prose is not a tag.
_ELEMENTS = frozenset(
    "a abbr address area article aside audio b base bdi bdo blockquote body br button "
    "canvas caption cite code col colgroup data datalist dd del details dfn dialog div dl dt "
    "em embed fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr "
    "html i iframe img input ins kbd label legend li link main map mark menu meta meter nav "
    "noscript object ol optgroup option output p param picture pre progress q rp rt ruby s "
    "samp script search section select slot small source span strong style sub summary sup "
    "svg math table tbody td template textarea tfoot th thead time title tr track u ul var "
    "video wbr acronym applet basefont bgsound big blink center dir font frame frameset "
    "image isindex keygen listing marquee menuitem multicol nextid nobr noembed noframes "
    "plaintext rb rtc spacer strike tt xmp".split()
)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
#: Elements whose content is not prose: written as text, all they hold is code.
_CODE_CONTENT = frozenset(
    "script style iframe object video audio svg math noscript template canvas textarea".split()
)
_ATTRIBUTE = re.compile(r"<[A-Za-z][A-Za-z0-9-]*\s+[^\s/>]")
_ASCII_SPACE = "\t\n\f\r "
#: A tag, comment or declaration written as text, closed by its `>`.
_TAG = re.compile(
    r"<!--.*?-->|<![A-Za-z][^<>]*>|<(/?)([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9-]*)?)(?=[\s/>])[^<>]*>",
    re.DOTALL,
)
#: A style sheet written as text: rules (`.embed { position: relative; }`) and at-rules.
_DECLARATIONS = r"\{\s*(?:(?:--|-?[a-z])[a-z0-9-]{2,}\s*:[^{};]*(?:;\s*|(?=\})))+\}"
_RULE = rf"[^{{}}<;@]+{_DECLARATIONS}"
_STYLE_SHEET = rf"(?:\s*(?:@[\w-]+[^{{}};]*;|@[\w-]+[^{{}};]*\{{(?:\s*{_RULE})*\s*\}}|{_RULE}))+\s*"


@functools.cache  # compiled on first use: start-up need not pay for it
def _style_sheet() -> re.Pattern[str]:
    return re.compile(_STYLE_SHEET, re.IGNORECASE)


def code_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where code written as text is, as (start, stop) offsets: the whole text, without
    its surrounding spaces, when it is a style sheet; else each run of tags with only
    spaces between them, reaching from an opening tag to its closing one when that tag
    is code by its nature (`<iframe>`, `<script>`) or has attributes (`<blockquote
    class="twitter-tweet">…</blockquote>`, an embed code). Between bare tags written as
    text (`&lt;i&gt;Alien&lt;/i&gt;`, a CMS's escaped markup) the words are the reader's.

    >>> code_spans('Paste <iframe src="x">No frames</iframe> here, or use the <b> tag.')
    ((6, 40), (58, 61))
    >>> code_spans(' <blockquote class="t">Hi <a href="y">you</a></blockquote> ')
    ((1, 58),)
    >>> code_spans("films such as <i>Alien</i>"), code_spans("x <y> z")
    (((14, 17), (22, 26)), ())
    >>> code_spans(".embed { position: relative; top: 0 }"), code_spans("a {name} b")
    (((0, 37),), ())
    """
    if "<" not in text and "{" not in text:
        return ()
    start = len(text) - len(text.lstrip(_ASCII_SPACE))
    stop = len(text.rstrip(_ASCII_SPACE))
    if "{" in text and _style_sheet().fullmatch(text):
        return ((start, stop),)
    tags = [match for match in _TAG.finditer(text) if _is_tag(match)]
    if not tags:
        return ()
    closed_later = _names_closed_later(tags)
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(tags):
        begin, open_names = tags[index].start(), list[str]()
        while True:
            closing, name = _name(tags[index])
            if closing and name in open_names:
                del open_names[len(open_names) - 1 - open_names[::-1].index(name) :]
            elif (
                not closing
                and name in closed_later[index]
                and name not in _VOID
                and (open_names or _holds_code(tags[index], name))  # inside code: all code
            ):
                open_names.append(name)
            end = tags[index].end()
            following = tags[index + 1] if index + 1 < len(tags) else None
            if following is None:
                break
            if not open_names and text[end : following.start()].strip(_ASCII_SPACE):
                break
            index += 1
        spans.append((begin, end))
        index += 1
    return tuple(spans)


def _holds_code(match: re.Match[str], name: str) -> bool:
    """Whether what an opening tag written as text holds, up to its closing tag, is code
    too: the tag is code by nature, or has attributes, as embed codes do."""
    return name not in _VOID and (
        name in _CODE_CONTENT or _ATTRIBUTE.match(match.group()) is not None
    )


def _is_tag(match: re.Match[str]) -> bool:
    name = match.group(2)
    return name is None or "-" in name or name.lower() in _ELEMENTS


def _name(match: re.Match[str]) -> tuple[bool, str]:
    """Whether a tag closes, and its lower-case name ("" for comments, declarations and
    self-closing tags)."""
    name = match.group(2)
    if name is None or match.group().endswith("/>"):
        return False, ""
    return bool(match.group(1)), name.lower()


def _names_closed_later(tags: list[re.Match[str]]) -> list[frozenset[str]]:
    """For each tag, the names of the closing tags after it."""
    found: list[frozenset[str]] = []
    names: frozenset[str] = frozenset()
    for match in reversed(tags):
        found.append(names)
        closing, name = _name(match)
        if closing:
            names |= {name}
    return found[::-1]
