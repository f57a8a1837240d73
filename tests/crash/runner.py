"""Run one `l10n` command in this process, for the crash-safety and concurrency tests.

    python tests/crash/runner.py <l10n arguments…>      (cwd: the project)

It is `python -m l10n <arguments…>` with three optional hooks, set by environment:

- `L10N_CRASH_HANDSHAKE=1`: import l10n first (the slow part), write `R` to stdout, then
  wait for one byte on stdin before running the command. The tests time their kills from
  that byte, so kill points spread over the command's own work, not over the imports;
  and two commands can be let go at the same instant.
- `L10N_CRASH_TRACE=FILE`: record every write boundary (see below) and write them to FILE
  when the command exits, one per line: `<kind>:<path>`.
- `L10N_CRASH_AT=N`: SIGKILL this process at the N-th write boundary (1-based).

Write boundaries are observed at the OS calls the tool's writers make, without touching
the tool: before and after each `os.write` to a regular file (the ledger appends), before
each `os.fsync` (a temporary file fully written but not yet renamed) and before and after
each `os.replace` (the rename into place). An `os.write` whose buffer is not whole lines
line ending in `\\n` is recorded with kind `partial-write`.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import os
import signal
import stat
import sys
from pathlib import Path

import typer.main

from l10n.cli.main import app

_real_write = os.write
_real_fsync = os.fsync
_real_replace = os.replace

_trace: list[str] = []
_die_at = int(os.environ.get("L10N_CRASH_AT", "0") or 0)
_root = Path.cwd()
_skip_fsync = os.environ.get("L10N_CRASH_NOFSYNC") == "1"


def _shown(path: str | os.PathLike[str]) -> str:
    try:
        return Path(path).resolve().relative_to(_root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _fd_path(fd: int) -> str:
    try:
        return _shown(os.readlink(f"/proc/self/fd/{fd}"))
    except OSError:
        return f"fd{fd}"


def _boundary(label: str) -> None:
    _trace.append(label)
    if _die_at and len(_trace) == _die_at:
        os.kill(os.getpid(), signal.SIGKILL)


def _is_regular(fd: int) -> bool:
    try:
        return stat.S_ISREG(os.fstat(fd).st_mode)
    except OSError:
        return False


def _write(fd: int, data: bytes, /) -> int:
    if not _is_regular(fd):
        return _real_write(fd, data)
    path = _fd_path(fd)
    whole = bytes(data).endswith(b"\n")  # whole lines, one or a batch
    _boundary(f"{'write' if whole else 'partial-write'}-before:{path}")
    written = _real_write(fd, data)
    _boundary(f"write-after:{path}")
    return written


def _fsync(fd: int, /) -> None:
    _boundary(f"fsync-before:{_fd_path(fd)}")
    if not _skip_fsync:
        _real_fsync(fd)


def _replace(src: str | os.PathLike[str], dst: str | os.PathLike[str], **kwargs: object) -> None:
    _boundary(f"replace-before:{_shown(dst)}")
    _real_replace(src, dst, **kwargs)  # type: ignore[arg-type]
    _boundary(f"replace-after:{_shown(dst)}")


def _save_trace() -> None:
    target = os.environ.get("L10N_CRASH_TRACE")
    if target:
        Path(target).write_text("".join(f"{label}\n" for label in _trace), encoding="utf-8")


def main() -> None:
    if os.environ.get("L10N_CRASH_HANDSHAKE") == "1":
        # Typer builds the command line interface (and imports what that needs) at each
        # call: do it once before the starting line, so that `go` starts the real work.
        typer.main.get_command(app)
        # Imported while parsing arguments by the typer versions that have it (not 0.28).
        with contextlib.suppress(ModuleNotFoundError):
            importlib.import_module("typer._adapters")
        _real_write(1, b"R")
        if not os.read(0, 1):
            sys.exit(0)  # the test gave up on this run
    os.write = _write  # type: ignore[assignment]
    os.fsync = _fsync  # type: ignore[assignment]
    os.replace = _replace  # type: ignore[assignment]
    atexit.register(_save_trace)
    sys.argv = ["l10n", *sys.argv[1:]]
    app()


if __name__ == "__main__":
    main()
