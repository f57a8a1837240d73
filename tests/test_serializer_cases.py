"""What the serializer writes where libxml2's own serializers (HTML or XML) write
otherwise: a case each, pinned for any faster writer to keep (see the reverted XML-text
writer in the history of this file's branch)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from lxml import etree

from l10n.page.document import parse_html
from l10n.page.links import Variant, url_rewrite
from l10n.page.serializer import AttributeRewrite, serialize_html

MOVED = Variant("fa", "en", "x", url_prefix="../../source/")


def _body(html: str) -> etree._Element:
    page = f"<!DOCTYPE html><html><head></head><body>{html}</body></html>"
    return parse_html(page.encode(), name="x").tree.getroot()


def _written(root: etree._Element, rewrite: AttributeRewrite | None = None) -> str:
    """The body's text, the tree checked to be left as it was."""
    before = etree.tostring(root)
    text = serialize_html(root, None, rewrite=rewrite)
    assert etree.tostring(root) == before
    return text[text.index("<body>") + len("<body>") : text.rindex("</body>")]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # empty elements: an end tag, or none for the void ones (libxml2's XML: <p/>,
        # its HTML: no </li> for an empty li, </source> and </embed> written)
        (
            "<p></p><li></li><br><img src=a.jpg><source src=b><embed><wbr>",
            '<p></p><li></li><br><img src="a.jpg"><source src="b"><embed><wbr>',
        ),
        ("<param name=x><frame>", '<param name="x"></param><frame></frame>'),
        # attributes: empty ones bare, booleans with their value, URLs as written
        (
            '<p class="" data-x>a</p><input checked="checked" disabled>',
            '<p class data-x>a</p><input checked="checked" disabled="disabled">',
        ),
        (
            '<a href=" /été b.html?x=1&amp;y=2" name="é f">x</a>',
            '<a href=" /été b.html?x=1&amp;y=2" name="é f">x</a>',
        ),
        (
            "<p title=\"a &lt;b&gt; &quot;c&quot; 'd' &amp;{e}\">x</p>",
            "<p title=\"a <b> &quot;c&quot; 'd' &amp;{e}\">x</p>",
        ),
        ('<p title="a&#13;b&#9;c\nd">x</p>', '<p title="a\rb\tc\nd">x</p>'),
        ('<p a"b="1">x</p>', '<p a"b="1">x</p>'),
        # U+00A0: `&nbsp;` in text and attributes, bare in raw text and comments
        (
            '<p title="a&nbsp;b">c&nbsp;d</p><script>x="\xa0"</script><!-- \xa0 -->',
            '<p title="a&nbsp;b">c&nbsp;d</p><script>x="\xa0"</script><!-- \xa0 -->',
        ),
        # text: escaped as it was, a carriage return as itself
        (
            '<p>a &lt; b &gt; c &amp; d&#13; e="" f/&gt; &lt;g/&gt;</p>',
            '<p>a &lt; b &gt; c &amp; d\r e="" f/&gt; &lt;g/&gt;</p>',
        ),
        # raw text: as the element holds it
        (
            '<script>if (a < b && c > d) { x = "" }</script><style>a>b{}</style>',
            '<script>if (a < b && c > d) { x = "" }</script><style>a>b{}</style>',
        ),
        (
            '<script src="x.js"></script><script></script><style media="print"></style>',
            '<script src="x.js"></script><script></script><style media="print"></style>',
        ),
        (
            "<xmp><b>&amp;</xmp><iframe>a<b</iframe><noembed>x&y</noembed>",
            "<xmp><b>&amp;</xmp><iframe>a<b</iframe><noembed>x&y</noembed>",
        ),
        (
            "<textarea>a<b &amp; c</textarea><title>a&amp;b</title>",
            "<textarea>a&lt;b &amp; c</textarea><title>a&amp;b</title>",
        ),
        # comments: as they are, markup inside them included
        (
            '<!--[if IE]><script src="ie.js"/><a href="y" class=""><![endif]--><p class="">x</p>',
            '<!--[if IE]><script src="ie.js"/><a href="y" class=""><![endif]--><p class>x</p>',
        ),
    ],
)
def test_the_page_is_written_as_the_source_wrote_it(html: str, expected: str) -> None:
    assert _written(_body(html)) == expected


def test_a_processing_instruction_is_written_as_html_writes_it() -> None:
    root = _body("<p>a</p>")
    paragraph = root.find(".//p")
    assert paragraph is not None
    paragraph.append(etree.ProcessingInstruction("php", "echo 1 ?"))
    assert _written(root) == "<p>a<?php echo 1 ?></p>"


def test_a_void_element_is_written_without_its_text_or_end_tag() -> None:
    root = _body("<p>a<br>b</p>")
    br = root.find(".//br")
    assert br is not None
    br.text = "dropped"
    etree.SubElement(br, "i").text = "x"
    assert _written(root) == "<p>a<br><i>x</i>b</p>"


def test_a_control_character_is_written_as_it_is() -> None:
    root = parse_html(b"<html><body><p title='a\x0cb'>x\x0cy</p></body></html>", name="x")
    assert '<p title="a\x0cb">x\x0cy</p>' in serialize_html(root.tree.getroot(), None)


@dataclass(frozen=True)
class _Rewrite:
    """A rewrite of every `src` and `data-x`: `keep.*` stays, `empty` becomes bare."""

    names: frozenset[str] = frozenset(["src", "data-x"])

    def __call__(self, element: etree._Element, name: str, value: str) -> str | None:
        if value.startswith("keep"):
            return None
        if value == "empty":
            return ""
        return f'{element.tag}/{value}&"\xa0<>'


def test_moved_attributes_are_escaped_as_any_value() -> None:
    root = _body(
        '<img src="a.jpg"><p data-x="b" src=empty>x</p><img src=keep.jpg>'
        '<script src="c.js"></script><!-- <img src="d.jpg"> --><p data-x="a &lt; b">y</p>'
        '<p title=\' src="e"\'>src="f"</p>'
    )
    assert _written(root, _Rewrite()) == (
        '<img src="img/a.jpg&amp;&quot;&nbsp;<>"><p data-x="p/b&amp;&quot;&nbsp;<>" src>x</p>'
        '<img src="keep.jpg"><script src="script/c.js&amp;&quot;&nbsp;<>">'
        '</script><!-- <img src="d.jpg"> --><p data-x="p/a < b&amp;&quot;&nbsp;<>">y</p>'
        '<p title=" src=&quot;e&quot;">src="f"</p>'
    )


def test_document_relative_urls_are_moved_and_others_kept() -> None:
    root = _body(
        '<a href="news/été.html">x</a><img src="a.jpg" srcset="a.jpg 1x, /b.jpg 2x" alt="">'
        '<a href="https://example.org/">y</a><form action=" send.php "></form>'
    )
    assert _written(root, url_rewrite(root, MOVED)) == (
        '<a href="../../source/news/été.html">x</a><img src="../../source/a.jpg" '
        'srcset="../../source/a.jpg 1x, /b.jpg 2x" alt><a href="https://example.org/">y</a>'
        '<form action="../../source/send.php"></form>'
    )
