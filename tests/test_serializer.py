"""The page serializer: what it keeps that lxml's would change, and URLs moved as it
writes them without the tree changing."""

from __future__ import annotations

from lxml import etree

from l10n.page.document import parse_html
from l10n.page.links import Variant, url_rewrite
from l10n.page.serializer import serialize_html

PAGE = (
    b"<!DOCTYPE html><!-- before --><html><head><script>if (a < b && c) {}</script>"
    b'<link rel="canonical" href="x.html"></head><body>'
    b'<p class="" title="&quot;caf\xc3\xa9&quot;">1&nbsp;&lt;2&gt; &amp; <a href="news/\xc3\xa9t\xc3\xa9.html">'
    b'x</a><img src="a.jpg" srcset="a.jpg 1x, /b.jpg 2x" alt=""><?php x ?></p></body></html>'
)
MOVED = Variant("fa", "en", "x", url_prefix="../../source/")


def _root() -> etree._Element:
    return parse_html(PAGE, name="x.html").tree.getroot()


def test_serializer_keeps_what_the_source_wrote() -> None:
    text = serialize_html(_root(), "<!DOCTYPE html>")
    assert text.startswith("<!DOCTYPE html>\n<!-- before --><html><head>")
    assert "<script>if (a < b && c) {}</script>" in text  # raw text
    assert '<p class title="&quot;café&quot;">1&nbsp;&lt;2&gt; &amp; ' in text
    assert '<a href="news/été.html">' in text  # not %-escaped
    assert '<img src="a.jpg" srcset="a.jpg 1x, /b.jpg 2x" alt>' in text  # void, bare
    assert text.endswith("</body></html>\n")


def test_urls_are_moved_as_written_and_the_tree_is_left_as_it_was() -> None:
    root = _root()
    before = etree.tostring(root)
    text = serialize_html(root, None, rewrite=url_rewrite(root, MOVED))
    assert '<a href="../../source/news/été.html">' in text
    assert 'src="../../source/a.jpg" srcset="../../source/a.jpg 1x, /b.jpg 2x"' in text
    assert '<link rel="canonical" href="x.html">' in text  # the head's, left to rewrite_head
    assert etree.tostring(root) == before


def test_a_base_href_leaves_every_url_alone() -> None:
    root = parse_html(PAGE.replace(b"<head>", b'<head><base href="/a/">'), name="x").tree
    assert url_rewrite(root.getroot(), MOVED) is None
