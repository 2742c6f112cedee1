"""The driver's side of a scan on Spark: what goes to the tasks, and merging what comes back.

Three inputs, one per way the rows reach Spark:
- local paths: read on the driver by ccscan's readers, table by table (scanner/orchestrate.py does it, with
  `SparkScanner` in place of the local scanner); the batches go to Spark tasks in jobs of a few per
  partition, so a table's row numbers are known before it is scanned;
- URIs (`s3a://…`, `file://…`): Spark lists the files and reads each whole one (the `binaryFile` source)
  in a task, where ccscan's readers parse it and scan it like a local file; a file is a task's unit of
  work, so a lake's many files spread over the executors. A file must be under 2 GiB (binaryFile's limit);
- DataFrames and tables (the notebook API): Spark reads the rows; a first pass counts each partition's
  rows, so that every task numbers its rows as they stand in the DataFrame (partition order), and the
  second pass scans; a task's row count is checked against the first pass.
Whatever the input, the report equals a local scan's for the same rows: the same table function
(scanner/orchestrate.py `scan_table`) and per-batch scan, merged in any order (scanner/profile.py), then
classified once per table.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial, reduce
from itertools import accumulate, islice
from typing import TYPE_CHECKING

from rules.retention import RetentionCheck
from scanner.errors import InputError
from scanner.orchestrate import TableResult, classified
from scanner.plan import Allowed, DetectorSettings, ScanPlan, TablePlan
from scanner.profile import TableProfile
from scanner.readers.table import NO_DATA_ROWS, OVERFLOW_COLUMN, ReadIssues
from scanner.spark.executor import (
    DATAFRAME_FORMAT,
    RESULTS,
    SHIPPED,
    PartitionResult,
    TaskScanner,
    scan_lake_files,
    scan_partition,
    scan_shipped,
)
from scanner.spark.lake import NO_SUCH_PATH, LakeFile, lake_files
from scanner.workers import Batches

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

# Spark's binaryFile source refuses files larger than a Java byte array.
MAX_LAKE_FILE_BYTES = 2**31 - 1
TOO_LARGE = (
    "larger than 2 GiB, which Spark's binaryFile source cannot read; scan it as a DataFrame (scan_dataframe)"
)
CHANGED_PARTITIONS = (
    "the DataFrame's partitions changed between Spark's two passes over it (a nondeterministic plan); "
    "cache it or write it out, then scan that"
)
_GLOB_CHARACTERS = str.maketrans({character: f"\\{character}" for character in "\\*?[]{}"})


def spark_failed(error: Exception) -> str:
    """The one value-free line a table gets when Spark could not read it or run its tasks."""
    return f"could not be read by Spark ({error.__class__.__name__})"


@dataclass(frozen=True)
class SparkFrame:
    """A Spark DataFrame to scan as one table named `name` in the report."""

    frame: DataFrame
    name: str


SparkInput = str | SparkFrame  # a URI, or a DataFrame


class SparkScanner:
    """Scan batches in Spark tasks.

    `scan(batches, retention)` is the local scanners' interface (scanner/workers.py), for tables the
    driver reads; `scan_inputs` scans what Spark reads itself. Spark runs the fast analysis.
    """

    def __init__(
        self,
        spark: SparkSession,
        settings: DetectorSettings,
        show_values: bool,
        allowed: Allowed | None = None,
    ) -> None:
        self.spark = spark
        self.tasks = TaskScanner(settings, show_values, allowed)
        # a few batches per partition: enough to keep every core busy, few enough to bound driver memory
        self.batches_per_job = 2 * _parallelism(spark)

    def _collect(self, frame: DataFrame) -> list[tuple[int, int, object]]:
        return [(row.key, row.rows, pickle.loads(row.payload)) for row in frame.collect()]

    def scan(self, batches: Batches, retention: RetentionCheck | None = None) -> Iterator[TableProfile]:
        task = partial(scan_shipped, scanner=self.tasks, retention=retention)
        batches = iter(batches)
        while chunk := list(islice(batches, self.batches_per_job)):
            rows = [(first_row, pickle.dumps(frame)) for first_row, frame in chunk]
            results = self._collect(self.spark.createDataFrame(rows, SHIPPED).mapInArrow(task, RESULTS))
            # in row order up to the first batch that failed, whose error is raised as a local scan raises it
            for _, _, scanned in sorted(results, key=lambda result: result[0]):
                if isinstance(scanned, Exception):
                    raise scanned
                yield scanned

    def close(self) -> None:
        pass  # the session outlives the scan: it may be a notebook's

    def scan_inputs(self, plan: ScanPlan) -> list[TableResult]:
        """Every table of the plan's Spark inputs: the URIs' files, then the DataFrames; raises InputError
        naming a URI that does not exist, before any is scanned."""
        inputs: Sequence[SparkInput] = plan.spark_inputs
        uris = [given for given in inputs if isinstance(given, str)]
        files, missing = lake_files(self.spark, uris, plan.include, plan.exclude) if uris else ([], [])
        if missing:
            raise InputError(f"{missing[0]}: {NO_SUCH_PATH}")
        frames = [given for given in inputs if isinstance(given, SparkFrame)]
        return self.scan_lake(files, plan.tables) + [self.scan_frame(frame, plan.tables) for frame in frames]

    def scan_lake(self, files: Sequence[LakeFile], options: TablePlan) -> list[TableResult]:
        """The tables of lake files, in the files' order."""
        by_index: dict[int, list[TableResult]] = {
            index: [TableResult(location=file.location, format=None, errors=[TOO_LARGE])]
            for index, file in enumerate(files)
            if file.size > MAX_LAKE_FILE_BYTES
        }
        readable = [(index, file) for index, file in enumerate(files) if index not in by_index]
        by_index |= self._lake_tables(readable, options)
        return [table for index in sorted(by_index) for table in by_index[index]]

    def _lake_tables(
        self, files: Sequence[tuple[int, LakeFile]], options: TablePlan
    ) -> dict[int, list[TableResult]]:
        """One job for `files`; when it fails (a file Spark cannot read), each half in a job of its own,
        down to the files that fail alone, which carry the error: a few bad files cost a few jobs."""
        try:
            return self._lake_job(files, options)
        except Exception as error:  # noqa: BLE001 - Spark's errors come as many classes
            if len(files) == 1:
                ((index, file),) = files
                return {index: [TableResult(file.location, format=None, errors=[spark_failed(error)])]}
            half = len(files) // 2
            return self._lake_tables(files[:half], options) | self._lake_tables(files[half:], options)

    def _lake_job(
        self, files: Sequence[tuple[int, LakeFile]], options: TablePlan
    ) -> dict[int, list[TableResult]]:
        if not files:
            return {}
        # a path is a glob to Spark; the listing's paths are literal
        paths = [file.uri.translate(_GLOB_CHARACTERS) for _, file in files]
        contents = self.spark.read.format("binaryFile").load(paths).select("path", "content")
        task = partial(
            scan_lake_files,
            files={file.uri: (index, file.location) for index, file in files},
            scanner=self.tasks,
            options=options,
        )
        tables = {index: found for index, _, found in self._collect(contents.mapInArrow(task, RESULTS))}
        if len(tables) != len(files):  # a file Spark did not hand to a task must not vanish from the report
            raise RuntimeError("Spark returned no result for some files")
        return tables

    def scan_frame(self, source: SparkFrame, options: TablePlan) -> TableResult:
        """One DataFrame as one table: rows numbered in partition order, within the read limits."""
        from pyspark.sql.functions import spark_partition_id

        result = TableResult(location=source.name, format=DATAFRAME_FORMAT)
        try:
            counted = dict(source.frame.groupBy(spark_partition_id()).count().collect())
            partitions = sorted(counted)
            rows_before = dict(zip(partitions, accumulate((counted[p] for p in partitions), initial=0)))
            task = partial(
                scan_partition,
                location=source.name,
                rows_before=rows_before,
                scanner=self.tasks,
                options=options,
            )
            outputs = self._collect(source.frame.mapInArrow(task, RESULTS))
        except Exception as error:  # noqa: BLE001 - an unreadable partition: this table's error
            result.errors.append(spark_failed(error))
            return result
        partials: dict[int, PartitionResult] = {partition: found for partition, _, found in sorted(outputs)}
        failed = {partition for partition, found in partials.items() if found.table.errors}
        seen = {partition: rows for partition, rows, _ in outputs if rows and partition not in failed}
        if seen != {partition: rows for partition, rows in counted.items() if partition not in failed}:
            result.errors.append(CHANGED_PARTITIONS)
            return result
        merged = reduce(
            TableProfile.merge, (found.table.profile for found in partials.values()), TableProfile()
        )
        result.profile = merged
        classified(result)  # once the table is counted whole, as a local scan does
        if failed:  # the first, as a local scan stops at the first
            result.errors.append(partials[min(failed)].table.errors[0])
        ignored = (name for found in partials.values() for name in found.table.ignored_columns)
        result.ignored_columns = list(dict.fromkeys(ignored))
        issues = ReadIssues(
            cells_cut=sum(found.cells_cut for found in partials.values()),
            columns_dropped=max((found.columns_dropped for found in partials.values()), default=0),
        )
        result.warnings = issues.warnings(options.limits, OVERFLOW_COLUMN)
        if not result.rows:
            result.warnings.append(NO_DATA_ROWS)
        return result


def _parallelism(spark: SparkSession) -> int:
    try:
        return spark.sparkContext.defaultParallelism
    except Exception:  # noqa: BLE001 - Spark Connect has no SparkContext; its default is the cluster's
        return int(spark.conf.get("spark.default.parallelism", "8"))


def spark_scanner(plan: ScanPlan, progress: bool) -> SparkScanner:
    """The scanner of `--engine spark`, in the session `plan.spark_master` or the usual places give
    (scanner/spark/session.py)."""
    from scanner.spark.session import spark_session

    # one progress bar on the terminal: ccscan's counts the rows it reads, Spark's the tasks of the rest
    session = spark_session(plan.spark_master, progress and not plan.paths)
    return SparkScanner(session, plan.detector, plan.show_values, plan.allowed)
