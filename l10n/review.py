"""Editors and their sign-offs: the registry, review lines and their hashes, the ledger,
and what counts as reviewed.

A review is a translator-comment line in the PO entry, which every PO tool keeps:

    # reviewed: 王晓夏 [wangxx] 2026-11-27T10:00:00Z sha256:<16 hex>

The hash covers what was approved (SPEC.md "Review by editor"), so any later change to
the text under it, by a translator, a source update or a git merge, stops it counting.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from l10n.errors import ConfigError

__all__ = [
    "Editor",
    "Event",
    "EventKind",
    "LedgerProblem",
    "ReviewLine",
    "Reviewable",
    "append_event",
    "counts",
    "format_review_line",
    "latest_events",
    "read_editors",
    "read_ledger",
    "review_hash",
    "review_lines",
    "without_review_lines",
]

_EDITOR_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_LINE = re.compile(
    r"reviewed: (?P<name>.+) \[(?P<editor>[A-Za-z0-9][A-Za-z0-9_.-]*)\] "
    r"(?P<time>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) sha256:(?P<digest>[0-9a-f]{16})"
)
_HASH_VERSION = "l10n-review/1"


@dataclass(frozen=True, slots=True)
class Editor:
    """One entry of `editors.toml`."""

    id: str
    name: str
    email: str
    locales: tuple[str, ...]
    until: date | None = None

    def holds(self, locale: str, on: date) -> bool:
        """Whether this editor may review `locale` on that day."""
        return locale in self.locales and (self.until is None or on <= self.until)


def read_editors(path: Path, *, required: bool = True) -> dict[str, Editor]:
    """The editors registry; with `required=False` a missing file is an empty registry.

    Raises:
        ConfigError: a missing (when required) or invalid file, a duplicated id, a bad field.
    """
    shown = path.name
    if not required and not path.exists():
        return {}
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{shown}: no editors registry; create it (see README)") from None
    except tomllib.TOMLDecodeError as error:
        # TOML refuses a table defined twice: the one way to write a duplicated id.
        detail = str(error)
        if "Cannot declare" in detail or "overwrite" in detail:
            raise ConfigError(f"{shown}: an editor id is defined twice ({detail})") from error
        raise ConfigError(f"{shown}: invalid TOML ({detail})") from error
    editors: dict[str, Editor] = {}
    for editor_id, fields in table.get("editors", {}).items():
        editors[editor_id] = _editor(editor_id, fields, shown)
    return editors


def _editor(editor_id: str, fields: Any, shown: str) -> Editor:
    where = f"{shown}: editors.{editor_id}"
    if not _EDITOR_ID.fullmatch(editor_id) or not isinstance(fields, dict):
        raise ConfigError(f"{where}: ids are letters, digits, '.', '_' and '-'")
    name, email, locales = fields.get("name"), fields.get("email", ""), fields.get("locales")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{where}: name is required")
    if not isinstance(email, str):
        raise ConfigError(f"{where}: email must be a string")
    if not isinstance(locales, list) or not all(isinstance(code, str) for code in locales):
        raise ConfigError(f"{where}: locales must be a list of locale codes")
    until = fields.get("until")
    if isinstance(until, str):
        try:
            until = date.fromisoformat(until)
        except ValueError:
            raise ConfigError(f"{where}: until must be a date like 2027-06-30") from None
    if until is not None and not isinstance(until, date):
        raise ConfigError(f"{where}: until must be a date like 2027-06-30")
    return Editor(editor_id, name.strip(), email, tuple(locales), until)


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


def counts(line: ReviewLine, item: Reviewable, editors: Mapping[str, Editor]) -> bool:
    """Whether a review line counts: its hash matches the entry as it is now, the entry is
    neither fuzzy nor obsolete, and the editor held the locale on the review's date."""
    if item.fuzzy or item.obsolete or review_hash(item)[:16] != line.digest:
        return False
    editor = editors.get(line.editor)
    return editor is not None and editor.holds(item.locale, line.time.date())


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
        except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
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


def latest_events(events: Sequence[Event]) -> dict[tuple[str, str | None, str], Event]:
    """The last event of each (slug, msgctxt, msgid), in ledger order."""
    return {(event.slug, event.msgctxt, event.msgid): event for event in events}
