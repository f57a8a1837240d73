"""Segments → the article's gettext template (`locales/<slug>.pot`)."""

from __future__ import annotations

from collections.abc import Iterable

import polib

from l10n.page.document import Segment

__all__ = ["build_template"]


def build_template(
    segments: Iterable[Segment], *, slug: str, source_locale: str, generator: str
) -> polib.POFile:
    """The POT of one article: one entry per (msgctxt, msgid), in document order.

    Identical text is one entry with a `#:` reference per place and the union of its
    `#.` comments. Nothing in it depends on the clock, so the same source always gives
    the same template.
    """
    template = polib.POFile(wrapwidth=79)
    template.header = (
        f'Template for the article "{slug}", extracted by l10n from source/{slug}.html.'
    )
    # Every field msgfmt --check asks for is present; Language is the language of the
    # msgids, which is what a template can truthfully say.
    template.metadata = {
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
    entries: dict[tuple[str | None, str], polib.POEntry] = {}
    # What each entry already has, as sets: a page repeating one text 10,000 times
    # must not cost 10,000² comparisons.
    references: dict[tuple[str | None, str], set[tuple[str, str]]] = {}
    comments: dict[tuple[str | None, str], list[str]] = {}
    for segment in segments:
        key = (segment.msgctxt, segment.msgid)
        reference = (f"source/{slug}.html", str(segment.line))
        entry = entries.get(key)
        if entry is None:
            entry = polib.POEntry(
                msgctxt=segment.msgctxt,
                msgid=segment.msgid,
                msgstr="",
                occurrences=[reference],
                flags=["no-wrap"] if segment.preformatted else [],
            )
            entries[key] = entry
            references[key] = {reference}
            comments[key] = list(dict.fromkeys(segment.comments))
            template.append(entry)
            continue
        if reference not in references[key]:
            references[key].add(reference)
            entry.occurrences.append(reference)
        known = comments[key]
        known.extend(c for c in segment.comments if c not in known)
        if segment.preformatted and "no-wrap" not in entry.flags:
            entry.flags.append("no-wrap")
    for key, entry in entries.items():
        entry.comment = "\n".join(comments[key])
    return template
