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
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text:
        return _ASCII_SPACE.sub(" ", text)
    return text  # most short texts: nothing to collapse (the checks cost less than sub)


def strip_control_characters(text: str) -> str:
    """Leave out the control characters a page cannot hold as text: they never reach a
    msgid, so no translation needs them, and one holding any is refused.

    >>> strip_control_characters("Staff\\x7fReporters\\x01 \\tdesk")
    'StaffReporters \\tdesk'
    """
    if text.isprintable():  # C0 controls, DEL and the two noncharacters are not
        return text
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

    __slots__ = ("legend", "numbered", "open_numbers", "parts", "text_parts")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.numbered: dict[int, Element | str] = {}
        self.legend: list[str] = []  # one line per placeholder, in number order
        self.open_numbers: list[int] = []
        self.text_parts: list[int] = []  # indexes of text in self.parts

    def text(self, value: str) -> None:
        if not value.isprintable() and _CONTROL.search(value):  # printable: no controls
            value = _CONTROL.sub("", value)
        if "<" not in value and "{" not in value:  # most text: no code, no look-alikes
            if value:
                self.text_parts.append(len(self.parts))
                self.parts.append(value)
            return
        position = 0
        for start, stop in code_spans(value):
            self._text_outside_code(value[position:start])
            self._literal(value[start:stop], f'the code "{_shortened(value[start:stop])}"')
            position = stop
        self._text_outside_code(value[position:])

    def collapsed_text(self, value: str) -> None:
        """`text` of the value with its whitespace collapsed."""
        value = collapse_whitespace(value)
        # `text`'s own first test, here: this is called for every text of a run.
        if value.isprintable() and "<" not in value and "{" not in value:
            if value:
                self.text_parts.append(len(self.parts))
                self.parts.append(value)
            return
        self.text(value)

    def _text_outside_code(self, value: str) -> None:
        position = 0
        for match in PLACEHOLDER.finditer(value):
            self._plain(value[position : match.start()])
            self._literal(match.group(), f'the text "{match.group()}"')
            position = match.end()
        self._plain(value[position:])

    def _literal(self, value: str, description: str) -> None:
        """Source text the translator keeps as it is, as a protected placeholder."""
        self.single(value, f"{description} (kept as is)")

    def _plain(self, value: str) -> None:
        if value:
            self.text_parts.append(len(self.parts))
            self.parts.append(value)

    def single(self, element: Element | str, description: str) -> None:
        number = len(self.numbered) + 1
        self.numbered[number] = element
        self.legend.append(f"<{number}/> = {description}")
        self.parts.append(f"<{number}/>")

    def open(self, element: Element, description: str) -> None:
        number = len(self.numbered) + 1
        self.numbered[number] = element
        self.legend.append(f"<{number}> = {description}")
        self.parts.append(f"<{number}>")
        self.open_numbers.append(number)

    def close(self) -> None:
        self.parts.append(f"</{self.open_numbers.pop()}>")

    def plain_text(self) -> str:
        return "".join([self.parts[index] for index in self.text_parts])

    def finish(self, *, trim: bool) -> tuple[str, list[str]]:
        """The msgid and its legend lines."""
        if trim and self.text_parts:
            self._collapse_across_tags()
        return "".join(self.parts), self.legend

    def _collapse_across_tags(self) -> None:
        # A space at the end of one text and the start of the next, with only paired
        # placeholders between, is one space, as a browser shows it; a single
        # placeholder (an image, a code sample, a date) is visible, so spaces beside it
        # stay. Spaces at the segment's ends go.
        parts = self.parts
        texts = self.text_parts
        if len(parts) == 1:  # text alone
            part = parts[0]
            parts[0] = (part[1:] if part.startswith(" ") else part).rstrip(" ")
            return
        for index in texts:  # only a text that starts or ends with a space changes
            part = parts[index]
            if part.startswith(" ") or part.endswith(" "):
                break
        else:
            return  # two runs in five of the Chinese corpus: no space around their texts
        is_text = [False] * len(parts)
        for index in texts:
            is_text[index] = True
        after_space = True
        for index, part in enumerate(parts):
            if not is_text[index]:
                if part.endswith("/>"):
                    after_space = False
                continue
            if after_space and part.startswith(" "):
                part = part[1:]
                parts[index] = part
            if part:
                after_space = part.endswith(" ")
        for index in range(len(parts) - 1, -1, -1):
            part = parts[index]
            if not is_text[index]:
                if part.endswith("/>"):
                    break
                continue
            parts[index] = part = part.rstrip(" ")
            if part:
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
    "ins": "inserted text", "del": "deleted text", "blink": "blinking text",
    "ruby": "text with a pronunciation guide", "rt": "pronunciation guide",
    "rp": "fallback parenthesis", "label": "form label", "button": "button",
    "output": "calculated result", "meter": "gauge", "progress": "progress bar",
    "select": "drop-down list", "input": "form field", "picture": "picture",
    "video": "video", "audio": "audio", "canvas": "drawing", "object": "embedded object",
    "embed": "embedded object", "map": "image map", "area": "image map area",
    "textarea": "text box", "slot": "slot",
}  # fmt: skip
#: What a reader sees of an element with no words of its own in this table.
_SHOWN_AS_IS = "no visible formatting"


def describe_element(element: Element) -> str:
    """What a placeholder stands for, in words a translator understands: what a reader
    sees, with the element's class or role when it has one (`span "tagline"`), never a
    bare tag name.

    >>> from lxml import etree
    >>> page = etree.fromstring(
    ...     '<p><a href="https://example.org/x">a</a><img src="m.jpg" alt="A map"/>'
    ...     '<img src="/i/d.gif?w=2"/><span class="tagline">t</span><span>u</span>'
    ...     '<b role="note">v</b><my-tag>w</my-tag></p>')
    >>> for element in page:
    ...     print(describe_element(element))
    link to https://example.org/x
    image: "A map"
    image with no description (d.gif)
    span "tagline"
    span, no visible formatting
    bold "note"
    my-tag element
    """
    tag = str(element.tag)
    if tag == "a":
        href = element.get("href")
        return f"link to {href}" if href else "link"
    if tag == "img":
        alt = _attribute_text(element, "alt")
        if alt:
            return f'image: "{alt}"'
        name = (element.get("src") or "").split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        return f"image with no description ({_shortened(name)})" if name else "image"
    if tag in ("abbr", "acronym"):
        title = element.get("title")
        return f'abbreviation ("{title}")' if title else "abbreviation"
    if tag == "data":
        return f"data value {element.get('value', '')}"
    words = _DESCRIPTIONS.get(tag)
    kind = _attribute_text(element, "class") or _attribute_text(element, "role")
    if kind:
        return f'{words or tag} "{kind}"'
    if words is None:
        return f"{tag} element"
    return f"{words}, {_SHOWN_AS_IS}" if tag == "span" else words


def _attribute_text(element: Element, name: str) -> str:
    """An attribute's value as a legend shows it: whitespace collapsed, no control
    characters, at most 60 characters."""
    value = element.get(name)
    if not value:
        return ""
    return _shortened(strip_control_characters(collapse_whitespace(value)).strip())
