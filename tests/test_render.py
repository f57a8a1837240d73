"""Rendering translations into pages: safety against hostile msgstrs, language honesty,
head items, dates and URLs."""

from __future__ import annotations

import pytest
from lxml import etree
from pages import shape

from l10n.page.document import parse_html
from l10n.page.render import Variant, render_document

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>Grid news</title>
<link rel="alternate" hreflang="de" href="https://old.example/de">
<script type="application/ld+json">{"@type": "NewsArticle", "inLanguage": "en"}</script></head>
<body>
<h1>Desert grid opens</h1>
<p>Read <a href="https://example.org/report" class="ext">the report</a> and <b>act</b> now.</p>
<p>Second <em>line</em> here.</p>
<p>Plain sentence for hostile text.</p>
<p>Published <time datetime="2026-03-14">March 14, 2026</time> at dawn.</p>
<p><img src="images/dam.jpg" alt="A dam"> Caption of the dam.</p>
<div class="box">Untranslated box text.</div>
</body></html>
"""


def _render(
    translations: dict[str, str], locale: str = "zh_CN", page: str = PAGE
) -> tuple[str, object]:
    document = parse_html(page.encode("utf-8"), name="t.html")
    variant = Variant(
        locale=locale,
        source_locale="en",
        slug="t",
        published=("en", locale),
        url_prefix="../../source/",
    )
    rendered = render_document(document, {(None, k): v for k, v in translations.items()}, variant)
    return rendered.html, rendered


VALID = {
    "Grid news": "电网新闻",
    "Desert grid opens": "沙漠电网开通",
    "Second <1>line</1> here.": "第二<1>行</1>在此。",
}


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "第一段</p><p>第二段",
        "<1 onclick=x>报告</1>",
        "&lt;b&gt;粗体&lt;/b&gt;",
        "\u202e反转文字",
        "<!-- 注释 -->文字",
        "<1/>重复<1/>",
    ],
    ids=[
        "script",
        "img-onerror",
        "close-p",
        "forged-placeholder",
        "entities",
        "bidi",
        "comment",
        "repeated-single",
    ],
)
def test_hostile_translation_adds_no_element_or_attribute(hostile: str) -> None:
    source_shape = shape(_render({})[0].encode())
    html, _ = _render({**VALID, "Plain sentence for hostile text.": hostile})
    assert shape(html.encode()) == source_shape
    assert "<script>alert" not in html and "<img src=x" not in html and " onclick=" not in html
    assert (
        "电网新闻" in html and "第二<em>行</em>在此。" in html
    )  # valid ones beside it still appear


def test_entity_tricks_show_as_text() -> None:
    html, _ = _render({"Plain sentence for hostile text.": "&lt;b&gt;粗体&lt;/b&gt; <b>x</b>"})
    assert "&amp;lt;b&amp;gt;粗体&amp;lt;/b&amp;gt; &lt;b&gt;x&lt;/b&gt;" in html


@pytest.mark.parametrize(
    ("msgstr", "reason"),
    [
        ("现在<1>阅读</1><1>报告</1>，<2>行动</2>。", "placeholder <1> is repeated"),
        ("现在<3>阅读报告</3>。", "placeholder <3> is not in the source"),
        ("现在<1/>，<2>行动</2>。", "placeholder <1> changed its kind"),
        ("现在<1>阅读报告，<2>行动</1></2>。", "placeholders: </1> closes before </2>"),
    ],
)
def test_placeholder_abuse_falls_back_to_the_source(msgstr: str, reason: str) -> None:
    html, rendered = _render({"Read <1>the report</1> and <2>act</2> now.": msgstr})
    assert (
        'Read <a href="https://example.org/report" class="ext">the report</a> and <b>act</b> now.'
        in html
    )
    assert [why for _, why in rendered.fallback] == [reason]  # type: ignore[attr-defined]


def test_swapped_placeholders_keep_each_element_with_its_attributes() -> None:
    html, _ = _render(
        {"Read <1>the report</1> and <2>act</2> now.": "<2>立即行动</2>并<1>阅读报告</1>。"}
    )
    assert (
        '<b>立即行动</b>并<a href="https://example.org/report" class="ext">阅读报告</a>。' in html
    )


def test_dropping_a_formatting_pair_renders_without_it() -> None:
    html, _ = _render({"Read <1>the report</1> and <2>act</2> now.": "<1>阅读报告</1>并立即行动。"})
    assert (
        '<p><a href="https://example.org/report" class="ext">阅读报告</a>并立即行动。</p>' in html
    )


def test_one_charset_declaration_first_in_head_and_hreflang_replaced() -> None:
    html, _ = _render(VALID)
    head = html.split("</head>")[0]
    assert head.count("charset") == 1 and '<head>\n<meta charset="utf-8">' in head
    assert "old.example" not in head
    assert '<link rel="alternate" hreflang="zh-CN" href="../zh_CN/t.html">' in head
    assert '<link rel="alternate" hreflang="x-default" href="../en/t.html">' in head
    assert '"inLanguage": "zh-CN"' in head
    assert html.startswith('<!DOCTYPE html>\n<html lang="zh-CN" dir="ltr">')


def test_persian_page_is_rtl_and_fallback_text_is_marked_english() -> None:
    html, _ = _render(
        {"Grid news": "اخبار شبکه", "Desert grid opens": "شبکه بیابانی افتتاح شد"}, locale="fa"
    )
    root = etree.fromstring(html.encode("utf-8"), etree.HTMLParser(encoding="utf-8"))
    assert (root.get("lang"), root.get("dir")) == ("fa", "rtl")
    h1 = root.find(".//h1")
    assert h1 is not None and h1.get("lang") is None
    box = root.find(".//div[@class='box']")
    assert box is not None and (box.get("lang"), box.get("dir")) == ("en", "ltr")


def test_source_language_lang_above_translated_text_becomes_the_target() -> None:
    page = PAGE.replace("<h1>", '<section lang="en"><h1>').replace("</h1>", "</h1></section>")
    html, _ = _render({"Desert grid opens": "沙漠电网开通"}, page=page)
    assert '<section lang="zh-CN"><h1>沙漠电网开通</h1></section>' in html


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("zh_CN", "2026年3月14日"), ("ru", "14 марта 2026 г."), ("fa", "14 مارس 2026")],
)
def test_dates_are_written_in_each_language(locale: str, expected: str) -> None:
    translated, _ = _render({"Published <1/> at dawn.": "<1/> ·"}, locale=locale)
    assert f'<time datetime="2026-03-14">{expected}</time> ·' in translated.replace("\u202f", " ")
    page = '<html><body><p><time datetime="2026-03-14">March 14, 2026</time></p></body></html>'
    alone, _ = _render({}, locale=locale, page=page)  # a date on its own is data, not words
    assert f'<time datetime="2026-03-14">{expected}</time>' in alone.replace("\u202f", " ")


def test_relative_urls_still_resolve_from_the_site_folder() -> None:
    html, _ = _render(VALID)
    assert '<img src="../../source/images/dam.jpg" alt="A dam"' in html
    assert 'href="https://example.org/report"' in html


def test_identity_render_keeps_nbsp_raw_script_and_non_ascii_urls() -> None:
    page = (
        '<html><head><script>if (a < b && c) { x = "</p>"; }</script></head><body>'
        '<p><a href="https://例子.测试/路径?q=é">链接</a>&nbsp;text</p><input disabled></body></html>'
    )
    html, _ = _render({}, locale="en", page=page)
    assert 'if (a < b && c) { x = "</p>"; }' in html
    assert 'href="https://例子.测试/路径?q=é"' in html and "&nbsp;text" in html
    assert "<input disabled" in html


def test_runs_sharing_a_container_survive_a_translation_that_changes_node_counts() -> None:
    page = (
        "<html><body><div>Lead <b>bold</b> text<p>Block para</p>After <i>it</i> end"
        "<p>Tail block</p></div></body></html>"
    )
    translations = {
        "Lead <1>bold</1> text": "Вводный жирный текст",  # drops the formatting pair
        "Block para": "Абзац",
        "After <1>it</1> end": "После <1>это</1> конец",
    }
    html, _ = _render(translations, locale="ru", page=page)
    assert (
        "<div>Вводный жирный текст<p>Абзац</p>После <i>это</i> конец"
        '<p lang="en">Tail block</p></div>' in html
    )


def test_a_comment_inside_an_inline_element_does_not_shift_later_runs() -> None:
    page = (
        "<html><body><div>Lead <b>bo<!--x-->ld</b> text<p>Block</p>After "
        '<a href="/l">it</a> end<p>Tail</p></div></body></html>'
    )
    translations = {
        "Lead <1>bold</1> text": "前<1>粗</1>文",
        "After <1>it</1> end": "后<1>链</1>尾",
    }
    html, _ = _render(translations, page=page)
    assert (
        '前<b>粗</b>文<!--x--><p lang="en">Block</p>后<a href="/l">链</a>尾<p lang="en">Tail</p>'
        in html
    )


def test_a_date_in_a_sentence_left_in_english_is_left_as_written() -> None:
    page = '<html><body><p>Updated <time datetime="2026-03-14">March 14, 2026</time> by staff</p></body></html>'
    html, _ = _render({}, page=page)
    assert '<time datetime="2026-03-14">March 14, 2026</time>' in html


def test_base_url_without_a_trailing_slash_is_a_folder() -> None:
    document = parse_html(PAGE.encode("utf-8"), name="t.html")
    variant = Variant(
        locale="zh_CN",
        source_locale="en",
        slug="t",
        published=("en",),
        base_url="https://example.org/news",
    )
    html = render_document(document, {}, variant).html
    assert 'src="https://example.org/news/images/dam.jpg"' in html
    assert '<link rel="alternate" hreflang="en" href="https://example.org/news/en/t.html">' in html


def test_text_left_in_english_beside_translated_text_gets_a_span_of_its_own() -> None:
    page = "<html><body><div>Untranslated lead text<ul><li>Translated child</li></ul>Tail text <b>here</b>.</div></body></html>"
    html, _ = _render(
        {"Translated child": "已译子项", "Tail text <1>here</1>.": "尾部<1>文字</1>。"},
        locale="zh_CN",
        page=page,
    )
    assert (
        '<div><span lang="en">Untranslated lead text</span><ul><li>已译子项</li></ul>尾部<b>文字</b>。</div>'
        in html
    )


def test_the_source_language_span_keeps_the_surrounding_whitespace_and_direction() -> None:
    page = "<html><body><div>\n  Untranslated <i>lead</i> text\n<p>Block</p>\n  Tail text.\n</div></body></html>"
    html, _ = _render({"Tail text.": "متن پایانی."}, locale="fa", page=page)
    assert (
        '<div>\n  <span lang="en" dir="ltr">Untranslated <i>lead</i> text</span>\n<p lang="en" dir="ltr">Block</p>\n  متن پایانی.\n</div>'
        in html
    )
