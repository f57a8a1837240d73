"""Fuzzing the reader and the build with generated pages and hostile translations.

Properties: (a) `parse_html` raises nothing but `L10nError`s, whatever the bytes;
(b) a build without translations, read back, is the source's body tree; (c) no translation
adds an element or an attribute (a faithful one keeps every element).

The default run is modest (60 examples each). The extended run is marked `fuzz` and runs
only when `L10N_FUZZ_EXAMPLES` is set, with that many examples per property:

    L10N_FUZZ_EXAMPLES=3000 .venv/bin/pytest tests/test_fuzz.py -m fuzz -p no:cacheprovider
"""

from __future__ import annotations

import os
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pages import body_tree as _body_tree
from pages import shape as _shape
from strategies import faithful_translation_of, pages, translation_of

from l10n.errors import L10nError
from l10n.page.document import parse_html
from l10n.page.render import Variant, render_document

# Browsers strip ASCII whitespace around a URL, and so does the build: not a difference.
_FUZZ = os.environ.get("L10N_FUZZ_EXAMPLES")

DEFAULT = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
EXTENDED = settings(DEFAULT, max_examples=int(_FUZZ or 0) or 1)
extended = pytest.mark.skipif(_FUZZ is None, reason="extended fuzzing: set L10N_FUZZ_EXAMPLES=N")

VARIANT = Variant(locale="zh_CN", source_locale="en", slug="x", published=("en",), url_prefix="")


# (a) the reader ---------------------------------------------------------------------


@st.composite
def _mangled_pages(draw: st.DrawFn) -> bytes:
    """A generated page with bytes cut out, inserted or replaced: broken markup, broken
    UTF-8, NULs, stray `<`, unclosed comments."""
    data = bytearray(draw(pages()))
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(data)))
        junk = draw(
            st.one_of(
                st.binary(max_size=6),
                st.sampled_from(
                    [b"<", b"<!--", b"</", b"<![CDATA[", b"\x00", b"\xff\xfe", b"&#", b"<?"]
                ),
            )
        )
        cut = draw(st.integers(0, 8))
        data[at : at + cut] = junk
    return bytes(data)


_any_bytes = st.one_of(st.binary(max_size=300), pages(), _mangled_pages())


def _parses_or_refuses(data: bytes) -> None:
    try:
        parse_html(data, name="page.html")
    except L10nError as error:
        assert str(error).startswith("page.html"), str(error)
        assert "\n" not in str(error)


@DEFAULT
@given(_any_bytes)
def test_reader_raises_only_its_own_errors(data: bytes) -> None:
    _parses_or_refuses(data)


@pytest.mark.fuzz
@extended
@EXTENDED
@given(_any_bytes)
def test_reader_raises_only_its_own_errors_extended(data: bytes) -> None:
    _parses_or_refuses(data)


# (b) identity build -----------------------------------------------------------------


def _identity(page: bytes) -> None:
    rendered = render_document(parse_html(page, name="page.html"), {}, VARIANT)
    assert rendered.translated == () and rendered.fallback == ()
    assert _body_tree(rendered.html.encode("utf-8")) == _body_tree(page)


@DEFAULT
@given(pages())
def test_build_without_translations_is_the_source_body(page: bytes) -> None:
    _identity(page)


@pytest.mark.fuzz
@extended
@EXTENDED
@given(pages())
def test_build_without_translations_is_the_source_body_extended(page: bytes) -> None:
    _identity(page)


# (c) translations add nothing -------------------------------------------------------


def _adds_nothing(page: bytes, data: st.DataObject) -> None:
    document = parse_html(page, name="page.html")
    translations = {
        (s.msgctxt, s.msgid): data.draw(translation_of(s.msgid), label=s.msgid)
        for s in document.segments
    }
    html = render_document(document, translations, VARIANT).html.encode("utf-8")
    added = _shape(html) - _shape(page)
    # The one element the build itself may add: a <span lang> around text left in the
    # source language beside translated text. A msgstr adds nothing.
    ours = _language_spans(html) - _language_spans(page)
    added -= Counter({("span", ()): ours})
    assert added == Counter(), f"translations added {added}"


def _language_spans(html: bytes) -> int:
    root = parse_html(html, name="page.html").tree.getroot()
    return sum(1 for span in root.iter("span") if set(span.attrib) in ({"lang"}, {"lang", "dir"}))


def _keeps_every_element(page: bytes, data: st.DataObject) -> None:
    document = parse_html(page, name="page.html")
    translations = {
        (s.msgctxt, s.msgid): data.draw(faithful_translation_of(s.msgid), label=s.msgid)
        for s in document.segments
    }
    html = render_document(document, translations, VARIANT).html.encode("utf-8")
    assert _shape(html) == _shape(page)


@DEFAULT
@given(pages(), st.data())
def test_hostile_translations_add_no_element_or_attribute(page: bytes, data: st.DataObject) -> None:
    _adds_nothing(page, data)


@DEFAULT
@given(pages(), st.data())
def test_faithful_translations_keep_every_element(page: bytes, data: st.DataObject) -> None:
    _keeps_every_element(page, data)


@pytest.mark.fuzz
@extended
@EXTENDED
@given(pages(), st.data())
def test_hostile_translations_add_no_element_or_attribute_extended(
    page: bytes, data: st.DataObject
) -> None:
    _adds_nothing(page, data)


@pytest.mark.fuzz
@extended
@EXTENDED
@given(pages(), st.data())
def test_faithful_translations_keep_every_element_extended(
    page: bytes, data: st.DataObject
) -> None:
    _keeps_every_element(page, data)
