"""`l10n build` when some of its inputs or outputs fail: one record per failed page,
catalog or file, naming the path and what failed; everything else still built; exit 1;
no traceback (issue 16, "one rule for partial failure")."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

import polib
import pytest
from conftest import make_project, run_cli

from l10n.project import find_project
from l10n.review.verdict import Policy
from l10n.steps.build import PageOutcome, PageState, build_site

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>{title}</h1><p>The plant feeds 300 homes in the valley.</p></body></html>
"""
SLUGS = ("grid", "river", "solar")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    pages = {slug: PAGE.format(title=f"News of the {slug}") for slug in SLUGS}
    config = 'locales = ["zh_CN", "fa"]\npolicy = "translated"\nthreshold = 0'
    make_project(tmp_path, config=config, pages=pages)
    monkeypatch.chdir(tmp_path)
    assert run_cli("extract")[0] == 0 and run_cli("update")[0] == 0
    for path in sorted((tmp_path / "locales").glob("*/*.po")):
        catalog = polib.pofile(str(path))
        for entry in catalog:
            entry.msgstr = "译" + entry.msgid
        catalog.save()
    return tmp_path


def _build(root: Path, **options: object) -> tuple[object, list[PageOutcome]]:
    seen: list[PageOutcome] = []
    result = build_site(
        find_project(root, explicit=True),
        [],
        locales=["zh_CN", "fa"],
        policy=Policy.TRANSLATED,
        on_page=seen.append,
        **options,  # type: ignore[arg-type]
    )
    return result, seen


def _pages(root: Path) -> set[str]:
    pages = (root / "site").glob("*/*.html")
    return {path.relative_to(root).as_posix() for path in pages if path.is_file()}


def _every_page_but(*missing: str) -> set[str]:
    every = {f"site/{locale}/{slug}.html" for locale in ("en", "zh_CN", "fa") for slug in SLUGS}
    return every - set(missing)


def test_a_broken_catalog_fails_its_variant_only(project: Path) -> None:
    (project / "locales" / "zh_CN" / "river.po").write_text('msgid "x"\nmsgstr\n', "utf-8")
    code, stdout, stderr = run_cli("build")
    assert code == 1
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "locales/zh_CN/river.po" in errors[0], stderr
    assert "Traceback" not in stdout + stderr  # and run_cli fails on any uncaught exception
    assert _pages(project) == _every_page_but("site/zh_CN/river.html")
    # Reported again next time: a broken article is never skipped as unchanged.
    code, _, stderr = run_cli("build")
    assert code == 1 and "locales/zh_CN/river.po" in stderr


def test_the_result_holds_a_failed_record_for_the_broken_variant(project: Path) -> None:
    (project / "locales" / "zh_CN" / "river.po").write_text('msgid "x"\nmsgstr\n', "utf-8")
    result, seen = _build(project)
    failed = [page for page in seen if page.state is PageState.FAILED]
    assert [(page.locale, page.slug) for page in failed] == [("zh_CN", "river")]
    assert failed[0].error is not None and "locales/zh_CN/river.po" in failed[0].error
    assert failed[0].path == "site/zh_CN/river.html"
    published = Counter(
        page.locale for page in seen if page.state.value in ("written", "unchanged")
    )
    assert published == {"en": 3, "fa": 3, "zh_CN": 2}
    assert len(result.errors) == 1  # type: ignore[attr-defined]
    assert all(page.error is None for page in seen if page is not failed[0])


def test_an_earlier_page_of_a_broken_catalog_is_kept_and_linked(project: Path) -> None:
    assert run_cli("build")[0] == 0
    before = (project / "site" / "zh_CN" / "river.html").read_bytes()
    (project / "locales" / "zh_CN" / "river.po").write_text('msgid "x"\nmsgstr\n', "utf-8")
    (project / "source" / "river.html").write_text(PAGE.format(title="Rivers rise"), "utf-8")
    assert run_cli("build")[0] == 1
    assert (project / "site" / "zh_CN" / "river.html").read_bytes() == before
    source_page = (project / "site" / "en" / "river.html").read_text("utf-8")
    assert "Rivers rise" in source_page and 'hreflang="zh-CN"' in source_page


def test_a_broken_source_page_fails_its_article_only(project: Path) -> None:
    (project / "source" / "solar.html").write_bytes(b"")
    code, _, stderr = run_cli("build")
    assert code == 1
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "source/solar.html" in errors[0], stderr
    assert _pages(project) == {p for p in _every_page_but() if "/solar." not in p}
    _, seen = _build(project)
    failed = {(page.locale, page.slug) for page in seen if page.state is PageState.FAILED}
    assert failed == {("en", "solar"), ("zh_CN", "solar"), ("fa", "solar")}


def test_a_folder_where_a_page_goes_fails_that_page_only(project: Path) -> None:
    (project / "site" / "fa" / "grid.html").mkdir(parents=True)
    code, _, stderr = run_cli("build")
    assert code == 1
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "error: site/fa/grid.html: " in errors[0], stderr
    assert _pages(project) == _every_page_but("site/fa/grid.html")
    (project / "site" / "fa" / "grid.html").rmdir()
    code, _, _ = run_cli("build")  # the failed article was not recorded as built
    assert code == 0 and _pages(project) == _every_page_but()


def test_an_unwritable_locale_folder_fails_its_pages_only(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As a read-only folder would (tests may run as root, whom permissions do not stop).
    real = tempfile.mkstemp

    def refuse_zh(*args: object, **kwargs: object) -> tuple[int, str]:
        if Path(str(kwargs.get("dir", ""))).name == "zh_CN":
            raise PermissionError(13, "Permission denied")
        return real(*args, **kwargs)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(tempfile, "mkstemp", refuse_zh)
    code, _, stderr = run_cli("build")
    assert code == 1
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 3, stderr
    assert all("site/zh_CN/" in line and "Permission denied" in line for line in errors)
    assert _pages(project) == {p for p in _every_page_but() if "/zh_CN/" not in p}


def test_a_page_that_cannot_be_put_in_place_is_one_failed_record(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    real = os.replace

    def refuse(source: str, target: str | Path) -> None:
        if str(target).endswith("river.html") and "/fa/" in str(target):
            raise OSError(28, "No space left on device")
        real(source, target)

    monkeypatch.setattr(os, "replace", refuse)
    result, seen = _build(project)
    failed = [page for page in seen if page.state is PageState.FAILED]
    assert [(page.locale, page.slug) for page in failed] == [("fa", "river")]
    assert "No space left on device" in str(result.errors[0])  # type: ignore[attr-defined]
    assert _pages(project) == _every_page_but("site/fa/river.html")
    assert not [p for p in (project / "site").rglob("*.tmp")], "temporary files left"


@pytest.mark.parametrize("jobs", [1, 2])
def test_failures_are_the_same_with_processes(project: Path, jobs: int) -> None:
    (project / "locales" / "fa" / "grid.po").write_text('msgid "x"\nmsgstr\n', "utf-8")
    (project / "source" / "solar.html").write_bytes(b"")
    result, seen = _build(project, jobs=jobs)
    failed = sorted((page.locale, page.slug) for page in seen if page.state is PageState.FAILED)
    assert failed == [("en", "solar"), ("fa", "grid"), ("fa", "solar"), ("zh_CN", "solar")]
    assert len(result.errors) == 2  # type: ignore[attr-defined]
