"""Segments → the article's gettext template (`locales/<slug>.pot`)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeAlias

import polib

from l10n.page.document import Segment
from l10n.po.entry import TemplateEntry
from l10n.po.pofile import format_template

__all__ = ["TemplateText", "build_template", "build_template_text", "looks_like_c_format"]


@dataclass(frozen=True, slots=True)
class TemplateText:
    """An article's template as written (`format_po` of `build_template`), and how many
    entries it holds."""

    text: str
    entries: int


def build_template_text(
    segments: Iterable[Segment], *, slug: str, source_locale: str, generator: str
) -> TemplateText:
    """The text of `build_template`'s template as `format_po` writes it, made without
    polib objects (what `l10n extract` writes)."""
    entries = _gathered(segments)
    text = format_template(
        entries.values(),
        header=_header(slug),
        metadata=_metadata(slug, source_locale=source_locale, generator=generator),
        source=_source(slug),
    )
    return TemplateText(text, len(entries))


def build_template(
    segments: Iterable[Segment], *, slug: str, source_locale: str, generator: str
) -> polib.POFile:
    """The POT of one article: one entry per (msgctxt, msgid), in document order.

    Identical text is one entry with a `#:` reference per place and the union of its
    `#.` comments. Nothing in it depends on the clock, so the same source always gives
    the same template.
    """
    template = polib.POFile(wrapwidth=79)
    template.header = _header(slug)
    template.metadata = _metadata(slug, source_locale=source_locale, generator=generator)
    path = _source(slug)
    new_entry = _entry_maker()
    template.extend(  # POFile.append checks nothing more here
        new_entry(
            entry.msgctxt,
            entry.msgid,
            [(path, str(line)) for line in entry.lines],
            list(entry.flags),
            "\n".join(entry.comments),
        )
        for entry in _gathered(segments).values()
    )
    return template


def _header(slug: str) -> str:
    return f'Template for the article "{slug}", extracted by l10n from source/{slug}.html.'


def _source(slug: str) -> str:
    """The page as `#:` references name it."""
    return f"source/{slug}.html"


def _metadata(slug: str, *, source_locale: str, generator: str) -> dict[str, str]:
    # Every field msgfmt --check asks for is present; Language is the language of the
    # msgids, which is what a template can truthfully say.
    return {
        "Project-Id-Version": slug,
        "Report-Msgid-Bugs-To": "",
        "PO-Revision-Date": "",
        "Last-Translator": "",
        "Language-Team": "",
        "Language": source_locale,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": generator,
    }


def _gathered(segments: Iterable[Segment]) -> dict[tuple[str | None, str], TemplateEntry]:
    """The template's entries by key, in document order: each key's lines and comments
    (ordered sets: a page repeating one text 10,000 times must not cost 10,000²
    comparisons), `no-c-format` when the text looks like a C format, and `no-wrap` when
    any of its places is preformatted."""
    entries: dict[tuple[str | None, str], TemplateEntry] = {}
    for segment in segments:
        key = (segment.msgctxt, segment.msgid)
        entry = entries.get(key)
        if entry is None:
            msgid = segment.msgid
            flags = ["no-c-format"] if "%" in msgid and looks_like_c_format(msgid) else []
            if segment.preformatted:
                flags.append("no-wrap")
            entries[key] = TemplateEntry(
                segment.msgctxt, msgid, dict.fromkeys(segment.comments), {segment.line: None}, flags
            )
            continue
        entry.lines[segment.line] = None
        entry.comments.update(dict.fromkeys(segment.comments))  # new ones after, in order
        if segment.preformatted and "no-wrap" not in entry.flags:
            entry.flags.append("no-wrap")
    return entries


def looks_like_c_format(text: str) -> bool:
    """Whether xgettext would guess that the text is a C format string: every `%` starts
    a directive C's printf accepts (`%d`, `%1$s`, `%%`, and `50% of`, where `% o` is one),
    and there is one at least. Such entries get `no-c-format`: an article's text is
    never a format string, and tools that read the flag then leave it alone.

    >>> [looks_like_c_format(text) for text in ("50% of %s", "Up 50%.", "100% sure")]
    [True, False, True]
    >>> looks_like_c_format("rose 1.7%, then 2% of it")  # "%," is no directive
    False
    """
    left, directives = _c_directive().subn("", text)
    return directives > 0 and "%" not in left  # every `%` a directive, as xgettext asks


@functools.cache  # compiled on first use
def _c_directive() -> re.Pattern[str]:
    return re.compile(
        r"%%|%(?:[1-9][0-9]*\$)?[-+ #0']*(?:[0-9]+|\*)?(?:\.(?:[0-9]+|\*)?)?"
        r"(?:hh|ll|[hlLqjzZt])?[diouxXeEfFgGaAcCsSpnm]"
    )


_EntryMaker: TypeAlias = Callable[
    [str | None, str, list[tuple[str, str]], list[str], str], polib.POEntry
]


@functools.cache
def _entry_maker() -> _EntryMaker:
    """A maker of template entries the same as `polib.POEntry(msgctxt=…, msgid=…,
    msgstr="", occurrences=…, flags=…, comment=…)`, about three times faster (a page has hundreds):
    the new entry gets the attributes of a default one, its lists and dicts its own."""
    defaults = vars(polib.POEntry())
    mutable = {name for name, value in defaults.items() if isinstance(value, list | dict | set)}
    if mutable != {"msgstr_plural", "occurrences", "flags"}:  # another polib: the slow way

        def slow(
            msgctxt: str | None,
            msgid: str,
            occurrences: list[tuple[str, str]],
            flags: list[str],
            comment: str,
        ) -> polib.POEntry:
            return polib.POEntry(
                msgctxt=msgctxt,
                msgid=msgid,
                msgstr="",
                occurrences=occurrences,
                flags=flags,
                comment=comment,
            )

        return slow
    create = polib.POEntry.__new__

    def fast(
        msgctxt: str | None,
        msgid: str,
        occurrences: list[tuple[str, str]],
        flags: list[str],
        comment: str,
    ) -> polib.POEntry:
        entry = create(polib.POEntry)
        fields = entry.__dict__
        fields.update(defaults)
        fields["msgctxt"], fields["msgid"], fields["msgstr"] = msgctxt, msgid, ""
        fields["comment"] = comment
        fields["occurrences"], fields["flags"], fields["msgstr_plural"] = occurrences, flags, {}
        return entry

    return fast
