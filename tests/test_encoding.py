"""Tests for l10n.page.encoding: bytes of a page to Unicode text."""

# Chinese prose is written with full-width commas and brackets, which RUF001 flags.

from __future__ import annotations

import gzip
import html
import re
import time
from pathlib import Path

import chardetng_py
import pytest
from conftest import corpus_folder
from hypothesis import given
from hypothesis import strategies as st

from l10n.errors import SourceError
from l10n.page.document import parse_html
from l10n.page.encoding import Decision, DecodedPage, decode_html

BAD = Path(__file__).parent / "bad"

# A few hundred characters of ordinary news prose, with characters outside GB2312 (镕, 堃).
CHINESE = (
    "本报讯（记者王堃）昨日，市政府召开新闻发布会，介绍今年上半年全市经济运行情况。"
    "数据显示，上半年全市地区生产总值同比增长百分之六点八，高于全国平均水平。"
    "其中，第三产业增加值增长百分之八点二，对经济增长的贡献率超过六成。"
    "发布会上，市统计局负责人表示，消费市场持续回暖，社会消费品零售总额稳步增长，"
    "网上零售额增速明显加快。与此同时，固定资产投资结构不断优化，高技术产业投资增长较快。"
    "朱镕基同志曾经指出，经济工作要坚持实事求是，既要看到成绩，也要正视困难。"
    "专家认为，下半年经济发展仍面临不少挑战，外部环境复杂多变，部分企业经营困难，"
    "就业压力依然较大。有关部门将继续加大对中小企业的支持力度，落实减税降费政策，"
    "保障重点群体就业，推动经济持续健康发展。记者了解到，本市还将加快推进城市更新，"
    "改善居民生活环境，提升公共服务水平，让群众有更多获得感和幸福感。"
)


def _page(body: str, head: str = "") -> str:
    return (
        f"<!doctype html>\n<html><head>{head}<title>t</title></head>\n<body>{body}</body></html>\n"
    )


def test_utf8_bom_is_removed_and_outranks_meta() -> None:
    data = b"\xef\xbb\xbf" + _page("caf\u00e9", '<meta charset="iso-8859-1">').encode()

    page = decode_html(data, name="x.html")

    assert page == DecodedPage(
        _page("caf\u00e9", '<meta charset="iso-8859-1">'),
        "utf-8",
        "utf-8",
        Decision.DECLARED,
        "utf-8",
        label="windows-1252",
    )
    assert page.note == "decoded as UTF-8: byte order mark, the page declares windows-1252"


@pytest.mark.parametrize(
    ("bom", "codec", "declared"),
    [(b"\xff\xfe", "utf-16-le", "utf-16le"), (b"\xfe\xff", "utf-16-be", "utf-16be")],
    ids=["le", "be"],
)
def test_utf16_bom_decodes_utf16(bom: bytes, codec: str, declared: str) -> None:
    text = _page("\u4e2d\u6587 text")

    page = decode_html(bom + text.encode(codec), name="x.html")

    assert (page.text, page.encoding, page.declared, page.detected) == (
        text,
        codec,
        declared,
        False,
    )


def test_meta_charset_declares_encoding() -> None:
    text = _page("\u041f\u0440\u0438\u0432\u0435\u0442", "<meta charset=koi8-r>")

    page = decode_html(text.encode("koi8-r"), name="x.html")

    assert (page.text, page.encoding, page.declared, page.detected) == (
        text,
        "koi8-r",
        "koi8-r",
        False,
    )


def test_http_equiv_content_type_declares_encoding() -> None:
    head = '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=Shift_JIS">'
    text = _page("\u65e5\u672c\u8a9e\u306e\u30da\u30fc\u30b8", head)

    page = decode_html(text.encode("shift_jis"), name="x.html")

    assert (page.text, page.encoding, page.declared) == (text, "cp932", "shift_jis")


def test_content_charset_without_http_equiv_is_ignored() -> None:
    data = _page("caf\xe9", '<meta name="x" content="charset=koi8-r">').encode("cp1252")

    page = decode_html(data, name="x.html")

    assert (page.declared, page.detected) == (None, True)


def test_xml_declaration_declares_encoding() -> None:
    text = '<?xml version="1.0" encoding="windows-1251"?>\n' + _page("\u0414\u0430")

    page = decode_html(text.encode("cp1251"), name="x.html")

    assert (page.text, page.encoding, page.declared) == (text, "cp1251", "windows-1251")


def test_meta_inside_comment_is_ignored() -> None:
    text = _page("plain", '<!-- <meta charset="koi8-r"> --><meta charset="utf-8">')

    assert decode_html(text.encode(), name="x.html").declared == "utf-8"


def test_utf16_label_in_meta_means_utf8() -> None:
    text = _page("caf\u00e9", '<meta charset="utf-16">')

    page = decode_html(text.encode(), name="x.html")

    assert (page.text, page.encoding, page.declared, page.detected) == (
        text,
        "utf-8",
        "utf-8",
        False,
    )


def test_gb2312_label_decodes_gbk_characters() -> None:
    text = _page("\u6731\u9555\u57fa\u3001\u738b\u5803", '<meta charset="gb2312">')  # 朱镕基、王堃
    data = text.encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb2312")

    page = decode_html(data, name="x.html")

    assert (page.text, page.encoding, page.declared, page.detected) == (
        text,
        "gb18030",
        "gbk",
        False,
    )


def test_iso_8859_1_label_decodes_c1_bytes_as_windows_1252() -> None:
    data = _page("\x93quoted\x94 \x85", '<meta charset="ISO-8859-1">').encode("latin-1")

    page = decode_html(data, name="x.html")

    assert "\u201cquoted\u201d \u2026" in page.text
    assert (page.encoding, page.declared, page.detected) == ("cp1252", "windows-1252", False)


def test_utf8_page_declaring_latin1_decodes_as_utf8() -> None:
    text = _page("na\u00efve caf\u00e9 \u2014 \u201cquoted\u201d", '<meta charset="iso-8859-1">')

    page = decode_html(text.encode(), name="x.html")

    assert (page.text, page.encoding, page.declared, page.detected) == (
        text,
        "utf-8",
        "windows-1252",
        True,
    )


def test_gbk_page_declaring_utf8_is_detected() -> None:
    text = _page(CHINESE, '<meta charset="utf-8">')

    page = decode_html(text.encode("gbk"), name="x.html")

    assert (page.text, page.encoding, page.declared, page.detected) == (
        text,
        "gb18030",
        "utf-8",
        True,
    )


def test_undeclared_gbk_page_is_detected() -> None:
    text = _page(CHINESE)

    page = decode_html(text.encode("gbk"), name="x.html")

    assert (page.text, page.encoding, page.declared, page.detected) == (text, "gb18030", None, True)


def test_undeclared_windows_1252_page_is_detected() -> None:
    body = (
        "<p>The caf\u00e9\u2019s owner said \u201cwe\u2019re open\u201d \u2014 despite the "
        "weather \u2026 and the na\u00efve r\u00e9sum\u00e9 of the new chef, who costs \u20ac20 "
        "an hour.</p>"
    )
    text = _page(body)

    page = decode_html(text.encode("cp1252"), name="x.html")

    assert (page.text, page.encoding, page.declared, page.detected) == (text, "cp1252", None, True)


def test_undeclared_ascii_page_is_utf8() -> None:
    page = decode_html(_page("plain").encode(), name="x.html")

    assert (page.encoding, page.declared, page.detected) == ("utf-8", None, True)


def test_unknown_label_is_ignored() -> None:
    page = decode_html(_page("caf\u00e9", "<meta charset=klingon>").encode(), name="x.html")

    assert (page.encoding, page.declared, page.detected) == ("utf-8", None, True)


def test_meta_beyond_prescan_window_is_ignored() -> None:
    text = _page("caf\u00e9", "<!--" + "x" * 5000 + '--><meta charset="utf-8">')

    assert decode_html(text.encode(), name="x.html").declared is None


def test_valid_utf8_never_calls_the_detector(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> None:
        raise AssertionError("detector called")

    monkeypatch.setattr(chardetng_py, "EncodingDetector", refuse)

    assert decode_html(_page("\u4e2d\u6587").encode(), name="x.html").encoding == "utf-8"
    text = _page("\u4e2d\u6587", '<meta charset="utf-8">')
    assert decode_html(text.encode(), name="x.html").encoding == "utf-8"


@given(st.text())
def test_utf8_text_round_trips(body: str) -> None:
    text = "<p>" + body.replace("\x00", "")

    assert decode_html(text.encode(), name="x.html").text == text


@pytest.mark.parametrize(
    ("file_name", "message"),
    [
        ("encoding-empty.html", "empty file"),
        ("encoding-blank.html", "empty file"),
        ("encoding-bom-only.html", "empty file"),
        ("encoding-binary.html", "not text (binary data)"),
    ],
)
def test_bad_page_raises_source_error(file_name: str, message: str) -> None:
    name = f"source/{file_name}"

    with pytest.raises(SourceError) as caught:
        decode_html((BAD / file_name).read_bytes(), name=name)

    assert str(caught.value).startswith(f"{name}: {message}")
    assert "\n" not in str(caught.value)


# Corpus: real pages the project did not write (see ../shared/corpus/README.md).


def _corpus(folder: str) -> Path:
    return corpus_folder(folder)


def _letters(markup: str) -> str:
    """Page or ground-truth text with tags dropped, entities resolved and whitespace removed."""
    text = html.unescape(re.sub(r"<[^>]*>", "", markup))
    return re.sub(r"\s+", "", text)


@pytest.mark.corpus
def test_netease_gbk_pages_decode_as_gbk_and_hold_their_text() -> None:
    # Every ground-truth line (1,588 in all) is in its page once tags, entities and
    # whitespace are set aside; 52.html and 66.html declare gb2312 but use GBK-only characters.
    folder = _corpus("netease-gbk")
    pages = sorted((folder / "RawHtml").glob("*.html"), key=lambda path: int(path.stem))
    assert len(pages) == 74
    missing: dict[str, list[str]] = {}
    started = time.perf_counter()
    decoded = {path.stem: decode_html(path.read_bytes(), name=path.name) for path in pages}
    elapsed = time.perf_counter() - started
    for stem, page in decoded.items():
        assert (page.encoding, page.detected) == ("gb18030", False), stem
        assert page.declared == "gbk", stem
        truth = (folder / "Text" / f"{stem}.txt").read_bytes().decode("gb18030")
        lines = [line.strip() for line in truth.splitlines() if line.strip()]
        text = _letters(page.text)
        absent = [line for line in lines if _letters(line) not in text]
        if absent:
            missing[stem] = absent
    assert missing == {}
    assert elapsed < 5, f"decoding 74 pages took {elapsed:.2f}s"


@pytest.mark.corpus
def test_aeb_news_pages_decode_as_utf8() -> None:
    pages = sorted((_corpus("aeb-news") / "html").glob("*.html.gz"))
    assert len(pages) == 181
    contents = {path.name: gzip.decompress(path.read_bytes()) for path in pages}
    started = time.perf_counter()
    decoded = {name: decode_html(data, name=name) for name, data in contents.items()}
    elapsed = time.perf_counter() - started
    assert {name: page.encoding for name, page in decoded.items() if page.encoding != "utf-8"} == {}
    # 36 pages declare no charset; 9 more declare utf-8 only past the 4 KB prescan window.
    assert sum(page.declared is None for page in decoded.values()) == 45
    assert elapsed < 5, f"decoding 181 pages took {elapsed:.2f}s"


# Decoding as browsers decide (WHATWG Encoding Standard), and saying what was decided.


def test_page_with_bad_bom_bytes_is_decoded_with_replacement() -> None:
    page = decode_html((BAD / "encoding-bad-bom.html").read_bytes(), name="x.html")

    assert "<p>caf\ufffd</p>" in page.text
    assert (page.used, page.invalid, page.invalid_line) == ("utf-8", 1, 2)
    assert page.note == "decoded as UTF-8: 1 invalid byte sequence shown as U+FFFD, first at line 2"


def test_declared_gbk_page_with_a_dozen_invalid_bytes_is_read_as_declared() -> None:
    lines = [f"<p>{CHINESE[i : i + 40]}@@</p>" for i in range(0, 12 * 40, 40)]
    text = _page("\n".join(lines), '<meta charset="gb2312">')
    # A lead byte followed by a byte that cannot end it, twelve times.
    data = text.encode("gbk").replace(b"@@", b"\x81\xff")

    page = decode_html(data, name="x.html")

    assert (page.used, page.decision, page.invalid) == ("gbk", Decision.DECLARED, 12)
    assert page.text == text.replace("@@", "\ufffd")
    assert page.note == "decoded as GBK: 12 invalid byte sequences shown as U+FFFD, first at line 3"


def test_declared_utf8_page_with_a_few_bad_bytes_stays_utf8() -> None:
    text = _page("Oliven\u00f6l und K\u00e4se aus der Region. " * 20, '<meta charset="utf-8">')
    data = text.encode().replace("K\u00e4se".encode(), b"K\xe4se", 2)

    page = decode_html(data, name="x.html")

    assert (page.used, page.invalid, page.detected) == ("utf-8", 2, False)
    assert "Oliven\u00f6l" in page.text and "K\ufffdse" in page.text


def test_gb18030_follows_the_whatwg_index() -> None:
    body = b"\xa1\xa1|\xa8\xbc|\xa6\xd9|\xa6\xda|\xfe\x59|\x80|\xa8\xbf"
    data = b"<!doctype html><meta charset=gbk><p>" + body + b"</p>"

    page = decode_html(data, name="x.html")

    assert "<p>\u3000|\u1e3f|\ufe10|\ufe12|\u9fb4|\u20ac|\u01f9</p>" in page.text
    assert not any("\ue000" <= ch <= "\uf8ff" for ch in page.text)


def test_invalid_lead_byte_keeps_the_markup_after_it() -> None:
    page = decode_html(b"<meta charset=gbk><p>a\xa1</p><p>b\xa1\xff</p>", name="x.html")

    assert page.text.endswith("<p>a\ufffd</p><p>b\ufffd</p>")
    assert page.invalid == 2


def test_windows_1252_bytes_windows_leaves_undefined_are_c1_controls() -> None:
    page = decode_html(b"<meta charset=windows-1252><p>\x81\x8d\x80</p>", name="x.html")

    assert "<p>\x81\x8d\u20ac</p>" in page.text and page.invalid == 0


def test_mostly_english_page_with_a_chinese_editor_is_gbk() -> None:
    body = "<p>" + "Leaders met in the capital to discuss trade and energy. " * 30 + "</p>"
    text = _page(body + "<p>Editor: \u738b\u6653\u590f\uff08\u8d23\u4efb\u7f16\u8f91\uff09</p>")

    page = decode_html(text.encode("gbk"), name="x.html")

    assert page.text == text
    assert page.note == "decoded as GBK: no declaration, detected"


def test_html_lang_tells_central_european_from_western() -> None:
    text = (
        '<!doctype html><html lang="cs"><title>t</title><p>P\u0159\u00edli\u0161 '
        "\u017elu\u0165ou\u010dk\u00fd k\u016f\u0148 \u00fap\u011bl \u010f\u00e1belsk\u00e9 "
        "\u00f3dy.</p></html>"
    )

    page = decode_html(text.encode("cp1250"), name="x.html")

    assert (page.text, page.used) == (text, "windows-1250")


def test_clean_pages_need_no_note() -> None:
    declared = _page("\u041f\u0440\u0438\u0432\u0435\u0442", "<meta charset=koi8-r>")
    assert decode_html(declared.encode("koi8-r"), name="x.html").note is None
    assert decode_html(_page("caf\u00e9").encode(), name="x.html").note is None


def test_utf8_over_a_legacy_label_is_noted() -> None:
    text = _page("caf\u00e9", '<meta charset="gb2312">')

    page = decode_html(text.encode(), name="x.html")

    assert page.note == "decoded as UTF-8: declared GBK but the bytes are valid UTF-8"


def test_gbk_page_labelled_utf8_is_noted_as_a_wrong_declaration() -> None:
    page = decode_html(_page(CHINESE, '<meta charset="utf-8">').encode("gbk"), name="x.html")

    assert page.note == (
        "decoded as GBK: declared UTF-8 but most of its bytes are invalid there, detected"
    )


def test_extraction_shows_invalid_utf8_as_the_browser_does() -> None:
    data = b'<meta charset="utf-8"><p>Price: 20 \xe2\x82 or \xff\xfe two</p>'

    document = parse_html(data, name="x.html")

    assert [segment.msgid for segment in document.segments] == [
        "Price: 20 \ufffd or \ufffd\ufffd two"
    ]
