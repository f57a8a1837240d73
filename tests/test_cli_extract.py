"""`l10n extract` as a user runs it: output lines, rewriting only what changed, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_project, run_cli

SAMPLE = Path(__file__).parents[1] / "source" / "solar-grid.html"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_project(tmp_path, config='locales = ["zh_CN"]', pages={"solar-grid": SAMPLE.read_bytes()})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_extract_writes_one_line_per_template(project: Path) -> None:
    code, stdout, _ = run_cli("extract")
    assert code == 0
    (line,) = stdout.splitlines()
    assert line.startswith("locales/solar-grid.pot: ") and line.endswith(" segments")
    assert "王晓夏" in (project / "locales" / "solar-grid.pot").read_text(encoding="utf-8")


def test_unchanged_article_is_not_rewritten(project: Path) -> None:
    run_cli("extract")
    template = project / "locales" / "solar-grid.pot"
    before = template.stat().st_mtime_ns
    code, stdout, _ = run_cli("extract")
    assert (code, stdout, template.stat().st_mtime_ns) == (0, "", before)


def test_check_reports_stale_templates_without_writing(project: Path) -> None:
    code, _, stderr = run_cli("extract", "--check")
    assert code == 3 and "locales/solar-grid.pot: out of date" in stderr
    assert not (project / "locales").exists()
    run_cli("extract")
    assert run_cli("extract", "--check")[0] == 0


def test_project_option_finds_the_configuration(
    project: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))  # no configuration here or above
    assert run_cli("extract")[0] == 1
    result = run_cli("extract", "--project", str(project))
    assert result.exit_code == 0, result.stderr
    assert (project / "locales" / "solar-grid.pot").is_file()


def test_configuration_is_found_from_a_subfolder(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project / "source")
    assert run_cli("extract")[0] == 0
    assert (project / "locales" / "solar-grid.pot").is_file()


@pytest.mark.parametrize("slug", ["../etc/passwd", "a/b", "..", "/etc/passwd", ".hidden"])
def test_slug_that_escapes_its_folder_is_refused(project: Path, slug: str) -> None:
    code, _, stderr = run_cli("extract", slug)
    assert code == 1
    assert stderr.startswith(f"error: slug {slug!r}: use letters")
    assert not (project / "locales").exists()


def test_missing_source_folder_is_one_line(project: Path) -> None:
    (project / "source" / "solar-grid.html").unlink()
    (project / "source").rmdir()
    code, _, stderr = run_cli("extract")
    assert (code, stderr) == (1, "error: source: no such folder\n")


def test_unknown_article_is_one_line(project: Path) -> None:
    code, _, stderr = run_cli("extract", "nothing-here")
    assert (code, stderr) == (1, "error: source/nothing-here.html: no such article\n")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "error: source/broken.html: empty file\n"),
        (b"\x00\x01\x02binary\x00", "error: source/broken.html: not text (binary data)\n"),
        (b"plain words only", "error: source/broken.html: not HTML (no markup found)\n"),
    ],
)
def test_bad_page_is_one_line_and_others_still_extract(
    project: Path, content: bytes, message: str
) -> None:
    (project / "source" / "broken.html").write_bytes(content)
    code, stdout, stderr = run_cli("extract")
    assert (code, stderr) == (
        1,
        message + "2 templates: 1 written, 0 unchanged, 1 failed (see above)\n",
    )
    assert stdout.startswith("locales/solar-grid.pot: ")
    assert not (project / "locales" / "broken.pot").exists()


def test_symlink_out_of_the_project_is_refused(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secret.html"
    outside.write_text("<p>secret</p>", encoding="utf-8")
    (project / "source" / "leak.html").symlink_to(outside)
    code, _, stderr = run_cli("extract", "leak")
    assert code == 1 and stderr.startswith("error: source/leak.html: leads outside the project")


def test_no_configuration_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, stderr = run_cli("extract", "--project", str(tmp_path))
    assert code == 1 and "no l10n.toml or pyproject.toml with [tool.l10n]" in stderr


def test_help_reads_well() -> None:
    code, stdout, _ = run_cli("--help")
    assert code == 0 and "extract" in stdout
    code, stdout, _ = run_cli("extract", "--help")
    assert code == 0 and "--check" in stdout and "--project" in stdout


def test_a_misnamed_page_is_reported_and_the_others_still_extract(project: Path) -> None:
    (project / "source" / "My Story.html").write_text("<p>Text</p>", encoding="utf-8")
    code, stdout, stderr = run_cli("extract")
    assert code == 1 and "source/My Story.html: name it with letters" in stderr
    assert stdout.startswith("locales/solar-grid.pot: ")


def test_extract_says_once_how_an_undeclared_page_was_decoded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = (
        "<!DOCTYPE html><html><head><title>Trade talks</title></head><body>\n"
        + "<p>Leaders met in the capital to discuss trade and energy.</p>\n" * 20
        + "<p>Editor: 王晓夏（责任编辑）</p>\n</body></html>\n"
    )
    make_project(tmp_path, config='locales = ["zh_CN"]', pages={"credit": page.encode("gbk")})
    monkeypatch.chdir(tmp_path)
    code, stdout, _ = run_cli("extract")
    assert (code, stdout) == (
        0,
        "locales/credit.pot: 3 segments (decoded as GBK: no declaration, detected)\n",
    )
    assert 'msgid "Editor: 王晓夏（责任编辑）"' in (tmp_path / "locales/credit.pot").read_text(
        "utf-8"
    )
