"""PO text as GNU gettext reads and writes it: msgcat's exact layout, and strict parsing."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import polib

from l10n.errors import CatalogError

__all__ = ["format_po", "parse_po", "read_po"]

_PAGE_WIDTH = 79
_ESCAPES = {
    "\a": "a",
    "\b": "b",
    "\f": "f",
    "\n": "n",
    "\r": "r",
    "\t": "t",
    "\v": "v",
    "\\": "\\",
    '"': '"',
}
# gettext's format languages, in the order msgcat writes their flags.
_FORMATS = (
    "c objc python python-brace java java-printf csharp javascript scheme lisp elisp librep"
    " ruby sh awk lua object-pascal smalltalk qt qt-plural kde kde-kuit boost tcl perl"
    " perl-brace php gcc-internal gfc-internal ycp"
).split()

# Line breaking as libunistring 1.0 (used by gettext 0.21) does it: UAX #14 classes, and its
# pair table (D: break allowed, I: only after spaces, P: never), measured from the library.
_CLASSES = "OP CL CP QU GL NS EX SY IS PR PO NU AL HL ID IN HY BA BB B2 WJ H2 H3 JL JV JT RI EB EM"
_PAIRS = dict(
    zip(
        _CLASSES.split(),
        (
            "PPPPPPPPPPPPPPPPPPPPPPPPPPPPP",  # OP
            "DPPIIPPPPIIDDDDIIIDDPDDDDDDDD",  # CL
            "DPPIIIPPPIIIIIDIIIDDPDDDDDDDD",  # CP
            "PPPIIIPPPIIIIIIIIIIIPIIIIIIII",  # QU
            "IPPIIIPPPIIIIIIIIIIIPIIIIIIII",  # GL
            "DPPIIIPPPDDDDDDIIIDDPDDDDDDDD",  # NS
            "DPPIIIPPPDDDDDDIIIDDPDDDDDDDD",  # EX
            "DPPIIIPPPDDIDIDIIIDDPDDDDDDDD",  # SY
            "DPPIIIPPPDDIDDDIIIDDPDDDDDDDD",  # IS
            "IPPIIIPPPDDIIIIIIIDDPIIIIIDII",  # PR
            "IPPIIIPPPDDIIIDIIIDDPDDDDDDDD",  # PO
            "IPPIIIPPPIIIIIDIIIDDPDDDDDDDD",  # NU
            "IPPIIIPPPIIIIIDIIIDDPDDDDDDDD",  # AL
            "IPPIIIPPPIIIIIDIIIDDPDDDDDDDD",  # HL
            "DPPIIIPPPDIDDDDIIIDDPDDDDDDDD",  # ID
            "DPPIIIPPPDDDDDDIIIDDPDDDDDDDD",  # IN
            "DPPIDIPPPDDIDDDIIIDDPDDDDDDDD",  # HY
            "DPPIDIPPPDDDDDDIIIDDPDDDDDDDD",  # BA
            "IPPIIIPPPIIIIIIIIIIIPIIIIIIII",  # BB
            "DPPIIIPPPDDDDDDIIIDPPDDDDDDDD",  # B2
            "IPPIIIPPPIIIIIIIIIIIPIIIIIIII",  # WJ
            "DPPIIIPPPDIDDDDIIIDDPDDDIIDDD",  # H2
            "DPPIIIPPPDIDDDDIIIDDPDDDDIDDD",  # H3
            "DPPIIIPPPDIDDDDIIIDDPIIIIDDDD",  # JL
            "DPPIIIPPPDIDDDDIIIDDPDDDIIDDD",  # JV
            "DPPIIIPPPDIDDDDIIIDDPDDDDIDDD",  # JT
            "DPPIIIPPPDDDDDDIIIDDPDDDDDIDD",  # RI
            "DPPIIIPPPDIDDDDIIIDDPDDDDDDDI",  # EB
            "DPPIIIPPPDIDDDDIIIDDPDDDDDDDD",  # EM
        ),
        strict=True,
    )
)
_COLUMNS = {name: index for index, name in enumerate(_CLASSES.split())}
# Characters whose class their Unicode category and width do not tell.
_EXPLICIT = {
    **dict.fromkeys("!?\u061b\u061e\u061f\u06d4\ufe15\ufe16\ufe56\ufe57\uff01\uff1f", "EX"),
    **dict.fromkeys(",.:;\u037e\u0589\u060c\u060d\u2044\ufe10\ufe13\ufe14", "IS"),
    **dict.fromkeys("}\u3001\u3002\ufe11\ufe12\ufe50\ufe52\uff0c\uff0e\uff61\uff64", "CL"),
    **dict.fromkeys(")]", "CP"),
    **dict.fromkeys("$+\\\u00a3\u00a4\u00a5\u00b1\u2116\u2212\u2213\ufe69\uff04\uffe1\uffe5\uffe6", "PR"),
    **dict.fromkeys("%\u00a2\u00b0\u0609\u060a\u060b\u066a\u2030\u2031\u2032\u2033\u2034", "PO"),
    **dict.fromkeys("\u2035\u2036\u2037\u2103\u2109\ufe6a\uff05\uffe0", "PO"),
    **dict.fromkeys("\"'\u00ab\u00bb\u2018\u2019\u201b\u201c\u201d\u201f\u2039\u203a", "QU"),
    **dict.fromkeys("\u00a0\u2007\u2011\u202f\u034f\u180e", "GL"),
    **dict.fromkeys("\u2060\ufeff", "WJ"),
    **dict.fromkeys("\u2024\u2025\u2026\u22ef\ufe19", "IN"),
    **dict.fromkeys("\t|\u00ad\u058a\u0964\u0965\u1680\u2010\u2012\u2013\u2027\u3000", "BA"),
    **dict.fromkeys("\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f", "BA"),
    **dict.fromkeys("\u00b4\u02c8\u02cc\u02df\u1806", "BB"),
    **dict.fromkeys("\u2014\u2e3a\u2e3b", "B2"),
    **dict.fromkeys("-", "HY"),
    **dict.fromkeys("/", "SY"),
    **dict.fromkeys("(\u00a1\u00bf\u201a\u201e", "OP"),
    **dict.fromkeys("\u203c\u203d\u2047\u2048\u2049\u3005\u301c\u303b\u303c\u30fb\ufe54", "NS"),
    **dict.fromkeys("\u309b\u309c\u309d\u309e\u30a0\u30fc\u30fd\u30fe\ufe55\uff1a\uff1b", "NS"),
    **dict.fromkeys("\uff65\uff70\uff9e\uff9f\u3041\u3043\u3045\u3047\u3049\u3063\u3083", "NS"),
    **dict.fromkeys("\u3085\u3087\u308e\u3095\u3096\u30a1\u30a3\u30a5\u30a7\u30a9\u30c3", "NS"),
    **dict.fromkeys("\u30e3\u30e5\u30e7\u30ee\u30f5\u30f6\uff67\uff68\uff69\uff6a\uff6b", "NS"),
    **dict.fromkeys("\uff6c\uff6d\uff6e\uff6f", "NS"),
    **dict.fromkeys("\u200c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u061c", "CM"),
    **dict.fromkeys("\u2066\u2067\u2068\u2069", "CM"),
    **dict.fromkeys("\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u2061\u2062\u2063\u2064", "AL"),
    **dict.fromkeys("\u0085\u2028\u2029", "BK"),
    **dict.fromkeys("\u3003\uff02\uff03\uff06\uff07\uff0a\uff0b\uff0d\uff0f\uff3c\uff5c", "ID"),
    **dict.fromkeys("\uff5e\uffe2\uffe3\uffe4", "ID"),
    " ": "SP",
    "\u200b": "ZW",
    "\u200d": "ZWJ",
}
_CATEGORY_CLASSES = {"Mn": "CM", "Mc": "CM", "Me": "CM", "Cc": "CM", "Cf": "CM", "Nd": "NU"}


def _line_class(char: str) -> str:
    """The UAX #14 class libunistring gives a character, resolved as it resolves them.

    >>> [_line_class(c) for c in "a 中，（"]
    ['AL', 'SP', 'ID', 'CL', 'OP']
    """
    explicit = _EXPLICIT.get(char)
    if explicit is not None:
        return explicit
    category = unicodedata.category(char)
    code = ord(char)
    if category in ("Ps", "Pe") and unicodedata.east_asian_width(char) in "WF":
        return "OP" if category == "Ps" else "CL"
    if 0xAC00 <= code <= 0xD7A3:
        return "H2" if (code - 0xAC00) % 28 == 0 else "H3"
    if unicodedata.east_asian_width(char) in "WF":
        return "ID" if category not in _CATEGORY_CLASSES else _CATEGORY_CLASSES[category]
    if category in ("Pi", "Pf"):
        return "QU"
    return {"Ps": "OP", "Pe": "CL"}.get(category) or _CATEGORY_CLASSES.get(category, "AL")


def _char_width(char: str) -> int:
    """Columns a character takes, as libunistring's uc_width counts them in UTF-8."""
    category = unicodedata.category(char)
    if category in ("Mn", "Me", "Cf", "Cc") or "\u1160" <= char <= "\u11ff":
        return 1 if char == "\u00ad" else 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def _possible_breaks(text: str) -> tuple[list[bool], list[bool]]:
    """Break opportunities before each character, and mandatory breaks, as libunistring."""
    possible = [False] * len(text)
    mandatory = [False] * len(text)
    last, after_joiner = "BK", False
    spaces: list[int] = []  # positions of the spaces since the last non-space character
    for index, char in enumerate(text):
        kind = _line_class(char)
        position = index
        if kind == "BK":
            mandatory[index], last, spaces = True, "BK", []
            continue
        if kind == "SP":
            spaces = [*spaces[-1:], index]
            continue
        if kind == "ZW":
            last, spaces = "ZW", []
            continue
        if kind in ("CM", "ZWJ"):
            if last == "ZW":
                possible[index], last = True, "ID"
                continue
            if not spaces:
                after_joiner = kind == "ZWJ"
                continue
            position, kind = spaces.pop(), "ID"  # a mark on a space makes it a letter
        if last == "ZW":
            possible[position] = True
        elif last != "BK" and not (after_joiner and not spaces):
            rule = _PAIRS[last][_COLUMNS[kind]]
            possible[position] = rule == "D" or (rule == "I" and bool(spaces))
        last, spaces, after_joiner = kind, [], False
    return possible, mandatory


def _line_breaks(text: str, forbidden: set[int], width: int, column: int) -> list[int]:
    """Where to break `text` starting at `column` so lines fit `width`: libunistring's greedy fill.

    >>> _line_breaks("aaa bbb ccc", set(), 8, 0)
    [4, 8]
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


def _escape(text: str) -> tuple[str, set[int]]:
    """The string as gettext quotes it, and the positions inside escapes where no break goes."""
    parts: list[str] = []
    forbidden: set[int] = set()
    length = 0
    for char in text:
        if char in _ESCAPES:
            parts.append("\\" + _ESCAPES[char])
            forbidden.add(length + 1)
            length += 2
        else:
            parts.append(char)
            length += 1
    return "".join(parts), forbidden


def _format_string(prefix: str, keyword: str, value: str, *, wrap: bool) -> list[str]:
    """Lines for `keyword "value"`, broken after each newline and wherever gettext wraps."""
    width = (_PAGE_WIDTH if wrap else 1 << 62) - 1 - (len(prefix) + 1)
    paragraphs = re.findall(r"[^\n]*\n|[^\n]+$", value) or [""]
    lines: list[str] = []
    for number, paragraph in enumerate(paragraphs):
        text, forbidden = _escape(paragraph)
        if paragraph.endswith("\n"):
            forbidden.add(len(text) - 2)  # never break just before the final "\n"
        column = len(keyword) + 1 if not lines else 0
        breaks = _line_breaks(text, forbidden, width, column)
        if not lines and text and (number < len(paragraphs) - 1 or column > width or breaks):
            lines.append(f'{prefix}{keyword} ""')
            breaks = _line_breaks(text, forbidden, width, 0)
        bounds = [0, *breaks, len(text)]
        for start, end in zip(bounds, bounds[1:], strict=False):
            head = f"{prefix}{keyword} " if not lines else prefix
            lines.append(f'{head}"{text[start:end]}"')
    return lines


def _flag_line(flags: list[str], *, is_translated: bool) -> list[str]:
    """The `#,` line gettext writes: fuzzy, format flags in its order, range, no-wrap."""
    formats: dict[str, str] = {}
    limits, no_wrap = "", False
    for flag in flags:
        if flag in ("wrap", "no-wrap"):
            no_wrap = flag == "no-wrap"
        elif match := re.fullmatch(r"range:\s*(\d+)\.\.(\d+)", flag):
            low, high = int(match[1]), int(match[2])
            limits = f"range: {low}..{high}" if low <= high else limits
        elif match := re.fullmatch(r"(no-|possible-|impossible-)?(.+)-format", flag):
            if match[2] in _FORMATS:
                formats[match[2]] = match[1] or ""
    written = ["fuzzy"] if is_translated and "fuzzy" in flags else []
    for language in _FORMATS:
        state = formats.get(language)
        if state is not None and state != "impossible-":
            written.append(f"{'no-' if state == 'no-' else ''}{language}-format")
    written += [limits] if limits else []
    written += ["no-wrap"] if no_wrap else []
    return [f"#, {', '.join(written)}"] if written else []


def _comment_lines(marker: str, text: str) -> list[str]:
    return [f"{marker} {line}" if line else marker for line in text.split("\n")] if text else []


def _reference_lines(occurrences: list[tuple[str, str]]) -> list[str]:
    """`#:` lines holding as many references as fit in the page width, duplicates dropped."""
    lines: list[str] = []
    line, seen = "#:", set()
    for path, number in occurrences:
        reference = f"{path}:{number}" if number else path
        if reference in seen:
            continue
        seen.add(reference)
        if line != "#:" and len(line) + 1 + len(reference) > _PAGE_WIDTH:
            lines.append(line)
            line = "#:"
        line += " " + reference
    return [*lines, line] if line != "#:" else lines


def _entry_lines(entry: polib.POEntry, flags: list[str]) -> list[str]:
    """One entry as gettext writes it, comments first."""
    plural_forms = sorted(entry.msgstr_plural.items()) or [(0, ""), (1, "")]
    first_msgstr = plural_forms[0][1] if entry.msgid_plural else entry.msgstr
    lines = [
        *_comment_lines("#", entry.tcomment or ""),
        *_comment_lines("#.", entry.comment or ""),
        *_reference_lines(list(entry.occurrences)),
        *_flag_line(flags, is_translated=first_msgstr != ""),
    ]
    wrap = "no-wrap" not in flags
    prefix = "#~ " if entry.obsolete else ""
    previous = (
        ("msgctxt", entry.previous_msgctxt),
        ("msgid", entry.previous_msgid),
        ("msgid_plural", entry.previous_msgid_plural),
    )
    for keyword, value in previous:
        if value is not None:
            lines += _format_string("#~| " if entry.obsolete else "#| ", keyword, value, wrap=wrap)
    if entry.msgctxt is not None:
        lines += _format_string(prefix, "msgctxt", entry.msgctxt, wrap=wrap)
    lines += _format_string(prefix, "msgid", entry.msgid, wrap=wrap)
    if entry.msgid_plural:
        lines += _format_string(prefix, "msgid_plural", entry.msgid_plural, wrap=wrap)
        for index, msgstr in plural_forms:
            lines += _format_string(prefix, f"msgstr[{index}]", msgstr, wrap=wrap)
    else:
        lines += _format_string(prefix, "msgstr", entry.msgstr, wrap=wrap)
    return lines


def _header_entry(po: polib.POFile) -> tuple[polib.POEntry, list[str]] | None:
    """The header as an entry with its flags, or None when the catalog has no header."""
    fuzzy = po.metadata_is_fuzzy
    flags = list(fuzzy) if isinstance(fuzzy, list) else (["fuzzy"] if fuzzy else [])
    if not po.metadata and not flags:
        return None
    msgstr = "".join(f"{key}: {value}\n" for key, value in po.metadata.items())
    return polib.POEntry(msgid="", msgstr=msgstr, tcomment=po.header or ""), flags


def format_po(po: polib.POFile) -> str:
    """The catalog as GNU gettext writes it (msgcat's layout, 79 columns).

    Obsolete entries go last, as gettext puts them; flags gettext does not know are dropped,
    and so is `fuzzy` on an untranslated entry.
    """
    blocks: list[list[str]] = []
    header = _header_entry(po)
    if header is not None:
        blocks.append(_entry_lines(*header))
    entries = [e for e in po if not e.obsolete] + [e for e in po if e.obsolete]
    blocks += [_entry_lines(entry, list(entry.flags)) for entry in entries]
    if header is None and po.header and blocks:
        blocks[0] = _comment_lines("#", po.header) + blocks[0]  # polib's reading of them
    return "\n".join("\n".join(block) + "\n" for block in blocks)


class _Text(str):
    """PO text that polib splits at newlines only, not at U+2028 and friends inside strings."""

    __slots__ = ()

    def splitlines(self, keepends: bool = False) -> list[str]:
        return self.split("\n")


_KEYWORD = re.compile(r'(#~\|?|#\|)?\s*(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)?\s*(".*)?')
_CONTROL = re.compile(r"\\([0-7]{1,3}|x[0-9A-Fa-f]{1,2}|.?)")
# What may follow each keyword (None: between entries), as msgfmt's grammar has it.
_NEXT = {
    "msgctxt": {None, "msgstr", "msgstr[]"},
    "msgid": {None, "msgctxt", "msgstr", "msgstr[]"},
    "msgid_plural": {"msgid"},
    "msgstr": {"msgid"},
    "msgstr[]": {"msgid_plural", "msgstr[]"},
}
_PROBLEMS = {
    "msgctxt": "msgctxt inside an entry",
    "msgid": "msgid without msgstr before it",
    "msgid_plural": "msgid_plural without msgid",
    "msgstr": "msgstr without msgid",
    "msgstr[]": "msgstr[n] without msgid_plural",
}


def _unescape_control(match: re.Match[str], where: str) -> str:
    """Gettext escapes polib does not know, made into characters polib reads as such."""
    code = match[1]
    if code in ("n", "t", "r", "v", "b", "f", '"', "\\"):
        return match[0]
    if code == "a" or code[:1].isdigit() or (code[:1] == "x" and len(code) > 1):
        char = "\a" if code == "a" else chr(int(code[1:], 16) if code[0] == "x" else int(code, 8))
        return "\\" + _ESCAPES[char] if char in '\n\t\r\v\b\f"\\' else char
    raise CatalogError(f"{where}: invalid control sequence")


def _prepare(text: str, name: str) -> str:
    """Check the entry grammar polib lets pass, and reword what polib would misread."""
    lines = text.split("\n")
    state: str | None = None
    start = 0
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if re.match(r"#[^\s.:,|~]|#[.:,|][^\s]", stripped):
            lines[number - 1] = f"{stripped[:2]} {stripped[2:]}" if stripped[1] in ".:,|" else (
                f"# {stripped[1:]}"
            )  # gettext reads `#x` as `# x`; polib would drop characters
            continue
        match = _KEYWORD.fullmatch(stripped)
        if match is None or (match[1] is None and stripped.startswith("#")):
            continue
        if match[1] is not None and match[1].startswith("#~|"):
            line = line.replace("#~|", "#|", 1)  # polib skips obsolete previous strings
        if match[3] is not None:
            quoted = line.index('"')
            line = line[:quoted] + _CONTROL.sub(
                lambda m: _unescape_control(m, f"{name}:{number}"), line[quoted:]
            )
        lines[number - 1] = line
        keyword = match[2]
        if keyword is None or (match[1] or "").endswith("|"):
            continue
        keyword = "msgstr[]" if keyword.startswith("msgstr[") else keyword
        if state not in _NEXT[keyword]:
            where = start if keyword in ("msgid", "msgctxt") and state else number
            raise CatalogError(f"{name}:{where}: {_PROBLEMS[keyword]}")
        state, start = keyword, number
    if state in ("msgctxt", "msgid", "msgid_plural"):
        raise CatalogError(f"{name}:{start}: {state} without msgstr")
    return "\n".join(lines)


def parse_po(text: str, *, name: str) -> polib.POFile:
    """Read PO text; a malformed file raises CatalogError('<name>:<line>: what is wrong')."""
    try:
        po = polib.pofile(_Text(_prepare(text, name) + "\n"), wrapwidth=_PAGE_WIDTH)
    except (OSError, ValueError) as error:
        match = re.search(r"line (\d+)\)(?::\s*(.*))?", str(error))
        if match is None:
            raise CatalogError(f"{name}: not a PO file ({error})") from error
        raise CatalogError(f"{name}:{match[1]}: {match[2] or 'syntax error'}") from error
    keys: set[tuple[str | None, str]] = set()
    for entry in po:
        key = (entry.msgctxt, entry.msgid)
        if key in keys and not entry.obsolete:
            raise CatalogError(f"{name}:{entry.linenum}: duplicate message definition")
        keys.add(key) if not entry.obsolete else None
    return po


def read_po(path: Path) -> polib.POFile:
    """Read a UTF-8 PO or POT file.

    Raises:
        CatalogError: the file is not UTF-8 or not a well-formed catalog.
    """
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CatalogError(f"{path}:{line}: invalid UTF-8") from error
    return parse_po(text, name=str(path))
