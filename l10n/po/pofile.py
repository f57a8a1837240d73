"""PO text as GNU gettext writes it: msgcat's exact layout (where lines break is
`l10n.po.linebreak`). Reading is `l10n.po.reader`."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence

import polib

from l10n.po.entry import TemplateEntry
from l10n.po.linebreak import text_width, wrap_points

__all__ = ["format_po", "format_template"]

_PAGE_WIDTH = 79
#: C escapes, the backslash first so that the ones added after it are not doubled.
_ESCAPES = tuple(
    (char, "\\" + name) for char, name in zip('\\\a\b\f\n\r\t\v"', '\\abfnrtv"', strict=True)
)
_ESCAPED = re.compile('[\a\b\f\n\r\t\v\\\\"]')  # what _ESCAPES changes; a search is faster
# gettext's format languages, in the order msgcat writes their flags.
_FORMATS = re.findall(
    r"\S+",
    "c objc python python-brace java java-printf csharp javascript scheme lisp elisp librep"
    " ruby sh awk lua object-pascal smalltalk qt qt-plural kde kde-kuit boost tcl perl"
    " perl-brace php gcc-internal gfc-internal ycp",
)


def _format_string(prefix: str, keyword: str, value: str, *, wrap: bool) -> list[str]:
    """Lines for `keyword "value"`, broken after each newline and wherever gettext wraps."""
    if not value:  # every msgstr of a template
        return [f'{prefix}{keyword} ""']
    if "\n" not in value:  # most strings: one paragraph, often fitting on the keyword's line
        text = _escaped(value)
        # _string_width, less the keyword and its space (written out: called for every string)
        space = (_PAGE_WIDTH if wrap else 1 << 62) - 3 - len(prefix) - len(keyword)
        if 2 * len(text) <= space or text_width(text) <= space:  # 2: the widest a character is
            return [f'{prefix}{keyword} "{text}"']
    return _wrapped_string(prefix, keyword, value, wrap=wrap, line_breaks=wrap_points)


def _escaped(text: str) -> str:
    """The text with C escapes, as a PO string holds it.

    >>> print(_escaped('say "hi"\\n\\\\'))
    say \\"hi\\"\\n\\\\
    """
    # Most text has nothing to escape: no quote or backslash, and no control character
    # (which no printable text has; `in` and isprintable scan faster than a search).
    if ('"' not in text and "\\" not in text and text.isprintable()) or not _ESCAPED.search(text):
        return text
    # str.replace scans in C at memchr speed; str.translate with a table looks up
    # every character, which cost more than the rest of a template's layout.
    for char, escape in _ESCAPES:
        if char in text:
            text = text.replace(char, escape)
    return text


def _string_width(prefix: str, *, wrap: bool) -> int:
    """Columns for the text of a string: the page less the prefix and the quotes."""
    return (_PAGE_WIDTH if wrap else 1 << 62) - 1 - (len(prefix) + 1)


def _wrapped_string(
    prefix: str,
    keyword: str,
    value: str,
    *,
    wrap: bool,
    line_breaks: Callable[[str, set[int], int, int], list[int]],
) -> list[str]:
    """_format_string's general path, with line_breaks or its faster equivalent."""
    width = _string_width(prefix, wrap=wrap)
    # Lines end after each newline; most strings have none, and are one paragraph.
    paragraphs = re.findall(r"[^\n]*\n|[^\n]+$", value) if "\n" in value else [value]
    lines: list[str] = []
    for number, paragraph in enumerate(paragraphs):
        text = _escaped(paragraph)
        forbidden = (  # inside escapes
            {match.end() - 1 for match in re.finditer(r"\\.", text)} if "\\" in text else set()
        )
        if paragraph.endswith("\n"):
            forbidden.add(len(text) - 2)  # never break just before the final "\n"
        if lines or not text:  # a line of its own, or the keyword's line
            breaks = line_breaks(text, forbidden, width, len(keyword) + 1 if not lines else 0)
        elif number < len(paragraphs) - 1 or len(keyword) + 1 > width:
            lines.append(f'{prefix}{keyword} ""')
            breaks = line_breaks(text, forbidden, width, 0)
        else:
            # The string starts on a line of its own when it would break on the keyword's;
            # it breaks there when it breaks on a line of its own (it is too wide for the
            # whole line, so for the rest of the keyword's, and has a place to break), so
            # the breaks after the keyword are needed only when there are none without it.
            breaks = line_breaks(text, forbidden, width, 0)
            if breaks or line_breaks(text, forbidden, width, len(keyword) + 1):
                lines.append(f'{prefix}{keyword} ""')
        bounds = [0, *breaks, len(text)]
        for start, end in itertools.pairwise(bounds):
            head = f"{prefix}{keyword} " if not lines else prefix
            lines.append(f'{head}"{text[start:end]}"')
    return lines


def _flag_line(flags: list[str], *, is_translated: bool) -> list[str]:
    """The `#,` line gettext writes: fuzzy, format flags in its order, range, no-wrap."""
    if not flags:
        return []
    formats: dict[str, str | None] = {}
    limits, no_wrap = "", False
    for flag in flags:
        format_flag = re.fullmatch(r"(no-|possible-|impossible-)?(.+)-format", flag)
        if flag in ("wrap", "no-wrap"):
            no_wrap = flag == "no-wrap"
        elif match := re.fullmatch(r"range:\s*(\d+)\.\.(\d+)", flag):
            low, high = int(match[1]), int(match[2])
            limits = f"range: {low}..{high}" if low <= high else limits
        elif format_flag and format_flag[2] in _FORMATS:
            formats[format_flag[2]] = {"no-": "no-", "impossible-": None}.get(format_flag[1], "")
    written = ["fuzzy"] if is_translated and "fuzzy" in flags else []
    written += [
        f"{formats[name]}{name}-format" for name in _FORMATS if formats.get(name) is not None
    ]
    written += [limits] * bool(limits) + ["no-wrap"] * no_wrap
    return [f"#, {', '.join(written)}"] if written else []


def _comment_lines(marker: str, text: str) -> list[str]:
    return [f"{marker} {line}" if line else marker for line in text.split("\n")] if text else []


def _reference_lines(occurrences: Sequence[tuple[str, str]]) -> list[str]:
    """`#:` lines holding as many references as fit in the page width, duplicates dropped."""
    if len(occurrences) == 1:  # most entries of a template: one line, however long
        path, number = occurrences[0]
        return [f"#: {path}:{number}" if number else f"#: {path}"]
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


def _msgstr(entry: polib.POEntry) -> str:
    """The first translation, which gettext checks to tell whether an entry is translated."""
    return entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr


def _entry_lines(entry: polib.POEntry, flags: list[str]) -> list[str]:
    """One entry as gettext writes it, comments first."""
    # Each part only when the entry has it: a template has hundreds of entries, most
    # with no translator comment and no flag.
    lines: list[str] = []
    if entry.tcomment:
        lines += _comment_lines("#", entry.tcomment)
    if entry.comment:
        lines += _comment_lines("#.", entry.comment)
    if entry.occurrences:
        lines += _reference_lines(entry.occurrences)
    if flags:
        lines += _flag_line(flags, is_translated=_msgstr(entry) != "")
    wrap = "no-wrap" not in flags
    prefix = "#~ " if entry.obsolete else ""
    has_previous = entry.previous_msgid is not None  # gettext reads the others only with it
    for keyword in ("msgctxt", "msgid", "msgid_plural") if has_previous else ():
        if (value := getattr(entry, f"previous_{keyword}")) is not None:
            lines += _format_string("#~| " if entry.obsolete else "#| ", keyword, value, wrap=wrap)
    if entry.msgctxt is not None:
        lines += _format_string(prefix, "msgctxt", entry.msgctxt, wrap=wrap)
    lines += _format_string(prefix, "msgid", entry.msgid, wrap=wrap)
    if entry.msgid_plural:
        lines += _format_string(prefix, "msgid_plural", entry.msgid_plural, wrap=wrap)
        for index, msgstr in sorted(entry.msgstr_plural.items()) or [(0, ""), (1, "")]:
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

    As gettext does, obsolete entries go last and untranslated ones are left out; flags
    gettext does not know are dropped, and so is `fuzzy` on an untranslated entry.
    """
    blocks: list[list[str]] = []
    header = _header_entry(po)
    if header is not None:
        blocks.append(_entry_lines(*header))
    entries = [e for e in po if not e.obsolete] + [e for e in po if e.obsolete and _msgstr(e)]
    blocks += [_entry_lines(entry, list(entry.flags)) for entry in entries]
    if header is None and po.header and blocks:  # polib's reading of the first entry's comments
        blocks[0] = _comment_lines("#", po.header) + blocks[0]
    return "\n".join("\n".join(block) + "\n" for block in blocks)


def format_template(
    entries: Iterable[TemplateEntry], *, header: str, metadata: dict[str, str], source: str
) -> str:
    """What format_po writes for a template with this header and these entries, whose
    references are lines of the page `source`, without making a polib entry for each
    (a page has hundreds, and making them cost more than writing them)."""
    lines: list[str] = []  # every line of every entry, an empty one between entries
    if metadata:
        msgstr = "".join(f"{key}: {value}\n" for key, value in metadata.items())
        lines += _entry_lines(polib.POEntry(msgid="", msgstr=msgstr, tcomment=header), [])
        lines.append("")
    elif header:  # as format_po: no header entry, the comment goes on the first entry
        lines += _comment_lines("#", header)
    for entry in entries:
        comments = entry.comments
        if len(comments) != 1 or "" not in comments:  # "" alone is no comment (see format_po)
            for comment in comments:  # a line each, as format_po writes them joined
                if "\n" in comment:
                    lines += _comment_lines("#.", comment)
                else:
                    lines.append(f"#. {comment}" if comment else "#.")
        if len(entry.lines) == 1:
            lines.append(f"#: {source}:{next(iter(entry.lines))}")
        else:
            lines += _reference_lines([(source, str(line)) for line in entry.lines])
        flags = entry.flags
        if flags:
            lines += _flag_line(flags, is_translated=False)
        wrap = "no-wrap" not in flags
        if entry.msgctxt is not None:
            lines += _format_string("", "msgctxt", entry.msgctxt, wrap=wrap)
        lines += _format_string("", "msgid", entry.msgid, wrap=wrap)
        lines += ('msgstr ""', "")
    if not lines or lines[-1] != "":  # a header comment and no entry: nothing, as format_po
        return ""
    return "\n".join(lines[:-1]) + "\n"
