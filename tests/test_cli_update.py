"""`l10n update` as a user runs it: creating, merging, idempotence, --check, bad catalogs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import make_project, run_cli

SAMPLE = Path(__file__).parents[1] / "source" / "solar-grid.html"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_project(
        tmp_path, config='locales = ["zh_CN", "fa"]', pages={"solar-grid": SAMPLE.read_bytes()}
    )
    monkeypatch.chdir(tmp_path)
    assert run_cli("extract").exit_code == 0
    return tmp_path


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_update_creates_a_catalog_per_locale(project: Path) -> None:
    code, stdout, _ = run_cli("update")
    assert code == 0
    assert [line.split(":")[0] for line in stdout.splitlines()] == [
        "locales/zh_CN/solar-grid.po",
        "locales/fa/solar-grid.po",
    ]
    assert all(line.endswith(" new, 0 fuzzy, 0 obsolete") for line in stdout.splitlines())


def test_second_update_changes_no_byte_and_prints_nothing(project: Path) -> None:
    run_cli("update")
    before = _snapshot(project / "locales")
    mtimes = {p: p.stat().st_mtime_ns for p in (project / "locales").rglob("*.po")}
    assert run_cli("update") == (0, "", "")
    assert _snapshot(project / "locales") == before
    assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes


def test_source_edit_makes_the_changed_segment_fuzzy(project: Path) -> None:
    run_cli("update", "--locale", "zh_CN")
    catalog = project / "locales" / "zh_CN" / "solar-grid.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(
        text.replace(
            'msgid "Editor: 王晓夏"\nmsgstr ""', 'msgid "Editor: 王晓夏"\nmsgstr "编辑：王晓夏"'
        ),
        encoding="utf-8",
    )
    source = project / "source" / "solar-grid.html"
    source.write_text(
        source.read_text(encoding="utf-8").replace("Editor: 王晓夏", "Editor: 王晓夏 and 李明哲"),
        encoding="utf-8",
    )
    run_cli("extract")
    code, stdout, _ = run_cli("update", "-l", "zh_CN")
    assert (code, stdout) == (0, "locales/zh_CN/solar-grid.po: 0 new, 1 fuzzy, 0 obsolete\n")
    merged = catalog.read_text(encoding="utf-8")
    assert (
        '#, fuzzy\n#| msgid "Editor: 王晓夏"\nmsgid "Editor: 王晓夏 and 李明哲"\nmsgstr "编辑：王晓夏"\n'
        in merged
    )


def test_check_exits_3_and_writes_nothing(project: Path) -> None:
    code, _, stderr = run_cli("update", "--check")
    assert code == 3 and "out of date; run l10n update" in stderr
    assert not (project / "locales" / "zh_CN").exists()
    run_cli("update")
    assert run_cli("update", "--check")[0] == 0


def test_unknown_locale_suggests_the_closest(project: Path) -> None:
    code, _, stderr = run_cli("update", "--locale", "zh-CN")
    assert (code, stderr) == (1, "error: unknown locale 'zh-CN' (did you mean zh_CN?)\n")


@pytest.mark.parametrize(
    ("written", "meant"),
    [("farsi", "fa (Persian)"), ("Persian", "fa (Persian)"), ("Deutsch", "de (German)"),
     ("español", "es (Spanish)"), ("pt-br", "pt_BR")],
)  # fmt: skip
def test_unknown_locale_in_the_configuration_names_the_file_and_a_real_match(
    project: Path, written: str, meant: str
) -> None:
    (project / "pyproject.toml").write_text(
        f'[tool.l10n]\nlocales = ["zh_CN", "{written}"]\n', encoding="utf-8"
    )
    code, _, stderr = run_cli("update")
    assert (code, stderr) == (
        1,
        f"error: pyproject.toml: locales = [...]: unknown locale '{written}' "
        f"(did you mean {meant}?)\n",
    )
    assert not (project / "locales" / "zh_CN").exists()


def test_farsi_is_never_taken_for_sinhala(project: Path) -> None:
    code, _, stderr = run_cli("update", "-l", "farsi")
    assert code == 1 and "did you mean fa (Persian)?" in stderr and "si" not in stderr.split("(")[1]


def test_missing_template_says_to_extract(project: Path) -> None:
    (project / "locales" / "solar-grid.pot").unlink()
    code, _, stderr = run_cli("update", "-l", "fa")
    assert (code, stderr) == (
        1,
        "error: locales/solar-grid.pot: no such template; run l10n extract first\n",
    )


BAD_CATALOGS = {
    "broken quoting": ('msgid "Editor: 王晓夏"\nmsgstr "编辑\n', ":"),
    "msgstr without msgid": ('msgstr "孤立"\n', ":"),
}


@pytest.mark.parametrize("name", sorted(BAD_CATALOGS))
def test_malformed_catalog_is_one_line_and_left_untouched(project: Path, name: str) -> None:
    run_cli("update", "-l", "zh_CN")
    catalog = project / "locales" / "zh_CN" / "solar-grid.po"
    broken = catalog.read_text(encoding="utf-8") + "\n" + BAD_CATALOGS[name][0]
    catalog.write_text(broken, encoding="utf-8")
    code, _, stderr = run_cli("update", "-l", "zh_CN")
    assert code == 1
    assert (
        stderr.startswith("error: locales/zh_CN/solar-grid.po:") and len(stderr.splitlines()) == 1
    )
    assert catalog.read_text(encoding="utf-8") == broken


def test_catalog_in_a_wrong_encoding_is_one_line(project: Path) -> None:
    run_cli("update", "-l", "zh_CN")
    catalog = project / "locales" / "zh_CN" / "solar-grid.po"
    data = (
        catalog.read_text(encoding="utf-8")
        .replace('msgstr ""\n\n#. p', 'msgstr "编辑"\n\n#. p', 1)
        .encode("gb18030")
    )
    catalog.write_bytes(data)
    code, _, stderr = run_cli("update", "-l", "zh_CN")
    assert (
        code == 1
        and stderr.startswith("error: locales/zh_CN/solar-grid.po:")
        and "not valid UTF-8" in stderr
    )
    assert catalog.read_bytes() == data


@pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext is not installed")
def test_written_catalogs_pass_msgfmt_and_survive_msgcat(project: Path) -> None:
    run_cli("update")
    for catalog in (project / "locales").rglob("*.po"):
        checked = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(catalog)], capture_output=True, text=True
        )
        assert (checked.returncode, checked.stderr) == (0, "")
        catted = subprocess.run(["msgcat", str(catalog)], capture_output=True, check=True)
        assert catted.stdout == catalog.read_bytes()


class _CountedReads:
    """How many catalogs and templates `update` read."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import l10n.steps.update as step

        self.count = 0
        real = step.read_catalog

        def counted(*args: object, **kwargs: object) -> object:
            self.count += 1
            return real(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(step, "read_catalog", counted)


def test_an_update_with_nothing_changed_reads_no_catalog(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The merge that found nothing to do is remembered (.l10n/), and the next update
    with the same files repeats its outcome without reading a catalog."""
    run_cli("update")
    second = run_cli("update", "--format", "json")  # merges, finds nothing to change
    reads = _CountedReads(monkeypatch)
    third = run_cli("update", "--format", "json")
    assert reads.count == 0
    assert third == second
    monkeypatch.setenv("L10N_NO_CACHE", "1")
    assert run_cli("update", "--format", "json") == second  # the same without the cache
    assert reads.count > 0


@pytest.mark.parametrize("change", ["template", "catalog", "registry", "configuration"])
def test_anything_a_merge_reads_makes_update_merge_again(
    project: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    run_cli("update")
    run_cli("update")
    catalog = project / "locales" / "zh_CN" / "solar-grid.po"
    if change == "template":
        page = project / "source" / "solar-grid.html"
        page.write_bytes(page.read_bytes().replace(b"</body>", b"<p>A late paragraph.</p></body>"))
        assert run_cli("extract").exit_code == 0
    elif change == "catalog":
        catalog.write_text(
            catalog.read_text(encoding="utf-8") + '\nmsgid "A stray entry"\nmsgstr "多余"\n',
            encoding="utf-8",
        )
    elif change == "registry":
        (project / "editors.toml").write_text(
            '[editors.wangxx]\nname = "王晓夏"\nlocales = ["zh_CN"]\n', encoding="utf-8"
        )
    else:
        config = project / "pyproject.toml"
        config.write_text(config.read_text(encoding="utf-8") + "threshold = 50\n")
    reads = _CountedReads(monkeypatch)
    code, stdout, _ = run_cli("update", "--locale", "zh_CN")
    assert code == 0 and reads.count > 0
    if change == "template":
        assert "solar-grid.po: 1 new" in stdout
        assert "A late paragraph." in catalog.read_text(encoding="utf-8")
    if change == "catalog":  # a stray entry is no template's: it becomes obsolete
        assert '#~ msgid "A stray entry"' in catalog.read_text(encoding="utf-8")


def test_a_corrupt_update_record_is_ignored(project: Path) -> None:
    run_cli("update")
    run_cli("update")
    records = project / ".l10n" / "update.json"
    assert records.exists()
    records.write_text("not a record", encoding="utf-8")
    catalog = project / "locales" / "zh_CN" / "solar-grid.po"
    before = catalog.read_bytes()
    assert run_cli("update") == (0, "", "")
    assert catalog.read_bytes() == before
