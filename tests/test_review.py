"""Review lines and their hash, the registry and the ledger, without the CLI (what counts
is decided by the verdict: tests/test_verdict.py)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from l10n.errors import ConfigError
from l10n.review.ledger import Event, EventKind, append_lines, read_ledger
from l10n.review.registry import Editor, read_editors
from l10n.review.signoff import Reviewable, format_review_line, review_hash, review_lines

WANG = Editor("wangxx", "王晓夏", "wangxx@example.org", ("zh_CN",), date(2027, 6, 30))
EDITORS = {"wangxx": WANG}
ITEM = Reviewable("zh_CN", None, "Editor: Wang Xiaoxia", None, ("编辑：王晓夏",))
WHEN = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


def test_hash_test_vector_matches_the_spec_definition() -> None:
    # The README shows this vector so other tools can verify reviews.
    payload = '["l10n-review/1","zh_CN",null,"Editor: Wang Xiaoxia",null,["编辑：王晓夏"]]'
    expected = hashlib.sha256(payload.encode("utf-8")).hexdigest()
    assert review_hash(ITEM) == expected
    assert expected == "acd59dd57b2123fd719b6f343686f4520170d4ce78d4357bf2fe9fa7f703df6a"


def test_review_line_round_trips() -> None:
    line = format_review_line("wangxx", WHEN, review_hash(ITEM))
    assert line == f"reviewed: wangxx 2026-11-27T10:00:00Z sha256:{review_hash(ITEM)[:16]}"
    (parsed,) = review_lines(f"a translator note\n{line}")
    assert (parsed.editor, parsed.time, str(parsed)) == ("wangxx", WHEN, line)


def test_registry_reads_unicode_names_and_dates(tmp_path: Path) -> None:
    path = tmp_path / "editors.toml"
    path.write_text(
        '[editors.wangxx]\nname = "王晓夏"\nemail = "wangxx@example.org"\nlocales = ["zh_CN"]\nuntil = 2027-06-30\n'
        '[editors.petrova]\nname = "Анна Петрова"\nlocales = ["ru"]\nuntil = "2027-01-31"\n',
        encoding="utf-8",
    )
    editors = read_editors(path)
    assert editors["wangxx"] == WANG
    assert editors["petrova"].until == date(2027, 1, 31)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[editors.a]\nname = "A"\nlocales = ["ru"]\n[editors.a]\nname = "B"\nlocales = ["fa"]\n',
            "defined twice",
        ),
        ('[editors.a]\nlocales = ["ru"]\n', "name is required"),
        ('[editors.a]\nname = "A"\nlocales = "ru"\n', "locales must be a list"),
        ('[editors."../x"]\nname = "A"\nlocales = ["ru"]\n', "ids are letters"),
        ('[editors.a]\nname = "A"\nlocales = ["ru"]\nuntil = "soon"\n', "until must be a date"),
    ],
)
def test_registry_errors_are_one_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "editors.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        read_editors(path)


def test_ledger_appends_whole_lines_and_reports_invalid_ones(tmp_path: Path) -> None:
    ledger = tmp_path / "reviews.jsonl"
    event = Event(WHEN, EventKind.APPROVE, "wangxx", "wangxx@example.org", "solar-grid", None,
                  ITEM.msgid, ITEM.msgstrs, review_hash(ITEM))  # fmt: skip
    append_lines(ledger, [event.to_json()])
    with ledger.open("a", encoding="utf-8") as stream:
        stream.write("this is not json\n")
    append_lines(ledger, [event.to_json()])
    events, problems = read_ledger(ledger)
    assert events == [event, event]
    assert [(p.line, p.message.split(" (")[0]) for p in problems] == [
        (2, "not a valid review event")
    ]
    first = ledger.read_text(encoding="utf-8").splitlines()[0]
    assert (
        '"editor":"wangxx"' in first and '"msgstr":["编辑：王晓夏"]' in first
    )  # UTF-8, not \\u escapes


def test_ledger_line_nested_absurdly_deep_is_reported_with_its_line(tmp_path: Path) -> None:
    ledger = tmp_path / "reviews.jsonl"
    ledger.write_text('{"ok": 1}\n' + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    events, problems = read_ledger(ledger)
    assert events == []
    assert [p.line for p in problems] == [1, 2]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n",
        '{"a": 1}\n',
        '{"a": 1}',
        '{"a": 1}\n{"b": 2}\n',
        '{"a": 1}\n{"b": 2}\n\n  \n',
        '{"a": 1}\n' + "x" * 40_000 + "\n",
        "y" * 70_000 + "\n" + '{"last": true}' + "\n" * 3,
        "z" * 50_000,
        "short\n" + "\n" * 40_000,
    ],
)
def test_the_last_line_is_found_from_the_end_as_from_the_whole_file(
    tmp_path: Path, text: str
) -> None:
    from l10n.review.ledger import last_line_digest, line_digest

    ledger = tmp_path / "reviews.jsonl"
    ledger.write_text(text, encoding="utf-8")
    lines = [line for line in text.encode().split(b"\n") if line.strip()]
    assert last_line_digest(ledger) == (line_digest(lines[-1]) if lines else None)
