"""`l10n check` as a user runs it on a catalog with deliberately broken translations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import make_project, run_cli

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Grid news</title></head>
<body>
<h1>Desert grid opens</h1>
<p>Read <a href="https://example.org/report">the report</a> now.</p>
<p>Trade passed <b>25 billion</b> USD.</p>
<p>Run <code>l10n build</code> daily.</p>
<p>The plant feeds 300 homes.</p>
<p>Contact press@example.org today.</p>
</body></html>
"""

TRANSLATIONS = {
    "Grid news": "电网新闻",  # fine
    "Desert grid opens": "沙漠电网开通",  # fine
    "Read <1>the report</1> now.": "现在阅读报告。",  # drops <1>: error
    "Trade passed <1>25 billion</1> USD.": "贸易额超过250亿美元。",  # drops <1> (bold): warning
    "Run <1/> daily.": "每天运行 <script>alert(1)</script>。",  # drops <1/>, adds markup: errors
    "The plant feeds 300 homes.": "该电厂为400户家庭供电。",  # number differs: warning
    "Contact press@example.org today.": "今天联系 press@example.org。",  # fine
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_project(tmp_path, config='locales = ["zh_CN"]', pages={"grid": PAGE})
    monkeypatch.chdir(tmp_path)
    for command in (["extract"], ["update"]):
        assert run_cli(*command).exit_code == 0
    catalog = tmp_path / "locales" / "zh_CN" / "grid.po"
    text = catalog.read_text(encoding="utf-8")
    for msgid, msgstr in TRANSLATIONS.items():
        before = f'msgid "{msgid}"\nmsgstr ""\n'
        assert before in text, msgid
        text = text.replace(before, f'msgid "{msgid}"\nmsgstr "{msgstr}"\n')
    catalog.write_text(text, encoding="utf-8")
    return tmp_path


def _line_of(project: Path, msgid: str) -> int:
    lines = (project / "locales" / "zh_CN" / "grid.po").read_text(encoding="utf-8").splitlines()
    return lines.index(f'msgid "{msgid}"') + 1


def test_every_broken_translation_is_reported_with_its_line(project: Path) -> None:
    result = run_cli("check")
    assert result.exit_code == 3
    path = "locales/zh_CN/grid.po"
    lines = result.stdout.splitlines()
    errors = {line for line in lines if ": error: " in line}
    assert {line.split(": error:")[0] for line in errors} == {
        f"{path}:{_line_of(project, 'Read <1>the report</1> now.')}",
        f"{path}:{_line_of(project, 'Run <1/> daily.')}",
    }
    warned = {line.split(": warning:")[0] for line in lines if ": warning: " in line}
    assert f"{path}:{_line_of(project, 'Trade passed <1>25 billion</1> USD.')}" in warned
    assert f"{path}:{_line_of(project, 'The plant feeds 300 homes.')}" in warned
    for fine in ("Grid news", "Desert grid opens", "Contact press@example.org today."):
        assert not any(line.startswith(f"{path}:{_line_of(project, fine)}:") for line in lines)


def test_json_output_is_machine_readable(project: Path) -> None:
    result = run_cli("check", "--format", "json")
    assert result.exit_code == 3
    findings = json.loads(result.stdout)["findings"]
    assert {f["severity"] for f in findings} == {"error", "warning"}
    assert all(f["path"] == "locales/zh_CN/grid.po" and f["line"] > 0 for f in findings)


def test_only_warnings_exit_0_unless_strict(project: Path) -> None:
    catalog = project / "locales" / "zh_CN" / "grid.po"
    text = catalog.read_text(encoding="utf-8")
    text = text.replace('msgstr "现在阅读报告。"', 'msgstr "现在阅读<1>报告</1>。"')
    text = text.replace('msgstr "每天运行 <script>alert(1)</script>。"', 'msgstr "每天运行<1/>。"')
    catalog.write_text(text, encoding="utf-8")
    assert run_cli("check").exit_code == 0
    assert run_cli("check", "--strict").exit_code == 3


def test_sources_finds_nothing_on_a_clean_page(project: Path) -> None:
    result = run_cli("check", "--sources")
    assert (result.exit_code, result.stdout) == (0, "")


ENGLISH_WITH_EDITOR = (
    "<!DOCTYPE html><html><head><title>Trade talks</title></head><body>\n"
    + "<p>Leaders met in the capital to discuss trade and energy.</p>\n" * 20
    + "<p>Editor: 王晓夏（责任编辑）</p>\n</body></html>\n"
)


def test_sources_names_the_encoding_a_page_was_decoded_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    damaged = PAGE.replace("<b>25 billion</b>", "<b>25 billion\udcff</b>")
    make_project(
        tmp_path,
        config='locales = ["zh_CN"]',
        pages={
            "credit": ENGLISH_WITH_EDITOR.encode("gbk"),
            "damaged": damaged.encode("utf-8", errors="surrogateescape"),
            "grid": PAGE,
        },
    )
    monkeypatch.chdir(tmp_path)
    result = run_cli("check", "--sources")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "source/credit.html:1: warning: decoded as GBK: no declaration, detected",
        "source/damaged.html:5: warning: decoded as UTF-8: 1 invalid byte sequence shown as "
        "U+FFFD, first at line 5",
    ]
    result = run_cli("check", "--sources", "--format", "json")
    codes = [finding["code"] for finding in json.loads(result.stdout)["findings"]]
    assert codes == ["encoding-decision", "encoding-decision"]
