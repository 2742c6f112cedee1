"""SQLite through ADBC (adbc-driver-sqlite): the file opened read-only, each table read in batches.

The file is opened with `mode=ro` and `PRAGMA query_only`, so neither a write nor a journal can be made;
each table is read in its own transaction, ended when the table is done, and `busy_timeout` bounds the
wait for a writer's lock. SQLite types are per value, so every column is selected as the text SQLite
gives it (a column declared BLOB as bytes, checked for protection shapes only); SQLite has no date type,
so its dates are text, parsed as in files. `--sample` is the scan's own block sample: SQLite cannot
sample pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import adbc_driver_sqlite.dbapi as adbc
import polars as pl
from adbc_driver_manager import Error as AdbcError

from scanner.readers.database import (
    BINARY,
    TEXT,
    DatabaseColumn,
    DatabaseError,
    DatabaseOptions,
    DatabaseTable,
    quoted,
)
from scanner.readers.table import ReadError, SourceSample, row_key_column

SCHEMA = "main"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class SqliteDatabase:
    """A SQLite file opened read-only."""

    format = "sqlite"

    def __init__(self, path: str, options: DatabaseOptions) -> None:
        self.options = options
        if not Path(path).is_file():
            raise DatabaseError("no such file")
        try:
            self.connection = adbc.connect(f"file:{quote(str(Path(path).absolute()))}?mode=ro")
            cursor = self.connection.cursor()
            cursor.execute("PRAGMA query_only = ON")
            cursor.execute(f"PRAGMA busy_timeout = {options.statement_timeout_s * 1000}")
            cursor.close()
        except AdbcError:
            raise DatabaseError("cannot open the SQLite file") from None

    def tables(self, options: DatabaseOptions) -> list[DatabaseTable]:
        if options.schemas and SCHEMA not in options.schemas:
            return []
        kinds = "'table', 'view'" if options.views else "'table'"
        cursor = self.connection.cursor()
        try:
            cursor.execute(
                f"SELECT name, type = 'view' FROM sqlite_schema WHERE type IN ({kinds}) "
                "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
            )
            found = cursor.fetchall()
            tables = []
            for name, view in found:
                cursor.execute(f"SELECT name, type, pk FROM pragma_table_info({_literal(name)}) ORDER BY cid")
                info = cursor.fetchall()
                columns = tuple(
                    DatabaseColumn(column, BINARY if "BLOB" in (declared or "").upper() else TEXT)
                    for column, declared, _ in info
                )
                key = tuple(column for column, _, pk in sorted(info, key=lambda item: item[2]) if pk)
                tables.append(DatabaseTable(SCHEMA, name, columns, key, bool(view)))
        except AdbcError:
            raise DatabaseError("cannot read the SQLite catalogue (not a database, or damaged)") from None
        finally:
            cursor.close()
            self.connection.rollback()
        return tables

    def query(self, table: DatabaseTable) -> str:
        selected = [
            f"CAST({quoted(column.name)} AS {'BLOB' if column.kind == BINARY else 'TEXT'}) "
            f"AS {quoted(column.name)}"
            for column in table.columns
        ]
        if table.key:
            key = " || ', ' || ".join(f"CAST({quoted(name)} AS TEXT)" for name in table.key)
            selected.append(f"{key} AS {quoted(row_key_column(table.key))}")
        order = f" ORDER BY {', '.join(quoted(name) for name in table.key)}" if table.key else ""
        return f"SELECT {', '.join(selected)} FROM {quoted(table.name)}{order}"

    def frames(
        self, table: DatabaseTable, batch_rows: int, sample: SourceSample | None
    ) -> Iterator[pl.DataFrame]:
        cursor = self.connection.cursor()
        try:
            cursor.adbc_statement.set_options(**{"adbc.sqlite.query.batch_rows": str(batch_rows)})
            cursor.execute(self.query(table))
            for batch in cursor.fetch_record_batch():
                frame = pl.from_arrow(batch)
                assert isinstance(frame, pl.DataFrame)
                yield frame.with_columns(
                    pl.col(column.name).cast(pl.String) for column in table.columns if column.kind == TEXT
                )
        except AdbcError:
            raise ReadError(
                "SQLite refused the query (a value it cannot give as text, or a damaged file)"
            ) from None
        finally:
            cursor.close()
            self.connection.rollback()

    def close(self) -> None:
        try:
            self.connection.close()
        except AdbcError:
            pass
