"""Merging templates into catalogs, rule by rule, as msgmerge --previous does."""

from __future__ import annotations

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from l10n.errors import LocaleError
from l10n.po.catalog import TranslationMemory, copied, merge_catalog
from l10n.po.pofile import format_po
from l10n.po.reader import parse_po


def _template(*msgids: str, contexts: dict[str, str] | None = None) -> polib.POFile:
    template = polib.POFile()
    template.metadata = {
        "Project-Id-Version": "article",
        "Content-Type": "text/plain; charset=UTF-8",
    }
    for line, msgid in enumerate(msgids, 1):
        template.append(
            polib.POEntry(
                msgid=msgid,
                msgctxt=(contexts or {}).get(msgid),
                comment="p",
                occurrences=[("source/article.html", str(line))],
            )
        )
    return template


def _catalog(translations: dict[str, str], *, locale: str = "zh_CN") -> polib.POFile:
    catalog = merge_catalog(None, _template(*translations), locale=locale).catalog
    for entry in catalog:
        entry.msgstr = translations[entry.msgid]
    return catalog


def _by_msgid(catalog: polib.POFile) -> dict[str, polib.POEntry]:
    return {entry.msgid: entry for entry in catalog}


def test_new_catalog_gets_headers_from_babel() -> None:
    catalog = merge_catalog(None, _template("Hello"), locale="ru").catalog
    assert catalog.metadata["Language"] == "ru"
    assert catalog.metadata["Plural-Forms"].startswith("nplurals=3;")
    assert catalog.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert catalog.metadata["Language-Team"] == "Russian"


def test_translator_headers_are_kept_and_tool_headers_refreshed() -> None:
    catalog = _catalog({"Hello": "你好"})
    catalog.metadata["Last-Translator"] = "Li Ming <li@example.org>"
    catalog.metadata["Language-Team"] = "Beijing desk"
    catalog.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    merged = merge_catalog(catalog, _template("Hello"), locale="zh_CN").catalog
    assert merged.metadata["Last-Translator"] == "Li Ming <li@example.org>"
    assert merged.metadata["Language-Team"] == "Beijing desk"
    assert merged.metadata["Plural-Forms"] == "nplurals=1; plural=0;"


def test_unchanged_msgid_keeps_translation_flags_comments_and_takes_template_comments() -> None:
    catalog = _catalog({"Hello": "你好", "World": "世界"})
    hello = _by_msgid(catalog)["Hello"]
    hello.tcomment = "checked against the print edition"
    hello.flags.append("fuzzy")
    template = _template("World", "Hello")
    template[1].comment = "h1"
    merged = merge_catalog(catalog, template, locale="zh_CN").catalog
    assert [e.msgid for e in merged] == ["World", "Hello"]
    entry = _by_msgid(merged)["Hello"]
    assert (entry.msgstr, entry.flags, entry.tcomment, entry.comment) == (
        "你好",
        ["fuzzy"],
        "checked against the print edition",
        "h1",
    )
    assert entry.occurrences == [("source/article.html", "2")]


def test_format_flags_and_wrapping_come_from_the_template_as_in_msgmerge() -> None:
    """A newer extraction's `no-c-format` reaches a catalog made before it; the catalog
    keeps its own fuzzy."""
    catalog = _catalog({"50% of homes": "50%的家庭"})
    catalog[0].flags = ["fuzzy", "c-format"]
    template = _template("50% of homes")
    template[0].flags = ["no-c-format", "no-wrap"]
    merged = merge_catalog(catalog, template, locale="zh_CN").catalog
    assert merged[0].flags == ["fuzzy", "no-c-format", "no-wrap"]


def test_changed_msgid_inherits_closest_translation_as_fuzzy_with_previous() -> None:
    old = "China is the biggest trading partner, with trade above 25 billion USD last year."
    new = "China is the biggest trading partner, with trade above 27 billion USD last year."
    catalog = _catalog({old: "中国是最大贸易伙伴，去年贸易额超过250亿美元。"})
    result = merge_catalog(catalog, _template(new), locale="zh_CN")
    entry = _by_msgid(result.catalog)[new]
    assert entry.flags == ["fuzzy"] and entry.previous_msgid == old
    assert entry.msgstr == "中国是最大贸易伙伴，去年贸易额超过250亿美元。"
    assert (result.new, result.fuzzy, result.obsolete) == (0, 1, 0)
    assert old not in _by_msgid(result.catalog)  # its translation moved, as msgmerge does


def test_removed_msgid_becomes_obsolete_and_comes_back_intact() -> None:
    catalog = _catalog({"Editor: Wang Xiaoxia": "编辑：王晓夏", "Top News": "要闻"})
    removed = merge_catalog(catalog, _template("Top News"), locale="zh_CN")
    assert removed.obsolete == 1
    gone = _by_msgid(removed.catalog)["Editor: Wang Xiaoxia"]
    assert gone.obsolete and gone.msgstr == "编辑：王晓夏"
    back = merge_catalog(
        removed.catalog, _template("Editor: Wang Xiaoxia", "Top News"), locale="zh_CN"
    )
    entry = _by_msgid(back.catalog)["Editor: Wang Xiaoxia"]
    assert (entry.obsolete, entry.msgstr, entry.flags) == (False, "编辑：王晓夏", [])


def test_untranslated_removed_entries_are_dropped() -> None:
    catalog = merge_catalog(None, _template("Gone soon"), locale="fa").catalog
    merged = merge_catalog(catalog, _template("Other text entirely"), locale="fa").catalog
    assert [e.msgid for e in merged] == ["Other text entirely"]


def test_memory_prefills_new_entries_as_fuzzy_naming_the_origin() -> None:
    memory = TranslationMemory()
    memory.add_catalog(_catalog({"Top News": "要闻"}), origin="river-survey")
    result = merge_catalog(
        None, _template("Top News", "Fresh"), locale="zh_CN", memory=memory, origin="solar-grid"
    )
    entry = _by_msgid(result.catalog)["Top News"]
    assert (entry.msgstr, entry.flags, entry.tcomment) == (
        "要闻",
        ["fuzzy"],
        "translation memory: from river-survey",
    )
    assert (result.new, result.fuzzy, result.from_memory) == (1, 1, 1)


def test_memory_prefers_the_most_frequent_translation() -> None:
    memory = TranslationMemory()
    memory.add_catalog(_catalog({"Top News": "头条"}), origin="a")
    memory.add_catalog(_catalog({"Top News": "要闻"}), origin="b")
    memory.add_catalog(_catalog({"Top News": "要闻"}), origin="c")
    result = merge_catalog(None, _template("Top News"), locale="zh_CN", memory=memory, origin="d")
    assert result.catalog[0].msgstr == "要闻"


def test_memory_ignores_fuzzy_and_own_catalog() -> None:
    memory = TranslationMemory()
    fuzzy = _catalog({"Top News": "要闻"})
    fuzzy[0].flags.append("fuzzy")
    memory.add_catalog(fuzzy, origin="other")
    memory.add_catalog(_catalog({"Top News": "要闻"}), origin="same")
    result = merge_catalog(
        None, _template("Top News"), locale="zh_CN", memory=memory, origin="same"
    )
    assert result.catalog[0].msgstr == ""


def test_msgctxt_keeps_entries_apart() -> None:
    catalog = _catalog({"Read more": "阅读更多"})
    template = _template("Read more", contexts={"Read more": "button"})
    merged = merge_catalog(catalog, template, locale="zh_CN").catalog
    entry = next(e for e in merged if not e.obsolete)
    assert (entry.msgctxt, entry.msgstr, entry.flags) == ("button", "阅读更多", ["fuzzy"])


def test_unknown_locale_names_the_closest() -> None:
    with pytest.raises(LocaleError, match=r"unknown locale 'zh-CN' \(did you mean zh_CN\?\)"):
        merge_catalog(None, _template("x"), locale="zh-CN")
    with pytest.raises(LocaleError, match=r"unknown locale 'xx_YY'"):
        merge_catalog(None, _template("x"), locale="xx_YY")


def test_merging_twice_equals_merging_once() -> None:
    catalog = _catalog(
        {"The dam holds 300 MW.": "大坝装机300兆瓦。", "Removed line here.": "删除。"}
    )
    template = _template("The dam holds 320 MW.", "A new paragraph.")
    once = format_po(merge_catalog(catalog, template, locale="zh_CN").catalog)
    twice = format_po(merge_catalog(parse_po(once, name="x.po"), template, locale="zh_CN").catalog)
    assert once == twice


_sentences = (
    st.text(st.sampled_from("ab cd, 王晓"), min_size=1, max_size=30).map(str.strip).filter(bool)
)


@settings(max_examples=80, deadline=None)
@given(
    old=st.dictionaries(_sentences, st.text(min_size=0, max_size=8), max_size=8),
    new=st.lists(_sentences, max_size=8, unique=True),
)
def test_no_translation_is_ever_lost(old: dict[str, str], new: list[str]) -> None:
    catalog = _catalog(old)
    merged = merge_catalog(catalog, _template(*new), locale="zh_CN").catalog
    kept = {e.msgstr for e in merged}
    assert {t for t in old.values() if t} <= kept
    again = merge_catalog(parse_po(format_po(merged), name="x.po"), _template(*new), locale="zh_CN")
    assert format_po(again.catalog) == format_po(merged)


def test_memory_still_ignores_own_catalog_after_a_fuzzy_match() -> None:
    old = "The wind farm produces 100 MW of power for the region."
    own = _catalog({old: "风电场为该地区提供100兆瓦电力。", "Top News": "要闻"})
    memory = TranslationMemory()
    memory.add_catalog(own, origin="same")
    own_without_top = _catalog({old: "风电场为该地区提供100兆瓦电力。"})
    template = _template("The wind farm produces 120 MW of power for the region.", "Top News")
    result = merge_catalog(own_without_top, template, locale="zh_CN", memory=memory, origin="same")
    assert _by_msgid(result.catalog)["Top News"].msgstr == ""


def test_reviewed_memory_fills_as_a_translation_and_the_latest_review_wins() -> None:
    from datetime import UTC, datetime

    memory = TranslationMemory()
    older, newer = _catalog({"Top News": "头条"}), _catalog({"Top News": "要闻"})
    frequent = _catalog({"Top News": "新闻"})
    memory.add_catalog(older, origin="a", reviewed_at=lambda e: datetime(2026, 1, 1, tzinfo=UTC))
    memory.add_catalog(newer, origin="b", reviewed_at=lambda e: datetime(2026, 5, 1, tzinfo=UTC))
    memory.add_catalog(frequent, origin="c")
    memory.add_catalog(frequent, origin="d")
    entry = merge_catalog(
        None, _template("Top News"), locale="zh_CN", memory=memory, origin="e"
    ).catalog[0]
    assert (entry.msgstr, entry.flags, entry.tcomment) == ("要闻", [], "translation memory: from b")


def test_an_entry_copy_is_a_deep_copy_that_shares_nothing_mutable() -> None:
    import copy

    text = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        "# reviewed: someone\n#. a legend\n#: source/a.html:3\n#, fuzzy, no-c-format\n"
        '#| msgid "one old bird"\nmsgctxt "c"\nmsgid "one bird"\nmsgid_plural "%d birds"\n'
        'msgstr[0] "un oiseau"\nmsgstr[1] "%d oiseaux"\n'
    )
    (entry,) = list(parse_po(text, name="a.po"))
    twin = copied(entry)
    assert vars(twin) == vars(copy.deepcopy(entry))
    for name, value in vars(entry).items():
        if isinstance(value, list | dict):
            assert getattr(twin, name) is not value, name
    twin.flags.append("x")
    twin.occurrences.append(("b", "1"))
    twin.msgstr_plural[0] = "changed"
    assert "x" not in entry.flags and len(entry.occurrences) == 1
    assert entry.msgstr_plural[0] == "un oiseau"
