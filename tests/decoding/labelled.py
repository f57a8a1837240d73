"""A labelled decoding set, made at test time: pages in legacy encodings with no declaration,
each with the text a browser shows when told the right encoding.

- netease-gbk: the 74 corpus pages with their charset declarations removed;
- corpus text re-encoded: Russian, Korean, Japanese and Latin-script aeb-news articles,
  netease-gbk ground-truth text, Traditional Chinese and French PO translations, cut into
  article pages of about 1,500 characters and into short ones of one or two sentences;
- Central European text, which the corpus lacks, from Babel's CLDR names (territories,
  languages, months) in Czech, Polish, Hungarian, Slovak, Slovenian, Croatian, Romanian;
- mostly-ASCII pages: an English corpus article whose only non-ASCII text is a few words
  (an editor credit in Chinese, a Russian, Czech or Korean name, ...).

Half of the pages carry `<html lang>` and half do not, since real saved pages vary.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

import polib
from babel import Locale
from conftest import corpus_folder

from l10n.page.whatwg import codec_of, decode_bytes

__all__ = ["ENCODINGS", "LabelledPage", "labelled_pages"]

#: The encodings of the set, in the order the table shows them.
ENCODINGS = (
    "gbk",
    "big5",
    "shift_jis",
    "euc-kr",
    "windows-1251",
    "koi8-r",
    "windows-1250",
    "iso-8859-2",
    "windows-1252",
)
_PAGE_CHARS = 1500
_SHORT_CHARS = 160

#: Plain stand-ins for typographic characters a legacy encoding may lack.
_PLAIN = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "—": "-",
     "–": "-", "…": "...", "\u00a0": " ", "\u200b": "", "\ufeff": "", "•": "*"}
)  # fmt: skip

#: A few words per encoding for the mostly-ASCII pages: what an English article carries.
_FEW_WORDS = {
    "gbk": "Editor: 王晓夏（责任编辑）",
    "big5": "Editor: 陳國華（責任編輯）",
    "shift_jis": "Photo: 山田太郎（東京）",
    "euc-kr": "Reporter: 김민준 기자",
    "windows-1251": "Reporter: Дмитрий Соколов, Москва",
    "koi8-r": "Reporter: Дмитрий Соколов, Москва",
    "windows-1250": "Reporter: Tomáš Dvořák, Brno; photo: Łukasz Żółkiewski",
    "iso-8859-2": "Reporter: Tomáš Dvořák, Brno; photo: Łukasz Żółkiewski",
    "windows-1252": "Reporter: José Muñoz, São Paulo — “exclusive”",
}

_LANGUAGES = {
    "gbk": ("zh",),
    "big5": ("zh-TW",),
    "shift_jis": ("ja",),
    "euc-kr": ("ko",),
    "windows-1251": ("ru", "uk", "bg"),
    "koi8-r": ("ru",),
    "windows-1250": ("cs", "pl", "hu", "sk", "sl", "hr", "ro"),
    "iso-8859-2": ("cs", "pl", "hu", "sk", "sl", "hr", "ro"),
    "windows-1252": ("fr", "de", "es", "pt", "it", "nl", "sv"),
}


@dataclass(frozen=True, slots=True)
class LabelledPage:
    """A page's bytes, the encoding they are in, and the text a browser shows."""

    name: str
    encoding: str
    """The WHATWG name of the encoding the bytes are in."""
    kind: str
    """`page`, `short`, `mostly-ascii` or `netease` (a real page, declaration removed)."""
    data: bytes
    text: str


def _encodable(text: str, encoding: str) -> str:
    codec = codec_of(encoding)
    text = text.translate(_PLAIN)
    return "".join(ch for ch in text if _fits(ch, codec))


def _fits(character: str, codec: str) -> bool:
    try:
        character.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def _page(title: str, paragraphs: list[str], lang: str | None) -> str:
    attribute = f' lang="{lang}"' if lang else ""
    body = "\n".join(f"<p>{html.escape(paragraph, quote=False)}</p>" for paragraph in paragraphs)
    return (
        f"<!DOCTYPE html>\n<html{attribute}>\n<head>\n<title>{html.escape(title)}</title>\n"
        '<link rel="stylesheet" href="/static/site.css">\n</head>\n<body>\n'
        '<nav><a href="/">Home</a> | <a href="/news/">News</a></nav>\n'
        f"<article>\n<h1>{html.escape(title)}</h1>\n{body}\n</article>\n"
        '<footer><a href="/about/">About us</a></footer>\n</body>\n</html>\n'
    )


def _chunks(paragraphs: list[str], size: int) -> Iterator[list[str]]:
    chunk: list[str] = []
    length = 0
    for paragraph in paragraphs:
        chunk.append(paragraph)
        length += len(paragraph)
        if length >= size:
            yield chunk
            chunk, length = [], 0
    if length >= size // 3:
        yield chunk


def _pages_from_text(
    source: str, encoding: str, paragraphs: list[str], *, count: int
) -> Iterator[LabelledPage]:
    """Article pages and short pages from one text, with and without `lang`."""
    languages = _LANGUAGES[encoding]
    paragraphs = [p for p in (_encodable(p, encoding).strip() for p in paragraphs) if p]
    paragraphs = [p for p in paragraphs if not p.isascii()]
    for number, chunk in enumerate(_chunks(paragraphs, _PAGE_CHARS)):
        if number >= count:
            break
        lang = languages[number % len(languages)] if number % 2 == 0 else None
        for kind, body in (("page", chunk), ("short", [chunk[0][:_SHORT_CHARS]])):
            text = _page(body[0][:60], body, lang)
            name = f"{encoding}/{source}-{number}-{kind}"
            yield LabelledPage(name, encoding, kind, text.encode(codec_of(encoding)), text)


def _aeb_articles() -> dict[str, str]:
    truth = json.loads((corpus_folder("aeb-news") / "ground-truth.json").read_text("utf-8"))
    return {key: value["articleBody"] for key, value in sorted(truth.items())}


def _script_share(text: str, low: int, high: int) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    return sum(low <= ord(ch) < high for ch in letters) / max(1, len(letters))


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in re.split(r"\n+|(?<=[.!?。])\s+", text) if line.strip()]


def _corpus_texts() -> Iterator[tuple[str, str, list[str]]]:
    """(source, encoding, paragraphs) for every corpus text that fits a legacy encoding."""
    articles = _aeb_articles()
    scripts = {
        "cyrillic": ((0x400, 0x500), ("windows-1251", "koi8-r")),
        "hangul": ((0xAC00, 0xD7B0), ("euc-kr",)),
        "kana": ((0x3040, 0x3100), ("shift_jis",)),
    }
    for key, text in articles.items():
        for script, ((low, high), encodings) in scripts.items():
            share = _script_share(text, low, high)
            if share > (0.05 if script == "kana" else 0.5):
                for encoding in encodings:
                    yield f"aeb-{script}-{key[:8]}", encoding, _paragraphs(text)
        latin = sum(0xC0 <= ord(ch) < 0x180 for ch in text)
        if latin > 30 and _script_share(text, 0x41, 0x250) > 0.9:
            for encoding in ("windows-1252", "windows-1250", "iso-8859-2"):
                yield f"aeb-latin-{key[:8]}", encoding, _paragraphs(text)
    folder = corpus_folder("netease-gbk") / "Text"
    for path in sorted(folder.glob("*.txt"), key=lambda p: int(p.stem))[:40]:
        text = path.read_bytes().decode("gb18030", errors="replace")
        yield f"netease-text-{path.stem}", "gbk", _paragraphs(text)
    tails = corpus_folder("po-samples") / "tails-news"
    for path in sorted(tails.rglob("*.zh_TW.po"))[:30]:
        msgstrs = [entry.msgstr for entry in polib.pofile(str(path)) if entry.msgstr]
        plain = [re.sub(r"<[^>]*>|\[\[[^]]*\]\]|https?://\S+", "", s) for s in msgstrs]
        yield f"tails-{path.stem}", "big5", plain
    docs = corpus_folder("po-samples") / "python-docs-fr"
    for path in sorted(docs.rglob("*.po"))[:10]:
        msgstrs = [entry.msgstr for entry in polib.pofile(str(path)) if entry.msgstr]
        yield f"docs-fr-{path.stem}", "windows-1252", [re.sub(r"[`*:]", "", s) for s in msgstrs]


def _cldr_texts() -> Iterator[tuple[str, str, list[str]]]:
    """Names from Babel's CLDR data, for the languages and scripts the corpus lacks."""
    wanted = {
        "windows-1250": ("cs", "pl", "hu", "sk", "sl", "hr", "ro"),
        "iso-8859-2": ("cs", "pl", "hu", "sk", "sl", "hr", "ro"),
        "windows-1251": ("ru", "uk", "bg"),
        "koi8-r": ("ru",),
        "shift_jis": ("ja",),
        "euc-kr": ("ko",),
        "big5": ("zh_Hant",),
    }
    for encoding, codes in wanted.items():
        for code in codes:
            locale = Locale.parse(code)
            names = [*locale.territories.values(), *locale.languages.values()]
            names += [*locale.months["format"]["wide"].values()]
            sentences = [", ".join(names[i : i + 12]) + "." for i in range(0, len(names), 12)]
            yield f"cldr-{code}", encoding, sentences


def _english_paragraphs() -> Iterator[tuple[str, list[str]]]:
    for key, text in _aeb_articles().items():
        if text.isascii() and len(text) > 2000:
            yield key[:8], _paragraphs(text)[:12]


def _mostly_ascii_pages() -> Iterator[LabelledPage]:
    english = list(_english_paragraphs())[:6]
    for encoding, words in _FEW_WORDS.items():
        for number, (key, paragraphs) in enumerate(english):
            lang = "en" if number % 2 == 0 else None
            text = _page(paragraphs[0][:60], [*paragraphs, words], lang)
            name = f"{encoding}/mostly-ascii-{key}"
            data = text.encode(codec_of(encoding))
            yield LabelledPage(name, encoding, "mostly-ascii", data, text)


_DECLARATION = re.compile(rb"<meta[^>]*charset[^>]*>", re.IGNORECASE)


def _netease_pages() -> Iterator[LabelledPage]:
    folder = corpus_folder("netease-gbk") / "RawHtml"
    for path in sorted(folder.glob("*.html"), key=lambda p: int(p.stem)):
        data = _DECLARATION.sub(b"", path.read_bytes())
        yield LabelledPage(
            f"gbk/netease-{path.stem}", "gbk", "netease", data, decode_bytes(data, "gbk").text
        )


def labelled_pages() -> list[LabelledPage]:
    """The whole set (skips the test when the corpus is absent, as `corpus_folder` does)."""
    pages = list(_netease_pages())
    for source, encoding, paragraphs in [*_corpus_texts(), *_cldr_texts()]:
        pages.extend(_pages_from_text(source, encoding, paragraphs, count=4))
    pages.extend(_mostly_ascii_pages())
    return pages
