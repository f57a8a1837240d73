"""Articles worked on in several processes: how many processes a command uses, and the
pool that hands results back in the order of the articles, so that output, reports and
files are the same as with one process.

Each article is independent (its page, its template, its catalogs), and Python runs one
thread of work at a time: processes are what lets a command use every core. Workers are
forked where the system can (Linux, macOS), so that they start with everything the
command has loaded and read (the registry, the ledgers) without pickling it; elsewhere
they are spawned and get it pickled once each.
"""

from __future__ import annotations

import gc
import os
import signal
from collections import deque
from collections.abc import Callable, Generator, Sequence
from typing import Any, TypeVar

from l10n.errors import WorkerError

__all__ = ["chosen_jobs", "in_processes"]

Item = TypeVar("Item")
Result = TypeVar("Result")

#: Fewer articles than this are worked on in one process by default: starting workers
#: and handing results back costs more than a few articles' work.
_FEW = 16
#: At most this many processes by default: more rarely pays on a newsroom's machine,
#: where the command shares the cores with an editor and a browser.
_MOST = 8


def chosen_jobs(requested: int | None, articles: int) -> int:
    """The processes a command uses for `articles`: those `requested`, or by default one
    per CPU this process may run on (at most 8), and one for fewer than 16 articles.

    >>> chosen_jobs(3, 1), chosen_jobs(None, 2)
    (3, 1)
    """
    if requested is not None:
        return requested
    if articles < _FEW:
        return 1
    try:
        available = len(os.sched_getaffinity(0))  # the CPUs this process may use
    except AttributeError:  # not on every system
        available = os.cpu_count() or 1
    return max(1, min(available, _MOST))


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
) -> Generator[Result, None, None]:
    """`task(shared, item)` for each item, in `jobs` processes, the results in the order
    of `items`. `task` is a module-level function (workers find it by name); `shared` is
    what every call needs, given to each worker once. `prepare` loads in this process what
    every worker would otherwise load for itself, before they are forked.

    Raises WorkerError when a worker ended before it was done (killed, or out of memory):
    the results handed over until then stand, no more come (the pool gives up the work
    of every process when one of them dies).

    Workers ignore Ctrl+C: it reaches this process, which stops handing out work. The
    results of work already started that the caller did not take (it stopped, or was
    interrupted) are given to `unused`, so that nothing they staged is left behind. So
    that this happens when the caller stops, not whenever the generator is collected, the
    caller takes the results in `contextlib.closing(in_processes(...))`.
    """
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    forking = "fork" in multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if forking else None)
    frozen_before = gc.get_freeze_count()
    if forking:
        prepare()
        # The objects made so far, out of the collector's reach: a worker's collections
        # would otherwise write to every memory page it shares with this process.
        gc.freeze()
    # Small chunks: a worker left with a long last chunk keeps the others idle.
    size = max(1, min(4, len(items) // (jobs * 8)))
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    # The chunks not taken yet, in order: a chunk's results are let go once handed over,
    # so that memory does not grow with the number of items.
    pending: deque[Future[list[Result]]] = deque()
    current: list[Result] = []  # the chunk being handed over
    given = 0  # of its results
    try:
        with ProcessPoolExecutor(
            max_workers=min(jobs, len(chunks)),
            mp_context=context,
            initializer=_start_worker,
            initargs=(task, shared),
        ) as pool:
            pending.extend(pool.submit(_work_on, chunk) for chunk in chunks)
            try:
                while pending:
                    try:
                        current, given = pending[0].result(), 0
                    except BrokenProcessPool as error:
                        raise WorkerError(
                            "a worker process ended before its work was done"
                            " (killed, or out of memory?)"
                        ) from error
                    pending.popleft()
                    while given < len(current):
                        given += 1
                        yield current[given - 1]
            finally:
                for future in pending:
                    future.cancel()  # not started: never will be
    finally:
        # The pool has waited for the chunks under way: what they made was not taken.
        for result in current[given:]:
            unused(result)
        for future in pending:
            if future.done() and not future.cancelled() and future.exception() is None:
                for result in future.result():
                    unused(result)
        if forking and not frozen_before:
            gc.unfreeze()


def _start_worker(task: Callable[[Any, Any], Any], shared: Any) -> None:
    global _WORKER  # one per worker process, set before its first chunk
    _WORKER = (task, shared)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _work_on(chunk: Sequence[Any]) -> list[Any]:
    assert _WORKER is not None, "a worker starts with _start_worker"
    task, shared = _WORKER
    return [task(shared, item) for item in chunk]
