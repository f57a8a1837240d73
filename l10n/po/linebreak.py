"""Where GNU gettext breaks a long PO string: UAX #14 line-breaking classes and the pair
table of libunistring 1.0 (which gettext 0.21 uses), and the display width of text. The PO
writer (`l10n.po.pofile`) asks only `wrap_points` and `text_width`."""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Mapping

__all__ = ["line_breaks", "text_width", "wrap_points"]

# Line breaking as libunistring 1.0 (used by gettext 0.21) does it: UAX #14 classes, and its
# pair table (row: class before, column: class after, in _CLASSES order; D: break allowed,
# I: only after spaces, P: never), measured from the library;
# emoji bases are taken as ideographs, which no modifier is split from.
_PAIR_TABLE = """
PPPPPPPPPPPPPPPPPPPPPPPPPPPPDPPIIPPPPIIDDDDIIIDDPDDDDDDDDPPIIIPPPIIIIIDIIIDDPDDDDDDDPPPIIIPPPIIIII
IIIIIIPIIIIIIIIPPIIIPPPIIIIIIIIIIIPIIIIIIIDPPIIIPPPDDDDDDIIIDDPDDDDDDDDPPIIIPPPDDDDDDIIIDDPDDDDDDD
DPPIIIPPPDDIDIDIIIDDPDDDDDDDDPPIIIPPPDDIDDDIIIDDPDDDDDDDIPPIIIPPPDDIIIIIIIDDPIIIIIDIIPPIIIPPPDDIII
DIIIDDPDDDDDDDIPPIIIPPPIIIIIDIIIDDPDDDDDDDIPPIIIPPPIIIIIDIIIDDPDDDDDDDIPPIIIPPPIIIIIDIIIDDPDDDDDDD
DPPIIIPPPDIDDDDIIIDDPDDDDDDIDPPIIIPPPDDDDDDIIIDDPDDDDDDDDPPIDIPPPDDIDDDIIIDDPDDDDDDDDPPIDIPPPDDDDD
DIIIDDPDDDDDDDIPPIIIPPPIIIIIIIIIIIPIIIIIIIDPPIIIPPPDDDDDDIIIDPPDDDDDDDIPPIIIPPPIIIIIIIIIIIPIIIIIII
DPPIIIPPPDIDDDDIIIDDPDDDIIDDDPPIIIPPPDIDDDDIIIDDPDDDDIDDDPPIIIPPPDIDDDDIIIDDPIIIIDDDDPPIIIPPPDIDDD
DIIIDDPDDDIIDDDPPIIIPPPDIDDDDIIIDDPDDDDIDDDPPIIIPPPDDDDDDIIIDDPDDDDDIDDPPIIIPPPDIDDDDIIIDDPDDDDDDD
"""
_CLASSES = "OP CL CP QU GL NS EX SY IS PR PO NU AL HL ID IN HY BA BB B2 WJ H2 H3 JL JV JT RI EM"
_COLUMNS = {name: index for index, name in enumerate(_CLASSES.split())}
_PAIRS = dict(zip(_COLUMNS, re.findall("[DIP]{28}", "".join(_PAIR_TABLE.split())), strict=True))
_EXPLICIT = {" ": "SP", "\u200b": "ZW", "\u200d": "ZWJ", **dict.fromkeys("\x85\u2028\u2029", "BK")}
# Code points (hex) whose class is not the one their category and width suggest (see
# _line_class), taken from libunistring 1.0 for the scripts of this project and emoji.
_RANGE_TEXT = """
AL: 600-605 6dd 2061-2064 23e9-23ec 25fd-25fe 2648-2653 2693 26a1 26aa-26ab 26ce 2705 2728 274c
274e 2753-2755 2757 2795-2797 27b0 27bf 2b1b-2b1c 2b50 2b55 1f18e 1f191-1f19a 1f3b5-1f3b6 1f3bc
1f4a0 1f4a2 1f4a4 1f4af 1f4b1-1f4b2 1f500-1f506 1f517-1f524 1f532-1f53d B2: 2014 2e3a-2e3b BA: 9 7c
ad 58a 5be 964-965 1680 1804-1805 2000-2006 2008-200a 2010 2012-2013 2027 2056 2058-205b 205d-205f
2e0e-2e15 2e17 2e19 2e2a-2e2d 2e30-2e31 2e33-2e34 2e3c-2e3e 2e40-2e41 2e43-2e4a 2e4c 2e4e-2e4f 2e5d
3000 BB: b4 2c8 2cc 2df 1806 CL: 3001-3002 fe11-fe12 fe50 fe52 ff0c ff0e ff61 ff64 CP: 29 5d EM:
1f3fb-1f3ff EX: 21 3f 5c6 61b 61d-61f 6d4 1802-1803 1808-1809 2762-2763 2e2e 2e53-2e54 fe15-fe16
fe56-fe57 ff01 ff1f GL: a0 34f 35c-362 180e 2007 2011 202f HL: 5d0-5f2 fb1d fb1f-fb28 fb2a-fb4f HY:
2d ID: 270c-270d 1f3cb-1f3cc 23f1-23f2 2600-2603 2618 261a-261f 2639-263b 2668 26bf-26c3 26c6-26c8
26cd 26cf-26d1 26d3 26d8-26d9 26dc 26df-26e1 26f1 26f4 26f7-26f9 26fe-2704 2708-2709 2764 303f ff66
ff71-ff9d ffa0-ffdc fffc 1f000-1f003 1f005-1f0ce 1f0d1-1f0f5 1f10d-1f10f 1f16d-1f16f 1f1ad
1f321-1f32c 1f336 1f37d 1f394-1f39b 1f39e-1f39f 1f3cd-1f3ce 1f3d4-1f3df 1f3f1-1f3f3 1f3f5-1f3f7
1f43f 1f441 1f4fd-1f4fe 1f54a 1f54f 1f568-1f579 1f57b-1f594 1f597-1f5a3 1f5a5-1f5d3 1f5dc-1f5f3
1f5fa 1f6c6-1f6cb 1f6cd-1f6cf 1f6d3-1f6d4 1f6e0-1f6ea 1f6f0-1f6f3 1f7d5-1f7d8 1f8b0-1f8b1 1f93b
1f946 1fa60-1fa6d IN: 2024-2026 22ef fe19 IS: 2c 2e 3a-3b 37e 589 60c-60d 2044 fe10 fe13-fe14 JL:
1100-115f a960-a97c JT: 11a8-11ff d7cb-d7fb JV: 1160-11a7 d7b0-d7c6 NS: 203c-203d 2047-2049 3005
301c 303b-303c 3041 3043 3045 3047 3049 3063 3083 3085 3087 308e 3095-3096 309b-309e 30a0-30a1 30a3
30a5 30a7 30a9 30c3 30e3 30e5 30e7 30ee 30f5-30f6 30fb-30fe 31f0-31ff fe54-fe55 ff1a-ff1b ff65
ff67-ff70 ff9e-ff9f 1f679-1f67b NU: 66b-66c OP: a1 bf 2e18 PO: 25 a2 b0 609-60b 66a 2030-2037 20a7
20b6 20bb 20be 20c0 2103 2109 fe6a ff05 ffe0 PR: 2b 5c b1 2116 2212-2213 fe69 ff04 ffe1 ffe5-ffe6
QU: 22 27 275b-2760 2e00-2e01 2e06-2e08 2e0b 1f676-1f678 RI: 1f1e6-1f1ff SY: 2f WJ: 2060 feff
"""
_JAMO_VOWEL_OR_FINAL = re.compile("[\u1160-\u11ff\ud7b0-\ud7ff]")
_RANGES: list[tuple[int, int, str]] = sorted(
    (int(first, 16), int(last or first, 16), kind)
    for kind, codes in re.findall(r"([A-Z][A-Z0-9]):([^A-Z]*)", _RANGE_TEXT)
    for first, last in re.findall(r"([0-9a-f]+)(?:-([0-9a-f]+))?", codes)
)


@functools.cache  # a pure function of one character, called for every character written
def _line_class(char: str) -> str:
    """The UAX #14 class libunistring gives a character, resolved as it resolves them.

    >>> [_line_class(c) for c in "a \u4e2d\uff0c\uff08"]
    ['AL', 'SP', 'ID', 'CL', 'OP']
    """
    if char in _EXPLICIT:
        return _EXPLICIT[char]
    code = ord(char)
    found = bisect.bisect_right(_RANGES, (code, 0x10FFFF, "~")) - 1
    if found >= 0 and _RANGES[found][0] <= code <= _RANGES[found][1]:
        return _RANGES[found][2]
    category = unicodedata.category(char)
    if 0xAC00 <= code <= 0xD7A3:
        return "H2" if (code - 0xAC00) % 28 == 0 else "H3"
    if category in ("Mn", "Mc", "Me", "Cc", "Cf"):
        return "CM"
    if unicodedata.east_asian_width(char) in "WF":
        return {"Ps": "OP", "Pe": "CL"}.get(category, "ID")
    return {"Ps": "OP", "Pe": "CL", "Pi": "QU", "Pf": "QU", "Nd": "NU", "Sc": "PR"}.get(
        category, "AL"
    )


@functools.cache
def _char_width(char: str) -> int:
    """Columns a character takes, as libunistring's uc_width counts them in UTF-8."""
    category = unicodedata.category(char)
    if category in ("Mn", "Me", "Cf", "Cc") or _JAMO_VOWEL_OR_FINAL.match(char):
        return 0
    if category == "Cn":  # unassigned: wide only in the ideograph planes
        return 2 if "\U00020000" <= char <= "\U0003fffd" else 1
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _possible_breaks(text: str) -> tuple[list[bool], list[bool]]:
    """Break opportunities before each character, and mandatory breaks, as libunistring."""
    possible, mandatory = [False] * len(text), [False] * len(text)
    last, spaced, joined = "BK", False, False
    for index, char in enumerate(text):
        kind = _line_class(char)
        if kind == "BK":
            mandatory[index], last, spaced = True, "BK", False
            continue
        if kind == "SP":
            spaced = True
            continue
        if kind == "ZW":
            last, spaced = "ZW", False
            continue
        if kind in ("CM", "ZWJ"):  # a mark joins what precedes it, unless that is a break
            possible[index] = last == "ZW" or (spaced and last != "BK")
            last, spaced = ("AL", False) if last in ("ZW", "BK") or spaced else (last, spaced)
            joined = kind == "ZWJ"
            continue
        if last == "ZW":
            possible[index] = True
        elif last != "BK" and not (joined and not spaced):
            rule = _PAIRS[last][_COLUMNS[kind]]
            if kind == "OP" and last in ("AL", "HL", "NU"):  # UAX #14 LB30: narrow brackets only
                rule = "D" if unicodedata.east_asian_width(char) in "FWH" else rule
            possible[index] = rule == "D" or (rule == "I" and spaced)
        last, spaced, joined = kind, False, False
    return possible, mandatory


def line_breaks(text: str, forbidden: set[int], width: int, column: int) -> list[int]:
    """Where to break `text` starting at `column` so lines fit `width`: libunistring's greedy fill.

    >>> line_breaks("aaa bbb ccc", set(), 8, 0)
    [8]
    """
    if column + sum(map(_char_width, text)) <= width:
        return []
    possible, mandatory = _possible_breaks(text)
    breaks: list[int] = []
    piece_start, piece_width = -1, 0
    for index, char in enumerate(text):
        is_possible = possible[index] and index not in forbidden
        is_mandatory = mandatory[index] and index not in forbidden
        if (is_possible or is_mandatory) and piece_start >= 0 and column + piece_width > width:
            breaks.append(piece_start)
            column = 0
        if is_mandatory:
            piece_start, column, piece_width = -1, 0, 0
            continue
        if is_possible:
            piece_start, column, piece_width = index, column + piece_width, 0
        piece_width += _char_width(char)
    if piece_start >= 0 and column + piece_width > width:
        breaks.append(piece_start)
    return breaks


# The codes. Each character is translated (str.translate, in C) to one code point packing
# its line-breaking class and its width, so a whole string is classified without a Python
# call per character; while no character needs the state the general path keeps (marks,
# joiners, zero-width spaces, mandatory breaks), a break opportunity depends only on the
# class of the last non-space character before it, on the class after it, and on whether
# spaces come between (`_fast_rule`), which the narrow and wide paths below look up.
# wrap_points gives what line_breaks gives, for any text.
_FAST_CLASSES = [*_COLUMNS, "OPW"]  # OPW: an opening bracket that is wide (UAX #14 LB30)
_CODE_CLASSES = [*_FAST_CLASSES, "SP", "CM", "ZWJ", "ZW", "BK"]


def _code(kind: str, width: int) -> str:
    return chr(0x80 + 3 * _CODE_CLASSES.index(kind) + width)  # below 256: bitmap sets in re


def _code_set(kinds: list[str] | tuple[str, ...]) -> str:
    return "[" + "".join(_code(kind, width) for kind in kinds for width in (0, 1, 2)) + "]"


class _CharCodes(dict[int, str]):
    """str.translate table from a character to its code, filled in as characters are met."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        kind = _line_class(char)
        if kind == "OP" and unicodedata.east_asian_width(char) in "FWH":
            kind = "OPW"
        self[code] = _code(kind, _char_width(char))
        return self[code]


def _fast_rule(last: str, kind: str) -> str:
    """_possible_breaks' pair rule, with wide opening brackets as a class of their own."""
    if kind == "OPW" and last in ("AL", "HL", "NU"):
        return "D"
    rule: str = _PAIRS["OP" if last == "OPW" else last][_COLUMNS["OP" if kind == "OPW" else kind]]
    return rule


_CODES = _CharCodes()
_ASCII_CODES = bytes(ord(_CODES[code]) for code in range(128)).ljust(256, b"\0")
_COMPLEX = re.compile(_code_set(["CM", "ZWJ", "ZW", "BK"]))
_NOT_NARROW = re.compile(
    "[" + "".join(_code(kind, width) for kind in _CODE_CLASSES for width in (0, 2)) + "]"
)


def _width_table() -> bytes:
    """bytes.translate table from a code (as a latin-1 byte) to its width: a string's
    codes become their widths in C, which sum and accumulate read as numbers, where a
    dict look-up per character was a Python call each."""
    table = bytearray(256)
    for kind in _CODE_CLASSES:
        for width in (0, 1, 2):
            table[ord(_code(kind, width))] = width
    return bytes(table)


_CODE_WIDTHS = _width_table()


@functools.lru_cache(maxsize=256)  # text_width, then wrap_points, ask for a string that wraps
def _codes(text: str) -> str:
    """The code of each character (bytes.translate is much faster, for ASCII text)."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_CODES).decode("latin-1")
    return text.translate(_CODES)


def text_width(text: str) -> int:
    """Columns the text takes: sum(map(_char_width, text)), faster."""
    if _is_narrow(text):  # every character one column wide
        return len(text)
    codes = _codes(text)
    if not _NOT_NARROW.search(codes):
        return len(codes)
    return sum(_widths(codes))


def _widths(codes: str) -> bytes:
    """The width of each character, from its code."""
    return codes.encode("latin-1").translate(_CODE_WIDTHS)


# The narrow path, for text whose every character is one column wide and of a class that
# keeps no state (most text, in any alphabetic script): the greedy fill needs only the last
# break opportunity before each line's end, and whether a position is one depends only on
# its class, the class of the last character before it that is not a space, and whether
# spaces come between (see the codes above). So each line looks back from its end,
# character by character, through a few characters (to the last space, most often), and
# the rest of the text is never classified.
class _NarrowKinds(dict[str, str]):
    """A character's class for the narrow path ("" when the text needs another path: a
    character that is not one column wide, or of a class that keeps state), filled in as
    characters are met."""

    def __missing__(self, char: str) -> str:
        kind = _line_class(char)
        if kind == "OP" and unicodedata.east_asian_width(char) in "FWH":
            kind = "OPW"
        if kind in ("CM", "ZWJ", "ZW", "BK") or _char_width(char) != 1:
            kind = ""
        self[char] = kind
        return kind


_NARROW = _NarrowKinds()
_Rules = dict[str, frozenset[str]]


@functools.cache  # made on first use
def _narrow_rules() -> tuple[_Rules, _Rules]:
    """For each class before, the classes after it that may break there directly (rule D),
    and those that may after spaces (D or I)."""
    direct = {
        last: frozenset(kind for kind in _FAST_CLASSES if _fast_rule(last, kind) == "D")
        for last in _FAST_CLASSES
    }
    spaced = {
        last: frozenset(kind for kind in _FAST_CLASSES if _fast_rule(last, kind) in "DI")
        for last in _FAST_CLASSES
    }
    return direct, spaced


@functools.lru_cache(maxsize=64)  # text_width, then wrap_points twice, ask for a string that wraps
def _is_narrow(text: str) -> bool:
    """Whether every character of the text is one the narrow path knows."""
    if text.isascii():  # printable ASCII is narrow; the rest of ASCII is control characters
        return text.isprintable()
    # Its first characters first: in Chinese text one of them is wide, and the set of a
    # long paragraph's characters need not be made.
    kinds = _NARROW.__getitem__
    return all(map(kinds, text[:8])) and all(map(kinds, set(text)))


def _last_opportunity(
    text: str, low: int, high: int, forbidden: set[int], kinds: Mapping[str, str] = _NARROW
) -> int:
    """The last break opportunity in (low, high] of a narrow text, or -1 (of any text
    with no class that keeps state, given the class of each of its elements in `kinds`:
    the wide path passes the codes of its text)."""
    direct, spaced = _narrow_rules()
    index, kind = high, kinds[text[high]]
    while index > low:
        before = index - 1
        last = kinds[text[before]]
        if last == "SP":
            while before >= 0 and kinds[text[before]] == "SP":
                before -= 1
            if before < 0:  # only spaces before: no break (the text's start is no break)
                return -1
            last = kinds[text[before]]
            possible = spaced[last]
        else:
            possible = direct[last]
        if kind in possible and index not in forbidden:  # a space is in neither
            return index
        index, kind = before, last
    return -1


def _next_opportunity(
    text: str, low: int, forbidden: set[int], kinds: Mapping[str, str] = _NARROW
) -> int:
    """The first break opportunity after `low` in a narrow text, or -1 (see
    `_last_opportunity` for `kinds`)."""
    direct, spaced = _narrow_rules()
    for index in range(low + 1, len(text)):
        kind = kinds[text[index]]
        before = index - 1
        if kind == "SP" or index in forbidden:
            continue
        while before >= 0 and kinds[text[before]] == "SP":
            before -= 1
        if before >= 0 and kind in (direct if before == index - 1 else spaced)[kinds[text[before]]]:
            return index
    return -1


def _narrow_breaks(text: str, forbidden: set[int], width: int, column: int) -> list[int]:
    """line_breaks' greedy fill for a narrow text: each line ends at the last opportunity
    that keeps it within the width, or at the first one after, when none does."""
    breaks: list[int] = []
    low, limit = 0, width - column  # a line holds the text up to `limit`
    while len(text) > limit:
        point = _last_opportunity(text, low, limit, forbidden) if limit > low else -1
        if point < 0:
            point = _next_opportunity(text, max(low, limit), forbidden)
            if point < 0:
                break
        breaks.append(point)
        low, limit = point, point + width
    return breaks


# The wide path, for text with characters two columns wide or none (Chinese, Japanese) and
# no class that keeps state: the narrow path's look-back from each line's end, the end
# found in the cumulative widths (bisect, in C) and the classes read from the codes. A long
# paragraph is never classified as a whole: regular expressions that found every break
# opportunity in its codes were a fifth of the layout of a Chinese page's template.
_CODE_KINDS = {_code(kind, width): kind for kind in _CODE_CLASSES for width in (0, 1, 2)}


@functools.lru_cache(maxsize=256)  # _format_string asks twice for a paragraph it wraps
def _cumulative_widths(text: str) -> list[int] | None:
    """The width of the text before each position (the whole text's last), or None when
    the text needs the general path."""
    codes = _codes(text)
    if _COMPLEX.search(codes):
        return None
    return list(itertools.accumulate(_widths(codes), initial=0))


def _wide_breaks(text: str, forbidden: set[int], width: int, column: int) -> list[int] | None:
    """line_breaks' greedy fill for a text of the wide path, or None when the text needs
    the general one: each line ends at the last opportunity that keeps it within the
    width, or at the first one after, when none does."""
    widths = _cumulative_widths(text)
    if widths is None:
        return None
    codes = _codes(text)
    breaks: list[int] = []
    low, limit = 0, width - column  # a line holds the text up to `limit` columns
    while widths[-1] > limit:
        high = bisect.bisect_right(widths, limit) - 1  # the last position within it
        point = _last_opportunity(codes, low, high, forbidden, _CODE_KINDS) if high > low else -1
        if point < 0:
            point = _next_opportunity(codes, max(low, high), forbidden, _CODE_KINDS)
            if point < 0:
                break
        breaks.append(point)
        low, limit = point, width + widths[point]
    return breaks


def wrap_points(text: str, forbidden: set[int], width: int, column: int) -> list[int]:
    """The same as line_breaks(text, forbidden, width, column), faster.

    >>> wrap_points("aaa bbb ccc", set(), 8, 0)
    [8]
    """
    if _is_narrow(text):
        return _narrow_breaks(text, forbidden, width, column)
    wide = _wide_breaks(text, forbidden, width, column)
    return line_breaks(text, forbidden, width, column) if wide is None else wide
