"""Polars plans of one batch run side by side from Python threads.

The vectorised engine runs one small plan per compiled recognizer (and per span pattern); each uses
little of polars' own parallelism, and polars releases the GIL while it collects. Running them from
as many threads as polars' pool has makes one process use every core for them, where `--workers`
would pay a second detector and its memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import polars as pl

Item = TypeVar("Item")
Result = TypeVar("Result")


def in_threads(function: Callable[[Item], Result], items: Iterable[Item]) -> list[Result]:
    """`function` of each item, in the items' order, from up to polars' thread count of threads."""
    items = list(items)
    threads = min(pl.thread_pool_size(), len(items))
    if threads < 2:
        return [function(item) for item in items]
    # a pool per call: one made before a worker process forks is of no use in it
    pool = ThreadPoolExecutor(threads, thread_name_prefix="ccscan-plan")
    try:
        return list(pool.map(function, items))
    finally:
        # on an error or a Ctrl-C the plans not started yet are dropped, not run to the end
        pool.shutdown(wait=True, cancel_futures=True)
