"""HTML page → `Document` of `Segment`s: what is translatable, and where it sits.

The rules are SPEC.md "Segments". Elements are either inline (phrasing elements whose
descendants are all phrasing) or containers; a segment is a maximal run of text and
inline elements inside a container, or one translatable attribute. Inline elements in a
run become numbered placeholders (see `placeholder.py`); the document keeps the elements
so that the build can put them back around translated text.
"""

from __future__ import annotations

import re

from l10n.errors import SourceError
from l10n.page.encoding import DecodedPage, decode_html
from l10n.page.extractor import Extractor
from l10n.page.model import (
    PHRASING,
    PROTECTED_TAGS,
    SKIPPED,
    VOID,
    AttributeValue,
    Document,
    Element,
    Rules,
    Segment,
    TextRun,
    has_letter,
)
from l10n.page.tree import build_tree

# The records of a parsed page live in `model.py` and the walk in `extractor.py`; this
# module reads a page into them, and is where the rest of the tool takes them from.
__all__ = [
    "PHRASING",
    "PROTECTED_TAGS",
    "SKIPPED",
    "VOID",
    "AttributeValue",
    "Document",
    "Rules",
    "Segment",
    "TextRun",
    "has_letter",
    "parse_html",
    "read_tree",
]

_MARKUP = re.compile(r"<[A-Za-z!?/]")
_DOCTYPE = re.compile(r"\A\ufeff?\s*(?:<!--.*?-->\s*)*(<!DOCTYPE[^>]*>)", re.IGNORECASE | re.DOTALL)


def parse_html(data: bytes, *, name: str, rules: Rules | None = None) -> Document:
    """Read a page's bytes into a Document.

    Raises:
        SourceError: the page is empty, cannot be decoded, is not HTML, or libxml2 gave
            up on it (a FATAL message such as nesting too deep, which would silently
            drop the rest of the page).
        ConfigError: a selector in `rules` is not valid CSS.
    """
    rules = rules or Rules()
    page, root = _read(data, name)
    extractor = Extractor(root, rules)
    segments = tuple(extractor.segments())
    doctype = _DOCTYPE.match(page.text)
    return Document(
        tree=root.getroottree(),
        encoding=page.encoding,
        segments=segments,
        doctype=doctype.group(1) if doctype else None,
        dates=tuple(dict.fromkeys(extractor.dates)),
        untranslated=tuple(extractor.untranslated()),
        decoding=page.report,
    )


def read_tree(data: bytes, *, name: str) -> Element:
    """The page's tree as `parse_html` reads it, without looking for segments (to
    compare two pages). Raises SourceError as `parse_html` does."""
    return _read(data, name)[1]


def _read(data: bytes, name: str) -> tuple[DecodedPage, Element]:
    page = decode_html(data, name=name)
    if not _MARKUP.search(page.text):
        raise SourceError(f"{name}: not HTML (no markup found)")
    root = build_tree(page.text, _utf8_body(data, page.encoding, page.text), name=name).root
    _empty_void_elements(root)
    return page, root


def _utf8_body(data: bytes, encoding: str, text: str) -> bytes:
    """The page as UTF-8 bytes for libxml2, without re-encoding when it already is (and
    valid: invalid bytes go as the U+FFFD a browser shows, not as libxml2 would read them)."""
    if encoding == "utf-8" and "\ufffd" not in text:
        return data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    return text.encode("utf-8")


def _empty_void_elements(root: Element) -> None:
    """Move content out of void elements libxml2 does not know as void (`wbr`, `embed`,
    `source`, `track`): it nests the text that follows inside them, which no browser
    does, and which would hide that text inside a placeholder."""
    for element in root.iter(*VOID):
        if not element.text and not len(element):
            continue
        parent = element.getparent()
        if parent is None:
            continue
        after = element.tail
        children = list(element)
        position = parent.index(element) + 1
        for offset, child in enumerate(children):
            parent.insert(position + offset, child)  # moves it out of the void element
        if children:
            element.tail = element.text
            children[-1].tail = (children[-1].tail or "") + (after or "") or None
        else:
            element.tail = (element.text or "") + (after or "") or None
        element.text = None
