"""Builds over the whole corpus: with no translations the page is the source document;
with pseudo-translations every segment changes and no element or attribute comes or goes.

Marked `corpus`: skipped when ../shared/corpus is absent, a failure when
L10N_REQUIRE_CORPUS=1 (CI).
"""

from __future__ import annotations

import pytest
from conftest import corpus_pages
from pages import body_tree, shape

from l10n.page.document import parse_html
from l10n.page.pseudo import pseudo_translate
from l10n.page.render import Variant, render_document

pytestmark = pytest.mark.corpus


def _variant(locale: str) -> Variant:
    # url_prefix "" keeps relative URLs as they are, so the tree compares as it stands.
    return Variant(locale=locale, source_locale="en", slug="page", published=("en",), url_prefix="")


def test_build_without_translations_is_the_source_document() -> None:
    same = 0
    differing = []
    for name, data in corpus_pages():
        rendered = render_document(parse_html(data, name=name), {}, _variant("zh_CN"))
        if body_tree(rendered.html.encode("utf-8")) == body_tree(data):
            same += 1
        else:
            differing.append(name)
    print(
        f"\nidentity build: {same} of {same + len(differing)} corpus pages are the source document"
    )
    assert differing == []
    assert same == 181 + 74 + 1


def test_pseudo_build_changes_every_segment_and_keeps_every_element() -> None:
    pages = segments = 0
    for name, data in corpus_pages():
        document = parse_html(data, name=name)
        before = shape(data)
        translations = {(s.msgctxt, s.msgid): pseudo_translate(s.msgid) for s in document.segments}
        rendered = render_document(document, translations, _variant("en_XA"))
        assert rendered.fallback == (), name
        html = rendered.html.encode("utf-8")
        assert shape(html) == before, name
        left = [s.msgid for s in parse_html(html, name=name).segments if "·" not in s.msgid]
        assert left == [], (name, left[:3])
        pages += 1
        segments += len(document.segments)
    print(f"\npseudo build: {pages} pages, {segments} segments, every one changed")
