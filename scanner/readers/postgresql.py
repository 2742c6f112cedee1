"""PostgreSQL through ADBC (adbc-driver-postgresql, on libpq): the catalogue, then each table read
through a server-side cursor, read-only.

Each table is read in its own transaction, `REPEATABLE READ READ ONLY`, with `statement_timeout` (each
FETCH of one batch must finish in time) and `lock_timeout` (a scan never queues behind a migration's
exclusive lock: the table is reported as locked instead). The transaction is rolled back when the table
is done, so the share lock a read takes is held for one table at a time; a scan that dies closes its
connection, which ends the transaction. No `idle_in_transaction_session_timeout`: between two FETCHes
the session is idle while the batch is scanned, which can take minutes, and the server would end it. The password reaches libpq
only: from the URL, `--password-stdin`, `PGPASSWORD` or `~/.pgpass` (libpq reads the last two itself).

Why ADBC and not connectorx: read as 14 text and timestamp columns of 400 000 calls, connectorx took
6.5-8.2 s and 317 MB, ADBC 8.0-11.2 s and 210-240 MB, but connectorx reads a whole query result on
connections of its own, so it can neither hold the transaction settings above nor stream a server-side
cursor batch by batch; the read is a small part of a scan's time (see benchmarks/database_scan.py).

Errors: a driver message can quote a value (`invalid input syntax ... "0101..."`), so only its SQLSTATE
is kept, named (`permission denied`, `statement timeout`, `lock timeout`) where it is a common one.
"""

from __future__ import annotations

from collections.abc import Iterator

import adbc_driver_postgresql.dbapi as adbc
import polars as pl
from adbc_driver_manager import Error as AdbcError
from adbc_driver_postgresql import StatementOptions

from scanner.readers.database import (
    BINARY,
    DATE,
    JSON,
    TEXT,
    DatabaseColumn,
    DatabaseError,
    DatabaseOptions,
    DatabaseTable,
    quoted,
)
from scanner.readers.table import ReadError, SourceSample, row_key_column

LOCK_TIMEOUT = "5s"
CURSOR = "ccscan_rows"
SYSTEM_SCHEMAS = ("pg_catalog", "information_schema")
NATIVE_TYPES = {"date": DATE, "timestamp": DATE, "timestamptz": DATE, "bytea": BINARY}
JSON_TYPES = ("json", "jsonb")
SQLSTATES = {
    "42501": "permission denied",
    "57014": "statement timeout: a batch took longer than --statement-timeout",
    "55P03": "lock timeout: the table is locked by another session",
    "42P01": "the table no longer exists",
    "25006": "a write was refused: the transaction is read-only",
}

# Tables (ordinary and partitioned, not the partitions, which their parent reads) and with views, views
# and materialised views; columns in their order; a domain's base type decides how it is read.
CATALOGUE = """
SELECT n.nspname, c.relname, c.relkind IN ('v', 'm'), a.attname, coalesce(base.typname, t.typname)
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_type base ON t.typtype = 'd' AND base.oid = t.typbasetype
WHERE c.relkind IN ({kinds}) AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'
ORDER BY n.nspname, c.relname, a.attnum
"""
PRIMARY_KEYS = """
SELECT n.nspname, c.relname, a.attname
FROM pg_index i
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (i.indkey)
WHERE i.indisprimary
ORDER BY n.nspname, c.relname, array_position(i.indkey::int2[], a.attnum)
"""


def sqlstate_text(error: Exception) -> str:
    """A driver error as one value-free phrase."""
    state = getattr(error, "sqlstate", None)
    if state in SQLSTATES:
        return SQLSTATES[state]
    return f"the database refused the query (SQLSTATE {state})" if state else "the database connection failed"


def _connection_problem(error: Exception) -> str:
    """libpq's reason for a failed connection (its first line names the host and the cause, never the
    password), without the driver's prefixes."""
    text = str(error).split("\n")[0]
    text = text.split("Failed to connect: ", 1)[-1].removeprefix("[libpq] ")
    return f"cannot connect ({text.strip()})"


class PostgresDatabase:
    """A connection to PostgreSQL that only reads."""

    format = "postgresql"

    def __init__(self, uri: str, options: DatabaseOptions) -> None:
        self.options = options
        try:
            self.connection = adbc.connect(uri)
        except AdbcError as error:
            message = _connection_problem(error)
            if options.password:
                message = message.replace(options.password, "***")
            raise DatabaseError(message) from None

    @property
    def settings(self) -> tuple[str, ...]:
        """The statements that open each read: read-only, bounded in time and in lock waits."""
        timeout = f"{self.options.statement_timeout_s}s"
        return (
            "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY",
            f"SET LOCAL statement_timeout = '{timeout}'",
            f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'",
        )

    def cursor(self):
        """A cursor that runs queries as plain statements (ADBC wraps them in COPY by default, and a
        FETCH cannot be wrapped), in a new read-only transaction."""
        cursor = self.connection.cursor()
        cursor.adbc_statement.set_options(**{StatementOptions.USE_COPY.value: "false"})
        for statement in self.settings:
            cursor.execute(statement)
        return cursor

    def tables(self, options: DatabaseOptions) -> list[DatabaseTable]:
        kinds = "'r', 'p', 'v', 'm'" if options.views else "'r', 'p'"
        try:
            cursor = self.cursor()
            try:
                cursor.execute(CATALOGUE.format(kinds=kinds))
                rows = cursor.fetchall()
                cursor.execute(PRIMARY_KEYS)
                key_rows = cursor.fetchall()
            finally:
                cursor.close()
                self.connection.rollback()
        except AdbcError as error:
            raise DatabaseError(f"cannot read the catalogue: {sqlstate_text(error)}") from None
        keys: dict[tuple[str, str], list[str]] = {}
        for schema, name, column in key_rows:
            keys.setdefault((schema, name), []).append(column)
        columns: dict[tuple[str, str, bool], list[DatabaseColumn]] = {}
        for schema, name, view, column, type_name in rows:
            if options.schemas and schema not in options.schemas:
                continue
            kind = JSON if type_name in JSON_TYPES else NATIVE_TYPES.get(type_name, TEXT)
            columns.setdefault((schema, name, view), []).append(DatabaseColumn(column, kind))
        return [
            DatabaseTable(schema, name, tuple(found), tuple(keys.get((schema, name), ())), view)
            for (schema, name, view), found in columns.items()
        ]

    def query(self, table: DatabaseTable, sample_percent: float | None) -> str:
        """The SELECT of one table: typed or text columns, the row key last, in key order."""
        selected = [
            quoted(column.name) if column.kind in (DATE, BINARY) else f"{quoted(column.name)}::text"
            for column in table.columns
        ]
        selected = [f"{text} AS {quoted(column.name)}" for text, column in zip(selected, table.columns)]
        if table.key:
            parts = [quoted(name) for name in table.key]
            key = f"{parts[0]}::text" if len(parts) == 1 else f"ROW({', '.join(parts)})::text"
            selected.append(f"{key} AS {quoted(row_key_column(table.key))}")
        source = f"{quoted(table.schema)}.{quoted(table.name)}"
        if sample_percent is not None:
            source += f" TABLESAMPLE SYSTEM ({sample_percent:.6f}) REPEATABLE (0)"
        order = f" ORDER BY {', '.join(quoted(name) for name in table.key)}" if table.key else ""
        return f"SELECT {', '.join(selected)} FROM {source}{order}"

    def _sample_percent(self, cursor, table: DatabaseTable, sample: SourceSample | None) -> float | None:
        """The TABLESAMPLE percentage that gives about `--sample` rows, after counting the table."""
        if sample is None or self.options.sample is None:
            return None
        cursor.execute(f"SELECT count(*) FROM {quoted(table.schema)}.{quoted(table.name)}")
        sample.rows = int(cursor.fetchall()[0][0])
        if sample.rows <= self.options.sample:
            return None
        percent = 100 * self.options.sample / sample.rows
        sample.applied = True
        sample.method = (
            f"PostgreSQL's TABLESAMPLE SYSTEM ({percent:.4g}%) REPEATABLE (0): whole pages of the table "
            f"chosen by the database, about {self.options.sample} of its {sample.rows} rows (counted); "
            "only the sampled rows were read and scanned: cell counts, shares and retention counts are "
            "of them"
        )
        return percent

    def frames(
        self, table: DatabaseTable, batch_rows: int, sample: SourceSample | None
    ) -> Iterator[pl.DataFrame]:
        try:
            cursor = self.cursor()
            try:
                percent = self._sample_percent(cursor, table, sample)
                cursor.execute(f"DECLARE {CURSOR} NO SCROLL CURSOR FOR {self.query(table, percent)}")
                while True:
                    cursor.execute(f"FETCH FORWARD {batch_rows} FROM {CURSOR}")
                    frame = pl.from_arrow(cursor.fetch_arrow_table())
                    assert isinstance(frame, pl.DataFrame)
                    if not frame.height:
                        break
                    yield frame
            finally:
                cursor.close()
                self.connection.rollback()
        except AdbcError as error:
            raise ReadError(sqlstate_text(error)) from None

    def close(self) -> None:
        try:
            self.connection.close()
        except AdbcError:
            pass  # the connection is gone already
