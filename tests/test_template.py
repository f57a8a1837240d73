"""The template `extract` writes without polib objects (`build_template_text`) is what the
general writer gives for the polib template (`format_po(build_template(...))`), byte for
byte: on pages made to reach every way entries gather, the golden sources and the corpus."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from conftest import corpus_pages
from hypothesis import given
from hypothesis import strategies as st

from l10n.page.document import parse_html
from l10n.po.entry import TemplateEntry
from l10n.po.pofile import format_po, format_template
from l10n.po.template import build_template, build_template_text

GOLDEN = Path(__file__).parent / "golden" / "extract"

# Repeated text (one entry, every place once, comments of each), no-wrap on a later place
# only, a text that looks like a C format, a context, comments that hold a newline, a
# reference list longer than a line, and strings that wrap.
GATHERING = (
    "<html><body><h1>Same text</h1><p>Same text</p><p>Same text</p>\n"
    "<pre>Same text</pre><p>Up 50% of %s</p><p title='Same text'>x y</p>\n"
    + "".join("<p>Again</p>\n<p>Again</p>" + "\n" * n for n in range(12))
    + "<p>"
    + "A long sentence of many words that wraps at seventy-nine columns. " * 4
    + "</p><p>"
    + "\u0643\u0644\u0645\u0629 " * 60
    + "</p>"
    + "<p data-l10n-context='menu'>Open</p><p data-l10n-note='one&#10;two'>Open</p>"
    + "<p>"
    + "x" * 200
    + "</p><pre>  kept\n  as written  </pre></body></html>"
)


def _both(data: bytes, slug: str) -> tuple[str, str, int]:
    segments = parse_html(data, name=f"source/{slug}.html").segments
    options = {"slug": slug, "source_locale": "en", "generator": "l10n test"}
    general = build_template(segments, **options)  # type: ignore[arg-type]
    fast = build_template_text(segments, **options)  # type: ignore[arg-type]
    return fast.text, format_po(general), fast.entries - len(general)


def test_template_text_is_the_general_writers_on_gathered_entries() -> None:
    fast, general, extra = _both(GATHERING.encode(), "gathering")

    assert fast == general
    assert extra == 0
    assert "#, no-c-format\n" in fast and "#, no-wrap\n" in fast


# The golden sources that extract (the others hold the error they are refused with).
_EXTRACTED = [
    case for case in sorted(GOLDEN.iterdir()) if not (case / "expected-error.txt").exists()
]


@pytest.mark.parametrize("case", _EXTRACTED, ids=lambda path: path.name)
def test_template_text_is_the_general_writers_on_golden_sources(case: Path) -> None:
    fast, general, extra = _both((case / "source.html").read_bytes(), case.name)

    assert (fast, extra) == (general, 0)


@pytest.mark.corpus
def test_template_text_is_the_general_writers_on_the_corpus() -> None:
    for name, data in corpus_pages():
        fast, general, extra = _both(data, name.replace("/", "-"))
        assert (fast, extra) == (general, 0), name


TEXT = st.text(st.sampled_from('ab \n\\"%\u0643\u4e2d'), max_size=90)
ENTRIES = st.lists(
    st.builds(
        TemplateEntry,
        msgctxt=st.none() | TEXT,
        msgid=TEXT.filter(bool),
        comments=st.lists(TEXT, max_size=3).map(dict.fromkeys),
        lines=st.lists(st.integers(1, 10_000), min_size=1, max_size=12).map(dict.fromkeys),
        flags=st.sampled_from([[], ["no-c-format"], ["no-wrap"], ["no-c-format", "no-wrap"]]),
    ),
    max_size=4,
)


@given(
    entries=ENTRIES,
    header=TEXT,
    metadata=st.sampled_from([{}, {"Language": "en", "X-Generator": "l10n test"}]),
)
def test_format_template_is_format_po_of_the_same_entries(
    entries: list[TemplateEntry], header: str, metadata: dict[str, str]
) -> None:
    catalog = polib.POFile()
    catalog.header, catalog.metadata = header, metadata
    for entry in entries:
        catalog.append(
            polib.POEntry(
                msgctxt=entry.msgctxt,
                msgid=entry.msgid,
                comment="\n".join(entry.comments),
                occurrences=[("source/a.html", str(line)) for line in entry.lines],
                flags=list(entry.flags),
            )
        )

    written = format_template(entries, header=header, metadata=metadata, source="source/a.html")
    assert written == format_po(catalog)
