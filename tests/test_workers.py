"""Worker processes for a batch: every item gets a result, and one that kills its worker gets ``lost``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

import pytest

from workbooks.facilitator.workers import run_in_workers

pytestmark = pytest.mark.slow  # each worker is a fresh Python process


@contextmanager
def squarer(dying_on: frozenset[int] = frozenset()) -> Iterator:
    def work(item: int) -> tuple[int, int]:
        if item in dying_on:
            os._exit(3)  # as a worker killed for using too much memory would
        return item * item, os.getpid()

    yield work


def lost(item: int) -> str:
    return f"lost {item}"


def test_every_item_is_done_in_worker_processes():
    results = dict(run_in_workers(squarer, list(range(8)), 2, lost))
    assert {item: square for item, (square, _) in results.items()} == {n: n * n for n in range(8)}
    workers = {pid for _, pid in results.values()}
    assert os.getpid() not in workers and 1 <= len(workers) <= 2


def test_an_item_that_kills_its_worker_is_reported_and_the_rest_go_on():
    results = dict(run_in_workers(partial(squarer, dying_on=frozenset({3})), list(range(8)), 2, lost))
    assert results[3] == "lost 3"
    assert {item: value[0] for item, value in results.items() if item != 3} == \
        {n: n * n for n in range(8) if n != 3}


@contextmanager
def broken() -> Iterator:
    raise RuntimeError("cannot set up")
    yield  # a generator, as a worker factory is


def test_workers_that_cannot_set_up_report_every_item_lost_instead_of_hanging():
    assert dict(run_in_workers(broken, list(range(5)), 2, lost)) == {n: f"lost {n}" for n in range(5)}


def test_two_items_that_kill_their_workers_at_once_lose_only_themselves():
    results = dict(run_in_workers(partial(squarer, dying_on=frozenset({0, 1})), list(range(6)), 2, lost))
    assert results[0] == "lost 0" and results[1] == "lost 1"
    assert {item: value[0] for item, value in results.items() if item > 1} == {n: n * n for n in range(2, 6)}

