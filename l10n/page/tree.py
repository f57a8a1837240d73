"""Page text → the element tree a browser builds from it.

libxml2 builds the tree fast, but repairs broken markup its own way, where browsers follow
the HTML5 tree-construction algorithm: a stray `</p>` is an empty `<p>` to a browser and
nothing to libxml2; a `<b>` left open across a `<p>` is closed by libxml2 and carried into
the paragraph by a browser; a stray `</li>` can move a list item out of its list; text
inside a `<table>` is moved before it by a browser. Since the build writes the tree it
read, a libxml2 repair becomes a different page in the reader's browser.

So every page is parsed by libxml2 first (its FATAL messages still refuse a page), and a
page where libxml2 reported or may have made a repair that HTML5 makes differently is
parsed again by html5lib, the reference implementation of the HTML5 algorithm (pure
Python, so several times slower: clean pages keep libxml2's speed). `_needs_html5` says
which pages; docs/browser-tree.md has the measurements.

html5lib's tree is copied into an lxml tree of the same shape as libxml2's would be (tag
and attribute names as written, `sourceline` of each start tag's end, as libxml2 gives).
What lxml cannot hold (text with a control character lxml refuses) keeps libxml2's tree.
"""

from __future__ import annotations

import re
import warnings
import xml.etree.ElementTree as ElementTree
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from operator import attrgetter
from typing import Any, TypeAlias

from lxml import etree

from l10n.errors import SourceError

__all__ = ["ParsedTree", "TreeBuilder", "build_tree"]

Element: TypeAlias = etree._Element


class TreeBuilder(Enum):
    """Which parser built a page's tree."""

    LIBXML2 = "libxml2"
    HTML5LIB = "html5lib"


@dataclass(frozen=True, slots=True)
class ParsedTree:
    """The root of a page's tree and which parser built it (and why, for html5lib)."""

    root: Element
    builder: TreeBuilder
    reason: str = ""


#: Formatting elements: HTML5 re-opens them when they are left open across a block (the
#: "active formatting elements"), libxml2 closes them for good.
_FORMATTING = "a b big code em font i nobr s small strike strong tt u".split()
_END_TAG = re.compile(r"</(" + "|".join(_FORMATTING) + r"|p)[\s/>]", re.IGNORECASE)
#: `<div/>`: HTML5 ignores the slash on a non-void element (it stays open), libxml2 closes it.
_TAG_NAME = re.compile(r"[a-zA-Z][^\s/>]*")
#: The rest of a start tag after its name, to the `>` that ends it: a quote opens a value
#: only after `=`, as in the HTML tokenizer, and a `>` inside a quoted value ends nothing.
_START_TAG_REST = re.compile(r"""(?:[^>=]|=\s*(?:"[^"]*"|'[^']*')?)*>""")
_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr keygen basefont "
    "bgsound frame image".split()
)
_FOREIGN = frozenset(["svg", "math"])
_TAG = attrgetter("tag")
_HTML_END = re.compile(r"</html\s*>", re.IGNORECASE)
_NO_QUIRKS_DOCTYPE = re.compile(
    r"<!DOCTYPE\s+html\s*>|<!DOCTYPE[^>]*(?:XHTML|//DTD HTML 4\.01//|\"http)[^>]*>",
    re.IGNORECASE,
)
#: What a table part may hold without HTML5 moving it out (comments aside).
_TABLE_CHILDREN = {
    "table": frozenset("caption colgroup col thead tbody tfoot tr script style template".split()),
    "thead": frozenset("tr script style template".split()),
    "tbody": frozenset("tr script style template".split()),
    "tfoot": frozenset("tr script style template".split()),
    "tr": frozenset("td th script style template".split()),
}
_LIST_ITEMS = {
    "li": frozenset(["ul", "ol", "menu"]),
    "dt": frozenset(["dl"]),
    "dd": frozenset(["dl"]),
}
#: Elements an HTML5 list item's start tag closes a previous item through.
_ITEM_TRANSPARENT = frozenset(["address", "div", "p"])
_NAMESPACE_PREFIXES = {
    "http://www.w3.org/1999/xlink": "xlink:",
    "http://www.w3.org/XML/1998/namespace": "xml:",
    "http://www.w3.org/2000/xmlns/": "xmlns:",
}


def build_tree(text: str, data: bytes, *, name: str) -> ParsedTree:
    """The page's tree: libxml2's, or html5lib's where the two would differ.

    `data` is `text` as UTF-8 (the bytes libxml2 reads).

    Raises:
        SourceError: libxml2 cannot parse the page or gave up on it (FATAL message).
    """
    parser = etree.HTMLParser(encoding="utf-8", remove_comments=False, remove_pis=False)
    try:
        root = etree.fromstring(data, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise SourceError(f"{name}: not parseable HTML ({error})") from error
    log = parser.error_log  # (a copy, made anew at each read)
    for entry in log:
        if entry.level_name == "FATAL":
            raise SourceError(f"{name}:{entry.line}: {entry.message.strip()}; the page is refused")
    if root is None:
        raise SourceError(f"{name}: not parseable HTML (no elements)")
    reason = _needs_html5(text, root, log)
    if not reason:
        return ParsedTree(root, TreeBuilder.LIBXML2)
    try:
        return ParsedTree(_html5_tree(text), TreeBuilder.HTML5LIB, reason)
    except ValueError:  # text lxml cannot hold (a control character): libxml2's tree
        return ParsedTree(root, TreeBuilder.LIBXML2, f"{reason}; kept libxml2's tree")


# Which pages -----------------------------------------------------------------------


def _needs_html5(text: str, root: Element, log: Iterable[Any]) -> str:
    """Why libxml2's tree may not be the browser's, or "" when it is."""
    for entry in log:
        if entry.type_name != "DTD_ID_REDEFINED":  # duplicate ids change no structure
            return f"libxml2 repaired line {entry.line}: {entry.message.strip()}"
    ends = Counter(map(str.lower, _END_TAG.findall(text)))
    for node in root.iter("script", "style", etree.Comment):  # their end tags are not markup
        value = node.text  # read once: a script's text is long, and made anew each time
        if value and "</" in value:
            ends.subtract(map(str.lower, _END_TAG.findall(value)))
    starts = Counter(map(_TAG, root.iter(*_FORMATTING, "p", "table")))
    for tag in _FORMATTING:
        if starts[tag] > ends[tag]:  # more end tags: a stray one, which libxml2 reports
            return f"<{tag}> left open"
    for name, end in _self_closed_tags(text):
        if _is_self_closed_element(text, name, end, root):
            return f"<{name}/>: a self-closed non-void element"
    for element in root.iter(*_TABLE_CHILDREN):
        allowed = _TABLE_CHILDREN[str(element.tag)]
        if not _blank(element.text) or any(
            (isinstance(child.tag, str) and child.tag not in allowed) or not _blank(child.tail)
            for child in element
        ):
            return f"content misplaced in <{element.tag}> (line {element.sourceline})"
    for element in root.iter(*_LIST_ITEMS):
        lists = _LIST_ITEMS[str(element.tag)]
        ancestor = element.getparent()  # (a loop of `getparent`: no iterator to make)
        while ancestor is not None:
            if ancestor.tag in lists:
                break
            if ancestor.tag in _LIST_ITEMS:
                return f"<{element.tag}> nested in <{ancestor.tag}> (line {element.sourceline})"
            if ancestor.tag not in _ITEM_TRANSPARENT:
                break
            ancestor = ancestor.getparent()
    quirks = not _NO_QUIRKS_DOCTYPE.search(text[:2000])
    if quirks and ends["p"] < starts["p"] and starts["table"]:
        return "quirks mode: <p> left open before a table"
    return ""


def _self_closed_tags(text: str) -> Iterator[tuple[str, int]]:
    """The name and end of each `<name …/>` tag that is not a void element's. (Found from
    each `/>` back to its `<`: a regular expression that looks for the slash in every tag
    costs more than the parse.)

    A `/>` is skipped when the tag before it ended earlier, at a `>` outside its quoted
    values: that is a `/>` in the text after a tag, most often in a script (`<script>
    s = '<br/>'`, minified on one line), which closes nothing."""
    end = text.find("/>")
    while end >= 0:
        start = text.rfind("<", 0, end) + 1
        name = _TAG_NAME.match(text, start)
        if name and name.group().lower() not in _VOID:
            tag = _START_TAG_REST.match(text, name.end(), end + 2)
            if not tag or tag.end() == end + 2:
                yield name.group().lower(), end + 2
        end = text.find("/>", end + 2)


def _is_self_closed_element(text: str, name: str, end: int, root: Element) -> bool:
    """Whether a self-closed tag made an element libxml2 closed at once and HTML5 leaves
    open: not in `<svg>` or `<math>` (where the slash closes it in HTML5 too), not text
    inside a script (no element of that name starts on that line)."""
    line = text.count("\n", 0, end) + 1
    return any(
        element.sourceline == line  # type: ignore[comparison-overlap]  # lxml-stubs
        and not any(a.tag in _FOREIGN for a in element.iterancestors())
        for element in root.iter(name)
    )


def _blank(value: str | None) -> bool:
    return not value or not value.strip(" \t\n\f\r")


# html5lib's tree as an lxml tree -----------------------------------------------------


def _html5_tree(text: str) -> Element:
    # Imported here: a few pages in a hundred need it, and loading it costs 1/10 s.
    import html5lib
    from html5lib import treebuilders

    lines: dict[Any, int] = {}
    base: Any = treebuilders.getTreeBuilder("etree", ElementTree, fullTree=True)
    parser: Any = None

    class _Element(base.elementClass):  # type: ignore[misc]
        def __init__(self, name: str, namespace: str | None = None) -> None:
            super().__init__(name, namespace)
            lines[self._element] = parser.tokenizer.stream.position()[0]

    class _Builder(base):  # type: ignore[misc]
        elementClass = _Element

    class _Parser(html5lib.HTMLParser):
        def reset(self) -> None:
            super().reset()
            # The input stream's check for invalid code points only adds parse errors,
            # which nothing reads (no tree changes by it), and its regular expression
            # over every chunk was a quarter of html5lib's time on the corpus.
            stream = self.tokenizer.stream
            stream.reportCharacterErrors = None  # type: ignore[assignment]  # it tests for None

    parser = _Parser(tree=_Builder, namespaceHTMLElements=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # html5lib's DataLossWarning for odd names
        document = parser.parse(text)
    html = document.find("html")
    if html is None:  # pragma: no cover - html5lib always makes one
        raise ValueError("no html element")
    root = _copy(html, lines)
    _drop_whitespace_after_body(text, root)
    for node in document:
        if node.tag is ElementTree.Comment:
            comment = _comment(node.text or "")
            if list(document).index(node) < list(document).index(html):
                root.addprevious(comment)
            else:
                root.append(comment)
    return root


def _drop_whitespace_after_body(text: str, root: Element) -> None:
    """HTML5 puts the spaces after `</body>` and `</html>` into the body, libxml2 does
    not: without this, every build of such a page would add the final line break the
    serializer writes after `</html>`, and the page would not read back as its source."""
    ending = text[-10_000:]
    end = ending.lower().rfind("</body")
    body = root.find("body")
    if end < 0 or body is None:
        return
    rest = _HTML_END.sub("", ending[ending.find(">", end) + 1 :])
    if not rest or not _blank(rest):
        return  # nothing, or more than spaces, after the body
    last = body[-1] if len(body) else None
    value = (body.text if last is None else last.tail) or ""
    stripped = value.rstrip(" \t\n\f\r")
    kept = value[: max(len(stripped), len(value) - len(rest))] or None
    if last is None:
        body.text = kept
    else:
        last.tail = kept


def _copy(top: Any, lines: dict[Any, int]) -> Element:
    """The lxml copy of an ElementTree element and its descendants (without recursion:
    pages nest deep)."""
    line = lines.get(top, 1)
    root = _element(top, line)
    root.text = top.text
    pending = [(top, root, line)]
    while pending:
        source, target, parent_line = pending.pop()
        for child in source:
            if child.tag is ElementTree.Comment:
                copied = _comment(child.text or "")
            else:
                line = lines.get(child, parent_line)  # a clone made by the algorithm
                copied = _element(child, line)
                copied.text = child.text
                pending.append((child, copied, line))
            copied.tail = child.tail
            target.append(copied)
    return root


def _element(source: Any, line: int) -> Element:
    tag = _name(str(source.tag))
    attributes = [(_name(str(key)), str(value)) for key, value in source.attrib.items()]
    try:
        element = etree.Element(tag)
        for key, value in attributes:
            element.set(key, value)
    except ValueError:  # a name lxml's API refuses (`o:p`, `xmlns:fb`): libxml2 makes it
        element = _parsed_element(tag, attributes)
    element.sourceline = line  # type: ignore[assignment]  # lxml-stubs: read-only
    return element


def _name(name: str) -> str:
    """A name as libxml2 gives it: no namespace URI, a prefix where HTML writes one."""
    if name.startswith("{"):
        namespace, local = name[1:].split("}", 1)
        if local == "xmlns":  # `xmlns` itself, in the xmlns namespace
            return local
        return (_NAMESPACE_PREFIXES.get(namespace, "") + local).lower()
    return name.lower()


def _parsed_element(tag: str, attributes: list[tuple[str, str]]) -> Element:
    written = "".join(
        f' {key}="{value.replace("&", "&amp;").replace(chr(34), "&quot;")}"'
        for key, value in attributes
    )
    wrapper = "" if tag in ("html", "head", "body") else "<html><body>"
    root = etree.fromstring(
        f"{wrapper}<{tag}{written}></{tag}>".encode(),
        etree.HTMLParser(encoding="utf-8"),
    )
    for element in root.iter(tag):
        if dict(element.attrib) == dict(attributes):
            for child in list(element):
                element.remove(child)
            element.text = None
            return element
    raise ValueError(f"libxml2 cannot make <{tag}> as HTML5 reads it")


def _comment(text: str) -> Element:
    try:
        return etree.Comment(text)
    except ValueError:  # `--` inside: libxml2 keeps such comments, lxml's API refuses
        root = etree.fromstring(
            f"<html><body><!--{text}--></body></html>".encode(), etree.HTMLParser(encoding="utf-8")
        )
        for node in root.iter(etree.Comment):
            return node
        raise
