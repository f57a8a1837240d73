"""The WHATWG Encoding Standard that browsers follow: labels, and decoding bytes the way a
browser does where Python's codecs differ (invalid bytes, C1 bytes, GB18030's index).

Python's codecs are close to the standard but not the same. Where they differ the page
would read otherwise than in the reader's browser, so this module corrects them:

- windows-125x and windows-874 bytes that Python leaves undefined in 0x80-0x9F are the
  C1 control with the same number in the standard; KOI8-U is the standard's KOI8-RU.
- Invalid multi-byte sequences give one U+FFFD each, and an ASCII byte that cannot end
  a sequence is read again as itself (the standard's "prepend"), not swallowed.
- GB18030 follows the standard's index: 0x80 is the euro sign, 0xA8BC is U+1E3F, and the
  eighteen codes that GB18030-2022 moved out of the private-use area (vertical forms
  0xA6D9-0xA6F3, CJK 0xFE59-0xFEA0) decode to their characters, not to private use.
"""

from __future__ import annotations

import codecs
import functools
import re
from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["Decoded", "codec_of", "decode_bytes", "display_name", "whatwg_name"]

# One row per WHATWG encoding: its name, the Python codec that decodes it, then its labels
# (indented lines continue a row). Each codec is the Python superset of what browsers decode for
# that name: GBK pages use GB18030 extensions, "iso-8859-1" is windows-1252, "shift_jis" is
# Microsoft's cp932, "euc-kr" is cp949, "big5" includes HKSCS. Labels beyond WHATWG's
# (cp936, uhc, latin-1, ...) are Python names detectors return.
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
_DISPLAY = MappingProxyType(
    {"big5": "Big5", "shift_jis": "Shift_JIS", "macintosh": "macintosh", "ibm866": "IBM866"}
)

_MULTI_BYTE = frozenset({"utf-8", "utf-16-le", "utf-16-be", "gb18030", "big5hkscs", "cp932"})
_MULTI_BYTE |= {"cp949", "euc-jp", "iso2022-jp"}


@functools.cache
def _single_byte_table(codec: str) -> str:
    """The 256 characters a single-byte encoding decodes to, U+FFFE where it has none.

    Made on first use: building all thirty at import (each codec module imported to
    decode 256 bytes) was 50 ms of every `extract`, whose pages are mostly UTF-8."""
    table = []
    for byte in range(256):
        try:
            table.append(bytes([byte]).decode(codec))
        except UnicodeDecodeError:
            # The standard's windows-* indexes give the C1 control for bytes Windows leaves
            # undefined (0x81 in windows-1252 is U+0081, shown as such by browsers).
            c1 = codec.startswith("cp") and 0x80 <= byte <= 0x9F
            table.append(chr(byte) if c1 else "\ufffe")
    if codec == "koi8-u":  # the standard's KOI8-U is KOI8-RU: two more Cyrillic letters
        table[0xAE], table[0xBE] = "\u045e", "\u040e"
    elif codec == "cp1255":  # Hebrew point holam haser for vav, defined by the standard
        table[0xCA] = "\u05ba"
    return "".join(table)


@functools.cache
def _gb18030_fixes() -> dict[int, str]:
    """Private-use characters Python's GB18030 (2000 edition) gives where the standard's
    index has a real character."""
    targets = {
        b"\xa8\xbc": "\u1e3f",
        **{bytes([0xA6, low]): chr(0xFE10 + i) for i, low in enumerate(range(0xD9, 0xE0))},
        b"\xa6\xec": "\ufe17",
        b"\xa6\xed": "\ufe18",
        b"\xa6\xf3": "\ufe19",
    }
    targets[b"\xa6\xda"], targets[b"\xa6\xdb"] = "\ufe12", "\ufe11"
    for i, low in enumerate((0x59, 0x61, 0x66, 0x67, 0x6D, 0x7E, 0x90, 0xA0)):
        targets[bytes([0xFE, low])] = chr(0x9FB4 + i)
    return {ord(code.decode("gb18030")): target for code, target in targets.items()}


@functools.cache
def _gb18030_private() -> tuple[str, ...]:
    """The private-use characters `_gb18030_fixes` replaces (made on first use, as the
    GB18030 codec is imported only for a page that needs it)."""
    return tuple(map(chr, _gb18030_fixes()))


#: Python's cp932 decodes 0xA0 and 0xFD-0xFF to private use; the standard has no such bytes.
_SHIFT_JIS_PRIVATE = re.compile("[\uf8f0-\uf8f3]")

_HANDLER = "l10n-whatwg"


def _lead_ranges(codec: str) -> tuple[range, ...]:
    if codec == "cp932":
        return (range(0x81, 0xA0), range(0xE0, 0xFD))
    return (range(0x81, 0xFF),)


def _replace_as_whatwg(error: UnicodeError) -> tuple[str, int]:
    """A codec error handler: one U+FFFD per invalid sequence, as the standard's decoders
    emit, resuming where they resume."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    data, start, codec = error.object, error.start, error.encoding
    if codec not in ("gb18030", "big5hkscs", "cp932", "cp949"):
        return "\ufffd", error.end
    lead = data[start]
    if codec == "gb18030" and lead == 0x80:
        return "\u20ac", start + 1
    if not any(lead in leads for leads in _lead_ranges(codec)):
        return "\ufffd", start + 1
    if start + 1 >= len(data):
        return "\ufffd", len(data)
    second = data[start + 1]
    if codec == "gb18030" and 0x30 <= second <= 0x39:
        rest = data[start + 2 : start + 4]
        if rest[:1] and not 0x81 <= rest[0] <= 0xFE:
            return "\ufffd", start + 1
        if len(rest) < 2:  # cut short by the end of the page: one error for all of it
            return "\ufffd", len(data)
        return "\ufffd", start + (4 if 0x30 <= rest[1] <= 0x39 else 1)
    # An ASCII byte after a lead is read again as itself; any other byte ends the sequence.
    return "\ufffd", start + (1 if second < 0x80 else 2)


codecs.register_error(_HANDLER, _replace_as_whatwg)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded as a browser decodes it, and where the bytes were invalid."""

    text: str
    invalid: int
    """How many invalid byte sequences became U+FFFD."""
    first_invalid: int | None
    """The offset of the first invalid byte, or `None` when every byte was valid."""


def whatwg_name(label: str) -> str | None:
    """Return the WHATWG encoding name for a label, or `None` for an unknown one.

    >>> whatwg_name(" GB2312 "), whatwg_name("latin1"), whatwg_name("klingon")
    ('gbk', 'windows-1252', None)
    """
    return _LABELS.get(label.strip().lower())


def codec_of(name: str) -> str:
    """The Python codec this module decodes a WHATWG encoding with.

    >>> codec_of("gbk"), codec_of("shift_jis")
    ('gb18030', 'cp932')
    """
    return _CODECS[name]


def display_name(name: str) -> str:
    """A WHATWG name as the standard writes it in prose.

    >>> display_name("gbk"), display_name("windows-1251"), display_name("shift_jis")
    ('GBK', 'windows-1251', 'Shift_JIS')
    """
    if name in _DISPLAY:
        return _DISPLAY[name]
    return name if name.startswith(("windows-", "x-")) else name.upper()


def _decode_once(data: bytes, codec: str, errors: str) -> str:
    if codec in _MULTI_BYTE:
        return data.decode(codec, errors)
    return codecs.charmap_decode(data, errors, _single_byte_table(codec))[0]


def decode_bytes(data: bytes, name: str) -> Decoded:
    """Decode bytes in a WHATWG encoding (no byte order mark handling here).

    >>> decode_bytes(b"caf\\xe9 \\x81", "windows-1252").text
    'café \\x81'
    >>> decode_bytes(b"\\xa1\\xa1\\x80\\xa1 x\\xa6\\xd9", "gbk").text
    '\\u3000€\\ufffd x︐'
    >>> decode_bytes(b"ok \\xe2\\x82 \\xff", "utf-8")
    Decoded(text='ok \\ufffd \\ufffd', invalid=2, first_invalid=3)
    """
    codec = _CODECS[name]
    first_invalid: int | None = None
    try:
        text = _decode_once(data, codec, "strict")
    except UnicodeDecodeError as error:
        first_invalid = error.start
        text = _decode_once(data, codec, _HANDLER)
    # One search per character: a fifth of what a character class costs over a page.
    if codec == "gb18030" and any(char in text for char in _gb18030_private()):
        text = text.translate(_gb18030_fixes())
    elif codec == "cp932" and _SHIFT_JIS_PRIVATE.search(text):
        first_invalid = first_invalid if first_invalid is not None else _first(data)
        text = _SHIFT_JIS_PRIVATE.sub("\ufffd", text)
    invalid = 0
    if first_invalid is not None:
        invalid = text.count("\ufffd") - _literal_replacements(data, codec)
    return Decoded(text, invalid, first_invalid)


def _first(data: bytes) -> int:
    """The offset of the first byte cp932 decodes to private use (0xA0, 0xFD-0xFF)."""
    found = re.search(rb"[\xa0\xfd-\xff]", data)
    return found.start() if found else 0


def _literal_replacements(data: bytes, codec: str) -> int:
    """How many U+FFFD the bytes spell out themselves (valid, not replaced)."""
    try:
        return data.count("\ufffd".encode(codec))
    except UnicodeEncodeError:
        return 0
