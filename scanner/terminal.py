"""What the terminal shows: a progress bar while scanning and a summary table at the end.

Both go to stderr so that stdout stays free for piping; neither ever shows a found value.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TextIO

import click
from tqdm import tqdm

from rules.policy import Policy, load_policy
from rules.severity import severity_rank
from scanner.exit_codes import EXIT_CLEAN, exit_code
from scanner.i18n import report_language, translator
from scanner.reports.describe import (
    SAMPLED_COUNTS,
    incomplete_summary,
    possible_line,
    rule_summary,
    sample_line,
    sampled_tables,
    severity_counts,
    table_label,
)


class ScanProgress:
    """Two tqdm bars of input bytes, overall and for the file being read: percent, MB read of total,
    MB/s and ETA from tqdm, rows and rows/s beside them; silent when `enabled` is False."""

    def __init__(self, enabled: bool, total_bytes: int, out: TextIO | None = None) -> None:
        bar = {
            "unit": "B",
            "unit_scale": True,
            "unit_divisor": 1000,
            "disable": not enabled,
            "leave": False,
            "bar_format": "{desc}: {percentage:3.0f}%|{bar}| {n_fmt}B/{total_fmt}B "
            "[{elapsed}<{remaining}, {rate_fmt}{postfix}]",
        }
        out = out or sys.stderr
        # total=None when there is nothing to count: tqdm then shows no bogus 0/0 percentage
        self.overall = tqdm(total=total_bytes or None, desc="all files", file=out, position=0, **bar)
        self.file = tqdm(total=None, desc="", file=out, position=1, **bar)
        self.rows = self.file_rows = 0
        self.started = self.file_started = time.monotonic()

    def start_file(self, location: str, size: int) -> None:
        """A new file: its own bar restarts at zero of its size."""
        self.file.reset(total=size or None)
        self.file.set_description_str(_short(location), refresh=False)
        self.file_rows, self.file_started = 0, time.monotonic()

    def __call__(self, rows: int, size: int) -> None:
        self.rows += rows
        self.file_rows += rows
        now = time.monotonic()
        self.overall.set_postfix_str(_rows_text(self.rows, now - self.started), refresh=False)
        self.file.set_postfix_str(_rows_text(self.file_rows, now - self.file_started), refresh=False)
        # update() redraws, at most every mininterval: after the postfix, so the line is current
        self.file.update(size)
        self.overall.update(size)

    def close(self) -> None:
        self.file.close()
        self.overall.close()


def _rows_text(rows: int, seconds: float) -> str:
    """`52.1k rows, 24.3k rows/s`."""
    rate = rows / seconds if seconds > 0 else 0.0
    return f"{_count(rows)} rows, {_count(rate)} rows/s"


def _count(number: float) -> str:
    """`950`, `52.1k`, `1.20M`: whole below a thousand (tqdm would print `5.00`)."""
    return f"{number:.0f}" if number < 1000 else tqdm.format_sizeof(number, divisor=1000)


def _short(location: str, width: int = 28) -> str:
    """The end of a long path, which names the file: `…ports/2025/calls-2025-03.csv`."""
    return location if len(location) <= width else "…" + location[-(width - 1) :]


SEVERITY_COLOURS = {"critical": "magenta", "high": "red", "medium": "yellow", "low": "cyan", "info": "white"}


def use_colour(out: TextIO, no_color: bool = False) -> bool:
    """Colour only on a terminal, and never when --no-color is given or NO_COLOR is set (no-color.org)."""
    if no_color or os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


@dataclass(frozen=True)
class RuleRow:
    """One line of the summary: what one rule found over the whole scan."""

    rule: str
    title: str
    severity: str  # the worst of its findings (a retention rule may escalate)
    tables: int
    columns: int
    count: int  # cells for a protection rule, rows for a retention rule


def rule_rows(report: Mapping, policy: Policy) -> list[RuleRow]:
    """The report's findings grouped by rule, most severe first, then most cells/rows, then by id; the
    titles in the report's language."""
    grouped: dict[str, list[Mapping]] = {}
    for finding in report["findings"]:
        grouped.setdefault(finding["rule"], []).append(finding)
    rows = []
    for rule_id, findings in grouped.items():
        rows.append(
            RuleRow(
                rule=rule_id,
                title=rule_summary(policy, rule_id, report_language(report)).title,
                severity=max((f["severity"] for f in findings), key=severity_rank),
                tables=len({(f["file"], f.get("sheet")) for f in findings}),
                columns=len({(f["file"], f.get("sheet"), f["column"]) for f in findings}),
                count=sum(f["count"] for f in findings),
            )
        )
    return sorted(rows, key=lambda row: (-severity_rank(row.severity), -row.count, row.rule))


def scan_fails(report: Mapping) -> bool:
    """As the exit code decides: an incomplete scan (unless --allow-incomplete), or a finding at or
    above --fail-on."""
    return exit_code(report) != EXIT_CLEAN


def verdict_line(report: Mapping) -> str:
    """`3 high, 5 medium: fails --fail-on high`; unreadable tables, or else an incomplete scan, are
    named before the verdict, which they decide too."""
    _ = translator(report_language(report))
    counts = ", ".join(f"{count} {_(level)}" for level, count in severity_counts(report) if count)
    unreadable = sum(1 for entry in report["files"] if entry["errors"])
    if unreadable:
        counts = _(
            "{counts}; {count} table(s) could not be read",
            counts=counts or _("no findings"),
            count=unreadable,
        )
    elif not report.get("complete", True):
        counts = f"{counts or _('no findings')}; {incomplete_summary(report, _)}"
    level = report["config"]["fail_on"]
    if scan_fails(report):
        return _("{counts}: fails --fail-on {level}", counts=counts or _("no findings"), level=level)
    return _("{counts}: passes --fail-on {level}", counts=counts or _("no findings"), level=level)


def _table(rows: list[tuple[str, ...]], severities: list[str | None], out: TextIO, colour: bool) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for index, (row, severity) in enumerate(zip(rows, severities)):
        cells = [
            cell.rjust(width) if index and cell.isdigit() else cell.ljust(width)
            for cell, width in zip(row, widths)
        ]
        if severity:  # styled after padding, so that escape codes do not upset the widths
            cells[2] = click.style(
                cells[2], fg=SEVERITY_COLOURS.get(severity), bold=severity_rank(severity) >= 3
            )
        line = "  " + "  ".join(cells)
        click.echo(
            click.style(line.rstrip(), bold=True) if index == 0 else line.rstrip(), file=out, color=colour
        )
        if index == 0:
            click.echo("  " + "  ".join("-" * width for width in widths), file=out, color=colour)


def incomplete_line(report: dict) -> str:
    """`ccscan: incomplete scan: 2 input(s) or table(s) not read in full ...; exit 2 ...`, in the
    report's language."""
    _ = translator(report_language(report))
    consequence = (
        _("allowed by --allow-incomplete")
        if report["config"].get("allow_incomplete")
        else _("exit 2 (--allow-incomplete to exit by the findings)")
    )
    return _(
        "ccscan: {incomplete} (see 'incomplete' in the report); {consequence}",
        incomplete=incomplete_summary(report, _),
        consequence=consequence,
    )


def print_summary(
    report: dict, report_paths: list[str], out: TextIO, policy: Policy | None = None, colour: bool = False
) -> None:
    """The verdict, the scan's size, what each rule found (most severe first), whether the scan is
    incomplete, and where the reports went, in the report's language (`--lang`)."""
    _ = translator(report_language(report))
    policy = policy or load_policy(())
    summary = report["summary"]
    sampled = sampled_tables(report)
    scanned = _(" ({count} scanned)", count=summary["rows_scanned"]) if sampled else ""
    click.echo("", file=out)
    colour_of_verdict = "red" if scan_fails(report) else "green"
    click.echo(click.style(verdict_line(report), fg=colour_of_verdict, bold=True), file=out, color=colour)
    click.echo(
        _(
            "ccscan: {files} file(s), {tables} table(s), {rows} rows{scanned}, {columns} columns, "
            "{personal} with personal data",
            files=summary["files"],
            tables=summary["tables"],
            rows=summary["rows"],
            scanned=scanned,
            columns=summary["columns"],
            personal=summary["columns_with_personal_data"],
        ),
        file=out,
    )
    for entry in report["files"]:
        for error in entry["errors"]:
            line = _("  error: {path}: {error}", path=entry["path"], error=error)
            click.echo(click.style(line, fg="red"), file=out, color=colour)
        for warning in entry["warnings"]:
            click.echo(_("  warning: {path}: {warning}", path=entry["path"], warning=warning), file=out)
    for entry in sampled:
        click.echo(f"  {table_label(entry)}: {sample_line(entry, _)}", file=out)
    grouped = rule_rows(report, policy)
    if grouped:
        rows = [(_("rule"), _("title"), _("severity"), _("tables"), _("columns"), _("cells/rows"))]
        rows += [
            (row.rule, row.title, _(row.severity), str(row.tables), str(row.columns), str(row.count))
            for row in grouped
        ]
        click.echo("", file=out)
        _table(rows, [None] + [row.severity for row in grouped], out, colour)
        if sampled:
            click.echo(f"  ({_(SAMPLED_COUNTS)})", file=out)
    baseline = report.get("baseline")
    click.echo("", file=out)
    if baseline:
        click.echo(
            _(
                "baseline: {known} known finding(s) left out, {stale} stale entr(y/ies) in {file}",
                known=baseline["known"],
                stale=len(baseline["stale"]),
                file=baseline["file"],
            ),
            file=out,
        )
    if not report.get("complete", True):
        click.echo(click.style(incomplete_line(report), fg="red"), file=out, color=colour)
    for path in report_paths:
        click.echo(_("report: {path}", path=path), file=out)


def print_explanation(report: dict, out: TextIO) -> None:
    """Why each entity was reported: per column, the patterns, checks and context words behind the scores."""
    for entry in report["files"]:
        location = entry["path"] + (f" [{entry['sheet']}]" if "sheet" in entry else "")
        for column in entry["columns"]:
            for entity in column["entities"]:
                click.echo(
                    f"{location} :: {column['name']} :: {entity['type']} ({entity['category']}) "
                    f"{entity['count']} cell(s), score max {entity['max_score']:.2f} mean {entity['mean_score']:.2f}",
                    file=out,
                )
                for reason in entity["reasons"]:
                    click.echo(f"    {reason['count']:>8}  {reason['reason']}", file=out)
                for flag, count in entity["flags"].items():
                    click.echo(f"    {count:>8}  flag: {flag}", file=out)
            protection = column.get("protection")
            if column["entities"] and protection:
                click.echo(f"{location} :: {column['name']} :: protection: {protection['wording']}", file=out)
            for item in column.get("possible", ()):
                click.echo(f"{location} :: {column['name']} :: possible {possible_line(item)}", file=out)
            for suppressed in column.get("suppressed", ()):
                click.echo(
                    f"{location} :: {column['name']} :: {suppressed['type']} {suppressed['count']} cell(s) "
                    f"set aside: {suppressed['reason']}",
                    file=out,
                )
