"""The review line in a catalog entry and the hash it carries.

A review is a translator-comment line in the PO entry, which every PO tool keeps:

    # reviewed: 王晓夏 [wangxx] 2026-11-27T10:00:00Z sha256:<16 hex>

The hash covers what was approved (SPEC.md "Review by editor"), so any later change to
the text under it, by a translator, a source update or a git merge, stops it counting.
Whether a line counts is decided in `l10n.review.verdict`, nowhere else.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from json.encoder import encode_basestring

from l10n.po.entry import AnyEntry, is_fuzzy, msgstr_forms

__all__ = [
    "ReviewLine",
    "Reviewable",
    "format_review_line",
    "review_hash",
    "review_lines",
    "reviewable",
    "without_review_lines",
]

# `reviewed: wangxx 2026-11-27T10:00:00Z sha256:<16 hex>`: short enough (57 columns and
# the id) that neither polib (78) nor Babel (76) wraps it; a line a tool wrapped anyway is
# read back joined. The editor's name is the registry's, never the line's. The older form
# `reviewed: NAME [id] …` is still read.
_ID = r"[A-Za-z0-9][A-Za-z0-9_.-]*"
_LINE = re.compile(
    rf"reviewed: (?:(?P<id>{_ID})|.+ \[(?P<bracketed>{_ID})\])"
    r" (?P<time>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) sha256:(?P<digest>[0-9a-f]{16})"
)
_WRAPPED_LINES = 4  # a wrapped review line spans at most this many comment lines
_HASH_VERSION = "l10n-review/1"
# What json.dumps(..., ensure_ascii=False) writes for a string: the function its encoder
# calls for each (see `review_hash`).
_quoted = encode_basestring
_HASHED_VERSION = "[" + _quoted(_HASH_VERSION) + ","


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
    # Put together from the quoted strings, as json.dumps(payload, ensure_ascii=False,
    # separators=(",", ":")) writes it (tests/test_signoff.py), without building a JSON
    # encoder per call: every entry with a review line is hashed whenever it is judged.
    msgctxt, plural = item.msgctxt, item.msgid_plural
    payload = (
        _HASHED_VERSION + _quoted(item.locale)
        + ("," + _quoted(msgctxt) if msgctxt is not None else ",null")
        + "," + _quoted(item.msgid)
        + ("," + _quoted(plural) if plural is not None else ",null")
        + ",[" + ",".join(map(_quoted, item.msgstrs)) + "]]"
    )  # fmt: skip
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class ReviewLine:
    """One parsed `reviewed:` translator comment, and the comment lines it spans (more
    than one when a PO tool wrapped it)."""

    editor: str
    time: datetime
    digest: str  # the first 16 hex of the review hash
    lines: tuple[str, ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        return format_review_line(self.editor, self.time, self.digest)


def format_review_line(editor: str, time: datetime, digest: str) -> str:
    """The comment text (without the leading `# `).

    >>> format_review_line("wangxx", datetime(2026, 11, 27, 10, tzinfo=UTC), "0" * 64)
    'reviewed: wangxx 2026-11-27T10:00:00Z sha256:0000000000000000'
    """
    stamp = time.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"reviewed: {editor} {stamp} sha256:{digest[:16]}"


def review_lines(tcomment: str) -> list[ReviewLine]:
    r"""The review lines among an entry's translator comments, wrapped ones joined.

    >>> wrapped = "note\nreviewed: wangxx\n2026-11-27T10:00:00Z sha256:" + "a" * 16
    >>> [str(line) for line in review_lines(wrapped)]
    ['reviewed: wangxx 2026-11-27T10:00:00Z sha256:aaaaaaaaaaaaaaaa']
    """
    if "\n" not in tcomment:  # one comment line, as l10n writes them: none is wrapped
        match = _LINE.fullmatch(tcomment.strip())  # which starts with "reviewed: "
        if match is None:
            return []
        editor = match["id"] or match["bracketed"]
        return [ReviewLine(editor, _time(match["time"]), match["digest"], (tcomment,))]
    found = []
    lines = tcomment.split("\n")
    index = 0
    while index < len(lines):
        if not lines[index].strip().startswith("reviewed:"):
            index += 1
            continue
        for count in range(1, _WRAPPED_LINES + 1):
            span = lines[index : index + count]
            match = _LINE.fullmatch(" ".join(part.strip() for part in span))
            if match:
                editor = match["id"] or match["bracketed"]
                found.append(ReviewLine(editor, _time(match["time"]), match["digest"], tuple(span)))
                index += count
                break
        else:
            index += 1
    return found


@functools.lru_cache(maxsize=1024)
def _time(stamp: str) -> datetime:
    """A review line's time, the Z read as UTC; remembered, as one approve stamps many
    lines with the same second (a datetime is immutable)."""
    return datetime.fromisoformat(stamp)


def without_review_lines(tcomment: str, drop: Iterable[ReviewLine]) -> str:
    """The translator comments with these review lines (all the lines each spans) removed."""
    dropped = set(drop)
    spans = [line.lines for line in review_lines(tcomment) if line in dropped]
    lines = tcomment.split("\n")
    kept: list[str] = []
    index = 0
    while index < len(lines):
        span = next((s for s in spans if tuple(lines[index : index + len(s)]) == s), None)
        if span is not None:
            spans.remove(span)
            index += len(span)
            continue
        kept.append(lines[index])
        index += 1
    return "\n".join(kept)


def reviewable(entry: AnyEntry, *, locale: str) -> Reviewable:
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
