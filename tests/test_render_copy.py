"""One parse for every variant: a page rendered from `copy_document` or by
`render_source_page` is byte for byte the page rendered from a fresh parse, and the
document it came from is left as it was."""

from __future__ import annotations

import gzip
from pathlib import Path

import polib
import pytest

from l10n.page.document import Document, parse_html
from l10n.page.pseudo import pseudo_translate
from l10n.page.render import Variant, copy_document, render_document, render_source_page
from l10n.page.serializer import serialize_html

GOLDEN = Path(__file__).parent / "golden" / "render"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "aeb-news" / "html"
CASES = sorted(case for case in GOLDEN.iterdir() if case.is_dir())


def _variant(locale: str, slug: str) -> Variant:
    return Variant(
        locale=locale,
        source_locale="en",
        slug=slug,
        published=("en", locale),
        url_prefix="../../source/",
        base_url="",
    )


def _golden(case: Path) -> tuple[bytes, str, dict[tuple[str | None, str], str]]:
    catalog_path = next(case.glob("*.po"))
    catalog = polib.pofile(str(catalog_path))
    translations = {
        (e.msgctxt, e.msgid): e.msgstr for e in catalog if e.msgstr and "fuzzy" not in e.flags
    }
    return (case / "source.html").read_bytes(), catalog_path.stem, translations


def _untouched(document: Document) -> str:
    return serialize_html(document.tree.getroot(), document.doctype)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_copy_renders_as_a_fresh_parse(case: Path) -> None:
    data, locale, translations = _golden(case)
    document = parse_html(data, name="source.html")
    before = _untouched(document)
    copied = render_document(copy_document(document), translations, _variant(locale, case.name))
    fresh = render_document(
        parse_html(data, name="source.html"), translations, _variant(locale, case.name)
    )
    assert copied.html == fresh.html
    assert [s.msgid for s in copied.translated] == [s.msgid for s in fresh.translated]
    assert _untouched(document) == before  # rendering the copy left the original alone


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
@pytest.mark.parametrize("locale", ["en", "fa"])
def test_the_source_page_renders_as_with_no_translations(case: Path, locale: str) -> None:
    data, _, _ = _golden(case)
    document = parse_html(data, name="source.html")
    before = _untouched(document)
    page = render_source_page(document, _variant(locale, case.name))
    fresh = render_document(parse_html(data, name="source.html"), {}, _variant(locale, case.name))
    assert page.html == fresh.html
    assert page.translated == () and page.fallback == ()
    assert _untouched(document) == before


def test_several_variants_from_one_parse(tmp_path: Path) -> None:
    data, locale, translations = _golden(GOLDEN / "article")
    document = parse_html(data, name="source.html")
    pages = [render_source_page(document, _variant("en", "article")).html]
    pages.append(render_document(copy_document(document), translations, _variant(locale, "x")).html)
    pages.append(render_document(document, translations, _variant("fa", "x")).html)
    fresh = [
        render_document(parse_html(data, name="s"), {}, _variant("en", "article")).html,
        render_document(parse_html(data, name="s"), translations, _variant(locale, "x")).html,
        render_document(parse_html(data, name="s"), translations, _variant("fa", "x")).html,
    ]
    assert pages == fresh


@pytest.mark.skipif(not CORPUS.is_dir(), reason="no ../shared/corpus")
def test_corpus_pages_from_one_parse_are_the_pages_of_fresh_parses() -> None:
    paths = sorted(CORPUS.glob("*.html.gz"))[::12]  # a spread of sites, kept quick
    assert paths
    for path in paths:
        data = gzip.decompress(path.read_bytes())
        document = parse_html(data, name=path.name)
        translations = {(s.msgctxt, s.msgid): pseudo_translate(s.msgid) for s in document.segments}
        source = render_source_page(document, _variant("en", "x")).html
        assert source == render_document(parse_html(data, name="x"), {}, _variant("en", "x")).html
        fa = render_document(copy_document(document), translations, _variant("fa", "x")).html
        zh = render_document(document, translations, _variant("zh_CN", "x")).html
        assert (
            fa
            == render_document(parse_html(data, name="x"), translations, _variant("fa", "x")).html
        )
        assert (
            zh
            == render_document(
                parse_html(data, name="x"), translations, _variant("zh_CN", "x")
            ).html
        )


def test_the_source_page_puts_back_the_json_ld_it_rewrote() -> None:
    data = (
        b'<html><head><script type="application/ld+json">{"inLanguage": "en-GB"}</script>'
        b"<script>var x = 1;</script></head><body><p>Text</p>"
        b'<script type="Application/LD+JSON">{"a": {"inLanguage": "en-GB"}}</script>'
        b"<script>var y = '</p>';</script></body></html>"
    )
    document = parse_html(data, name="source.html")
    before = _untouched(document)
    page = render_source_page(document, _variant("en", "x")).html
    assert page.count('"inLanguage": "en"') == 2 and "en-GB" not in page
    assert "var x = 1;" in page and "var y = '</p>';" in page
    assert page == render_document(parse_html(data, name="s"), {}, _variant("en", "x")).html
    assert _untouched(document) == before
