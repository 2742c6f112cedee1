"""Reading exports: find the input files, recognise each by content, stream its tables as text batches.

    for path in discover([Path("exports")], include=["*.csv", "*.zip"]):
        with open_tables(path) as tables:
            for table in tables:
                for batch in table.batches(50_000):  # raises ReadError if the table is unreadable
                    ...

Formats: CSV/TSV (delimiter and encoding sniffed), Parquet, NDJSON, JSON arrays, xlsx (one table per
sheet), SQLite files, each possibly inside .gz or .zip; and PostgreSQL or SQLite databases given by URL
(`open_database`, one table per database table). Every column of every batch is `pl.String`, so
leading zeros and "+47" reach the recognizers as written; empty cells are null. A database table's
date and byte columns stay pl.Date/pl.Datetime/pl.Binary, and its row key rides along (database.py).
"""

from scanner.readers.discover import discover
from scanner.readers.dispatch import open_tables
from scanner.readers.table import ReadError, ReadIssues, ReadLimits, Table

__all__ = ["ReadError", "ReadIssues", "ReadLimits", "Table", "discover", "open_tables"]
