"""Translation checks remember the findings of a text: the same msgid and msgstr in the
same locale are checked once, and each entry still gets findings located at itself."""

from __future__ import annotations

import pytest

import l10n.checks.translation as checks
from l10n.checks.finding import Finding, Severity, Translation
from l10n.checks.translation import check_translation


def _entry(msgid: str, msgstr: str, line: int, comments: tuple[str, ...] = ()) -> Translation:
    return Translation(msgid=msgid, msgstr=msgstr, msgctxt=None, line=line, comments=comments)


def test_the_same_text_is_checked_once_and_located_at_each_entry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checks._find_remembered.cache_clear()
    calls: list[str] = []
    real = checks._find

    def counted(t: Translation, *args: object) -> list[Finding]:
        calls.append(t.msgstr)
        return real(t, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(checks, "_find", counted)
    text = ("Read <1>the report</1>.", "阅读<2>报告</2>。")
    first = check_translation(_entry(*text, 7), locale="zh_CN", path="a.po", errors_only=True)
    again = check_translation(_entry(*text, 42), locale="zh_CN", path="b.po", errors_only=True)
    assert calls == [text[1]]
    assert [(f.path, f.line) for f in first] == [("a.po", 7)] * len(first)
    assert [(f.path, f.line) for f in again] == [("b.po", 42)] * len(again)
    assert [f.message for f in first] == [f.message for f in again]
    assert {f.code for f in first} == {"placeholder-missing", "placeholder-extra"}
    # Another locale or another legend is another text.
    check_translation(_entry(*text, 7), locale="ru", path="a.po", errors_only=True)
    check_translation(_entry(*text, 7, ("<1> = bold",)), locale="zh_CN", path="a.po")
    assert len(calls) == 3


def test_remembered_findings_equal_fresh_ones() -> None:
    entries = [
        _entry("Read <1>the report</1>.", "Lire <1>le rapport</1>.", 3),
        _entry("Read <1>the report</1>.", "Lire le rapport.", 4, ("<1> = bold",)),
        _entry("Plain", "\u202bنص", 5),
        _entry("Plain", "<b>gras</b>", 6),
        _entry("Plain", "a\x1bb", 7),
        _entry("<1/> pictured", "<1>photo</1>", 8, ('<1/> = "npm" (code, kept as is)',)),
    ]
    for errors_only in (True, False):
        for entry in entries:
            checks._find_remembered.cache_clear()
            fresh = checks._find(entry, "fr", "x.po", checks._NO_GLOSSARY, None, errors_only)
            once = check_translation(entry, locale="fr", path="x.po", errors_only=errors_only)
            twice = check_translation(entry, locale="fr", path="x.po", errors_only=errors_only)
            assert once == twice == fresh


def test_a_glossary_is_never_remembered() -> None:
    entry = _entry("The grid opens", "Le réseau ouvre", 1)
    found = check_translation(entry, locale="fr", path="x.po", glossary={"grid": "maillage"})
    assert [f.code for f in found] == ["glossary"]
    assert check_translation(entry, locale="fr", path="x.po") == []
    assert all(f.severity is Severity.WARNING for f in found)


@pytest.mark.parametrize("errors_only", [True, False])
@pytest.mark.parametrize(
    ("msgid", "msgstr", "plural"),
    [
        ("Solar grid", "太阳能电网", None),
        ("Read <1>the report</1>.", "阅读<1>报告</1>。", None),
        ("Read <1>the report</1>.", "阅读报告。", None),
        ("Plain", "有\u202e控制", None),
        ("Plain", "有\x07铃", None),
        ("%d plant", "%d 座电站", "%d plants"),
    ],
)
def test_check_entry_finds_what_check_translation_finds(
    msgid: str, msgstr: str, plural: str | None, errors_only: bool
) -> None:
    import polib

    entry = polib.POEntry(msgid=msgid, msgstr="" if plural else msgstr, linenum=9)
    if plural:
        entry.msgid_plural = plural
        entry.msgstr_plural = {0: msgstr}
    options = {"locale": "zh_CN", "path": "a.po", "errors_only": errors_only}
    expected = check_translation(checks.translation_of(entry), **options)  # type: ignore[arg-type]
    assert checks.check_catalog_entry(entry, **options) == expected  # type: ignore[arg-type]
