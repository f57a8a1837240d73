"""What a new user trips over (issue 16): usage errors in one line with exit 2, commands
that matched or did nothing saying so, `import` refusing to replace an article, the walk
without a terminal, an interrupted command, tables and progress when piped."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from conftest import make_project, run_cli

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>{title}</h1><p>The plant feeds 300 homes in the valley.</p></body></html>
"""
EDITORS = '[editors.wangxx]\nname = "王晓夏"\nemail = "wangxx@example.org"\nlocales = ["zh_CN"]\n'


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    pages = {"grid": PAGE.format(title="Desert grid opens")}
    make_project(tmp_path, config='locales = ["zh_CN", "fa"]', pages=pages, editors=EDITORS)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("L10N_SIGNING_KEY", str(tmp_path / ".keys" / "wangxx"))
    assert run_cli("extract")[0] == 0 and run_cli("update")[0] == 0
    return tmp_path


def _translate(project: Path, translations: dict[str, str]) -> None:
    path = project / "locales" / "zh_CN" / "grid.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = translations.get(entry.msgid, entry.msgstr)
    catalog.save()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["build", "--policy", "bogus"],
         "error: l10n build: invalid value for '--policy': 'bogus' is not one of 'reviewed', "
         "'translated' (see l10n build --help)"),
        (["extract", "--shout"], "error: l10n extract: no such option: --shout (see l10n extract "
         "--help)"),
        (["review", "approve", "--editor", "wangxx"],
         "error: l10n review approve: missing option '--locale' / '-l' (see l10n review approve "
         "--help)"),
        (["review", "approve", "--editor", "wangxx", "-l", "zh_CN"],
         "error: l10n review approve: choose entries with --match TEXT or --all (see l10n review "
         "approve --help)"),
        (["review", "approve", "--editor", "wangxx", "-l", "zh_CN", "--match", "x", "--all"],
         "error: l10n review approve: --match and --all exclude each other; give one (see l10n "
         "review approve --help)"),
        (["build", "--jobs", "0"],
         "error: l10n build: invalid value for '--jobs' / '-j': 0 is not in the range x>=1 "
         "(see l10n build --help)"),
    ],
)  # fmt: skip
def test_usage_errors_are_one_line_and_exit_2(project: Path, args: list[str], message: str) -> None:
    assert run_cli(*args) == (2, "", message + "\n")


def test_status_for_a_locale_not_configured_names_the_configuration(project: Path) -> None:
    code, stdout, stderr = run_cli("status", "-l", "de")
    assert (code, stdout) == (1, "")
    assert stderr == (
        "error: pyproject.toml: locale 'de' is not configured (locales: zh_CN, fa); "
        "add it to locales = [...] first\n"
    )
    assert run_cli("check", "-l", "de")[0] == 1
    assert run_cli("review", "log", "-l", "de")[0] == 1


def test_empty_source_folder_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_project(tmp_path, config='locales = ["zh_CN"]', pages={})
    monkeypatch.chdir(tmp_path)
    note = "source/: no articles yet; add <slug>.html there or l10n import FILE\n"
    for command in ("extract", "update", "status", "build"):
        code, _, stderr = run_cli(command)
        assert (code, stderr.splitlines()[0] + "\n") == (0, note), command
    code, stdout, _ = run_cli("status", "--format", "json")
    assert json.loads(stdout) == {"articles": []}


def test_approve_matching_nothing_says_so_and_exits_1(project: Path) -> None:
    code, stdout, stderr = run_cli(
        "review", "approve", "--editor", "wangxx", "-l", "zh_CN", "--match", "no such words"
    )
    assert (code, stdout) == (1, "")
    assert stderr.endswith(
        "error: --match 'no such words' matched no entry in 1 catalog of zh_CN\n"
    )


def test_approve_matching_only_untranslated_entries_says_so(project: Path) -> None:
    code, _, stderr = run_cli(
        "review", "approve", "--editor", "wangxx", "-l", "zh_CN", "--match", "grid"
    )
    assert code == 1
    assert stderr.endswith(
        "error: --match 'grid' matched 1 entry in 1 catalog of zh_CN, none translated: "
        "nothing to approve\n"
    )


def test_approving_again_says_there_is_nothing_left(project: Path) -> None:
    _translate(project, {"Desert grid opens": "沙漠电网开通"})
    args = ("review", "approve", "--editor", "wangxx", "-l", "zh_CN", "--match", "desert")
    assert run_cli(*args)[0] == 0
    code, stdout, stderr = run_cli(*args)
    assert (code, stdout) == (0, "")
    assert stderr.endswith(
        "nothing to approve: --match 'desert' matched 1 entry in 1 catalog of zh_CN, "
        "none left to approve\n"
    )


def test_the_walk_without_a_terminal_says_to_use_approve_or_reject(project: Path) -> None:
    _translate(project, {"Desert grid opens": "沙漠电网开通"})
    code, stdout, stderr = run_cli("review", "--editor", "wangxx", "-l", "zh_CN", input="a\n")
    assert (code, stdout) == (2, "")
    assert "use l10n review approve|reject" in stderr and "--match TEXT or --all" in stderr
    assert len(stderr.splitlines()) == 1
    assert "reviewed:" not in (project / "locales" / "zh_CN" / "grid.po").read_text("utf-8")


def test_import_refuses_to_replace_an_article_without_force(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    newer = tmp_path_factory.mktemp("in") / "grid.html"
    newer.write_text(PAGE.format(title="Desert grid closes"), encoding="utf-8")
    source = project / "source" / "grid.html"
    before = source.read_bytes()
    code, stdout, stderr = run_cli("import", str(newer))
    assert (code, stdout) == (1, "")
    assert stderr == (
        "error: source/grid.html: an article with this slug exists; pass --force to replace "
        "it or --slug to import it under another name\n"
    )
    assert source.read_bytes() == before
    assert run_cli("import", str(newer), "--force") == (0, "source/grid.html: page copied\n", "")
    assert b"Desert grid closes" in source.read_bytes()
    assert run_cli("import", str(newer)) == (
        0,
        "",
        "source/grid.html: already holds this article; nothing changed\n",
    )


def _interrupt_on(monkeypatch: pytest.MonkeyPatch, target: str, call: int) -> None:
    """Make `target` raise KeyboardInterrupt on its `call`-th call (as Ctrl+C would)."""
    module, name = target.rsplit(".", 1)
    import importlib

    real = getattr(importlib.import_module(module), name)
    calls = {"n": 0}

    def interrupted(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == call:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(target, interrupted)


def test_interrupted_update_says_what_it_did_and_did_not(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for slug in ("hydro", "wind"):
        (project / "source" / f"{slug}.html").write_text(PAGE.format(title=f"{slug} plant"))
    assert run_cli("extract")[0] == 0
    _interrupt_on(monkeypatch, "l10n.steps.update.merge_catalog", 3)
    code, stdout, stderr = run_cli("update")
    assert code == 130
    # grid was merged before; hydro is merged; Ctrl+C comes while merging wind
    assert stdout == "locales/zh_CN/hydro.po: 2 new, 0 fuzzy, 0 obsolete\n"
    assert stderr == (
        "interrupted: 1 written, 1 unchanged, 0 failed; 4 catalogs not done: "
        "locales/zh_CN/wind.po, locales/fa/grid.po, locales/fa/hydro.po and 1 more\n"
    )
    assert not (project / "locales" / "fa" / "hydro.po").exists()


def test_interrupted_extract_json_is_still_one_object(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "source" / "hydro.html").write_text(PAGE.format(title="Hydro plant"))
    _interrupt_on(monkeypatch, "l10n.steps.extract.read_source", 2)
    code, stdout, stderr = run_cli("extract", "--format", "json")
    assert code == 130
    record = json.loads(stdout)
    assert record["interrupted"] is True and record["not_done"] == ["locales/hydro.pot"]
    assert stderr.splitlines()[-1].endswith("1 template not done: locales/hydro.pot")


def test_interrupted_build_says_which_articles_it_built(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "source" / "hydro.html").write_text(PAGE.format(title="Hydro plant"))
    assert run_cli("extract")[0] == 0 and run_cli("update")[0] == 0
    # The second article: build parses each article once.
    _interrupt_on(monkeypatch, "l10n.steps.build.parse_html", 2)
    code, _, stderr = run_cli("build")
    assert code == 130
    assert stderr.splitlines()[-1] == "interrupted: 1 article built, 1 not built: hydro"


def test_long_runs_end_with_one_summary_line_and_no_progress_bar_when_piped(
    project: Path,
) -> None:
    for number in range(20):
        (project / "source" / f"a{number:02}.html").write_text(PAGE.format(title=f"Plant {number}"))
    code, _, stderr = run_cli("extract")
    assert (code, stderr) == (0, "21 templates: 20 written, 1 unchanged\n")
    code, _, stderr = run_cli("update")
    assert (code, stderr) == (0, "42 catalogs: 40 written, 2 unchanged\n")
    code, _, stderr = run_cli("build", "--policy", "translated")
    assert (
        stderr.splitlines()[-1]
        == "21 articles: 21 held back in zh_CN; 21 held back in fa (see above)"
    )


def test_report_moves_a_progress_bar_once_per_article(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import contextlib

    import l10n.cli.main

    for number in range(20):
        (project / "source" / f"a{number:02}.html").write_text(PAGE.format(title=f"Plant {number}"))
    run_cli("extract")
    bars: list[tuple[int, str, list[str]]] = []

    @contextlib.contextmanager
    def recorded(total: int, *, quiet: bool, what: str):  # type: ignore[no-untyped-def]
        moved: list[str] = []
        bars.append((total, what, moved))
        yield moved.append

    monkeypatch.setattr(l10n.cli.main, "progress_bar", recorded)
    code, _, _ = run_cli("report")
    assert code == 0
    ((total, what, moved),) = bars
    assert (total, what, len(moved)) == (21, "judging articles", 21)


def test_tables_keep_full_names_when_piped(project: Path) -> None:
    slug = "a-very-long-article-name-that-a-terminal-table-would-cut-short-" + "x" * 40
    (project / "source" / f"{slug}.html").write_text(PAGE.format(title="Long"))
    run_cli("extract")
    code, stdout, _ = run_cli("status")
    assert code == 0
    lines = stdout.splitlines()
    assert lines[0] == "article\tlocale\treviewed\ttranslated\tfuzzy\tuntranslated\tstale\ttotal"
    assert f"{slug}\tzh_CN\t0 / 0\t0 / 0\t0 / 0\t9 / 2\t0 / 0\t9 / 2" in lines


def test_interrupted_while_reading_is_one_line(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _interrupt_on(monkeypatch, "l10n.steps.update.read_registry", 1)
    assert run_cli("update") == (
        130,
        "",
        "interrupted before finishing; every file is as it was or complete\n",
    )


def test_quiet_long_runs_print_no_summary(project: Path) -> None:
    for number in range(20):
        (project / "source" / f"a{number:02}.html").write_text(PAGE.format(title=f"Plant {number}"))
    assert run_cli("extract", "--quiet") == (0, "", "")


@pytest.mark.parametrize(
    ("args", "commands", "groups"),
    [
        (["--version"], [], []),
        (["status", "--format", "json"], ["status"], []),
        (["review", "approve", "--all"], [], ["review"]),
        (["build", "--help"], ["build"], []),
    ],
)
def test_only_the_command_asked_for_is_built(
    args: list[str], commands: list[str], groups: list[str]
) -> None:
    from l10n.cli.main import app, narrowed

    chosen = narrowed(app, args)
    assert [c.name for c in chosen.registered_commands] == commands
    assert [g.name for g in chosen.registered_groups] == groups
    assert len(app.registered_commands) > 5  # the whole app is left as it was


@pytest.mark.parametrize("args", [[], ["--help"], ["-h"], ["--help", "status"], ["stat"]])
def test_the_group_help_and_unknown_words_get_every_command(args: list[str]) -> None:
    from l10n.cli.main import app, narrowed

    assert narrowed(app, args) is app


def test_the_console_script_runs_the_narrowed_app(project: Path) -> None:
    import subprocess
    import sys

    def l10n(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "l10n", *args]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    assert l10n("--version").stdout.startswith("l10n ")
    assert "Commands:" in l10n("--help").stdout and "extract" in l10n("--help").stdout
    assert l10n("status", "--format", "json").returncode == 0
    typo = l10n("stat")
    assert typo.returncode == 2 and "did you mean 'status'" in typo.stderr.lower()


def test_a_warning_in_a_pipe_is_a_plain_line_and_loads_no_rich(tmp_path: Path) -> None:
    import subprocess
    import sys

    make_project(tmp_path, config='locales = ["zh_CN"]', pages={"grid": PAGE.format(title="T")})
    for step in ("extract", "update"):
        subprocess.run([sys.executable, "-m", "l10n", step, "--project", str(tmp_path)],
                       check=True, capture_output=True)  # fmt: skip
    command = [sys.executable, "-X", "importtime", "-m", "l10n", "status", "--project"]
    done = subprocess.run([*command, str(tmp_path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    lines = [line for line in done.stderr.splitlines() if not line.startswith("import time:")]
    assert lines[0].startswith("warning: no editors.toml")
    imported = [line.split("|")[-1].strip() for line in done.stderr.splitlines()
                if line.startswith("import time:")]  # fmt: skip
    assert not [name for name in imported if name.split(".")[0] == "rich"]
