"""The `ccscan find` report document (schema: scanner/find/find_schema.json).

Per subject label: every table, row and column where one of its identifiers was found, which kind
matched, and the personal-data categories those rows hold; subjects found nowhere are listed with
`found: false`. Rows found by a name alone (`--match-names`) are a separate, lower tier: `name_only`.
No identifier value is ever in the document: labels, locations, column names, kinds and categories.

A database table is `url-without-password!schema.table`; its rows are located by their primary key
(`key`, masked like any found value where the key is itself personal data) besides their position in
the key's order, or by their position alone where the table has no key.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

import polars as pl

from scanner.find.matching import COLUMN, IDENTIFIER, NAME_ONLY, ROW
from scanner.find.search import KEY, TableFound, category_order
from scanner.find.subjects import Subjects
from scanner.reports.document import TOOL_NAME, tool_version
from scanner.reports.sarif import LINE_FORMATS

SCHEMA_VERSION = "1.0"
DATABASE_FORMATS = ("postgresql", "sqlite")


def table_place(table: TableFound) -> dict:
    """Where a table is: its path, the archive member or database table it is (if any), its sheet, its
    format, and a database table's primary-key columns."""
    place = {"path": table.location, "format": table.format}
    if table.format in DATABASE_FORMATS and "!" in table.location:
        place["table"] = table.location.rsplit("!", 1)[1]
        if table.row_key:
            place["key_columns"] = list(table.row_key)
    elif "!" in table.location:
        place["member"] = table.location.split("!", 1)[1]
    if table.sheet is not None:
        place["sheet"] = table.sheet
    return place


def line_of(table: TableFound, row: int) -> int | None:
    """The line a data row starts on in a plain CSV or NDJSON file, if no earlier field spans lines."""
    if table.format not in LINE_FORMATS or "!" in table.location or table.location.endswith(".gz"):
        return None
    return row + LINE_FORMATS[table.format]


def row_keys(table: TableFound, rows: set[int]) -> dict[int, str]:
    """The (masked) primary key of each of `rows` of a database table; empty for other tables."""
    if table.keys is None:
        return {}
    return dict(table.keys.filter(pl.col(ROW).is_in(list(rows))).select(ROW, KEY).iter_rows())


def _row_entries(table: TableFound, matches: pl.DataFrame, categories: dict[int, list[str]]) -> list[dict]:
    by_row: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row, column, kind in matches.select(ROW, COLUMN, "kind").iter_rows():
        by_row[row][column].append(kind)
    keys = row_keys(table, set(by_row))
    entries = []
    for row in sorted(by_row):
        entry: dict = {"row": row}
        if row in keys:
            entry["key"] = keys[row]
        line = line_of(table, row)
        if line is not None:
            entry["line"] = line
        entry["columns"] = [
            {"column": column, "kinds": sorted(set(kinds))} for column, kinds in sorted(by_row[row].items())
        ]
        entry["categories"] = categories.get(row, [])
        entries.append(entry)
    return entries


Parts = list[tuple[TableFound, dict[tuple, pl.DataFrame]]]


def _table_entries(parts: Parts, subject: int, tier: str) -> list[dict]:
    entries = []
    for table, by_subject in parts:
        matches = by_subject.get((subject, tier))
        if matches is None:
            continue
        rows = set(matches[ROW].to_list())
        categories: dict[int, list[str]] = defaultdict(list)
        for row, category in table.categories.filter(pl.col(ROW).is_in(list(rows))).iter_rows():
            categories[row].append(category)
        categories = {row: category_order(found) for row, found in categories.items()}
        entries.append(
            table_place(table)
            | {
                "rows_matched": len(rows),
                "kinds": sorted(set(matches["kind"].to_list())),
                "columns": sorted(set(matches[COLUMN].to_list())),
                "categories": category_order(c for found in categories.values() for c in found),
                "rows": _row_entries(table, matches, categories),
            }
        )
    return entries


def subject_entry(subjects: Subjects, index: int, parts: Parts, match_names: bool) -> dict:
    found = _table_entries(parts, index, IDENTIFIER)
    entry = {
        "label": subjects.labels[index],
        "identifiers_given": list(subjects.kinds_given[index]),
        "found": bool(found),
        "rows_matched": sum(table["rows_matched"] for table in found),
        "tables": found,
    }
    if match_names:
        entry["name_only"] = _table_entries(parts, index, NAME_ONLY)
    return entry


def build_find_report(
    subjects: Subjects, tables: list[TableFound], config: dict, searched_at: datetime | None = None
) -> dict:
    moment = (searched_at or datetime.now(UTC)).replace(microsecond=0)
    match_names = bool(config.get("match_names"))
    # each table's matches split by subject once, not filtered once per subject
    parts = [(table, table.matches.partition_by("subject", "tier", as_dict=True)) for table in tables]
    entries = [subject_entry(subjects, index, parts, match_names) for index in range(len(subjects))]
    found = [entry for entry in entries if entry["found"]]
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": TOOL_NAME, "version": tool_version()},
        "searched_at": moment.isoformat().replace("+00:00", "Z"),
        "config": config,
        "summary": {
            "subjects": len(entries),
            "subjects_found": len(found),
            "subjects_not_found": len(entries) - len(found),
            "subjects_found_by_name_only": sum(
                1 for entry in entries if not entry["found"] and entry.get("name_only")
            ),
            "tables": len(tables),
            "tables_with_errors": sum(1 for table in tables if table.errors),
            "rows": sum(table.rows for table in tables),
            "rows_matched": sum(
                table.matches.filter(pl.col("tier") == IDENTIFIER)[ROW].n_unique() for table in tables
            ),
        },
        "tables": [
            table_place(table)
            | {
                "rows": table.rows,
                "rows_unreadable": table.rows_unreadable,
                "errors": list(table.errors),
                "warnings": list(table.warnings),
            }
            for table in tables
        ],
        "subjects": entries,
    }


def anything_found(report: dict) -> bool:
    """Whether any subject was found, by an identifier or (with --match-names) by name alone."""
    return any(entry["found"] or entry.get("name_only") for entry in report["subjects"])
