"""Concurrency: two commands on one locale at once lose neither's writes (SPEC.md
"Behaviour on bad input"; README "Review by editor": commands that write a locale's
catalogs or ledger hold its lock).

Each round starts both commands as subprocesses (tests/crash/runner.py, which is
`python -m l10n` held at the starting line until told to go), lets them go at the same
instant, and checks that both effects are in the catalog and the ledger.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from crash.crash_project import (
    APPROVE_ALL,
    LOCALE,
    Run,
    copy_project,
    edit_source,
    new_project,
    ok,
)

from l10n.project import find_project
from l10n.review.ledger import EventKind, read_ledger
from l10n.review.signoff import review_lines
from l10n.steps.review import verify_reviews

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the runner reads /proc/self/fd"
)

ROUNDS = 10
APPROVE = APPROVE_ALL[:-1]  # + --match TEXT
FIRST, SECOND = "Dilnoza Rashidova", "waterless cleaning robots"  # both in solar-grid
EDITED = "could begin construction in 2027"  # a third entry of solar-grid


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield new_project(tmp_path_factory.mktemp("pristine") / "project")


def _together(root: Path, *commands: tuple[str, ...]) -> None:
    runs = [Run.start(root, *args) for args in commands]
    for run in runs:
        run.ready()
    for run in runs:
        run.go()
    for args, run in zip(commands, runs, strict=True):
        code, out, err = run.finish()
        assert code == 0, f"l10n {' '.join(args)} exited {code}: {out}{err}"


def _entry(root: Path, text: str) -> polib.POEntry:
    catalog = polib.pofile(str(root / "locales" / LOCALE / "solar-grid.po"))
    found = [entry for entry in catalog if text in entry.msgid and not entry.obsolete]
    assert len(found) == 1, text
    return found[0]


def _approved(root: Path, text: str) -> None:
    """The entry carries wangxx's review line and the ledger its approve event."""
    entry = _entry(root, text)
    assert [line.editor for line in review_lines(entry.tcomment)] == ["wangxx"], text
    assert "fuzzy" not in entry.flags
    events, problems = read_ledger(root / "locales" / LOCALE / "reviews.jsonl")
    assert problems == []
    approvals = [e for e in events if e.event is EventKind.APPROVE and text in e.msgid]
    assert len(approvals) == 1, text


def _trail_verified(root: Path) -> None:
    project = find_project(root, explicit=True)
    assert verify_reviews(project, locales=[LOCALE], slugs=[]).problems == ()


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_approvals_at_once_both_survive(pristine: Path, tmp_path: Path, round_: int) -> None:
    root = copy_project(pristine, tmp_path / "project")
    _together(root, (*APPROVE, "--match", FIRST), (*APPROVE, "--match", SECOND))
    _approved(root, FIRST)
    _approved(root, SECOND)
    events, _ = read_ledger(root / "locales" / LOCALE / "reviews.jsonl")
    assert len(events) == 2
    _trail_verified(root)


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_approval_and_update_at_once_both_survive(
    pristine: Path, tmp_path: Path, round_: int
) -> None:
    root = copy_project(pristine, tmp_path / "project")
    edit_source(root, "solar-grid", EDITED, "could begin construction in 2028")
    ok(root, "extract")
    _together(root, (*APPROVE, "--match", FIRST), ("update",))
    _approved(root, FIRST)
    changed = _entry(root, "could begin construction in 2028")
    assert "fuzzy" in changed.flags, "the update's merge was lost"
    assert changed.previous_msgid is not None and EDITED in changed.previous_msgid
    assert not [
        e
        for e in polib.pofile(str(root / "locales" / LOCALE / "solar-grid.po"))
        if e.msgid.find(EDITED) >= 0 and not e.obsolete
    ]
    _trail_verified(root)
