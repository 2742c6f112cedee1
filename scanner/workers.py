"""Where batch scans run: the `Scanner` interface, and its backends in this process and in worker
processes (the third, Spark tasks, is scanner/spark/driver.py `SparkScanner`).

Each takes (first_row, batch) pairs and yields partial table profiles, in any order; the table function
(scanner/orchestrate.py `scan_table`) merges them, which is order-independent. Each worker
builds its own detector once (Presidio engines do not pickle cheaply); at most two batches per worker are in flight, so memory stays bounded by the batch
size, not the file size.
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from multiprocessing import resource_tracker
from typing import Protocol, TypeVar

import polars as pl

from rules.retention import RetentionCheck
from scanner.batch_scan import scan_batch
from scanner.detector import Detector
from scanner.plan import Allowed, DetectorSettings
from scanner.profile import TableProfile

T = TypeVar("T")
Batches = Iterable[tuple[int, pl.DataFrame]]


class Scanner(Protocol):
    """A backend: scans a table's batches into partial profiles; `close` when the scan is done."""

    def scan(self, batches: Batches, retention: RetentionCheck | None = None) -> Iterator[TableProfile]: ...

    def close(self) -> None: ...


class LocalScanner:
    """Scan batches one after another in this process."""

    def __init__(self, detector: Detector, show_values: bool, allowed: Allowed | None = None) -> None:
        self.detector = detector
        self.show_values = show_values
        self.allowed = allowed

    def scan(self, batches: Batches, retention: RetentionCheck | None = None) -> Iterator[TableProfile]:
        for first_row, frame in batches:
            yield scan_batch(frame, first_row, self.detector, self.show_values, retention, self.allowed)

    def close(self) -> None:
        pass


_worker_detector: Detector | None = None


def _start_worker(settings: DetectorSettings) -> None:
    global _worker_detector  # one detector per worker process, built once
    # Ctrl-C ends a worker at once and silently (no traceback); it was blocked while the worker started
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _worker_detector = settings.build()


def _scan_in_worker(
    frame: pl.DataFrame,
    first_row: int,
    show_values: bool,
    retention: RetentionCheck | None,
    allowed: Allowed | None,
) -> TableProfile:
    assert _worker_detector is not None
    return scan_batch(frame, first_row, _worker_detector, show_values, retention, allowed)


@contextmanager
def ctrl_c_left_to_this_process() -> Iterator[None]:
    """Block SIGINT while workers may start: they inherit the mask, so that a Ctrl-C (sent by the
    terminal to every process of the group) cannot interrupt a worker half way through starting, with a
    traceback; `_start_worker` unblocks it. Here a Ctrl-C meanwhile is delivered as soon as the block ends."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


# How often a wait for workers wakes up. A signal may be taken by another thread of this process (the
# pool's), and its Python handler (Ctrl-C) runs only once the main thread runs again: an untimed wait
# left `kill -INT` unanswered until a batch finished, half a minute on a busy machine.
SIGNAL_POLL_SECONDS = 0.1


def _first_done(pending: set[Future]) -> tuple[set[Future], set[Future]]:
    """`wait(pending, FIRST_COMPLETED)` that lets a Ctrl-C through within SIGNAL_POLL_SECONDS."""
    while True:
        done, waiting = wait(pending, timeout=SIGNAL_POLL_SECONDS, return_when=FIRST_COMPLETED)
        if done:
            return done, waiting


class WorkerPool:
    """Worker processes that run one function on batches, at most two batches per worker in flight, so
    that memory stays bounded by the batch size; a Ctrl-C sent to this process alone stops them at once.
    The scan (ProcessScanner) and `ccscan find` (scanner/find/search.py) each run theirs on one."""

    def __init__(self, workers: int, initializer: Callable[..., None], initargs: tuple) -> None:
        _start_quiet_resource_tracker()
        # spawn, not fork: forking a process whose polars thread pool is running can deadlock
        self.pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=initializer,
            initargs=initargs,
        )
        self.limit = 2 * workers

    def run(self, work: Callable[..., T], batches: Batches, *args: object) -> Iterator[T]:
        """`work(frame, first_row, *args)` of every batch, in the order they finish."""
        pending: set[Future] = set()
        try:
            for first_row, frame in batches:
                if len(pending) >= self.limit:
                    done, pending = _first_done(pending)
                    yield from (future.result() for future in done)
                with ctrl_c_left_to_this_process():  # submit may start a worker
                    pending.add(self.pool.submit(work, frame, first_row, *args))
            while pending:
                done, pending = _first_done(pending)
                yield from (future.result() for future in done)
        except (KeyboardInterrupt, GeneratorExit):
            # Ctrl-C sent to this process alone (kill -INT): the workers did not get it, and waiting for
            # their batches took a minute; the work is given up, so they are stopped at once
            self.stop_workers()
            raise
        finally:
            for future in pending:
                future.cancel()

    def stop_workers(self) -> None:
        """End every worker process now (SIGTERM), abandoning their batches: the pool, told to shut down
        first, takes the ended workers for a broken pool and closes its queues without waiting."""
        global _workers_stopped  # the process must end without joining the pool (see must_exit_now)
        processes = list((self.pool._processes or {}).values())  # no public handle on the workers
        self.pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        _workers_stopped = True

    def close(self) -> None:
        if not _workers_stopped:
            self.pool.shutdown(wait=True, cancel_futures=True)


class ProcessScanner:
    """Scan batches in `workers` processes (a WorkerPool)."""

    def __init__(
        self, workers: int, settings: DetectorSettings, show_values: bool, allowed: Allowed | None = None
    ) -> None:
        self.workers = WorkerPool(workers, _start_worker, (settings,))
        self.show_values = show_values
        self.allowed = allowed

    def scan(self, batches: Batches, retention: RetentionCheck | None = None) -> Iterator[TableProfile]:
        yield from self.workers.run(_scan_in_worker, batches, self.show_values, retention, self.allowed)

    def close(self) -> None:
        self.workers.close()


_workers_stopped = False


def must_exit_now() -> bool:
    """Whether worker processes were stopped mid-batch: joining the pool's threads (as the interpreter
    does at exit) can then block on a pipe no process reads (Python 3.11), so the process must end
    with os._exit once its cleanup is done."""
    return _workers_stopped


def _start_quiet_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with warnings off. After a Ctrl-C the parent ends at
    once (os._exit) and the tracker unlinks the pool's semaphores, as it is there to do; it would
    otherwise print a warning per semaphore after ccscan's last line."""
    sys.warnoptions.append("ignore")  # the tracker is started with the interpreter's -W options
    try:
        resource_tracker.ensure_running()
    finally:
        sys.warnoptions.remove("ignore")
