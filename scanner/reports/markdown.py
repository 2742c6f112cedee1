"""A short Markdown summary for a pull-request comment: the verdict, counts, the findings table.

It shows no examples at all (not even masked ones) and escapes every name taken from the data, so a
column header cannot inject Markdown or HTML into the comment. Long lists are cut at MAX_FINDINGS rows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rules.policy import Policy
from scanner.reports.describe import (
    SAMPLED_COUNTS,
    fired_rules,
    incomplete_summary,
    sample_line,
    sampled_tables,
    severity_counts,
    table_label,
    unscanned,
    verdict,
)

MAX_FINDINGS = 50
_SPECIAL = re.compile(r"([\\`*_\[\]|~#>])")


def escape(text: object) -> str:
    """Plain text for a Markdown table cell: special characters backslash-escaped, HTML neutralised."""
    value = str(text).replace("&", "&amp;").replace("<", "&lt;").replace("\r", " ").replace("\n", " ")
    return _SPECIAL.sub(r"\\\1", value)


def render(report: Mapping, policy: Policy) -> str:
    summary = report["summary"]
    findings = report["findings"]
    counts = ", ".join(f"{count} {level}" for level, count in severity_counts(report) if count) or "none"
    lines = [f"### ccscan: {len(findings)} finding(s) ({counts})", ""]
    incomplete = incomplete_summary(report)
    if incomplete:
        lines += [f"> **{escape(incomplete)}**: the findings cover only what was read.", ""]
    lines += [
        f"**{escape(verdict(report))}.**",
        "",
        f"Scanned {summary['files']} file(s), {summary['tables']} table(s), {summary['rows']} rows; "
        f"{summary['columns_with_personal_data']} of {summary['columns']} columns hold personal data.",
    ]
    sampled = sampled_tables(report)
    if sampled:
        lines += ["", f"Sampled with `--sample {report['config']['sample']}` ({escape(SAMPLED_COUNTS)}):"]
        lines += [f"- {escape(table_label(entry))}: {escape(sample_line(entry))}" for entry in sampled]
    unreadable = [(entry, error) for entry in report["files"] for error in entry["errors"]]
    if unreadable:
        lines += ["", f"{len(unreadable)} input(s) could not be read:"]
        lines += [f"- {escape(table_label(entry))}: {escape(error)}" for entry, error in unreadable]
    unread = unscanned(report)
    if unread:
        lines += ["", "Data not scanned:"]
        lines += [f"- {escape(table_label(entry))}: {escape(entry['reason'])}" for entry in unread]
    baseline = report.get("baseline")
    if baseline:
        lines += [
            "",
            f"Baseline `{escape(baseline['file'])}`: {baseline['known']} known finding(s) left out, "
            f"{len(baseline['stale'])} stale entr(y/ies).",
        ]
    if findings:
        lines += ["", "| severity | rule | table | column | category | cells | first row |"]
        lines += ["|---|---|---|---|---|---:|---:|"]
        for finding in findings[:MAX_FINDINGS]:
            lines.append(
                f"| {finding['severity']} | {escape(finding['rule'])} | {escape(table_label(finding))} | "
                f"{escape(finding.get('column', ''))} | {escape(finding.get('category', ''))} | "
                f"{finding['count']} ({finding['share']:.0%}) | {finding.get('first_row', '')} |"
            )
        if len(findings) > MAX_FINDINGS:
            lines += ["", f"… and {len(findings) - MAX_FINDINGS} more finding(s) in the full report."]
        lines += ["", "<details><summary>What to do</summary>", ""]
        for rule in fired_rules(report, policy):
            lines.append(f"- **{escape(rule.id)}** {escape(rule.title)}. {escape(rule.remediation)}")
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"
