"""A short Markdown summary for a pull-request comment: the verdict, counts, the findings table.

It shows no examples at all (not even masked ones) and escapes every name taken from the data, so a
column header cannot inject Markdown or HTML into the comment. Long lists are cut at MAX_FINDINGS rows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rules.policy import Policy
from scanner.i18n import report_language, translator
from scanner.reports.describe import (
    POSSIBLE_NOTE,
    SAMPLED_COUNTS,
    fired_rules,
    incomplete_summary,
    possible_readings,
    possible_reason,
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
    _ = translator(report_language(report))
    summary = report["summary"]
    findings = report["findings"]
    counts = ", ".join(f"{count} {_(level)}" for level, count in severity_counts(report) if count) or _(
        "none"
    )
    lines = [_("### ccscan: {count} finding(s) ({counts})", count=len(findings), counts=counts), ""]
    incomplete = incomplete_summary(report, _)
    if incomplete:
        lines += [
            _("> **{incomplete}**: the findings cover only what was read.", incomplete=escape(incomplete)),
            "",
        ]
    lines += [
        f"**{escape(verdict(report))}.**",
        "",
        _(
            "Scanned {files} file(s), {tables} table(s), {rows} rows; {personal} of {columns} columns hold "
            "personal data.",
            files=summary["files"],
            tables=summary["tables"],
            rows=summary["rows"],
            personal=summary["columns_with_personal_data"],
            columns=summary["columns"],
        ),
    ]
    sampled = sampled_tables(report)
    if sampled:
        sample = report["config"]["sample"]
        lines += [
            "",
            _("Sampled with `--sample {sample}` ({note}):", sample=sample, note=escape(_(SAMPLED_COUNTS))),
        ]
        lines += [f"- {escape(table_label(entry))}: {escape(sample_line(entry, _))}" for entry in sampled]
    unreadable = [(entry, error) for entry in report["files"] for error in entry["errors"]]
    if unreadable:
        lines += ["", _("{count} input(s) could not be read:", count=len(unreadable))]
        lines += [f"- {escape(table_label(entry))}: {escape(error)}" for entry, error in unreadable]
    unread = unscanned(report)
    if unread:
        lines += ["", _("Data not scanned:")]
        lines += [f"- {escape(table_label(entry))}: {escape(entry['reason'])}" for entry in unread]
    baseline = report.get("baseline")
    if baseline:
        lines += [
            "",
            _(
                "Baseline `{file}`: {known} known finding(s) left out, {stale} stale entr(y/ies).",
                file=escape(baseline["file"]),
                known=baseline["known"],
                stale=len(baseline["stale"]),
            ),
        ]
    if findings:
        header = (
            _("severity"),
            _("rule"),
            _("table"),
            _("column"),
            _("category"),
            _("cells"),
            _("first row"),
        )
        lines += ["", "| " + " | ".join(header) + " |"]
        lines += ["|---|---|---|---|---|---:|---:|"]
        for finding in findings[:MAX_FINDINGS]:
            lines.append(
                f"| {_(finding['severity'])} | {escape(finding['rule'])} | {escape(table_label(finding))} | "
                f"{escape(finding.get('column', ''))} | {escape(finding.get('category', ''))} | "
                f"{finding['count']} ({finding['share']:.0%}) | {finding.get('first_row', '')} |"
            )
        if len(findings) > MAX_FINDINGS:
            more = len(findings) - MAX_FINDINGS
            lines += ["", _("… and {count} more finding(s) in the full report.", count=more)]
        lines += ["", f"<details><summary>{_('What to do')}</summary>", ""]
        for rule in fired_rules(report, policy, report_language(report)):
            lines.append(f"- **{escape(rule.id)}** {escape(rule.title)}. {escape(rule.remediation)}")
        lines += ["", "</details>"]
    possible = possible_readings(report)
    if possible:
        summary = _("Possible: {count} reading(s), not findings", count=len(possible))
        lines += ["", f"<details><summary>{escape(summary)}</summary>", ""]
        lines += [f"_{escape(_(POSSIBLE_NOTE))}._", ""]
        header = (_("table"), _("column"), _("type"), _("cells"), _("reason"))
        lines += ["| " + " | ".join(header) + " |", "|---|---|---|---:|---|"]
        for entry, column, item in possible[:MAX_FINDINGS]:
            lines.append(
                f"| {escape(table_label(entry))} | {escape(column['name'])} | {escape(item['type'])} | "
                f"{item['count']} | {escape(possible_reason(item['reason'], _))} |"
            )
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"
