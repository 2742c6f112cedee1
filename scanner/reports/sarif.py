"""SARIF 2.1.0 for code-scanning tools (GitHub code scanning, Azure DevOps, IDE viewers).

One rule descriptor per ccscan rule id that fired, with the policy's title, rationale, references and
remediation as help text; one result per finding. A result points at the file (an archive member at its
archive) and names the column, sheet and data row in its message and properties. Its
`partialFingerprints` hash (rule, file, sheet, column, category) — stable across runs, never a value.

Lines. The report counts data rows (1-based, header excluded), not physical lines, and a quoted CSV
field may span lines. For plain CSV and NDJSON files the region's `startLine` is the line the row
starts on if no earlier field contains a line break (data row + 1 for CSV, the row for NDJSON); the
region's message states the data row, which is exact. Counting physical lines would need a second
pass over every file, and the row number is what an auditor looks up. Parquet, Excel, JSON arrays and
members of archives or .gz files have no meaningful line: their results carry no region.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import PurePosixPath
from urllib.parse import quote

from rules.policy import Policy
from scanner.baseline import fingerprint
from scanner.reports.describe import (
    POSSIBLE_NOTE,
    SAMPLED_COUNTS,
    RuleSummary,
    fired_rules,
    possible_line,
    possible_readings,
    sample_line,
    table_label,
    unscanned,
)

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "ccscanFinding/v1"
FINGERPRINT_SALT = "ccscan-sarif-v1"
# the rule id of a `possible` reading (not a policy rule: it never fails a scan)
POSSIBLE_RULE = "ccscan.possible"
LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
# GitHub ranks security alerts by this number: >= 9 critical, 7-8.9 high, 4-6.9 medium, < 4 low.
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}
LINE_FORMATS = {"csv": 1, "ndjson": 0}  # header lines before data row 1
RESULT_PROPERTIES = ("severity", "category", "column", "sheet", "count", "share", "first_row")


# a byte of a file name that is not UTF-8, as the report shows it (scanner/readers/discover.py display_path)
_NAME_BYTE = re.compile(r"\\x([89a-f][0-9a-f])")


def artifact_uri(path: str) -> str:
    """A relative path stays a relative URI (resolved against the repository root); absolute → file://.
    A byte shown as `\\xff` is percent-encoded as itself (`%FF`), not taken for a Windows separator."""
    pieces = _NAME_BYTE.split(path)
    raw = b"".join(
        bytes.fromhex(piece) if index % 2 else piece.replace("\\", "/").encode()
        for index, piece in enumerate(pieces)
    )
    posix = PurePosixPath(raw.decode("utf-8", "surrogateescape"))
    uri = quote(posix.as_posix().encode("utf-8", "surrogateescape"))
    return "file://" + uri if posix.is_absolute() else uri


def _rule_descriptor(rule: RuleSummary) -> dict:
    parts = [rule.rationale]
    if rule.remediation:
        parts.append(f"Remediation: {rule.remediation}")
    if rule.references:
        parts.append(f"References: {rule.reference_line()}")
    help_text = "\n\n".join(part for part in parts if part)
    descriptor = {
        "id": rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale or rule.title},
        "help": {"text": help_text or rule.title},
        "properties": {"tags": ["security", "privacy", "gdpr"]},
    }
    if rule.severity:
        descriptor["defaultConfiguration"] = {"level": LEVELS[rule.severity]}
        if rule.severity in SECURITY_SEVERITY:
            descriptor["properties"]["security-severity"] = SECURITY_SEVERITY[rule.severity]
    for key, _, items in rule.references:
        descriptor["properties"][key] = list(items)
    return descriptor


def _region(finding: Mapping, table_format: str | None) -> dict | None:
    path = finding["file"]
    row = finding.get("first_row")
    if row is None or table_format not in LINE_FORMATS or "!" in path or path.endswith(".gz"):
        return None
    line = row + LINE_FORMATS[table_format]
    return {
        "startLine": line,
        "message": {"text": f"data row {row} (line {line} if no earlier field spans lines)"},
    }


def _result(finding: Mapping, rule_index: int, table: Mapping | None, baseline_applied: bool) -> dict:
    """One SARIF result; `table` is the report's entry for the finding's table."""
    table_format = table["format"] if table else None
    archive, _, member = finding["file"].partition("!")
    where = f" in sheet '{finding['sheet']}'" if finding.get("sheet") else ""
    where += f" of archive member '{member}'" if member else ""
    row = f", first at data row {finding['first_row']}" if finding.get("first_row") else ""
    sampled = sample_line(table) if table else None
    row += f" ({sampled}; {SAMPLED_COUNTS})" if sampled else ""
    physical: dict = {"artifactLocation": {"uri": artifact_uri(archive)}}
    region = _region(finding, table_format)
    if region:
        physical["region"] = region
    properties = {key: finding[key] for key in RESULT_PROPERTIES if key in finding}
    if member:
        properties["member"] = member
    result = {
        "ruleId": finding["rule"],
        "ruleIndex": rule_index,
        "level": LEVELS[finding["severity"]],
        "message": {"text": f"{finding['message']}{where}{row}"},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding, FINGERPRINT_SALT)},
        "properties": properties,
    }
    if baseline_applied:
        result["baselineState"] = "new"
    return result


def _notification(level: str, entry: Mapping, text: str) -> dict:
    return {
        "level": level,
        "message": {"text": f"{table_label(entry)}: {text}"},
        "locations": [
            {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(entry["path"].split("!")[0])}}}
        ],
    }


def _possible_result(entry: Mapping, column: Mapping, possible: Mapping) -> dict:
    """A `possible` reading as a note-level result: shown to a reviewer, never a finding."""
    archive, _, member = entry["path"].partition("!")
    sampled = sample_line(entry)
    properties = {"column": column["name"], "type": possible["type"], "count": possible["count"]}
    if member:
        properties["member"] = member
    return {
        "ruleId": POSSIBLE_RULE,
        "level": "note",
        "message": {
            "text": f"column '{column['name']}': possible {possible_line(possible)} ({POSSIBLE_NOTE})"
            + (f" ({sampled}; {SAMPLED_COUNTS})" if sampled else "")
        },
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(archive)}}}],
        "properties": properties,
    }


def _notifications(report: Mapping) -> list[dict]:
    """Inputs that could not be read (errors) and data not scanned (warnings): either makes the scan
    incomplete, and the invocation not successful."""
    errors = [_notification("error", entry, error) for entry in report["files"] for error in entry["errors"]]
    return errors + [_notification("warning", entry, entry["reason"]) for entry in unscanned(report)]


def render_document(report: Mapping, policy: Policy) -> dict:
    """The SARIF log as a dict."""
    rules = fired_rules(report, policy)
    index = {rule.id: position for position, rule in enumerate(rules)}
    tables = {(entry["path"], entry.get("sheet")): entry for entry in report["files"]}
    baseline_applied = "baseline" in report
    notifications = _notifications(report)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": report["tool"]["name"],
                        "version": report["tool"]["version"],
                        "rules": [_rule_descriptor(rule) for rule in rules],
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not notifications,
                        "toolExecutionNotifications": notifications,
                        "endTimeUtc": report["scanned_at"],
                    }
                ],
                "results": [
                    _result(f, index[f["rule"]], tables.get((f["file"], f.get("sheet"))), baseline_applied)
                    for f in report["findings"]
                ]
                + [
                    _possible_result(entry, column, item) for entry, column, item in possible_readings(report)
                ],
                "columnKind": "unicodeCodePoints",
                "properties": {"summary": report["summary"]},
            }
        ],
    }


def render(report: Mapping, policy: Policy) -> str:
    """The SARIF log as JSON text."""
    return json.dumps(render_document(report, policy), indent=2, ensure_ascii=False) + "\n"
