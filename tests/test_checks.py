"""Checks on translations (zh_CN, ru, fa targets) and on article sources."""

# Translations in other scripts are the point of these tests.

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path

import polib
import pytest
from conftest import corpus_folder, seed_file
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.checks.finding import Finding, Severity, Translation, is_usable
from l10n.checks.source import check_source
from l10n.checks.translation import check_translation, read_glossary
from l10n.errors import CatalogError
from l10n.page.document import parse_html

SOURCE = Path(__file__).resolve().parents[1] / "source"
PO = "locales/zh_CN/x.po"


def check(
    msgid: str, msgstr: str, locale: str = "zh_CN", *comments: str, **options: object
) -> list[Finding]:
    entry = Translation(msgid=msgid, msgstr=msgstr, msgctxt=None, line=42, comments=comments)
    return check_translation(entry, locale=locale, path=PO, **options)  # type: ignore[arg-type]


def codes(findings: list[Finding]) -> list[str]:
    return [finding.code for finding in findings]


def test_finding_reads_like_gettext_tools() -> None:
    finding = Finding(PO, 42, Severity.ERROR, "placeholder-missing", "translation drops <2>")
    assert str(finding) == "locales/zh_CN/x.po:42: error: translation drops <2>"


def test_untranslated_entry_has_no_findings() -> None:
    assert check("Read <1>the guide</1> <2/>.", "") == []


def test_clean_translations_have_no_findings() -> None:
    assert check("Read <1>the guide</1> first.", "请先阅读<1>指南</1>。") == []
    assert check("Read <1>the guide</1> first.", "Сначала прочтите <1>руководство</1>.", "ru") == []
    assert check("I want to read <1>it</1>.", "می\u200cخواهم <1>آن</1> را بخوانم.", "fa") == []


def test_missing_extra_and_duplicated_placeholders_are_errors() -> None:
    msgid = "Run <1>this</1> then <2/>."
    assert codes(check(msgid, "运行<1>这个</1>。")) == ["placeholder-missing"]
    assert codes(check(msgid, "运行<1>这个</1><2/><3/>。")) == ["placeholder-extra"]
    assert codes(check(msgid, "运行<1>这个</1><2/><2/>。")) == ["placeholder-duplicate"]
    assert check(msgid, "运行<1>这个</1>然后<2/>。") == []


def test_malformed_and_misnested_placeholders_are_errors() -> None:
    msgid = "A <1>b <2>c</2></1>."
    assert codes(check(msgid, "А <1>б <2>в</1></2>.", "ru")) == ["placeholder-nesting"]
    assert codes(check(msgid, "А <1>б <2>в</2>.", "ru")) == ["placeholder-malformed"]
    assert "placeholder-malformed" in codes(check(msgid, "А <1>б < 2>в</2></1>.", "ru"))
    assert check(msgid, "А <1>б <2>в</2></1>.", "ru") == []


def test_dropping_pure_formatting_is_only_a_warning() -> None:
    findings = check("Very <1>hot</1> today.", "今天非常热。", "zh_CN", "p", "<1> = bold")
    assert codes(findings) == ["formatting-dropped"]
    assert is_usable(findings)
    link = check("See <1>here</1>.", "见此处。", "zh_CN", "<1> = link to https://a.example")
    assert codes(link) == ["placeholder-missing"]
    assert not is_usable(link)


def test_protected_placeholder_must_stay_single() -> None:
    legend = '<3/> = "npm install" (code, kept as is)'
    msgid = "Run <3/> now."
    altered = check(msgid, "Выполните <3>npm</3> сейчас.", "ru", legend)
    assert codes(altered) == ["placeholder-protected"]
    assert check(msgid, "Выполните <3/> сейчас.", "ru", legend) == []


@pytest.mark.parametrize(
    "msgstr",
    ["点击<b>这里</b>。", "点击这里。</p>", "点击<script>alert(1)</script>。",
     "点击<1 onclick=x>这里。", "点击<img src=x onerror=alert(1)>。"],
)  # fmt: skip
def test_markup_in_translation_is_an_error(msgstr: str) -> None:
    findings = check("Click here.", msgstr)
    assert findings and not is_usable(findings)


def test_markup_literally_in_source_is_allowed() -> None:
    assert check("Use the <b> tag.", "使用 <b> 标签。") == []


def test_bidirectional_controls_must_balance() -> None:
    assert codes(check("Hello world.", "\u202bسلام دنیا.", "fa")) == ["bidi"]
    assert codes(check("Hello world.", "سلام دنیا.\u2069", "fa")) == ["bidi"]
    assert check("Hello world.", "\u2067سلام\u2069 دنیا.", "fa") == []
    assert check("I want it.", "می\u200cخواهم\u200d.", "fa") == []


def test_plural_forms_must_match_nplurals() -> None:
    entry = Translation("%d file", "", None, 7, (), "%d files", ("%d файл", "%d файла"))
    assert codes(check_translation(entry, locale="ru", path=PO, nplurals=3)) == ["plural-forms"]
    complete = Translation(
        "%d file", "", None, 7, (), "%d files", ("%d файл", "%d файла", "%d файлов")
    )
    assert check_translation(complete, locale="ru", path=PO, nplurals=3) == []


def test_numbers_follow_cjk_magnitudes() -> None:
    assert check("Trade passed 25 billion USD.", "贸易额超过250亿美元。") == []
    assert codes(check("Trade passed 25 billion USD.", "贸易额超过205亿美元。")) == ["numbers"]
    assert check("It reached 1.2 million people.", "覆盖120万人。") == []
    assert check("The 100-MW wind farm.", "100兆瓦风电场。") == []
    assert check("Up 30 percent.", "增长30%。") == []


def test_numbers_follow_locale_grouping() -> None:
    assert check("A 1,200 MW plant.", "Станция на 1\u00a0200 МВт.", "ru") == []
    assert check("Grew 2.5 times.", "Вырос в 2,5 раза.", "ru") == []
    assert codes(check("A 1,200 MW plant.", "Станция на 1\u00a0300 МВт.", "ru")) == ["numbers"]
    assert check("Built 1200 homes.", "۱۲۰۰ خانه ساخته شد.", "fa") == []
    assert check("A 1,200.5 m road.", "جاده ۱٬۲۰۰٫۵ متری.", "fa") == []
    assert codes(check("Built 1200 homes.", "۱۳۰۰ خانه ساخته شد.", "fa")) == ["numbers"]


def test_urls_and_emails_must_match() -> None:
    msgid = "Write to desk@example.org or see https://example.org/a."
    assert check(msgid, "写信至 desk@example.org 或见 https://example.org/a。") == []
    assert codes(check(msgid, "写信至 desk@example.com 或见 https://example.org/a。")) == ["urls"]


def test_glossary_terms_are_followed(tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    path.write_text("source,translation\nShanghai Cooperation Organization,上合组织\nSCO,\n")
    glossary = read_glossary(path)
    assert glossary == {"Shanghai Cooperation Organization": "上合组织", "SCO": ""}
    msgid = "The Shanghai Cooperation Organization (SCO) met."
    assert check(msgid, "上合组织（SCO）举行会议。", glossary=glossary) == []
    findings = check(msgid, "上海合作组织（上合）举行会议。", glossary=glossary)
    assert codes(findings) == ["glossary", "glossary"]


def test_malformed_glossary_raises(tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    path.write_text("SCO,上合组织,extra\n")
    with pytest.raises(CatalogError, match=r"glossary\.csv:1"):
        read_glossary(path)


def test_identical_translation_is_a_warning() -> None:
    assert codes(check("Top News", "Top News", "ru")) == ["identical"]
    assert check("2022-09-22", "2022-09-22", "ru") == []


def test_end_punctuation_must_match() -> None:
    assert codes(check("Is it done?", "完成了吗", "zh_CN")) == ["end-punctuation"]
    assert codes(check("It is done.", "完成了.", "zh_CN")) == ["end-punctuation"]
    assert check("Is it done?", "完成了吗？") == []
    assert check("Is it done?", "آیا تمام شد؟", "fa") == []
    assert codes(check("Top News", "Главное.", "ru")) == ["end-punctuation"]


def test_surrounding_whitespace_must_match() -> None:
    assert codes(check("Editor: ", "Редактор:", "ru")) == ["whitespace"]
    assert check("Editor: ", "Редактор: ", "ru") == []


def test_suspicious_length_is_a_warning() -> None:
    msgid = "The two sides have also carried out robust cooperation in new energy."
    assert codes(check(msgid, "双方。")) == ["length"]
    assert check(msgid, "双方还在新能源领域开展了有力合作。") == []
    assert codes(check(msgid, "Да.", "ru")) == ["length"]


def _seed_page() -> bytes:
    lines = seed_file("article-sco.txt").read_text(encoding="utf-8").splitlines()
    body = "\n".join(
        line if line.lstrip().startswith("<") else f"<p>{html.escape(line)}</p>"
        for line in lines
        if line.strip()
    )
    return f"<!DOCTYPE html><html><body>\n<h1>SCO</h1>\n{body}\n</body></html>".encode()


def test_seed_source_findings() -> None:
    findings = check_source(
        parse_html(_seed_page(), name="seed"), path="seed.html", required=["h1"]
    )
    junk = {finding.message.split()[3] for finding in findings if finding.code == "junk-markup"}
    # The seed's `<caption>`s stand outside any table: a browser drops such a tag (HTML5
    # tree construction, which parse_html follows), so only their empty children are left.
    assert {"<person>", "<bgsound>", "<marquee>", "<legend>"} <= junk
    assert any("Staff?Reporters" in f.message for f in findings if f.code == "encoding-damage")
    assert any("16,Chinese" in f.message for f in findings if f.code == "missing-space")
    assert all(finding.severity is Severity.WARNING for finding in findings)


def test_encoding_damage_and_missing_space_are_found() -> None:
    page = "<p>Caf\u00c3\u00a9 \u00e2\u20ac\u2122s \ufffd the U.S.Army on 1.5 m."
    page += " See www.a.org/X.Html</p>"
    findings = check_source(parse_html(page.encode(), name="x"), path="x.html")
    assert Counter(codes(findings)) == {"encoding-damage": 3}


def test_required_selector_must_match() -> None:
    document = parse_html(b"<html><body><h1>Title</h1></body></html>", name="x")
    assert check_source(document, path="x.html", required=["h1"]) == []
    findings = check_source(document, path="x.html", required=["article .body"])
    assert codes(findings) == ["required-missing"]
    assert str(findings[0]) == "x.html:1: error: required selector 'article .body' matches nothing"


@pytest.mark.parametrize("name", ["solar-grid", "quantum-lab", "river-survey"])
def test_sample_pages_have_only_their_junk_tail(name: str) -> None:
    path = SOURCE / f"{name}.html"
    document = parse_html(path.read_bytes(), name=path.name)
    findings = check_source(document, path=f"source/{path.name}", required=["h1"])
    assert findings, "the sample pages end with an injected junk tail"
    assert {finding.code for finding in findings} == {"junk-markup"}
    tail_start = path.read_text(encoding="utf-8").index("<legend id=")
    first_tail_line = path.read_text(encoding="utf-8")[:tail_start].count("\n") + 1
    assert min(finding.line for finding in findings) >= first_tail_line - 2


@pytest.mark.corpus
def test_checks_run_over_every_corpus_catalog() -> None:
    folder = corpus_folder("po-samples")
    counts: Counter[str] = Counter()
    entries = 0
    for path in sorted(folder.rglob("*.po")):
        catalog = polib.pofile(str(path))
        locale = catalog.metadata.get("Language") or path.parent.name or "fr"
        for entry in catalog:
            translation = Translation(
                msgid=entry.msgid,
                msgstr=entry.msgstr,
                msgctxt=entry.msgctxt,
                line=entry.linenum,
                comments=tuple(entry.comment.splitlines()),
                msgid_plural=entry.msgid_plural or None,
                msgstr_plural=tuple(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)),
            )
            entries += 1
            found = check_translation(translation, locale=locale.replace("-", "_"), path=str(path))
            counts.update(finding.code for finding in found)
    print(f"{entries} entries:", dict(counts.most_common()))
    assert entries > 0


def test_the_error_checks_are_the_only_checks_that_can_find_an_error() -> None:
    # A build and the dashboard run only the error checks: a check left out of them
    # must never report an error.
    import inspect

    from l10n.checks import translation

    others = [check for check in translation._CHECKS if check not in translation._ERROR_CHECKS]
    assert others and all(".error(" not in inspect.getsource(check) for check in others)
    assert all(".error(" in inspect.getsource(c) for c in translation._ERROR_CHECKS)


_TOKENS = st.lists(st.sampled_from(["<1>", "</1>", "<2>", "</2>", "<1/>", "<2/>", "a"]), max_size=8)


def _findings_with_and_without_the_shortcut(source: str, target: str) -> tuple[list, list]:
    import l10n.checks.translation as checks

    entry = Translation(msgid=source, msgstr=target, msgctxt=None, line=1, comments=())
    checks._find_remembered.cache_clear()
    quick = check_translation(entry, locale="fr", path="a.po", errors_only=True)
    shortcut = checks._same_tokens
    checks._same_tokens = lambda msgid, msgstr: False  # the full comparison, always
    try:
        checks._find_remembered.cache_clear()
        full = check_translation(entry, locale="fr", path="a.po", errors_only=True)
    finally:
        checks._same_tokens = shortcut
        checks._find_remembered.cache_clear()
    return quick, full


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("<1>a</1> <2/>", "<2/> <1>b</1>"),  # kept, reordered: no finding
        ("<1>a</1><1/>", "<1>b</1><1/>"),  # a number used twice in the source
        ("<1/> <1/>", "<1/> <1/>"),
        ("<1>a</1>", "</1>b<1>"),  # the same tokens, badly nested
        ("<1><2>a</2></1>", "<1><2>a</1></2>"),
    ],
)
def test_the_placeholder_shortcut_on_the_cases_it_must_not_take(source: str, target: str) -> None:
    quick, full = _findings_with_and_without_the_shortcut(source, target)
    assert quick == full


@given(msgid=_TOKENS, data=st.data())
@settings(max_examples=300, deadline=None)
def test_the_placeholder_shortcut_finds_what_the_full_comparison_finds(
    msgid: list[str], data: st.DataObject
) -> None:
    # Mostly the source's own tokens in another order: the case the shortcut takes.
    msgstr = data.draw(st.one_of(st.permutations(msgid), _TOKENS))
    quick, full = _findings_with_and_without_the_shortcut(
        "x" + "".join(msgid), "y" + "".join(msgstr)
    )
    assert quick == full
