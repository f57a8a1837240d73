"""The one-pass PO reader reads what polib read behind l10n's old checking pass
(tests/po_oracle.py), on every PO file of the tests, the demo and the corpus, and on
catalogs hypothesis writes; and it refuses what the old reader refused. Both of its paths
are held to that: the fast one for GNU layout, and the line loop every other text takes
(`_agree` reads each text once more with the fast path turned off)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import po_oracle
import polib
import pytest
from conftest import corpus_folder
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.errors import CatalogError
from l10n.po import reader
from l10n.po.entry import EntryText
from l10n.po.pofile import format_po
from l10n.po.reader import parse_entries, parse_po

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FIELDS = (
    "msgctxt", "msgid", "msgid_plural", "msgstr", "msgstr_plural", "flags", "comment",
    "tcomment", "occurrences", "previous_msgctxt", "previous_msgid", "previous_msgid_plural",
    "obsolete",
)  # fmt: skip


TEXT = tuple(field.name for field in dataclasses.fields(EntryText))


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in (".po", ".pot") and p.is_file())


def _read(parse: Callable[..., polib.POFile], text: str) -> tuple[Any, ...]:
    """Everything a reader gives, or the error it raises."""
    try:
        po = parse(text, name="t.po")
    except CatalogError as error:
        return ("error", str(error).split(":")[0])
    entries = [tuple(getattr(e, name) for name in FIELDS) for e in po]
    fuzzy: Any = po.metadata_is_fuzzy
    return (po.header, po.metadata, list(fuzzy) if fuzzy else [], entries)


def _line_loop_only(text: str, *, name: str) -> polib.POFile:
    """parse_po with the GNU-layout fast path turned off."""
    fast = reader._read_gnu_layout
    reader._read_gnu_layout = lambda text, make: None  # type: ignore[assignment]
    try:
        return parse_po(text, name=name)
    finally:
        reader._read_gnu_layout = fast


def _texts(parse: Callable[..., Any], text: str) -> tuple[Any, ...]:
    """What a reader gives of each entry's `EntryText` fields, or the error it raises."""
    try:
        entries = list(parse(text, name="t.po"))
    except CatalogError as error:
        return ("error", str(error))
    return tuple(
        tuple((getattr(e, n) or 0) if n == "linenum" else getattr(e, n) for n in TEXT)
        for e in entries
    )


def _agree(text: str) -> None:
    old = _read(po_oracle.parse_po, text)
    assert _read(parse_po, text) == old
    assert _read(_line_loop_only, text) == old
    # The reader of read-only steps reads the same, line numbers and errors included.
    assert _texts(parse_entries, text) == _texts(parse_po, text)


def test_the_fast_path_reads_what_l10n_writes() -> None:
    """Catalogs l10n wrote take the fast path (else it would be tested on nothing)."""
    paths = _files(ROOT / "tests" / "golden")
    assert len(paths) > 10
    for path in paths:
        text = path.read_text("utf-8")
        assert reader._read_gnu_layout(text, reader._polib_entry) is not None, path
        assert reader._read_gnu_layout(text, reader._entry_text) is not None, path


@pytest.mark.parametrize(
    "text",
    [
        'msgid "a"\nmsgstr "\\1"\n"23"\n',  # an octal escape does not reach past its string
        '# h\n\n#. x\n#: a.html:3 b\n#, fuzzy\n#| msgid "o"\nmsgid "a"\nmsgstr "b"\n',
        'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\n\n\nmsgid "b"\nmsgstr ""',
        'msgctxt "c"\nmsgid ""\n"a\\"\n"b"\nmsgstr "\\x41"\n',
        'msgid "a"\nmsgstr "b"\n\n#~ msgid "old"\n#~ msgstr "x"\n',
        'msgid "a"\nmsgstr "b" \n',
        '#.\n#. x\nmsgid "a"\nmsgstr "\u2028b"\n',
        'msgid "a"\nmsgstr "\\q"\n',
        'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
    ],
)
def test_reads_edge_cases_as_before(text: str) -> None:
    _agree(text)


@pytest.mark.parametrize(
    "path", _files(ROOT / "tests") + _files(ROOT / "demo"), ids=lambda p: p.name
)
def test_reads_every_catalog_of_the_project_as_before(path: Path) -> None:
    _agree(path.read_bytes().decode("utf-8", "replace"))


@pytest.mark.corpus
def test_reads_every_corpus_catalog_as_before() -> None:
    paths = _files(corpus_folder("po-samples"))
    assert len(paths) > 100
    for path in paths:
        _agree(path.read_bytes().decode("utf-8", "replace"))


_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)


@st.composite
def _catalogs(draw: st.DrawFn) -> str:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "ru"}
    po.header = draw(_TEXT)
    keys = set()
    for _ in range(draw(st.integers(0, 6))):
        msgid = draw(_TEXT.filter(bool))
        ctxt = draw(st.none() | _TEXT)
        if (ctxt, msgid) in keys:
            continue
        keys.add((ctxt, msgid))
        entry = polib.POEntry(msgid=msgid, msgctxt=ctxt, tcomment=draw(_TEXT),
                              comment=draw(_TEXT), obsolete=draw(st.booleans()))  # fmt: skip
        if draw(st.booleans()):
            entry.msgid_plural = draw(_TEXT.filter(bool))
            entry.msgstr_plural = {i: draw(_TEXT) for i in range(draw(st.integers(1, 3)))}
        else:
            entry.msgstr = draw(_TEXT)
        if draw(st.booleans()):
            entry.previous_msgid = draw(_TEXT)
        entry.flags = draw(st.lists(st.sampled_from(["fuzzy", "c-format", "no-wrap"]), unique=True))
        entry.occurrences = draw(st.lists(st.tuples(st.sampled_from(["a.html", "b"]),
                                                    st.sampled_from(["", "3"])), max_size=2))  # fmt: skip
        po.append(entry)
    return format_po(po)


@settings(max_examples=300, deadline=None)
@given(_catalogs())
def test_reads_what_hypothesis_writes_as_before(text: str) -> None:
    _agree(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                'msgid "a"',
                'msgstr "b"',
                'msgctxt "c"',
                'msgid_plural "p"',
                'msgstr[0] "x"',
                'msgstr[1] "y"',
                '"more"',
                "# note",
                "#. extracted",
                "#: a.html:3",
                "#, fuzzy",
                '#| msgid "old"',
                '#~ msgid "gone"',
                '#~ msgstr "was"',
                "",
                "#",
                "#.",
                'msgid "\\q"',
                'msgid "open',
                'msgid ""',
                'msgstr ""',
                '"Language: ru\\n"',
                "bogus",
                "#~",
            ]
        ),
        max_size=12,
    )
)
def test_refuses_what_the_old_reader_refused(lines: list[str]) -> None:
    """Arbitrary line soups: both readers accept the same ones, and read them alike."""
    text = "\n".join(lines) + "\n"
    ours, old = _read(parse_po, text), _read(po_oracle.parse_po, text)
    assert (ours[0] == "error") == (old[0] == "error"), (ours, old)
    if ours[0] != "error":
        assert ours == old
