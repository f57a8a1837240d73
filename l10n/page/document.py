"""HTML page → `Document` of `Segment`s: what is translatable, and where it sits.

The rules are SPEC.md "Segments". Elements are either inline (phrasing elements whose
descendants are all phrasing) or containers; a segment is a maximal run of text and
inline elements inside a container, or one translatable attribute. Inline elements in a
run become numbered placeholders (see `placeholder.py`); the document keeps the elements
so that the build can put them back around translated text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

from lxml import etree
from lxml.cssselect import CSSSelector, SelectorError

from l10n.errors import ConfigError, SourceError
from l10n.locales import date_words
from l10n.page.encoding import decode_html
from l10n.page.msgid import MsgidBuilder, collapse_whitespace, describe_element
from l10n.page.tree import build_tree

__all__ = [
    "PHRASING",
    "SKIPPED",
    "VOID",
    "AttributeValue",
    "Document",
    "Rules",
    "Segment",
    "TextRun",
    "has_letter",
    "parse_html",
]

Element: TypeAlias = etree._Element
_TextSink: TypeAlias = Callable[[str | None], None]

#: HTML's phrasing elements, plus obsolete ones browsers still render inline.
PHRASING = frozenset(
    "a abbr b bdi bdo br cite code data dfn em i img kbd mark q s samp small span "
    "strong sub sup time u var wbr font big tt strike acronym nobr blink ins del ruby rt rp".split()
)
#: Never extracted: their text is not prose a reader sees (`iframe` and `noembed` text is
#: fallback no browser shows, and is raw text the serializer cannot escape). Inside a run
#: they are moved as placeholders.
SKIPPED = frozenset("script style template svg math iframe noembed noframes xmp plaintext".split())
#: Protected by their nature: the translator may move them but not change them.
PROTECTED_TAGS = frozenset(["code", "kbd", "samp", "var"])
#: Inline elements that are pure layout: at the edge of a run they stay outside it.
_EDGE_LAYOUT = frozenset(["br", "wbr", "img"]) | SKIPPED
#: HTML's void elements: they never hold content.
VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
#: Attributes translated wherever they appear (SPEC.md rule 3); `meta`, `value` and
#: `abbr` have conditions of their own.
_ATTRIBUTES = ("alt", "title", "placeholder", "aria-label", "label")
_BUTTON_TYPES = frozenset({"button", "submit", "reset"})
_META_NAMES = frozenset(
    "description keywords og:title og:description og:site_name og:image:alt "
    "twitter:title twitter:description twitter:image:alt".split()
)
_CONTEXT_ATTRIBUTES = ("data-l10n-context", "data-translate-context")
_NOTE_ATTRIBUTES = ("data-l10n-note", "its-loc-note", "data-translate-comment")

_WORD = re.compile(r"[^\W\d_]+")
_ZONE = re.compile(r"(?:UTC|GMT|Z|[A-Z]{1,4}T)")
_MARKUP = re.compile(r"<[A-Za-z!?/]")
_DOCTYPE = re.compile(r"\A\ufeff?\s*(?:<!--.*?-->\s*)*(<!DOCTYPE[^>]*>)", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class TextRun:
    """Where a text segment sits: the text before `container[start]` (its `text` when
    start is 0, else the previous child's `tail`), then children `start:stop` with their
    tails. `numbered` maps each placeholder number to its element, or to the literal
    source text a protected placeholder stands for."""

    container: Element
    start: int
    stop: int
    numbered: dict[int, Element | str] = field(hash=False, compare=False)


@dataclass(frozen=True, slots=True)
class AttributeValue:
    """Where an attribute segment sits."""

    element: Element
    attribute: str
    numbered: dict[int, Element | str] = field(hash=False, compare=False)


@dataclass(frozen=True, slots=True)
class Segment:
    """One translatable unit: its msgid and what the translator should know about it."""

    msgid: str
    msgctxt: str | None
    line: int
    role: str
    comments: tuple[str, ...]
    preformatted: bool
    location: TextRun | AttributeValue = field(compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Rules:
    """The extraction settings of a project (`exclude`, `scope`, source locale)."""

    source_locale: str = "en"
    exclude: tuple[str, ...] = ()
    scope: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed page: its tree, the encoding it came in, and its segments in order."""

    tree: etree._ElementTree
    encoding: str
    segments: tuple[Segment, ...]
    #: The source's doctype declaration as written, or None: the build keeps it as it is.
    doctype: str | None = None
    #: `<time datetime>` elements whose text is only a date: the build writes it per locale.
    dates: tuple[Element, ...] = ()
    #: Elements removed from extraction by `exclude`, or everything outside `scope`
    #: that holds text: their words stay in the source language.
    untranslated: tuple[Element, ...] = ()


def has_letter(text: str) -> bool:
    """Whether the text holds a letter of any script.

    >>> has_letter("2022-09-22 | •"), has_letter("王"), has_letter("x²")
    (False, True, True)
    """
    return any(word.isalpha() or any(ch.isalpha() for ch in word) for word in _WORD.findall(text))


def parse_html(data: bytes, *, name: str, rules: Rules | None = None) -> Document:
    """Read a page's bytes into a Document.

    Raises:
        SourceError: the page is empty, cannot be decoded, is not HTML, or libxml2 gave
            up on it (a FATAL message such as nesting too deep, which would silently
            drop the rest of the page).
        ConfigError: a selector in `rules` is not valid CSS.
    """
    rules = rules or Rules()
    page = decode_html(data, name=name)
    if not _MARKUP.search(page.text):
        raise SourceError(f"{name}: not HTML (no markup found)")
    root = build_tree(page.text, _utf8_body(data, page.encoding, page.text), name=name).root
    _empty_void_elements(root)
    extractor = _Extractor(root, rules)
    segments = tuple(extractor.segments())
    doctype = _DOCTYPE.match(page.text)
    return Document(
        tree=root.getroottree(),
        encoding=page.encoding,
        segments=segments,
        doctype=doctype.group(1) if doctype else None,
        dates=tuple(dict.fromkeys(extractor.dates)),
        untranslated=tuple(extractor.untranslated()),
    )


def _utf8_body(data: bytes, encoding: str, text: str) -> bytes:
    """The page as UTF-8 bytes for libxml2, without re-encoding when it already is."""
    if encoding == "utf-8":
        return data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    return text.encode("utf-8")


def _select(root: Element, selectors: Sequence[str]) -> set[Element]:
    found: set[Element] = set()
    for selector in selectors:
        try:
            matches = CSSSelector(selector, translator="html")(root)
            if isinstance(matches, list):
                found.update(m for m in matches if isinstance(m, etree._Element))
        except SelectorError as error:
            raise ConfigError(f"selector {selector!r}: not valid CSS ({error})") from error
    return found


@dataclass(slots=True)
class _Context:
    """What a container passes down to the segments inside it."""

    msgctxt: str | None = None
    note: str | None = None
    preformatted: bool = False


class _Extractor:
    """One walk over a page in document order, yielding its segments."""

    def __init__(self, root: Element, rules: Rules) -> None:
        self.root = root
        self.date_words = date_words(rules.source_locale)
        self.excluded = _select(root, rules.exclude)
        self.scope = _select(root, rules.scope) if rules.scope else None
        self.blocky = _elements_holding_blocks(root)
        marks = _attribute_marks(root)
        self.protected = marks.protected | self.excluded
        self.annotated = marks.annotated
        self.with_attributes = marks.translatable
        self.translate_off = False  # inside <!-- translate:off --> … <!-- translate:on -->
        # Segments are appended here as the walk finds them: cheaper than generators
        # passing each one up through every level of nesting.
        self.found: list[Segment] = []
        self.dates: list[Element] = []

    def segments(self) -> list[Segment]:
        if self._is_protected(self.root):
            return self.found  # <html translate="no">: nothing on the page is translated
        if self.scope is None:
            self._container(self.root, _Context())
            return self.found
        for element in self.root.iter():
            if element not in self.scope:
                continue
            ancestors = list(element.iterancestors())
            if any(a in self.scope for a in ancestors):
                continue  # walked with the outer match
            if any(self._is_protected(e) for e in (element, *ancestors)):
                continue  # scope does not reach into excluded or translate="no" content
            self._container(element, self._inherited(element))
        return self.found

    def untranslated(self) -> list[Element]:
        """Excluded elements holding letters and, under `scope`, the elements outside it
        whose own text holds letters."""
        found = [e for e in self.excluded if has_letter("".join(str(t) for t in e.itertext()))]
        if self.scope is not None:
            inside: set[Element] = set()
            for match in self.scope:
                inside.update(match.iter())
            for element in self.root.iter():
                if element in inside or not isinstance(element.tag, str) or element.tag in SKIPPED:
                    continue
                own = (element.text or "") + "".join(child.tail or "" for child in element)
                if has_letter(own) and not any(a in inside for a in element.iterancestors()):
                    found.append(element)
        return found

    def _inherited(self, element: Element) -> _Context:
        context = _Context()
        for ancestor in reversed(list(element.iterancestors())):
            context = self._descend(ancestor, context)
        return context

    def _descend(self, element: Element, context: _Context) -> _Context:
        if element not in self.annotated and (context.preformatted or element.tag != "pre"):
            return context
        msgctxt = _first_attribute(element, _CONTEXT_ATTRIBUTES)
        note = _first_attribute(element, _NOTE_ATTRIBUTES)
        preformatted = context.preformatted or element.tag == "pre"
        if msgctxt is None and note is None and preformatted == context.preformatted:
            return context
        return _Context(msgctxt or context.msgctxt, note or context.note, preformatted)

    # Containers -------------------------------------------------------------------

    def _container(self, container: Element, context: _Context) -> None:
        context = self._descend(container, context)
        if not self.translate_off:
            self.found.extend(self._attributes(container, context))
        children = list(container)
        start = 0
        blocky = self.blocky
        for index, child in enumerate(children):
            tag = child.tag
            if tag.__class__ is not str:  # a comment or processing instruction
                is_comment = isinstance(child, etree._Comment)
                directive = (child.text or "").strip().lower() if is_comment else ""
                if directive in ("translate:off", "translate:on"):
                    self._run(container, children, start, index, context)
                    self.translate_off = directive == "translate:off"
                    start = index + 1
                continue
            if (tag in PHRASING and child not in blocky) or tag in SKIPPED:
                continue  # inline: part of the current run
            if start < index or not _blank(_text_before(container, children, index)):
                self._run(container, children, start, index, context)
            start = index + 1
            if self._is_protected(child):
                if self.translate_off and any(_is_directive(c, "on") for c in child.iter()):
                    self.translate_off = False  # protected blocks are never walked into
                continue
            if self.translate_off and not any(_is_directive(c, "on") for c in child.iter()):
                continue
            self._container(child, context)
        self._run(container, children, start, len(children), context)

    def _is_protected(self, element: Element) -> bool:
        tag = element.tag
        return tag in PROTECTED_TAGS or tag in SKIPPED or element in self.protected

    # Attributes -------------------------------------------------------------------

    def _attributes(self, element: Element, context: _Context) -> list[Segment]:
        if element not in self.with_attributes:
            return []
        attributes = element.attrib
        found: list[Segment] = []
        tag = element.tag
        names: list[str] = [name for name in _ATTRIBUTES if name in attributes]
        if tag == "input" and attributes.get("type", "").lower() in _BUTTON_TYPES:
            names.append("value")
        if tag == "th" and "abbr" in attributes:
            names.append("abbr")
        if tag == "meta" and "content" in attributes:
            kind = (attributes.get("name") or attributes.get("property") or "").lower()
            if kind in _META_NAMES:
                found.extend(self._attribute(element, "content", f"meta {kind}", context))
        for name in names:
            found.extend(self._attribute(element, name, f"{tag} {name}", context))
        return found

    def _attribute(
        self, element: Element, name: str, role: str, context: _Context
    ) -> Iterator[Segment]:
        value = element.get(name, "")
        if not has_letter(value):
            return
        tokens = MsgidBuilder()
        tokens.text(collapse_whitespace(value))
        msgid, legend = tokens.finish(trim=True)
        comments = [role, *legend]
        if context.note:
            comments.append(context.note)
        yield Segment(
            msgid=msgid,
            msgctxt=context.msgctxt,
            line=_source_line(element),
            role=role,
            comments=tuple(comments),
            preformatted=False,
            location=AttributeValue(element, name, tokens.numbered),
        )

    # Runs ---------------------------------------------------------------------------

    def _run(
        self,
        container: Element,
        children: list[Element],
        start: int,
        stop: int,
        context: _Context,
    ) -> None:
        # Most runs are the whitespace between two blocks: leave them at once.
        if self.translate_off or (
            start >= stop and _blank(_text_before(container, children, start))
        ):
            return
        # Attributes of inline elements are segments of their own, after the run.
        attribute_segments = [
            segment
            for child in children[start:stop]
            for segment in self._inline_attributes(child, context)
        ]
        wrappers: list[str] = []
        if not context.preformatted:
            container, children, start, stop = self._peel(
                container, children, start, stop, wrappers
            )
        tokens = MsgidBuilder()
        notes = self._fill(tokens, container, children, start, stop, context.preformatted)
        msgid, legend = tokens.finish(trim=not context.preformatted)
        if has_letter(tokens.plain_text()):
            inner = self._descend(container, context) if wrappers else context
            comments = [container.tag if not wrappers else wrappers[0], *wrappers[1:], *legend]
            comments.extend(dict.fromkeys(n for n in (inner.note, *notes) if n))
            self.found.append(
                Segment(
                    msgid=msgid,
                    msgctxt=inner.msgctxt,
                    line=_line_of(container, children, start),
                    role=comments[0],
                    comments=tuple(comments),
                    preformatted=context.preformatted,
                    location=TextRun(container, start, stop, tokens.numbered),
                )
            )
        self.found.extend(attribute_segments)

    def _inline_attributes(self, element: Element, context: _Context) -> list[Segment]:
        if not isinstance(element.tag, str) or self._is_protected(element):
            return []
        found = self._attributes(element, context)
        for child in element:
            found.extend(self._inline_attributes(child, context))
        return found

    def _peel(
        self,
        container: Element,
        children: list[Element],
        start: int,
        stop: int,
        wrappers: list[str],
    ) -> tuple[Element, list[Element], int, int]:
        """Leave layout at the run's edges (a leading image, a trailing `<br>`) outside
        the segment, and step into an inline element that wraps the whole run (a menu
        item's link), so the translator sees words rather than placeholders."""
        container_tag = str(container.tag)
        while True:
            while (
                start < stop
                and self._is_edge(children[start])
                and _blank(_text_before(container, children, start))
            ):
                start += 1
            while (
                start < stop
                and self._is_edge(children[stop - 1])
                and _blank(children[stop - 1].tail)
            ):
                stop -= 1
            if stop - start != 1:
                break
            only = children[start]
            if (
                not _blank(_text_before(container, children, start))
                or not _blank(only.tail)
                or not isinstance(only.tag, str)
                or only.tag in SKIPPED
                or self._is_protected(only)
                or self._is_date(only)
                or (len(only) == 0 and not only.text)
            ):
                break
            if not wrappers:
                wrappers.append(container_tag)
            wrappers.append(f"whole text: {describe_element(only)}")
            container, children = only, list(only)
            start, stop = 0, len(children)
        return container, children, start, stop

    def _is_edge(self, element: Element) -> bool:
        if not isinstance(element.tag, str):
            return True  # a comment or processing instruction
        return element.tag in _EDGE_LAYOUT or (
            len(element) == 0 and not element.text and not self._is_protected(element)
        )

    def _fill(
        self,
        tokens: MsgidBuilder,
        container: Element,
        children: list[Element],
        start: int,
        stop: int,
        preformatted: bool,
    ) -> list[str]:
        """Add the run's text and placeholders to `tokens`; return notes found on it."""
        notes: list[str] = []

        def text(value: str | None) -> None:
            if value:
                tokens.text(value if preformatted else collapse_whitespace(value))

        text(_text_before(container, children, start))
        for child in children[start:stop]:
            self._inline(tokens, child, text, notes)
            text(child.tail)
        return notes

    def _inline(
        self, tokens: MsgidBuilder, element: Element, text: _TextSink, notes: list[str]
    ) -> None:
        if not isinstance(element.tag, str):
            return  # comments inside a sentence are not words; the build keeps them
        note = _first_attribute(element, _NOTE_ATTRIBUTES)
        if note:
            notes.append(note)
        if self._is_date(element):
            self.dates.append(element)
        if self._is_protected(element) or self._is_date(element):
            tokens.single(element, self._describe_single(element))
        elif len(element) == 0 and not element.text:
            tokens.single(element, describe_element(element))
        else:
            tokens.open(element, describe_element(element))
            text(element.text)
            for child in element:
                self._inline(tokens, child, text, notes)
                text(child.tail)
            tokens.close()

    def _describe_single(self, element: Element) -> str:
        if element.tag in SKIPPED:
            return f"{element.tag} (not translated)"
        shown = collapse_whitespace("".join(str(t) for t in element.itertext())).strip()
        if len(shown) > 60:
            shown = shown[:57] + "..."
        if self._is_date(element):
            return f'date "{shown}", written in each language from {element.get("datetime")}'
        return f'"{shown}" ({element.tag}, kept as is)'

    def _is_date(self, element: Element) -> bool:
        """A `<time datetime>` whose text is only a date or time: data, not words."""
        if element.tag != "time" or not element.get("datetime") or len(element):
            return False
        value = element.text or ""
        if not value.strip():
            return False
        return all(
            word.casefold() in self.date_words or _ZONE.fullmatch(word)
            for word in _WORD.findall(value)
        )


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


@dataclass(frozen=True, slots=True)
class _Marks:
    protected: set[Element]
    annotated: set[Element]
    translatable: set[Element]


_MARKING = frozenset(_CONTEXT_ATTRIBUTES + _NOTE_ATTRIBUTES)
_TRANSLATABLE = frozenset((*_ATTRIBUTES, "value", "abbr", "content"))


def _attribute_marks(root: Element) -> _Marks:
    """Elements whose attributes matter, found in one pass so the walk reads attributes
    only where there is something to read."""
    marks = _Marks(set(), set(), set())
    for element in root.iter():
        names = element.keys()
        if not names:
            continue
        for name in names:
            if name in _TRANSLATABLE:
                marks.translatable.add(element)
            elif name in _MARKING:
                marks.annotated.add(element)
            elif (
                name == "data-translate-ignore"
                or (name == "translate" and (element.get(name) or "").strip().lower() == "no")
                or (name == "class" and "notranslate" in (element.get(name) or "").split())
            ):
                marks.protected.add(element)
    return marks


def _elements_holding_blocks(root: Element) -> set[Element]:
    """Every element with a non-phrasing descendant: such an element is a container."""
    blocky: set[Element] = set()
    for element in root.iter():
        tag = element.tag
        if not isinstance(tag, str) or tag in PHRASING or tag in SKIPPED:
            continue
        parent = element.getparent()
        while parent is not None and parent not in blocky:
            blocky.add(parent)
            parent = parent.getparent()
    return blocky


def _text_before(container: Element, children: list[Element], index: int) -> str | None:
    """The text before child `index`. Indexes the list, not the element: libxml2 walks a
    linked list, which would make a page of 100,000 paragraphs quadratic."""
    if index == 0:
        return container.text
    return children[index - 1].tail


def _blank(value: str | None) -> bool:
    return not value or not value.strip(" \t\n\f\r")


def _is_directive(node: Element, state: str) -> bool:
    return (
        isinstance(node, etree._Comment)
        and (node.text or "").strip().lower() == f"translate:{state}"
    )


def _first_attribute(element: Element, names: Iterable[str]) -> str | None:
    for name in names:
        value = element.get(name)
        if value:
            return collapse_whitespace(value).strip()
    return None


def _line_of(container: Element, children: list[Element], start: int) -> int:
    """The source line where a run's first letter is, as near as libxml2 tells."""
    leading = _text_before(container, children, start) or ""
    if leading.strip():
        before = leading[: len(leading) - len(leading.lstrip())].count("\n")
        if start == 0:
            return _source_line(container) + before
        if start < len(children) and _source_line(children[start], 0):
            return max(1, _source_line(children[start]) - leading.count("\n") + before)
        return _source_line(children[start - 1], _source_line(container)) + before
    if start < len(children):
        return _source_line(children[start], _source_line(container))
    return _source_line(container)


def _source_line(element: Element, default: int = 1) -> int:
    """libxml2's line for the element's start tag (its stubs type it loosely)."""
    line = element.sourceline
    return line if isinstance(line, int) and line > 0 else default
