"""Turning the bytes of an HTML page into Unicode text, the way a browser would."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from types import MappingProxyType

import charset_normalizer

from l10n.errors import SourceError

__all__ = ["DecodedPage", "decode_html"]


@dataclass(frozen=True, slots=True)
class DecodedPage:
    """A page as Unicode, with how its encoding was decided."""

    text: str
    """The page as Unicode, byte order mark removed."""
    encoding: str
    """The Python codec actually used, e.g. `utf-8`, `gb18030`, `cp1252`."""
    declared: str | None
    """The WHATWG name of the encoding the page declared (BOM or meta), or `None`."""
    detected: bool
    """True when the declaration was missing or contradicted and detection decided."""


# One row per WHATWG encoding: its name, the Python codec that decodes it, then its labels
# (indented lines continue a row). Each codec is the Python superset of what browsers decode for
# that name: GBK pages use GB18030 extensions, "iso-8859-1" is windows-1252, "shift_jis" is
# Microsoft's cp932, "euc-kr" is cp949, "big5" includes HKSCS. Labels beyond WHATWG's
# (cp936, uhc, latin-1, ...) are Python names the detector returns.
_TABLE = """
utf-8          utf-8      unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf8 x-unicode20utf8
utf-16le       utf-16-le  csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16
utf-16be       utf-16-be  unicodefffe
ibm866         cp866      866 cp866 csibm866
iso-8859-2     iso8859-2  csisolatin2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2
                          latin2
iso-8859-3     iso8859-3  csisolatin3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3
                          latin3
iso-8859-4     iso8859-4  csisolatin4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 l4 latin4
iso-8859-5     iso8859-5  csisolatincyrillic cyrillic iso-ir-144 iso8859-5 iso88595 iso_8859-5
                          iso_8859-5:1988
iso-8859-6     iso8859-6  arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114
                          iso-8859-6-e iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6
iso-8859-7     iso8859-7  csisolatingreek ecma-118 elot_928 greek greek8 iso-ir-126 iso8859-7
                          iso88597 iso_8859-7 sun_eu_greek
iso-8859-8     iso8859-8  csiso88598e csisolatinhebrew hebrew iso-8859-8-e iso-ir-138 iso8859-8
                          iso88598 iso_8859-8 visual
iso-8859-8-i   iso8859-8  csiso88598i logical
iso-8859-10    iso8859-10 csisolatin6 iso-ir-157 iso8859-10 iso885910 l6 latin6
iso-8859-13    iso8859-13 iso8859-13 iso885913
iso-8859-14    iso8859-14 iso8859-14 iso885914
iso-8859-15    iso8859-15 csisolatin9 iso8859-15 iso885915 iso_8859-15 l9
iso-8859-16    iso8859-16
koi8-r         koi8-r     cskoi8r koi koi8 koi8_r
koi8-u         koi8-u     koi8-ru
macintosh      mac-roman  csmacintosh mac mac-roman x-mac-roman
x-mac-cyrillic mac-cyrillic x-mac-ukrainian mac-cyrillic
windows-874    cp874      dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 cp874
windows-1250   cp1250     cp1250 x-cp1250
windows-1251   cp1251     cp1251 x-cp1251
windows-1252   cp1252     ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1
                          iso-ir-100 iso8859-1 iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1
                          latin-1 us-ascii x-cp1252
windows-1253   cp1253     cp1253 x-cp1253
windows-1254   cp1254     cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9
                          l5 latin5 x-cp1254
windows-1255   cp1255     cp1255 x-cp1255
windows-1256   cp1256     cp1256 x-cp1256
windows-1257   cp1257     cp1257 x-cp1257
windows-1258   cp1258     cp1258 x-cp1258
gbk            gb18030    chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 iso-ir-58
                          x-gbk cp936 ms936
gb18030        gb18030
big5           big5hkscs  big5-hkscs cn-big5 csbig5 x-x-big5 cp950
euc-jp         euc-jp     cseucpkdfmtjapanese x-euc-jp
iso-2022-jp    iso2022-jp csiso2022jp
shift_jis      cp932      csshiftjis ms932 ms_kanji shift-jis sjis windows-31j x-sjis cp932
euc-kr         cp949      cseuckr csksc56011987 iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989
                          ksc5601 ksc_5601 windows-949 cp949 uhc
"""
_ROWS = [row.split() for row in re.sub(r"\n[ ]+", " ", _TABLE).strip().splitlines()]
_CODECS = MappingProxyType({row[0]: row[1] for row in _ROWS})
_LABELS = MappingProxyType({label: row[0] for row in _ROWS for label in (row[0], *row[2:])})

_PRESCAN_BYTES = 4096
_BINARY_BYTES = 1024
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


def _whatwg_name(label: str) -> str | None:
    """Return the WHATWG encoding name for a label, or `None` for an unknown one.

    >>> _whatwg_name(" GB2312 "), _whatwg_name("latin1"), _whatwg_name("klingon")
    ('gbk', 'windows-1252', None)
    """
    return _LABELS.get(label.strip().lower())


def _meta_name(label: bytes) -> str | None:
    """Map a label found in the page as the HTML prescan does (UTF-16 there means UTF-8).

    >>> _meta_name(b"utf-16"), _meta_name(b"x-user-defined"), _meta_name(b"x-gbk")
    ('utf-8', 'windows-1252', 'gbk')
    """
    text = label.decode("ascii", errors="replace").strip().lower()
    if text == "x-user-defined":
        return "windows-1252"
    name = _whatwg_name(text)
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


def _detector_codec(encoding: str) -> str:
    """Widen a codec name the detector chose to the superset browsers decode.

    >>> _detector_codec("gb2312"), _detector_codec("latin_1"), _detector_codec("cp437")
    ('gb18030', 'cp1252', 'cp437')
    """
    python_name = codecs.lookup(encoding).name
    if python_name.startswith(("utf-16", "utf-32")):
        return python_name
    name = _whatwg_name(python_name) or _whatwg_name(python_name.replace("_", "-"))
    return _CODECS[name] if name is not None else python_name


def _decode_strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _detect(data: bytes, *, name: str, declared: str | None) -> DecodedPage:
    text = _decode_strict(data, "utf-8")
    if text is not None:
        return DecodedPage(text, "utf-8", declared, detected=True)
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    # Short Latin text often fits cp1250, cp1252 and cp1257 equally well; like a browser
    # without a declaration, prefer windows-1252 among equals.
    best = next(
        (
            match
            for match in matches
            if best is not None
            and (match.chaos, match.coherence) == (best.chaos, best.coherence)
            and _detector_codec(match.encoding) == "cp1252"
        ),
        best,
    )
    if best is None:
        if declared is None:
            raise SourceError(f"{name}: not text (binary data)")
        raise SourceError(f"{name}: cannot be decoded as {declared} (declared) or detected")
    codec = _detector_codec(best.encoding)
    text = _decode_strict(data, codec)
    if text is None:
        codec, text = codecs.lookup(best.encoding).name, str(best)
    return DecodedPage(text, codec, declared, detected=True)


def _checked(page: DecodedPage, *, name: str) -> DecodedPage:
    if not page.text.strip():
        raise SourceError(f"{name}: empty file")
    return page


def decode_html(data: bytes, *, name: str) -> DecodedPage:
    """Decode an HTML page: byte order mark, then declared charset, else detection.

    Args:
        data: the page as read from disk.
        name: the file name that starts error messages.

    Raises:
        SourceError: the page is empty, binary, or cannot be decoded.
    """
    if not data.strip():
        raise SourceError(f"{name}: empty file")
    for bom, bom_name in _BOMS:
        if data.startswith(bom):
            codec = _CODECS[bom_name]
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as error:
                raise SourceError(
                    f"{name}: cannot be decoded as {bom_name} (byte order mark): "
                    f"{error.reason} at byte {error.start + len(bom)}"
                ) from error
            return _checked(DecodedPage(text, codec, bom_name, detected=False), name=name)
    if b"\x00" in data[:_BINARY_BYTES]:
        raise SourceError(f"{name}: not text (binary data)")
    declared = _prescan(data[:_PRESCAN_BYTES])
    if declared is None:
        return _checked(_detect(data, name=name, declared=None), name=name)
    codec = _CODECS[declared]
    # Valid UTF-8 with non-ASCII bytes is practically never legacy text, so a legacy label
    # on it is a mistake (a template copied from an older site); ASCII fits any label.
    if codec != "utf-8" and not data.isascii() and _decode_strict(data, "utf-8") is not None:
        return _checked(_detect(data, name=name, declared=declared), name=name)
    decoded = _decode_strict(data, codec)
    if decoded is None:
        return _checked(_detect(data, name=name, declared=declared), name=name)
    return _checked(DecodedPage(decoded, codec, declared, detected=False), name=name)
