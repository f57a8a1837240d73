"""The ledger's own encoding of events: the bytes it writes and signs are exactly what
`json.dumps(..., ensure_ascii=False, separators=(",", ":"))` writes, for any text, and a
line that is not in that form is refused whatever way it differs."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from l10n.review.ledger import (
    Event,
    EventKind,
    read_ledger,
    signed_message,
)

# Any code point, and the ones JSON escapes or that are easy to get wrong: controls, DEL,
# U+2028, quotes, backslashes; lone surrogates too where text is not encoded (json.loads
# makes them of `\ud800`, and the canonical form of such a line is compared as text).
_SPECIAL = st.sampled_from('"\\/\x00\x1f\x7f\u2028\u2029\ufeff\n\r\t\b\f')
TEXT = st.text(st.one_of(st.characters(codec="utf-8"), _SPECIAL))
ANY_TEXT = st.text(
    st.one_of(
        st.characters(),
        _SPECIAL,
        st.characters(exclude_categories=(), min_codepoint=0xD800, max_codepoint=0xDFFF),
    )
)
HEX = st.text("0123456789abcdef", min_size=64, max_size=64)
_DUMPS = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


@st.composite
def events(draw: st.DrawFn, text: st.SearchStrategy[str] = TEXT) -> Event:
    return Event(
        time=draw(st.datetimes(timezones=st.just(UTC))).replace(microsecond=0),
        event=draw(st.sampled_from(EventKind)),
        editor=draw(text),
        actor=draw(text),
        slug=draw(text),
        msgctxt=draw(st.none() | text),
        msgid=draw(text),
        msgstr=tuple(draw(st.lists(TEXT, max_size=3))),
        hash=draw(HEX),
        note=draw(text),
        was_fuzzy=draw(st.booleans()),
        msgid_plural=draw(st.none() | text),
        prev=draw(st.none() | HEX),
        signature=draw(st.none() | text),
    )


def _stamp(event: Event) -> str:
    return event.time.strftime("%Y-%m-%dT%H:%M:%SZ")


@given(events(ANY_TEXT))
def test_an_event_is_written_as_json_dumps_writes_it(event: Event) -> None:
    record = {
        "time": _stamp(event), "event": event.event.value, "editor": event.editor,
        "actor": event.actor, "slug": event.slug, "msgctxt": event.msgctxt,
        "msgid": event.msgid, "msgstr": list(event.msgstr), "hash": event.hash,
        "note": event.note, "was_fuzzy": event.was_fuzzy, "prev": event.prev,
    }  # fmt: skip
    if event.msgid_plural is not None:
        record["msgid_plural"] = event.msgid_plural
    if event.signature is not None:
        record["signature"] = event.signature
    assert event.to_json() == _DUMPS(record)


@given(events(), TEXT)
def test_the_signed_message_is_the_compact_json_array(event: Event, locale: str) -> None:
    payload = [
        "l10n-review-event/1", event.event.value, event.editor, _stamp(event), locale,
        event.slug, event.msgctxt, event.msgid, event.msgid_plural, list(event.msgstr),
        event.hash, event.prev, event.note, event.actor, event.was_fuzzy,
    ]  # fmt: skip
    assert signed_message(event, locale=locale) == _DUMPS(payload).encode("utf-8")


def _line(**changes: object) -> dict[str, object]:
    record: dict[str, object] = {
        "time": "2026-11-27T10:00:00Z", "event": "approve", "editor": "wangxx",
        "actor": "wang@example.org", "slug": "guide", "msgctxt": None, "msgid": "Hello",
        "msgstr": ["你好"], "hash": "a" * 64, "note": "", "was_fuzzy": False, "prev": None,
    }  # fmt: skip
    record.update(changes)
    return record


def test_a_line_read_is_canonical_only_byte_for_byte(tmp_path: Path) -> None:
    canonical = _DUMPS(_line())
    lines = [
        canonical,
        canonical + "\r",  # a CRLF checkout: the same line
        json.dumps(_line()),  # spaces after the separators
        json.dumps(_line(), ensure_ascii=True, separators=(",", ":")),  # \u escapes
        _DUMPS(dict(reversed(_line().items()))),  # another key order
        canonical.replace('"note":""', '"note":"\\ud800"'),  # a lone surrogate: no UTF-8 for it
        _DUMPS(_line(msgid="a\u2028b\x7f\x00")),  # kept as l10n writes it
        canonical.replace('"Hello"', '"\\u0048ello"'),  # an escape JSON does not need
    ]
    path = tmp_path / "reviews.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    events, problems = read_ledger(path)
    assert [event.line for event in events] == [1, 2, 7]
    assert [(p.line, p.message) for p in problems] == [
        (number, "not in the canonical form l10n writes") for number in (3, 4, 5, 6, 8)
    ]
    assert events[0] == events[1] and events[0].digest == events[1].digest


def test_a_bad_field_is_named_whatever_else_is_wrong(tmp_path: Path) -> None:
    lines = [
        _line(event="approved"),
        _line(event=["approve"]),
        _line(time="2026-11-27 10:00:00", editor=1),  # time is checked first
        _line(editor=None),
        _line(msgctxt=3),
        _line(prev="b" * 63),
        _line(was_fuzzy=0),
    ]
    path = tmp_path / "reviews.jsonl"
    path.write_text("\n".join(map(_DUMPS, lines)) + '\n{"time": 1}\n[]\n', encoding="utf-8")
    events, problems = read_ledger(path)
    assert not events
    assert [p.message.removeprefix("not a valid review event ") for p in problems] == [
        "('approved' is not a valid EventKind)",
        "(['approve'] is not a valid EventKind)",
        "(time must be like 2026-11-27T10:00:00Z)",
        "(editor must be a string)",
        "(msgctxt must be a string or null)",
        "(prev must be 64 hex digits or null)",
        "(was_fuzzy must be true or false)",
        "('msgstr')",
        "(a line must be a JSON object)",
    ]


def test_an_event_read_back_is_the_event_written(tmp_path: Path) -> None:
    event = Event(
        time=datetime(2026, 11, 27, 10, tzinfo=UTC), event=EventKind.REJECT, editor="wangxx",
        actor="wang", slug="guide", msgctxt="menu", msgid="File", msgstr=("文件", "文件们"),
        hash="c" * 64, note="too literal\n", was_fuzzy=True, msgid_plural="Files",
        prev="d" * 64, signature="-----BEGIN SSH SIGNATURE-----\nU1NI\n",
    )  # fmt: skip
    path = tmp_path / "reviews.jsonl"
    path.write_text(event.to_json() + "\n", encoding="utf-8")
    events, problems = read_ledger(path)
    assert (events, problems) == ([event], [])
