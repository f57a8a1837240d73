"""HTML text of a built page's tree, written as the source wrote it, with the page's
document-relative URLs moved as they are written.

Our own serializer, since lxml's (libxml2's) changes what a page said: it %-escapes
non-ASCII URLs, writes empty attributes as `x=""` and `&nbsp;` as the bare character.
"""

from __future__ import annotations

from typing import Protocol, TypeAlias

from lxml import etree

from l10n.page.model import VOID

__all__ = ["AttributeRewrite", "serialize_html"]

Element: TypeAlias = etree._Element


class AttributeRewrite(Protocol):
    """What an attribute is written as instead of its value, for the attributes named."""

    @property
    def names(self) -> frozenset[str]: ...

    def __call__(self, element: Element, name: str, value: str) -> str | None:
        """The value to write, or None to write the element's own."""


_RAW_TEXT = frozenset("script style xmp iframe noembed noframes plaintext".split())


def serialize_html(
    root: Element,
    doctype: str | None,
    *,
    rewrite: AttributeRewrite | None = None,
) -> str:
    """HTML text of the tree, keeping what lxml's own HTML serializer would change:
    non-ASCII URLs stay as they are, empty attributes stay bare, script and style text
    is written raw, `&nbsp;` stays visible.

    `rewrite`, when given, is asked about every attribute it names, and gives the value
    to write instead (`page/links.py` moves URLs that way: while writing, so that the
    tree needs no walk of its own and is left as it was).

    >>> root = etree.fromstring('<p class="">a&nbsp;<b>&amp;</b></p>', etree.HTMLParser())
    >>> serialize_html(root, "<!DOCTYPE html>")
    '<!DOCTYPE html>\\n<html><body><p class>a&nbsp;<b>&amp;</b></p></body></html>\\n'
    """
    parts: list[str] = []
    append = parts.append
    names = rewrite.names if rewrite is not None else frozenset()
    if doctype:
        append(doctype + "\n")
    for node in _siblings_before(root):  # comments or processing instructions
        append(_other_node(node))  # their tails are outside the page, as is the root's
    # libxml2 walks the tree (iterwalk) and hands each node over twice, opened and closed:
    # a fifth faster than recursing over the children in Python. The loop is the hot path
    # of every page written (once per node and attribute): names are bound locally, the
    # escapes are tested inline and called only for the rare text that needs them.
    void, raw_text = VOID, _RAW_TEXT
    escape_text, escape_attribute = _escape_text, _escape_attribute
    for event, node in etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        if event == "start":
            tag = node.tag
            items = node.items()
            if items:
                append("<" + tag)
                for name, value in items:  # str, in HTML
                    if name in names:
                        moved = rewrite(node, name, value)  # type: ignore[misc]  # names: not None
                        if moved is not None:
                            value = moved
                    if not value:
                        append(" " + name)
                    elif "&" in value or '"' in value or "\xa0" in value:
                        append(f' {name}="{escape_attribute(value)}"')
                    else:
                        append(f' {name}="{value}"')
                append(">")
            else:
                append(f"<{tag}>")
            text = node.text
            if text and tag not in void:
                if tag in raw_text or not (
                    "&" in text or "<" in text or ">" in text or "\xa0" in text
                ):
                    append(text)
                else:
                    append(escape_text(text))
            continue
        if event == "end":
            tag = node.tag
            if tag not in void:
                append(f"</{tag}>")
        else:
            append(_other_node(node))
        tail = node.tail
        if tail and node is not root:
            if "&" in tail or "<" in tail or ">" in tail or "\xa0" in tail:
                append(escape_text(tail))
            else:
                append(tail)
    append("\n")
    return "".join(parts)


def _other_node(node: Element) -> str:
    """A comment or processing instruction (an entity reference is not written)."""
    if isinstance(node, etree._Comment):
        return f"<!--{node.text or ''}-->"
    if isinstance(node, etree._ProcessingInstruction):
        return f"<?{node.target!s} {node.text or ''}>"
    return ""


def _siblings_before(root: Element) -> list[Element]:
    found = []
    node = root.getprevious()
    while node is not None:
        found.append(node)
        node = node.getprevious()
    return list(reversed(found))


def _escape_text(text: str) -> str:
    # Most text holds none of these: a test is cheaper than four replacements.
    if "&" in text or "<" in text or ">" in text or "\xa0" in text:
        return (
            text.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("\xa0", "&nbsp;")
        )
    return text


def _escape_attribute(value: str) -> str:
    if "&" in value or '"' in value or "\xa0" in value:
        return value.replace("&", "&amp;").replace('"', "&quot;").replace("\xa0", "&nbsp;")
    return value
