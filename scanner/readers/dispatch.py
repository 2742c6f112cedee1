"""From one input file to its tables, whatever the file turns out to be.

    with open_tables(Path("exports/bundle.zip")) as tables:
        for table in tables:
            try:
                for batch in table.batches(50_000):
                    ...  # every column pl.String, at most 50 000 rows
            except ReadError as error:
                print(f"{table.location}: {error}")

A SQLite file (found in a folder or a zip) gives one table per table of its `main` schema, read with
the default DatabaseOptions; `ccscan scan file.db` reads it as a database with the database options.

`open_tables` is a context manager. Decompressed and transcoded copies live in a private scratch
directory that is removed when the `with` block ends, normally, by an error or by Ctrl-C; each copy is
removed earlier, as soon as its table is done, so read a table's batches before taking the next table.

Iterating `tables` does not raise ReadError: an input or zip member that cannot be read comes as a
table (format "unknown", or "gzip"/"zip" for a damaged container) whose `batches` raises the
ReadError, so that one bad member does not hide the others. Containers nest (a CSV in a .gz in a zip)
up to MAX_NESTING deep; a location names the path through them: "bundle.zip!calls/2024.csv.gz".
`limits` bound every container stream, cell and table width (see `ReadLimits`). Member and sheet names
that look like values are masked as column names are (scanner/masking.py `mask_names`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from scanner.masking import mask_names
from scanner.readers.containers import extract, gunzip, open_zip, zip_members
from scanner.readers.csv_reader import read_csv
from scanner.readers.database import DatabaseError, DatabaseOptions, open_database
from scanner.readers.excel_reader import FORMULA_WARNING, Workbook
from scanner.readers.json_reader import read_json
from scanner.readers.parquet_reader import read_parquet
from scanner.readers.scratch import private_dir, scratch_file
from scanner.readers.sniff import Sniffed, sniff
from scanner.readers.table import (
    ReadError,
    ReadIssues,
    ReadLimits,
    ReadPosition,
    Table,
    os_read_error,
    unreadable,
)

MAX_NESTING = 3
CONTAINERS = ("gzip", "zip")


@contextmanager
def open_tables(
    path: Path, location: str | None = None, limits: ReadLimits = ReadLimits()
) -> Iterator[Iterator[Table]]:
    """The tables of the input at `path`, shown as `location` (default: the path as given)."""
    with private_dir() as scratch:
        tables = _tables(path, location or str(path), scratch, limits, depth=0)
        try:
            yield tables
        finally:
            tables.close()  # runs the pending cleanup of a half-read container first


def _tables(path: Path, location: str, scratch: Path, limits: ReadLimits, depth: int) -> Iterator[Table]:
    kind = "unknown"
    try:
        sniffed = sniff(path)
        kind = sniffed.format
        if kind in CONTAINERS and depth >= MAX_NESTING:
            raise ReadError(f"containers nested more than {MAX_NESTING} deep")
        if kind == "gzip":
            with scratch_file(scratch) as inner:
                gunzip(path, inner, limits)
                yield from _tables(inner, location, scratch, limits, depth + 1)
        elif kind == "zip":
            yield from _zip_tables(path, location, scratch, limits, depth)
        else:
            yield from _format_tables(path, location, sniffed, scratch, limits)
    except ReadError as error:
        yield unreadable(location, kind, error)
    except OSError as error:
        yield unreadable(location, kind, os_read_error(error))


def _zip_tables(path: Path, location: str, scratch: Path, limits: ReadLimits, depth: int) -> Iterator[Table]:
    with open_zip(path) as archive:
        for member in zip_members(archive):
            member_location = f"{location}!{mask_names(member.filename)}"
            try:
                with scratch_file(scratch) as inner:
                    extract(archive, member, inner, limits)
                    yield from _tables(inner, member_location, scratch, limits, depth + 1)
            except ReadError as error:
                yield unreadable(member_location, "unknown", error)


def _format_tables(
    path: Path, location: str, sniffed: Sniffed, scratch: Path, limits: ReadLimits
) -> Iterator[Table]:
    warnings = list(sniffed.warnings)
    issues = ReadIssues()
    if sniffed.format == "csv":
        position = ReadPosition()
        frames = partial(
            read_csv, path, sniffed, scratch, issues, position, max_cell_chars=limits.max_cell_chars
        )
        yield Table(location, "csv", None, warnings, frames, limits, issues, position)
    elif sniffed.format in ("json", "ndjson"):
        frames = partial(read_json, path, sniffed, issues)
        yield Table(location, sniffed.format, None, warnings, frames, limits, issues)
    elif sniffed.format == "parquet":
        yield Table(location, "parquet", None, warnings, partial(read_parquet, path), limits)
    elif sniffed.format == "sqlite":
        try:
            with open_database(str(path), DatabaseOptions(), limits, location) as tables:
                yield from tables
        except DatabaseError as error:
            raise ReadError(str(error).removeprefix(f"{location}: ")) from None
    else:
        workbook = Workbook(path, limits)
        for sheet in workbook.sheet_names:
            formulas = [FORMULA_WARNING] if sheet in workbook.sheets_with_formulas else []
            yield Table(
                location,
                "xlsx",
                mask_names(sheet),
                [*warnings, *formulas],
                partial(workbook.read_sheet, sheet),
                limits,
            )
