"""Reading PO text strictly, in one pass: gettext's grammar checked line by line, and the
catalog built as polib objects, which the rest of l10n works with.

polib reads a catalog in a state machine that dispatches every line through several
regular expressions and method calls, and lets malformed grammar pass; l10n used to run a
checking pass of its own first and then polib. Reading is what `status`, `report` and
`build` spend most of their time on (issue 15), so this module does both in one pass, and
reads what polib reads (tests/test_po_reader.py holds the two side by side on every PO
file of the tests and the corpus). Where polib misreads gettext, this reads as gettext
does: an empty `#` or `#.` line is an empty comment line, `#x` is `# x`, the previous
strings of an obsolete entry (`#~|`) are its previous strings, and the C escapes gettext
knows (`\\a`, octal, hex) are characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import polib

from l10n.errors import CatalogError
from l10n.po.entry import AnyEntry, EntryText

__all__ = ["parse_entries", "parse_po", "read_entries", "read_po", "read_po_text"]

_E = TypeVar("_E", polib.POEntry, EntryText)

_WRAP_WIDTH = 79  # what polib would wrap at if anything saved through it
# One string from its opening quote: possessive, so that a 50 MB line costs no backtracking
# state (a backtracking match would keep about 120 bytes per character).
_STRING = re.compile(r'"((?:[^"\\]++|\\.)*+)"\s*')
_ESCAPE = re.compile(r"\\([0-7]{1,3}|x[0-9A-Fa-f]{1,2}|.?)", re.DOTALL)
_SIMPLE_ESCAPES = {
    "n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", "a": "\a",
    '"': '"', "\\": "\\",
}  # fmt: skip
# A keyword and the whitespace before its string (gettext's lexer needs none).
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)[ \t]*(?=\")")
# Keyword: which keyword may come before it (None: no entry open), and what is wrong
# otherwise. "msgstr[]" stands for any msgstr[n].
_GRAMMAR: dict[str, tuple[frozenset[str | None], str]] = {
    "msgctxt": (frozenset({None, "msgstr", "msgstr[]"}), "msgctxt inside an entry"),
    "msgid": (frozenset({None, "msgctxt", "msgstr", "msgstr[]"}), "missing msgstr"),
    "msgid_plural": (frozenset({"msgid"}), "msgid_plural without msgid"),
    "msgstr": (frozenset({"msgid"}), "msgstr without msgid"),
    "msgstr[]": (frozenset({"msgid_plural", "msgstr[]"}), "msgstr[n] without msgid_plural"),
}
_PREVIOUS = {"msgctxt": "previous_msgctxt", "msgid": "previous_msgid",
             "msgid_plural": "previous_msgid_plural"}  # fmt: skip
_TRANSLATED = ("msgstr", "msgstr[]")  # after one of these, an entry is complete


class _Malformed(Exception):
    """A grammar error on the line being read; parse_po adds the file and line."""


def _unescape(text: str) -> str:
    r"""A PO string's characters: `\n`, `\"`, `\\`, gettext's other C escapes."""
    if "\\" not in text:
        return text
    return _ESCAPE.sub(_escaped_char, text)


def _escaped_char(match: re.Match[str]) -> str:
    code = match[1]
    if (char := _SIMPLE_ESCAPES.get(code)) is not None:
        return char
    if code[:1].isdigit():
        return chr(int(code, 8))
    if code[:1] == "x" and len(code) > 1:
        return chr(int(code[1:], 16))
    raise _Malformed("invalid control sequence")


def _string(line: str, start: int) -> str:
    """The one string of a line, from its opening quote at `start`, unescaped."""
    match = _STRING.fullmatch(line, start)
    if match is None:
        raise _Malformed("string not closed, or a bare quote inside it")
    return _unescape(match[1])


def _new_entry(
    linenum: int,
    *,
    msgctxt: str | None = None,
    msgid: str = "",
    msgid_plural: str = "",
    msgstr: str = "",
    comment: str = "",
    tcomment: str = "",
    occurrences: list[tuple[str, str]] | None = None,
) -> polib.POEntry:
    """A polib entry without POEntry.__init__'s cost (it runs 86,000 times when `status`
    reads a 181-article project): the attributes __init__ sets, as it sets them."""
    entry: polib.POEntry = object.__new__(polib.POEntry)
    entry.__dict__ = {
        "msgid": msgid,
        "msgstr": msgstr,
        "msgid_plural": msgid_plural,
        "msgstr_plural": {},
        "msgctxt": msgctxt,
        "obsolete": False,
        "encoding": "utf-8",
        "comment": comment,
        "tcomment": tcomment,
        "occurrences": [] if occurrences is None else occurrences,
        "flags": [],
        "previous_msgctxt": None,
        "previous_msgid": None,
        "previous_msgid_plural": None,
        "linenum": linenum,
    }
    return entry


def parse_po(text: str, *, name: str) -> polib.POFile:
    """Read PO text; a malformed file raises CatalogError('<name>:<line>: what is wrong')."""
    try:
        entries, header = _read_gnu_layout(text, _polib_entry) or _read_entries(text)
    except _Malformed as error:
        raise CatalogError(f"{name}:{error.args[1]}: {error.args[0]}") from None
    po = polib.POFile(wrapwidth=_WRAP_WIDTH)
    po.encoding = "utf-8"
    po.header = header
    first = _take_header_entry(entries)
    if first is not None:
        po.metadata_is_fuzzy = first.flags  # type: ignore[assignment]  # as polib sets it
        _read_metadata(first.msgstr, po.metadata)
    _refuse_duplicates(entries, name=name)
    po.extend(entries)
    return po


def parse_entries(text: str, *, name: str) -> list[EntryText]:
    """Read PO text for a step that only reads (see `EntryText`): its entries in file
    order, obsolete ones too, without the header entry. The same grammar and the same
    errors as `parse_po`; a text not in GNU layout is read by `parse_po` itself.

    Raises:
        CatalogError: `<name>:<line>: what is wrong`.
    """
    read = _read_gnu_layout(text, _entry_text)  # never raises: None when in doubt
    if read is None:  # rare: not GNU layout; read whole, and keep what figures need
        return [_text_of(entry) for entry in parse_po(text, name=name)]
    entries = read[0]
    _take_header_entry(entries)
    _refuse_duplicates(entries, name=name)
    return entries


def read_entries(path: Path, *, shown: str) -> list[EntryText]:
    """`parse_entries` of a UTF-8 PO or POT file.

    Raises:
        CatalogError: `shown:line: what is wrong`, or a file that cannot be read or is
            not UTF-8.
    """
    return parse_entries(read_po_text(path, shown=shown), name=shown)


def read_po_text(path: Path, *, shown: str) -> str:
    """A PO or POT file's text (PO files here are UTF-8, as msgmerge writes them).

    Raises:
        CatalogError: the file cannot be read, or is not UTF-8 (at which line).
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CatalogError(f"{shown}: cannot be read ({error.strerror})") from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CatalogError(f"{shown}:{line}: not valid UTF-8") from error


def _take_header_entry(entries: list[_E]) -> _E | None:
    """Take the header entry (the first active one with an empty msgid) out of `entries`."""
    for index, entry in enumerate(entries):
        if entry.msgid == "" and not entry.obsolete:
            return entries.pop(index)
    return None


def _refuse_duplicates(entries: list[_E], *, name: str) -> None:
    keys: set[tuple[str | None, str]] = set()
    for entry in entries:
        if not entry.obsolete:
            key = (entry.msgctxt, entry.msgid)
            if key in keys:
                raise CatalogError(f"{name}:{entry.linenum}: duplicate message definition")
            keys.add(key)


def _text_of(entry: polib.POEntry) -> EntryText:
    return EntryText(
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        msgctxt=entry.msgctxt,
        msgid_plural=entry.msgid_plural,
        msgstr_plural=entry.msgstr_plural,
        flags=entry.flags,
        tcomment=entry.tcomment,
        previous_msgctxt=entry.previous_msgctxt,
        previous_msgid=entry.previous_msgid,
        previous_msgid_plural=entry.previous_msgid_plural,
        obsolete=entry.obsolete,
        linenum=entry.linenum or 0,
    )


def _read_metadata(msgstr: str, metadata: dict[str, str]) -> None:
    """`Key: value` lines of the header, as polib reads them (a line without a colon
    continues the value before it)."""
    key = None
    for line in msgstr.splitlines():
        if ":" in line:
            key, value = line.split(":", 1)
            metadata[key] = value.strip()
        elif key is not None:
            metadata[key] += "\n" + line.strip()


# The fast path. Reading line by line costs a dozen Python steps per line, and `status`
# over 181 articles × 3 locales reads 700,000 lines. Nearly every catalog is in GNU layout,
# as l10n, msgmerge and polib write it: an entry's comment lines in gettext's order
# (translator, extracted, references, flags, previous strings), its keywords each followed
# by one space and a string, continuation strings on lines of their own, no whitespace
# around any line, entries apart by empty lines. One regular expression reads such an entry
# whole, and its comment lines are read a kind at a time. Anything else (obsolete entries,
# `#` or `#.` alone, `#x`, comment lines out of order, stray whitespace, any grammar error)
# is left to the line loop, which reads the whole file again and words the error;
# tests/test_po_reader.py holds both paths to the old reader.
_RUN = r'"(?:[^"\\\n]++|\\.)*+"(?:\n"(?:[^"\\\n]++|\\.)*+")*+'  # a string, its continuations
_GNU_ENTRY = re.compile(
    r"(?P<translator>(?:# [^\n]*+(?<!\s)\n)*+)"
    r"(?P<extracted>(?:#\. [^\n]*+(?<!\s)\n)*+)"
    r"(?P<references>(?:#: [^\n]*+(?<!\s)\n)*+)"
    r"(?P<flags>(?:#, [^\n]*+(?<!\s)\n)*+)"
    r"(?P<previous>(?:#\| [^\n]*+(?<!\s)\n)*+)"
    rf"(?:msgctxt (?P<msgctxt>{_RUN})\n)?"
    rf"msgid (?P<msgid>{_RUN})\n"
    rf"(?:msgid_plural (?P<plural>{_RUN})\n(?P<forms>(?:msgstr\[\d+\] {_RUN}\n)++)"
    rf"|msgstr (?P<msgstr>{_RUN})\n)"
    r"\n*+"
)
_GNU_FORM = re.compile(rf"msgstr\[(\d+)\] ({_RUN})\n")
_MSGID = _GNU_ENTRY.groupindex["msgid"]


def _run_text(run: str) -> str:
    """The characters of a matched run of strings (`"a"\n"b"`): the quotes between them
    taken out, which only a line break can stand between. Unescaped string by string, as
    an escape such as octal `\1` must not reach into the next string's digits."""
    if "\\" not in run:
        return run[1:-1].replace('"\n"', "")
    return "".join(_unescape(part) for part in run[1:-1].split('"\n"'))


def _read_gnu_layout(
    text: str, make: Callable[[re.Match[str], int], _E]
) -> tuple[list[_E], str] | None:
    """What _read_entries reads, for a text in GNU layout, each entry built by `make` from
    its match and the line of its msgid; None for any other text."""
    if not text.endswith("\n"):
        text += "\n"
    header: list[str] = []  # translator comments before the first entry
    position = 0
    while text.startswith("#", position) or text.startswith("\n", position):
        end = text.index("\n", position)
        line = text[position:end]
        if line:
            if line != line.strip() or not _is_translator_comment(line[1:2]):
                break
            header.append(_translator_text(line))
        position = end + 1
    number = text.count("\n", 0, position) + 1  # the line `position` is on
    entries: list[_E] = []
    count = text.count
    try:
        # Entry by entry with match(), never finditer(): after a miss, finditer would try
        # the pattern again at every later offset (quadratic on a long broken file).
        while (match := _GNU_ENTRY.match(text, position)) is not None:
            start, end = match.start(_MSGID), match.end()
            number += count("\n", position, start)
            entries.append(make(match, number))
            number += count("\n", start, end)
            position = end
    except _Malformed:  # an unknown escape, a bad `#|` line: the line loop says where
        return None
    return (entries, "\n".join(header)) if position == len(text) else None


def _polib_entry(match: re.Match[str], line: int) -> polib.POEntry:
    """A whole polib entry from a GNU-layout match."""
    (translator, extracted, references, flags, previous,
     msgctxt, msgid, plural, forms, msgstr) = match.groups()  # fmt: skip
    entry = _new_entry(
        line,
        # A run of `# a` or `#. a` lines: the text after each mark ("" for none).
        tcomment=translator[2:-1].replace("\n# ", "\n"),
        comment=extracted[3:-1].replace("\n#. ", "\n"),
        occurrences=_references(references[3:-1].replace("\n#: ", " ")),
        msgctxt=_run_text(msgctxt) if msgctxt is not None else None,
        msgid=_run_text(msgid),
        msgid_plural=_run_text(plural) if plural is not None else "",
        msgstr=_run_text(msgstr) if msgstr is not None else "",
    )
    if forms is not None or flags or previous:
        _read_forms_flags_and_previous(forms, flags + previous, entry)
    return entry


def _entry_text(match: re.Match[str], line: int) -> EntryText:
    """What a read-only step needs of a GNU-layout match: `_polib_entry` less the
    extracted comments and references, which are not even looked at."""
    translator, _, _, flags, previous, msgctxt, msgid, plural, forms, msgstr = match.groups()
    entry = EntryText(  # positional, as this runs for every entry `status` reads
        msgid[1:-1].replace('"\n"', "") if "\\" not in msgid else _run_text(msgid),
        "" if msgstr is None else _run_text(msgstr),
        None if msgctxt is None else _run_text(msgctxt),
        "" if plural is None else _run_text(plural),
        {},
        [],
        translator[2:-1].replace("\n# ", "\n"),
        None,
        None,
        None,
        False,
        line,
    )
    if forms is not None or flags or previous:
        _read_forms_flags_and_previous(forms, flags + previous, entry)
    return entry


def _read_forms_flags_and_previous(forms: str | None, lines: str, entry: AnyEntry) -> None:
    """A GNU-layout entry's `msgstr[n]` strings, and its `#,` and `#|` lines (each ends
    with a line break), for either kind of entry."""
    if forms is not None:
        for form in _GNU_FORM.finditer(forms):
            entry.msgstr_plural[int(form[1])] = _run_text(form[2])
    if not lines:
        return
    field = ""
    for line in lines.split("\n")[:-1]:
        if line[1:2] == "|":
            field = _previous(line, entry, field)
        else:
            _read_flags(line, entry)


def _read_flags(line: str, entry: AnyEntry) -> None:
    """A `#, a, b` line."""
    if line[2:].strip():
        entry.flags += [flag.strip() for flag in line[2:].split(",")]


def _references(text: str) -> list[tuple[str, str]]:
    """The `#:` references of `path:line path …` (a reference without a line: `(path, "")`)."""
    occurrences = []
    for reference in text.split():
        path, colon, at = reference.rpartition(":")
        occurrences.append((path, at) if colon and at.isdigit() else (reference, ""))
    return occurrences


def _read_entries(text: str) -> tuple[list[polib.POEntry], str]:
    """The entries in file order (the header entry among them) and the header comment;
    _Malformed(problem, line number) on the first grammar error."""
    entries: list[polib.POEntry] = []
    header: list[str] = []  # translator comments before anything else: the file's header
    translator: list[str] = []  # the open entry's comment lines, joined when it closes
    extracted: list[str] = []
    entry: polib.POEntry | None = None  # the entry lines are read into
    state: str | None = None  # its last keyword; None before the first
    field = ""  # the attribute a continuation line adds to ("msgstr[2]": that form)
    start = 0  # the line of the last msgctxt or msgid, where an incomplete entry began
    interrupted = False  # a comment other than `# …` came between msgid and msgstr
    continues = False  # the line before holds a string, which a `"…"` line may continue
    number = 0

    def begin(line: int) -> polib.POEntry:
        """Close the open entry's comments, and open a new entry at `line`."""
        if entry is not None:
            if translator:
                entry.tcomment = "\n".join(translator)
                translator.clear()
            if extracted:
                entry.comment = "\n".join(extracted)
                extracted.clear()
        return _new_entry(line)

    try:
        for number, raw in enumerate(text.split("\n"), 1):
            line = raw.strip()
            if not line:
                continue
            if number == 1 and line.startswith("\ufeff"):  # a byte order mark
                line = line[1:].lstrip()
                if not line:
                    continue
            obsolete = line.startswith("#~")
            if obsolete:
                if line[2:3] == "|":  # a previous string of an obsolete entry
                    line, obsolete = "#|" + line[3:], False
                else:
                    line = line[2:].strip()
                    if not line:
                        raise _Malformed("syntax error")
            if line[0] == "#":
                mark = line[1:2]
                if entry is None or state in _TRANSLATED:
                    if entry is None and _is_translator_comment(mark):
                        header.append(_translator_text(line))  # before any entry: the file's
                        continue
                    entry, state = begin(number), None
                field = _read_comment(line, entry, translator, extracted, field)
                if state in ("msgid", "msgid_plural"):  # polib: msgstr may follow `#`, no other
                    interrupted = not _is_translator_comment(mark)
                continues = mark == "|"
                continue
            if line[0] == '"':  # a continuation line
                # Right after `#| msgid "…"` it continues that previous string, as polib reads it.
                previous = field.startswith("previous_")
                if entry is None or not continues or (state is None and not previous):
                    raise _Malformed("syntax error")
                value = _string(line, 0)
                if field[-1] == "]":
                    entry.msgstr_plural[int(field[7:-1])] += value
                else:
                    setattr(entry, field, getattr(entry, field) + value)
                continue
            match = _KEYWORD.match(line)
            if match is None:
                raise _Malformed("syntax error")
            keyword = match[1]
            kind = "msgstr[]" if match[2] is not None else keyword
            allowed, problem = _GRAMMAR[kind]
            if interrupted and kind in _TRANSLATED:
                raise _Malformed("syntax error")
            if state not in allowed:
                if state == "msgid_plural":
                    problem = "msgid_plural needs msgstr[n]"
                if kind in ("msgid", "msgctxt") and state is not None:
                    number = start
                raise _Malformed(problem)
            value = _string(line, match.end())
            if kind == "msgctxt" or kind == "msgid":
                if entry is None or state in _TRANSLATED:
                    entry = begin(number)
                start = number
                if kind == "msgctxt":
                    entry.msgctxt = value
                else:
                    entry.msgid, entry.obsolete = value, obsolete
                    entry.linenum = number  # where findings point (polib: the first comment)
                    entries.append(entry)
            elif entry is None:
                raise _Malformed(problem)
            elif kind == "msgstr[]":
                entry.msgstr_plural[int(match[2])] = value
            else:
                setattr(entry, keyword, value)
            state, field, interrupted, continues = kind, keyword, False, True
        if state in ("msgctxt", "msgid", "msgid_plural"):
            number = start
            raise _Malformed(f"{state} without msgstr")
        begin(0)  # closes the last entry's comments
    except _Malformed as error:
        raise _Malformed(error.args[0], number) from None
    return entries, "\n".join(header)


def _read_comment(
    line: str, entry: polib.POEntry, translator: list[str], extracted: list[str], field: str
) -> str:
    """Read one comment line (stripped, `#~ ` taken off) into `entry`, its translator and
    extracted comment lines into the lists; the field a `#| "…"` line would add to."""
    mark = line[1:2]
    if mark == "|":
        return _previous(line, entry, field)
    if mark == ".":
        comment = line[2:]
        extracted.append(comment[1:] if comment[:1] in (" ", "\t") else comment)
    elif mark == ":":
        entry.occurrences += _references(line[2:])
    elif mark == ",":
        _read_flags(line, entry)
    elif _is_translator_comment(mark):
        translator.append(_translator_text(line))
    else:  # `#~` again inside an obsolete line
        raise _Malformed("syntax error")
    return field


def _is_translator_comment(mark: str) -> bool:
    """`# text`, `#` alone, or `#text` (which gettext reads as `# text`)."""
    return mark == "" or mark.isspace() or mark not in ".:,|~"


def _translator_text(line: str) -> str:
    text = line[1:]
    return text[1:] if text[:1] == " " else text


def _previous(line: str, entry: AnyEntry, field: str) -> str:
    """Read `#| keyword "text"` or `#| "more"` into `entry`; the field read into."""
    body = line[2:].lstrip()
    if body[:1] == '"':
        if not field.startswith("previous_"):
            raise _Malformed("syntax error")
        setattr(entry, field, getattr(entry, field) + _string(body, 0))
        return field
    keyword, _, value = body.partition(" ")
    attribute = _PREVIOUS.get(keyword)
    if attribute is None:
        raise _Malformed(f"unknown keyword {keyword}")
    value = value.lstrip()
    if not value:
        raise _Malformed("invalid continuation line")
    setattr(entry, attribute, _string(value, 0))
    return attribute


def read_po(path: Path) -> polib.POFile:
    """Read a UTF-8 PO or POT file; CatalogError when it cannot be read, is not UTF-8 or
    is not well formed (named by its path)."""
    return parse_po(read_po_text(path, shown=str(path)), name=str(path))
