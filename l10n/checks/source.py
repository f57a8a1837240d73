"""Checks on article sources (`l10n check --sources`): how the encoding was decided, junk
markup, encoding damage, missing spaces after punctuation, control characters, and
`required` selectors that match nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from lxml import etree
from lxml.cssselect import CSSSelector, SelectorError

from l10n.checks.finding import Finding, Severity
from l10n.page.document import Document
from l10n.page.msgid import first_control_character

__all__ = ["check_source"]


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


_KNOWN = _names(
    "a abbr address area article aside audio b base bdi bdo blockquote body br button canvas "
    "caption cite code col colgroup data datalist dd del details dfn dialog div dl dt em "
    "embed fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr "
    "html i iframe img input ins kbd label legend li link main map mark menu meta meter nav "
    "noscript object ol optgroup option output p param picture pre progress q rp rt ruby s "
    "samp script search section select slot small source span strong style sub summary sup "
    "svg math table tbody td template textarea tfoot th thead time title tr track u ul var "
    "video wbr"
)
_OBSOLETE = _names(
    "acronym applet basefont bgsound big blink center dir font frame frameset image isindex "
    "keygen listing marquee menuitem multicol nextid nobr noembed noframes plaintext rb rtc "
    "spacer strike tt xmp"
)
#: Elements and the parents they may have.
_PARENTS = {
    "caption": "table", "thead": "table", "tbody": "table", "tfoot": "table",
    "tr": "table thead tbody tfoot", "td": "tr", "th": "tr", "legend": "fieldset",
    "li": "ul ol menu", "figcaption": "figure", "summary": "details",
}  # fmt: skip
#: Elements empty by nature in current HTML (obsolete void ones like `bgsound` are junk).
_EMPTY_BY_NATURE = _names("area base br col embed hr img input link meta source track wbr")
#: Elements that are content without any text.
_CONTENT = (_EMPTY_BY_NATURE - {"br", "wbr"}) | _names(
    "iframe video audio canvas object svg math picture select textarea button script style template"
)
_NOT_PROSE = _names("script style template svg math")

_DAMAGE = re.compile(
    r"\ufffd|(?<=[a-z])\?(?=[A-Z])|ï»¿|â€|Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d"
    r"\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]|Â[\s\u0080-\u00bf]"
)
_URL_LIKE = re.compile(r"\S*(?:https?://|www\.)\S*|\S+@\S+\.\S+|\b[\w-]+(?:\.[\w-]+)+/\S*")
_MISSING_SPACE = re.compile(r"(?<=[^\W_])([,;:.])(?=[A-Z][a-z])")


def check_source(document: Document, *, path: str, required: Sequence[str] = ()) -> list[Finding]:
    """Findings on an article page: an encoding that was not simply the declared one,
    junk markup, encoding damage, missing spaces, and `required` CSS selectors that match
    nothing."""
    root = document.tree.getroot()
    return [
        *_check_decoding(document, path),
        *_check_junk(root, path),
        *_check_text(root, path, replaced=bool(document.decoding and document.decoding.invalid)),
        *_check_control_characters(root, path),
        *_check_required(root, path, required),
    ]


def _check_decoding(document: Document, path: str) -> Iterator[Finding]:
    decoding = document.decoding
    if decoding is not None:
        yield Finding(path, decoding.line, Severity.WARNING, "encoding-decision", decoding.message)


def _check_junk(root: etree._Element, path: str) -> list[Finding]:
    findings: list[Finding] = []

    def visit(element: etree._Element) -> bool:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _NOT_PROSE or tag in _CONTENT:
            return True
        has_content = bool((element.text or "").strip()) if tag else False
        for child in element:
            # `|`, not `or`: every child is visited.
            has_content = visit(child) | has_content | bool((child.tail or "").strip())
        if tag and not has_content and tag not in _EMPTY_BY_NATURE:
            reason = _junk_reason(element, tag)
            if reason:
                message = f"junk markup: empty <{tag}> {reason}"
                findings.append(
                    Finding(path, _line(element), Severity.WARNING, "junk-markup", message)
                )
        return has_content

    visit(root)
    return sorted(findings, key=lambda finding: finding.line)


def _junk_reason(element: etree._Element, tag: str) -> str | None:
    if "-" in tag:
        return None  # a custom element
    elif tag in _OBSOLETE:
        return "is obsolete"
    if tag not in _KNOWN:
        return "is not an HTML element"
    parent = element.getparent()
    permitted = _PARENTS.get(tag, "").split()
    if permitted and (parent is None or parent.tag not in permitted):
        return f"outside {' or '.join(f'<{name}>' for name in permitted)}"
    return None


def _line(element: etree._Element) -> int:
    return element.sourceline if isinstance(element.sourceline, int) else 0  # loosely typed stubs


def _prose(root: etree._Element) -> Iterator[tuple[int, str]]:
    """Each text node and `alt`/`title` value outside script and style, with its line."""
    for element in root.iter():
        tags = [element.tag, *(ancestor.tag for ancestor in element.iterancestors())]
        if not isinstance(element.tag, str) or any(tag in _NOT_PROSE for tag in tags):
            continue
        line = _line(element)
        for value in (element.text, element.get("alt"), element.get("title")):
            if value:
                yield line, value
        for child in element:
            if child.tail:
                yield _line(child) or line, child.tail


def _check_text(root: etree._Element, path: str, *, replaced: bool) -> Iterator[Finding]:
    for line, text in _prose(root):
        # Links keep their own punctuation (`?id=`, `index.Html`).
        prose = _URL_LIKE.sub(lambda match: " " * len(match.group()), text)
        for match in _DAMAGE.finditer(prose):
            if replaced and match.group() == "\ufffd":
                continue  # invalid bytes, already named by the encoding-decision finding
            message = f"encoding damage: {text[max(0, match.start() - 12) : match.end() + 12]!r}"
            yield Finding(path, line, Severity.WARNING, "encoding-damage", message)
        for match in _MISSING_SPACE.finditer(prose):
            if not _is_abbreviation(prose, match.start()):
                shown = text[max(0, match.start() - 12) : match.end() + 12]
                message = f"missing space after punctuation: {shown!r}"
                yield Finding(path, line, Severity.WARNING, "missing-space", message)


def _check_control_characters(root: etree._Element, path: str) -> list[Finding]:
    """One finding per page with control characters in its text or attributes (outside
    script and style), at the first one: extraction leaves them out of the msgids."""
    found: list[tuple[int, str]] = []
    for element in root.iter():
        if not isinstance(element.tag, str) or element.tag in _NOT_PROSE:
            continue
        ancestors = [ancestor.tag for ancestor in element.iterancestors()]
        if any(tag in _NOT_PROSE for tag in ancestors):
            continue
        # A form feed is whitespace, outside `pre`: collapsed, not left out.
        whitespace = _FORM_FEED if element.tag == "pre" or "pre" in ancestors else _NO_FORM_FEED
        for value in element.attrib.values():
            if character := first_control_character(str(value).translate(_NO_FORM_FEED)):
                found.append((_line(element), character))
        if element.text and first_control_character(element.text.translate(whitespace)):
            found.append(_first_control(element.text.translate(whitespace), _line(element)))
        for child in element:
            tail = (child.tail or "").translate(whitespace)
            if first_control_character(tail):
                found.append(_first_control(tail, _tail_line(child)))
    if not found:
        return []
    line, character = min(found)
    others = f" ({len(found)} places on the page)" if len(found) > 1 else ""
    message = (
        f"control character U+{ord(character):04X} in the text{others}; "
        "it is not text a reader sees, and the template leaves it out"
    )
    return [Finding(path, line, Severity.WARNING, "control-character", message)]


_FORM_FEED: dict[int, str] = {}
_NO_FORM_FEED = {ord("\f"): " "}


def _first_control(text: str, line: int) -> tuple[int, str]:
    """The line and character of the first control character in a text that starts at
    `line`."""
    character = first_control_character(text) or ""
    return line + text[: text.index(character)].count("\n"), character


def _tail_line(child: etree._Element) -> int:
    """The line where the text after `child` starts, as near as libxml2 tells: the
    next sibling's line less the tail's line breaks, else counted through the child."""
    following = child.getnext()
    tail = child.tail or ""
    if following is not None and _line(following):
        return max(1, _line(following) - tail.count("\n"))
    inside = "".join(str(text) for text in child.itertext())
    return _line(child) + inside.count("\n")


def _is_abbreviation(text: str, position: int) -> bool:
    """Whether the `.` at position ends a one-letter word (`U.S.`, `e.g.`).

    >>> _is_abbreviation("the U.S.Army", 7), _is_abbreviation("on May 16,Chinese", 9)
    (True, False)
    """
    return text[position] == "." and (position < 2 or not text[position - 2].isalpha())


def _check_required(root: etree._Element, path: str, required: Sequence[str]) -> Iterator[Finding]:
    for selector in required:
        try:
            matches = CSSSelector(selector, translator="html")(root)
        except SelectorError:
            matches = None
        if not matches:
            problem = "is not valid CSS" if matches is None else "matches nothing"
            message = f"required selector {selector!r} {problem}"
            yield Finding(path, 1, Severity.ERROR, "required-missing", message)
