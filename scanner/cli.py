"""The `ccscan` command line.

Exit codes and the rule that picks one: scanner/exit_codes.py (an incomplete scan exits 2 unless
--allow-incomplete).
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from rules.policy import Policy
from rules.severity import SEVERITIES
from scanner import interrupt
from scanner.errors import USER_ERRORS, InputError, UsageError
from scanner.exit_codes import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_INPUT_ERROR,
    EXIT_INTERNAL_ERROR,
    EXIT_INTERRUPTED,
    exit_code,
)
from scanner.i18n import lang_option
from scanner.reports import FORMATS
from scanner.rules_command import rules

if TYPE_CHECKING:
    from scanner.readers.database import DatabaseOptions

DEFAULT_BASELINE = ".ccscan-baseline.json"
# `ccscan scan --demo`: the package's own copy of the checkout's samples/
SAMPLES = Path(__file__).parent / "samples"


def _load_config(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """Eager: make the config file's settings the defaults of the other options (below env and CLI)."""
    from scanner.config import ConfigError, find_config, load_config

    try:
        path = value or find_config(Path.cwd())
        if path is not None:
            ctx.default_map = {**(ctx.default_map or {}), **load_config(path)}
    except ConfigError as error:
        raise click.BadParameter(str(error), ctx=ctx, param=param) from None
    return path


class _Commands(click.Group):
    """How every command ends when it does not end well, in one line on standard error:
    - Ctrl-C anywhere (imports, scan, writing a report) exits 130; the report writer has already
      removed its temp file, so no partial report is left;
    - an error the user must fix (scanner/errors.py) exits 2 with its message;
    - anything else is a bug: exits 70 naming only the exception's class (its message could quote a
      cell), with the traceback when `--debug` is given."""

    def invoke(self, ctx: click.Context) -> object:
        with interrupt.handled():
            return self._invoke(ctx)

    def _invoke(self, ctx: click.Context) -> object:
        try:
            result = super().invoke(ctx)
            interrupt.raise_if_interrupted()  # swallowed by a finaliser on its way (scanner/interrupt.py)
            return result
        except KeyboardInterrupt:
            click.echo("ccscan: interrupted; no report written", err=True)
            _exit_interrupted()
            ctx.exit(EXIT_INTERRUPTED)
        except USER_ERRORS as error:
            click.echo(f"ccscan: error: {error}", err=True)
            ctx.exit(EXIT_INPUT_ERROR)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as error:  # noqa: BLE001 - any other exception is a bug, said in one line
            if ctx.params.get("debug"):
                traceback.print_exc()
            hint = "" if ctx.params.get("debug") else "; run with --debug for the traceback"
            click.echo(
                f"ccscan: internal error ({error.__class__.__name__}), a bug in ccscan{hint}", err=True
            )
            ctx.exit(EXIT_INTERNAL_ERROR)


def _exit_interrupted() -> None:
    """Exit 130; at once (os._exit, cleanup done) when worker processes were stopped mid-batch, whose
    pool cannot be joined safely (scanner/workers.py must_exit_now)."""
    workers = sys.modules.get("scanner.workers")
    if workers is not None and workers.must_exit_now():
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(EXIT_INTERRUPTED)


# What `scan` and `find` both read, and how: the files, tables and columns to read, batches, and how a
# database is read. One list, so that the two commands never drift apart.
SOURCE_OPTIONS = (
    click.option(
        "--include",
        multiple=True,
        envvar="CCSCAN_INCLUDE",
        help="Glob of files to read inside folders; of a database, of schema.table or table.column "
        "(repeatable).",
    ),
    click.option(
        "--exclude",
        multiple=True,
        envvar="CCSCAN_EXCLUDE",
        help="Glob of files and folders to skip, ignored paths; of a database, schema.table or table.column "
        "(repeatable).",
    ),
    click.option(
        "--batch-rows", type=click.IntRange(min=1), default=None, help="Rows per batch [default: 50000]."
    ),
    click.option(
        "--schema",
        "schemas",
        multiple=True,
        metavar="NAME",
        help="Database schema to read (repeatable) [default: every schema but the system ones].",
    ),
    click.option("--views", is_flag=True, help="Read a database's views too, not only its tables."),
    click.option(
        "--password-stdin",
        is_flag=True,
        help="Read the database password from the first line of standard input (else PGPASSWORD, ~/.pgpass).",
    ),
    click.option(
        "--statement-timeout",
        type=click.IntRange(min=1),
        default=60,
        show_default=True,
        metavar="SECONDS",
        help="Longest a database may take to give one batch; a slower table is reported, not waited for.",
    ),
)


def source_options(command: Callable) -> Callable:
    """Apply SOURCE_OPTIONS to a command, in their order in its help."""
    for option in reversed(SOURCE_OPTIONS):
        command = option(command)
    return command


def split_databases(paths: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(databases, the other paths): database URLs and SQLite files given by path (by their magic bytes)."""
    from scanner.readers.database import is_database_url, is_sqlite_file

    databases = tuple(path for path in paths if is_database_url(path) or is_sqlite_file(path))
    return databases, tuple(path for path in paths if path not in databases)


def database_options(
    schemas: tuple[str, ...], views: bool, password_stdin: bool, statement_timeout: int
) -> DatabaseOptions:
    """How databases are read, from the shared options; the password is read here, never echoed."""
    from scanner.readers.database import DatabaseOptions

    return DatabaseOptions(
        schemas=schemas,
        views=views,
        password=sys.stdin.readline().rstrip("\r\n") if password_stdin else None,
        statement_timeout_s=statement_timeout,
    )


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="ccscan", prog_name="ccscan")
@click.option(
    "--debug",
    is_flag=True,
    envvar="CCSCAN_DEBUG",
    help="On an internal error, print the traceback (it may quote scanned values).",
)
def main(debug: bool) -> None:
    """Find personal data in contact-center exports (Nordic IDs, phones, emails, cards, accounts)."""


@main.command()
@click.argument("paths", nargs=-1)
@click.option(
    "--demo",
    is_flag=True,
    help="Scan the two synthetic sample exports that ship with ccscan (fake people, valid check digits).",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    envvar="CCSCAN_CONFIG",
    is_eager=True,
    expose_value=True,
    callback=_load_config,
    help="Config file [default: ./ccscan.toml, else [tool.ccscan] in ./pyproject.toml].",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, allow_dash=True),
    default=None,
    help="Report file, '-' for standard output [default: ccscan-report.<format extension>].",
)
@click.option(
    "--format",
    "formats",
    type=click.Choice(FORMATS),
    multiple=True,
    envvar="CCSCAN_FORMAT",
    help="Report format: json (default), html, sarif, markdown (repeatable).",
)
@click.option(
    "--output-dir",
    type=click.Path(path_type=Path, file_okay=False),
    envvar="CCSCAN_OUTPUT_DIR",
    help="Write every format into this folder.",
)
@click.option(
    "--baseline",
    type=click.Path(path_type=Path, dir_okay=False),
    envvar="CCSCAN_BASELINE",
    help="Report only findings not in this baseline (see 'ccscan baseline create').",
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default="high",
    show_default=True,
    envvar="CCSCAN_FAIL_ON",
    help="Exit 1 when a finding is at or above this severity.",
)
@click.option(
    "--allow-incomplete",
    is_flag=True,
    envvar="CCSCAN_ALLOW_INCOMPLETE",
    help="Exit 0/1 by the findings also when the scan is incomplete (something could not be read, or "
    "was cut by a limit) [default: exit 2].",
)
@source_options
@click.option(
    "--ignore-column",
    multiple=True,
    metavar="[FILE_GLOB=]COLUMN",
    envvar="CCSCAN_IGNORE_COLUMN",
    help="Do not scan this column (glob) in matching files (repeatable).",
)
@click.option(
    "--allow-value",
    multiple=True,
    metavar="REGEX",
    envvar="CCSCAN_ALLOW_VALUE",
    help="A found value matching this regex entirely is not counted, e.g. your switchboard (repeatable).",
)
@click.option(
    "--disable-rule",
    multiple=True,
    metavar="RULE_ID",
    envvar="CCSCAN_DISABLE_RULE",
    help="Turn a rule off (repeatable).",
)
@click.option(
    "--severity",
    multiple=True,
    metavar="RULE_ID=LEVEL",
    envvar="CCSCAN_SEVERITY",
    help="Override a rule's severity (repeatable).",
)
@click.option(
    "--policy",
    "policies",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Policy file laid over the default rules: changes or adds rules (repeatable; see 'ccscan rules').",
)
@click.option(
    "--recognizers",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    metavar="FILE",
    help="Recognizer registry laid over the default one: turn recognizers off or add your own classes "
    "(see 'Adding a recognizer' in the README).",
)
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    metavar="YYYY-MM-DD",
    help="The day retention ages are counted to [default: today].",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 1),
    default=None,
    envvar="CCSCAN_THRESHOLD",
    help="Minimum score for a match to count [default: 0.5].",
)
@click.option(
    "--sample",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    envvar="CCSCAN_SAMPLE",
    help="Scan only about N rows of each table, in blocks spread over the whole table (every row is "
    "still read and counted) [default: every row].",
)
@click.option(
    "--nlp-model",
    metavar="NAME_OR_PATH",
    default=None,
    help="Use an installed spaCy model (for its NER) instead of the blank pipeline. Never downloads.",
)
@click.option(
    "--show-values", is_flag=True, help="Show raw found values in the report instead of masked ones."
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes scanning batches in parallel.",
)
@click.option(
    "--engine",
    type=click.Choice(["vectorised", "fast", "reference", "spark"]),
    default="vectorised",
    show_default=True,
    help="vectorised: candidate cells only, distinct values once, every compiled recognizer's checks and "
    "context in polars (the rest in Python); fast: the same, every value in Python; reference: Presidio on "
    "every cell; "
    "spark: the vectorised engine in Spark tasks, which also read URIs (pip install 'ccscan[spark]').",
)
@click.option(
    "--spark-master",
    envvar="SPARK_MASTER",
    metavar="URL",
    default=None,
    help="Spark master for --engine spark (local[4], yarn, spark://host:7077) [default: an active "
    "session, else spark-defaults.conf, else local[*]].",
)
@click.option(
    "--max-cell-chars",
    type=click.IntRange(min=1),
    default=None,
    envvar="CCSCAN_MAX_CELL_CHARS",
    help="Scan longer cells only up to this length, with a warning [default: 1000000].",
)
@click.option(
    "--max-columns",
    type=click.IntRange(min=1),
    default=None,
    envvar="CCSCAN_MAX_COLUMNS",
    help="Scan only this many columns of a table, with a warning [default: 1000].",
)
@click.option(
    "--max-decompressed-mb",
    type=click.IntRange(min=1),
    default=None,
    envvar="CCSCAN_MAX_DECOMPRESSED_MB",
    help="Refuse a .gz/.zip/.xlsx stream that unpacks to more [default: 10240].",
)
@click.option(
    "--max-compression-ratio",
    type=click.IntRange(min=1),
    default=None,
    envvar="CCSCAN_MAX_COMPRESSION_RATIO",
    help="Refuse a stream unpacking past 64 MB at a higher ratio: a decompression bomb [default: 100].",
)
@lang_option("Language of the HTML and Markdown reports and of the summary (JSON and SARIF stay English).")
@click.option(
    "--explain", is_flag=True, help="Print why each entity got its score (patterns, checks, context)."
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
@click.option(
    "--no-color",
    is_flag=True,
    help="No colour in the summary (also when NO_COLOR is set; never colour when piped).",
)
def scan(
    paths: tuple[str, ...],
    demo: bool,
    config_file: Path | None,
    output: Path | None,
    formats: tuple[str, ...],
    output_dir: Path | None,
    baseline: Path | None,
    fail_on: str,
    allow_incomplete: bool,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    ignore_column: tuple[str, ...],
    allow_value: tuple[str, ...],
    disable_rule: tuple[str, ...],
    severity: tuple[str, ...],
    policies: tuple[Path, ...],
    recognizers: Path | None,
    as_of: datetime | None,
    threshold: float | None,
    batch_rows: int | None,
    sample: int | None,
    nlp_model: str | None,
    show_values: bool,
    workers: int,
    engine: str,
    spark_master: str | None,
    max_cell_chars: int | None,
    max_columns: int | None,
    max_decompressed_mb: int | None,
    max_compression_ratio: int | None,
    schemas: tuple[str, ...],
    views: bool,
    password_stdin: bool,
    statement_timeout: int,
    lang: str,
    explain: bool,
    quiet: bool,
    no_color: bool,
) -> None:
    """Scan files and folders (CSV, Parquet, JSON, NDJSON, Excel, SQLite, .gz, .zip) and write a report.

    PATHS may be databases, read read-only: postgresql://user@host:5432/db, sqlite:///path/to/file.db.
    With --engine spark, PATHS may also be URIs Spark reads (s3a://, abfss://, hdfs://, file://).

    Settings come from the command line, then CCSCAN_* environment variables, then the config file.
    """
    from scanner.plan import ScanRequest
    from scanner.readers import ReadLimits
    from scanner.readers.discover import display_path, is_missing
    from scanner.reports import destinations
    from scanner.run import run_scan  # heavy imports only when scanning
    from scanner.spark.lake import is_uri  # tells a URI from a path; imports no pyspark
    from scanner.suppressions import Suppressions

    if demo == bool(paths):
        raise UsageError("give the PATHS to scan, or --demo for the bundled samples")
    if demo:
        paths = (str(SAMPLES),)
    databases, paths = split_databases(paths)
    uris = tuple(path for path in paths if is_uri(path))
    if uris and engine != "spark":
        raise UsageError(f"{uris[0]}: a URI is read by Spark: add --engine spark")
    local_paths = tuple(Path(path) for path in paths if not is_uri(path))
    missing = [path for path in local_paths if is_missing(path)]
    if missing:
        raise InputError(f"{display_path(missing[0])}: no such file or folder")
    targets = destinations(formats, output, output_dir)
    suppressions = Suppressions.parse(ignore_column, allow_value, disable_rule, severity)
    if not writable_targets(targets):
        sys.exit(EXIT_INPUT_ERROR)
    request = ScanRequest(
        paths=local_paths,
        spark_inputs=uris,
        spark_master=spark_master,
        databases=databases,
        database=database_options(schemas, views, password_stdin, statement_timeout),
        include=include,
        exclude=exclude,
        threshold=threshold,
        batch_rows=batch_rows,
        sample=sample,
        nlp_model=nlp_model,
        show_values=show_values,
        fail_on=fail_on,
        allow_incomplete=allow_incomplete,
        workers=workers,
        engine=engine,
        suppressions=suppressions,
        baseline=baseline,
        config_file=config_file,
        policies=policies,
        recognizers=recognizers,
        as_of=as_of.date() if as_of else None,
        lang=lang,
        limits=ReadLimits(
            **{
                name: value
                for name, value in (
                    ("max_cell_chars", max_cell_chars),
                    ("max_columns", max_columns),
                    ("max_decompressed_mb", max_decompressed_mb),
                    ("max_compression_ratio", max_compression_ratio),
                )
                if value is not None
            }
        ),
    )
    plan = request.resolve()
    report = run_scan(plan, progress=not quiet and sys.stderr.isatty())
    from scanner.terminal import incomplete_line, print_explanation, print_summary, use_colour

    written = write_outputs(report, targets, plan.policy)
    if explain:
        print_explanation(report, sys.stdout)
    if not quiet:
        print_summary(report, written, sys.stderr, plan.policy, use_colour(sys.stderr, no_color))
    elif not report["complete"] and not allow_incomplete:
        click.echo(incomplete_line(report), err=True)  # even --quiet: exit 2 must not go unexplained
    sys.exit(exit_code(report))


def writable_targets(targets: list[tuple[str, Path]]) -> bool:
    """Whether every report path can be written; the first that cannot is one error line."""
    from scanner.reports import STDOUT
    from scanner.reports.document import check_writable

    for _, path in targets:
        if path == STDOUT:
            continue
        try:
            check_writable(path)
        except OSError as error:
            click.echo(
                f"ccscan: error: {path}: cannot write the report ({error.strerror or error})", err=True
            )
            return False
    return True


def write_outputs(report: dict, targets: list[tuple[str, Path]], policy: Policy) -> list[str]:
    """Render and write every requested format (atomically, owner-only); exits 2 if one cannot be written."""
    from scanner.reports import STDOUT, render
    from scanner.reports.document import write_text

    written = []
    for format_name, path in targets:
        text = render(format_name, report, policy)
        if path == STDOUT:
            click.echo(text, nl=False)
            continue
        try:
            write_text(text, path)
        except OSError as error:
            click.echo(
                f"ccscan: error: {path}: cannot write the report ({error.strerror or error})", err=True
            )
            sys.exit(EXIT_INPUT_ERROR)
        written.append(str(path))
    return written


# What `find` takes from a config file: where to read and how; not a scan's output, format or sample.
FIND_CONFIG_KEYS = frozenset(
    {"include", "exclude", "workers", "engine", "batch_rows", "schemas", "views", "statement_timeout"}
)


def _load_find_config(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    path = _load_config(ctx, param, value)
    ctx.default_map = {
        key: setting for key, setting in (ctx.default_map or {}).items() if key in FIND_CONFIG_KEYS
    }
    return path


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--subjects",
    "subjects_file",
    required=True,
    metavar="FILE",
    help="CSV or JSON of the people to find: label plus any of national_id, phone, email, name, "
    "customer_number ('-': standard input). Identifiers are never taken on the command line.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    envvar="CCSCAN_CONFIG",
    is_eager=True,
    callback=_load_find_config,
    help="Config file [default: ./ccscan.toml, else [tool.ccscan] in ./pyproject.toml].",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, allow_dash=True),
    default=None,
    help="Report file, '-' for standard output [default: ccscan-find.<format extension>].",
)
@click.option(
    "--format",
    "formats",
    type=click.Choice(["json", "html", "markdown"]),
    multiple=True,
    help="Report format: json (default), html, markdown (repeatable).",
)
@source_options
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes.")
@click.option(
    "--engine",
    type=click.Choice(["fast", "reference", "spark"]),
    default="fast",
    show_default=True,
    help="The detector that names the other categories of matched rows (spark: not for find).",
)
@click.option("--sample", type=click.IntRange(min=1), default=None, hidden=True)
@click.option("--match-names", is_flag=True, help="Also report rows holding a subject's whole name alone.")
@click.option(
    "--export-rows",
    "export_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Write each found subject's matched rows here (the access-request copy; owner-only files).",
)
@click.option("--export-format", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@click.option(
    "--erasure-manifest",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write per table the matched rows' locations and key columns' values, to delete them by.",
)
@click.option(
    "--key-column",
    multiple=True,
    metavar="GLOB",
    help="A table's key column for the erasure manifest (repeatable) [default: columns named like id, *_id, "
    "customer_number].",
)
@click.option("-q", "--quiet", is_flag=True, help="No summary.")
def find(
    paths: tuple[str, ...],
    subjects_file: str,
    config_file: Path | None,
    output: Path | None,
    formats: tuple[str, ...],
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    batch_rows: int | None,
    schemas: tuple[str, ...],
    views: bool,
    password_stdin: bool,
    statement_timeout: int,
    workers: int,
    engine: str,
    sample: int | None,
    match_names: bool,
    export_dir: Path | None,
    export_format: str,
    erasure_manifest: Path | None,
    key_column: tuple[str, ...],
    quiet: bool,
) -> None:
    """Find every trace of given people (GDPR access and erasure requests) in files, folders and databases.

    PATHS may be databases, read read-only as `scan` reads them: postgresql://user@host:5432/db,
    sqlite:///path/to/file.db, or a SQLite file's path; a database row is located by its primary key.

    Exit codes: 0 no subject found; 1 at least one found; 2 usage or input error (an input not read:
    the answer would be incomplete).
    """
    from scanner.find.request import FindRequest, run_find, write_report_files
    from scanner.find.results import anything_found
    from scanner.find.search import DEFAULT_BATCH_ROWS, SearchOptions
    from scanner.reports import EXTENSIONS, destinations

    if sample is not None:
        raise UsageError("--sample is refused by find: a search for a person must read every row")
    if engine == "spark":
        raise UsageError("--engine spark is not available for find yet; use fast or reference")
    if password_stdin and subjects_file == "-":
        raise UsageError("--password-stdin and --subjects - cannot both read standard input")
    databases, files = split_databases(paths)
    missing = [path for path in files if not Path(path).exists()]
    if missing:
        raise InputError(f"{missing[0]}: no such file or folder")
    targets = destinations(formats, output or Path("ccscan-find"), None)
    if output is None:  # the default name takes each format's extension, also for one format
        targets = [(name, Path("ccscan-find" + EXTENSIONS[name])) for name, _ in targets]
    options = SearchOptions(
        batch_rows=batch_rows or DEFAULT_BATCH_ROWS,
        include=include,
        exclude=exclude,
        workers=workers,
        engine=engine,
        match_names=match_names,
        database=database_options(schemas, views, password_stdin, statement_timeout),
    )
    request = FindRequest(
        subjects_file=subjects_file,
        paths=tuple(map(Path, files)),
        databases=databases,
        options=options,
        export_dir=export_dir,
        export_format=export_format,
        erasure_manifest=erasure_manifest,
        key_columns=key_column,
        config_file=config_file,
    )
    report, exported = run_find(request)  # a subjects file that cannot be used is an InputError
    written, to_stdout = write_report_files(report, targets)  # InputError naming a path not written
    if to_stdout:
        click.echo(to_stdout, nl=False)
    summary = report["summary"]
    if not quiet:
        listed = [*written, *(path for path in exported if path == erasure_manifest)]
        exports = [path for path in exported if path != erasure_manifest]
        click.echo(
            f"find: {summary['subjects_found']} of {summary['subjects']} subject(s) found in "
            f"{summary['rows_matched']} row(s) of {summary['tables']} table(s)"
            + (f"; written: {', '.join(map(str, listed))}" if listed else "")
            + (f"; {len(exports)} file(s) in {export_dir}" if export_dir else ""),
            err=True,
        )
        for table in report["tables"]:
            for error in table["errors"]:
                click.echo(f"ccscan: error: {table['path']}: {error}", err=True)
    if summary["tables_with_errors"]:
        sys.exit(EXIT_INPUT_ERROR)
    sys.exit(EXIT_FINDINGS if anything_found(report) else EXIT_CLEAN)


@main.group()
def baseline() -> None:
    """Accept today's findings so that later scans report only new ones."""


@baseline.command("create")
@click.argument("report", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path(DEFAULT_BASELINE),
    show_default=True,
    help="Where to write the baseline.",
)
def baseline_create(report: Path, output: Path) -> None:
    """Write the findings of a JSON REPORT as salted fingerprints (no values, no file or column names)."""
    from scanner.baseline import baseline_json, create_baseline
    from scanner.migration_diff import load_report
    from scanner.reports.document import write_text

    document = create_baseline(load_report(report))
    try:
        write_text(baseline_json(document), output)
    except OSError as error:
        click.echo(
            f"ccscan: error: {output}: cannot write the baseline ({error.strerror or error})", err=True
        )
        sys.exit(EXIT_INPUT_ERROR)
    click.echo(f"baseline: {len(document['entries'])} finding(s) written to {output}", err=True)


@main.command()
@click.argument("before", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.argument("after", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--match-by",
    type=click.Choice(["path", "name", "stem"]),
    default="path",
    show_default=True,
    help="Pair tables by full path, by file name, or by name without extensions (crm.csv ~ crm.parquet).",
)
@click.option(
    "--format", "format_name", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True
)
@click.option(
    "--fail-on-new",
    is_flag=True,
    help="Exit 1 when personal data appears in a column or table where the older report had none.",
)
def diff(before: Path, after: Path, match_by: str, format_name: str, fail_on_new: bool) -> None:
    """Compare two JSON reports: personal-data columns gone, new, re-protected; findings resolved.

    Exit codes: 0; 1 with --fail-on-new when personal data is new in a column or table; 2 a report
    that cannot be read."""
    import json

    from scanner.migration_diff import diff_markdown, diff_reports, load_report

    changes = diff_reports(load_report(before), load_report(after), match_by)
    fails = fail_on_new and bool(changes["columns_added"])
    if fail_on_new:
        changes["fails_on_new"] = fails
    if format_name == "json":
        click.echo(json.dumps(changes, indent=2, ensure_ascii=False))
    else:
        click.echo(diff_markdown(changes, str(before), str(after)), nl=False)
    sys.exit(EXIT_FINDINGS if fails else EXIT_CLEAN)


main.add_command(rules)
