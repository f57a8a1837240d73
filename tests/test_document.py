"""Extraction details beyond the golden files: references, letters, errors, determinism."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from l10n.errors import ConfigError, SourceError
from l10n.page.document import AttributeValue, Rules, TextRun, parse_html

BAD = Path(__file__).parent / "bad"


def _msgids(html: str, rules: Rules | None = None) -> list[str]:
    return [
        segment.msgid for segment in parse_html(html.encode(), name="t.html", rules=rules).segments
    ]


def test_segment_lines_point_at_the_text() -> None:
    document = parse_html(
        b"<html><body>\n<p>one</p>\n\n<div>\n  loose\n</div></body></html>", name="t"
    )
    assert [(s.msgid, s.line) for s in document.segments] == [("one", 2), ("loose", 5)]


def test_text_segment_knows_its_place_for_the_build() -> None:
    document = parse_html(b"<p>Read <a href='x'>this</a> now</p>", name="t")
    (segment,) = document.segments
    assert isinstance(segment.location, TextRun)
    assert segment.location.container.tag == "p"
    assert segment.location.numbered[1].tag == "a"  # type: ignore[union-attr]


def test_attribute_segment_knows_its_element() -> None:
    (segment,) = parse_html(b"<img src='x.png' alt='A cat'>", name="t").segments
    assert isinstance(segment.location, AttributeValue)
    assert (segment.location.element.tag, segment.location.attribute) == ("img", "alt")


def test_text_without_letters_is_not_a_segment() -> None:
    assert _msgids("<p>2022-09-22</p><p>|</p><p>•</p><p>42%</p><p>é</p>") == ["é"]


def test_any_script_counts_as_letters() -> None:
    assert _msgids("<p>王晓夏</p><p>Привет</p><p>سلام</p>") == ["王晓夏", "Привет", "سلام"]


def test_same_source_gives_the_same_segments() -> None:
    html = Path(__file__).parent.joinpath("golden/extract/nested-inline/source.html").read_bytes()
    first = [(s.msgid, s.line, s.comments) for s in parse_html(html, name="a").segments]
    second = [(s.msgid, s.line, s.comments) for s in parse_html(html, name="a").segments]
    assert first == second


def test_undeclared_gbk_page_decodes() -> None:
    text = "<html><body><p>编辑：王晓夏。中国与哈萨克斯坦的合作项目进展顺利，风电场已经建成投产。</p></body></html>"
    (segment,) = parse_html(text.encode("gbk"), name="t").segments
    assert segment.msgid.startswith("编辑：王晓夏。")


def test_gb2312_label_decodes_gbk_only_characters() -> None:
    text = '<html><head><meta charset="gb2312"></head><body><p>朱镕基与王堃</p></body></html>'
    (segment,) = parse_html(text.encode("gbk"), name="t").segments
    assert segment.msgid == "朱镕基与王堃"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "t.html: empty file"),
        (b"   \n", "t.html: empty file"),
        (b"just some words, no markup", "t.html: not HTML (no markup found)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "t.html: not text"),
    ],
)
def test_unreadable_pages_are_refused_with_their_name(data: bytes, message: str) -> None:
    with pytest.raises(SourceError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        parse_html(data, name="t.html")


def test_nesting_too_deep_is_an_error_not_a_truncated_page() -> None:
    html = "<html><body>" + "<div>" * 300 + "deep" + "</div>" * 300 + "<p>after</p></body></html>"
    with pytest.raises(SourceError, match=r"^t\.html:1: Excessive depth"):
        parse_html(html.encode(), name="t.html")


def test_invalid_selector_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=re.escape("selector 'p[': not valid CSS")):
        parse_html(b"<p>x</p>", name="t", rules=Rules(exclude=("p[",)))


def test_script_text_never_becomes_a_segment() -> None:
    html = "<script>document.write('Hello reader')</script><p>Visible <script>x='Hidden words'</script></p>"
    assert _msgids(html) == ["Visible"]


def test_fallback_text_of_iframes_and_raw_text_elements_is_not_extracted() -> None:
    html = "<p>Watch <iframe src='v.html'>Your browser lacks frames</iframe> now.</p><noembed>No embed</noembed>"
    assert _msgids(html) == ["Watch <1/> now."]


def test_scope_does_not_reach_into_excluded_or_protected_content() -> None:
    html = (
        "<div translate='no'><article><p>Protected text</p></article></div>"
        "<div class='ad'><article><p>Ad copy text</p></article></div>"
        "<article><p>Real text</p></article>"
    )
    assert _msgids(html, Rules(scope=("article",), exclude=(".ad",))) == ["Real text"]


def test_edits_and_ruby_stay_inside_the_sentence() -> None:
    html = "<p>Shares <del>fell</del> <ins>rose</ins> 5% on Monday.</p><p><ruby>東京<rt>Tokyo</rt></ruby> is big.</p>"
    assert _msgids(html) == [
        "Shares <1>fell</1> <2>rose</2> 5% on Monday.",
        "<1>東京<2>Tokyo</2></1> is big.",
    ]


def test_translate_no_on_the_html_element_protects_the_whole_page() -> None:
    assert (
        _msgids(
            "<html translate='no'><head><title>Brand</title></head><body><p>Text</p></body></html>"
        )
        == []
    )
