"""What the terminal shows: a progress bar while scanning and a summary table at the end.

Both go to stderr so that stdout stays free for piping; neither ever shows a found value.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

import click
from tqdm import tqdm

from rules.severity import SEVERITIES
from scanner.reports.describe import (
    SAMPLED_COUNTS,
    incomplete_summary,
    sample_line,
    sampled_tables,
    table_label,
)


class ScanProgress:
    """A tqdm bar counting rows, with MB/s of input finished; silent when `enabled` is False."""

    def __init__(self, enabled: bool, total_bytes: int) -> None:
        self.bar = tqdm(
            total=None, unit=" rows", unit_scale=True, disable=not enabled, file=sys.stderr, leave=False
        )
        self.total_bytes = total_bytes
        self.bytes_done = 0
        self.started = time.monotonic()

    def __call__(self, rows: int, size: int) -> None:
        self.bytes_done += size
        if rows:
            self.bar.update(rows)
        elapsed = max(time.monotonic() - self.started, 1e-9)
        self.bar.set_postfix_str(
            f"{self.bytes_done / 1e6:.1f}/{self.total_bytes / 1e6:.1f} MB, {self.bytes_done / 1e6 / elapsed:.1f} MB/s",
            refresh=False,
        )

    def close(self) -> None:
        self.bar.close()


def _table(rows: list[tuple[str, ...]], out: TextIO) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for index, row in enumerate(rows):
        click.echo("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip(), file=out)
        if index == 0:
            click.echo("  " + "  ".join("-" * width for width in widths), file=out)


def incomplete_line(report: dict) -> str:
    """`ccscan: incomplete scan: 2 input(s) or table(s) not read in full; exit 2 ...` (the scan is incomplete)."""
    consequence = (
        "allowed by --allow-incomplete"
        if report["config"].get("allow_incomplete")
        else "exit 2 (--allow-incomplete to exit by the findings)"
    )
    return f"ccscan: {incomplete_summary(report)} (see 'incomplete' in the report); {consequence}"


def print_summary(report: dict, report_paths: list[str], out: TextIO) -> None:
    """Files, personal-data columns by category, findings by severity, and where the report went."""
    summary = report["summary"]
    sampled = sampled_tables(report)
    scanned = f" ({summary['rows_scanned']} scanned)" if sampled else ""
    click.echo("", file=out)
    click.echo(
        f"ccscan: {summary['files']} file(s), {summary['tables']} table(s), {summary['rows']} rows{scanned}, "
        f"{summary['columns']} columns, {summary['columns_with_personal_data']} with personal data",
        file=out,
    )
    for entry in report["files"]:
        for error in entry["errors"]:
            click.echo(f"  error: {entry['path']}: {error}", file=out)
        for warning in entry["warnings"]:
            click.echo(f"  warning: {entry['path']}: {warning}", file=out)
    for entry in sampled:
        click.echo(f"  {table_label(entry)}: {sample_line(entry)}", file=out)
    rows = [("file", "column", "category", "cells", "share", "severity")]
    for finding in report["findings"]:
        location = finding["file"] + (f" [{finding['sheet']}]" if "sheet" in finding else "")
        rows.append(
            # retention findings have no category: they count overdue rows, named by their rule
            (
                location,
                finding["column"],
                finding.get("category", finding["rule"]),
                str(finding["count"]),
                f"{finding['share']:.0%}",
                finding["severity"],
            )
        )
    if len(rows) > 1:
        click.echo("", file=out)
        _table(rows, out)
        if sampled:
            click.echo(f"  ({SAMPLED_COUNTS})", file=out)
    counts = summary["findings_by_severity"]
    click.echo("", file=out)
    click.echo(
        "findings: " + ", ".join(f"{counts.get(level, 0)} {level}" for level in reversed(SEVERITIES)),
        file=out,
    )
    baseline = report.get("baseline")
    if baseline:
        click.echo(
            f"baseline: {baseline['known']} known finding(s) left out, {len(baseline['stale'])} stale entr(y/ies) "
            f"in {baseline['file']}",
            file=out,
        )
    if not report["complete"]:
        click.echo(incomplete_line(report), file=out)
    for path in report_paths:
        click.echo(f"report: {path}", file=out)


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
            for suppressed in column.get("suppressed", ()):
                click.echo(
                    f"{location} :: {column['name']} :: {suppressed['type']} {suppressed['count']} cell(s) "
                    f"set aside: {suppressed['reason']}",
                    file=out,
                )
