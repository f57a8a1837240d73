"""Corpus pages with one piece of broken markup added, of the kinds real pages have and
libxml2 repairs differently from browsers: the corpus itself is mostly well formed.

`break_page(name, data)` picks the kind from the page's position and the place from its
name, so a run is reproducible. Markup is inserted as ASCII bytes before a `<`, which no
multibyte encoding of the corpus (UTF-8, GBK) uses inside a character.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

__all__ = ["KINDS", "break_page"]

_Edit = Callable[[bytes, re.Match[bytes]], bytes]


def _insert_after(markup: bytes) -> _Edit:
    return lambda data, match: data[: match.end()] + markup + data[match.end() :]


def _delete(data: bytes, match: re.Match[bytes]) -> bytes:
    return data[: match.start()] + data[match.end() :]


def _self_close(data: bytes, match: re.Match[bytes]) -> bytes:
    return (
        data[: match.start()]
        + b"<"
        + match.group(1)
        + (match.group(2) or b"")
        + b"/>"
        + data[match.end() :]
    )


def _misnest(data: bytes, match: re.Match[bytes]) -> bytes:
    """`<p>…</p>` → `<b><p>…</b></p>`."""
    end = data.find(b"</p>", match.end())
    if end < 0:
        return data
    return data[: match.start()] + b"<b>" + data[match.start() : end] + b"</b>" + data[end:]


#: kind → (where, edit)
KINDS: dict[str, tuple[re.Pattern[bytes], _Edit]] = {
    "stray </p>": (re.compile(rb"</div>", re.I), _insert_after(b"</p>")),
    "formatting end tag left out": (
        re.compile(rb"</(?:a|b|strong|em|i|font|span)\s*>", re.I),
        _delete,
    ),
    "misnested <b><p>": (re.compile(rb"<p[\s>]", re.I), _misnest),
    "stray </li>": (re.compile(rb"</li>", re.I), _insert_after(b"</li>")),
    "text inside a table": (re.compile(rb"</tr>", re.I), _insert_after(b"<span>loose</span>")),
    "self-closed empty element": (
        re.compile(rb"<(div|span|a)(\s[^<>]*)?></\1>", re.I),
        _self_close,
    ),
}


def break_page(index: int, name: str, data: bytes) -> tuple[str, bytes]:
    """The page with one breakage of kind `index` (cycling over KINDS) inside its body, or
    the next kind the page has a place for; ("", data) when it has none."""
    kinds = list(KINDS)
    body = max(data.lower().find(b"<body"), 0)
    for offset in range(len(kinds)):
        kind = kinds[(index + offset) % len(kinds)]
        where, edit = KINDS[kind]
        places = list(where.finditer(data, body))
        if places:
            place = random.Random(f"{name}:{kind}").choice(places)
            return kind, edit(data, place)
    return "", data
