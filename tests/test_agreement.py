"""`status`, `report`, `build --policy reviewed` and `review verify` agree on every entry,
because they all read the one verdict: on a copy of the demo project, with and without
`editors.toml`, and after a translator edits a reviewed entry. The dashboard's content is
read here without a browser."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import polib
import pytest
from conftest import run_cli
from lxml import html

REPOSITORY = Path(__file__).resolve().parents[1]


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo's articles, catalogs, ledgers and registry, in a folder of their own."""
    for name in ("source", "locales"):
        shutil.copytree(REPOSITORY / name, tmp_path / name)
    for name in ("editors.toml", "pyproject.toml"):
        shutil.copy(REPOSITORY / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _status(*options: str) -> dict[tuple[str, str], dict[str, dict[str, int]]]:
    code, stdout, _ = run_cli("status", "--format", "json", *options)
    assert code == 0
    return {(a["slug"], a["locale"]): a for a in json.loads(stdout)["articles"]}


def _dashboard(project: Path) -> dict[tuple[str, str], dict[str, int]]:
    """Words per state, per article and locale, as the dashboard's bars say them (each
    article's row holds one bar per locale)."""
    assert run_cli("report")[0] == 0
    page = html.parse(str(project / "site" / "index.html")).getroot()
    figures: dict[tuple[str, str], dict[str, int]] = {}
    for row in page.iterfind(".//li[@data-slug]"):
        for variant in row.iterfind(".//li[@data-locale]"):
            bar = variant.find(".//div[@class='bar']")
            assert bar is not None
            label = bar.get("aria-label", "")
            counted = dict(re.findall(r"(\w+(?: reviews)?): (\d+)", label))
            figures[(row.get("data-slug", ""), variant.get("data-locale", ""))] = {
                state: int(counted.get(state, 0))
                for state in ("reviewed", "translated", "fuzzy", "untranslated")
            }
    return figures


def _reviewed_words(
    status: dict[tuple[str, str], dict[str, dict[str, int]]],
) -> dict[tuple[str, str], int]:
    return {key: record["reviewed"]["words"] for key, record in status.items()}


def _published(project: Path) -> dict[str, set[str]]:
    """Per locale, the articles a reviewed-policy build published."""
    code, _, _ = run_cli("build", "--policy", "reviewed")
    assert code == 0
    return {
        folder.name: {page.stem for page in folder.glob("*.html")}
        for folder in (project / "site").iterdir()
        if folder.is_dir()
    }


def test_status_and_dashboard_agree_on_every_article(demo: Path) -> None:
    status = _status()
    dashboard = _dashboard(demo)
    assert set(dashboard) == set(status)
    for key, record in status.items():
        assert dashboard[key] == {
            state: record[state]["words"]
            for state in ("reviewed", "translated", "fuzzy", "untranslated")
        }, key


def test_the_demo_verifies_and_builds_what_status_calls_reviewed(demo: Path) -> None:
    status = _status()
    assert run_cli("review", "verify")[0] == 0
    published = _published(demo)
    for (slug, locale), record in status.items():
        share = record["reviewed"]["words"] / record["total"]["words"]
        # The demo's gate is 80% of words usable; under the reviewed policy only reviewed
        # words are usable, and none of the demo's reviewed entries has a check error.
        assert (slug in published.get(locale, set())) is (share >= 0.8), (slug, locale)


def test_without_a_registry_nothing_counts_and_everyone_says_so(demo: Path) -> None:
    before = _status()
    (demo / "editors.toml").unlink()
    code, stdout, stderr = run_cli("status", "--format", "json")
    assert code == 0
    assert stderr == (
        "warning: no editors.toml: nothing counts as reviewed until the registry exists\n"
    )
    after = {(a["slug"], a["locale"]): a for a in json.loads(stdout)["articles"]}
    assert all(record["reviewed"]["words"] == 0 for record in after.values())
    # Staleness is about text, not about the registry: what was stale stays stale, and
    # no sign-off becomes stale for want of the registry.
    assert {k: r["stale"] for k, r in after.items()} == {k: r["stale"] for k, r in before.items()}
    assert run_cli("review", "verify")[0] == 3
    assert _published(demo) == {"en": {slug for slug, _ in before}}
    catalogs = {p: p.read_bytes() for p in (demo / "locales").rglob("*.po")}
    assert run_cli("update")[0] == 0
    assert {p: p.read_bytes() for p in catalogs} == catalogs  # no review line removed


def test_a_translator_edit_makes_a_review_stale_everywhere_at_once(demo: Path) -> None:
    before = _status("-l", "zh_CN")
    path = demo / "locales" / "zh_CN" / "solar-grid.po"
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if e.tcomment.startswith("reviewed:") and e.msgstr)
    entry.msgstr += "（改）"
    catalog.save()
    after = _status("-l", "zh_CN")
    key = ("solar-grid", "zh_CN")
    assert after[key]["reviewed"]["segments"] == before[key]["reviewed"]["segments"] - 1
    assert after[key]["stale"]["segments"] == before[key]["stale"]["segments"] + 1
    assert _dashboard(demo)[key]["reviewed"] == after[key]["reviewed"]["words"]
    code, stdout, _ = run_cli("review", "verify", "-l", "zh_CN")
    assert code == 0 and "stale: the text changed since it was approved" in stdout
    assert run_cli("build", "--policy", "reviewed", "-l", "zh_CN", "solar-grid")[0] == 0
    page = (demo / "site" / "zh_CN" / "solar-grid.html").read_text(encoding="utf-8")
    assert entry.msgstr not in page
