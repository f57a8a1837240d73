"""How tests compare pages: the body as our reader sees it, minus what a build may
change by design (`lang`/`dir`, `<time>` text, JSON-LD `inLanguage`, ASCII spaces around a
URL, which browsers strip too)."""

from __future__ import annotations

import re
from collections import Counter

from l10n.page.document import read_tree

_IN_LANGUAGE = re.compile(r'"inLanguage"\s*:\s*"[^"]*"')
_URL_ATTRIBUTES = ("href", "src")
_ASCII_SPACE = "\t\n\f\r "


def body_tree(html: bytes) -> list[tuple[object, ...]]:
    """Elements, attributes, text and comments outside the head, in document order."""
    root = read_tree(html, name="page")
    skipped = {node for head in root.iter("head") for node in head.iter()}
    found: list[tuple[object, ...]] = []
    for node in root.iter():
        if node in skipped:
            continue
        if not isinstance(node.tag, str):
            found.append(("#comment", node.text or "", node.tail or ""))
            continue
        attributes = tuple(
            sorted(
                (k, v.strip(_ASCII_SPACE) if k in _URL_ATTRIBUTES else v)
                for k, v in node.attrib.items()
                if k not in ("lang", "dir")
            )
        )
        text = "<date>" if node.tag == "time" else _IN_LANGUAGE.sub("", node.text or "")
        found.append((node.tag, attributes, text, node.tail or ""))
    return found


def shape(html: bytes) -> Counter[tuple[str, tuple[str, ...]]]:
    """The multiset of (tag, attribute names) in the body: what a translation must not add to."""
    return Counter(
        (str(entry[0]), tuple(name for name, _ in entry[1]))  # type: ignore[attr-defined]
        for entry in body_tree(html)
        if entry[0] != "#comment"
    )
