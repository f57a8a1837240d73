"""One segment's msgid, built from text and inline elements: whitespace collapsed as a
browser shows it, inline elements as numbered placeholders with a legend for the
translator, source text that looks like a placeholder protected, and control characters
left out: the one rule on them that extraction, checks and the build share."""

from __future__ import annotations

import re
from typing import TypeAlias

from lxml import etree

from l10n.page.code import code_spans
from l10n.page.placeholder import PLACEHOLDER

__all__ = [
    "MsgidBuilder",
    "collapse_whitespace",
    "describe_element",
    "first_control_character",
    "strip_control_characters",
]

Element: TypeAlias = etree._Element

_ASCII_SPACE = re.compile(r"[\t\n\f\r ]+")
#: Characters that are not text a reader sees (HTML calls them parse errors, lxml refuses
#: all but DEL in a tree): C0 controls but tab, LF and CR, DEL, U+FFFE and U+FFFF. A
#: form feed is ASCII whitespace: outside `pre` it is collapsed to a space first.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def collapse_whitespace(text: str) -> str:
    """Collapse ASCII whitespace runs to one space; other spaces are text.

    >>> collapse_whitespace("a \\n\\t b\\u00a0\\u00a0c\\u3000d")
    'a b\\xa0\\xa0c\\u3000d'
    """
    return _ASCII_SPACE.sub(" ", text)


def strip_control_characters(text: str) -> str:
    """Leave out the control characters a page cannot hold as text: they never reach a
    msgid, so no translation needs them, and one holding any is refused.

    >>> strip_control_characters("Staff\\x7fReporters\\x01 \\tdesk")
    'StaffReporters \\tdesk'
    """
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def first_control_character(text: str) -> str | None:
    """The first control character of a text that a page cannot hold, or None.

    >>> first_control_character("a\\tb"), first_control_character("a\\x7fb")
    (None, '\\x7f')
    """
    found = _CONTROL.search(text)
    return found.group() if found else None


class MsgidBuilder:
    """Builds one segment's msgid: collapses whitespace across element boundaries as a
    browser would, turns inline elements into numbered placeholders, and turns source
    text that looks like a placeholder into a protected one."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.descriptions: dict[int, str] = {}
        self.numbered: dict[int, Element | str] = {}
        self.legend_order: list[tuple[int, bool]] = []
        self.open_numbers: list[int] = []
        self.text_parts: list[int] = []  # indexes of text in self.parts

    def text(self, value: str) -> None:
        value = strip_control_characters(value)
        position = 0
        for start, stop in code_spans(value):
            self._text_outside_code(value[position:start])
            self._literal(value[start:stop], f'the code "{_shortened(value[start:stop])}"')
            position = stop
        self._text_outside_code(value[position:])

    def _text_outside_code(self, value: str) -> None:
        position = 0
        for match in PLACEHOLDER.finditer(value):
            self._plain(value[position : match.start()])
            self._literal(match.group(), f'the text "{match.group()}"')
            position = match.end()
        self._plain(value[position:])

    def _literal(self, value: str, description: str) -> None:
        """Source text the translator keeps as it is, as a protected placeholder."""
        number = self._next(value, f"{description} (kept as is)")
        self.parts.append(f"<{number}/>")
        self.legend_order.append((number, True))

    def _plain(self, value: str) -> None:
        if value:
            self.text_parts.append(len(self.parts))
            self.parts.append(value)

    def single(self, element: Element, description: str) -> None:
        number = self._next(element, description)
        self.parts.append(f"<{number}/>")
        self.legend_order.append((number, True))

    def open(self, element: Element, description: str) -> None:
        number = self._next(element, description)
        self.parts.append(f"<{number}>")
        self.legend_order.append((number, False))
        self.open_numbers.append(number)

    def close(self) -> None:
        self.parts.append(f"</{self.open_numbers.pop()}>")

    def _next(self, target: Element | str, description: str) -> int:
        number = len(self.numbered) + 1
        self.numbered[number] = target
        self.descriptions[number] = description
        return number

    def plain_text(self) -> str:
        return "".join(self.parts[index] for index in self.text_parts)

    def finish(self, *, trim: bool) -> tuple[str, list[str]]:
        """The msgid and its legend lines."""
        if trim:
            self._collapse_across_tags()
        legend = [
            f"<{number}/> = {self.descriptions[number]}"
            if single
            else f"<{number}> = {self.descriptions[number]}"
            for number, single in self.legend_order
        ]
        return "".join(self.parts), legend

    def _collapse_across_tags(self) -> None:
        # A space at the end of one text and the start of the next, with only paired
        # placeholders between, is one space, as a browser shows it; a single
        # placeholder (an image, a code sample, a date) is visible, so spaces beside it
        # stay. Spaces at the segment's ends go.
        texts = set(self.text_parts)
        after_space = True
        for index, part in enumerate(self.parts):
            if index not in texts:
                if part.endswith("/>"):
                    after_space = False
                continue
            if after_space and part.startswith(" "):
                part = part[1:]
            if part:
                after_space = part.endswith(" ")
            self.parts[index] = part
        for index in range(len(self.parts) - 1, -1, -1):
            part = self.parts[index]
            if index not in texts:
                if part.endswith("/>"):
                    break
                continue
            self.parts[index] = part.rstrip(" ")
            if self.parts[index]:
                break


def _shortened(text: str) -> str:
    """Text for a legend line: at most 60 characters.

    >>> _shortened("x" * 70)[-5:]
    'xx...'
    """
    return text if len(text) <= 60 else text[:57] + "..."


_DESCRIPTIONS = {
    "b": "bold", "strong": "strong importance", "i": "italic", "em": "emphasis",
    "u": "underline", "s": "struck-through text", "strike": "struck-through text",
    "small": "small print", "mark": "highlighted text", "sub": "subscript",
    "sup": "superscript", "q": "quotation", "cite": "title of a work", "dfn": "defined term",
    "br": "line break", "wbr": "line-break opportunity",
    "bdi": "text isolated from its surroundings",
    "bdo": "text with forced direction", "span": "span", "font": "font change",
    "big": "larger text", "tt": "monospace text", "time": "date or time", "nobr": "unbroken text",
}  # fmt: skip


def describe_element(element: Element) -> str:
    """What a placeholder stands for, in words a translator understands."""
    tag = str(element.tag)
    if tag == "a":
        href = element.get("href")
        return f"link to {href}" if href else "link"
    if tag == "img":
        alt = element.get("alt")
        return f"image {element.get('src', '')}" + (f' ("{alt}")' if alt else "")
    if tag in ("abbr", "acronym"):
        title = element.get("title")
        return f'abbreviation ("{title}")' if title else "abbreviation"
    if tag == "data":
        return f"data value {element.get('value', '')}"
    return _DESCRIPTIONS.get(tag, tag)
