"""Scan Spark DataFrames and tables from a notebook, in one cell:

    from scanner.spark.notebook import scan_tables
    result = scan_tables("main.crm.contacts", output_dir="/Volumes/main/audit", formats=["json", "html"])
    displayHTML(result.html)  # Databricks; Jupyter shows the Markdown summary of `result` by itself
    result.findings            # the report's findings; result.report is the whole JSON document

`scan_dataframe(df, "crm")` does the same for any DataFrame. Each DataFrame or table is one table of the
report, named as given; its rows are numbered in the DataFrame's partition order (for a table or a
file: as Spark reads it). The scan runs in the DataFrame's Spark session with the same per-batch scan,
policy, suppressions and report formats as `ccscan scan`; files are written only when `output` or
`output_dir` is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rules.policy import Policy
from scanner.plan import ScanRequest
from scanner.reports import destinations, render
from scanner.reports.document import write_text
from scanner.run import run_scan
from scanner.spark.driver import SparkFrame
from scanner.suppressions import Suppressions

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession


@dataclass(frozen=True)
class NotebookScan:
    """A scan's report document, the policy that judged it, and the report files written."""

    report: dict
    policy: Policy
    files: tuple[str, ...] = ()

    @property
    def findings(self) -> list[dict]:
        return self.report["findings"]

    @property
    def html(self) -> str:
        """The HTML report, one self-contained page (for `displayHTML`)."""
        return render("html", self.report, self.policy)

    def _repr_markdown_(self) -> str:
        return render("markdown", self.report, self.policy)


def scan_dataframe(frame: DataFrame, name: str = "dataframe", **options: object) -> NotebookScan:
    """Scan one DataFrame as the table `name`; `options` as for `scan_dataframes`."""
    return scan_dataframes({name: frame}, **options)


def scan_tables(*tables: str, spark: SparkSession | None = None, **options: object) -> NotebookScan:
    """Scan catalog tables (`main.crm.contacts`), each as a table of one report; `options` as for
    `scan_dataframes`; `spark` defaults to the active session."""
    from pyspark.sql import SparkSession

    session = spark or SparkSession.getActiveSession() or SparkSession.builder.getOrCreate()
    return scan_dataframes({table: session.table(table) for table in tables}, **options)


def scan_dataframes(
    frames: dict[str, DataFrame],
    *,
    output: str | Path | None = None,
    output_dir: str | Path | None = None,
    formats: Sequence[str] = ("json",),
    policies: Sequence[str | Path] = (),
    as_of: date | None = None,
    fail_on: str = "high",
    threshold: float | None = None,
    batch_rows: int | None = None,
    show_values: bool = False,
    ignore_columns: Sequence[str] = (),
    allow_values: Sequence[str] = (),
    disable_rules: Sequence[str] = (),
    severity: Sequence[str] = (),
    baseline: str | Path | None = None,
) -> NotebookScan:
    """Scan DataFrames (by table name) into one report; write it in `formats` when `output` or
    `output_dir` is given (as `ccscan scan -o/--output-dir`). The other options are `ccscan scan`'s:
    suppressions as on its command line (`ignore_columns=["notes"]`, `severity=["CC-PLAIN-PHONE=low"]`).
    Raises a CcscanError (scanner/errors.py; a PolicyError for a policy file) for what the user must fix."""
    plan = ScanRequest(
        paths=(),
        engine="spark",
        spark_inputs=tuple(SparkFrame(frame, name) for name, frame in frames.items()),
        threshold=threshold,
        batch_rows=batch_rows,
        show_values=show_values,
        fail_on=fail_on,
        suppressions=Suppressions.parse(ignore_columns, allow_values, disable_rules, severity),
        baseline=Path(baseline) if baseline else None,
        policies=tuple(Path(policy) for policy in policies),
        as_of=as_of,
    ).resolve()
    report = run_scan(plan)
    written = []
    if output is not None or output_dir is not None:
        folder = Path(output_dir) if output_dir is not None else None
        for format_name, path in destinations(formats, Path(output) if output is not None else None, folder):
            write_text(render(format_name, report, plan.policy), path)
            written.append(str(path))
    return NotebookScan(report, plan.policy, tuple(written))
