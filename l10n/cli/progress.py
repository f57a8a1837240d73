"""What `l10n status` prints: the progress table (or its JSON record), and the editors'
records of `status --by-editor`. Imported by the status command when it has something to
print, so no other command pays for it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from l10n.cli.console import print_json, print_table
from l10n.steps.progress import PROGRESS_STATES

if TYPE_CHECKING:
    from l10n.steps.progress import Progress
    from l10n.steps.status import EditorRecord

__all__ = ["article_records", "print_editor_records", "print_status_table"]


def print_status_table(progress: list[Progress]) -> None:
    """One row per article and locale, and a sum per locale."""
    headers = ["article", "locale", *(state.value for state in PROGRESS_STATES), "stale", "total"]
    rows: list[list[str]] = []
    ends: list[int] = []
    for code in dict.fromkeys(item.locale for item in progress):
        mine = [item for item in progress if item.locale == code]
        for item in mine:
            cells = [
                _tally(item.by_state[s].words, item.by_state[s].segments) for s in PROGRESS_STATES
            ]
            stale = _tally(item.stale.words, item.stale.segments)
            total = _tally(item.total.words, item.total.segments)
            rows.append([item.slug, code, *cells, stale, total])
        sums = [
            _tally(
                sum(i.by_state[s].words for i in mine), sum(i.by_state[s].segments for i in mine)
            )
            for s in PROGRESS_STATES
        ]
        stale = _tally(sum(i.stale.words for i in mine), sum(i.stale.segments for i in mine))
        total = _tally(sum(i.total.words for i in mine), sum(i.total.segments for i in mine))
        rows.append(["all articles", code, *sums, stale, total])
        ends.append(len(rows) - 1)
    print_table("Progress (words / segments)", headers, rows, section_ends=ends)


def _tally(words: int, segments: int) -> str:
    return f"{words} / {segments}"


def print_editor_records(records: list[EditorRecord], *, as_json: bool) -> None:
    """Per editor: what they approved, what still counts, when they last approved."""
    if as_json:
        rows = [
            {
                "id": r.editor.id,
                "name": r.editor.name,
                "locales": list(r.editor.locales),
                "approved": r.approved,
                "counting": r.counting,
                "last": r.last.strftime("%Y-%m-%dT%H:%M:%SZ") if r.last else None,
            }
            for r in records
        ]
        print_json({"editors": rows})
        return
    print_table(
        "Editors",
        ["editor", "name", "locales", "approved", "still counting", "last approval"],
        [
            [
                r.editor.id,
                r.editor.name,
                ", ".join(r.editor.locales),
                str(r.approved),
                str(r.counting),
                f"{r.last:%Y-%m-%d %H:%M}" if r.last else "never",
            ]
            for r in records
        ],
    )


def article_records(progress: list[Progress]) -> Iterator[dict[str, object]]:
    """`status --format json`'s articles: every article and locale, each state in segments
    and words (made one at a time, as they are written)."""
    for item in progress:
        yield {
            "slug": item.slug,
            "locale": item.locale,
            **{
                s.value: {"segments": item.by_state[s].segments, "words": item.by_state[s].words}
                for s in PROGRESS_STATES
            },
            "stale": {"segments": item.stale.segments, "words": item.stale.words},
            "rejected": {"segments": item.rejected.segments, "words": item.rejected.words},
            "total": {"segments": item.total.segments, "words": item.total.words},
        }
