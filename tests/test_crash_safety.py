"""Crash safety: `extract`, `update`, `review approve` and `build` killed with SIGKILL at
any point leave every file either as it was or as the finished command writes it, each
one parseable, and running the command again finishes the job (SPEC.md "Behaviour on bad
input": every write goes to a temporary file in the same folder and is renamed into
place; the ledger appends whole lines only).

Each command runs in a subprocess (tests/crash/runner.py, which is `python -m l10n` that
can wait at the starting line and can SIGKILL itself at the N-th write boundary). Two
series of kills per command:

- at every write boundary it crosses (before and after each rename into place, with the
  temporary file written but not renamed, before and after ledger appends; long runs of
  ledger appends are sampled at their ends and middle), found by a traced reference run;
- at evenly spaced times from the moment it is let go to the end of its normal run.

Leftover temporary files are allowed; they are counted and printed (`pytest -s`).
A SIGKILL is not a power cut: the kernel keeps what the killed process wrote, so `fsync`
changes nothing here, and it is skipped where timing does not matter (boundary kills and
reruns) because it costs most of the time; the timed kills and reference runs keep it.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from crash.crash_project import (
    APPROVE_ALL,
    LOCALE,
    SLUGS,
    Run,
    copy_project,
    edit_source,
    ledger_lines,
    new_project,
    normalized,
    ok,
    run_in_process,
    snapshot,
    temporaries,
    translate,
)

from l10n.po.reader import parse_po
from l10n.project import find_project, write_text
from l10n.review.ledger import Event, EventKind, append_lines, read_ledger
from l10n.steps.verify import verify_reviews

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="SIGKILL and /proc/self/fd are Linux's"
)

TIMED_KILLS = 10  # evenly spaced kill times per command
LEDGER = f"locales/{LOCALE}/reviews.jsonl"


@dataclass
class Scenario:
    """A command, the project it runs on, and the files before and after a whole run."""

    name: str
    args: tuple[str, ...]
    base: Path
    before: dict[str, bytes]
    after: dict[str, bytes]
    trace: list[str]  # write boundaries of the reference run, in order
    duration: float  # seconds from `go` to exit, in the reference run


def _extract_base(root: Path) -> None:
    edit_source(
        root, "solar-grid", "could begin construction in 2027", "could begin construction in 2028"
    )
    edit_source(root, "river-survey", "Native fish are returning", "Native fish have returned")


def _update_base(root: Path) -> None:
    ok(root, *APPROVE_ALL)  # so that the source edit invalidates a review (ledger event)
    _extract_base(root)
    ok(root, "extract")


def _build_base(root: Path) -> None:
    ok(root, *APPROVE_ALL[:-1], "--match", "Dilnoza Rashidova")
    ok(root, "build")
    translate(root, "新")  # every zh_CN page changes
    (root / "site" / "en" / "river-survey.html").unlink()  # and one page is new


BASES: dict[str, tuple[tuple[str, ...], Callable[[Path], None]]] = {
    "extract": (("extract",), _extract_base),
    "update": (("update",), _update_base),
    "approve": (APPROVE_ALL, lambda root: None),
    "build": (("build",), _build_base),
}


@pytest.fixture(scope="module")
def scenarios(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Scenario]]:
    translated = new_project(tmp_path_factory.mktemp("translated") / "project")
    made: dict[str, Scenario] = {}

    def scenario(name: str) -> Scenario:
        if name not in made:
            args, prepare = BASES[name]
            folder = tmp_path_factory.mktemp(name)
            base = copy_project(translated, folder / "base")
            prepare(base)
            reference = copy_project(base, folder / "after")
            trace_file = folder / "trace.txt"
            run = Run.start(reference, *args, L10N_CRASH_TRACE=str(trace_file))
            run.ready()
            started = time.monotonic()
            run.go()
            code, out, err = run.finish()
            duration = time.monotonic() - started
            assert code == 0, out + err
            made[name] = Scenario(
                name,
                args,
                base,
                snapshot(base),
                snapshot(reference),
                trace_file.read_text(encoding="utf-8").splitlines(),
                duration,
            )
            assert made[name].after != made[name].before, f"{name} had nothing to do"
        return made[name]

    yield scenario


def _parseable(rel: str, data: bytes) -> None:
    """No file is half-written."""
    if rel.endswith((".po", ".pot")):
        parse_po(data.decode("utf-8"), name=rel)
    elif rel.endswith(".jsonl"):
        assert not data or data.endswith(b"\n"), f"{rel}: ends in a partial line"
        for number, line in enumerate(data.split(b"\n")[:-1], 1):
            json.loads(line)  # raises on a partial line
            assert line.strip(), f"{rel}:{number}: empty line"
    elif rel.startswith("site/") and rel.endswith(".html"):
        assert data.endswith(b"</html>\n"), f"{rel}: not a complete page"
    elif rel.endswith(".json"):
        json.loads(data)


def _check_killed_state(root: Path, scenario: Scenario) -> bool:
    """Every file old or new and parseable, the review trail valid; True when the kill
    left the project between the two (some files new, some old)."""
    current = snapshot(root)
    for rel, data in current.items():
        _parseable(rel, data)
    for rel in sorted(set(current) | set(scenario.before) | set(scenario.after)):
        now, old, new = current.get(rel), scenario.before.get(rel), scenario.after.get(rel)
        if rel == LEDGER:
            # Appended whole lines, in the order a whole run appends them.
            lines, old_lines, new_lines = ledger_lines(now), ledger_lines(old), ledger_lines(new)
            assert lines[: len(old_lines)] == old_lines, f"{rel}: earlier events changed"
            added = lines[len(old_lines) :]
            assert added == new_lines[len(old_lines) :][: len(added)], f"{rel}: stray events"
        else:
            assert normalized(now) in (normalized(old), normalized(new)), (
                f"{rel}: neither the old nor the new version" + (" (absent)" if now is None else "")
            )
    # A catalog is replaced only after its ledger events are flushed.
    project = find_project(root, explicit=True)
    assert verify_reviews(project, locales=[LOCALE], slugs=[]).problems == ()
    state = {rel: normalized(data) for rel, data in current.items()}
    return state not in (
        {rel: normalized(data) for rel, data in scenario.before.items()},
        {rel: normalized(data) for rel, data in scenario.after.items()},
    )


def _no_fsync(fd: int) -> None:
    """fsync orders writes against a power cut; a killed process's writes are kept by the
    kernel all the same. Skipped where timing does not matter, as it costs most of it."""


def _check_rerun(root: Path, scenario: Scenario) -> None:
    """Running the command again finishes the job: the files of a whole run."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fsync", _no_fsync)
        code, out, err = run_in_process(root, *scenario.args)
    assert code == 0, out + err
    assert ".tmp" not in out + err, "a temporary file was taken for a catalog or page"
    final = snapshot(root)
    assert sorted(final) == sorted(scenario.after)
    for rel, data in final.items():
        _parseable(rel, data)
        if rel == LEDGER:
            # An approve killed between the ledger append and the catalog replace is
            # appended again by the rerun: the same events, some twice.
            assert set(ledger_lines(data)) == set(ledger_lines(scenario.after[rel]))
        else:
            assert normalized(data) == normalized(scenario.after[rel]), f"{rel} differs"
    project = find_project(root, explicit=True)
    assert verify_reviews(project, locales=[LOCALE], slugs=[]).problems == ()
    status = json.loads(ok(root, "status", "--format", "json"))
    assert sorted(article["slug"] for article in status["articles"]) == sorted(SLUGS)
    if scenario.name == "approve":
        zh = [a for a in status["articles"] if a["locale"] == LOCALE]
        assert all(a["reviewed"]["segments"] == a["total"]["segments"] for a in zh), zh


def _boundaries(trace: list[str]) -> list[int]:
    """1-based boundary numbers to kill at, one per distinct state: each temporary file
    written but not renamed, each rename done, and the first and last of each run of
    ledger appends (each append is the same step)."""
    chosen: list[int] = []
    appends: list[int] = []
    for number, label in enumerate([*trace, "end:"], 1):
        kind, _, path = label.partition(":")
        if path == LEDGER:
            if kind == "write-after":
                appends.append(number)
            continue
        if appends:
            chosen.extend(sorted({appends[0], appends[-1]}))
            appends = []
        if kind in ("fsync-before", "replace-after"):
            chosen.append(number)
    return chosen


def _report(
    name: str, kind: str, kills: int, killed: int, between: int, temporaries_left: int
) -> None:
    print(
        f"\n{name}: {kills} {kind} kills, {killed} landed before the end, {between} left the "
        f"project between old and new, {temporaries_left} temporary files left over"
    )


@pytest.mark.parametrize("name", ["extract", "update", "approve", "build"])
def test_killed_at_every_write_boundary(
    name: str, scenarios: Callable[[str], Scenario], tmp_path: Path
) -> None:
    scenario = scenarios(name)
    assert not [label for label in scenario.trace if label.startswith("partial-write")], (
        "an os.write of the ledger that is not whole lines"
    )
    points = _boundaries(scenario.trace)
    assert points
    runs = []
    for number in points:
        root = copy_project(scenario.base, tmp_path / f"kill-{number}")
        run = Run.start(
            root, *scenario.args, handshake=False, L10N_CRASH_AT=str(number), L10N_CRASH_NOFSYNC="1"
        )
        runs.append((number, root, run))
    between = left = 0
    for number, root, run in runs:
        code, out, err = run.finish()
        where = scenario.trace[number - 1]
        assert code == -9, f"not killed at boundary {number} ({where}): {code} {out}{err}"
        between += _check_killed_state(root, scenario)
        left += len(temporaries(root))
        _check_rerun(root, scenario)
    _report(name, "write-boundary", len(points), len(points), between, left)
    assert between, "no kill left the project between the old and the new version"


@pytest.mark.parametrize("name", ["update", "approve", "build"])
def test_killed_at_evenly_spaced_times(
    name: str, scenarios: Callable[[str], Scenario], tmp_path: Path
) -> None:
    scenario = scenarios(name)
    runs = []
    for index in range(TIMED_KILLS):
        root = copy_project(scenario.base, tmp_path / f"kill-{index}")
        runs.append((root, Run.start(root, *scenario.args)))
    for _, run in runs:
        run.ready()  # every interpreter started and l10n imported: nothing else competes
    killed = between = left = 0
    for index, (root, run) in enumerate(runs):
        delay = scenario.duration * index / (TIMED_KILLS - 1)
        run.go()
        time.sleep(delay)
        run.kill()
        code, out, err = run.finish()
        assert code in (0, -9), out + err
        killed += code == -9
        between += _check_killed_state(root, scenario)
        left += len(temporaries(root))
        _check_rerun(root, scenario)
    _report(name, "timed", TIMED_KILLS, killed, between, left)
    assert killed, "every run finished before its kill"


# What the write helpers promise, checked directly.


def _event(msgid: str) -> Event:
    now = datetime(2026, 11, 27, 10, tzinfo=UTC)
    return Event(now, EventKind.APPROVE, "wangxx", "me", "grid", None, msgid, ("译",), "0" * 64)


def test_ledger_append_survives_a_short_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = tmp_path / "reviews.jsonl"
    real_write = os.write
    short = [True]

    def write_once_short(fd: int, data: bytes) -> int:
        # POSIX lets write(2) on a regular file write less than asked (a full disk, a
        # file size limit, a signal); Python's os.write returns the count, no retry.
        if short[0] and stat.S_ISREG(os.fstat(fd).st_mode):
            short[0] = False
            return real_write(fd, bytes(data)[: len(data) // 2])
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write_once_short)
    append_lines(ledger, [_event("first").to_json()])
    monkeypatch.setattr(os, "write", real_write)
    append_lines(ledger, [_event("second").to_json()])
    events, problems = read_ledger(ledger)
    assert problems == []
    assert [event.msgid for event in events] == ["first", "second"]


def test_ledger_append_after_a_line_without_newline(tmp_path: Path) -> None:
    ledger = tmp_path / "reviews.jsonl"
    # A ledger whose last line lost its newline (a crash of another writer, an editor
    # that strips it, a union merge of such a file).
    ledger.write_text(_event("first").to_json(), encoding="utf-8")
    append_lines(ledger, [_event("second").to_json()])
    events, problems = read_ledger(ledger)
    assert [event.msgid for event in events] == ["first", "second"]
    assert problems == []


def test_atomic_write_keeps_the_file_mode(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        page = tmp_path / "page.html"
        write_text(page, "<html></html>\n")
        assert stat.S_IMODE(page.stat().st_mode) == 0o644  # as open() would create it
        catalog = tmp_path / "grid.po"
        catalog.write_text("old\n", encoding="utf-8")
        catalog.chmod(0o664)
        write_text(catalog, "new\n")
        assert stat.S_IMODE(catalog.stat().st_mode) == 0o664  # an existing file keeps it
    finally:
        os.umask(previous)
