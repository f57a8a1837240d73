"""What a parsed page is: the `Document` and its `Segment`s (a run of text in a container,
or one translatable attribute), the extraction `Rules`, and the element classes of SPEC.md
"Segments" that extraction and rendering share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from lxml import etree

from l10n.page.encoding import DecodingReport

__all__ = [
    "PHRASING",
    "PROTECTED_TAGS",
    "SKIPPED",
    "VOID",
    "AttributeValue",
    "Document",
    "Element",
    "Rules",
    "Segment",
    "TextRun",
    "has_letter",
    "new_attribute_value",
    "new_segment",
    "new_text_run",
]

Element: TypeAlias = etree._Element

#: HTML's phrasing elements, plus obsolete ones browsers still render inline.
PHRASING = frozenset(
    "a abbr b bdi bdo br cite code data dfn em i img kbd mark q s samp small span "
    "strong sub sup time u var wbr font big tt strike acronym nobr blink ins del ruby rt rp "
    "textarea".split()
)
#: Never extracted: their text is not prose a reader sees (`iframe` and `noembed` text is
#: fallback no browser shows, and is raw text the serializer cannot escape). Inside a run
#: they are moved as placeholders.
SKIPPED = frozenset("script style template svg math iframe noembed noframes xmp plaintext".split())
#: Protected by their nature: the translator may move them but not change them. A
#: `textarea` holds form data (often an embed code to copy), never prose to translate;
#: its `placeholder` and `title` are words all the same.
PROTECTED_TAGS = frozenset(["code", "kbd", "samp", "var", "textarea"])
#: HTML's void elements: they never hold content.
VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())

#: A character that may be a letter: a word character that is neither a digit nor "_"
#: (letters, and numerals such as "²" that are not letters).
_LETTER_OR_NUMERAL = re.compile(r"[^\W\d_]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")


@dataclass(frozen=True, slots=True)
class TextRun:
    """Where a text segment sits: the text before `container[start]` (its `text` when
    start is 0, else the previous child's `tail`), then children `start:stop` with their
    tails. `numbered` maps each placeholder number to its element, or to the literal
    source text a protected placeholder stands for."""

    container: Element
    start: int
    stop: int
    numbered: dict[int, Element | str] = field(hash=False, compare=False)


@dataclass(frozen=True, slots=True)
class AttributeValue:
    """Where an attribute segment sits."""

    element: Element
    attribute: str
    numbered: dict[int, Element | str] = field(hash=False, compare=False)


@dataclass(frozen=True, slots=True)
class Segment:
    """One translatable unit: its msgid and what the translator should know about it."""

    msgid: str
    msgctxt: str | None
    line: int
    role: str
    comments: tuple[str, ...]
    preformatted: bool
    location: TextRun | AttributeValue = field(compare=False, repr=False)


# Calling a frozen dataclass passes its keywords through `type.__call__` and sets each
# field with `object.__setattr__`: a tenth of the segment walk, which makes hundreds of
# segments a page. These two make the same records by setting the slots themselves.
def _slot_setter(record: type, name: str) -> Any:
    return record.__dict__[name].__set__


_new_record = object.__new__
_set_msgid, _set_msgctxt, _set_line, _set_role, _set_comments, _set_preformatted, _set_location = (
    _slot_setter(Segment, name)
    for name in ("msgid", "msgctxt", "line", "role", "comments", "preformatted", "location")
)
_set_container, _set_start, _set_stop, _set_numbered = (
    _slot_setter(TextRun, name) for name in ("container", "start", "stop", "numbered")
)
_set_element, _set_attribute, _set_attribute_numbered = (
    _slot_setter(AttributeValue, name) for name in ("element", "attribute", "numbered")
)


def new_segment(
    *,
    msgid: str,
    msgctxt: str | None,
    line: int,
    role: str,
    comments: tuple[str, ...],
    preformatted: bool,
    location: TextRun | AttributeValue,
) -> Segment:
    """`Segment(...)`, made faster (see above).

    >>> new_segment(msgid="Hi", msgctxt=None, line=2, role="p", comments=("paragraph (p)",),
    ...             preformatted=False, location=new_text_run(None, 0, 0, {})) == Segment(
    ...     "Hi", None, 2, "p", ("paragraph (p)",), False, TextRun(None, 0, 0, {}))
    True
    """
    segment: Segment = _new_record(Segment)
    _set_msgid(segment, msgid)
    _set_msgctxt(segment, msgctxt)
    _set_line(segment, line)
    _set_role(segment, role)
    _set_comments(segment, comments)
    _set_preformatted(segment, preformatted)
    _set_location(segment, location)
    return segment


def new_text_run(
    container: Element, start: int, stop: int, numbered: dict[int, Element | str]
) -> TextRun:
    """`TextRun(...)`, made faster (see above)."""
    run: TextRun = _new_record(TextRun)
    _set_container(run, container)
    _set_start(run, start)
    _set_stop(run, stop)
    _set_numbered(run, numbered)
    return run


def new_attribute_value(
    element: Element, attribute: str, numbered: dict[int, Element | str]
) -> AttributeValue:
    """`AttributeValue(...)`, made faster (see above)."""
    where: AttributeValue = _new_record(AttributeValue)
    _set_element(where, element)
    _set_attribute(where, attribute)
    _set_attribute_numbered(where, numbered)
    return where


@dataclass(frozen=True, slots=True)
class Rules:
    """The extraction settings of a project (`exclude`, `scope`, source locale)."""

    source_locale: str = "en"
    exclude: tuple[str, ...] = ()
    scope: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed page: its tree, the encoding it came in, and its segments in order."""

    tree: etree._ElementTree
    encoding: str
    segments: tuple[Segment, ...]
    #: The source's doctype declaration as written, or None: the build keeps it as it is.
    doctype: str | None = None
    #: `<time datetime>` elements whose text is only a date: the build writes it per locale.
    dates: tuple[Element, ...] = ()
    #: Elements removed from extraction by `exclude`, or everything outside `scope`
    #: that holds text: their words stay in the source language.
    untranslated: tuple[Element, ...] = ()
    #: How the encoding was decided, when it was not simply the declared one, cleanly.
    decoding: DecodingReport | None = None


def has_letter(text: str) -> bool:
    """Whether the text holds a letter of any script.

    >>> has_letter("2022-09-22 | •"), has_letter("王"), has_letter("x²")
    (False, True, True)
    """
    if text[:1].isalpha():  # most text starts with one (of any script, as found below)
        return True
    if text.isascii():  # most text: a letter is A-Z or a-z
        return _ASCII_LETTER.search(text) is not None
    # The regular expression skips, in C, what cannot be a letter; what it finds is
    # nearly always a letter at once, so that one is looked at before any loop.
    found = _LETTER_OR_NUMERAL.search(text)
    if found is None:
        return False
    if found.group().isalpha():
        return True
    return any(more.group().isalpha() for more in _LETTER_OR_NUMERAL.finditer(text, found.end()))
