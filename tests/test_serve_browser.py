"""The review desk in a real browser: Playwright for Python driving Debian's Chromium
(never a browser Playwright downloads), against the desk served by uvicorn on a free
loopback port. A translator clicks a segment in the page, types and moves a chip, saves;
an editor approves; hostile text stays text; stale and concurrent edits are shown.

Marked `browser`: skipped when Chromium or Playwright is absent, a failure when
L10N_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polib
import pytest
from chromium import playwright_chromium
from conftest import run_cli
from serve_project import HOSTILE, add_pictures, build_project, catalog_path, edit, serving

pytestmark = pytest.mark.browser

LINK = "Read <1>the report</1> today."


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_chromium() as launched:
        yield launched


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.delenv("L10N_SIGNING_KEY", raising=False)
    monkeypatch.delenv("SSH_AUTH_SOCK", raising=False)
    return build_project(tmp_path)


@pytest.fixture
def desk(project: Path) -> Iterator[str]:
    """The desk served on a free port, as `l10n serve --editor wangxx --key …` serves it."""
    with serving(project) as url:
        yield url


@pytest.fixture
def page(browser: Any, desk: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    opened = context.new_page()
    opened.dialogs = []
    opened.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
    yield opened
    context.close()


def _open(page: Any, desk: str, path: str = "/zh_CN/grid") -> None:
    page.goto(desk + path)
    page.wait_for_selector("body[data-ready='yes']")
    page.frame_locator("#preview").locator("[data-l10n-seg]").first.wait_for()


def _select_text(page: Any, start: int, end: int) -> None:
    page.locator("#forms textarea").first.evaluate(
        "(area, [start, end]) => { area.focus(); area.setSelectionRange(start, end); }",
        [start, end],
    )


# Where, in the textarea's own coordinates, the boundary before character `index` is
# drawn: a hidden copy of the textarea's text with a marker at that point.
_POINT_OF = """(area, index) => {
  const style = getComputedStyle(area);
  const copy = document.createElement("div");
  for (const name of ["boxSizing", "width", "padding", "border", "font", "lineHeight",
                      "letterSpacing", "direction", "textAlign"]) copy.style[name] = style[name];
  Object.assign(copy.style, { position: "absolute", top: "0", left: "0", visibility: "hidden",
                              whiteSpace: "pre-wrap", overflowWrap: "break-word" });
  const mark = document.createElement("span");
  mark.textContent = "\u200b";
  copy.append(area.value.slice(0, index), mark, area.value.slice(index));
  document.body.append(copy);
  const point = { x: mark.offsetLeft, y: mark.offsetTop + mark.offsetHeight / 2 };
  copy.remove();
  return point;
}"""


def _drag_chip(page: Any, token: str, index: int) -> None:
    """Drag the chip for `token` with the mouse and drop it before character `index`."""
    area = page.locator("#forms textarea").first
    point = area.evaluate(_POINT_OF, index)
    page.locator(f"#chips button[data-token='{token}']").drag_to(area, target_position=point)


def test_a_translator_clicks_a_segment_in_the_page_types_drags_a_chip_and_saves(
    page: Any, desk: str, project: Path
) -> None:
    _open(page, desk)
    frame = page.frame_locator("#preview")
    target = frame.locator("p", has_text="Read the report")
    assert target.get_attribute("data-l10n-state") == "untranslated"
    target.click()
    assert page.locator("#source").inner_text() == LINK
    assert page.locator("#entry-state").inner_text().startswith("untranslated")
    assert "link to https://example.org/report" in page.locator("#chips").inner_text()
    area = page.locator("#forms textarea").first
    area.fill("今天阅读报告。")
    _select_text(page, 0, 2)
    page.locator("#chips button[data-token='<1>']").click()  # wraps the selection
    assert area.input_value() == "<1>今天</1>阅读报告。"
    _drag_chip(page, "<1>", 11)  # before 报告 in "<1>今天</1>阅读报告。"
    assert area.input_value() == "今天</1>阅读<1>报告。"  # moved, not copied
    _drag_chip(page, "</1>", 13)  # after 报告 in "今天</1>阅读<1>报告。"
    assert area.input_value() == "今天阅读<1>报告</1>。"
    page.wait_for_timeout(400)
    assert page.locator("#findings li.error").count() == 0
    page.locator("#save").click()
    page.wait_for_selector("#message[data-kind='ok']")
    assert "saved" in page.locator("#message").inner_text()
    saved = polib.pofile(str(catalog_path(project))).find(LINK)
    assert saved.msgstr == "今天阅读<1>报告</1>。"
    translated = frame.locator("p[data-l10n-state='translated']", has_text="今天阅读")
    translated.wait_for()  # the preview shows the saved text
    assert translated.locator("a").inner_text() == "报告"
    # A live check as the translator types: the chip dropped.
    area.fill("今天阅读报告。")
    page.wait_for_selector("#findings li.error")


def test_a_chip_is_placed_and_moved_by_keyboard_alone(page: Any, desk: str) -> None:
    _open(page, desk)
    page.frame_locator("#preview").locator("p", has_text="Read the report").click()
    area = page.locator("#forms textarea").first
    area.fill("今天阅读<1>报告</1>。")
    area.press("Home")
    area.press("Shift+ArrowRight")
    area.press("Shift+ArrowRight")  # 今天 selected
    page.keyboard.press("Shift+Tab")  # back to the chips, which stand before the text
    assert page.evaluate("document.activeElement.dataset.token") == "</1>"
    page.keyboard.press("Enter")  # the pair moves around the selection
    assert area.input_value() == "<1>今天</1>阅读报告。"
    area.press("End")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # no selection: just </1> goes to the caret
    assert area.input_value() == "<1>今天阅读报告。</1>"


def test_an_editor_approves_and_the_build_publishes_it(page: Any, desk: str, project: Path) -> None:
    edit(project, {LINK: "今天阅读<1>报告</1>。"})
    _open(page, desk)
    page.frame_locator("#preview").locator("p", has_text="今天阅读").click()
    assert page.locator("#entry-state").inner_text() == "translated"
    page.locator("#approve").click()
    page.wait_for_selector("#message[data-kind='ok']")
    assert "approved" in page.locator("#message").inner_text()
    assert page.locator("#entry-state").inner_text() == "reviewed"
    assert "approve by wangxx" in page.locator("#history").inner_text()
    code, stdout, stderr = run_cli("review", "verify", "--project", str(project))
    assert code == 0, stdout + stderr
    assert run_cli("build", "--project", str(project), "--policy", "reviewed")[0] == 0
    built = (project / "site" / "zh_CN" / "grid.html").read_text(encoding="utf-8")
    assert "今天阅读" in built


def test_an_editor_cannot_sign_over_edits_not_saved(page: Any, desk: str, project: Path) -> None:
    _open(page, desk)
    page.frame_locator("#preview").locator("h1").click()
    area = page.locator("#forms textarea").first
    area.fill("沙漠电网开通了")
    page.locator("#approve").click()
    page.wait_for_selector("#message[data-kind='error']")
    assert "not saved" in page.locator("#message").inner_text()
    assert area.input_value() == "沙漠电网开通了"  # the edits are still there
    assert "reviewed:" not in catalog_path(project).read_text(encoding="utf-8")


def test_a_hostile_translation_shows_as_text_and_runs_nothing(
    page: Any, desk: str, project: Path
) -> None:
    edit(project, {"Editor: Wang Xiaoxia": HOSTILE})
    _open(page, desk)
    page.frame_locator("#preview").locator("p", has_text="Editor: Wang Xiaoxia").click()
    assert page.locator("#forms textarea").first.input_value() == HOSTILE
    assert (
        HOSTILE in page.locator("#segments").inner_text()
        or page.locator("#segments li.selected").count() == 1
    )
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert page.locator("img").count() == 0 and page.locator("script").count() == 1
    frame = page.frame_locator("#preview")
    assert frame.locator("img, script").count() == 0


def test_a_stale_review_shows_as_stale(
    page: Any, desk: str, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("L10N_SIGNING_KEY", str(project / ".keys" / "wangxx"))
    approve = ("review", "approve", "--project", str(project), "--editor", "wangxx", "-l", "zh_CN")
    assert run_cli(*approve, "--all")[0] == 0
    edit(project, {"Desert grid opens": "沙漠电网开通（改）"})
    _open(page, desk)
    heading = page.frame_locator("#preview").locator("h1")
    assert heading.get_attribute("data-l10n-state") == "stale"
    assert page.locator("#segments li.stale").count() == 1
    heading.click()
    assert "stale" in page.locator("#entry-state").inner_text()


def test_a_concurrent_edit_on_disk_is_detected_and_the_fresh_text_shown(
    page: Any, desk: str, project: Path
) -> None:
    _open(page, desk)
    page.frame_locator("#preview").locator("h1").click()
    edit(project, {"Desert grid opens": "沙漠电网今天开通"})  # another PO editor meanwhile
    page.locator("#forms textarea").first.fill("我的版本")
    page.keyboard.press("Control+s")
    page.wait_for_selector("#message[data-kind='error']")
    assert "changed on disk" in page.locator("#message").inner_text()
    assert page.locator("#forms textarea").first.input_value() == "沙漠电网今天开通"
    assert polib.pofile(str(catalog_path(project))).find("Desert grid opens").msgstr == (
        "沙漠电网今天开通"
    )


def test_persian_is_edited_right_to_left_and_the_keys_walk_the_segments(
    page: Any, desk: str
) -> None:
    _open(page, desk, "/fa/grid")
    page.frame_locator("#preview").locator("h1").click()
    area = page.locator("#forms textarea").first
    assert area.get_attribute("dir") == "rtl" and area.get_attribute("lang") == "fa"
    assert area.evaluate("area => getComputedStyle(area).direction") == "rtl"
    first = page.locator("#source").inner_text()
    page.keyboard.press("Alt+ArrowDown")
    assert page.locator("#source").inner_text() != first
    page.keyboard.press("Alt+ArrowUp")
    assert page.locator("#source").inner_text() == first


def test_a_fuzzy_entry_shows_the_source_change_as_a_diff(
    page: Any, desk: str, project: Path
) -> None:
    catalog = polib.pofile(str(catalog_path(project)))
    entry = catalog.find("Desert grid opens")
    entry.flags.append("fuzzy")
    entry.previous_msgid = "Desert grid planned"
    catalog.save()
    _open(page, desk)
    heading = page.frame_locator("#preview").locator("h1")
    assert heading.get_attribute("data-l10n-state") == "fuzzy"
    heading.click()
    assert page.locator("#previous").is_visible()
    assert page.locator("#diff del").inner_text() == "planned"
    assert page.locator("#diff ins").inner_text() == "opens"


def test_two_tabs_on_one_article_the_stale_tab_is_refused_and_shown_the_fresh_text(
    page: Any, desk: str, project: Path
) -> None:
    second = page.context.new_page()
    for tab in (page, second):
        _open(tab, desk)
        tab.frame_locator("#preview").locator("h1").click()
    page.locator("#forms textarea").first.fill("沙漠电网今日开通")
    page.keyboard.press("Control+s")
    page.wait_for_selector("#message[data-kind='ok']")
    area = second.locator("#forms textarea").first
    area.fill("第二个标签的版本")
    second.keyboard.press("Control+s")
    second.wait_for_selector("#message[data-kind='error']")
    assert "another tab" in second.locator("#message").inner_text()
    assert area.input_value() == "沙漠电网今日开通"  # the fresh text, in the editor
    assert second.locator("#draft").is_visible()  # and what was typed, not lost
    assert second.locator("#draft-text").inner_text() == "第二个标签的版本"
    heading = second.frame_locator("#preview").locator("h1", has_text="沙漠电网今日开通")
    heading.wait_for()  # the preview too
    second.locator("#use-draft").click()
    assert area.input_value() == "第二个标签的版本"
    second.keyboard.press("Control+s")  # now over the fresh text, on purpose
    second.wait_for_selector("#message[data-kind='ok']")
    assert polib.pofile(str(catalog_path(project))).find("Desert grid opens").msgstr == (
        "第二个标签的版本"
    )


def test_the_preview_shows_the_pages_own_picture_and_style_and_fetches_nothing_remote(
    page: Any, desk: str, project: Path
) -> None:
    add_pictures(project)
    answered: list[str] = []
    failed: dict[str, str] = {}
    page.on("response", lambda response: answered.append(response.url))
    page.on("requestfailed", lambda request: failed.update({request.url: request.failure}))
    _open(page, desk)
    frame = page.frame_locator("#preview")
    own, remote = frame.locator("#own"), frame.locator("#remote")
    own.wait_for(state="attached")
    page.wait_for_function(
        "() => document.getElementById('preview').contentDocument.getElementById('own').complete"
    )
    assert own.evaluate("img => img.naturalWidth") == 2
    assert remote.evaluate("img => img.naturalWidth") == 0
    assert frame.locator("h1").evaluate("h1 => getComputedStyle(h1).color") == "rgb(1, 2, 3)"
    assert f"{desk}/source/img/grid.png" in answered
    assert [url for url in answered if not url.startswith(desk)] == []  # nothing came in
    assert "csp" in failed["https://example.org/tracker.png"].lower()  # the policy stopped it


def test_a_malformed_catalog_is_shown_on_its_desk_naming_file_and_line(
    page: Any, desk: str, project: Path
) -> None:
    path = catalog_path(project)
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "broken\n', encoding="utf-8")
    page.goto(desk + "/zh_CN/grid")
    alert = page.locator("[role='alert']")
    assert "locales/zh_CN/grid.po:" in alert.inner_text()
    _open(page, desk, "/fa/grid")  # the rest of the desk works on
