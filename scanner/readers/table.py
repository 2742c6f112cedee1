"""A table of one input, read in bounded batches of text columns, and the one error readers raise.

Every reader hands its frames to `Table.batches`, which is the single place where the shared promises
are kept: at most `batch_rows` rows per batch, every column `pl.String`, empty cells as null (whether
the source wrote `,,` or `,"",`), no empty batches, and no library error text (which can quote cell
values) escaping as anything but a value-free `ReadError`. It also applies the `ReadLimits`: columns
past `max_columns` are dropped and cells are cut to `max_cell_chars`, counted, never fatal. A header
that looks like a value (a headerless export's first row: a run of six digits, an email address) is
masked (scanner/masking.py `mask_names`), and every header is cut to MAX_HEADER_CHARS, so column names
never carry personal data.

`ReadIssues` counts what went wrong row by row (rows that could not be parsed, rows with more fields
than the header, cells cut) with the first line numbers; after the last batch its one-line warnings
join the table's `warnings`, and `rows_unreadable` is what the report counts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import polars as pl

from scanner.masking import mask_names

MAX_LINES = 10
MAX_HEADER_CHARS = 200

FORMAT_NAMES = {
    "csv": "CSV",
    "parquet": "Parquet",
    "ndjson": "NDJSON",
    "json": "JSON",
    "xlsx": "Excel",
    "spark": "Spark DataFrame",
    "postgresql": "PostgreSQL",
    "sqlite": "SQLite",
    "gzip": "gzip",
    "zip": "zip",
    "unknown": "input",
}

Frames = Callable[[int], Iterator[pl.DataFrame]]
# Where a CSV row's fields past the header's width go, joined by the delimiter, so they are scanned too.
OVERFLOW_COLUMN = "(extra fields)"
EMPTY_FILE = "the file is empty"
NO_DATA_ROWS = "no data rows"
NO_ROWS_WARNINGS = frozenset({EMPTY_FILE, NO_DATA_ROWS})


class ReadError(Exception):
    """An input cannot be read. The message is one value-free line; the caller adds the location."""


@dataclass(frozen=True)
class ReadLimits:
    """Bounds on what one input may cost; exceeding the first two is counted, the last two refuse the
    container (a decompression bomb). The ratio is checked once a stream has unpacked RATIO_FLOOR_MB."""

    max_cell_chars: int = 1_000_000
    max_columns: int = 1_000
    max_decompressed_mb: int = 10_240
    max_compression_ratio: int = 100


@dataclass
class ReadIssues:
    """Row-level problems met while reading one table, counted, with their first (1-based) line numbers."""

    rows_unreadable: int = 0
    unreadable_lines: list[int] = field(default_factory=list)
    rows_with_extra_fields: int = 0
    extra_field_lines: list[int] = field(default_factory=list)
    cells_cut: int = 0
    columns_dropped: int = 0

    def unreadable(self, line: int) -> None:
        """Record one row, starting on `line`, that could not be parsed and was skipped."""
        self.rows_unreadable += 1
        if len(self.unreadable_lines) < MAX_LINES:
            self.unreadable_lines.append(line)

    def extra_fields(self, line: int) -> None:
        """Record one row, starting on `line`, with more fields than the header."""
        self.rows_with_extra_fields += 1
        if len(self.extra_field_lines) < MAX_LINES:
            self.extra_field_lines.append(line)

    def warnings(self, limits: ReadLimits, overflow_column: str) -> list[str]:
        """One value-free line per kind of problem met."""
        lines = []
        if self.rows_with_extra_fields:
            where = _line_list(self.extra_field_lines)
            lines.append(
                f"{self.rows_with_extra_fields} row(s) have more fields than the header; the extra fields are "
                f"scanned as column '{overflow_column}' (lines {where})"
            )
        return self.unread(limits) + lines

    def unread(self, limits: ReadLimits) -> list[str]:
        """One value-free line per kind of data that was not scanned: the scan of the table is incomplete."""
        lines = []
        if self.rows_unreadable:
            where = _line_list(self.unreadable_lines)
            lines.append(
                f"{self.rows_unreadable} row(s) could not be parsed and were skipped (lines {where})"
            )
        if self.cells_cut:
            lines.append(
                f"{self.cells_cut} cell(s) longer than {limits.max_cell_chars} characters were scanned up to "
                "that length (max_cell_chars)"
            )
        if self.columns_dropped:
            lines.append(
                f"{self.columns_dropped} column(s) after the first {limits.max_columns} were not scanned "
                "(max_columns)"
            )
        return lines


def _line_list(lines: list[int]) -> str:
    return ", ".join(map(str, lines))


@dataclass
class ReadPosition:
    """How far a reader has got through the bytes it reads (the input, or its decoded or unpacked
    copy), for the progress bar's MB/s while one large file is scanned. Readers that cannot tell
    (Parquet, JSON, workbooks) leave it at zero, and the file counts as read when it is done."""

    done: int = 0
    total: int = 0

    @property
    def fraction(self) -> float:
        return min(self.done / self.total, 1.0) if self.total else 0.0


@dataclass
class SourceSample:
    """`--sample` done by the source itself (PostgreSQL's TABLESAMPLE): set by the reader once it knows
    the table's rows and whether it sampled them, so that the scan does not sample again."""

    applied: bool = False
    rows: int = 0
    method: str = ""


# Columns a database table keeps typed (see readers/database.py); every other column is pl.String.
TYPED_COLUMNS = (pl.Date, pl.Datetime, pl.Binary)
# The hidden column that carries a database row's primary key (readers/database.py ROW_KEY_PREFIX).
ROW_KEY_PREFIX = "__ccscan_key:"
# The hidden column of a batch whose rows are not consecutive (a sample's blocks joined into one
# batch, scanner/sampling.py): each row's data row number (1-based) in its table.
ROW_NUMBERS = "__ccscan_row_number"


def row_key_column(key: tuple[str, ...]) -> str:
    """The name of the hidden column that carries the value of a row's primary key of columns `key`."""
    return ROW_KEY_PREFIX + ", ".join(key)


@dataclass
class Table:
    """One table of one input: a CSV file, one sheet of a workbook, one member of a zip archive.

    `format` is "csv", "parquet", "ndjson", "json", "xlsx", "postgresql" or "sqlite"; a table that
    cannot be read at all carries what it was taken for ("gzip", "zip", ...) or "unknown", and `batches`
    raises its ReadError. A database table's batches may also hold date and byte columns, and its row
    key (see readers/database.py); `source_sample` is set when the database samples it.
    """

    location: str
    format: str
    sheet: str | None
    warnings: list[str]
    _frames: Frames = field(repr=False, compare=False)
    limits: ReadLimits = field(default_factory=ReadLimits)
    issues: ReadIssues = field(default_factory=ReadIssues)
    position: ReadPosition = field(default_factory=ReadPosition)
    source_sample: SourceSample | None = None
    # a database table's primary-key columns: its batches carry their value as ROW_KEY_PREFIX + names
    row_key: tuple[str, ...] = ()

    def batches(self, batch_rows: int) -> Iterator[pl.DataFrame]:
        """Frames of 1..batch_rows rows, all columns String, empty strings as null, within the limits."""
        if batch_rows < 1:
            raise ValueError("batch_rows must be at least 1")
        rows = 0
        try:
            for frame in self._frames(batch_rows):
                for batch in frame.iter_slices(batch_rows):
                    if batch.height:
                        rows += batch.height
                        yield self._within_limits(batch).with_columns(pl.col(pl.String).replace("", None))
        except pl.exceptions.PolarsError:
            raise ReadError(f"{FORMAT_NAMES[self.format]} data could not be parsed") from None
        except OSError as error:
            raise os_read_error(error) from None
        except UnicodeDecodeError:
            # a UTF-16 file cut off mid-character; the encoding itself was checked when sniffing
            raise ReadError("text could not be decoded") from None
        except RecursionError:
            raise ReadError(f"{FORMAT_NAMES[self.format]} data is nested too deeply") from None
        finally:
            self.warnings.extend(self.issues.warnings(self.limits, OVERFLOW_COLUMN))
        if not rows and NO_ROWS_WARNINGS.isdisjoint(self.warnings):
            self.warnings.append(NO_DATA_ROWS)

    def _within_limits(self, batch: pl.DataFrame) -> pl.DataFrame:
        keys = [name for name in batch.columns if name.startswith(ROW_KEY_PREFIX)]
        if keys:  # the row key is no column of the table: not counted, renamed or cut
            return pl.concat([self._within_limits(batch.drop(keys)), batch.select(keys)], how="horizontal")
        if batch.width > self.limits.max_columns:
            limit = self.limits.max_columns
            self.issues.columns_dropped = max(self.issues.columns_dropped, batch.width - limit)
            batch = batch.select(batch.columns[:limit])
        names = safe_column_names(batch.columns)
        if names != batch.columns:
            batch = batch.rename(dict(zip(batch.columns, names)))
        if not batch.width:
            return batch
        text = [name for name, dtype in batch.schema.items() if dtype == pl.String]
        longest = batch.select(pl.col(text).str.len_bytes().max()).row(0) if text else ()
        # a cell has at least as many bytes as characters, so only columns with long byte runs are checked
        limit = self.limits.max_cell_chars
        long_columns = [name for name, size in zip(text, longest) if (size or 0) > limit]
        if not long_columns:
            return batch
        self.issues.cells_cut += sum(
            batch.select(pl.col(long_columns).str.len_chars().gt(limit).sum()).row(0)
        )
        return batch.with_columns(pl.col(long_columns).str.slice(0, limit))


def safe_column_names(names: list[str]) -> list[str]:
    """`names` cut to MAX_HEADER_CHARS, their value-like parts masked, still unique and in order."""
    safe: dict[str, None] = {}
    for name in names:
        candidate = mask_names(name[:MAX_HEADER_CHARS])
        unique, suffix = candidate, 0
        while unique in safe:
            unique, suffix = f"{candidate}_duplicated_{suffix}", suffix + 1
        safe[unique] = None
    return list(safe)


def os_read_error(error: OSError) -> ReadError:
    """The ReadError for a failed file operation; `strerror` names the problem, not the file."""
    return ReadError(f"cannot read the file ({error.strerror or 'I/O error'})")


def unreadable(location: str, taken_for: str, error: ReadError) -> Table:
    """A table standing for an input that cannot be read: its `batches` raises `error`."""

    def frames(batch_rows: int) -> Iterator[pl.DataFrame]:
        raise error

    return Table(location, taken_for, None, [], frames)
