"""The labelled decoding set (tests/decoding/labelled.py): undeclared legacy pages made
from the corpus decode to the text a browser shows with the right label, per encoding at
least as often as measured in docs/decoding.md."""

from __future__ import annotations

from collections import Counter

import pytest
from decoding.labelled import ENCODINGS, labelled_pages

from l10n.page.encoding import decode_html

#: The share of pages the chosen detector got right when measured (docs/decoding.md),
#: rounded down: a change that decodes fewer pages right fails here.
FLOORS = {
    "gbk": 1.0,
    "big5": 1.0,
    "shift_jis": 1.0,
    "euc-kr": 1.0,
    "windows-1251": 0.95,
    "koi8-r": 1.0,
    "windows-1250": 0.88,
    "iso-8859-2": 0.88,
    "windows-1252": 0.97,
}


@pytest.mark.corpus
def test_each_encoding_decodes_at_its_floor() -> None:
    pages = labelled_pages()
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for page in pages:
        total[page.encoding] += 1
        right[page.encoding] += decode_html(page.data, name=page.name).text == page.text
    shares = {encoding: right[encoding] / total[encoding] for encoding in ENCODINGS}
    assert {e: s for e, s in shares.items() if s < FLOORS[e]} == {}
    assert min(total.values()) >= 18


@pytest.mark.corpus
def test_mostly_ascii_pages_with_a_few_words_all_decode_right() -> None:
    pages = [page for page in labelled_pages() if page.kind == "mostly-ascii"]
    wrong = [p.name for p in pages if decode_html(p.data, name=p.name).text != p.text]
    assert (len(pages), wrong) == (54, [])


@pytest.mark.corpus
def test_undeclared_netease_pages_are_detected_as_gbk() -> None:
    pages = [page for page in labelled_pages() if page.kind == "netease"]
    decided = Counter(decode_html(page.data, name=page.name).note for page in pages)
    assert decided == {"decoded as GBK: no declaration, detected": 74}
