"""Facts about one PO entry that every layer asks, answered once (as Babel's `Message`
answers `fuzzy` and `pluralizable`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import polib

__all__ = [
    "AnyEntry",
    "EntryText",
    "TemplateEntry",
    "clear_fuzzy",
    "is_fuzzy",
    "is_translated",
    "mark_fuzzy",
    "msgstr_forms",
    "plural_count",
]


@dataclass(slots=True)
class EntryText:
    """An entry as a step that only reads needs it (`status`): its key, translation,
    flags, translator comments and previous strings, under polib's names, without the
    extracted comments and references that a polib entry also carries (reading those is
    a third of reading a catalog, and figures never look at them). Built by
    `l10n.po.reader.parse_entries`; not frozen, as the reader fills flags and previous
    strings in after it is made, as it does a polib entry's."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    tcomment: str = ""
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    linenum: int = 0


@dataclass(slots=True)
class TemplateEntry:
    """An entry of a template as extraction gathers it from one page: its key, its `#.`
    comments and the lines of the page it comes from, each once and in order of first
    appearance, and its flags. What a template entry does not have (a translation,
    translator comments, previous strings) it does not carry. Not frozen: later
    segments with the same key add their lines, comments and `no-wrap` to it."""

    msgctxt: str | None
    msgid: str
    comments: dict[str, None]  # an ordered set
    lines: dict[int, None]  # an ordered set
    flags: list[str]


#: A catalog's entry as the readers give it: whole (polib), or its text (`EntryText`).
AnyEntry = polib.POEntry | EntryText


def is_fuzzy(entry: AnyEntry) -> bool:
    """Whether the entry carries the `fuzzy` flag."""
    return "fuzzy" in entry.flags


def is_translated(entry: AnyEntry) -> bool:
    """Whether the entry holds any translation (fuzzy or not)."""
    return bool(entry.msgstr) or any(entry.msgstr_plural.values())


def msgstr_forms(entry: AnyEntry) -> tuple[str, ...]:
    """The translation as a tuple: one msgstr, or every plural form in index order."""
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
    return (entry.msgstr,)


def plural_count(catalog: polib.POFile) -> int | None:
    """`nplurals` of the catalog's Plural-Forms header, if it has a readable one.

    >>> catalog = polib.POFile(); catalog.metadata["Plural-Forms"] = "nplurals=3; plural=0;"
    >>> plural_count(catalog)
    3
    """
    header = catalog.metadata.get("Plural-Forms", "")
    start = header.find("nplurals")
    if start < 0:
        return None
    digits = header[start + len("nplurals") :].lstrip(" \t=").split(";")[0].strip()
    return int(digits) if digits.isdigit() else None


def clear_fuzzy(entry: polib.POEntry) -> None:
    """Take `fuzzy` off, and with it the previous msgid it pointed at (`#|`)."""
    entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None


def mark_fuzzy(entry: polib.POEntry) -> None:
    """Put `fuzzy` first among the flags, as msgmerge writes it."""
    if not is_fuzzy(entry):
        entry.flags = ["fuzzy", *entry.flags]
