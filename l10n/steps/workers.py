"""Articles worked on in several processes: how many processes a command uses, and the
pool that hands results back in the order of the articles, so that output, reports and
files are the same as with one process.

Each article is independent (its page, its template, its catalogs), and Python runs one
thread of work at a time: processes are what lets a command use every core. On Linux the
workers are forked, so that they start with everything the command has loaded and read
(the registry, the ledgers) without pickling it; elsewhere they are started the system's
way (spawned) and get it pickled once each.
"""

from __future__ import annotations

import gc
import math
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Generator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from l10n.errors import WorkerError

__all__ = ["chosen_jobs", "in_processes"]

Item = TypeVar("Item")
Result = TypeVar("Result")

#: Fewer items than this are worked on in one process by default: starting workers and
#: handing results back costs more than a few articles' work.
_FEW = 16
#: At most this many processes by default: more rarely pays on a newsroom's machine,
#: where the command shares the cores with an editor and a browser.
_MOST = 8


def chosen_jobs(requested: int | None, items: int) -> int:
    """The processes a command uses for `items` (articles, or catalogs): those
    `requested`, or by default one per CPU this process may use (at most 8), and one for
    fewer than 16 items.

    >>> chosen_jobs(3, 1), chosen_jobs(None, 2)
    (3, 1)
    """
    if requested is not None:
        return requested
    if items < _FEW:
        return 1
    return max(1, min(_usable_cpus(), _MOST))


def _usable_cpus() -> int:
    """The CPUs this process may run on, and no more than its container's CPU quota
    (cgroup v2 `cpu.max`: a container limited to one CPU on a large machine)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every system
        cpus = os.cpu_count() or 1
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        if quota != "max":
            cpus = min(cpus, max(1, math.ceil(int(quota) / int(period))))
    except (OSError, ValueError):
        pass  # no cgroup v2 quota here
    return cpus


def _start_method() -> str | None:
    """fork on Linux (the workers share what the command has read); elsewhere the
    system's default, since macOS's own libraries are not safe to use in a forked child."""
    return "fork" if sys.platform == "linux" else None


#: The task and what it shares, in each worker: set once, by `_start_worker`.
_WORKER: tuple[Callable[[Any, Any], Any], Any] | None = None


def in_processes(
    task: Callable[[Any, Item], Result],
    shared: Any,
    items: Sequence[Item],
    *,
    jobs: int,
    prepare: Callable[[], None] = lambda: None,
    unused: Callable[[Result], None] = lambda _result: None,
    abandoned: Callable[[Sequence[Item]], None] = lambda _items: None,
) -> Generator[Result, None, None]:
    """`task(shared, item)` for each item, in `jobs` processes, the results in the order
    of `items`. `task` is a module-level function (workers find it by name); `shared` is
    what every call needs, given to each worker once. `prepare` loads in this process what
    every worker would otherwise load for itself, before they are forked. When no worker
    can be started (the system refuses a process), the items are worked on here.

    Raises WorkerError when a worker ended before it was done (killed, or out of memory):
    the results handed over until then stand, no more come (the pool gives up the work
    of every process when one of them dies).

    Workers ignore Ctrl+C, and end when this process does: Ctrl+C reaches this process,
    which stops handing out work and waits for the chunks under way (a second Ctrl+C
    stops them at once). The results of work that the caller did not take (it stopped,
    or was interrupted) are given to `unused`, and the items whose worker was stopped or
    died on its way to `abandoned`, so that nothing they staged is left behind. So that
    this happens when the caller stops, not whenever the generator is collected, the
    caller takes the results in `contextlib.closing(in_processes(...))`.
    """
    if not items:
        return
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    method = _start_method()
    frozen_before = gc.get_freeze_count()
    if method == "fork":
        prepare()
        # The objects made so far, out of the collector's reach: a worker's collections
        # would otherwise write to every memory page it shares with this process.
        gc.freeze()
    # Small chunks: a worker left with a long last chunk keeps the others idle.
    size = max(1, min(4, len(items) // (jobs * 8)))
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    pool = ProcessPoolExecutor(
        max_workers=min(jobs, len(chunks)),
        mp_context=multiprocessing.get_context(method),
        initializer=_start_worker,
        initargs=(task, shared, os.getpid()),
    )
    # The chunks not taken yet, in order: a chunk's results are let go once handed over,
    # so that memory does not grow with the number of items.
    pending: deque[tuple[Future[list[Result]], Sequence[Item]]] = deque()
    current: list[Result] = []  # the chunk being handed over
    given = 0  # of its results
    try:
        try:
            pending.extend((pool.submit(_work_on, chunk), chunk) for chunk in chunks)
        except OSError:  # no process could be started (EAGAIN: too many processes)
            if pending:
                raise
            for item in items:
                yield task(shared, item)
            return
        while pending:
            try:
                current, given = pending[0][0].result(), 0
            except BrokenProcessPool as error:
                raise WorkerError(
                    "a worker process ended before its work was done (killed, or out of memory?)"
                ) from error
            pending.popleft()
            while given < len(current):
                given += 1
                yield current[given - 1]
    finally:
        try:
            # Chunks not started never will be; those under way are waited for.
            pool.shutdown(wait=True, cancel_futures=True)
        except KeyboardInterrupt:  # a second Ctrl+C: the workers are stopped now
            workers = multiprocessing.active_children()
            for worker in workers:
                worker.kill()
            for worker in workers:
                worker.join(timeout=5)  # dead before what they staged is looked for
            # Not waited for: the pool's own thread finds its workers gone, and ends.
            pool.shutdown(wait=False)
            raise
        finally:
            # What the chunks under way made was not taken.
            for result in current[given:]:
                unused(result)
            for future, chunk in pending:
                if future.cancelled():
                    continue  # never started
                if future.done() and future.exception() is None:
                    for result in future.result():
                        unused(result)
                else:  # its worker was stopped or died: what did it stage?
                    abandoned(chunk)
            if method == "fork" and not frozen_before:
                gc.unfreeze()


def _start_worker(task: Callable[[Any, Any], Any], shared: Any, parent: int) -> None:
    global _WORKER  # one per worker process, set before its first chunk
    _WORKER = (task, shared)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with(parent)


def _end_with(parent: int) -> None:
    """Have this worker killed when the command's process ends, however it ends (a
    worker left alone would wait for work forever: it holds its queue open itself)."""
    if sys.platform == "linux":
        import ctypes

        set_parent_death_signal = 1  # PR_SET_PDEATHSIG, <linux/prctl.h>
        ctypes.CDLL(None, use_errno=True).prctl(set_parent_death_signal, signal.SIGKILL)
    if os.getppid() != parent:  # it ended before the signal was asked for
        os._exit(1)


def _work_on(chunk: Sequence[Any]) -> list[Any]:
    assert _WORKER is not None, "a worker starts with _start_worker"
    task, shared = _WORKER
    return [task(shared, item) for item in chunk]
