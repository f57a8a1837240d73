"""One rule for partial failure (issue 16): a file that cannot be read or written, or a
broken input, is one stderr line naming the path and what failed; the other items are
processed; a last line says how many failed; exit 1; never a traceback.

Tests may run as root, where chmod denies nothing: the failures here are ones that work
for every user (a folder where a file should be, a file where a folder should be, a full
disk and a read-only file system simulated at the system call), and the chmod variant is
skipped for root."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from conftest import make_project, run_cli

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>{title}</h1><p>The plant feeds 300 homes in the valley.</p></body></html>
"""
BROKEN = 'msgid "Grid news"\nmsgstr "断\n'


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    pages = {slug: PAGE.format(title=title) for slug, title in
             [("alpha", "Alpha grid opens"), ("beta", "Beta dam closes")]}  # fmt: skip
    make_project(tmp_path, config='locales = ["zh_CN", "fa"]', pages=pages)
    monkeypatch.chdir(tmp_path)
    assert run_cli("extract")[0] == 0
    return tmp_path


def _merged(project: Path) -> Path:
    assert run_cli("update")[0] == 0
    return project


def test_update_goes_on_after_a_locale_folder_that_is_a_file(project: Path) -> None:
    (project / "locales" / "zh_CN").write_text("not a folder", encoding="utf-8")
    code, stdout, stderr = run_cli("update")
    assert code == 1
    assert stdout.splitlines() == [
        "locales/fa/alpha.po: 2 new, 0 fuzzy, 0 obsolete",
        "locales/fa/beta.po: 2 new, 0 fuzzy, 0 obsolete",
    ]
    lines = stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("error: locales/zh_CN: cannot be used (")
    assert lines[0].endswith("; 2 catalogs not updated")
    assert lines[1] == "4 catalogs: 2 written, 0 unchanged, 2 failed (see above)"


def test_update_goes_on_after_a_catalog_that_is_a_folder(project: Path) -> None:
    (project / "locales" / "zh_CN" / "alpha.po").mkdir(parents=True)
    code, stdout, stderr = run_cli("update")
    assert code == 1
    assert "locales/zh_CN/beta.po" in stdout and "locales/fa/alpha.po" in stdout
    assert stderr.splitlines() == [
        "error: locales/zh_CN/alpha.po: cannot be read (Is a directory)",
        "4 catalogs: 3 written, 0 unchanged, 1 failed (see above)",
    ]


def test_update_goes_on_after_a_ledger_that_is_a_folder(project: Path) -> None:
    (project / "locales" / "fa" / "reviews.jsonl").mkdir(parents=True)
    code, stdout, stderr = run_cli("update")
    assert code == 1 and "locales/zh_CN/alpha.po" in stdout
    assert stderr.splitlines()[0].startswith("error: locales/fa/reviews.jsonl: cannot be used (")
    assert len(stderr.splitlines()) == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root is not denied by file modes")
def test_update_goes_on_after_an_unwritable_locale_folder(project: Path) -> None:
    _merged(project)
    folder = project / "locales" / "zh_CN"
    (project / "source" / "alpha.html").write_text(PAGE.format(title="Alpha grid closes"))
    assert run_cli("extract")[0] == 0
    folder.chmod(0o500)
    try:
        code, stdout, stderr = run_cli("update")
    finally:
        folder.chmod(0o700)
    assert code == 1 and "locales/fa/alpha.po" in stdout
    assert stderr.splitlines()[0].startswith("error: locales/zh_CN/.l10n.lock: cannot be locked")


def test_extract_goes_on_after_a_template_that_is_a_folder(project: Path) -> None:
    (project / "locales" / "alpha.pot").unlink()
    (project / "locales" / "alpha.pot").mkdir()
    (project / "source" / "beta.html").write_text(PAGE.format(title="Beta dam opens"))
    code, stdout, stderr = run_cli("extract")
    assert (code, stdout) == (1, "locales/beta.pot: 2 segments\n")
    lines = stderr.splitlines()
    assert len(lines) == 2 and "alpha.pot: cannot be" in lines[0]
    assert lines[1] == "2 templates: 1 written, 0 unchanged, 1 failed (see above)"


@pytest.mark.parametrize(
    ("number", "reason"),
    [(errno.ENOSPC, "No space left on device"), (errno.EROFS, "Read-only file system")],
)
def test_a_full_disk_or_read_only_file_system_fails_one_file(
    project: Path, monkeypatch: pytest.MonkeyPatch, number: int, reason: str
) -> None:
    (project / "locales" / "alpha.pot").unlink()
    (project / "locales" / "beta.pot").unlink()
    real = os.replace

    def failing(source: str, target: str | Path) -> None:
        if str(target).endswith("alpha.pot"):
            raise OSError(number, os.strerror(number))
        real(source, target)

    monkeypatch.setattr(os, "replace", failing)
    code, stdout, stderr = run_cli("extract")
    assert (code, stdout) == (1, "locales/beta.pot: 2 segments\n")
    assert stderr.splitlines()[0].endswith(f"alpha.pot: cannot be written ({reason})")
    assert not [p for p in (project / "locales").iterdir() if p.name.endswith(".tmp")]


def test_status_reports_a_broken_catalog_and_counts_the_others(project: Path) -> None:
    _merged(project)
    (project / "locales" / "zh_CN" / "alpha.po").write_text(BROKEN, encoding="utf-8")
    code, stdout, stderr = run_cli("status")
    assert code == 1
    rows = [line.split("\t")[:2] for line in stdout.splitlines()[1:]]
    assert ["beta", "zh_CN"] in rows and ["alpha", "fa"] in rows and ["alpha", "zh_CN"] not in rows
    lines = stderr.splitlines()
    assert lines[0].startswith("warning: no editors.toml")
    assert lines[1].startswith("error: locales/zh_CN/alpha.po:2: ")
    assert lines[2:] == ["1 of 4 catalogs failed (see above)"]


def test_status_json_has_a_record_with_an_error_for_a_broken_catalog(project: Path) -> None:
    _merged(project)
    (project / "locales" / "zh_CN" / "alpha.po").write_text(BROKEN, encoding="utf-8")
    code, stdout, _ = run_cli("status", "--format", "json")
    assert code == 1
    records = {(r["slug"], r["locale"]): r for r in json.loads(stdout)["articles"]}
    assert len(records) == 4
    broken = records[("alpha", "zh_CN")]
    assert broken["path"] == "locales/zh_CN/alpha.po" and broken["error"].startswith(
        "locales/zh_CN/alpha.po:2: "
    )
    assert records[("beta", "zh_CN")]["total"]["segments"] == 2
    assert "error" not in records[("alpha", "fa")]


def test_check_reports_a_broken_catalog_and_checks_the_others(project: Path) -> None:
    _merged(project)
    (project / "locales" / "zh_CN" / "alpha.po").write_text(BROKEN, encoding="utf-8")
    beta = project / "locales" / "fa" / "beta.po"
    beta.write_text(
        beta.read_text(encoding="utf-8").replace(
            'msgid "Beta dam closes"\nmsgstr ""', 'msgid "Beta dam closes"\nmsgstr "<1>سد"'
        ),
        encoding="utf-8",
    )
    code, stdout, stderr = run_cli("check")
    assert code == 3  # the finding in beta is an error; the broken catalog is reported too
    assert stdout.startswith("locales/fa/beta.po:")
    assert "error: locales/zh_CN/alpha.po:2: " in stderr
    assert "1 of 4 catalogs failed (see above)" in stderr

    code, stdout, _ = run_cli("check", "--format", "json")
    record = json.loads(stdout)
    assert code == 3
    assert [e["path"] for e in record["errors"]] == ["locales/zh_CN/alpha.po"]
    assert record["errors"][0]["error"].startswith("locales/zh_CN/alpha.po:2: ")
    assert {f["path"] for f in record["findings"]} == {"locales/fa/beta.po"}


def test_check_json_with_only_a_broken_catalog_exits_1(project: Path) -> None:
    _merged(project)
    (project / "locales" / "zh_CN" / "alpha.po").write_text(BROKEN, encoding="utf-8")
    code, stdout, _ = run_cli("check", "--format", "json")
    assert code == 1
    assert json.loads(stdout)["summary"] == {"errors": 0, "warnings": 0, "failed": 1}


def test_build_reports_a_page_it_cannot_write_and_builds_the_others(project: Path) -> None:
    _merged(project)
    (project / "site" / "en" / "alpha.html").mkdir(parents=True)
    code, stdout, stderr = run_cli("build", "--policy", "translated")
    assert code == 1
    assert "site/en/beta.html: source page" in stdout
    assert "alpha.html: cannot be" in stderr
    assert stderr.splitlines()[-1].startswith("2 articles: ")
    assert stderr.splitlines()[-1].endswith("1 failed (see above)")


def test_verify_reports_a_broken_catalog_and_verifies_the_others(project: Path) -> None:
    _merged(project)
    (project / "editors.toml").write_text(
        '[editors.wangxx]\nname = "王晓夏"\nlocales = ["zh_CN"]\nkeys = []\n', encoding="utf-8"
    )
    (project / "locales" / "zh_CN" / "alpha.po").write_text(BROKEN, encoding="utf-8")
    code, _, stderr = run_cli("review", "verify")
    lines = stderr.splitlines()
    assert code == 1 and len(lines) == 2
    assert lines[0].startswith("error: locales/zh_CN/alpha.po:2: ")
    assert lines[1] == "1 of 4 catalogs could not be read (see above)"


def test_an_unwrapped_file_error_is_still_one_line(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(*_args: object, **_kwargs: object) -> object:
        raise PermissionError(errno.EACCES, "Permission denied", "editors.toml")

    monkeypatch.setattr("l10n.steps.update.read_registry", denied)
    code, stdout, stderr = run_cli("update")
    assert (code, stdout, stderr) == (1, "", "error: editors.toml: Permission denied\n")


def _beta_translated_alpha_broken(project: Path) -> None:
    """zh_CN: beta.po with one translation to act on, alpha.po unreadable."""
    beta = project / "locales" / "zh_CN" / "beta.po"
    beta.write_text(
        beta.read_text(encoding="utf-8").replace(
            'msgid "Beta dam closes"\nmsgstr ""', 'msgid "Beta dam closes"\nmsgstr "贝塔大坝关闭"'
        ),
        encoding="utf-8",
    )
    (project / "locales" / "zh_CN" / "alpha.po").write_text(BROKEN, encoding="utf-8")


def test_approve_reports_a_broken_catalog_and_approves_in_the_others(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import with_keys

    editors = '[editors.wangxx]\nname = "王晓夏"\nlocales = ["zh_CN"]\n'
    (project / "editors.toml").write_text(with_keys(project, editors), encoding="utf-8")
    monkeypatch.setenv("L10N_SIGNING_KEY", str(project / ".keys" / "wangxx"))
    _merged(project)
    _beta_translated_alpha_broken(project)
    code, stdout, stderr = run_cli("review", "approve", "--editor", "wangxx", "-l", "zh_CN",
                                   "--all")  # fmt: skip
    assert (code, stdout) == (1, "locales/zh_CN/beta.po: 1 approved\n")
    lines = stderr.splitlines()
    assert lines[-2].startswith("error: locales/zh_CN/alpha.po:2: ")
    assert lines[-1] == "1 of 2 catalogs failed (see above)"


def test_check_sources_reports_a_broken_page_and_checks_the_others(project: Path) -> None:
    (project / "source" / "gamma.html").write_bytes(b"\x00\x01binary\x00")
    code, stdout, stderr = run_cli("check", "--sources", "--format", "json")
    assert code == 1
    record = json.loads(stdout)
    assert record["errors"] == [
        {"path": "source/gamma.html", "error": "source/gamma.html: not text (binary data)"}
    ]
    assert record["checked"] == 3
    assert stderr.splitlines()[-1] == "1 of 3 pages failed (see above)"


def test_pending_reports_a_broken_catalog_and_lists_the_others(project: Path) -> None:
    _merged(project)
    _beta_translated_alpha_broken(project)
    code, stdout, stderr = run_cli("review", "pending", "-l", "zh_CN", "--format", "json")
    assert code == 1
    record = json.loads(stdout)
    assert [item["msgid"] for item in record["pending"]] == ["Beta dam closes"]
    assert [error["path"] for error in record["errors"]] == ["locales/zh_CN/alpha.po"]
    assert stderr.splitlines()[-1] == "1 of 2 catalogs failed (see above)"


def test_report_leaves_off_a_broken_article_and_shows_the_others(project: Path) -> None:
    _merged(project)
    broken = project / "locales" / "zh_CN" / "beta.po"
    broken.write_text(BROKEN, encoding="utf-8")
    outcome = run_cli("report")
    assert outcome.exit_code == 1
    lines = outcome.stderr.splitlines()
    assert lines[0].startswith("error: locales/zh_CN/beta.po:")
    assert lines[-1] == "1 of 2 articles failed (see above)"
    dashboard = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert 'data-slug="alpha"' in dashboard and 'data-slug="beta"' not in dashboard
    assert "not on this dashboard: locales/zh_CN/beta.po:" in dashboard


def test_a_quiet_build_that_writes_pages_succeeds(project: Path) -> None:
    """Written pages are not failures when their lines are not printed."""
    _merged(project)
    code, stdout, stderr = run_cli("build", "--policy", "translated", "--quiet")
    assert (code, stdout) == (0, "")
    assert "error" not in stderr and "failed" not in stderr
    assert (project / "site" / "en" / "alpha.html").is_file()


def test_a_broken_registry_is_one_line_not_one_per_catalog(project: Path) -> None:
    _merged(project)
    (project / "editors.toml").write_text("[editors.x\n", encoding="utf-8")
    code, _, stderr = run_cli("status")
    assert code != 0
    assert len(stderr.splitlines()) == 1 and "editors.toml" in stderr
