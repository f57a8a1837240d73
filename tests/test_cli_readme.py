"""The README's command table and JSON shapes match the code: every command and option it
lists exists, and every JSON example has the keys the command prints."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest
from conftest import make_project, run_cli

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    return README.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def _commands() -> dict[str, set[str]]:
    """Every command path of the CLI and the options it takes."""
    import typer.main

    from l10n.cli.main import app

    found: dict[str, set[str]] = {}

    def walk(command: object, path: str) -> None:
        options = {o for p in getattr(command, "params", []) for o in getattr(p, "opts", [])}
        found[path] = options
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{path} {name}".strip())

    walk(typer.main.get_command(app), "")
    return found


def test_every_command_and_option_in_the_table_exists() -> None:
    commands = _commands()
    rows = re.findall(r"^\| `l10n ([^`]+)`", _section("Commands"), flags=re.MULTILINE)
    assert len(rows) >= 14
    for row in rows:
        words = row.replace("\\|", "|").split()
        name = " ".join(w for w in words[:2] if re.fullmatch(r"[a-z]+(\|[a-z]+)*", w))
        for each in name.split("|") if "|" in name else [name]:
            path = each if " " in each or "|" not in name else f"review {each}"
            path = path if path in commands else f"review {path.split()[-1]}"
            if row.startswith("review --editor"):
                path = "review walk"
            assert path in commands, row
            for option in re.findall(r"--[a-z-]+", row):
                assert option in commands[path], f"{path}: {option}"


def test_every_script_command_takes_format_json() -> None:
    commands = _commands()
    for path in ("extract", "update", "build", "check", "status", "review verify",
                 "review log", "review pending"):  # fmt: skip
        assert "--format" in commands[path], path


PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Grid news</title></head>
<body><h1>Desert grid opens</h1></body></html>
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    editors = '[editors.wangxx]\nname = "王晓夏"\nlocales = ["zh_CN"]\n'
    make_project(tmp_path, config='locales = ["zh_CN", "fa"]', pages={"grid": PAGE},
                 editors=editors)  # fmt: skip
    monkeypatch.chdir(tmp_path)
    run_cli("extract")
    run_cli("update")
    path = tmp_path / "locales" / "zh_CN" / "grid.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = "电网"
    catalog.save()
    return tmp_path


def test_json_examples_have_the_keys_the_commands_print(project: Path) -> None:
    blocks = re.findall(r"```json\n(.*?)```", _section("JSON output"), flags=re.DOTALL)
    examples = [json.loads(block) for block in blocks]
    commands = [["update"], ["build", "--policy", "translated"], ["check"],
                ["review", "verify"], ["review", "pending"]]  # fmt: skip
    assert len(examples) == len(commands)
    for example, command in zip(examples, commands, strict=True):
        printed = json.loads(run_cli(*command, "--format", "json").stdout)
        assert set(example) == set(printed), command
        for key, value in example.items():
            if isinstance(value, list) and value and printed[key]:
                assert set(value[0]) == set(printed[key][0]), (command, key)
