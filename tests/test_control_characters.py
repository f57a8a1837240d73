"""Control characters in a source page: one rule for extraction, `check` and `build`
(they are left out of every msgid, and a translation holding one is refused by both), and
one `check --sources` finding per page naming its line."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from conftest import make_project
from typer.testing import CliRunner

from l10n.checks.finding import Severity, Translation, is_usable
from l10n.checks.source import check_source
from l10n.checks.translation import check_translation
from l10n.cli.main import app
from l10n.page.document import parse_html
from l10n.page.render import Variant, render_document

PAGE = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Grid</title></head>\n'
    "<body>\n"
    "<h1>Desert grid opens</h1>\n"
    '<p><img src="a.jpg" alt="Solar\x7f panels"> The plant feeds\n'
    "300 homes.\x7f</p>\n"
    "<pre>Form\x0cfeed\x01 and tab\tkept</pre>\n"
    "</body></html>\n"
)
TRANSLATIONS = {
    "The plant feeds 300 homes.": "Станция снабжает 300 домов.",
    "Solar panels": "Солнечные панели",
    "Formfeed and tab\tkept": "Перевод страницы и\tтабуляция",
}
VARIANT = Variant(locale="ru", source_locale="en", slug="grid", published=("en", "ru"))


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_control_characters_never_reach_a_msgid() -> None:
    document = parse_html(PAGE.encode(), name="grid.html")
    msgids = [segment.msgid for segment in document.segments]
    assert msgids == ["Grid", "Desert grid opens", *TRANSLATIONS]


def test_a_translation_of_a_page_with_control_characters_passes_check_and_build() -> None:
    document = parse_html(PAGE.encode(), name="grid.html")
    for segment in document.segments[2:]:
        entry = Translation(segment.msgid, TRANSLATIONS[segment.msgid], None, 1, ())
        assert check_translation(entry, locale="ru", path="ru.po") == []
    translations = {(None, msgid): msgstr for msgid, msgstr in TRANSLATIONS.items()}
    rendered = render_document(document, translations, VARIANT)
    assert rendered.fallback == ()
    assert len(rendered.translated) == 3
    assert 'alt="Солнечные панели"' in rendered.html
    assert not any(character in rendered.html for character in "\x7f\x01\x0c")


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x0b", "\x0c", "\x1f", "\x7f", "\ufffe"])
def test_check_and_build_refuse_the_same_translations(character: str) -> None:
    document = parse_html(PAGE.encode(), name="grid.html")
    msgid = "The plant feeds 300 homes."
    msgstr = f"Станция снабжает{character} 300 домов."
    findings = check_translation(Translation(msgid, msgstr, None, 1, ()), locale="ru", path="p")
    assert [finding.code for finding in findings] == ["control-character"]
    assert not is_usable(findings)
    rendered = render_document(document, {(None, msgid): msgstr}, VARIANT)
    assert [why for _, why in rendered.fallback] == ["control characters in the translation"]


def test_tab_newline_and_carriage_return_are_text() -> None:
    entry = Translation("A\tb\nc.", "А\tб\r\nв.", None, 1, ())
    assert check_translation(entry, locale="ru", path="p") == []


def test_source_check_reports_control_characters_once_at_the_first() -> None:
    findings = check_source(parse_html(PAGE.encode(), name="grid.html"), path="grid.html")
    assert [(f.code, f.line, f.severity) for f in findings] == [
        ("control-character", 5, Severity.WARNING)
    ]
    assert "U+007F" in findings[0].message and "3 places" in findings[0].message


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("<p>one\ntwo <b>x\n</b> three\nStaff\x7fReporters</p>", 6),
        ("<p>one</p>\n<p>two\x01</p>", 4),
        ("<p>one <b>b</b>\n\nc\x01 <i>d</i></p>", 5),
        ('<div>\n<input type="submit" value="Go\x7f">\n</div>', 4),
    ],
)
def test_source_check_names_the_line_of_the_control_character(body: str, line: int) -> None:
    page = f"<html><body>\n<p>ok</p>\n{body}\n<script>x = '\x01'</script></body></html>"
    findings = check_source(parse_html(page.encode(), name="x"), path="x.html")
    assert [(f.code, f.line) for f in findings] == [("control-character", line)]


def test_clean_page_has_no_control_character_finding() -> None:
    page = "<html><body><p>Tab\tand\r\nlines.</p><script>x = '\x01'</script></body></html>"
    assert check_source(parse_html(page.encode(), name="x"), path="x.html") == []


def test_cli_check_and_build_agree_on_a_page_with_a_del(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_project(tmp_path, config='locales = ["ru"]\nthreshold = 0', pages={"grid": PAGE})
    monkeypatch.chdir(tmp_path)
    assert _run("extract")[0] == 0
    assert _run("update")[0] == 0
    path = tmp_path / "locales" / "ru" / "grid.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = TRANSLATIONS.get(entry.msgid, entry.msgid + " (ru)")
    catalog.save(str(path))
    assert _run("check")[:2] == (0, "")
    code, _, stderr = _run("build", "--policy", "translated")
    assert code == 0 and "not used" not in stderr
    built = (tmp_path / "site" / "ru" / "grid.html").read_text(encoding="utf-8")
    assert 'alt="Солнечные панели"' in built and "300 домов." in built
    code, stdout, _ = _run("check", "--sources")
    assert code == 0
    assert stdout.splitlines() == [
        "source/grid.html:5: warning: control character U+007F in the text (3 places on the"
        " page); it is not text a reader sees, and the template leaves it out"
    ]
