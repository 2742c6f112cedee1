"""What an access or erasure request needs beyond the report: the matched rows themselves, and the
locations and keys to delete them by.

`--export-rows DIR`: one file per subject found, holding every matched row as read (the copy of the
data an Art. 15 request must receive). This is the one output that holds personal data by design;
each file is written atomically and readable by the owner only, in a folder only the owner can enter.

`--erasure-manifest FILE`: per table, each matched row's location (data row, line, sheet, member), the
subjects it belongs to, and the values of the table's key columns (a primary key, a customer id), so
that the rows can be deleted and the deletion verified in the source system. Key columns are those
named with `--key-column` (globs), else those whose header says they are one (KEY_HEADER) and in
which no national ID, phone or email was matched.

A database table with a primary key is deleted by that key: its key columns come first and hold the
key's values (a composite key's values column by column, from its own columns where they were read).
A key that is itself personal data (a national ID as the key) is masked, as in the report, unless its
column is named with `--key-column`. The hidden column that carries a database row's key is never
exported as a column; the JSON access export gives it as the row's `key`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from fnmatch import fnmatchcase
from pathlib import Path

import polars as pl

from scanner.errors import InputError
from scanner.find.matching import COLUMN, IDENTIFIER, ROW
from scanner.find.results import line_of, row_keys, table_place
from scanner.find.search import TableFound
from scanner.find.subjects import Subjects
from scanner.readers.table import ROW_KEY_PREFIX, row_key_column
from scanner.reports.document import write_text

EXPORT_FORMATS = ("json", "csv")
# "id", "call_id", "customerId", "Customer ID", "kundenummer", "customer_no": a table's own keys.
# camelCase "Id" is matched case-sensitively: "paid", "valid", "void" are not keys.
KEY_HEADER = re.compile(
    r"(?i)^(?:id|key|pk|uuid|guid|.*[_\s\-.](?:id|key|uuid|guid)|.*(?-i:[a-z]Id)|"
    r"customer[_\s\-.]?(?:number|no|nr)|kunde(?:nummer|nr)|kund(?:nummer|nr)|asiakasnumero)$"
)


# The identifiers a default key column must not be matched on: "national_id" or "contact_id" named like
# a key would copy the very identifiers searched for into the manifest. A customer number is a key.
SEARCHED_NOT_KEYS = ("national_id", "phone", "email")


def key_columns(columns: list[str], chosen: tuple[str, ...] = ()) -> list[str]:
    """The key columns of a table: those matching a `chosen` glob, else those named like a key."""
    if chosen:
        return [name for name in columns if any(fnmatchcase(name, glob) for glob in chosen)]
    return [name for name in columns if KEY_HEADER.match(name)]


def owner_only_folder(directory: Path) -> None:
    """Create `directory` for the owner only; an existing one must already be so. The mode of a folder
    the user made is never changed: `--export-rows .` must not close the working folder to others.
    Raises InputError for a folder others can enter, OSError for one that cannot be made."""
    if not directory.exists():
        directory.mkdir(parents=True, mode=0o700)
        directory.chmod(0o700)  # mkdir's mode is reduced by the umask, never widened by it
    if directory.is_dir() and directory.stat().st_mode & 0o077:
        raise InputError(
            f"{directory}: the access export's folder can be read by others; name a new folder "
            "(it is made owner-only) or one only you can enter"
        )


def _safe_name(label: str, taken: set[str]) -> str:
    stem = re.sub(r"[^\w.\-]+", "_", label).strip("._") or "subject"
    name, suffix = stem, 1
    while name.lower() in taken:
        suffix += 1
        name = f"{stem}_{suffix}"
    taken.add(name.lower())
    return name


def _subject_rows(table: TableFound, subject: int) -> pl.DataFrame | None:
    if table.matched_rows is None:
        return None
    rows = table.matches.filter((pl.col("subject") == subject) & (pl.col("tier") == IDENTIFIER))[ROW].unique()
    if rows.is_empty():
        return None
    return table.matched_rows.filter(pl.col(ROW).is_in(rows.implode())).sort(ROW)


def export_rows(
    directory: Path, subjects: Subjects, tables: list[TableFound], format_name: str
) -> list[Path]:
    """Write each found subject's matched rows to DIRECTORY/<label>.<format>; returns the files."""
    owner_only_folder(directory)
    written, taken = [], set()
    for index, label in enumerate(subjects.labels):
        parts = [(table, rows) for table in tables if (rows := _subject_rows(table, index)) is not None]
        if not parts:
            continue
        path = directory / f"{_safe_name(label, taken)}.{format_name}"
        text = _export_json(label, parts) if format_name == "json" else _export_csv(parts)
        write_text(text, path)
        written.append(path)
    return written


def _table_columns(columns: list[str]) -> list[str]:
    """The table's own columns: not the row number, not a database row's hidden key."""
    return [name for name in columns if name != ROW and not name.startswith(ROW_KEY_PREFIX)]


def _values(table: TableFound, rows: pl.DataFrame) -> list[tuple[int, dict]]:
    columns = _table_columns(rows.columns)
    return [
        (record[ROW], {name: record[name] for name in columns if record[name] is not None})
        for record in rows.iter_rows(named=True)
    ]


def _json_rows(table: TableFound, rows: pl.DataFrame) -> list[dict]:
    keys = dict(rows.select(ROW, row_key_column(table.row_key)).iter_rows()) if table.row_key else {}
    return [
        {"row": row, **({"key": keys[row]} if keys.get(row) is not None else {}), "values": values}
        for row, values in _values(table, rows)
    ]


def _export_json(label: str, parts: list[tuple[TableFound, pl.DataFrame]]) -> str:
    document = {
        "label": label,
        "tables": [table_place(table) | {"rows": _json_rows(table, rows)} for table, rows in parts],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _export_csv(parts: list[tuple[TableFound, pl.DataFrame]]) -> str:
    """One line per cell (path, sheet, row, column, value): one file for tables of any columns."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["path", "sheet", "row", "column", "value"])
    for table, rows in parts:
        for row, values in _values(table, rows):
            writer.writerows(
                [table.location, table.sheet or "", row, name, value] for name, value in values.items()
            )
    return text.getvalue()


def erasure_manifest(subjects: Subjects, tables: list[TableFound], chosen_keys: tuple[str, ...]) -> dict:
    """Per table with matches: the rows to delete, whose they are, and their key columns' values."""
    entries = []
    for table in tables:
        matches = table.matches.filter(pl.col("tier") == IDENTIFIER)
        if matches.is_empty() or table.matched_rows is None:
            continue
        owners = matches.group_by(ROW).agg(pl.col("subject").unique().sort()).sort(ROW)
        columns = _table_columns(table.matched_rows.columns)
        keys = key_columns(columns, chosen_keys)
        if not chosen_keys:  # a column named like a key that holds what was searched for is no key to copy
            searched = matches.filter(pl.col("kind").is_in(SEARCHED_NOT_KEYS))[COLUMN].unique().to_list()
            keys = [name for name in keys if name not in searched]
        primary = _primary_key_columns(table, columns)
        keys = [*primary, *(name for name in keys if name not in primary)]
        hidden = [row_key_column(table.row_key)] if table.row_key else []
        values = table.matched_rows.select(ROW, *hidden, *(name for name in keys if name in columns))
        values = values.join(owners, on=ROW).sort(ROW)
        masked = row_keys(table, set(values[ROW].to_list()))
        unmasked = any(fnmatchcase(name, glob) for name in table.row_key for glob in chosen_keys)
        rows = []
        for record in values.iter_rows(named=True):
            entry = {"row": record[ROW]}
            line = line_of(table, record[ROW])
            if line is not None:
                entry["line"] = line
            entry["subjects"] = [subjects.labels[index] for index in record["subject"]]
            entry["keys"] = {name: record.get(name) for name in keys if name not in primary}
            if table.row_key:
                entry["keys"] = _primary_key(table, record, primary, masked, unmasked) | entry["keys"]
            rows.append(entry)
        entries.append(table_place(table) | {"key_columns": keys, "rows": rows})
    return {"tables": entries}


def _primary_key_columns(table: TableFound, columns: list[str]) -> list[str]:
    """How a database table's primary key is named in the manifest: its column, each of a composite
    key's columns where they were all read, else the composite key's columns together ("a, b")."""
    if len(table.row_key) > 1 and not set(table.row_key) <= set(columns):
        return [", ".join(table.row_key)]
    return list(table.row_key)


def _primary_key(
    table: TableFound, record: dict, primary: list[str], masked: dict[int, str], unmasked: bool
) -> dict[str, str | None]:
    """A database row's primary-key values; the key masked as in the report where it is personal data,
    unless `unmasked` (its column named with --key-column)."""
    text = record[row_key_column(table.row_key)]
    if not unmasked and masked.get(record[ROW], text) != text:
        return {", ".join(table.row_key): masked[record[ROW]]}
    if len(primary) == 1:
        return {primary[0]: text}
    return {name: record[name] for name in primary}


def write_manifest(manifest: dict, path: Path) -> None:
    write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", path)
