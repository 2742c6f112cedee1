"""The search: every table of every input (files, and databases read read-only as the scan reads them),
read by the scan's readers in batches, each batch matched against every subject
(scanner/find/matching.py) here or in worker processes.

A batch gives its matches, the personal-data categories of its matched rows (the scan's detector, run
on those rows only) and, when an export or erasure manifest is asked for, the matched rows themselves.
Batch results merge by concatenation and are sorted at the end, so batch sizes and workers never change
the answer. A table that cannot be read is reported with its one-line error; the others are searched,
and a database that cannot be connected to is one entry with its error.

A database table's batches carry the row's primary key (readers/database.py ROW_KEY_PREFIX): it is no
cell of the table, so it is never searched; it locates the matched rows (masked where it is personal
data itself) and gives the erasure manifest its keys. Byte columns are not searched, as the scan only
checks them for protection shapes; nor are date and timestamp columns: a typed date holds no
identifier, and the digit groups of its text (`2024-01-15 09:00:00`) read as phone numbers (the
Danish `20 24 01 15`). Both are exported as text, and the scan's detector still names their categories.
"""

from __future__ import annotations

import signal
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import polars as pl

from recognizers.analyzer import DEFAULT_THRESHOLD
from recognizers.entities import CATEGORIES, category_of
from scanner.batch_scan import distinct_candidates, masked_key
from scanner.detector import Detector, build_detector
from scanner.find.matching import COLUMN, MATCH_SCHEMA, ROW, SearchSettings, match_batch
from scanner.find.subjects import Subjects
from scanner.orchestrate import error_text, numbered_batches
from scanner.plan import DEFAULT_BATCH_ROWS
from scanner.readers import ReadLimits, Table, discover, open_tables
from scanner.readers.database import (
    DatabaseError,
    DatabaseOptions,
    database_format,
    database_location,
    open_database,
)
from scanner.readers.parquet_reader import binary_as_text
from scanner.readers.table import ROW_KEY_PREFIX
from scanner.workers import Batches, WorkerPool

CATEGORY = "__find_category"
CATEGORY_SCHEMA = {ROW: pl.Int64, CATEGORY: pl.String}
KEY = "__find_key"
KEY_SCHEMA = {ROW: pl.Int64, KEY: pl.String}  # a database row's primary key, masked where personal


@dataclass(frozen=True)
class SearchOptions:
    batch_rows: int = DEFAULT_BATCH_ROWS
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    limits: ReadLimits = ReadLimits()
    workers: int = 1
    engine: str = "fast"
    nlp_model: str | None = None
    threshold: float = DEFAULT_THRESHOLD
    match_names: bool = False
    keep_rows: bool = False  # the matched rows themselves, for --export-rows and --erasure-manifest
    # how databases are read (schemas, views, password, timeout); the globs are `include`/`exclude`
    database: DatabaseOptions = DatabaseOptions()


@dataclass
class BatchFound:
    """One batch's answer: matches, the categories of the matched rows, and those rows if kept."""

    matches: pl.DataFrame
    categories: pl.DataFrame
    rows: pl.DataFrame | None = None
    searched: int = 0  # the batch's rows: a table counts the rows of the batches that were searched
    keys: pl.DataFrame | None = None  # KEY_SCHEMA: a database table's matched rows' keys


@dataclass
class TableFound:
    """One table's answer, merged from its batches."""

    location: str
    format: str | None
    sheet: str | None = None
    rows: int = 0
    rows_unreadable: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    matches: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=MATCH_SCHEMA))
    categories: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=CATEGORY_SCHEMA))
    matched_rows: pl.DataFrame | None = None
    row_key: tuple[str, ...] = ()  # a database table's primary-key columns
    keys: pl.DataFrame | None = None  # KEY_SCHEMA, when the table has a primary key


def row_categories(rows: pl.DataFrame, detector: Detector) -> pl.DataFrame:
    """(row, category) of the personal data the detector finds in each of `rows` (a ROW column and the
    batch's columns): each distinct candidate value analysed once, as in a scan."""
    found = [pl.DataFrame(schema=CATEGORY_SCHEMA)]
    for name in rows.columns:
        if name == ROW:
            continue
        candidates = distinct_candidates(rows.select(name), name, detector)
        answers = []
        for value, _, _, recognizers in candidates.iter_rows():
            categories = {
                category_of(entity.type) for entity in detector.analyze_cell(value, name, recognizers)
            }
            answers.extend((value, category) for category in categories)
        if answers:
            values = pl.DataFrame(answers, schema={name: pl.String, CATEGORY: pl.String}, orient="row")
            found.append(rows.select(ROW, name).join(values, on=name).select(ROW, CATEGORY))
    return pl.concat(found).unique()


class _LazyDetector:
    """The scan's detector, built on first use: a search without matches never pays for Presidio."""

    def __init__(self, options: SearchOptions) -> None:
        self.options = options
        self.detector: Detector | None = None

    def get(self) -> Detector:
        if self.detector is None:
            self.detector = build_detector(
                self.options.threshold, self.options.nlp_model, self.options.engine
            )
        return self.detector


def as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """A database batch's typed columns as text, as the scan reads them: dates in ISO, bytes as UTF-8
    text or else hex."""
    return frame.with_columns(
        binary_as_text(frame[name]) if dtype == pl.Binary else frame[name].cast(pl.String)
        for name, dtype in frame.schema.items()
        if dtype != pl.String
    )


def row_key_texts(rows: pl.DataFrame, key: str, detector: Detector) -> pl.DataFrame:
    """(row, key) of `rows` (a ROW column and the hidden `key` column), each key masked where the
    detector finds personal data in it (a primary key that is a national ID)."""
    label = key.removeprefix(ROW_KEY_PREFIX)
    keys = rows.select(ROW, pl.col(key).alias(label)).drop_nulls(label)
    # only the keys a recognizer's candidate pattern matches are analysed, as a scan analyses its cells
    masked = {
        value: masked_key(value, label, detector, recognizers)
        for value, _, _, recognizers in distinct_candidates(keys.select(label), label, detector).iter_rows()
    }
    return keys.select(ROW, pl.col(label).replace(masked).alias(KEY)).cast(KEY_SCHEMA)


def find_in_batch(
    frame: pl.DataFrame, first_row: int, subjects: Subjects, options: SearchOptions, detector: _LazyDetector
) -> BatchFound:
    keys = [name for name in frame.columns if name.startswith(ROW_KEY_PREFIX)]
    opaque = [name for name, dtype in frame.schema.items() if dtype == pl.Binary]
    dated = [name for name, dtype in frame.schema.items() if dtype.is_temporal()]
    unsearched = [*keys, *opaque, *dated]
    frame = as_text(frame)
    matches = match_batch(frame.drop(unsearched), first_row, subjects, SearchSettings(options.match_names))
    if matches.is_empty():
        return BatchFound(matches, pl.DataFrame(schema=CATEGORY_SCHEMA), searched=frame.height)
    indexed = frame.with_row_index(ROW, offset=first_row).with_columns(pl.col(ROW).cast(pl.Int64))
    rows = indexed.join(matches.select(ROW).unique(), on=ROW, how="semi")
    categories = row_categories(rows.drop(*keys, *opaque), detector.get())
    located = row_key_texts(rows, keys[0], detector.get()) if keys else None
    return BatchFound(matches, categories, rows if options.keep_rows else None, frame.height, located)


class LocalFinder:
    def __init__(self, subjects: Subjects, options: SearchOptions) -> None:
        self.subjects, self.options, self.detector = subjects, options, _LazyDetector(options)

    def find(self, batches: Batches) -> Iterator[BatchFound]:
        for first_row, frame in batches:
            yield find_in_batch(frame, first_row, self.subjects, self.options, self.detector)

    def close(self) -> None:
        pass


_worker: tuple[Subjects, SearchOptions, _LazyDetector] | None = None


def _start_worker(subjects: Subjects, options: SearchOptions) -> None:
    global _worker  # the subjects' hashes and a detector, once per worker process
    # Ctrl-C ends a worker at once and silently, as a scan's (scanner/workers.py); blocked while it started
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _worker = (subjects, options, _LazyDetector(options))


def _find_in_worker(frame: pl.DataFrame, first_row: int) -> BatchFound:
    assert _worker is not None
    subjects, options, detector = _worker
    return find_in_batch(frame, first_row, subjects, options, detector)


class ProcessFinder:
    """Batches matched in `workers` processes (a WorkerPool, as the scan's)."""

    def __init__(self, subjects: Subjects, options: SearchOptions) -> None:
        self.workers = WorkerPool(options.workers, _start_worker, (subjects, options))

    def find(self, batches: Batches) -> Iterator[BatchFound]:
        yield from self.workers.run(_find_in_worker, batches)

    def close(self) -> None:
        self.workers.close()


Finder = LocalFinder | ProcessFinder


def search_table(table: Table, finder: Finder, options: SearchOptions) -> TableFound:
    result = TableFound(
        location=table.location, format=table.format, sheet=table.sheet, row_key=table.row_key
    )
    found: list[BatchFound] = []
    try:
        found.extend(finder.find(numbered_batches(table, options.batch_rows, 1, result.errors)))
    except Exception as error:  # noqa: BLE001 - a failed batch is this table's error
        result.errors.append(error_text(error))
    # the rows of the batches searched: a batch that failed (or was in flight when one did) is not
    result.rows = sum(batch.searched for batch in found)
    if found:
        result.matches = pl.concat([batch.matches for batch in found]).sort("subject", ROW, COLUMN, "kind")
        result.categories = pl.concat([batch.categories for batch in found]).unique().sort(ROW, CATEGORY)
        kept = [batch.rows for batch in found if batch.rows is not None]
        result.matched_rows = pl.concat(kept, how="diagonal").sort(ROW) if kept else None
        located = [batch.keys for batch in found if batch.keys is not None]
        result.keys = pl.concat(located).sort(ROW) if located else None
    result.rows_unreadable = table.issues.rows_unreadable
    result.warnings.extend(table.warnings)
    return result


def search_database(url: str, finder: Finder, options: SearchOptions) -> list[TableFound]:
    """Every selected table of the database at `url` (a URL or a SQLite file's path), read read-only
    with the scan's database options and the search's globs. A database that cannot be connected to,
    or whose catalogue cannot be read, is one entry with its error, as in the scan."""
    location = database_location(url)
    settings = replace(options.database, include=options.include, exclude=options.exclude, sample=None)
    found = []
    try:
        with open_database(url, settings, options.limits, location) as tables:
            for table in tables:
                found.append(search_table(table, finder, options))
    except DatabaseError as error:
        problem = str(error).removeprefix(f"{location}: ")
        found.append(TableFound(location=location, format=database_format(url), errors=[problem]))
    return found


def search_paths(
    paths: Iterable[Path],
    subjects: Subjects,
    options: SearchOptions,
    own: Iterable[Path] = (),
    databases: Iterable[str] = (),
) -> list[TableFound]:
    """Every table under `paths`, then of each of `databases`, searched for every subject, in a
    deterministic order. The search's own files (`own`: the subjects file, the access export's folder,
    the erasure manifest), if among them, are listed as not searched: every subject would be found in
    them."""
    skipped = {path.resolve() for path in own}
    finder: Finder = (
        ProcessFinder(subjects, options) if options.workers > 1 else LocalFinder(subjects, options)
    )
    results: list[TableFound] = []
    try:
        for path in discover(list(paths), options.include, options.exclude):
            location = str(path)
            resolved = path.resolve()
            if skipped & {resolved, *resolved.parents}:
                warning = "the search's own subjects file or output: not searched"
                results.append(TableFound(location=location, format=None, warnings=[warning]))
                continue
            try:
                with open_tables(path, location, options.limits) as tables:
                    for table in tables:
                        results.append(search_table(table, finder, options))
            except Exception as error:  # noqa: BLE001 - recorded, the search goes on
                results.append(TableFound(location=location, format=None, errors=[error_text(error)]))
        for url in databases:
            results.extend(search_database(url, finder, options))
    finally:
        finder.close()
    return results


def category_order(categories: Iterable[str]) -> list[str]:
    return sorted(set(categories), key=CATEGORIES.index)
