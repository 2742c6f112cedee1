"""The JSON findings report: a versioned document (schema in scanner/report_schema.json).

Built from the scan's table results and the policy's findings. Values appear only masked unless the
scan ran with `--show-values`; the document is deterministic apart from `scanned_at`.
"""

from __future__ import annotations

import errno
import json
import os
import tempfile
from collections import Counter
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from recognizers.entities import CATEGORIES, category_of
from rules.findings import ColumnCategory, Finding, is_personal
from rules.protection import Protection
from rules.pseudonymisation import ReversibleHashes
from rules.severity import SEVERITIES, severity_rank
from scanner import interrupt
from scanner.classify import COLLISION_REASON, NO_EVIDENCE
from scanner.judge import Judgement
from scanner.orchestrate import TableResult
from scanner.profile import ColumnProfile, EntityProfile
from scanner.sampling import SampleTaken

SCHEMA_VERSION = "1.0"
TOOL_NAME = "ccscan"


def tool_version() -> str:
    try:
        return metadata.version(TOOL_NAME)
    except metadata.PackageNotFoundError:
        return "0+unknown"


def _share(count: int, non_empty: int) -> float:
    return round(count / non_empty, 4) if non_empty else 0.0


def entity_entry(entity: EntityProfile, non_empty: int) -> dict:
    return {
        "type": entity.type,
        "category": category_of(entity.type),
        "count": entity.count,
        "share": _share(entity.count, non_empty),
        "max_score": round(entity.max_score, 4),
        "mean_score": round(entity.mean_score, 4),
        "examples": [example for _, example in entity.examples],
        "rows": list(entity.rows),
        "reasons": [
            {"reason": reason, "count": count}
            for reason, count in sorted(entity.reasons.items(), key=lambda item: (-item[1], item[0]))
        ],
        "flags": dict(sorted(entity.flags.items())),
    }


def protection_entry(protection: Protection, reversible: ReversibleHashes | None = None) -> dict:
    """The column's protection verdict and the counts behind it (never a value, never a digest)."""
    entry = {
        "verdict": protection.verdict,
        "wording": reversible.wording if reversible else protection.wording,
        "plaintext": protection.plaintext,
        "protected": protection.protected,
        "shapes": dict(protection.shapes),
    }
    if reversible:
        entry["reversible"] = {
            "algorithm": reversible.algorithm,
            "category": reversible.category,
            "digests_sampled": reversible.sampled,
            "digests_compared": reversible.compared,
            "digests_matched": reversible.matched,
            "complete": reversible.complete,
        }
    return entry


def possible_entry(entity: EntityProfile) -> dict:
    """A reading that passes every check but has no evidence: not a finding, listed for an auditor."""
    reasons = sorted(entity.reasons.items(), key=lambda item: (-item[1], item[0]))
    why = next((reason for reason, _ in reasons if reason.startswith(NO_EVIDENCE)), NO_EVIDENCE.rstrip(": "))
    return {
        "type": entity.type,
        "category": category_of(entity.type),
        "count": entity.count,
        "reason": why.removeprefix(NO_EVIDENCE),
        "examples": [example for _, example in entity.examples],
        "rows": list(entity.rows),
    }


def category_counts(column: ColumnProfile) -> dict[str, int]:
    """Per category, the cells holding at least one entity of it: a cell read as both NO_FODSELSNUMMER and
    NO_D_NUMMER counts once. Column-level entities (name columns, column statistics) have no per-cell
    sets, hence at least their own count."""
    by_category: dict[str, list[EntityProfile]] = {}
    for entity in column.entities.values():
        by_category.setdefault(category_of(entity.type), []).append(entity)
    return {
        category: max(
            column.cells_with({entity.type for entity in by_category[category]}),
            *(entity.count for entity in by_category[category]),
        )
        for category in sorted(by_category, key=CATEGORIES.index)
    }


def column_entry(column: ColumnProfile, protection: dict | None = None) -> dict:
    entities = sorted(column.entities.values(), key=lambda e: (-e.count, e.type))
    entry = {
        "name": column.name,
        "non_empty": column.non_empty,
        "categories": category_counts(column),
        "entities": [entity_entry(entity, column.non_empty) for entity in entities],
    }
    if column.possible:
        entry["possible"] = [
            possible_entry(entity)
            for entity in sorted(column.possible.values(), key=lambda e: (-e.count, e.type))
        ]
    if column.suppressed:
        entry["suppressed"] = [
            {"type": entity.type, "count": entity.count, "reason": COLLISION_REASON}
            for entity in sorted(column.suppressed.values(), key=lambda e: e.type)
        ]
    if protection is not None:
        entry["protection"] = protection
    return entry


def _protection(judgement: Judgement | None, key: tuple[str, str | None, str]) -> dict | None:
    if judgement is None or key not in judgement.protection:
        return None
    return protection_entry(judgement.protection[key], judgement.reversible.get(key))


def sample_entry(sample: SampleTaken, rows_scanned: int) -> dict:
    """How a table scanned in part (--sample) was sampled; its counts are of the scanned rows."""
    blocks = (
        {}
        if sample.source_method
        else {
            "block_rows": sample.block_rows,
            "every_nth_block": sample.every_nth_block,
        }
    )
    return {"rows_scanned": rows_scanned, **blocks, "method": sample.method}


def file_entry(table: TableResult, judgement: Judgement | None = None) -> dict:
    entry = {"path": table.location, "format": table.format}
    if table.sheet is not None:
        entry["sheet"] = table.sheet
    entry["rows"] = table.rows
    if table.sample is not None:
        entry["sample"] = sample_entry(table.sample, table.rows_scanned)
    entry |= {
        "rows_unreadable": table.rows_unreadable,
        "unreadable_lines": list(table.unreadable_lines),
        "errors": list(table.errors),
        "warnings": list(table.warnings),
        "columns": [
            column_entry(column, _protection(judgement, (table.location, table.sheet, column.name)))
            for column in table.profile.ordered_columns()
        ],
    }
    if table.ignored_columns:
        entry["ignored_columns"] = list(table.ignored_columns)
    if table.profile.row_keys:
        entry["row_keys"] = {str(row): key for row, key in sorted(table.profile.row_keys.items())}
    checks = judgement.retention.get((table.location, table.sheet)) if judgement else None
    if checks:
        entry["retention"] = checks
    return entry


def column_categories(tables: list[TableResult]) -> list[ColumnCategory]:
    """The facts the policy judges: each category of personal data in each column."""
    facts = []
    for table in tables:
        for column in table.profile.ordered_columns():
            for category, count in category_counts(column).items():
                entities = [e for e in column.entities.values() if category_of(e.type) == category]
                rows = [row for entity in entities for row in entity.rows]
                facts.append(
                    ColumnCategory(
                        file=table.location,
                        sheet=table.sheet,
                        column=column.name,
                        category=category,
                        count=count,
                        share=_share(count, column.non_empty),
                        entity_types=tuple(sorted(entity.type for entity in entities)),
                        first_row=min(rows) if rows else None,
                    )
                )
    return facts


def finding_entry(finding: Finding) -> dict:
    entry = {
        "rule": finding.rule,
        "severity": finding.severity,
        "file": finding.file,
        "column": finding.column,
        "category": finding.category,
        "count": finding.count,
        "share": finding.share,
        "message": finding.message,
    }
    if finding.category is None:
        del entry["category"]
    if finding.sheet is not None:
        entry["sheet"] = finding.sheet
    if finding.first_row is not None:
        entry["first_row"] = finding.first_row
    return entry | finding.details


def sorted_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(
        findings, key=lambda f: (-severity_rank(f.severity), f.file, f.sheet or "", f.column, f.rule)
    )


def summary(
    tables: list[TableResult],
    facts: list[ColumnCategory],
    findings: list[Finding],
    judgement: Judgement | None = None,
) -> dict:
    severities = Counter(finding.severity for finding in findings)
    categories = Counter(fact.category for fact in facts)
    cells: Counter[str] = Counter()
    for fact in facts:
        cells[fact.category] += fact.count
    possible: Counter[str] = Counter()
    for table in tables:
        for column in table.profile.columns.values():
            for entity in column.possible.values():
                possible[category_of(entity.type)] += entity.count
    extra = {"reversible_hash_check": judgement.reversible_hash_check()} if judgement else {}
    return {
        "files": len({table.location.split("!")[0] for table in tables}),
        "tables": len(tables),
        "tables_with_errors": sum(1 for table in tables if table.errors),
        "rows": sum(table.rows for table in tables),
        "rows_scanned": sum(table.rows_scanned for table in tables),
        "rows_unreadable": sum(table.rows_unreadable for table in tables),
        "columns": sum(len(table.profile.columns) for table in tables),
        "columns_with_personal_data": len(
            {(f.file, f.sheet, f.column) for f in facts if is_personal(f.category)}
        ),
        "columns_by_category": {
            category: categories[category] for category in CATEGORIES if categories[category]
        },
        "cells_by_category": {category: cells[category] for category in CATEGORIES if cells[category]},
        "possible_by_category": {
            category: possible[category] for category in CATEGORIES if possible[category]
        },
        "findings_by_severity": {severity: severities.get(severity, 0) for severity in reversed(SEVERITIES)},
    } | extra


def incomplete_entries(tables: list[TableResult]) -> list[dict]:
    """Every reason the scan did not read all it was given, by table (value-free lines)."""
    entries = []
    for table in tables:
        where = {"path": table.location} | ({"sheet": table.sheet} if table.sheet is not None else {})
        entries += [where | {"reason": reason} for reason in table.incomplete]
    return entries


def build_report(
    tables: list[TableResult],
    findings: list[Finding],
    facts: list[ColumnCategory],
    config: dict,
    scanned_at: datetime | None = None,
    judgement: Judgement | None = None,
) -> dict:
    moment = (scanned_at or datetime.now(UTC)).replace(microsecond=0)
    incomplete = incomplete_entries(tables)
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": TOOL_NAME, "version": tool_version()},
        "scanned_at": moment.isoformat().replace("+00:00", "Z"),
        "complete": not incomplete,
        "incomplete": incomplete,
        "config": config,
        "files": [file_entry(table, judgement) for table in tables],
        "findings": [finding_entry(finding) for finding in sorted_findings(findings)],
        "summary": summary(tables, facts, findings, judgement),
    }


def report_json(report: dict) -> str:
    """The report as the JSON text ccscan writes."""
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def write_text(text: str, path: Path) -> None:
    """Write atomically (temp file in the same folder, then rename), readable by the owner only.

    Every output ccscan writes (reports in any format, baselines) goes through here: a reader never
    sees a half-written file, and findings about personal data are not left readable by others.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # a lone surrogate (a JSON key written as "\\udcff") is escaped rather than lose the report
        with os.fdopen(descriptor, "w", encoding="utf-8", errors="backslashreplace") as handle:
            handle.write(text)
        os.chmod(temporary, 0o600)
        interrupt.raise_if_interrupted()  # a Ctrl-C swallowed on its way leaves no file either
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def check_writable(path: Path) -> None:
    """Raise OSError now if `write_text` could not write `path` (a folder there, a folder that cannot be
    created or written to), so that it is found before a long scan, not after: a probe file is made
    and removed where the report's temp file will be."""
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, probe = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".probe", dir=path.parent)
    os.close(descriptor)
    os.unlink(probe)


def write_report(report: dict, path: Path) -> None:
    """Write the JSON report with `write_text`."""
    write_text(report_json(report), path)
