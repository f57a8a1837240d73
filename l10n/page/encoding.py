"""Turning the bytes of an HTML page into Unicode text the way a browser does, and saying
how the encoding was decided whenever it was not simply the page's own declaration.

The order is the browser's (SPEC.md "Reading a page"): a byte order mark; else a
declaration (`<meta charset>`, `http-equiv`, XML), authoritative and decoded with U+FFFD
where bytes are invalid, except that bytes which are valid UTF-8 with non-ASCII text are
UTF-8 whatever the label says; with no declaration, valid UTF-8, else a detector. The
detector is Firefox's (chardetng), chosen by measurement on a labelled set
(docs/decoding.md), given the country of `<html lang>` where a browser would use the
site's domain.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from enum import Enum

import chardetng_py

from l10n.errors import SourceError
from l10n.page.whatwg import codec_of, decode_bytes, display_name, whatwg_name

__all__ = ["Decision", "DecodedPage", "DecodingReport", "decode_html", "detect_encoding"]


class Decision(Enum):
    """How the encoding of a page was decided."""

    DECLARED = "declared"
    """The byte order mark or the declaration."""
    UNDECLARED_UTF8 = "undeclared UTF-8"
    """No declaration, and the bytes are valid UTF-8 (or ASCII)."""
    UTF8_OVER_LABEL = "UTF-8 over the label"
    """A legacy label on bytes that are valid UTF-8 with non-ASCII text."""
    DETECTED = "detected"
    """No declaration, not UTF-8: the detector chose."""
    DECLARATION_WRONG = "declaration wrong"
    """Most non-ASCII bytes are invalid in the declared encoding: the detector chose."""


@dataclass(frozen=True, slots=True)
class DecodingReport:
    """What was decided about a page's encoding, for `check --sources` and `extract`."""

    message: str
    """E.g. `decoded as GBK: no declaration, detected`."""
    line: int
    """The line of the first invalid byte, else 1."""
    invalid: int = 0
    """How many invalid byte sequences became U+FFFD."""


@dataclass(frozen=True, slots=True)
class DecodedPage:
    """A page as Unicode, with how its encoding was decided."""

    text: str
    """The page as Unicode, byte order mark removed."""
    encoding: str
    """The Python codec actually used, e.g. `utf-8`, `gb18030`, `cp1252`."""
    declared: str | None
    """The WHATWG name of the encoding the page declared (BOM or meta), or `None`."""
    decision: Decision = Decision.DECLARED
    used: str = "utf-8"
    """The WHATWG name of the encoding used."""
    invalid: int = 0
    """How many invalid byte sequences were replaced with U+FFFD."""
    invalid_line: int | None = None
    """The line of the first invalid byte, or `None`."""
    label: str | None = None
    """The declaration's encoding where a byte order mark overrode it."""

    @property
    def detected(self) -> bool:
        """Whether the declaration was missing or set aside."""
        return self.decision is not Decision.DECLARED

    @property
    def note(self) -> str | None:
        """What was decided, for the producer; `None` for "the declared encoding, cleanly"
        and for an undeclared page that is valid UTF-8.

        >>> DecodedPage("x", "gb18030", None, Decision.DETECTED, "gbk").note
        'decoded as GBK: no declaration, detected'
        """
        reasons: list[str] = []
        declared = display_name(self.declared) if self.declared else None
        if self.decision is Decision.DETECTED:
            reasons.append("no declaration, detected")
        elif self.decision is Decision.UTF8_OVER_LABEL:
            reasons.append(f"declared {declared} but the bytes are valid UTF-8")
        elif self.decision is Decision.DECLARATION_WRONG:
            reasons.append(f"declared {declared} but most of its bytes are invalid there, detected")
        elif self.label is not None:
            reasons.append(f"byte order mark, the page declares {display_name(self.label)}")
        if self.invalid:
            where = f", first at line {self.invalid_line}" if self.invalid_line else ""
            plural = "s" if self.invalid != 1 else ""
            reasons.append(f"{self.invalid} invalid byte sequence{plural} shown as U+FFFD{where}")
        if not reasons:
            return None
        return f"decoded as {display_name(self.used)}: {'; '.join(reasons)}"

    @property
    def report(self) -> DecodingReport | None:
        """The note with its line, or `None` when there is nothing to say."""
        note = self.note
        return None if note is None else DecodingReport(note, self.invalid_line or 1, self.invalid)


_PRESCAN_BYTES = 4096
_BINARY_BYTES = 1024
_CONTROL_BYTES = re.compile(rb"[\x01-\x08\x0e-\x1a\x1c-\x1f]")
_CONTROL_BYTES_ALLOWED = 8
#: A declared page is decoded as declared unless more than this share of its non-ASCII
#: bytes is invalid there: then the label names another encoding altogether (a GBK page
#: labelled UTF-8), not a page with a few damaged bytes.
_WRONG_LABEL_SHARE = 0.2
_WRONG_LABEL_MINIMUM = 16
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16le"),
    (codecs.BOM_UTF16_BE, "utf-16be"),
)
_COMMENT = re.compile(rb"<!--.*?(?:-->|\Z)", re.DOTALL)
_META = re.compile(rb"<meta[\s/]([^>]*)", re.IGNORECASE)
_ATTRIBUTE = re.compile(rb"""([^\s=/>]+)\s*(?:=\s*("[^"]*"|'[^']*'|[^\s>]*))?""")
_CONTENT_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([^\s"';]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(
    rb"""\A\s*<\?xml[^>]*?\sencoding\s*=\s*["']([^"']+)["']""", re.IGNORECASE
)
_HTML_LANG = re.compile(rb"""<html[^>]*?\slang\s*=\s*["']?\s*([A-Za-z]{2,3})(?:[-_]([A-Za-z]+))?""")
_NON_ASCII = re.compile(rb"[\x80-\xff]+")
#: What the detector reads of a long page: measured on the labelled set, as right as the
#: whole page (docs/decoding.md) at a small part of the cost.
_SAMPLE_BYTES = 2048
_CONTEXT = 4

#: The country domain a browser would have seen for a page in this language: chardetng
#: weighs its guesses by the top-level domain, and a saved page has only its `lang`.
_LANGUAGE_DOMAINS = {
    "zh": "cn", "ja": "jp", "ko": "kr", "ru": "ru", "uk": "ua", "be": "by", "bg": "bg",
    "sr": "rs", "mk": "mk", "kk": "kz", "cs": "cz", "sk": "sk", "pl": "pl", "hu": "hu",
    "sl": "si", "hr": "hr", "bs": "ba", "ro": "ro", "el": "gr", "tr": "tr", "he": "il",
    "ar": "sa", "fa": "ir", "th": "th", "vi": "vn", "lt": "lt", "lv": "lv", "et": "ee",
    "de": "de", "fr": "fr", "es": "es", "it": "it", "pt": "pt", "nl": "nl", "sv": "se",
    "da": "dk", "fi": "fi", "no": "no", "nb": "no", "is": "is",
}  # fmt: skip
_TRADITIONAL = {"tw": "tw", "hk": "hk", "mo": "mo", "hant": "tw"}


def _meta_name(label: bytes) -> str | None:
    """Map a label found in the page as the HTML prescan does (UTF-16 there means UTF-8).

    >>> _meta_name(b"utf-16"), _meta_name(b"x-user-defined"), _meta_name(b"x-gbk")
    ('utf-8', 'windows-1252', 'gbk')
    """
    text = label.decode("ascii", errors="replace").strip().lower()
    if text == "x-user-defined":
        return "windows-1252"
    name = whatwg_name(text)
    return "utf-8" if name in ("utf-16le", "utf-16be") else name


def _prescan(head: bytes) -> str | None:
    """Return the WHATWG name a page head declares in a meta tag or XML declaration.

    >>> _prescan(b'<meta http-equiv="Content-Type" content="text/html; charset=GBK">')
    'gbk'
    >>> _prescan(b'<!-- <meta charset="big5"> --><META CHARSET=iso-8859-1>')
    'windows-1252'
    """
    for meta in _META.finditer(_COMMENT.sub(b"", head)):
        attributes = {
            key.lower(): value.strip(b"\"'") for key, value in _ATTRIBUTE.findall(meta.group(1))
        }
        label = attributes.get(b"charset")
        if label is None and attributes.get(b"http-equiv", b"").lower() == b"content-type":
            found = _CONTENT_CHARSET.search(attributes.get(b"content", b""))
            label = found.group(1) if found else None
        name = _meta_name(label) if label else None
        if name is not None:
            return name
    declaration = _XML_DECLARATION.match(head)
    return _meta_name(declaration.group(1)) if declaration else None


def _domain_hint(head: bytes) -> bytes | None:
    """The country domain `<html lang>` suggests, as chardetng takes it.

    >>> _domain_hint(b'<html lang="zh-TW">'), _domain_hint(b"<html lang=ru>")
    (b'tw', b'ru')
    >>> _domain_hint(b'<html lang="en">'), _domain_hint(b"<html>")
    (None, None)
    """
    found = _HTML_LANG.search(head)
    if found is None:
        return None
    language = found.group(1).decode("ascii").lower()
    region = (found.group(2) or b"").decode("ascii").lower()
    if language == "zh" and region in _TRADITIONAL:
        return _TRADITIONAL[region].encode("ascii")
    domain = _LANGUAGE_DOMAINS.get(language)
    return domain.encode("ascii") if domain else None


def _sample(data: bytes, limit: int) -> bytes:
    r"""The non-ASCII runs of a page with a few bytes of context, up to `limit` bytes: what
    tells encodings apart (markup and English are ASCII in all of them), at a bounded
    cost: on a whole 160 KB page the detector takes some 25 ms, on this 1.5 ms.

    >>> _sample(b"<p>caf\xe9</p>" + b"<br>" * 5 + b"<p>na\xefve</p>", 24)
    b'>caf\xe9</p>\np>na\xefve</'
    """
    if len(data) <= limit:
        return data
    spans: list[list[int]] = []
    size = 0
    for run in _NON_ASCII.finditer(data):
        start, stop = run.start() - _CONTEXT, run.end() + _CONTEXT
        if spans and start <= spans[-1][1]:  # close runs stay one piece: no cut characters
            size += stop - spans[-1][1]
            spans[-1][1] = stop
        else:
            start = max(0, start)
            spans.append([start, stop])
            size += stop - start
        if size >= limit:
            # End on a space or tag, which no multi-byte encoding has inside a character.
            cut = max(data.rfind(b" ", spans[-1][0], stop - size + limit), spans[-1][0])
            spans[-1][1] = max(cut, data.rfind(b"<", spans[-1][0], stop - size + limit))
            break
    return b"\n".join(data[start:stop] for start, stop in spans)


def detect_encoding(data: bytes) -> str:
    """The WHATWG name of the legacy encoding a page without a declaration is most likely in.

    >>> detect_encoding("Editor: 王晓夏（责任编辑）".encode("gbk"))
    'gbk'
    """
    detector = chardetng_py.EncodingDetector()
    detector.feed(_sample(data, _SAMPLE_BYTES), last=True)
    guess = detector.guess(tld=_domain_hint(data[:_PRESCAN_BYTES]), allow_utf8=False)
    name = whatwg_name(guess) or "windows-1252"
    # chardetng detects GBK and names it by its decoder, which GBK shares with GB18030.
    return "gbk" if name == "gb18030" else name


def _line_of(data: bytes, offset: int | None) -> int | None:
    return None if offset is None else data.count(b"\n", 0, offset) + 1


def _decoded(
    data: bytes, name: str, *, declared: str | None, decision: Decision, offset: int = 0
) -> DecodedPage:
    result = decode_bytes(data[offset:], name)
    line = _line_of(data, None if result.first_invalid is None else result.first_invalid + offset)
    return DecodedPage(
        result.text,
        codec_of(name),
        declared,
        decision,
        name,
        invalid=result.invalid,
        invalid_line=line,
    )


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _mostly_invalid(page: DecodedPage, data: bytes) -> bool:
    """Whether the declared encoding fits so few of the page's non-ASCII bytes that it
    cannot be the page's encoding."""
    if page.invalid < _WRONG_LABEL_MINIMUM:
        return False
    non_ascii = sum(len(run) for run in _NON_ASCII.findall(data))
    return page.invalid > _WRONG_LABEL_SHARE * non_ascii


def _is_binary(head: bytes) -> bool:
    r"""Whether the start of a file is binary data: a NUL byte, or control bytes no text
    encoding without a byte order mark uses (ESC is ISO-2022-JP's), more than a stray few.

    >>> _is_binary(b"%PDF-1.7\n" + bytes(range(1, 32))), _is_binary(b"<p>a\x08b")
    (True, False)
    """
    return b"\x00" in head or len(_CONTROL_BYTES.findall(head)) > _CONTROL_BYTES_ALLOWED


def _checked(page: DecodedPage, *, name: str) -> DecodedPage:
    if not page.text.strip():
        raise SourceError(f"{name}: empty file")
    return page


def decode_html(data: bytes, *, name: str) -> DecodedPage:
    """Decode an HTML page: byte order mark, then declared charset, else detection.

    Invalid bytes never refuse a page: they become U+FFFD, as in a browser, and the
    returned page says so (`DecodedPage.note`).

    Args:
        data: the page as read from disk.
        name: the file name that starts error messages.

    Raises:
        SourceError: the page is empty or binary.
    """
    if not data.strip():
        raise SourceError(f"{name}: empty file")
    for bom, bom_name in _BOMS:
        if data.startswith(bom):
            page = _decoded(
                data, bom_name, declared=bom_name, decision=Decision.DECLARED, offset=len(bom)
            )
            label = _prescan(page.text[:_PRESCAN_BYTES].encode("ascii", errors="replace"))
            # The prescan reads a UTF-16 label as UTF-8, so that one is no contradiction.
            same = label == bom_name or (label == "utf-8" and bom_name != "utf-8")
            if label is not None and not same:
                page = _with_label(page, label)
            return _checked(page, name=name)
    if _is_binary(data[:_BINARY_BYTES]):
        raise SourceError(f"{name}: not text (binary data)")
    declared = _prescan(data[:_PRESCAN_BYTES])
    if declared is None:
        if _is_utf8(data):
            page = DecodedPage(data.decode("utf-8"), "utf-8", None, Decision.UNDECLARED_UTF8)
            return _checked(page, name=name)
        detected = detect_encoding(data)
        return _checked(
            _decoded(data, detected, declared=None, decision=Decision.DETECTED), name=name
        )
    # Valid UTF-8 with non-ASCII bytes is practically never legacy text, so a legacy label
    # on it is a mistake (a template copied from an older site); ASCII fits any label.
    if codec_of(declared) != "utf-8" and not data.isascii() and _is_utf8(data):
        page = DecodedPage(data.decode("utf-8"), "utf-8", declared, Decision.UTF8_OVER_LABEL)
        return _checked(page, name=name)
    page = _decoded(data, declared, declared=declared, decision=Decision.DECLARED)
    if _mostly_invalid(page, data):
        detected = detect_encoding(data)
        other = _decoded(data, detected, declared=declared, decision=Decision.DECLARATION_WRONG)
        if other.invalid < page.invalid:
            page = other
    return _checked(page, name=name)


def _with_label(page: DecodedPage, label: str) -> DecodedPage:
    return DecodedPage(
        page.text,
        page.encoding,
        page.declared,
        page.decision,
        page.used,
        invalid=page.invalid,
        invalid_line=page.invalid_line,
        label=label,
    )
