"""The `ccscan` command line.

Exit codes: 0 no finding at or above --fail-on; 1 at least one; 2 usage or input error (a path that does
not exist, or a file that could not be read — the other files are still scanned and reported);
130 interrupted.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from rules.severity import SEVERITIES, severity_rank

EXIT_CLEAN, EXIT_FINDINGS, EXIT_INPUT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130
DEFAULT_REPORT = "ccscan-report.json"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ccscan", prog_name="ccscan")
def main() -> None:
    """Find personal data in contact-center exports (Nordic IDs, phones, emails, cards, accounts)."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path(DEFAULT_REPORT), show_default=True,
              help="Where to write the JSON report.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default="high", show_default=True,
              help="Exit 1 when a finding is at or above this severity.")
@click.option("--include", multiple=True, help="Glob of files to scan inside folders (repeatable).")
@click.option("--exclude", multiple=True, help="Glob of files to skip inside folders (repeatable).")
@click.option("--threshold", type=click.FloatRange(0, 1), default=None,
              help="Minimum score for a match to count [default: 0.5].")
@click.option("--batch-rows", type=click.IntRange(min=1), default=None, help="Rows per batch [default: 50000].")
@click.option("--nlp-model", metavar="NAME_OR_PATH", default=None,
              help="Use an installed spaCy model (for its NER) instead of the blank pipeline. Never downloads.")
@click.option("--show-values", is_flag=True, help="Show raw found values in the report instead of masked ones.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes scanning batches in parallel.")
@click.option("--engine", type=click.Choice(["fast", "reference"]), default="fast", show_default=True,
              help="fast: candidate cells only, distinct values once; reference: Presidio on every cell.")
@click.option("--explain", is_flag=True, help="Print why each entity got its score (patterns, checks, context).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
def scan(
    paths: tuple[Path, ...], output: Path, fail_on: str, include: tuple[str, ...], exclude: tuple[str, ...],
    threshold: float | None, batch_rows: int | None, nlp_model: str | None, show_values: bool, workers: int, engine: str, explain: bool,
    quiet: bool,
) -> None:
    """Scan files and folders (CSV, Parquet, JSON, NDJSON, Excel, .gz, .zip) and write a report."""
    from scanner.run import ScanRequest, run_scan  # heavy imports only when scanning

    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        click.echo(f"ccscan: error: {missing[0]}: no such file or folder", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    request = ScanRequest(
        paths=paths, include=include, exclude=exclude, threshold=threshold, batch_rows=batch_rows,
        nlp_model=nlp_model, show_values=show_values, fail_on=fail_on, workers=workers, engine=engine,
    )
    try:
        report = run_scan(request, progress=not quiet and sys.stderr.isatty())
    except KeyboardInterrupt:
        click.echo("ccscan: interrupted; no report written", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except ValueError as error:
        click.echo(f"ccscan: error: {error}", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    from scanner.report import write_report
    from scanner.terminal import print_explanation, print_summary

    try:
        write_report(report, output)
    except OSError as error:
        click.echo(f"ccscan: error: {output}: cannot write the report ({error.strerror or error})", err=True)
        sys.exit(EXIT_INPUT_ERROR)
    if explain:
        print_explanation(report, sys.stdout)
    if not quiet:
        print_summary(report, [str(output)], sys.stderr)
    sys.exit(exit_code(report, fail_on))


def exit_code(report: dict, fail_on: str) -> int:
    """2 if any input could not be read, else 1 if a finding reaches `fail_on`, else 0."""
    if any(entry["errors"] for entry in report["files"]):
        return EXIT_INPUT_ERROR
    threshold = severity_rank(fail_on)
    if any(severity_rank(finding["severity"]) >= threshold for finding in report["findings"]):
        return EXIT_FINDINGS
    return EXIT_CLEAN
