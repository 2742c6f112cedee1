"""Databases as inputs: every table of a PostgreSQL or SQLite database is one `Table`, read read-only.

    with open_database("postgresql://scan@db:5432/crm", DatabaseOptions(schemas=("public",))) as tables:
        for table in tables:   # location "postgresql://scan@db:5432/crm!public.calls"
            ...                # the same batches, workers, profiles and reports as a file's tables

A database URL (`postgresql://`, `postgres://`, `sqlite:///path`) is told from a path by its scheme, and a
SQLite file given as a path by its magic bytes (`sniff`). A password is never shown: the location is the
URL without it, and a connection error names the redacted URL and the driver's problem in one line.

Which tables: every table (and with `views`, every view) of the chosen schemas (PostgreSQL: every schema
but the system ones; SQLite: `main`). `include`/`exclude` are fnmatch globs tried on `schema.table`;
a glob that matches no table name but a `table.column` (or `schema.table.column`) selects or drops
columns: `--exclude 'calls.recording'`, `--include 'contacts.phone'` (that column only).

What each column becomes (the database decides, nothing is guessed from values):
- date and timestamp columns stay `pl.Date`/`pl.Datetime`, so retention rules use them as they are and
  the detector sees their ISO text (SQLite has no date type: its dates are text, parsed as in files);
- byte columns (bytea, BLOB) stay `pl.Binary`: they are checked for protection shapes only;
- JSON/JSONB is flattened as NDJSON records are (`payload.customer.phone`);
- everything else, numbers included, is the database's own text of the value, so a bigint phone number
  or a numeric national ID keeps all its digits and is scanned like any text.

Rows are read in primary-key order and carry their key as a hidden column (ROW_KEY_PREFIX + the key
columns) that the batch scan turns into the row locations of the report; a table without a key is read
in the database's order and its rows are located by position.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from functools import partial
from typing import Protocol
from urllib.parse import quote, unquote, urlsplit

import polars as pl

from scanner.errors import InputError
from scanner.readers.json_reader import flatten_json_text
from scanner.readers.table import ROW_KEY_PREFIX, ReadLimits, SourceSample, Table

NO_KEY_WARNING = "no primary key: rows are located by their position in the order the database read them"
POSTGRESQL_SCHEMES = ("postgresql", "postgres")
SQLITE_SCHEME = "sqlite"
SQLITE_MAGIC = b"SQLite format 3\x00"
_URL = re.compile(r"^(postgresql|postgres|sqlite)://", re.IGNORECASE)

TEXT, DATE, BINARY, JSON = "text", "date", "binary", "json"
DEFAULT_STATEMENT_TIMEOUT_S = 60
DRIVERS_MISSING = "reading a database needs the ADBC drivers: pip install 'ccscan[databases]'"


class DatabaseError(InputError):
    """The database cannot be scanned at all (no connection): one value-free, password-free line."""


@dataclass(frozen=True)
class DatabaseOptions:
    """What to read of a database and how: schemas, views, globs, the password and the timeout."""

    schemas: tuple[str, ...] = ()
    views: bool = False
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    password: str | None = field(default=None, repr=False)
    statement_timeout_s: int = DEFAULT_STATEMENT_TIMEOUT_S
    sample: int | None = None


@dataclass(frozen=True)
class DatabaseColumn:
    name: str
    kind: str  # TEXT, DATE, BINARY or JSON: how it is selected and turned into a batch column


@dataclass(frozen=True)
class DatabaseTable:
    """One table or view as the catalogue describes it."""

    schema: str
    name: str
    columns: tuple[DatabaseColumn, ...]
    key: tuple[str, ...] = ()
    view: bool = False

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"


class Dialect(Protocol):
    """A connected database: its catalogue and its read-only table reads."""

    format: str

    def tables(self, options: DatabaseOptions) -> list[DatabaseTable]: ...

    def frames(
        self, table: DatabaseTable, batch_rows: int, sample: SourceSample | None
    ) -> Iterator[pl.DataFrame]: ...

    def close(self) -> None: ...


def is_database_url(text: str) -> bool:
    """True for `postgresql://…`, `postgres://…` and `sqlite:///…`."""
    return bool(_URL.match(text))


def is_sqlite_file(path: str) -> bool:
    """Whether the file at `path` starts with SQLite's magic bytes."""
    try:
        with open(path, "rb") as stream:
            return stream.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def redacted(url: str) -> str:
    """`url` without its password (in the authority or as a `password=` parameter)."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        credentials, _, host = netloc.rpartition("@")
        netloc = f"{credentials.partition(':')[0]}@{host}"
    query = "&".join(
        item for item in parts.query.split("&") if item and item.split("=")[0].lower() != "password"
    )
    return _joined(parts.scheme, netloc, parts.path, query)


def _joined(scheme: str, netloc: str, path: str, query: str) -> str:
    # urlunsplit drops the // of an empty host (postgresql:///db?host=/run/postgresql)
    return f"{scheme}://{netloc}{path}" + (f"?{query}" if query else "")


def url_password(url: str) -> str | None:
    """The password written in `url`, if any (taken, never shown)."""
    password = urlsplit(url).password
    return unquote(password) if password else None


def with_password(url: str, password: str) -> str:
    """`url` with `password` as a parameter, for the driver only."""
    parts = urlsplit(redacted(url))
    query = "&".join(filter(None, [parts.query, f"password={quote(password, safe='')}"]))
    return _joined(parts.scheme, parts.netloc, parts.path, query)


def sqlite_path(url: str) -> str:
    """The file of a `sqlite:///path` URL: `sqlite:///rel/path` is relative, `sqlite:////abs/path` absolute."""
    return unquote(urlsplit(url).path)[1:]


def _matches(name: str, globs: tuple[str, ...]) -> bool:
    return any(fnmatchcase(name, glob) for glob in globs)


def selected_columns(table: DatabaseTable, include: tuple[str, ...], exclude: tuple[str, ...]) -> list[str]:
    """The columns of `table` the globs select; empty when the table is not read (see the module doc)."""
    if _matches(table.qualified, exclude):
        return []
    names = [column.name for column in table.columns]

    def column_matches(name: str, globs: tuple[str, ...]) -> bool:
        return _matches(f"{table.name}.{name}", globs) or _matches(f"{table.qualified}.{name}", globs)

    if include and not _matches(table.qualified, include):
        names = [name for name in names if column_matches(name, include)]
    return [name for name in names if not column_matches(name, exclude)]


def quoted(identifier: str) -> str:
    """An SQL identifier in double quotes (both PostgreSQL and SQLite read them so)."""
    return '"' + identifier.replace('"', '""') + '"'


def _connect(url: str, options: DatabaseOptions) -> Dialect:
    try:
        if url.split(":", 1)[0].lower() == SQLITE_SCHEME:
            from scanner.readers.sqlite import SqliteDatabase

            return SqliteDatabase(sqlite_path(url), options)
        from scanner.readers.postgresql import PostgresDatabase

        password = options.password or url_password(url)
        return PostgresDatabase(with_password(url, password) if password else redacted(url), options)
    except ImportError as error:
        if (error.name or "").partition(".")[0] not in (
            "adbc_driver_manager",
            "adbc_driver_postgresql",
            "adbc_driver_sqlite",
            "pyarrow",
        ):
            raise
        raise DatabaseError(DRIVERS_MISSING) from None


def database_location(url: str) -> str:
    """How a database is named in reports and messages: its URL without the password, or its path."""
    return redacted(url) if is_database_url(url) else url


def database_format(url: str) -> str:
    """The report's `format` of a database given as `url` (a URL or a SQLite file's path)."""
    scheme = url.split(":", 1)[0].lower() if is_database_url(url) else SQLITE_SCHEME
    return SQLITE_SCHEME if scheme == SQLITE_SCHEME else "postgresql"


@contextmanager
def open_database(
    url: str, options: DatabaseOptions, limits: ReadLimits = ReadLimits(), location: str | None = None
) -> Iterator[Iterator[Table]]:
    """The selected tables of the database at `url` (a URL or, for SQLite, a file path), each located
    as `location` (default: the URL without its password) `!schema.table`; raises DatabaseError when it
    cannot be connected to or its catalogue cannot be read."""
    location = location or database_location(url)
    if not is_database_url(url):
        url = f"{SQLITE_SCHEME}:///{quote(url)}"
    try:
        database = _connect(url, options)
    except DatabaseError as error:
        raise DatabaseError(f"{location}: {error}") from None
    try:
        yield _tables(database, location, options, limits)
    finally:
        database.close()


def _tables(
    database: Dialect, location: str, options: DatabaseOptions, limits: ReadLimits
) -> Iterator[Table]:
    try:
        tables = database.tables(options)
    except DatabaseError as error:
        raise DatabaseError(f"{location}: {error}") from None
    # a --schema with nothing in it is most likely mistyped: said, not a silent empty scan
    empty = sorted(set(options.schemas) - {table.schema for table in tables})
    if empty:
        raise DatabaseError(
            f"{location}: no table{' or view' if options.views else ''} in schema(s) {', '.join(empty)}"
            " (no such schema, or nothing in it)"
        )
    for table in tables:
        names = selected_columns(table, options.include, options.exclude)
        if not names:
            continue
        chosen = DatabaseTable(
            table.schema,
            table.name,
            tuple(c for c in table.columns if c.name in names),
            table.key,
            table.view,
        )
        sample = SourceSample() if options.sample and not table.view else None
        warnings = [] if table.key else [NO_KEY_WARNING]
        frames = partial(_frames, database, chosen, sample)
        yield Table(
            f"{location}!{table.qualified}",
            database.format,
            None,
            warnings,
            frames,
            limits,
            source_sample=sample,
            row_key=table.key,
        )


def _frames(
    database: Dialect, table: DatabaseTable, sample: SourceSample | None, batch_rows: int
) -> Iterator[pl.DataFrame]:
    seen: dict[str, dict[str, None]] = {}  # per JSON column, the flattened columns seen so far
    for frame in database.frames(table, batch_rows, sample):
        yield as_batch(frame, table, seen)


def as_batch(frame: pl.DataFrame, table: DatabaseTable, seen: dict[str, dict[str, None]]) -> pl.DataFrame:
    """A frame as the database gave it, as a batch: JSON columns flattened in place, each column of the
    kind the module doc gives, the row key last."""
    kinds = {column.name: column.kind for column in table.columns}
    columns: list[pl.Series] = []
    for series in frame.iter_columns():
        kind = kinds.get(series.name)
        if kind == JSON:
            columns.extend(_flattened(series, seen.setdefault(series.name, {})))
        elif kind == BINARY:
            columns.append(series.cast(pl.Binary))
        elif kind == DATE or series.name.startswith(ROW_KEY_PREFIX):
            columns.append(series)
        else:
            columns.append(series.cast(pl.String))
    return pl.DataFrame(columns)


def _flattened(values: pl.Series, seen: dict[str, None]) -> list[pl.Series]:
    """A JSON column as the dotted columns of its objects (`payload.customer.phone`); a value that is not
    an object, or not JSON, stays whole under the column's own name."""
    records = [flatten_json_text(text, values.name) if text is not None else {} for text in values]
    for record in records:
        seen.update(dict.fromkeys(record))
    if not seen:
        return [values.cast(pl.String)]
    return list(pl.from_dicts(records, schema=dict.fromkeys(seen, pl.String)).iter_columns())
