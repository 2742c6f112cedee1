"""What runs in Spark's Python workers: the task functions handed to `DataFrame.mapInArrow`.

Each takes one task's Arrow record batches and yields Arrow record batches of RESULTS: a key, a row
count and a pickled partial result, which the driver merges (scanner/spark/driver.py). Batches are
scanned by the local scanner (scanner/workers.py), files and partitions by the table function
(scanner/orchestrate.py `scan_table`), so a task runs the very scan a local run does. Results leave a task only as its output, and Spark keeps the output of one successful
attempt per partition: a task retried after a lost executor or a killed worker is never counted twice.

A worker builds its detector once and keeps it for the tasks it runs after (Presidio engines are costly
to build and do not pickle); Spark reuses its Python workers (spark.python.worker.reuse, on by default).
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from dataclasses import dataclass, replace

import polars as pl
import pyarrow as pa

from rules.retention import RetentionCheck
from scanner.detector import Detector
from scanner.orchestrate import TableResult, scan_file, scan_table
from scanner.plan import Allowed, DetectorSettings, TablePlan
from scanner.readers import Table
from scanner.readers.parquet_reader import as_text
from scanner.readers.scratch import private_dir, scratch_file
from scanner.workers import LocalScanner

RESULTS = "key long, rows long, payload binary"
_RESULTS_ARROW = pa.schema([("key", pa.int64()), ("rows", pa.int64()), ("payload", pa.binary())])
# What the driver ships when it reads a table itself: a batch's first row number and the pickled frame.
SHIPPED = "first_row long, frame binary"
# A DataFrame's rows reach the scan as a table of this format.
DATAFRAME_FORMAT = "spark"

_detectors: dict[DetectorSettings, Detector] = {}


def worker_detector(settings: DetectorSettings) -> Detector:
    """This worker's detector for `settings`, built on first use."""
    if settings not in _detectors:
        _detectors[settings] = settings.build()
    return _detectors[settings]


@dataclass(frozen=True)
class TaskScanner:
    """How a task scans batches: the settings of the driver's scanner, rebuilt in the worker."""

    settings: DetectorSettings
    show_values: bool = False
    allowed: Allowed | None = None

    def local(self) -> LocalScanner:
        return LocalScanner(worker_detector(self.settings), self.show_values, self.allowed)


def _result(key: int, rows: int, payload: object) -> pa.RecordBatch:
    return pa.RecordBatch.from_pylist(
        [{"key": key, "rows": rows, "payload": pickle.dumps(payload)}], schema=_RESULTS_ARROW
    )


def scan_shipped(
    batches: Iterator[pa.RecordBatch], scanner: TaskScanner, retention: RetentionCheck | None
) -> Iterator[pa.RecordBatch]:
    """Batches of one table read on the driver (rows of SHIPPED): each batch's profile, keyed by its
    first row. A batch whose scan fails gives its exception instead, and the task stops there, as a
    local scan stops at the batch it cannot scan."""
    local = scanner.local()
    for batch in batches:
        first_rows, frames = batch.column("first_row").to_pylist(), batch.column("frame").to_pylist()
        for first_row, shipped in zip(first_rows, frames):
            frame = pickle.loads(shipped)
            try:
                (profile,) = local.scan([(first_row, frame)], retention)
            except Exception as error:  # noqa: BLE001 - the driver raises it where a local scan would
                yield _result(first_row, frame.height, error)
                return
            yield _result(first_row, profile.rows, profile)


def scan_lake_files(
    batches: Iterator[pa.RecordBatch],
    files: dict[str, tuple[int, str]],
    scanner: TaskScanner,
    options: TablePlan,
) -> Iterator[pa.RecordBatch]:
    """Whole files (rows of Spark's binaryFile source: path, content), each read by ccscan's readers
    from a private copy and scanned like a local file; `files` maps a path to its index and location.
    Yields each file's table results, keyed by the file's index."""
    local = scanner.local()
    for batch in batches:
        paths, contents = batch.column("path"), batch.column("content")
        for position in range(batch.num_rows):
            index, location = files[paths[position].as_py()]
            with private_dir() as scratch, scratch_file(scratch) as copy:
                copy.write_bytes(contents[position].as_py())
                tables = list(scan_file(copy, location, local, options, lambda rows, size: None))
            yield _result(index, sum(table.rows for table in tables), tables)


@dataclass
class PartitionResult:
    """What one partition of a DataFrame gave: the table function's result for its rows (profile not
    yet classified, the columns the suppressions left out, the error that stopped its scan), and the
    cells cut and columns dropped by the read limits, which the driver adds up over the partitions."""

    table: TableResult
    cells_cut: int
    columns_dropped: int


def scan_partition(
    batches: Iterator[pa.RecordBatch],
    location: str,
    rows_before: dict[int, int],
    scanner: TaskScanner,
    options: TablePlan,
) -> Iterator[pa.RecordBatch]:
    """One partition of a DataFrame, numbered after the `rows_before` it (by partition id), as a table
    of text columns within the read limits, scanned by the table function. Yields its PartitionResult,
    keyed by the partition id."""
    from pyspark import TaskContext

    partition = TaskContext.get().partitionId()
    texts = (as_text(pl.from_arrow(batch)) for batch in batches)
    table = Table(location, DATAFRAME_FORMAT, None, [], lambda batch_rows: texts, options.limits)
    # a partition is scanned whole: a sample spread over one partition is no sample of the DataFrame
    whole = replace(options, sample=None)
    found = scan_table(table, scanner.local(), whole, first_row=rows_before.get(partition, 0) + 1)
    result = PartitionResult(found, table.issues.cells_cut, table.issues.columns_dropped)
    yield _result(partition, found.rows, result)
