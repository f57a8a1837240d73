"""The shortcuts extraction takes for speed give what the general path gives: letters
found past numerals, wrapped elements that must not be stepped into, attribute text
alone, one-reference entries."""

from __future__ import annotations

import polib

from l10n.page.document import parse_html
from l10n.page.model import has_letter
from l10n.po.pofile import format_po


def _segments(html: str) -> list[tuple[str, str]]:
    document = parse_html(html.encode(), name="t.html")
    return [(segment.msgid, segment.comments[0]) for segment in document.segments]


def test_has_letter_looks_past_numerals_that_are_not_letters() -> None:
    assert has_letter("²³ é")
    assert has_letter("①②x")
    assert not has_letter("²³ ①")
    assert has_letter("王")


def test_a_protected_or_date_element_wrapping_a_run_is_not_stepped_into() -> None:
    # Stepped into, they would be text to translate; kept whole, they are a placeholder
    # alone, which holds no letter and so is no segment.
    assert _segments("<ul><li><b>Bold</b></li></ul>") == [("Bold", "list item (li)")]
    assert _segments("<ul><li><code>x = 1</code></li></ul>") == []
    assert _segments("<ul><li><span translate='no'>Brand</span></li></ul>") == []
    assert _segments('<ul><li><time datetime="2020-01-01">January 1</time></li></ul>') == []


def test_attribute_text_alone_keeps_its_letters_and_drops_what_is_not_text() -> None:
    segments = _segments('<p><img src="a.png" alt="  A \n map\x01 "> and text</p>')
    assert ("A map", "image description (img alt)") in segments
    assert _segments('<p><img src="a.png" alt=" 12 \x01 "> and text</p>') == [
        ("and text", "paragraph (p)")
    ]


def test_references_of_one_and_of_many_places() -> None:
    catalog = polib.POFile()
    catalog.append(polib.POEntry(msgid="one", occurrences=[("source/a.html", "1")]))
    catalog.append(polib.POEntry(msgid="bare", occurrences=[("source/a.html", "")]))
    many = [("source/an-article.html", str(line)) for line in range(1, 5)]
    catalog.append(polib.POEntry(msgid="many", occurrences=[*many, many[0]]))
    text = format_po(catalog)
    assert '#: source/a.html:1\nmsgid "one"' in text
    assert '#: source/a.html\nmsgid "bare"' in text
    assert (
        "#: source/an-article.html:1 source/an-article.html:2 source/an-article.html:3\n"
        "#: source/an-article.html:4\n"
        'msgid "many"'
    ) in text
