"""Run a batch's items in worker processes, reporting each result as it arrives.

``run_in_workers`` starts ``jobs`` processes; each builds its own worker once
(``make_worker``, a context manager that may hold resources for the whole
batch, such as a sandbox), then works on one item at a time as this process
hands them out. Each worker has a pipe of its own, so a worker that dies (out
of memory, killed) blocks no other: ``lost`` reports the item it was on, a
fresh worker takes its place, and the batch goes on.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
READY = "ready"  # what a worker says once it is set up, before its first item

# Called in the worker process: a context manager yielding the function applied to each item.
WorkerFactory = Callable[[], AbstractContextManager[Callable[[Any], Any]]]


def _serve(make_worker: WorkerFactory, connection: Any) -> None:
    # Ctrl+C is the facilitator's to the main process, which stops the workers: no traceback from each.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with make_worker() as work:
        connection.send(READY)
        while (task := connection.recv()) is not None:  # None: no more items
            number, item = task
            connection.send((number, work(item)))


@dataclass
class _Worker:
    process: Any
    connection: Any
    ready: bool = False  # set up: a worker that dies before that could not start, and nor would another
    working_on: int | None = None
    stopped: bool = False  # told there is nothing more


@dataclass
class _Batch:
    make_worker: WorkerFactory
    context: Any
    waiting: list[int]
    workers: list[_Worker] = field(default_factory=list)

    def start_worker(self) -> None:
        ours, theirs = self.context.Pipe()
        process = self.context.Process(target=_serve, args=(self.make_worker, theirs), daemon=True)
        process.start()
        theirs.close()
        self.workers.append(_Worker(process, ours))

    def hand_out(self, worker: _Worker, items: list[Any]) -> None:
        if self.waiting:
            worker.working_on = self.waiting.pop(0)
            worker.connection.send((worker.working_on, items[worker.working_on]))
        else:
            worker.working_on, worker.stopped = None, True
            worker.connection.send(None)


def run_in_workers(make_worker: WorkerFactory, items: list[T], jobs: int,
                   lost: Callable[[T], R]) -> Iterator[tuple[T, R]]:
    """Apply the worker to every item in up to ``jobs`` processes; yields (item, result) as each finishes."""
    # spawn: nothing inherited from this process, such as open database connections.
    batch = _Batch(make_worker, multiprocessing.get_context("spawn"), list(range(len(items))))
    for _ in range(max(1, min(jobs, len(items)))):
        batch.start_worker()
    try:
        while live := {w.connection: w for w in batch.workers if not w.stopped}:
            for connection in wait(list(live)):
                worker = live[connection]
                try:
                    message = worker.connection.recv()
                except (EOFError, OSError):  # the worker died, on its item or while setting up
                    yield from _replace(batch, worker, items, lost)
                    continue
                if message == READY:
                    worker.ready = True
                else:
                    number, result = message
                    yield items[number], result
                batch.hand_out(worker, items)
    finally:
        for worker in batch.workers:
            worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.process.terminate()


def _replace(batch: _Batch, worker: _Worker, items: list[T], lost: Callable[[T], R]) -> Iterator[tuple[T, R]]:
    """Report the item a dead worker was on, and start a fresh worker for the rest (if one could start)."""
    worker.process.join()
    batch.workers.remove(worker)
    if worker.working_on is not None:
        yield items[worker.working_on], lost(items[worker.working_on])
    if worker.ready:
        if batch.waiting:
            batch.start_worker()
        return
    if not batch.workers:
        # It could not even set up, and no other worker is left: no item can be done.
        while batch.waiting:
            number = batch.waiting.pop(0)
            yield items[number], lost(items[number])
