"""The dashboard as a newsroom reads it, without a browser: the summary per locale, one
row per article, the detail of stale and rejected entries, hostile text kept as text, one
compact row each for a large project, and the one pass behind it (each page parsed once,
each catalog read once). tests/test_browser_dashboard.py checks the layout and the
filters in Chromium."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import polib
import pytest
from conftest import make_project, run_cli
from lxml import html

from l10n.po import catalog as po_catalog
from l10n.project import find_project
from l10n.review.verdict import EntryState
from l10n.steps import dashboard, report, status
from l10n.steps.dashboard import (
    ArticleRow,
    Concern,
    EntryRow,
    LocaleInfo,
    ReviewerRow,
    VariantRow,
    render_dashboard,
)
from l10n.steps.extract import extract
from l10n.steps.progress import PROGRESS_STATES, Progress, Tally
from l10n.steps.report import summarise
from l10n.steps.update import update

REPOSITORY = Path(__file__).resolve().parents[1]
WANGXX_KEY = REPOSITORY / "demo" / "keys" / "wangxx"
HOSTILE_MSGSTR = '<img src=x onerror="alert(1)"><script>alert(2)</script>&amp; 光'
HOSTILE_NOTE = '</dd></details><script>alert(3)</script><b onclick="x()">bold</b>'


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo's articles, catalogs, ledgers and registry, in a git folder of their own,
    with 王晓夏's demo key for signing."""
    for name in ("source", "locales"):
        shutil.copytree(REPOSITORY / name, tmp_path / name)
    for name in ("editors.toml", "pyproject.toml"):
        shutil.copy(REPOSITORY / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("L10N_SIGNING_KEY", str(WANGXX_KEY))
    (tmp_path / "gitconfig").write_text("[user]\n\temail = wangxx@example.org\n", encoding="utf-8")
    return tmp_path


def _page(project: Path) -> html.HtmlElement:
    # One process: the tests that count what is read count it in this one.
    assert run_cli("report", "--jobs", "1")[0] == 0
    return html.parse(str(project / "site" / "index.html")).getroot()


def _text(element: html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def _row(page: html.HtmlElement, slug: str) -> html.HtmlElement:
    (row,) = page.xpath(f"//li[@data-slug='{slug}']")
    return row


def _detail(page: html.HtmlElement, slug: str, locale: str) -> html.HtmlElement:
    (section,) = _row(page, slug).xpath(f".//section[@data-locale='{locale}']")
    return section


def test_the_summary_says_published_n_of_n_per_locale_held_back_and_why(demo: Path) -> None:
    assert run_cli("build")[0] == 0
    page = _page(demo)
    (overview,) = page.find_class("overview")
    assert _text(overview) == "Published: zh_CN 4/4 · ru 0/4 · fa 3/4"
    cards = {card.get("data-locale-card"): _text(card) for card in page.find_class("card")}
    assert list(cards) == ["zh_CN", "ru", "fa"]
    assert "4/4 published" in cards["zh_CN"] and "held back: 0" in cards["zh_CN"]
    assert "held back: 4 (under the threshold: 4; required text not usable: 2)" in cards["ru"]
    assert "held back: 1 (under the threshold: 1)" in cards["fa"]
    assert "stale reviews: 2 entries in 2 articles" in cards["zh_CN"]
    waiting = "waiting for review: 3 entries (18 words) in 3 articles, of which rejected: 1"
    assert waiting in cards["zh_CN"]


def test_each_article_is_one_row_with_a_bar_and_a_marker_per_locale(demo: Path) -> None:
    assert run_cli("build")[0] == 0
    page = _page(demo)
    assert page.find(".//table") is None
    rows = page.xpath("//ol[@class='articles']/li")
    assert [row.get("data-slug") for row in rows] == [
        "quantum-lab", "river-survey", "solar-grid", "wetland-birds",
    ]  # fmt: skip
    for row in rows:
        variants = row.xpath(".//li[@data-locale]")
        assert [v.get("data-locale") for v in variants] == ["zh_CN", "ru", "fa"]
        assert all(len(v.find_class("bar")) == 1 for v in variants)
    solar = {v.get("data-locale"): v for v in _row(page, "solar-grid").xpath(".//li[@data-locale]")}
    assert solar["zh_CN"].get("data-states") == "published stale waiting"
    assert "✓ published" in _text(solar["zh_CN"]) and "is-published" in solar["zh_CN"].get("class")
    assert solar["ru"].get("data-states") == "held stale waiting"
    assert "held back" in _text(solar["ru"]) and "✓" not in _text(solar["ru"])
    # The ✓ link goes to the page that is published.
    assert solar["zh_CN"].find("a").get("href") == "zh_CN/solar-grid.html"


def test_a_rejection_shows_with_its_note_who_and_when_not_as_fuzzy(demo: Path) -> None:
    section = _detail(_page(demo), "quantum-lab", "zh_CN")
    (entry,) = section.find_class("entry")
    text = _text(entry)
    assert "rejected" in entry.get("class")
    assert "locales/zh_CN/quantum-lab.po:" in text
    assert "by 王晓夏 (wangxx) · rejected 2026-12-01" in text
    assert "Photonic Chip Sorts Data Traffic With Light Alone" in text  # the source
    assert "光子芯片仅凭光即可分拣数据流量" in text  # the translation sent back
    assert "标题过长，请压缩到十五字以内" in text  # the note
    (translation,) = entry.xpath(".//dt[.='translation']/following-sibling::dd[1]")
    assert translation.get("lang") == "zh-CN"


def test_a_stale_review_shows_the_text_approved_and_the_text_now(demo: Path) -> None:
    path = demo / "locales" / "fa" / "solar-grid.po"
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if e.tcomment.startswith("reviewed:") and e.msgstr)
    approved = entry.msgstr
    entry.msgstr += " (ویرایش)"
    catalog.save()
    section = _detail(_page(demo), "solar-grid", "fa")
    (shown,) = section.find_class("entry")
    text = _text(shown)
    assert "stale" in shown.get("class") and "by مریم رحیمی (rahimi) · reviewed" in text
    assert "the review no longer counts: the text changed since it was approved" in text
    (now,) = shown.xpath(".//dt[.='translation']/following-sibling::dd[1]")
    (before,) = shown.xpath(".//dt[.='approved text']/following-sibling::dd[1]")
    assert (now.text_content(), before.text_content()) == (entry.msgstr, approved)
    assert (now.get("lang"), now.get("dir")) == ("fa", "rtl")


def test_an_invalidated_review_is_listed_as_stale_with_the_editor(demo: Path) -> None:
    section = _detail(_page(demo), "river-survey", "zh_CN")
    (shown,) = section.find_class("entry")
    text = _text(shown)
    assert "Top News" in text and "by 王晓夏 (wangxx) · went stale 2026-12-01" in text


def test_who_reviewed_what_is_in_each_detail(demo: Path) -> None:
    section = _detail(_page(demo), "wetland-birds", "ru")
    (reviewer,) = section.xpath(".//ul[@class='reviewers']/li")
    assert _text(reviewer).startswith("Анна Петрова (petrova): 13 entries, ")
    summary = _text(_row(_page(demo), "wetland-birds").find(".//summary"))
    assert summary == "Details · zh_CN 王晓夏 · ru Анна Петрова · fa مریم رحیمی"
    summary = _text(_row(_page(demo), "quantum-lab").find(".//summary"))
    assert summary == "Details · zh_CN 1 rejected 王晓夏 · ru no review counts · fa مریم رحیمی"


def test_a_hostile_translation_and_rejection_note_stay_text(demo: Path) -> None:
    path = demo / "locales" / "zh_CN" / "solar-grid.po"
    catalog = polib.pofile(str(path))
    target = next(e for e in catalog if e.msgstr and e.tcomment.startswith("reviewed:"))
    target.msgstr = HOSTILE_MSGSTR
    catalog.save()
    code, stdout, _ = run_cli(
        "review", "reject", "--editor", "wangxx", "-l", "zh_CN", "--match", "onerror",
        "--note", HOSTILE_NOTE, "solar-grid",
    )  # fmt: skip
    assert (code, stdout) == (0, "locales/zh_CN/solar-grid.po: 1 rejected\n")
    page = _page(demo)
    scripts = page.xpath("//script")
    assert len(scripts) == 1 and scripts[0].text == dashboard._SCRIPT
    assert page.xpath("//img | //b[@onclick] | //*[@onerror] | //*[@onclick]") == []
    assert page.xpath("//*[starts-with(name(), 'on')]") == []
    section = _detail(page, "solar-grid", "zh_CN")
    rejected = [e for e in section.find_class("entry") if "rejected" in e.get("class")]
    (entry,) = rejected
    (translation,) = entry.xpath(".//dt[.='translation']/following-sibling::dd[1]")
    (note,) = entry.xpath(".//dt[.='note']/following-sibling::dd[1]")
    assert (translation.text_content(), note.text_content()) == (HOSTILE_MSGSTR, HOSTILE_NOTE)
    assert len(translation) == 0 and len(note) == 0  # text only, no element inside


def _variant(locale: str, **fields: object) -> VariantRow:
    by_state = dict.fromkeys(PROGRESS_STATES, Tally())
    by_state[EntryState.REVIEWED] = Tally(1, 3)
    by_state[EntryState.UNTRANSLATED] = Tally(1, 1)
    given: dict[str, object] = {"page": None, "held": None, **fields}
    return VariantRow(locale=locale, progress=Progress("x", locale, by_state), **given)  # type: ignore[arg-type]


def test_every_text_from_the_project_is_escaped_in_every_place() -> None:
    evil = '"><img src=x onerror=alert(1)><script>alert(1)</script>'
    when = datetime(2026, 12, 1, tzinfo=UTC)
    entry = EntryRow(
        concern=Concern.REJECTED, line=3, msgctxt=evil, source=evil, translation=(evil, evil),
        is_fuzzy=True, approved=(evil,), who=evil, editor=evil, when=when, happened=evil,
        note=evil,
    )  # fmt: skip
    variant = _variant(
        "fa",
        held=evil,
        held_kinds=(evil,),
        reviewers=(ReviewerRow(evil, evil, 1, 3, when),),
        entries=(entry,),
        catalog=evil,
    )
    article = ArticleRow("x", evil, None, (variant,))
    info = LocaleInfo("fa", "fa", evil, "rtl")
    text = render_dashboard(
        [article],
        summaries=summarise([article], [info]),
        source_lang="en",
        generated=when,
        policy=evil,
        threshold=80,
        warnings=(evil,),
    )
    page = html.fromstring(text)
    assert page.xpath("//img | //*[@onerror]") == [] and len(page.xpath("//script")) == 1
    assert text.count("<script>") == 1 and "<img" not in text
    assert _text(page).count("alert(1)") > 10  # shown, as text


def test_variant_states_follow_the_gate_the_page_and_the_figures() -> None:
    assert _variant("ru", page="ru/x.html").states == ("published",)
    assert _variant("ru").states == ()  # passes the gate, not built yet
    assert _variant("ru", held="50% of words usable").states == ("held",)
    kept = _variant("ru", held="50%", page="ru/x.html")
    assert kept.is_kept and kept.states == ("held", "stale")
    assert _variant("ru", waiting=Tally(2, 7)).states == ("waiting",)


PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Story {n}</title>
</head><body><h1>Headline number {n}</h1><p>First paragraph of story {n}.</p>
<p>Second paragraph of story {n}.</p></body></html>
"""


@pytest.fixture
def newsroom(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """181 articles in two locales, extracted and merged, none translated."""
    pages = {f"story-{n:03d}": PAGE.format(n=n) for n in range(181)}
    make_project(tmp_path, config='locales = ["zh_CN", "fa"]', pages=pages)
    monkeypatch.chdir(tmp_path)
    # The steps themselves: the command line's progress bar is not what is tested here.
    project = find_project(tmp_path)
    assert not extract(project, []).errors and not update(project, []).errors
    return tmp_path


def test_181_articles_are_one_compact_row_each_read_in_one_pass(
    newsroom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []
    read: list[str] = []
    parse_html, read_catalog = report.parse_html, po_catalog.read_catalog

    def counting_parse(text: bytes, *, name: str, **options: object) -> object:
        parsed.append(name)
        return parse_html(text, name=name, **options)  # type: ignore[arg-type]

    def counting_read(path: Path, **options: object) -> object:
        read.append(str(path))
        return read_catalog(path, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(report, "parse_html", counting_parse)
    monkeypatch.setattr(po_catalog, "read_catalog", counting_read)  # status imports it on use
    page = _page(newsroom)
    assert len(parsed) == len(set(parsed)) == 181
    assert len(read) == len(set(read)) == 181 * 2
    rows = page.xpath("//ol[@class='articles']/li")
    assert len(rows) == 181 and page.find(".//table") is None
    assert len(page.xpath("//li[@data-slug]//li[@data-locale]")) == 181 * 2
    size = (newsroom / "site" / "index.html").stat().st_size
    assert size < 181 * 3_000, size  # a row and its folded detail, not a table each
    (overview,) = page.find_class("overview")
    assert _text(overview) == "Published: zh_CN 0/181 · fa 0/181"


def test_without_a_registry_the_page_says_nothing_counts(demo: Path) -> None:
    (demo / "editors.toml").unlink()
    page = _page(demo)
    (warning,) = page.find_class("warning")
    assert _text(warning) == status.NO_REGISTRY
    cards = [_text(card) for card in page.find_class("card")]
    assert all("reviewed: 0 of 2,393 words (0%)" in card for card in cards)
