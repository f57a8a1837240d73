"""`Document` + usable translations → a localized page, as HTML text.

The page is the source document with each translated segment's text replaced through the
placeholder codec: inline elements come back as copies of the source's own elements, in
the translator's order, and the translator's text is only ever text. Elements left in the
source language say so (`lang`), dates are written the locale's way. Everything else is
kept; the head and URLs are `page/links.py`'s, the text is written by `page/serializer.py`.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypeAlias

from babel.dates import format_date, format_datetime
from lxml import etree

from l10n.locales import parse_locale, to_bcp47
from l10n.page.document import AttributeValue, Document, Segment, TextRun
from l10n.page.links import Variant, json_ld_scripts, rewrite_head, url_rewrite
from l10n.page.msgid import first_control_character
from l10n.page.placeholder import Node, PlaceholderError, Single, Text, decode, placeholders
from l10n.page.serializer import serialize_html

__all__ = [
    "Rendered",
    "Variant",
    "copy_document",
    "load_locales",
    "render_document",
    "render_source_page",
]

Element: TypeAlias = etree._Element
Key = tuple[str | None, str]

_ASCII_SPACE = "\t\n\f\r "


@dataclass(frozen=True, slots=True)
class Rendered:
    """The page, and which segments were used and which fell back (with why)."""

    html: str
    translated: tuple[Segment, ...]
    fallback: tuple[tuple[Segment, str], ...] = field(default=())


def render_document(
    document: Document, translations: Mapping[Key, str], variant: Variant
) -> Rendered:
    """Write the page in `variant.locale` with the translations given (usable ones only:
    the caller decides what the policy allows). The document's tree is changed."""
    translated: list[Segment] = []
    fallback: list[tuple[Segment, str]] = []
    read = {
        id(segment): _read_translation(segment, msgstr)
        for segment in document.segments
        if (msgstr := translations.get((segment.msgctxt, segment.msgid))) is not None
    }
    # Containers that will hold translated text beside text left in the source language:
    # that text gets a <span lang> of its own, since no element holds it alone.
    mixed = {
        id(segment.location.container)
        for segment in document.segments
        if isinstance(segment.location, TextRun) and isinstance(read.get(id(segment)), tuple)
    }
    for segment in _application_order(document.segments):
        nodes = read.get(id(segment))
        if isinstance(nodes, tuple):
            _apply(segment, nodes, variant.locale)
            translated.append(segment)
            continue
        if isinstance(nodes, str):
            fallback.append((segment, nodes))
        location = segment.location
        if isinstance(location, TextRun) and id(location.container) in mixed:
            _wrap_run(location, variant, preformatted=segment.preformatted)
    done = {id(segment) for segment in translated}
    # A date inside a sentence left in the source language stays as the source wrote it.
    kept = {
        target
        for segment in document.segments
        if id(segment) not in done and isinstance(segment.location, TextRun)
        for target in segment.location.numbered.values()
    }
    for element in document.dates:
        if element not in kept:
            _write_date(element, variant.locale)
    root = document.tree.getroot()
    _mark_languages(root, document, done, variant)
    return Rendered(_finish(root, document.doctype, variant), tuple(translated), tuple(fallback))


def render_source_page(document: Document, variant: Variant) -> Rendered:
    """The page with no translation, as `render_document(document, {}, variant)` writes
    it; the document is left as it was. In the source locale nothing depends on the
    segments, so they are neither copied nor walked: the page costs the serializer."""
    if variant.locale != variant.source_locale:
        return render_document(copy_document(document), {}, variant)
    # A date inside a sentence stays as the source wrote it (as in render_document).
    kept = {
        target
        for segment in document.segments
        if isinstance(segment.location, TextRun)
        for target in segment.location.numbered.values()
    }
    root = document.tree.getroot()
    # The page differs from the parsed tree only in the root's lang and dir, the text of
    # dates and JSON-LD scripts, and its head: those are changed in place (the head on a
    # copy of it) and put back once the page is written, where copying the whole tree
    # cost a third of the page. (Only those texts are kept: reading and setting back every
    # script's was a tenth of the page.)
    dates = [element for element in document.dates if element not in kept]
    texts = [(element, element.text) for element in (*json_ld_scripts(root), *dates)]
    attributes = {name: root.get(name) for name in ("lang", "dir")}
    head = root.find("head")
    try:
        for element in dates:  # before the head is copied: a date may be in it
            _write_date(element, variant.locale)
        if head is not None:
            root.replace(head, copy.deepcopy(head))
        # What _mark_languages does when the target is the source.
        root.set("lang", to_bcp47(variant.locale))
        root.set("dir", parse_locale(variant.locale).text_direction)
        html = _finish(root, document.doctype, variant)
    finally:
        written = root.find("head")  # the copy, or the head rewrite_head made
        if written is not None and written is not head:
            if head is not None:
                root.replace(written, head)
            else:
                root.remove(written)
        for element, text in texts:
            element.text = text
        for name, value in attributes.items():
            if value is not None:
                root.set(name, value)
            elif name in root.attrib:
                del root.attrib[name]
    return Rendered(html, ())


def _finish(root: Element, doctype: str | None, variant: Variant) -> str:
    """The head of the variant, and the page's text with its URLs moved."""
    rewrite_head(root, variant)
    return serialize_html(root, doctype, rewrite=url_rewrite(root, variant))


def copy_document(document: Document) -> Document:
    """A Document on a deep copy of the tree, every segment pointing into the copy: one
    parse serves every variant of a page, since `render_document` changes its tree."""
    root = document.tree.getroot()
    tree = copy.deepcopy(document.tree)
    # Both trees have the same shape: an element's copy is the node at the same place in
    # document order (lxml returns the same proxy for a node as long as one is alive).
    moved = dict(zip(root.iter(), tree.getroot().iter(), strict=True)).__getitem__

    def numbered(mapping: dict[int, Element | str]) -> dict[int, Element | str]:
        return {
            number: value if isinstance(value, str) else moved(value)
            for number, value in mapping.items()
        }

    segments = []
    for segment in document.segments:
        location = segment.location
        if isinstance(location, TextRun):
            where: TextRun | AttributeValue = TextRun(
                moved(location.container), location.start, location.stop,
                numbered(location.numbered),
            )  # fmt: skip
        else:
            where = AttributeValue(
                moved(location.element), location.attribute, numbered(location.numbered)
            )
        segments.append(
            Segment(
                segment.msgid,
                segment.msgctxt,
                segment.line,
                segment.role,
                segment.comments,
                segment.preformatted,
                where,
            )
        )
    return dataclasses.replace(
        document,
        tree=tree,
        segments=tuple(segments),
        dates=tuple(moved(element) for element in document.dates),
        untranslated=tuple(moved(element) for element in document.untranslated),
    )


def load_locales(locales: Iterable[str]) -> None:
    """Load now the Babel data that rendering in these locales reads (text direction,
    date formats), which Babel otherwise loads on first use: a build loads it once
    before forking its workers, which then share it instead of each loading its own."""
    for locale in locales:
        parse_locale(locale).text_direction  # noqa: B018  (read for its side effect)
        format_time_value("2000-01-01", locale)
        format_time_value("2000-01-01T00:00:00", locale)


# Segments -------------------------------------------------------------------------


def _application_order(segments: Iterable[Segment]) -> list[Segment]:
    """Attributes first (a translated run copies its inline elements, attributes and all),
    then runs from the last child to the first: a run is found by child positions, and a
    replacement with fewer or more nodes must not shift the runs still to come."""
    attributes = [s for s in segments if isinstance(s.location, AttributeValue)]
    runs = [s for s in segments if isinstance(s.location, TextRun)]
    runs.sort(
        key=lambda s: s.location.start if isinstance(s.location, TextRun) else 0, reverse=True
    )
    return attributes + runs


def _read_translation(segment: Segment, msgstr: str) -> tuple[Node, ...] | str:
    """The translation's nodes, or the reason it cannot be used (nothing is changed)."""
    if first_control_character(msgstr):  # the checks' rule too: no msgid holds one
        return "control characters in the translation"
    if msgstr and "<" not in msgstr and "<" not in segment.msgid:
        return (Text(msgstr),)  # plain text on both sides, as decode() reads it
    try:
        nodes = decode(msgstr)
        source = decode(segment.msgid)
    except PlaceholderError as error:
        return f"placeholders: {error}"
    problem = _compare_placeholders(source, nodes)
    if problem:
        return problem
    location = segment.location
    if isinstance(location, AttributeValue):
        for node in nodes:
            if not isinstance(node, Text) and not isinstance(
                location.numbered.get(node.number), str
            ):
                return f"placeholder <{node.number}> in an attribute"
    return nodes


def _apply(segment: Segment, nodes: tuple[Node, ...], locale: str) -> None:
    """Put one checked translation into the tree."""
    location = segment.location
    if isinstance(location, AttributeValue):
        value = [
            node.value if isinstance(node, Text) else str(location.numbered[node.number])
            for node in nodes
        ]
        location.element.set(location.attribute, "".join(value))
    else:
        _replace_run(location, nodes, locale, preformatted=segment.preformatted)


def _compare_placeholders(source: tuple[Node, ...], target: tuple[Node, ...]) -> str | None:
    """Only the source's own placeholders, each at most once and of the same kind: no
    translation can add or duplicate an element. Dropping one is the checks' business
    (formatting may go); the build only refuses what would add."""
    wanted = {node.number: type(node) for node in placeholders(source)}
    used: set[int] = set()
    for node in placeholders(target):
        if node.number not in wanted:
            return f"placeholder <{node.number}> is not in the source"
        if node.number in used:
            return f"placeholder <{node.number}> is repeated"
        if type(node) is not wanted[node.number]:
            return f"placeholder <{node.number}> changed its kind"
        used.add(node.number)
    return None


def _replace_run(run: TextRun, nodes: tuple[Node, ...], locale: str, *, preformatted: bool) -> None:
    container, start, stop = run.container, run.start, run.stop
    if start == stop and len(nodes) == 1 and isinstance(nodes[0], Text):
        # Text alone translated as text alone, most runs of a page: the same result as
        # below (the translation between the run's own spaces) without the holder.
        before = container[start - 1] if start else None
        source = (container.text if before is None else before.tail) or ""
        text = nodes[0].value
        if not preformatted:
            text = _leading_space(source) + text + _trailing_space(source)
        if before is None:
            container.text = text
        else:
            before.tail = text
        return
    children = list(container)
    first = container.text if start == 0 else children[start - 1].tail
    last = children[stop - 1].tail if stop > start else first
    lead = "" if preformatted else _leading_space(first or "")
    trail = "" if preformatted else _trailing_space(last or "")
    # Comments inside the run are not words: they follow the translated text.
    comments = [
        copy.copy(node)
        for child in children[start:stop]
        for node in child.iter()
        if not isinstance(node.tag, str)
    ]
    for child in children[start:stop]:
        container.remove(child)
    holder = container.makeelement("holder", {})
    _build(holder, nodes, run.numbered, locale)
    if start == 0:
        container.text = lead + (holder.text or "")
    else:
        children[start - 1].tail = lead + (holder.text or "")
    inserted = [*holder, *comments]
    for offset, node in enumerate(inserted):
        if node in comments:
            node.tail = None
        container.insert(start + offset, node)
    if inserted:
        inserted[-1].tail = (inserted[-1].tail or "") + trail
    elif start == 0:
        container.text = (container.text or "") + trail
    else:
        children[start - 1].tail = (children[start - 1].tail or "") + trail


def _wrap_run(run: TextRun, variant: Variant, *, preformatted: bool) -> None:
    """Put a run left in the source language into a `<span lang>` (and `dir`), keeping
    the whitespace at its ends outside it."""
    container, start, stop = run.container, run.start, run.stop
    children = list(container)
    first = (container.text if start == 0 else children[start - 1].tail) or ""
    lead = "" if preformatted else _leading_space(first)
    attributes = {"lang": to_bcp47(variant.source_locale)}
    source_dir = parse_locale(variant.source_locale).text_direction
    if source_dir != parse_locale(variant.locale).text_direction:
        attributes["dir"] = source_dir
    span = container.makeelement("span", attributes)
    span.text = first[len(lead) :]
    for child in children[start:stop]:
        span.append(child)  # moves it, with its tail
    holder = span[-1] if len(span) else span
    content = (holder.tail if len(span) else holder.text) or ""
    trail = "" if preformatted else _trailing_space(content)
    if len(span):
        span[-1].tail = content[: len(content) - len(trail)] or None
    else:
        span.text = content[: len(content) - len(trail)]
    span.tail = trail or None
    if start == 0:
        container.text = lead or None
    else:
        children[start - 1].tail = lead or None
    container.insert(start, span)


def _build(
    parent: Element, nodes: Iterable[Node], numbered: Mapping[int, Element | str], locale: str
) -> None:
    for node in nodes:
        if isinstance(node, Text):
            _append_text(parent, node.value)
            continue
        source = numbered[node.number]
        if isinstance(source, str):
            _append_text(parent, source)  # source text that looked like a placeholder
        elif isinstance(node, Single):
            element = copy.deepcopy(source)  # moved, never changed
            element.tail = None
            if element.tag == "time" and element.get("datetime"):
                _write_date(element, locale)
            parent.append(element)
        else:
            attributes = {str(name): str(value) for name, value in source.items()}
            element = parent.makeelement(source.tag, attributes)
            parent.append(element)
            _build(element, node.children, numbered, locale)


def _append_text(parent: Element, value: str) -> None:
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + value
    else:
        parent.text = (parent.text or "") + value


def _leading_space(text: str) -> str:
    return text[: len(text) - len(text.lstrip(_ASCII_SPACE))]


def _trailing_space(text: str) -> str:
    return text[len(text.rstrip(_ASCII_SPACE)) :]


# Dates ---------------------------------------------------------------------------


def _write_date(element: Element, locale: str) -> None:
    """A `<time datetime>` that is only a date, written the locale's way, in the zone the
    attribute gives (no conversion), with no zone shown."""
    text = format_time_value(element.get("datetime", ""), locale)
    if text is not None:
        element.text = text


def format_time_value(value: str, locale: str) -> str | None:
    """The text of a `datetime` attribute value in a locale, or None if unreadable.

    >>> format_time_value("2026-03-14", "zh_CN")
    '2026年3月14日'
    >>> format_time_value("2026-03-14T09:20:00+08:00", "ru").replace("\u202f", " ")
    '14 мар. 2026 г., 09:20:00'
    """
    value = value.strip()
    babel_locale = parse_locale(locale)
    try:
        if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            return format_date(date.fromisoformat(value), "long", locale=babel_locale)
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return format_datetime(moment, "medium", tzinfo=moment.tzinfo, locale=babel_locale)


# Languages -----------------------------------------------------------------------


def _mark_languages(root: Element, document: Document, done: set[int], variant: Variant) -> None:
    """`<html lang dir>` is the target's; the topmost elements holding only source-language
    text get the source's lang (and dir when it differs); a source lang above translated
    text becomes the target's."""
    target, source = variant.locale, variant.source_locale
    target_dir = parse_locale(target).text_direction
    source_dir = parse_locale(source).text_direction
    holds_source: set[Element] = set()
    holds_target: set[Element] = set()
    anchors = [
        (
            s.location.container if isinstance(s.location, TextRun) else s.location.element,
            id(s) in done,
        )
        for s in document.segments
    ]
    anchors += [(element, False) for element in document.untranslated]
    for anchor, is_target in anchors:
        marks = holds_target if is_target else holds_source
        node: Element | None = anchor
        while node is not None and node not in marks:
            marks.add(node)
            node = node.getparent()
    root.set("lang", to_bcp47(target))
    root.set("dir", target_dir)
    if target == source:
        return
    source_tag = to_bcp47(source)
    primary = source.split("_")[0].lower()
    for element in holds_source - holds_target:
        parent = element.getparent()
        if element is root or (parent is not root and parent not in holds_target):
            continue  # an ancestor is marked instead
        lang = element.get("lang")
        if lang is None:
            element.set("lang", source_tag)
        elif lang.split("-")[0].lower() != primary:
            continue  # text the source marked as another language keeps its marking
        if source_dir != target_dir and element.get("dir") is None:
            element.set("dir", source_dir)
    for element in holds_target:
        lang = element.get("lang")
        if element is not root and lang and lang.split("-")[0].lower() == primary:
            element.set("lang", to_bcp47(target))
            if element.get("dir") is not None:
                element.set("dir", target_dir)
