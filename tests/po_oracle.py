"""The PO reader l10n had before `l10n.po.reader`: a checking pass of its own, then polib.
Kept only as the reference the one-pass reader is held to (tests/test_po_reader.py)."""

from __future__ import annotations

import functools
import re

import polib

from l10n.errors import CatalogError

_PAGE_WIDTH = 79
_ESCAPES = str.maketrans(
    {char: "\\" + name for char, name in zip('\a\b\f\n\r\t\v\\"', 'abfnrtv\\"', strict=True)}
)


class _Text(str):
    """PO text that polib splits at newlines only, not at U+2028 and friends inside strings."""

    def splitlines(self, keepends: bool = False) -> list[str]:
        return self.split("\n")


_BLANK = "\ufdd0"  # a noncharacter standing for an empty comment line while polib reads
_QUOTED = re.compile(r'"(?:[^"\\]++|\\.)*+"\s*')
_KEYWORD = re.compile(r'(#~\|?|#\|)?\s*(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)?\s*(".*)?')
_CONTROL = re.compile(r"\\([0-7]{1,3}|x[0-9A-Fa-f]{1,2}|.?)")
# Keyword: what may come before it (None: no entry open) and what is wrong otherwise.
_GRAMMAR: dict[str, tuple[set[str | None], str]] = {
    "msgctxt": ({None, "msgstr", "msgstr[]"}, "msgctxt inside an entry"),
    "msgid": ({None, "msgctxt", "msgstr", "msgstr[]"}, "missing msgstr"),
    "msgid_plural": ({"msgid"}, "msgid_plural without msgid"),
    "msgstr": ({"msgid"}, "msgstr without msgid"),
    "msgstr[]": ({"msgid_plural", "msgstr[]"}, "msgstr[n] without msgid_plural"),
}


def _unescape_control(match: re.Match[str], where: str) -> str:
    """Gettext escapes polib does not know, made into characters polib reads as such."""
    code = match[1]
    if code in ("n", "t", "r", "v", "b", "f", '"', "\\"):
        return match[0]
    if code == "a" or code[:1].isdigit() or (code[:1] == "x" and len(code) > 1):
        char = "\a" if code == "a" else chr(int(code[1:], 16) if code[0] == "x" else int(code, 8))
        return char.translate(_ESCAPES) if char in '\n\t\r\v\b\f"\\' else char
    raise CatalogError(f"{where}: invalid control sequence")


def _prepare(text: str, name: str) -> str:
    """Check the entry grammar polib lets pass, and reword what polib would misread."""
    lines = text.split("\n")
    state: str | None = None
    start = 0
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped in ("#", "#."):
            lines[number - 1] = f"{stripped} {_BLANK}"  # polib would drop an empty comment line
            continue
        if re.match(r"#[^\s.:,|~]|#[.:,|]\S", stripped):  # gettext reads `#x` as `# x`, not polib
            lines[number - 1] = re.sub(r"^#[.:,|]?", lambda marker: marker[0] + " ", stripped)
            continue
        match = _KEYWORD.fullmatch(stripped)
        if match is None or (match[1] is None and stripped.startswith("#")):
            continue
        if match[1] is not None and match[1].startswith("#~|"):
            line = line.replace("#~|", "#|", 1)  # polib skips obsolete previous strings
        if match[3] is not None:
            quoted, where = line.index('"'), f"{name}:{number}"
            # Possessive: a backtracking match would keep state for every character of a
            # long line (about 120 bytes each, gigabytes for a 50 MB line).
            if not _QUOTED.fullmatch(line[quoted:]):
                raise CatalogError(f"{where}: string not closed, or a bare quote inside it")
            unescape = functools.partial(_unescape_control, where=where)
            line = line[:quoted] + _CONTROL.sub(unescape, line[quoted:])
        lines[number - 1] = line
        keyword = match[2]
        if keyword is None or (match[1] or "").endswith("|"):
            continue
        keyword = "msgstr[]" if keyword.startswith("msgstr[") else keyword
        allowed, problem = _GRAMMAR[keyword]
        if state not in allowed:
            problem = "msgid_plural needs msgstr[n]" if state == "msgid_plural" else problem
            line_number = start if keyword in ("msgid", "msgctxt") and state else number
            raise CatalogError(f"{name}:{line_number}: {problem}")
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
    po.header = po.header.replace(_BLANK, "")
    keys: set[tuple[str | None, str]] = set()
    for entry in po:
        entry.tcomment = entry.tcomment.replace(_BLANK, "")
        entry.comment = entry.comment.replace(_BLANK, "")
        if not entry.obsolete and (entry.msgctxt, entry.msgid) in keys:
            raise CatalogError(f"{name}:{entry.linenum}: duplicate message definition")
        keys.add((entry.msgctxt, entry.msgid) if not entry.obsolete else (None, ""))
    return po
