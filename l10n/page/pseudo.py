"""Pseudo-translation: accented, lengthened text that keeps every placeholder, to test
layouts and the build before any translation exists."""

from __future__ import annotations

from l10n.page.placeholder import PLACEHOLDER

__all__ = ["pseudo_translate"]

_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)


def pseudo_translate(msgid: str) -> str:
    """Accent every letter outside placeholders and lengthen the text by about a third.

    >>> pseudo_translate("Read <1>the guide</1>.<2/>")
    '[Ŕéàđ <1>ţĥé ĝûîđé</1>.<2/> ·······]'
    """
    parts = []
    position = 0
    for match in PLACEHOLDER.finditer(msgid):
        parts.append(msgid[position : match.start()].translate(_ACCENTED))
        parts.append(match.group())
        position = match.end()
    parts.append(msgid[position:].translate(_ACCENTED))
    text = "".join(parts)
    letters = len(PLACEHOLDER.sub("", msgid))
    return f"[{text} {'·' * max(1, letters // 2)}]"
