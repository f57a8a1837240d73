"""PO text written exactly as GNU gettext writes it, and read back strictly."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from l10n.errors import CatalogError
from l10n.po.linebreak import _char_width, line_breaks, text_width, wrap_points
from l10n.po.pofile import _format_string, _wrapped_string, format_po
from l10n.po.reader import parse_po, read_po

HERE = Path(__file__).resolve().parent
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "po-samples"
FIELDS = (
    "msgctxt",
    "msgid",
    "msgid_plural",
    "msgstr",
    "msgstr_plural",
    "flags",
    "comment",
    "tcomment",
    "occurrences",
    "previous_msgctxt",
    "previous_msgid",
    "previous_msgid_plural",
    "obsolete",
)
needs_gettext = pytest.mark.skipif(
    shutil.which("msgcat") is None or shutil.which("msgfmt") is None,
    reason="GNU gettext (msgcat, msgfmt) is not installed",
)
PLURALS = {"fr": "nplurals=2; plural=(n > 1);", "zh_CN": "nplurals=1; plural=0;"}
PLURALS |= {
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
    "fa": "nplurals=2; plural=(n > 1);",
}
PLURALS |= {
    "ar": "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && "
    "n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"
}


def msgcat(path: Path) -> str:
    """What msgcat writes for the file (--force-po: a header-only catalog too, not nothing)."""
    result = subprocess.run(["msgcat", "--force-po", str(path)], capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode("utf-8")


def fields(po: list[polib.POEntry]) -> list[tuple[object, ...]]:
    return [tuple(getattr(entry, name) for name in FIELDS) for entry in po]


def catalog(locale: str, *entries: polib.POEntry, header: str = "") -> polib.POFile:
    po = polib.POFile()
    po.header = header
    po.metadata = {
        "Project-Id-Version": "newsroom 1.0",
        "Report-Msgid-Bugs-To": "l10n@example.org",
        "POT-Creation-Date": "2024-05-01 10:00+0000",
        "PO-Revision-Date": "2024-05-02 11:30+0000",
        "Last-Translator": "Ana Translator <ana@example.org>",
        "Language-Team": f"{locale} <{locale}@example.org>",
        "Language": locale,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": PLURALS[locale],
    }
    for entry in entries:
        po.append(entry)
    return po


LONG_EN = (
    "Newsrooms that publish in several languages need their translators, editors and "
    "developers to agree on one text format, because every tool that rewraps a line makes "
    "a diff that hides the real change behind dozens of moved words."
)
LONG_ZH = (
    "在多语种新闻编辑部里，译者、编辑和开发者必须对同一种文本格式达成一致，因为任何重新换行的工具"
    "都会产生差异，把真正的修改淹没在几十个移动过的词语之中。（这是测试用的段落。）"
    "我们希望“每一行”都保持原样：不多、不少；也不改变标点！"
)
LONG_RU = (
    "Редакциям, которые публикуют материалы на нескольких языках, нужно, чтобы переводчики, "
    "редакторы и разработчики договорились об одном текстовом формате."
)
LONG_FA = (
    "تحریریه\u200cهایی که به چند زبان منتشر می\u200cکنند باید مترجمان، ویراستاران و "
    "برنامه\u200cنویسان را بر سر یک قالب متنی هم\u200cنظر کنند؛ زیرا هر ابزاری که سطرها را "
    "دوباره می\u200cشکند تغییر واقعی را پنهان می\u200cکند."
)
LONG_AR = (
    "تحتاج غرف الأخبار التي تنشر بعدة لغات إلى أن يتفق المترجمون والمحررون والمطورون على "
    "صيغة نصية واحدة، لأن كل أداة تعيد لف الأسطر تخفي التغيير الحقيقي؟"
)
REFERENCES = [(f"source/world/long-article-name-{n}.html", str(n * 37)) for n in range(1, 15)]

ORACLE_CATALOGS = {
    "english": catalog(
        "fr",
        polib.POEntry(
            msgid="Read the guide", msgstr="Lisez le guide", occurrences=[("a.html", "3")]
        ),
        polib.POEntry(msgid=LONG_EN, msgstr=LONG_EN.upper(), tcomment="Keep it short"),
        header="French translation of the newsroom.\nCopyright (C) 2024",
    ),
    "chinese-paragraphs": catalog(
        "zh_CN",
        polib.POEntry(msgid=LONG_EN, msgstr=LONG_ZH),
        polib.POEntry(msgid="Short", msgstr="短句，含全角标点。"),
        polib.POEntry(msgid=LONG_EN[:70], msgstr=LONG_ZH * 2, comment="type: Plain text"),
    ),
    "russian-plurals": catalog(
        "ru",
        polib.POEntry(msgid=LONG_EN, msgstr=LONG_RU),
        polib.POEntry(
            msgid="%d comment",
            msgid_plural="%d comments",
            msgstr_plural={0: "%d комментарий", 1: "%d комментария", 2: "%d комментариев"},
            flags=["c-format"],
        ),
    ),
    "persian-zwnj": catalog(
        "fa",
        polib.POEntry(msgid=LONG_EN, msgstr=LONG_FA),
        polib.POEntry(msgid="Photo", msgstr="عکس\u200cها", msgctxt="caption"),
    ),
    "arabic": catalog("ar", polib.POEntry(msgid=LONG_EN, msgstr=LONG_AR)),
    "escapes-and-newlines": catalog(
        "fr",
        polib.POEntry(
            msgid='Line one\nLine "two"\twith a tab\nC:\\path\\to\\file\n',
            msgstr="Ligne un\nLigne « deux »\tavec tabulation\nC:\\chemin\\vers\\fichier\n",
        ),
        polib.POEntry(msgid="Ends with newline\n", msgstr="Finit par un saut\n"),
        polib.POEntry(msgid="\n", msgstr="\n"),
        polib.POEntry(msgid=(LONG_EN + "\n") * 2, msgstr=(LONG_EN + "\n") * 2),
    ),
    "fuzzy-previous-obsolete": catalog(
        "fr",
        polib.POEntry(
            msgid="Read the new guide",
            msgstr="Lisez le guide",
            flags=["fuzzy", "python-format"],
            previous_msgid="Read the guide",
            previous_msgctxt="menu",
            msgctxt="menu",
        ),
        polib.POEntry(
            msgid="Old text " + LONG_EN,
            msgstr="Ancien texte",
            obsolete=True,
            previous_msgid="Older text " + LONG_EN,
            flags=["fuzzy"],
        ),
        polib.POEntry(msgid="Gone", msgstr="Parti", obsolete=True, tcomment="was in the footer"),
    ),
    "references-and-comments": catalog(
        "fr",
        polib.POEntry(
            msgid="Shared",
            msgstr="Partagé",
            occurrences=REFERENCES,
            tcomment="First line\n\n  indented line",
            comment="Extracted from the byline\nsecond line",
        ),
    ),
    "no-wrap": catalog(
        "fr",
        polib.POEntry(msgid=LONG_EN, msgstr=LONG_EN, flags=["no-wrap"]),
        polib.POEntry(msgid=LONG_EN + "\nmore", msgstr="x\ny", flags=["fuzzy", "no-wrap"]),
    ),
}


@needs_gettext
@pytest.mark.parametrize("name", ORACLE_CATALOGS)
def test_format_po_is_what_msgcat_writes(name: str, tmp_path: Path) -> None:
    path = tmp_path / "catalog.po"
    path.write_text(format_po(ORACLE_CATALOGS[name]), encoding="utf-8")

    assert msgcat(path) == path.read_text(encoding="utf-8")
    check = subprocess.run(
        ["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True, text=True
    )
    assert (check.returncode, check.stderr) == (0, "")


@pytest.mark.parametrize("name", ORACLE_CATALOGS)
def test_parse_po_reads_back_every_field(name: str) -> None:
    po = ORACLE_CATALOGS[name]

    again = parse_po(format_po(po), name=name)

    assert fields(again) == fields(po)
    assert (again.header, dict(again.metadata)) == (po.header, dict(po.metadata))


def test_format_po_wraps_english_at_79_columns_after_spaces() -> None:
    text = format_po(catalog("fr", polib.POEntry(msgid=LONG_EN, msgstr="")))

    assert 'msgid ""\n"Newsrooms that publish in several languages need their translators, ' in text
    assert max(len(line) for line in text.splitlines()) <= 79


@needs_gettext
def test_format_po_writes_carriage_returns_as_msgcat_does(tmp_path: Path) -> None:
    path = tmp_path / "cr.po"
    path.write_text(
        format_po(catalog("fr", polib.POEntry(msgid="a\rb", msgstr="c\rd"))), encoding="utf-8"
    )

    assert 'msgid "a\\rb"' in path.read_text(encoding="utf-8")
    assert msgcat(path) == path.read_text(encoding="utf-8")


def test_format_po_normalises_what_gettext_normalises() -> None:
    entries = [
        polib.POEntry(msgid="a", msgstr="", flags=["fuzzy", "my-flag", "python-format"]),
        polib.POEntry(msgid="b", msgstr="", obsolete=True),
        polib.POEntry(msgid="c", msgstr="x", occurrences=[("f.html", "1"), ("f.html", "1")]),
    ]

    text = format_po(catalog("fr", *entries))

    assert '#, python-format\nmsgid "a"' in text
    assert 'msgid "b"' not in text
    assert "#: f.html:1\n" in text


# Text mixing the scripts the project handles, with the characters PO escapes.
TEXT = st.text(
    st.sampled_from(
        list("abc xyz ABC 123 .,;:!?-/'")
        + list('"\\\n\t')
        + list("中文翻译新闻，。、：；！？（）《》“”「」ー々")
        + list("ابپتثفارسی\u200c،؛؟")
        + list("РусскийТекст")
        + ["\u00a0", "…", "—", "😀"]
    ),
    max_size=160,
)
LINE = st.text(st.sampled_from(list("abc xyz 中文 فارسی Русский 1.,!")), max_size=30).map(str.strip)
COMMENT = st.lists(LINE, max_size=3).map("\n".join)
REFERENCE = st.tuples(
    st.from_regex(r"source/[a-z]{1,12}\.html", fullmatch=True), st.integers(1, 999).map(str)
)


@st.composite
def entries(draw: st.DrawFn, key: tuple[str | None, str]) -> polib.POEntry:
    msgctxt, msgid = key
    is_plural = draw(st.booleans())
    obsolete = draw(st.integers(0, 5)) == 0
    entry = polib.POEntry(msgctxt=msgctxt, msgid=msgid, obsolete=obsolete)
    translated = TEXT.filter(bool) if obsolete else TEXT  # gettext drops untranslated obsolete
    if is_plural:
        entry.msgid_plural = draw(TEXT.filter(bool))
        entry.msgstr_plural = {0: draw(translated), 1: draw(TEXT)}
    else:
        entry.msgstr = draw(translated)
    first = entry.msgstr_plural[0] if is_plural else entry.msgstr
    flags = [draw(st.sampled_from(["fuzzy", ""])) if first else ""]
    flags += [draw(st.sampled_from(["python-format", ""])), draw(st.sampled_from(["no-wrap", ""]))]
    entry.flags = [flag for flag in flags if flag]
    entry.tcomment, entry.comment = draw(COMMENT), draw(COMMENT)
    entry.occurrences = draw(st.lists(REFERENCE, max_size=8, unique=True))
    entry.previous_msgid = draw(st.one_of(st.none(), TEXT))
    if entry.previous_msgid is not None:  # gettext reads the other two only along with it
        entry.previous_msgctxt = draw(st.one_of(st.none(), TEXT))
        entry.previous_msgid_plural = draw(st.one_of(st.none(), TEXT))
    return entry


@st.composite
def catalogs(draw: st.DrawFn) -> polib.POFile:
    keys = draw(
        st.lists(st.tuples(st.one_of(st.none(), TEXT), TEXT.filter(bool)), max_size=6, unique=True)
    )
    return catalog("fr", *(draw(entries(key)) for key in keys), header=draw(COMMENT))


@needs_gettext
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(po=catalogs())
def test_format_po_is_a_fixed_point_of_msgcat_and_reads_back(
    po: polib.POFile, tmp_path: Path
) -> None:
    path = tmp_path / "random.po"
    path.write_text(format_po(po), encoding="utf-8")

    assert msgcat(path) == path.read_text(encoding="utf-8")
    again = parse_po(path.read_text(encoding="utf-8"), name=str(path))
    obsolete_last = [entry for entry in po if not entry.obsolete] + [e for e in po if e.obsolete]
    assert fields(again) == fields(obsolete_last)
    assert again.header == po.header


# format_po's fast paths (a string that fits on one line; break opportunities found by regular
# expressions; widths by str.translate) must give what the general path gives, character by
# character as libunistring does. Text from an alphabet with a character of every line-breaking
# class, wide and zero-width ones, and those that make the fast path fall back (marks, joiners,
# zero-width spaces, U+2028, controls).
EVERY_CLASS = (
    "\u4e2d\uff0c\uff08\uff09\u300c\u300d\u3005\u3041\u30fc\ud55c\uac01\u1100\u1161\u11a8"
    "\U0001f1eb\U0001f1f7\U0001f600\U0001f3fb\u2014\u2013\u00a0\u2060\u2026\u00b4\u2019\u201c"
    "\u05d0\u066a\u20ac\u0660\u00bf\u00a1\u2044\u00ad\u0301\u200d\u200c\u200b\u2028\x01\x7f"
    "\u0628\u0645\u061f\u060c\u0436\u0444\uff62\u2e3a\ufeff\u1160\u3000"
)
ASCII = st.one_of(  # words and spaces mostly, so that lines have many places to break
    st.just(" "), st.sampled_from("abcde"), st.characters(min_codepoint=0x20, max_codepoint=0x7E)
)
ASCII_TEXT = st.text(ASCII, max_size=120)
MIXED_TEXT = st.text(st.one_of(ASCII, st.sampled_from(EVERY_CLASS)), max_size=120)


@st.composite
def wrap_cases(draw: st.DrawFn, text: st.SearchStrategy[str]) -> tuple[str, set[int], int, int]:
    value = draw(text)
    forbidden = draw(st.sets(st.integers(0, max(len(value) - 1, 0)), max_size=4))
    width = draw(st.integers(0, 40))
    return value, forbidden, width, draw(st.integers(0, width + 3))


@settings(max_examples=300, deadline=None)
@given(case=st.one_of(wrap_cases(ASCII_TEXT), wrap_cases(MIXED_TEXT)))
def test_fast_line_breaking_is_the_general_one(case: tuple[str, set[int], int, int]) -> None:
    text, forbidden, width, column = case

    assert wrap_points(text, forbidden, width, column) == line_breaks(
        text, forbidden, width, column
    )
    assert text_width(text) == sum(map(_char_width, text))


def test_fast_break_opportunities_are_the_general_ones_for_every_pair_of_classes() -> None:
    # Width 0 breaks at every opportunity, which depend only on the last character that is
    # not a space, and on whether spaces come between.
    chars = [chr(code) for code in range(0x20, 0x7F)] + list(EVERY_CLASS)
    for first in chars:
        for second in chars:
            for text in (f"{first}{second}x", f"a{first}  {second}"):
                assert wrap_points(text, set(), 0, 0) == line_breaks(text, set(), 0, 0), text


@settings(max_examples=200, deadline=None)
@given(
    value=st.one_of(ASCII_TEXT, MIXED_TEXT, TEXT),
    prefix=st.sampled_from(["", "#~ ", "#| ", "#~| "]),
    keyword=st.sampled_from(["msgid", "msgstr", "msgctxt", "msgid_plural", "msgstr[1]"]),
    wrap=st.booleans(),
)
def test_fast_string_layout_is_the_general_one(
    value: str, prefix: str, keyword: str, wrap: bool
) -> None:
    general = _wrapped_string(prefix, keyword, value, wrap=wrap, line_breaks=line_breaks)

    assert _format_string(prefix, keyword, value, wrap=wrap) == general


def corpus_files() -> list[Path | None]:
    return [*sorted(CORPUS.glob("**/*.po"))] or [None]  # None: the corpus is absent


# Corpus files msgcat cannot be matched on, each with its reason: none so far.
CORPUS_EXCEPTIONS: dict[str, str] = {}
RTL_OR_CJK = {"fa": "\u0600-\u06ff", "ar": "\u0600-\u06ff", "zh_TW": "\u4e00-\u9fff"}


@pytest.mark.corpus
@needs_gettext
@pytest.mark.parametrize(
    "path",
    corpus_files(),
    ids=lambda path: str(path.relative_to(CORPUS)) if path else "absent",
)
def test_corpus_files_round_trip_as_msgcat_writes_them(path: Path | None) -> None:
    if path is None and os.environ.get("L10N_REQUIRE_CORPUS") == "1":
        pytest.fail(f"no PO samples under {CORPUS} and L10N_REQUIRE_CORPUS=1")
    if path is None:
        pytest.skip(f"corpus absent: {CORPUS}")
    if str(path.relative_to(CORPUS)) in CORPUS_EXCEPTIONS:
        pytest.skip(CORPUS_EXCEPTIONS[str(path.relative_to(CORPUS))])
    po = read_po(path)

    written = format_po(po)

    assert written == msgcat(path)
    again = parse_po(written, name=str(path))
    assert fields(again) == fields(po)
    assert (again.header, dict(again.metadata)) == (po.header, dict(po.metadata))
    script = re.compile(f"[{RTL_OR_CJK.get(path.name.split('.')[-2], 'A-Za-z')}]")
    translated = [entry.msgstr for entry in po if script.search(entry.msgstr)]
    assert translated == [entry.msgstr for entry in again if script.search(entry.msgstr)]


BAD_FILES = {
    "bad-unclosed-string.po": (6, "string not closed"),
    "bad-bare-quote.po": (5, "string not closed, or a bare quote inside it"),
    "bad-msgstr-without-msgid.po": (6, "msgstr without msgid"),
    "bad-invalid-utf8.po": (8, "not valid UTF-8"),
    "bad-escape.po": (6, "invalid control sequence"),
    "bad-missing-msgstr.po": (5, "missing msgstr"),
    "bad-duplicate.po": (9, "duplicate message definition"),  # the msgid line, as msgfmt says
    "bad-plural-without-forms.po": (7, "msgid_plural needs msgstr[n]"),
}


@pytest.mark.parametrize("filename", BAD_FILES)
def test_read_po_rejects_malformed_files_with_name_and_line(filename: str) -> None:
    path = HERE / "pofile" / filename
    line, problem = BAD_FILES[filename]

    with pytest.raises(CatalogError) as error:
        read_po(path)

    assert str(error.value).startswith(f"{path}:{line}: {problem}")


def test_parse_po_names_the_source_in_polib_syntax_errors() -> None:
    with pytest.raises(CatalogError, match=r"^guide\.po:2: "):
        parse_po('msgid "a"\nbogus line\nmsgstr "b"\n', name="guide.po")
