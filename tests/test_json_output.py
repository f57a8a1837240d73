"""`--format json` on every command a script reads: stdout is exactly one JSON object,
also when nothing changed or the command failed; human lines, summaries and progress go
to stderr. The shapes are the README's ("JSON output")."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from conftest import make_project, run_cli

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Grid news</title></head>
<body><h1>Desert grid opens</h1><p>Read <a href="https://example.org/r">the report</a> now.</p>
</body></html>
"""
ZH = {
    "Grid news": "电网新闻",
    "Desert grid opens": "沙漠电网开通",
    "Read <1>the report</1> now.": "现在阅读<1>报告</1>。",
}
EDITORS = '[editors.wangxx]\nname = "王晓夏"\nemail = "wangxx@example.org"\nlocales = ["zh_CN"]\n'


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_project(
        tmp_path, config='locales = ["zh_CN", "fa"]', pages={"grid": PAGE}, editors=EDITORS
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("L10N_SIGNING_KEY", str(tmp_path / ".keys" / "wangxx"))
    return tmp_path


def _json(*args: str, code: int = 0) -> dict[str, object]:
    result = run_cli(*args, "--format", "json")
    assert result.exit_code == code, result.stderr
    record = json.loads(result.stdout)  # one object, nothing else on stdout
    assert isinstance(record, dict)
    return record


def _translate(project: Path) -> None:
    path = project / "locales" / "zh_CN" / "grid.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = ZH.get(entry.msgid, entry.msgstr)
    catalog.save()


def test_extract_json_lists_every_template_and_the_human_lines_go_to_stderr(
    project: Path,
) -> None:
    code, stdout, stderr = run_cli("extract", "--format", "json")
    assert code == 0 and stderr == "locales/grid.pot: 3 segments\n"
    assert json.loads(stdout) == {
        "files": [
            {"path": "locales/grid.pot", "changed": True, "summary": "3 segments", "segments": 3}
        ],
        "errors": [],
        "total": 1,
        "changed": 1,
        "unchanged": 0,
        "failed": 0,
    }
    again = _json("extract")
    assert again["changed"] == 0 and again["unchanged"] == 1


def test_update_json_has_the_merge_figures_also_when_nothing_changed(project: Path) -> None:
    run_cli("extract")
    record = _json("update")
    files = {f["path"]: f for f in record["files"]}  # type: ignore[union-attr]
    assert files["locales/zh_CN/grid.po"] == {
        "path": "locales/zh_CN/grid.po",
        "changed": True,
        "summary": "3 new, 0 fuzzy, 0 obsolete",
        "new": 3,
        "fuzzy": 0,
        "obsolete": 0,
        "from_memory": 0,
        "invalidated": 0,
    }
    code, stdout, stderr = run_cli("update", "--format", "json")
    assert (code, stderr) == (0, "")
    assert json.loads(stdout)["changed"] == 0


def test_update_json_on_a_fatal_error_is_still_one_object(project: Path) -> None:
    code, stdout, stderr = run_cli("update", "--format", "json", "-l", "farsi")
    assert code == 1 and stderr.startswith("error: unknown locale 'farsi'")
    assert json.loads(stdout) == {"error": stderr.removeprefix("error: ").strip(), "path": ""}


def test_build_json_has_a_record_per_page_and_the_summary(project: Path) -> None:
    run_cli("extract")
    run_cli("update")
    _translate(project)
    code, stdout, stderr = run_cli("build", "--policy", "translated", "--format", "json")
    assert code == 0
    record = json.loads(stdout)
    pages = {page["path"]: page for page in record["pages"]}
    assert pages["site/zh_CN/grid.html"]["state"] == "written"
    assert pages["site/fa/grid.html"]["state"] == "held"
    assert pages["site/en/grid.html"]["detail"] == "source page"
    assert record["errors"] == [] and record["held"] == 1
    summary = "1 article: 1 published in zh_CN; 1 held back in fa (see above)"
    assert record["summary"] == summary and stderr.splitlines()[-1] == summary
    assert "site/zh_CN/grid.html: 100% of words usable" in stderr  # not on stdout


def test_check_json_shape(project: Path) -> None:
    run_cli("extract")
    run_cli("update")
    _translate(project)
    record = _json("check")
    assert record == {
        "findings": record["findings"],
        "errors": [],
        "checked": 2,
        "summary": {"errors": 0, "warnings": len(record["findings"]), "failed": 0},  # type: ignore[arg-type]
    }


def test_status_json_keeps_its_shape(project: Path) -> None:
    run_cli("extract")
    record = _json("status")
    keys = ["slug", "locale", "reviewed", "translated", "fuzzy", "untranslated", "stale",
            "rejected", "total"]  # fmt: skip
    assert [sorted(a) for a in record["articles"]] == [sorted(keys)] * 2  # type: ignore[union-attr]


def test_verify_log_and_pending_json(project: Path) -> None:
    run_cli("extract")
    run_cli("update")
    _translate(project)
    pending = _json("review", "pending", "-l", "zh_CN")
    assert pending["total"] == 3
    first = pending["pending"][0]  # type: ignore[index]
    assert first == {
        "locale": "zh_CN",
        "slug": "grid",
        "path": "locales/zh_CN/grid.po",
        "line": first["line"],
        "msgctxt": None,
        "msgid": "Grid news",
        "msgstr": "电网新闻",
        "fuzzy": False,
        "previous_msgid": None,
        "findings": [],
    }
    assert run_cli("review", "approve", "--editor", "wangxx", "-l", "zh_CN", "--all")[0] == 0
    assert _json("review", "pending", "-l", "zh_CN") == {"pending": [], "total": 0, "errors": []}
    verify = _json("review", "verify")
    assert verify == {
        "verified": True,
        "problems": [],
        "stale": [],
        "notes": [],
        "errors": [],
        "catalogs": 2,
    }
    log = _json("review", "log")
    assert [e["event"] for e in log["events"]] == ["approve"] * 3  # type: ignore[union-attr]


def test_verify_json_with_a_forged_line_exits_3(project: Path) -> None:
    run_cli("extract")
    run_cli("update")
    _translate(project)
    run_cli("review", "approve", "--editor", "wangxx", "-l", "zh_CN", "--all")
    with (project / "locales" / "zh_CN" / "reviews.jsonl").open("a", encoding="utf-8") as ledger:
        ledger.write("{not json\n")
    record = _json("review", "verify", code=3)
    assert record["verified"] is False and "not a valid review event" in record["problems"][0]  # type: ignore[index]


def test_pending_text_lists_entries_and_says_when_none(project: Path) -> None:
    run_cli("extract")
    run_cli("update")
    code, stdout, stderr = run_cli("review", "pending", "-l", "zh_CN")
    assert (code, stdout, stderr) == (0, "", "nothing waiting for review in zh_CN\n")
    _translate(project)
    code, stdout, stderr = run_cli("review", "pending", "-l", "zh_CN")
    assert code == 0 and stderr == "3 entries waiting for review in zh_CN\n"
    assert stdout.splitlines()[0].endswith(": translated: Grid news")
    assert stdout.startswith("locales/zh_CN/grid.po:")
