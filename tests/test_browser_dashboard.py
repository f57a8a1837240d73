"""The dashboard in a real browser: Playwright for Python driving Debian's Chromium (never
a browser Playwright downloads) on `site/index.html` opened from file://, as a newsroom
opens it. At 360, 768 and 1,280 px nothing overflows or is cut off, with every detail
open too; the filters are clicked and the search typed in, and the rows left visible are
checked; a filtered view survives a reload through the URL's fragment.

Marked `browser`: skipped when Chromium or Playwright is absent, a failure when
L10N_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polib
import pytest
from chromium import playwright_chromium
from conftest import run_cli

pytestmark = pytest.mark.browser

REPOSITORY = Path(__file__).resolve().parents[1]
WIDTHS = (360, 768, 1280)
LONG = "Kyzylkum-Sun-Link-" * 12  # no break opportunity for 200 characters
# Elements that would show a cut-off when their content is wider than they are.
_CUT_OFF = """() => [...document.querySelectorAll(
    'h1, h2, h3, p, li, dd, dt, summary, label, legend, code, a, .card, .bar, .flags, output')]
  .filter((e) => e.getClientRects().length
    && (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible'
        || e.getBoundingClientRect().right > innerWidth + 0.5
        || e.getBoundingClientRect().left < -0.5))
  .map((e) => `${e.tagName}.${e.className}: ${e.textContent.slice(0, 40)}`)"""
# Text cut by an ancestor that hides overflow (the bars clip their own segments only).
_CLIPPED = """() => [...document.querySelectorAll('body *')]
  .filter((e) => !e.closest('.bar') && e.getClientRects().length
    && getComputedStyle(e).overflowX !== 'visible' && e.scrollWidth > e.clientWidth + 1)
  .map((e) => `${e.tagName}.${e.className}`)"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo, built and reported, with a long unbreakable translation in a stale
    Persian entry (right to left) to stress the detail's layout."""
    project = tmp_path_factory.mktemp("demo")
    for name in ("source", "locales"):
        shutil.copytree(REPOSITORY / name, project / name)
    for name in ("editors.toml", "pyproject.toml"):
        shutil.copy(REPOSITORY / name, project / name)
    path = project / "locales" / "fa" / "solar-grid.po"
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if e.tcomment.startswith("reviewed:") and e.msgstr)
    entry.msgstr = f"{entry.msgstr} {LONG}"
    catalog.save()
    for command in ("build", "report"):
        outcome = run_cli(command, "--project", str(project))
        assert outcome.exit_code == 0, outcome.stderr
    return project / "site"


@pytest.fixture
def page(browser: Any, site: Path) -> Iterator[Any]:
    opened = browser.new_page(viewport={"width": 1280, "height": 900})
    opened.goto((site / "index.html").as_uri())
    yield opened
    opened.close()


def _visible_rows(page: Any) -> list[str]:
    return page.eval_on_selector_all(
        "li.article", "rows => rows.filter(r => !r.hidden).map(r => r.dataset.slug)"
    )  # type: ignore[no-any-return]


def _visible_locales(page: Any, slug: str) -> list[str]:
    return page.eval_on_selector_all(
        f"li.article[data-slug='{slug}'] li.variant",
        "parts => parts.filter(p => p.offsetParent !== null).map(p => p.dataset.locale)",
    )  # type: ignore[no-any-return]


def _click(page: Any, group: str, label: str) -> None:
    page.locator(f"fieldset:has(legend:text-is('{group}')) label.choice", has_text=label).filter(
        has=page.locator(f"span:text-is('{label}')")
    ).click()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("opened", [False, True], ids=["folded", "details-open"])
def test_nothing_overflows_or_is_cut_off(
    browser: Any, site: Path, width: int, opened: bool
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto((site / "index.html").as_uri())
    if opened:
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert page.get_by_text(LONG.strip()[:30]).first.is_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    assert page.evaluate(_CUT_OFF) == []
    assert page.evaluate(_CLIPPED) == []
    # Every bar keeps its width on a phone: never squeezed to nothing.
    widths = page.eval_on_selector_all(".bar", "bars => bars.map(b => b.clientWidth)")
    assert widths and min(widths) >= 40
    page.close()


def test_the_filters_show_the_rows_asked_for(page: Any) -> None:
    every = ["quantum-lab", "river-survey", "solar-grid", "wetland-birds"]
    assert page.locator("#filters").is_visible() and _visible_rows(page) == every
    assert page.locator("#shown").text_content() == "4 of 4 articles"
    _click(page, "Locale", "ru")
    assert _visible_rows(page) == every
    assert _visible_locales(page, "solar-grid") == ["ru"]
    _click(page, "State", "published")
    assert _visible_rows(page) == [] and page.locator("#none").is_visible()
    _click(page, "Locale", "fa")
    assert _visible_rows(page) == ["river-survey", "solar-grid", "wetland-birds"]
    summary = page.locator("li.article[data-slug=solar-grid] summary").inner_text()
    assert " ".join(summary.split()) == "Details · fa 1 stale مریم رحیمی"  # this locale only
    _click(page, "State", "held back")
    assert _visible_rows(page) == ["quantum-lab"]
    _click(page, "Locale", "all locales")
    assert _visible_rows(page) == every  # ru is held back everywhere
    _click(page, "State", "stale")
    assert _visible_rows(page) == ["river-survey", "solar-grid"]
    _click(page, "Locale", "zh_CN")
    _click(page, "State", "waiting for review")
    assert _visible_rows(page) == ["quantum-lab", "river-survey", "solar-grid"]
    assert page.locator("#shown").text_content() == "3 of 4 articles"
    _click(page, "State", "any state")
    _click(page, "Locale", "all locales")
    assert _visible_rows(page) == every and not page.locator("#none").is_visible()


def test_the_search_finds_slugs_and_headlines(page: Any) -> None:
    search = page.locator("input[name=q]")
    search.fill("solar")
    assert _visible_rows(page) == ["solar-grid"]
    search.fill("")
    search.type("YELLOW sea")  # headline words, any case, as typed
    assert _visible_rows(page) == ["wetland-birds"]
    search.fill("river-survey")
    assert _visible_rows(page) == ["river-survey"]
    search.fill("no such story")
    assert _visible_rows(page) == [] and page.locator("#none").is_visible()
    search.fill("")
    assert len(_visible_rows(page)) == 4


def test_search_and_filters_combine_and_survive_a_reload(page: Any) -> None:
    _click(page, "Locale", "fa")
    page.locator("input[name=q]").fill("grid")
    assert _visible_rows(page) == ["solar-grid"]
    assert "locale=fa" in page.evaluate("location.hash")
    page.reload()
    assert page.locator("input[name=q]").input_value() == "grid"
    assert page.locator("input[name=locale][value=fa]").is_checked()
    assert _visible_rows(page) == ["solar-grid"]


def test_a_summary_link_filters_to_that_locale_and_state(page: Any) -> None:
    page.locator("[data-locale-card=ru] a", has_text="held back").click()
    assert page.locator("input[name=locale][value=ru]").is_checked()
    assert page.locator("input[name=state][value=held]").is_checked()
    assert _visible_rows(page) == ["quantum-lab", "river-survey", "solar-grid", "wetland-birds"]
    page.locator("[data-locale-card=zh_CN] a", has_text="stale reviews").click()
    assert _visible_rows(page) == ["river-survey", "solar-grid"]


def test_a_detail_opens_with_right_to_left_persian_and_chinese_names(page: Any) -> None:
    row = page.locator("li.article[data-slug=solar-grid]")
    row.locator("summary").click()
    persian = row.locator("section[data-locale=fa] .entry dd[lang=fa]").first
    assert persian.is_visible()
    assert persian.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert row.locator("summary bdi", has_text="王晓夏").is_visible()
    rejected = page.locator("li.article[data-slug=quantum-lab]")
    rejected.locator("summary").click()
    assert rejected.locator(".entry.rejected dd", has_text="标题过长").is_visible()


def test_without_the_script_every_row_and_no_filter_shows(browser: Any, site: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((site / "index.html").as_uri())
    assert not page.locator("#filters").is_visible()
    assert page.locator("li.article").count() == 4
    assert all(page.locator("li.article").nth(n).is_visible() for n in range(4))
    context.close()


NEWS_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
</head><body><h1>{title}</h1><p>First paragraph of story {n}.</p></body></html>
"""
LONG_SLUG = "regional-council-budget-vote-" * 3 + "live"
LONG_HEADLINE = "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenberechnung" * 2


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """181 articles in three locales (one right to left), one with a long slug and an
    unbreakable headline, extracted, merged and reported."""
    from conftest import make_project

    from l10n.project import find_project
    from l10n.steps.extract import extract
    from l10n.steps.update import update

    root = tmp_path_factory.mktemp("newsroom")
    pages = {
        f"story-{n:03d}": NEWS_PAGE.format(title=f"Headline number {n}", n=n) for n in range(180)
    }
    pages[LONG_SLUG] = NEWS_PAGE.format(title=LONG_HEADLINE, n=180)
    make_project(root, config='locales = ["zh_CN", "ru", "fa"]', pages=pages)
    project = find_project(root)
    assert not extract(project, []).errors and not update(project, []).errors
    outcome = run_cli("report", "--project", str(root))
    assert outcome.exit_code == 0, outcome.stderr
    return root / "site"


@pytest.mark.parametrize("width", WIDTHS)
def test_181_articles_fit_and_filter(browser: Any, newsroom: Path, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto((newsroom / "index.html").as_uri())
    assert page.locator("li.article").count() == 181
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    assert page.evaluate(_CUT_OFF) == [] and page.evaluate(_CLIPPED) == []
    search = page.locator("input[name=q]")
    search.fill("story-17")
    assert _visible_rows(page) == [f"story-{n}" for n in range(170, 180)]
    search.fill("donaudampf")
    assert _visible_rows(page) == [LONG_SLUG]
    search.fill("")
    _click(page, "State", "published")
    assert _visible_rows(page) == [] and page.locator("#none").is_visible()
    _click(page, "State", "waiting for review")
    assert _visible_rows(page) == []  # nothing is translated yet
    _click(page, "State", "held back")
    _click(page, "Locale", "fa")
    assert len(_visible_rows(page)) == 181
    assert page.locator("#shown").text_content() == "181 of 181 articles"
    page.close()
