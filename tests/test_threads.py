"""scanner.threads.in_threads: a batch's small polars plans side by side, results in the items' order."""

from __future__ import annotations

import threading

import polars as pl
import pytest

from scanner.threads import in_threads


def test_results_come_in_the_order_of_the_items_whatever_order_the_threads_finish_in():
    frame = pl.DataFrame({"n": list(range(2_000))})

    def plan(k: int) -> int:  # later items finish first: less work
        return frame.filter(pl.col("n") % (k + 1) == 0).height if k % 2 else (40 - k) * 2 + frame.height

    items = list(range(40))
    assert in_threads(plan, items) == [plan(k) for k in items]


def test_plans_run_on_more_than_one_thread_when_polars_has_them():
    if pl.thread_pool_size() < 2:
        pytest.skip("polars has one thread here")
    started, names = threading.Barrier(2, timeout=10), set()

    def plan(k: int) -> int:
        names.add(threading.current_thread().name)
        started.wait()  # both items are running at once, or this waits out its timeout and fails
        return k

    assert in_threads(plan, [0, 1]) == [0, 1]
    assert len(names) == 2


def test_an_error_in_one_plan_is_raised_to_the_caller():
    def plan(k: int) -> int:
        if k == 3:
            raise ValueError("plan 3")
        return k

    with pytest.raises(ValueError, match="plan 3"):
        in_threads(plan, range(6))


def test_one_item_runs_in_the_calling_thread():
    assert in_threads(lambda _: threading.current_thread() is threading.main_thread(), [0]) == [True]


def test_after_an_error_the_plans_not_started_yet_are_not_run():
    ran = []

    def plan(k: int) -> int:
        ran.append(k)
        if k == 0:
            raise KeyboardInterrupt  # as a Ctrl-C in the middle of a batch
        threading.Event().wait(0.05)
        return k

    with pytest.raises(KeyboardInterrupt):
        in_threads(plan, range(200))
    assert len(ran) < 100
