"""The review ledger, `locales/<locale>/reviews.jsonl`: one JSON line per approve, reject,
revoke and invalidate, appended whole and flushed before a catalog changes.

Each line links to the line its writer appended after (`prev`, the SHA-256 of that line),
so the lines form a tree: a `merge=union` git merge gives two events one `prev`, and a
line removed from the middle leaves a link to nothing. Approve, reject and revoke carry the
editor's SSH signature over `signed_message`; `invalidate`, written by `update`, can only
take a sign-off away and is not signed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

from l10n.review.registry import Editor
from l10n.review.sshsig import PublicKey, SignatureError, claimed_key, verify

__all__ = [
    "EntryKey",
    "Event",
    "EventKind",
    "LedgerProblem",
    "Trail",
    "append_lines",
    "last_line_digest",
    "line_digest",
    "read_ledger",
    "signed_message",
]

EntryKey = tuple[str, str | None, str]  # slug, msgctxt, msgid: one entry of a locale
_EVENT_VERSION = "l10n-review-event/1"
# Events are written as compact UTF-8 JSON, what json.dumps(..., ensure_ascii=False,
# separators=(",", ":")) writes, but put together here from their fields' quoted forms:
# a ledger's every line is encoded twice when read (its canonical form, what its
# signature covers), and JSONEncoder.encode builds a new C encoder for each call, a third
# of what encoding an event cost. `_quoted` is the very function that encoder calls for
# each string (ensure_ascii=False), so the bytes are the same (tests/test_ledger.py).
_quoted = encode_basestring


def _quoted_or_null(value: str | None) -> str:
    return "null" if value is None else _quoted(value)


def _quoted_list(values: tuple[str, ...]) -> str:
    return "[" + ",".join(map(_quoted, values)) + "]"


@functools.lru_cache(maxsize=1024)
def _stamp(time: datetime) -> str:
    """`2026-11-27T10:00:00Z`; remembered, as the events of one approve share a second."""
    return time.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class EventKind(Enum):
    APPROVE = "approve"
    REJECT = "reject"
    REVOKE = "revoke"
    INVALIDATE = "invalidate"

    @property
    def past(self) -> str:
        """`approved`, `rejected`, …, for messages."""
        return self.value.removesuffix("e") + "ed"

    @property
    def is_signed(self) -> bool:
        """Whether such an event must carry its editor's signature to count."""
        return self is not EventKind.INVALIDATE


# EventKind by value, a dict lookup (EventKind(value) is ten times slower).
_KINDS = {kind.value: kind for kind in EventKind}


@dataclass(frozen=True, slots=True)
class Event:
    """One line of `locales/<locale>/reviews.jsonl`."""

    time: datetime
    event: EventKind
    editor: str
    actor: str
    slug: str
    msgctxt: str | None
    msgid: str
    msgstr: tuple[str, ...]
    hash: str
    note: str = ""
    was_fuzzy: bool = False
    msgid_plural: str | None = None
    prev: str | None = None  # SHA-256 of the line appended before this one, None for the first
    signature: str | None = None  # armored SSHSIG over `signed_message`
    line: int = field(default=0, compare=False)  # where it was read, 1-based
    digest: str = field(default="", compare=False)  # SHA-256 of the line as read
    # Written before events were signed and linked (it has no `prev` at all).
    is_legacy: bool = field(default=False, compare=False)

    @property
    def key(self) -> EntryKey:
        return (self.slug, self.msgctxt, self.msgid)

    def to_json(self) -> str:
        """The line l10n writes for this event (without its newline): the keys in this
        order, `msgid_plural` and `signature` only when set."""
        parts = [
            '{"time":', _quoted(_stamp(self.time)),
            ',"event":', _quoted(self.event.value),
            ',"editor":', _quoted(self.editor),
            ',"actor":', _quoted(self.actor),
            ',"slug":', _quoted(self.slug),
            ',"msgctxt":', _quoted_or_null(self.msgctxt),
            ',"msgid":', _quoted(self.msgid),
            ',"msgstr":', _quoted_list(self.msgstr),
            ',"hash":', _quoted(self.hash),
            ',"note":', _quoted(self.note),
            ',"was_fuzzy":', "true" if self.was_fuzzy else "false",
            ',"prev":', _quoted_or_null(self.prev),
        ]  # fmt: skip
        if self.msgid_plural is not None:
            parts += (',"msgid_plural":', _quoted(self.msgid_plural))
        if self.signature is not None:
            parts += (',"signature":', _quoted(self.signature))
        parts.append("}")
        return "".join(parts)


def signed_message(event: Event, *, locale: str) -> bytes:
    """What the editor's key signs: the event's canonical form, compact UTF-8 JSON.

    The locale is the ledger's folder, so a line copied into another locale's ledger
    does not verify there.
    """
    # The compact JSON array [version, event, editor, time, locale, slug, msgctxt, msgid,
    # msgid_plural, [msgstr, …], hash, prev, note, actor, was_fuzzy] (see `_quoted`).
    parts = (
        _SIGNED_VERSION, _quoted(event.event.value), _quoted(event.editor),
        _quoted(_stamp(event.time)), _quoted(locale), _quoted(event.slug),
        _quoted_or_null(event.msgctxt), _quoted(event.msgid),
        _quoted_or_null(event.msgid_plural), _quoted_list(event.msgstr), _quoted(event.hash),
        _quoted_or_null(event.prev), _quoted(event.note), _quoted(event.actor),
        "true]" if event.was_fuzzy else "false]",
    )  # fmt: skip
    return ",".join(parts).encode("utf-8")


_SIGNED_VERSION = "[" + _quoted(_EVENT_VERSION)


def line_digest(line: str | bytes) -> str:
    """The SHA-256 (hex) of one ledger line, without its newline: what `prev` names."""
    data = line.encode("utf-8") if isinstance(line, str) else line
    return hashlib.sha256(data.rstrip(b"\r")).hexdigest()


@dataclass(frozen=True, slots=True)
class LedgerProblem:
    """A ledger line that is not a valid event."""

    line: int
    message: str


def last_line_digest(path: Path) -> str | None:
    """The digest of the ledger's last line that is not blank, which the next event links
    to (None: no such line).

    Read from the end a block at a time: `approve --all` links one batch per catalog,
    and reading the whole ledger for each (80,000 events on a big project) was quadratic.
    """
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        return None
    with handle:
        end = start = handle.seek(0, os.SEEK_END)
        while start > 0:
            start = max(0, start - _TAIL_BLOCK)
            handle.seek(start)
            pieces = handle.read(end - start).split(b"\n")
            while pieces and not pieces[-1].strip():
                pieces.pop()
            # The last line is whole once a newline comes before it, or the file begins.
            if pieces and (len(pieces) > 1 or start == 0):
                return line_digest(pieces[-1])
    return None


#: How much of a ledger's end `last_line_digest` reads at a time (a line is ~600 bytes).
_TAIL_BLOCK = 16384


def append_lines(path: Path, lines: Iterable[str]) -> int:
    """Append whole lines and flush them to disk (before the caller replaces a catalog);
    returns the size the file had, so that a caller whose catalog write then fails can
    take them back with `os.truncate(path, size)`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = "".join(f"{line}\n" for line in lines).encode("utf-8")
    handle = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    try:
        size = os.fstat(handle).st_size
        # A last line without its newline (a hand edit, a merge) must not swallow ours.
        if size and os.pread(handle, 1, size - 1) != b"\n":
            data = b"\n" + data
        try:
            written = 0
            while written < len(data):  # a write may take fewer bytes than it was given
                written += os.write(handle, data[written:])
            os.fsync(handle)
        except OSError:
            os.ftruncate(handle, size)  # no partial line is left behind
            raise
    finally:
        os.close(handle)
    return size


def read_ledger(path: Path) -> tuple[list[Event], list[LedgerProblem]]:
    """Every valid event in order, and the lines that are not valid events."""
    events: list[Event] = []
    problems: list[LedgerProblem] = []
    if not path.exists():
        return events, problems
    for number, raw in enumerate(path.read_bytes().split(b"\n"), 1):
        if not raw.strip():
            continue
        try:
            text = raw.decode("utf-8")
            event = _event(json.loads(text), number, line_digest(raw))
        except (UnicodeDecodeError, KeyError, TypeError, ValueError, RecursionError) as error:
            # RecursionError: valid JSON nested too deep for the parser.
            problems.append(LedgerProblem(number, f"not a valid review event ({error})"))
            continue
        # One event, one line: a re-serialized copy (other spacing, key order, escapes)
        # would be a second line with the same signed content. Compared as text: the
        # line decoded as UTF-8 is its bytes, and a lone surrogate (`\ud800` in the line)
        # cannot be encoded back, so such a line is not canonical rather than a crash.
        if not event.is_legacy and text.rstrip("\r") != event.to_json():
            problems.append(LedgerProblem(number, "not in the canonical form l10n writes"))
            continue
        events.append(event)
    return events, problems


_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
_HEX64 = re.compile(r"[0-9a-f]{64}")


def _time(value: object) -> datetime:
    if not isinstance(value, str):
        raise ValueError("time must be like 2026-11-27T10:00:00Z")
    return _read_time(value)


@functools.lru_cache(maxsize=1024)
def _read_time(value: str) -> datetime:
    """Remembered: the events of one approve share a second (a datetime is immutable)."""
    if not _TIME.fullmatch(value):
        raise ValueError("time must be like 2026-11-27T10:00:00Z")
    return datetime.fromisoformat(value)  # faster than strptime, and reads the Z as UTC


def _kind(value: object) -> EventKind:
    kind = _KINDS.get(value) if isinstance(value, str) else None
    return kind if kind is not None else EventKind(value)  # which raises the ValueError


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError("was_fuzzy must be true or false")
    return value


def _text(record: dict[str, Any], key: str) -> str:
    value = record[key]
    if not isinstance(value, str):
        raise ValueError(f"{key} must be a string")
    return value


def _optional_text(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{key} must be a string or null")
    return value


def _event(record: dict[str, Any], line: int = 0, line_hash: str = "") -> Event:
    # The fields are checked in this order, so that a line wrong in several ways is
    # always reported by the same one.
    if not isinstance(record, dict):
        raise ValueError("a line must be a JSON object")
    msgstr = record["msgstr"]
    if not isinstance(msgstr, list) or not all(isinstance(s, str) for s in msgstr):
        raise ValueError("msgstr must be a list of strings")
    digest = record["hash"]
    if not isinstance(digest, str) or not _HEX64.fullmatch(digest):
        raise ValueError("hash must be 64 hex digits")
    prev = _optional_text(record, "prev")
    if prev is not None and not _HEX64.fullmatch(prev):
        raise ValueError("prev must be 64 hex digits or null")
    return Event(
        time=_time(record["time"]),
        event=_kind(record["event"]),
        editor=_text(record, "editor"),
        actor=_text(record, "actor"),
        slug=_text(record, "slug"),
        msgctxt=_optional_text(record, "msgctxt"),
        msgid=_text(record, "msgid"),
        msgstr=tuple(msgstr),
        hash=digest,
        note=_optional_text(record, "note") or "",
        was_fuzzy=_flag(record.get("was_fuzzy", False)),
        msgid_plural=_optional_text(record, "msgid_plural"),
        prev=prev,
        signature=_optional_text(record, "signature"),
        line=line,
        digest=line_hash,
        is_legacy="prev" not in record,
    )


class Trail:
    """A locale's valid events, indexed for the verdict: which signed approval a review
    line stands on, and what came after it for the same entry.

    "After" follows the links: an event is after every line it descends from. Two events
    that the links do not order (two branches merged) are ordered by time, and at the
    same time a reject or revoke comes after the approval. Only events whose signature
    verifies against a key the registry lists for their editor, valid at the event's
    time, while the editor held the locale, take part (and unsigned invalidations).
    """

    __slots__ = ("_by_entry", "_checked", "_enter", "_exit", "_first_linked", "events", "locale",
                 "registry", "verified")  # fmt: skip

    def __init__(
        self,
        events: list[Event],
        *,
        locale: str,
        registry: Mapping[str, Editor] | None,
        verified: dict[str, str] | None = None,
    ) -> None:
        self.events = tuple(events)
        self.locale = locale
        self.registry = registry
        # Signatures verified by an earlier `status` (l10n/cache.py): digests of the
        # signature with its message. Verifying is most of what judging a signed project
        # costs; `review verify` and `build` never pass this, and check every signature.
        self.verified = verified
        self._checked: dict[int, str | None] = {}
        self._by_entry: dict[EntryKey, list[int]] = {}
        for position, event in enumerate(self.events):
            self._by_entry.setdefault(event.key, []).append(position)
        self._enter, self._exit = _euler_tour(self.events)
        # Lines of the old unsigned form can only come before the first linked one.
        self._first_linked = min((e.line for e in self.events if not e.is_legacy), default=1 << 62)

    def is_legacy_in_place(self, position: int) -> bool:
        """An unsigned event of the old form where such events may be: before every
        linked line (what `review resign` may sign again)."""
        event = self.events[position]
        return event.is_legacy and event.signature is None and event.line < self._first_linked

    def problem(self, position: int) -> str | None:
        """Why the event at `position` does not count (None: it does). Checked once."""
        if position not in self._checked:
            self._checked[position] = self._judge(self.events[position])
        return self._checked[position]

    def checked_elsewhere(self, found: Mapping[int, str | None]) -> None:
        """What `problem` found for these positions in a process forked with this trail
        (`review verify` checks a large ledger's events in several)."""
        self._checked.update(found)

    def _judge(self, event: Event) -> str | None:
        if event.is_legacy and event.line > self._first_linked:
            return "a line in the old unsigned form after signed ones (added by hand?)"
        if not event.event.is_signed:
            return None
        if event.signature is None:
            return f"unsigned {event.event.value} by {event.editor!r}"
        if self.registry is None:
            return "no editors.toml to check the signature against"
        editor = self.registry.get(event.editor)
        if editor is None:
            return f"{event.event.value} by {event.editor!r}, who is not a registered editor"
        if not editor.holds(self.locale, event.time.date()):
            return (
                f"{event.event.value} by {event.editor!r} on {event.time:%Y-%m-%d}, "
                f"who did not hold {self.locale} then"
            )
        try:
            public = self._verify(event.signature, signed_message(event, locale=self.locale))
        except SignatureError as error:
            return f"{event.event.value} by {event.editor!r}: {error}"
        if editor.key_for(public, event.time) is None:
            return (
                f"{event.event.value} by {event.editor!r} signed with {public.fingerprint}, "
                "a key editors.toml does not list for that editor at that time"
            )
        return None

    def _verify(self, signature: str, message: bytes) -> PublicKey:
        if self.verified is None:
            return verify(signature, message)
        memo = hashlib.sha256(signature.encode("ascii", "replace") + b"\0" + message).hexdigest()
        if memo in self.verified:
            return claimed_key(signature)  # it verified: the key it names made it
        public = verify(signature, message)
        self.verified[memo] = ""
        return public

    def counts(self, position: int) -> bool:
        return self.problem(position) is None

    def approval(self, key: EntryKey, *, editor: str, time: datetime, digest: str) -> int | None:
        """The position of the approve event a review line stands for: the latest valid
        one if there is one (an approve, revoke and approve again in one second), else an
        invalid one (`problem` says what is wrong with it)."""
        events, prefix = self.events, digest[:16]
        found = [
            position
            for position in self._by_entry.get(key, ())
            if (event := events[position]).event is EventKind.APPROVE
            and event.editor == editor
            and event.hash[:16] == prefix
            and event.time == time
        ]
        valid = [position for position in found if self.problem(position) is None]
        return valid[-1] if valid else (found[0] if found else None)

    def is_after(self, later: int, earlier: int) -> bool:
        """Whether the event at `later` comes after the one at `earlier` (see the class)."""
        if self._descends(later, earlier):
            return True
        if self._descends(earlier, later):
            return False
        one, other = self.events[later], self.events[earlier]
        if one.time != other.time:
            return one.time > other.time
        return one.event in (EventKind.REJECT, EventKind.REVOKE) and other.event not in (
            EventKind.REJECT,
            EventKind.REVOKE,
        )

    def _descends(self, child: int, ancestor: int) -> bool:
        return (
            child != ancestor
            and self._enter[ancestor] <= self._enter[child]
            and self._exit[child] <= self._exit[ancestor]
        )

    def ended(self, key: EntryKey, position: int, *, editor: str) -> Event | None:
        """The first valid later event that takes this approval back: a reject by anyone,
        a revoke or invalidate of this editor's review, or this editor's approval of
        another text (which replaced it)."""
        approved = self.events[position]
        for other in self._by_entry.get(key, ()):
            event = self.events[other]
            ends = event.event is EventKind.REJECT or (
                event.editor == editor
                and (
                    event.event in (EventKind.REVOKE, EventKind.INVALIDATE)
                    or (event.event is EventKind.APPROVE and event.hash != approved.hash)
                )
            )
            if ends and other != position and self.is_after(other, position) and self.counts(other):
                return event
        return None

    def has_events(self, key: EntryKey) -> bool:
        """Whether any event, valid or not, is about this entry."""
        return key in self._by_entry

    def last(self, key: EntryKey) -> Event | None:
        """The entry's latest valid event."""
        latest: int | None = None
        for position in self._by_entry.get(key, ()):
            if self.counts(position) and (latest is None or self.is_after(position, latest)):
                latest = position
        return self.events[latest] if latest is not None else None

    def dangling(self) -> list[Event]:
        """Events whose `prev` names no line of the ledger (a line removed from it)."""
        known = {event.digest for event in self.events}
        return [e for e in self.events if e.prev is not None and e.prev not in known]

    def __getitem__(self, position: int) -> Event:
        return self.events[position]


def _euler_tour(events: tuple[Event, ...]) -> tuple[list[int], list[int]]:
    """Enter and exit times of each event in a walk of the `prev` tree, so that "A descends
    from B" is two comparisons."""
    first: dict[str, int] = {}
    for position, event in enumerate(events):
        first.setdefault(event.digest, position)
    parents = [-1 if event.prev is None else first.get(event.prev, -1) for event in events]
    # Roots (no parent in the ledger, or a line naming itself) in order, children in order.
    children: dict[int, list[int]] = {}
    roots = []
    for position, parent in enumerate(parents):
        if parent < 0 or parent == position:
            roots.append(position)
        else:
            children.setdefault(parent, []).append(position)
    enter, leave = [0] * len(parents), [0] * len(parents)
    clock = 0
    for root in roots:
        stack = [(root, False)]
        while stack:
            node, done = stack.pop()
            clock += 1
            if done:
                leave[node] = clock
                continue
            enter[node] = clock
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(children.get(node, ())))
    return enter, leave
