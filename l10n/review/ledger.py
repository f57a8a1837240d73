"""The review ledger, `locales/<locale>/reviews.jsonl`: one JSON line per approve,
reject, revoke and invalidate, appended whole and flushed before a catalog changes."""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Any

__all__ = [
    "EntryKey",
    "Event",
    "EventKind",
    "LedgerProblem",
    "Trail",
    "append_event",
    "read_ledger",
]


class EventKind(Enum):
    APPROVE = "approve"
    REJECT = "reject"
    REVOKE = "revoke"
    INVALIDATE = "invalidate"


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
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_json(self) -> str:
        record = asdict(self)
        record.pop("extra")
        record["time"] = self.time.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        record["event"] = self.event.value
        record["msgstr"] = list(self.msgstr)
        return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class LedgerProblem:
    """A ledger line that is not a valid event."""

    line: int
    message: str


def append_event(path: Path, event: Event) -> None:
    """Append one whole line and flush it to disk before the caller replaces a catalog."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = (event.to_json() + "\n").encode("utf-8")
    handle = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
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
            events.append(_event(json.loads(raw.decode("utf-8"))))
        except (UnicodeDecodeError, KeyError, TypeError, ValueError, RecursionError) as error:
            # RecursionError: valid JSON nested too deep for the parser.
            problems.append(LedgerProblem(number, f"not a valid review event ({error})"))
    return events, problems


def _event(record: dict[str, Any]) -> Event:
    msgstr = record["msgstr"]
    if not isinstance(msgstr, list) or not all(isinstance(s, str) for s in msgstr):
        raise ValueError("msgstr must be a list of strings")
    digest = record["hash"]
    if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise ValueError("hash must be 64 hex digits")
    for key in ("editor", "actor", "slug", "msgid"):
        if not isinstance(record[key], str):
            raise ValueError(f"{key} must be a string")
    if not isinstance(record.get("msgctxt"), str | None):
        raise ValueError("msgctxt must be a string or null")
    return Event(
        time=datetime.strptime(record["time"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC),
        event=EventKind(record["event"]),
        editor=record["editor"],
        actor=record["actor"],
        slug=record["slug"],
        msgctxt=record.get("msgctxt"),
        msgid=record["msgid"],
        msgstr=tuple(msgstr),
        hash=digest,
        note=str(record.get("note", "")),
        was_fuzzy=bool(record.get("was_fuzzy", False)),
    )


EntryKey = tuple[str, str | None, str]  # slug, msgctxt, msgid: one entry of a locale


class Trail:
    """A locale's valid events indexed for the verdict: which approval a review line
    stands on, and what came after it for the same entry.

    Events are in the order they happened; "after" means later in that order.
    """

    __slots__ = ("_approvals", "_by_entry", "events")

    def __init__(self, events: list[Event]) -> None:
        self.events = tuple(events)
        self._by_entry: dict[EntryKey, list[int]] = {}
        self._approvals: dict[tuple[str, EntryKey, str, datetime], int] = {}
        for position, event in enumerate(self.events):
            key = (event.slug, event.msgctxt, event.msgid)
            self._by_entry.setdefault(key, []).append(position)
            if event.event is EventKind.APPROVE:
                self._approvals[(event.editor, key, event.hash[:16], event.time)] = position

    def approval(self, key: EntryKey, *, editor: str, digest: str, time: datetime) -> int | None:
        """The position of the approve event a review line stands for, if there is one."""
        return self._approvals.get((editor, key, digest[:16], time))

    def ended(self, key: EntryKey, position: int, *, editor: str) -> Event | None:
        """The first later event that takes this approval back: a reject by anyone, or a
        revoke or invalidate of this editor's review."""
        for later in self._by_entry.get(key, ()):
            event = self.events[later]
            if later <= position:
                continue
            if event.event is EventKind.REJECT or (
                event.event in (EventKind.REVOKE, EventKind.INVALIDATE) and event.editor == editor
            ):
                return event
        return None

    def last(self, key: EntryKey) -> Event | None:
        """The entry's latest event."""
        positions = self._by_entry.get(key)
        return self.events[positions[-1]] if positions else None

    def __getitem__(self, position: int) -> Event:
        return self.events[position]
