"""Orchestration: find the inputs, read each table in batches, scan every batch, merge the profiles.

`scan_table` is the one table function of every backend: this process and worker processes scan the
batches of the tables read here, a Spark task runs it on a lake file it reads or on one partition of a
DataFrame. One unreadable file never stops the scan: its error is recorded against it (one value-free
line) and the next file is read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from scanner import interrupt
from scanner.classify import classify_table
from scanner.plan import ScanPlan, TablePlan
from scanner.profile import TableProfile
from scanner.readers import ReadError, Table, discover, open_tables
from scanner.readers.database import DatabaseError, database_format, database_location, open_database
from scanner.readers.discover import display_path, file_size, is_broken_link, is_utf8
from scanner.readers.table import os_read_error
from scanner.sampling import BlockSampler, SampleTaken
from scanner.suppressions import Suppressions
from scanner.workers import Scanner


@dataclass
class TableResult:
    """What one table gave: where it is, how many rows, what went wrong, and its column profiles."""

    location: str
    format: str | None
    sheet: str | None = None
    rows_unreadable: int = 0
    unreadable_lines: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # what of a readable table was not scanned (rows skipped, cells cut, columns dropped): value-free lines
    unread: list[str] = field(default_factory=list)
    profile: TableProfile = field(default_factory=TableProfile)
    ignored_columns: list[str] = field(default_factory=list)
    # set when --sample left rows of the table unscanned
    sample: SampleTaken | None = None

    @property
    def rows(self) -> int:
        """Rows read: every row of the table, sampled or not."""
        return self.sample.rows_read if self.sample else self.profile.rows

    @property
    def rows_scanned(self) -> int:
        return self.profile.rows

    @property
    def incomplete(self) -> list[str]:
        """Why the table was not read in full: its errors, then what was left unscanned."""
        return [*self.errors, *self.unread]


Progress = Callable[[int, int], None]
NAME_NOT_UTF8 = "the path is not valid UTF-8: its other bytes are shown as \\x escapes"
BROKEN_LINK = "a symbolic link to nothing (its target is missing, or links point at each other)"


def _no_progress(rows: int, size: int) -> None:
    pass


def error_text(error: Exception) -> str:
    # Library messages can quote cell contents, so only our own ReadError text is shown.
    return str(error) if isinstance(error, ReadError) else f"could not be read ({error.__class__.__name__})"


def numbered_batches(
    table: Table, batch_rows: int, first_row: int, errors: list[str], progress: Progress = _no_progress
) -> Iterator[tuple[int, pl.DataFrame]]:
    """The table's batches with the 1-based row number of each batch's first row, counted from
    `first_row`. A read error ends them quietly (into `errors`), so that the batches already read are
    all scanned, whatever the number of workers."""
    next_row = first_row
    try:
        for frame in table.batches(batch_rows):
            interrupt.raise_if_interrupted()  # a Ctrl-C swallowed on its way (scanner/interrupt.py)
            yield next_row, frame
            next_row += frame.height
            progress(frame.height, 0)
    except Exception as error:  # noqa: BLE001 - any reader failure is this table's error
        errors.append(error_text(error))


def _without_ignored(
    batches: Iterator[tuple[int, pl.DataFrame]], location: str, suppressions: Suppressions, ignored: list[str]
) -> Iterator[tuple[int, pl.DataFrame]]:
    """The batches without the columns the suppressions ignore; their names are collected in `ignored`."""
    for first_row, frame in batches:
        dropped = suppressions.ignored_columns(location, frame.columns)
        ignored.extend(name for name in dropped if name not in ignored)
        yield first_row, frame.drop(dropped)


def scan_table(
    table: Table, scanner: Scanner, plan: TablePlan, progress: Progress = _no_progress, first_row: int = 1
) -> TableResult:
    """Scan `table` (its rows numbered from `first_row`) by `plan`: batches without the ignored
    columns, sampled if asked, scanned by `scanner` and merged; a read or scan error is the table's
    one-line error. The profile is as counted: `classified` decides it once the whole table is counted
    (Spark counts a DataFrame's partitions apart, then merges them)."""
    result = TableResult(location=table.location, format=table.format, sheet=table.sheet)
    batches = _without_ignored(
        numbered_batches(table, plan.batch_rows, first_row, result.errors, progress),
        table.location,
        plan.suppressions,
        result.ignored_columns,
    )
    # a table the database samples itself (TABLESAMPLE) is not sampled again
    sampler = BlockSampler(plan.sample) if plan.sample and table.source_sample is None else None
    if sampler is not None:
        batches = sampler.sampled(batches, plan.batch_rows)
    try:
        for batch in scanner.scan(batches, plan.retention(table.location, table.sheet)):
            result.profile = result.profile.merge(batch)
    except Exception as error:  # noqa: BLE001 - a failed batch scan is this table's error
        result.errors.append(error_text(error))
    if sampler is not None:
        result.sample = sampler.taken()
    if table.source_sample is not None and table.source_sample.applied:
        result.sample = SampleTaken(table.source_sample.rows, source_method=table.source_sample.method)
    result.rows_unreadable = table.issues.rows_unreadable
    result.unreadable_lines = list(table.issues.unreadable_lines)
    result.warnings.extend(table.warnings)
    result.unread = table.issues.unread(table.limits)
    return result


def classified(result: TableResult) -> TableResult:
    """The table's result with its column profiles classified (scanner/classify.py)."""
    result.profile = classify_table(result.profile)
    return result


class _FileProgress:
    """A file's bytes for the progress bar: as far as the reader of a table read from the file itself
    has got (a CSV, also gzipped or re-encoded: see ReadPosition), and the rest when the file is done,
    so that one large file shows its MB/s while it is scanned."""

    def __init__(self, progress: Progress, location: str, size: int) -> None:
        self.progress, self.location, self.size = progress, location, size
        self.reported = 0

    def of(self, table: Table) -> Progress:
        whole_file = table.location == self.location  # not a member of an archive

        def report(rows: int, size: int) -> None:
            done = int(table.position.fraction * self.size) if whole_file else self.reported
            self.progress(rows, size + max(done - self.reported, 0))
            self.reported = max(done, self.reported)

        return report

    def finish(self) -> None:
        self.progress(0, max(self.size - self.reported, 0))


def scan_file(
    path: Path, location: str, scanner: Scanner, plan: TablePlan, progress: Progress
) -> Iterator[TableResult]:
    """Every table of one input file, scanned; a file that cannot be opened yields one error result."""
    file_progress = _FileProgress(progress, location, file_size(path))
    if is_broken_link(path):
        yield TableResult(location=location, format=None, errors=[BROKEN_LINK])
        return
    try:
        with open_tables(path, location, plan.limits) as tables:
            for table in tables:
                yield classified(scan_table(table, scanner, plan, file_progress.of(table)))
    except Exception as error:  # noqa: BLE001 - recorded, the scan goes on
        yield TableResult(location=location, format=None, errors=[error_text(error)])
    file_progress.finish()


def scan_databases(plan: ScanPlan, scanner: Scanner, progress: Progress = _no_progress) -> list[TableResult]:
    """Scan every selected table of each database the plan names (readers/database.py). A database
    that cannot be connected to, or whose catalogue cannot be read, is one result with its error, as an
    unreadable file is: the other sources are still scanned."""
    results = []
    for url in plan.databases:
        location = database_location(url)
        try:
            with open_database(url, plan.database, plan.tables.limits, location) as tables:
                for table in tables:
                    results.append(classified(scan_table(table, scanner, plan.tables, progress)))
        except DatabaseError as error:
            problem = str(error).removeprefix(f"{location}: ")
            results.append(TableResult(location=location, format=database_format(url), errors=[problem]))
    return results


def _no_file(location: str, size: int) -> None:
    pass


def scan_paths(
    plan: ScanPlan,
    scanner: Scanner,
    progress: Progress = _no_progress,
    file_started: Callable[[str, int], None] = _no_file,
) -> list[TableResult]:
    """Scan every file under the plan's paths; results come in a deterministic order. A folder that
    cannot be listed is one result with its error, where its files would have been. `file_started`
    hears each file's location and size before its first byte is reported (the progress bar's per-file
    line)."""
    results: list[TableResult] = []

    def unlisted(folder: Path, error: OSError) -> None:
        problem = str(os_read_error(error)).replace("cannot read the file", "cannot list the folder")
        results.append(TableResult(location=display_path(folder), format=None, errors=[problem]))

    for path in discover(plan.paths, plan.include, plan.exclude, unlisted):
        location = display_path(path)
        file_started(location, file_size(path))
        for result in scan_file(path, location, scanner, plan.tables, progress):
            if not is_utf8(path):
                result.warnings.append(NAME_NOT_UTF8)
            results.append(result)
    return results
