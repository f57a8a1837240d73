"""Plain-text captures turned into article pages: the seed, variants, junk, bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lxml import html as lxml_html

from l10n.errors import SourceError
from l10n.page.capture import ImportedArticle, parse_capture
from l10n.page.document import parse_html

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
CASES = Path(__file__).resolve().parent / "import"


def _seed() -> str:
    path = SEEDS / "article-sco.txt"
    if not path.is_file():
        if os.environ.get("L10N_REQUIRE_CORPUS") == "1":
            pytest.fail(f"{path}: missing, and L10N_REQUIRE_CORPUS=1")
        pytest.skip(f"{path}: not present")
    return path.read_text(encoding="utf-8")


def _case(name: str) -> ImportedArticle:
    return parse_capture((CASES / f"{name}.txt").read_text(encoding="utf-8"), name=name)


def _tree(article: ImportedArticle) -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(article.html.encode(), base_url=None)


def _texts(article: ImportedArticle, selector: str) -> list[str]:
    return [element.text_content() for element in _tree(article).cssselect(selector)]


def test_seed_finds_every_part() -> None:
    article = parse_capture(_seed(), name="article-sco.txt")
    tree = _tree(article)
    assert article.missing == ()
    assert _texts(article, "nav.breadcrumb") == [
        "position: EnglishChannel > Innovation China > Article"
    ]
    assert _texts(article, "h1") == ["SCO Boosts Common Development"]
    assert tree.findtext(".//title") == "SCO Boosts Common Development"
    assert _texts(article, "p.byline") == ["By\u2002Staff\u2002Reporters"]
    assert _texts(article, "figcaption .credit") == ["(PHOTO: XINHUA)"]
    alt = tree.cssselect("figure img")[0].get("alt")
    assert alt == (
        "China-built Turgusun hydropower station on the Turgusun River near the city of"
        " Altai, Kazakhstan."
    )


def test_seed_has_nine_body_paragraphs() -> None:
    article = parse_capture(_seed(), name="article-sco.txt")
    body = _texts(article, "article > p:not([class])")
    assert len(body) == 9
    assert body[0].startswith("Speaking at the 22nd meeting")
    assert body[-1].startswith("Practices over the years")
    description = _tree(article).cssselect('meta[name="description"]')[0].get("content")
    assert body[0].startswith(description.removesuffix("…"))
    assert len(description) <= 160


def test_seed_dateline_keeps_damaged_author_and_iso_time() -> None:
    article = parse_capture(_seed(), name="article-sco.txt")
    assert (
        '<p class="dateline">Source: <span class="source">Science and Technology Daily</span>'
        ' | <time datetime="2022-09-22T10:51:47">2022-09-22 10:51:47</time>'
        ' | Author: <span class="author">Staff?Reporters</span></p>'
    ) in article.html


def test_seed_editor_credit_keeps_chinese_name() -> None:
    article = parse_capture(_seed(), name="article-sco.txt")
    assert _texts(article, "p.editor") == ["Editor: 王晓夏"]


def test_seed_related_stories_include_the_bullet_item() -> None:
    article = parse_capture(_seed(), name="article-sco.txt")
    assert _texts(article, "aside.related h2") == ["Top News"]
    headlines = _texts(article, "aside.related li h3")
    assert len(headlines) == 3
    assert headlines[0].startswith("Over the past ten years")
    assert headlines[1:] == [
        "China Forges Closer Sci-tech Ties with ASEAN",
        "Scientific Discovery Needs\u2002Cooperation\u2002not Isolation",
    ]
    summaries = _texts(article, "aside.related li p")
    assert len(summaries) == 2
    assert summaries[1].startswith('"Collaboration has long been key')


def test_seed_junk_tail_dropped_one_report_per_line() -> None:
    article = parse_capture(_seed(), name="article-sco.txt")
    assert [report.split(":")[0] for report in article.dropped] == [
        f"line {number}" for number in range(43, 48)
    ]
    assert all("injected markup" in report for report in article.dropped)
    assert "<person>" in article.dropped[1]
    for tag in ("legend", "person", "bgsound", "marquee", "fieldset", "thead", "strike"):
        assert f"<{tag}" not in article.html


def test_seed_segments_have_no_junk_and_include_the_editor() -> None:
    article = parse_capture(_seed(), name="article-sco.txt")
    document = parse_html(article.html.encode(), name="x")
    msgids = [segment.msgid for segment in document.segments]
    assert "Editor: 王晓夏" in msgids
    assert "SCO Boosts Common Development" in msgids
    assert len(msgids) == len(set(msgids)) + 1  # the caption is both alt and figcaption
    roles = {segment.role for segment in document.segments}
    assert not roles & {"legend", "person", "bgsound", "marquee", "caption", "fieldset"}


def test_no_breadcrumb_is_reported_missing() -> None:
    article = _case("no-breadcrumb")
    assert article.missing == ("no breadcrumb", "no related stories")
    assert _texts(article, "h1") == ["Tidal Turbines Begin Feeding Island Grid"]
    assert not _texts(article, "nav")
    assert _texts(article, "figcaption .credit") == ["(PHOTO: Harbour Engineering Ltd.)"]


def test_no_caption_is_reported_missing() -> None:
    article = _case("no-caption")
    assert article.missing == ("no caption", "no related stories")
    assert "<figure" not in article.html
    assert len(_texts(article, "article > p:not([class])")) == 2


def test_two_editors_in_two_scripts() -> None:
    article = _case("two-editors")
    assert _texts(article, "p.editor") == ["Editors: 李明哲, Anna Petrova"]
    assert _texts(article, "span.author") == ["Lucía Ferrer"]


def test_month_name_date_gets_iso_datetime() -> None:
    article = _case("month-date")
    assert '<time datetime="2022-09-22">September 22, 2022</time>' in article.html
    assert "no dateline" not in article.missing


def test_junk_line_between_paragraphs_is_dropped() -> None:
    article = _case("junk-middle")
    assert article.dropped == ("line 10: injected markup <blink>, <tt>, <dir> dropped",)
    assert len(_texts(article, "article > p:not([class])")) == 2
    assert '<time datetime="2020-05-14T16:20">2020/05/14 16:20</time>' in article.html
    assert "blink" not in article.html


def test_reordered_parts_are_all_found() -> None:
    article = _case("reordered")
    assert article.missing == ("no related stories",)
    assert _texts(article, "p.byline") == ["By Hanna Kowalczyk"]
    assert '<time datetime="2022-09-22">22 September 2022</time>' in article.html
    assert article.html.index('class="byline"') < article.html.index('class="dateline"')
    assert _texts(article, "figcaption .credit") == ["(Photo: courtesy of Alpine Rail Works)"]


def test_markup_inside_prose_is_removed_and_reported() -> None:
    article = _case("markup-in-prose")
    assert article.dropped == ("line 9: markup <b>, <script> removed, its text kept",)
    tree = _tree(article)
    assert not tree.cssselect("article script, article b")
    assert "alert" not in article.html
    assert _texts(article, "article > p:not([class])")[0] == (
        "Volunteers fixed forty radios on the first evening of the new repair café."
    )
    assert '<time datetime="2019-11-02">2019-11-02</time>' in article.html


def test_captured_text_is_escaped_never_markup() -> None:
    capture = 'A & B <3 C\n\nBody says 1 < 2 & "quoted" text.\n'
    article = parse_capture(capture, name="x")
    assert "<h1>A &amp; B &lt;3 C</h1>" in article.html
    assert _texts(article, "article > p") == ['Body says 1 < 2 & "quoted" text.']


def test_same_input_gives_same_bytes() -> None:
    text = (CASES / "reordered.txt").read_text(encoding="utf-8")
    first = parse_capture(text, name="a").html.encode()
    assert parse_capture(text, name="a").html.encode() == first
    assert parse_capture(text.replace("\n", "\r\n"), name="b").html.encode() == first


@pytest.mark.parametrize("text", ["", "   \n\n\t\n", "\ufeff"], ids=["empty", "blank", "bom"])
def test_empty_capture_is_a_source_error(text: str) -> None:
    with pytest.raises(SourceError, match=r"^capture\.txt: empty capture$"):
        parse_capture(text, name="capture.txt")


@pytest.mark.parametrize(
    "text",
    ["PNG\x00\x01\x02", "<legend id='x'></legend>\n<person></person>\n", "<!DOCTYPE html><p>x"],
    ids=["binary", "only-markup", "html-page"],
)
def test_non_text_capture_is_a_source_error(text: str) -> None:
    with pytest.raises(SourceError, match=r"^capture\.txt"):
        parse_capture(text, name="capture.txt")


def test_lone_surrogate_is_a_source_error() -> None:
    with pytest.raises(SourceError, match=r"^capture\.txt:1: not a text capture"):
        parse_capture("Headline \ud800 here\n", name="capture.txt")
