"""`l10n status`: words and segments per state, as a table and as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import make_project, run_cli

from l10n.steps.progress import count_words

SAMPLE = Path(__file__).parents[1] / "source" / "solar-grid.html"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_project(
        tmp_path, config='locales = ["zh_CN", "fa"]', pages={"solar-grid": SAMPLE.read_bytes()}
    )
    monkeypatch.chdir(tmp_path)
    for command in (["extract"], ["update", "-l", "zh_CN"]):
        assert run_cli(*command).exit_code == 0
    return tmp_path


def test_status_json_counts_states_and_cjk_characters(project: Path) -> None:
    catalog = project / "locales" / "zh_CN" / "solar-grid.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(
        text.replace(
            'msgid "Editor: 王晓夏"\nmsgstr ""', 'msgid "Editor: 王晓夏"\nmsgstr "编辑：王晓夏"'
        ),
        encoding="utf-8",
    )
    result = run_cli("status", "--format", "json")
    assert result.exit_code == 0, result.stderr
    articles = {(a["slug"], a["locale"]): a for a in json.loads(result.stdout)["articles"]}
    zh = articles[("solar-grid", "zh_CN")]
    assert zh["translated"] == {"segments": 1, "words": 4}  # "Editor" + 王 + 晓 + 夏
    assert zh["untranslated"]["segments"] == zh["total"]["segments"] - 1
    fa = articles[("solar-grid", "fa")]  # never merged: all untranslated, from the template
    assert fa["untranslated"] == fa["total"] and fa["total"] == zh["total"]


def test_status_table_names_every_article_and_locale(project: Path) -> None:
    result = run_cli("status")
    assert result.exit_code == 0
    assert (
        "solar-grid" in result.stdout
        and "zh_CN" in result.stdout
        and "all articles" in result.stdout
    )


def test_word_count_rules() -> None:
    assert count_words("<1>Kyzylkum Sun-Link</1> 300-MW") == 5
    assert count_words("中国与哈萨克斯坦") == 8


def test_status_json_written_an_article_at_a_time_is_what_json_dumps_writes(
    project: Path,
) -> None:
    import json

    code, stdout, _ = run_cli("status", "--format", "json")
    assert code == 0
    record = json.loads(stdout)
    assert len(record["articles"]) == 2
    assert stdout == json.dumps(record, ensure_ascii=False) + "\n"
