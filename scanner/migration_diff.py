"""What a migration changed: two JSON reports, before and after, compared column by column.

    ccscan diff before.json after.json

A personal-data column is a column holding any category but business IDs (as in the report summary).
The diff lists personal-data columns that disappeared (the column is gone, or no personal data is
found in it any more), that appeared, and whose protection changed (for example plaintext → hashed),
then the findings resolved and new, retention findings called out. A reversible-hash finding whose
column is still hashed in the newer report is not resolved but "no longer verifiable": the digests
are still there, only the plain values they were matched against are gone (masked, or dropped from
the export), so the column is as reversible as before by brute force. Tables are matched by path, or by
file name or stem (`crm.csv` ↔ `crm.parquet`) when the migration moved or converted them; a database
table's stem is its table name (`postgresql://…/crm!public.calls` ↔ `calls.csv`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from rules.findings import NOT_PERSONAL
from scanner.errors import InputError
from scanner.json_files import read_json_document
from scanner.reports.describe import table_label
from scanner.reports.markdown import escape

MATCH_BY = ("path", "name", "stem")
# verdicts that say nothing about protection: no personal data, no values, or no verdict in the report
UNJUDGED = frozenset({"none", "empty", None})
Key = tuple[str, str, str]  # table, sheet, column


class DiffError(InputError):
    """A report that cannot be compared; the message names the file."""


def load_report(path: Path) -> dict:
    document = read_json_document(path, "report", DiffError)
    if not isinstance(document, dict) or not {"files", "findings"} <= document.keys():
        raise DiffError(f"{path}: not a ccscan JSON report")
    return document


DATABASE_FORMATS = ("postgresql", "sqlite")


def _table_key(path: str, match_by: str, format_name: str | None = None) -> str:
    if match_by == "path":
        return path
    name = re.split(r"[/\\!]", path)[-1]
    if format_name in DATABASE_FORMATS:  # `schema.table`: its stem is the table, so calls ~ calls.csv
        return name if match_by == "name" else name.rpartition(".")[2]
    return name if match_by == "name" else name.split(".")[0]


def protection_verdict(column: Mapping) -> str | None:
    """The column's protection verdict (`plaintext`, `hashed`, ...) when the report has one."""
    return (column.get("protection") or {}).get("verdict")


def _columns(report: Mapping, match_by: str) -> dict[Key, dict]:
    columns = {}
    for entry in report["files"]:
        for column in entry["columns"]:
            key = (
                _table_key(entry["path"], match_by, entry.get("format")),
                entry.get("sheet", ""),
                column["name"],
            )
            categories = sorted({e["category"] for e in column["entities"]} - NOT_PERSONAL)
            columns[key] = {
                "table": table_label(entry),
                "column": column["name"],
                "categories": categories,
                "protection": protection_verdict(column),
            }
    return columns


def is_retention(finding: Mapping) -> bool:
    """Retention findings carry an overdue count; protection findings do not."""
    return "overdue" in finding


def _finding_key(finding: Mapping, match_by: str, formats: Mapping[str, str | None]) -> tuple:
    return (
        finding["rule"],
        _table_key(finding["file"], match_by, formats.get(finding["file"])),
        finding.get("sheet", ""),
        finding.get("column", ""),
        finding.get("category", ""),
    )


def is_reversible_hash(finding: Mapping) -> bool:
    """Reversible-hash findings carry the count of digests that matched found values."""
    return "digests_matched" in finding


def _unverifiable(
    finding: Mapping, new: Mapping[Key, dict], match_by: str, formats: Mapping[str, str | None]
) -> bool:
    """A reversible-hash finding gone while its column is still hashed: nothing left to match it with."""
    if not is_reversible_hash(finding):
        return False
    table = _table_key(finding["file"], match_by, formats.get(finding["file"]))
    key = (table, finding.get("sheet", ""), finding.get("column", ""))
    return key in new and new[key]["protection"] == "hashed"


def _finding_row(finding: Mapping) -> dict:
    row = {key: finding[key] for key in ("rule", "severity", "column", "category", "count") if key in finding}
    return {"table": table_label(finding), **row, "retention": is_retention(finding)}


def diff_reports(before: Mapping, after: Mapping, match_by: str = "path") -> dict:
    """The changes from `before` to `after` as a document (see the module docstring)."""
    old, new = _columns(before, match_by), _columns(after, match_by)
    removed, added, changed = [], [], []
    for key in sorted(old.keys() | new.keys()):
        was, now = old.get(key), new.get(key)
        had = bool(was and was["categories"])
        has = bool(now and now["categories"])
        judged = was and now and {was["protection"], now["protection"]}.isdisjoint(UNJUDGED)
        if judged and was["protection"] != now["protection"]:
            changed.append(
                {
                    **now,
                    "categories": was["categories"] or now["categories"],
                    "before": was["protection"],
                    "after": now["protection"],
                }
            )
        elif had and not has:
            removed.append({**was, "column_still_present": now is not None})
        elif has and not had:
            added.append(now)
    old_formats = {entry["path"]: entry.get("format") for entry in before["files"]}
    new_formats = {entry["path"]: entry.get("format") for entry in after["files"]}
    old_findings = {_finding_key(f, match_by, old_formats): f for f in before["findings"]}
    new_findings = {_finding_key(f, match_by, new_formats): f for f in after["findings"]}
    gone = [old_findings[key] for key in sorted(old_findings.keys() - new_findings.keys())]
    unverifiable = [_finding_row(f) for f in gone if _unverifiable(f, new, match_by, old_formats)]
    resolved = [_finding_row(f) for f in gone if not _unverifiable(f, new, match_by, old_formats)]
    appeared = [_finding_row(new_findings[key]) for key in sorted(new_findings.keys() - old_findings.keys())]
    return {
        "match_by": match_by,
        "columns_removed": removed,
        "columns_added": added,
        "protection_changed": changed,
        "findings_resolved": resolved,
        "findings_unverifiable": unverifiable,
        "findings_new": appeared,
        "retention_resolved": [row for row in resolved if row["retention"]],
    }


def _table(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in rows]


def diff_markdown(diff: Mapping, before_name: str, after_name: str) -> str:
    """The diff for a person (Markdown: readable in a terminal and in a pull-request comment)."""
    lines = [
        f"## ccscan diff: {escape(before_name)} → {escape(after_name)}",
        "",
        f"Personal-data columns: {len(diff['columns_removed'])} gone, {len(diff['columns_added'])} new, "
        f"{len(diff['protection_changed'])} changed protection. Findings: {len(diff['findings_resolved'])} "
        f"resolved ({len(diff['retention_resolved'])} retention), "
        f"{len(diff['findings_unverifiable'])} no longer verifiable, {len(diff['findings_new'])} new.",
    ]
    sections = (
        (
            "Personal data gone",
            ("table", "column", "categories", "now"),
            [
                (
                    c["table"],
                    c["column"],
                    ", ".join(c["categories"]),
                    "still there, no personal data found" if c["column_still_present"] else "removed",
                )
                for c in diff["columns_removed"]
            ],
        ),
        (
            "Personal data new",
            ("table", "column", "categories"),
            [(c["table"], c["column"], ", ".join(c["categories"])) for c in diff["columns_added"]],
        ),
        (
            "Protection changed",
            ("table", "column", "categories", "before", "after"),
            [
                (c["table"], c["column"], ", ".join(c["categories"]), c["before"], c["after"])
                for c in diff["protection_changed"]
            ],
        ),
        (
            "Retention findings resolved",
            ("rule", "table", "column"),
            [(f["rule"], f["table"], f.get("column", "")) for f in diff["retention_resolved"]],
        ),
        (
            "Findings resolved",
            ("severity", "rule", "table", "column"),
            [
                (f["severity"], f["rule"], f["table"], f.get("column", ""))
                for f in diff["findings_resolved"]
                if not f["retention"]
            ],
        ),
        (
            "Findings no longer verifiable (the digests remain; the plain values to match them are gone)",
            ("severity", "rule", "table", "column"),
            [
                (f["severity"], f["rule"], f["table"], f.get("column", ""))
                for f in diff["findings_unverifiable"]
            ],
        ),
        (
            "Findings new",
            ("severity", "rule", "table", "column"),
            [(f["severity"], f["rule"], f["table"], f.get("column", "")) for f in diff["findings_new"]],
        ),
    )
    if diff.get("fails_on_new"):
        lines += ["", "**Personal data appeared where the older report had none: fails --fail-on-new.**"]
    for title, header, rows in sections:
        if rows:
            lines += ["", f"### {title}", "", *_table(header, rows)]
    return "\n".join(lines) + "\n"
