"""Run a batch's items in worker processes, reporting each result as it arrives.

``run_in_workers`` starts ``jobs`` processes; each builds its own worker once
(``make_worker``, a context manager that may hold resources for the whole
batch, such as a sandbox) and then takes items from a shared queue until none
are left. Results come back in the order they finish. A worker that dies
takes only its current item with it: ``lost`` reports that item, and the
remaining items go to the other workers (or a new one).
"""

from __future__ import annotations

import multiprocessing
import queue
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
POLL_SECONDS = 0.5

# Called in the worker process: a context manager yielding the function applied to each item.
WorkerFactory = Callable[[], AbstractContextManager[Callable[[Any], Any]]]


def _serve(slot: int, make_worker: WorkerFactory, tasks: Any, results: Any) -> None:
    with make_worker() as work:
        while (task := tasks.get()) is not None:  # None: no more items
            number, item = task
            results.put((slot, number, False, None))
            results.put((slot, number, True, work(item)))


def run_in_workers(make_worker: WorkerFactory, items: list[T], jobs: int,
                   lost: Callable[[T], R]) -> Iterator[tuple[T, R]]:
    """Apply the worker to every item in up to ``jobs`` processes; yields (item, result) as each finishes."""
    context = multiprocessing.get_context("spawn")  # nothing inherited: no open database connections
    tasks, results = context.Queue(), context.Queue()
    for number, item in enumerate(items):
        tasks.put((number, item))
    workers: dict[int, Any] = {}
    current: dict[int, int] = {}  # worker slot -> the item it is working on
    remaining = set(range(len(items)))

    def start(slot: int) -> None:
        tasks.put(None)
        workers[slot] = context.Process(target=_serve, args=(slot, make_worker, tasks, results), daemon=True)
        workers[slot].start()

    for slot in range(max(1, min(jobs, len(items)))):
        start(slot)
    try:
        while remaining:
            try:
                slot, number, done, result = results.get(timeout=POLL_SECONDS)
            except queue.Empty:
                for slot, worker in list(workers.items()):
                    if worker.is_alive():
                        continue
                    worker.join()
                    del workers[slot]
                    working_on = current.pop(slot, -1)
                    if worker.exitcode == 0:
                        continue
                    # Died on an item: that item is lost. Died before any: nothing can be done here.
                    gone = [working_on] if working_on in remaining else sorted(remaining - set(current.values()))
                    for number in gone:
                        remaining.discard(number)
                        yield items[number], lost(items[number])
                    if remaining and not workers:  # everyone stopped early: carry on with a fresh worker
                        start(slot)
                continue
            if done:
                current.pop(slot, None)
                if number in remaining:
                    remaining.discard(number)
                    yield items[number], result
            else:
                current[slot] = number
    finally:
        for worker in workers.values():
            worker.join(timeout=5)
            if worker.is_alive():
                worker.terminate()
