"""Hypothesis strategies shared by the tests: article pages with nested inline markup, and
hostile translations of their segments.

A page is generated as a small tree (`Block`/`Inline`/`Comment`/str) and written out with
`page_html`, so every page is well-formed HTML whose shape we know; the translations mix
the msgid's own placeholders (reordered, dropped, repeated) with forged ones, tag-shaped
junk and entities.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from hypothesis import strategies as st

__all__ = [
    "Block",
    "Comment",
    "Inline",
    "faithful_translation_of",
    "page_html",
    "pages",
    "translation_of",
]

# Letters of several scripts, spaces that are text (NBSP, ideographic), and characters
# that must be escaped: `<` and `&`.
_ALPHABET = (
    "abcdefgh xyz ABC 0123"  # Latin and digits, ASCII space
    "中文新闻电网开通"  # CJK
    "خبرشبکه"  # Arabic script
    "\u00a0\u3000"  # NBSP, ideographic space
    "<&>\"'.,;:!?-"  # markup characters and punctuation
)

text = st.text(alphabet=_ALPHABET, min_size=1, max_size=12)
_attribute_value = st.text(alphabet=_ALPHABET, min_size=0, max_size=10)
# An href is never generated with NBSP or U+3000 at its ends: the build strips them (a bug,
# see test_hostile_inputs.py::test_url_ending_in_a_unicode_space_keeps_it).

INLINE_TAGS = ("a", "b", "i", "em", "strong", "span", "code")
VOID_TAGS = ("br", "img")
BLOCK_TAGS = ("p", "div", "li", "h1")
# Blocks that may hold other blocks; p and h1 hold only phrasing content in HTML.
_FLOW_BLOCKS = ("div", "li")


@dataclass(frozen=True)
class Comment:
    text: str


@dataclass(frozen=True)
class Inline:
    tag: str
    attributes: tuple[tuple[str, str], ...]
    children: tuple[Inline | Comment | str, ...]


@dataclass(frozen=True)
class Block:
    tag: str
    attributes: tuple[tuple[str, str], ...]
    children: tuple[Block | Inline | Comment | str, ...]


_comment = st.builds(
    Comment, st.text(alphabet="abc xyz 中文", min_size=0, max_size=8).map(str.strip)
)


def _attributes(tag: str) -> st.SearchStrategy[tuple[tuple[str, str], ...]]:
    if tag == "img":
        names = st.sampled_from(["alt", "title", "class"])
        extra = st.lists(st.tuples(names, _attribute_value), max_size=2, unique_by=lambda p: p[0])
        return extra.map(lambda pairs: (("src", "pic.jpg"), *pairs))
    if tag == "br":
        return st.just(())
    names = st.sampled_from(["href", "title", "class"] if tag == "a" else ["title", "class"])
    pairs = st.tuples(names, _attribute_value).map(
        lambda pair: (pair[0], pair[1].strip("\u00a0\u3000")) if pair[0] == "href" else pair
    )
    return st.lists(pairs, max_size=2, unique_by=lambda p: p[0]).map(tuple)


def _void() -> st.SearchStrategy[Inline]:
    return st.sampled_from(VOID_TAGS).flatmap(
        lambda tag: _attributes(tag).map(lambda attributes: Inline(tag, attributes, ()))
    )


def _inline_tree(leaves: st.SearchStrategy[Inline | Comment | str]) -> st.SearchStrategy[Inline]:
    def build(tag: str) -> st.SearchStrategy[Inline]:
        return st.builds(
            Inline,
            st.just(tag),
            _attributes(tag),
            st.lists(leaves, min_size=1, max_size=3).map(tuple),
        )

    return st.sampled_from(INLINE_TAGS).flatmap(build)


# Phrasing content: text, comments, void elements and inline elements nested a few deep.
# An `a` never holds another `a`: browsers and libxml2 both split such links apart, so
# the page would not be the tree we generated.
_phrasing: st.SearchStrategy[Inline | Comment | str] = st.recursive(
    st.one_of(text, text, _void(), _comment),
    lambda inner: _inline_tree(inner).filter(lambda e: not (e.tag == "a" and _has_link(e))),
    max_leaves=8,
)


def _has_link(element: Inline) -> bool:
    return any(
        isinstance(child, Inline) and (child.tag == "a" or _has_link(child))
        for child in element.children
    )


def _block(depth: int) -> st.SearchStrategy[Block]:
    phrasing_block = st.builds(
        Block,
        st.sampled_from(("p", "h1")),
        st.just(()),
        st.lists(_phrasing, min_size=1, max_size=4).map(tuple),
    )
    if depth == 0:
        return phrasing_block
    children = st.one_of(_phrasing, _block(depth - 1))
    flow_block = st.builds(
        Block,
        st.sampled_from(_FLOW_BLOCKS),
        st.sampled_from([(), (("class", "box"),), (("title", "Box & co"),)]),
        st.lists(children, min_size=1, max_size=4).map(tuple),
    )
    return st.one_of(phrasing_block, flow_block)


@st.composite
def pages(draw: st.DrawFn) -> bytes:
    """A whole UTF-8 page: head with a title, a body of generated blocks."""
    title = draw(text)
    body = draw(st.lists(st.one_of(_block(2), _comment), min_size=1, max_size=4))
    return page_html(title, tuple(body)).encode("utf-8")


def page_html(title: str, body: tuple[Block | Comment, ...]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title, quote=False)}</title></head>\n<body>\n"
        + "\n".join(_write(node) for node in body)
        + "\n</body></html>\n"
    )


def _write(node: Block | Inline | Comment | str) -> str:
    if isinstance(node, str):
        return html.escape(node, quote=False)
    if isinstance(node, Comment):
        return f"<!-- {node.text} -->"
    attributes = "".join(f' {name}="{html.escape(value)}"' for name, value in node.attributes)
    if node.tag in VOID_TAGS:
        return f"<{node.tag}{attributes}>"
    inner = "".join(_write(child) for child in node.children)
    return f"<{node.tag}{attributes}>{inner}</{node.tag}>"


# Translations -----------------------------------------------------------------------

_TOKEN = re.compile(r"</?[1-9][0-9]*/?>")
_JUNK = (
    "<9>",
    "</9>",
    "<99/>",
    "<0>",
    "<01>",
    "<script>alert(1)</script>",
    "</p>",
    "<p>",
    '<a href="https://evil.example">',
    "<img src=x onerror=alert(1)>",
    "&amp;",
    "&lt;b&gt;",
    "&nbsp;",
    "&#x3c;script&#x3e;",
    "<!-- c -->",
    "<",
    "&",
    "\u200c",
    "译文",
    "ترجمه",
)


@st.composite
def translation_of(draw: st.DrawFn, msgid: str) -> str:
    """A hostile translation of `msgid`: its own placeholder tokens reordered, dropped and
    repeated, mixed with forged placeholders, tag-shaped junk, entities and text."""
    own = _TOKEN.findall(msgid)
    pieces = draw(
        st.lists(
            st.one_of(
                st.sampled_from(own) if own else st.nothing(),
                st.sampled_from(_JUNK),
                text,
            ),
            max_size=10,
        )
    )
    return "".join(pieces)


@st.composite
def faithful_translation_of(draw: st.DrawFn, msgid: str) -> str:
    """A translation keeping every placeholder of `msgid` once, properly nested, with the
    text between them replaced (junk included): what the build must take as it is."""
    parts = re.split(r"(</?[1-9][0-9]*/?>)", msgid)
    out = []
    for part in parts:
        if _TOKEN.fullmatch(part):
            out.append(part)
        elif part:
            out.append(draw(st.one_of(text, st.sampled_from(_JUNK[5:]))))
    return "".join(out)
