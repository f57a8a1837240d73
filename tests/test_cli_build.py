"""`l10n build` as a producer runs it: the gate, policies, reports, skipping, strictness."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from conftest import make_project, run_cli

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Grid news</title></head>
<body>
<h1>Desert grid opens</h1>
<p>Read <a href="https://example.org/report">the report</a> now.</p>
<p>The plant feeds 300 homes in the valley.</p>
<p>Editor: Wang Xiaoxia</p>
<p>Published <time datetime="2026-03-14">March 14, 2026</time>.</p>
</body></html>
"""
ZH = {
    "Grid news": "电网新闻",
    "Desert grid opens": "沙漠电网开通",
    "Read <1>the report</1> now.": "现在阅读<1>报告</1>。",
    "The plant feeds 300 homes in the valley.": "该电厂为河谷中的300户家庭供电。",
    "Editor: Wang Xiaoxia": "编辑：王晓夏",
    "Published <1/>.": "发布于<1/>。",
}
EDITORS = '[editors.wangxx]\nname = "王晓夏"\nemail = "wangxx@example.org"\nlocales = ["zh_CN"]\n'


def _translate(project: Path, locale: str, translations: dict[str, str]) -> None:
    path = project / "locales" / locale / "grid.po"
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
    po.save()
    assert run_cli("update", "-l", locale)[0] == 0


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    config = 'locales = ["zh_CN", "fa"]\nthreshold = 80\nrequired = ["h1"]'
    make_project(tmp_path, config=config, pages={"grid": PAGE}, editors=EDITORS)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("L10N_SIGNING_KEY", str(tmp_path / ".keys" / "wangxx"))
    assert run_cli("extract")[0] == 0 and run_cli("update")[0] == 0
    _translate(tmp_path, "zh_CN", ZH)
    return tmp_path


def test_reviewed_policy_publishes_only_reviewed_translations(project: Path) -> None:
    code, stdout, stderr = run_cli("build")
    assert code == 0
    assert "site/en/grid.html: source page" in stdout
    assert "site/zh_CN/grid.html: not published: 0% of words usable" in stderr
    run_cli("review", "approve", "--editor", "wangxx", "-l", "zh_CN", "--all")
    code, stdout, _ = run_cli("build")
    assert "site/zh_CN/grid.html: 100% of words usable" in stdout
    page = (project / "site" / "zh_CN" / "grid.html").read_text(encoding="utf-8")
    assert '<meta name="l10n-reviewed-by" content="王晓夏 (wangxx)">' in page
    assert '<a href="https://example.org/report">报告</a>' in page
    assert '<time datetime="2026-03-14">2026年3月14日</time>' in page


def test_translated_policy_and_the_threshold_gate(project: Path) -> None:
    code, stdout, stderr = run_cli("build", "--policy", "translated")
    assert code == 0 and "site/zh_CN/grid.html: 100% of words usable" in stdout
    assert (
        "site/fa/grid.html: not published: 0% of words usable, under the threshold of 80%" in stderr
    )
    assert not (project / "site" / "fa" / "grid.html").exists()
    assert run_cli("build", "--policy", "translated", "--strict")[0] == 3


def test_required_selector_holds_a_variant_back_whatever_its_share(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.l10n]\nlocales = ["fa"]\nthreshold = 50\nrequired = ["h1"]\n', encoding="utf-8"
    )
    _translate(
        project, "fa", {k: "ترجمه" + str(i) for i, k in enumerate(ZH) if k != "Desert grid opens"}
    )
    code, _, stderr = run_cli("build", "--policy", "translated")
    assert code == 0
    assert (
        "site/fa/grid.html: not published: required text not usable: h1 'Desert grid opens'"
        in stderr
    )


def test_fallback_text_in_a_persian_page_is_marked_english(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.l10n]\nlocales = ["fa"]\nthreshold = 50\n', encoding="utf-8"
    )
    fa = {"Grid news": "اخبار شبکه", "Desert grid opens": "شبکه بیابانی افتتاح شد",
          "The plant feeds 300 homes in the valley.": "این نیروگاه برق ۳۰۰ خانه در دره را تأمین می‌کند."}  # fmt: skip
    _translate(project, "fa", fa)
    assert run_cli("build", "--policy", "translated")[0] == 0
    page = (project / "site" / "fa" / "grid.html").read_text(encoding="utf-8")
    assert '<html lang="fa" dir="rtl">' in page
    assert '<p lang="en" dir="ltr">Editor: Wang Xiaoxia</p>' in page
    assert "می\u200cکند" in page  # ZWNJ survives


def test_a_translation_with_a_check_error_falls_back_and_is_reported(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[tool.l10n]\nlocales = ["zh_CN"]\nthreshold = 50\n', encoding="utf-8"
    )
    _translate(
        project,
        "zh_CN",
        {"Grid news": "\u202e电网新闻", "Read <1>the report</1> now.": "现在阅读报告。"},
    )
    code, _, stderr = run_cli("build", "--policy", "translated")
    assert code == 0
    assert "locales/zh_CN/grid.po:" in stderr and "translation not used: unbalanced" in stderr
    assert "translation not used: translation drops placeholder <1>" in stderr
    page = (project / "site" / "zh_CN" / "grid.html").read_text(encoding="utf-8")
    assert (
        '<head lang="en">' in page and "<title>Grid news</title>" in page and "\u202e" not in page
    )
    assert 'Read <a href="https://example.org/report">the report</a> now.' in page


def test_unchanged_inputs_are_skipped_and_changes_rebuild(project: Path) -> None:
    run_cli("build", "--policy", "translated")
    page = project / "site" / "zh_CN" / "grid.html"
    before = page.stat().st_mtime_ns
    assert run_cli("build", "--policy", "translated")[1] == ""
    assert page.stat().st_mtime_ns == before
    _translate(project, "zh_CN", {"Grid news": "电网要闻"})
    code, stdout, _ = run_cli("build", "--policy", "translated")
    assert (
        code == 0
        and "site/zh_CN/grid.html" in stdout
        and "电网要闻" in page.read_text(encoding="utf-8")
    )


def test_a_page_that_stops_passing_is_kept_stale_unless_unpublished(project: Path) -> None:
    run_cli("build", "--policy", "translated")
    page = project / "site" / "zh_CN" / "grid.html"
    assert page.exists()
    _translate(project, "zh_CN", {k: "" for k in ZH})
    code, _, stderr = run_cli("build", "--policy", "translated")
    assert code == 0 and "site/zh_CN/grid.html: kept but stale: 0% of words usable" in stderr
    assert page.exists()
    code, _, stderr = run_cli("build", "--policy", "translated", "--unpublish")
    assert "site/zh_CN/grid.html: removed" in stderr and not page.exists()


def test_builds_are_deterministic_and_jobs_give_the_same_pages(project: Path) -> None:
    (project / "source" / "second.html").write_text(
        PAGE.replace("Grid news", "Second news"), encoding="utf-8"
    )
    run_cli("extract")
    run_cli("update")
    run_cli("build", "--policy", "translated", "--pseudo")
    first = {
        p.relative_to(project).as_posix(): p.read_bytes()
        for p in (project / "site").rglob("*.html")
    }
    for path in (project / "site").rglob("*"):
        if path.is_file():
            path.unlink()
    assert run_cli("build", "--policy", "translated", "--pseudo", "--jobs", "2")[0] == 0
    second = {
        p.relative_to(project).as_posix(): p.read_bytes()
        for p in (project / "site").rglob("*.html")
    }
    assert first == second and "site/en_XA/second.html" in first


def test_gbk_page_builds_to_utf8_with_one_charset(project: Path) -> None:
    gbk = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>电网新闻</title></head><body><p>朱镕基视察电网。</p></body></html>'
    (project / "source" / "gbk.html").write_bytes(gbk.encode("gbk"))
    run_cli("extract", "gbk")
    assert run_cli("build", "gbk")[0] == 0
    page = (project / "site" / "en" / "gbk.html").read_bytes().decode("utf-8")
    assert (
        page.count("charset") == 1
        and '<meta charset="utf-8">' in page
        and "朱镕基视察电网。" in page
    )
    assert "<!DOCTYPE" not in page  # the source had none, none is added


def test_manifest_records_every_published_page(project: Path) -> None:
    run_cli("build", "--policy", "translated")
    manifest = json.loads((project / "site" / ".l10n-build.json").read_text(encoding="utf-8"))
    record = manifest["articles"]["grid"]
    assert record["pages"] == ["en", "zh_CN"] and set(record["held"]) == {"fa"}
    assert len(record["inputs"]) == 64


def test_building_one_locale_keeps_the_links_to_the_others(project: Path) -> None:
    _translate(project, "fa", ZH)
    run_cli("build", "--policy", "translated")
    _translate(project, "zh_CN", {"Grid news": "电网要闻"})
    run_cli("build", "--policy", "translated", "--locale", "zh_CN")
    source_page = (project / "site" / "en" / "grid.html").read_text(encoding="utf-8")
    assert 'hreflang="fa"' in source_page and 'hreflang="zh-CN"' in source_page


def test_the_pseudo_locale_is_never_linked_from_real_pages(project: Path) -> None:
    run_cli("build", "--policy", "translated", "--pseudo")
    assert (project / "site" / "en_XA" / "grid.html").exists()
    for locale in ("en", "zh_CN"):
        assert "en-XA" not in (project / "site" / locale / "grid.html").read_text(encoding="utf-8")


def test_a_site_folder_leading_outside_is_refused_at_every_build(project: Path) -> None:
    # Each path is checked once per build (steps/build._CheckedOnce), never remembered
    # across builds nor after it failed: a link made after a build is refused at the next.
    assert run_cli("build", "--policy", "translated")[0] == 0
    outside = project.parent / "outside-site"
    outside.mkdir()
    page = project / "site" / "zh_CN" / "grid.html"
    page.unlink()
    (project / "site" / "zh_CN").rmdir()
    (project / "site" / "zh_CN").symlink_to(outside)
    for _ in range(2):
        code, _, stderr = run_cli("build", "--policy", "translated")
        assert code == 1
        assert "site/zh_CN/grid.html: leads outside the project (" in stderr
        assert list(outside.iterdir()) == []
