"""The review line in a catalog entry and the hash it carries.

A review is a translator-comment line in the PO entry, which every PO tool keeps:

    # reviewed: 王晓夏 [wangxx] 2026-11-27T10:00:00Z sha256:<16 hex>

The hash covers what was approved (SPEC.md "Review by editor"), so any later change to
the text under it, by a translator, a source update or a git merge, stops it counting.
Whether a line counts is decided in `l10n.review.verdict`, nowhere else.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import polib

from l10n.po.entry import is_fuzzy, msgstr_forms

__all__ = [
    "ReviewLine",
    "Reviewable",
    "format_review_line",
    "review_hash",
    "review_lines",
    "reviewable",
    "without_review_lines",
]

_LINE = re.compile(
    r"reviewed: (?P<name>.+) \[(?P<editor>[A-Za-z0-9][A-Za-z0-9_.-]*)\] "
    r"(?P<time>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) sha256:(?P<digest>[0-9a-f]{16})"
)
_HASH_VERSION = "l10n-review/1"


@dataclass(frozen=True, slots=True)
class Reviewable:
    """What a review covers: the entry's text in its catalog's locale, and its state."""

    locale: str
    msgctxt: str | None
    msgid: str
    msgid_plural: str | None
    msgstrs: tuple[str, ...]
    fuzzy: bool = False
    obsolete: bool = False


def review_hash(item: Reviewable) -> str:
    """The full SHA-256 (64 hex) of what an editor approved.

    Computed over the compact UTF-8 JSON array
    `["l10n-review/1", locale, msgctxt or null, msgid, msgid_plural or null, [msgstr, …]]`;
    the locale is the catalog's folder name, never its `Language` header.

    >>> review_hash(Reviewable("zh_CN", None, "Editor: Wang", None, ("编辑：王",)))[:16]
    'c52fbbd741282b81'
    """
    payload = [
        _HASH_VERSION,
        item.locale,
        item.msgctxt,
        item.msgid,
        item.msgid_plural,
        list(item.msgstrs),
    ]
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class ReviewLine:
    """One parsed `reviewed:` translator-comment line."""

    name: str
    editor: str
    time: datetime
    digest: str  # the first 16 hex of the review hash

    def __str__(self) -> str:
        return format_review_line(self.name, self.editor, self.time, self.digest)


def format_review_line(name: str, editor: str, time: datetime, digest: str) -> str:
    """The comment text (without the leading `# `).

    >>> format_review_line("王晓夏", "wangxx", datetime(2026, 11, 27, 10, tzinfo=UTC), "0" * 64)
    'reviewed: 王晓夏 [wangxx] 2026-11-27T10:00:00Z sha256:0000000000000000'
    """
    stamp = time.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"reviewed: {name} [{editor}] {stamp} sha256:{digest[:16]}"


def review_lines(tcomment: str) -> list[ReviewLine]:
    """The review lines among an entry's translator comments."""
    found = []
    for line in tcomment.split("\n"):
        match = _LINE.fullmatch(line.strip())
        if match:
            time = datetime.strptime(match["time"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
            found.append(ReviewLine(match["name"], match["editor"], time, match["digest"]))
    return found


def without_review_lines(tcomment: str, drop: Iterable[ReviewLine]) -> str:
    """The translator comments with these review lines removed."""
    dropped = {str(line) for line in drop}
    return "\n".join(line for line in tcomment.split("\n") if line.strip() not in dropped)


def reviewable(entry: polib.POEntry, *, locale: str) -> Reviewable:
    """What a review of this entry covers, in its catalog's locale."""
    return Reviewable(
        locale=locale,
        msgctxt=entry.msgctxt,
        msgid=entry.msgid,
        msgid_plural=entry.msgid_plural or None,
        msgstrs=msgstr_forms(entry),
        fuzzy=is_fuzzy(entry),
        obsolete=bool(entry.obsolete),
    )
