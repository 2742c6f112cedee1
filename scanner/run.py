"""One scan from plan to report: open the backend, scan the inputs, judge, build the report."""

from __future__ import annotations

from recognizers.nlp import ModelNotInstalled
from scanner import interrupt
from scanner.errors import InputError, UsageError
from scanner.judge import judge
from scanner.orchestrate import Scanner, scan_databases, scan_paths
from scanner.plan import ScanPlan
from scanner.readers import discover
from scanner.readers.discover import file_size
from scanner.reports.document import build_report, column_categories
from scanner.terminal import ScanProgress
from scanner.workers import LocalScanner, ProcessScanner


def _spark_scanner(plan: ScanPlan, progress: bool) -> Scanner:
    """The scanner of `--engine spark`; pyspark is imported only when Spark is asked for."""
    try:
        from scanner.spark.driver import spark_scanner

        return spark_scanner(plan, progress)
    except ImportError as error:
        if (error.name or "").partition(".")[0] not in ("pyspark", "pyarrow", "pandas", "py4j"):
            raise
        raise InputError("--engine spark needs pyspark: pip install 'ccscan[spark]'") from None


def open_scanner(plan: ScanPlan, progress: bool = False) -> Scanner:
    """The backend the plan asks for: Spark, worker processes, or this process."""
    if plan.engine == "spark":
        return _spark_scanner(plan, progress)
    if plan.workers > 1:
        return ProcessScanner(plan.workers, plan.detector, plan.show_values, plan.allowed)
    try:
        detector = plan.detector.build()
    except ModelNotInstalled as error:
        raise UsageError(f"--nlp-model: {error}") from None
    return LocalScanner(detector, plan.show_values, plan.allowed)


def run_scan(plan: ScanPlan, progress: bool = False) -> dict:
    """Scan what `plan` names and return the report document."""
    scanner = open_scanner(plan, progress)
    total_bytes = sum(map(file_size, discover(plan.paths, plan.include, plan.exclude)))
    bar = ScanProgress(progress, total_bytes)
    try:
        tables = scan_paths(plan, scanner, bar, bar.start_file)
        if plan.spark_inputs:
            tables += scanner.scan_inputs(plan)
        if plan.databases:
            tables += scan_databases(plan, scanner, bar)
    finally:
        bar.close()
        scanner.close()
    interrupt.raise_if_interrupted()
    facts = column_categories(tables)
    judgement = judge(tables, facts, plan.policy, plan.as_of)
    findings = plan.suppressions.judge(judgement.findings)
    if plan.baseline is None:
        return build_report(tables, findings, facts, plan.config, judgement=judgement)
    findings, known = plan.baseline.split(findings)
    return build_report(tables, findings, facts, plan.config, judgement=judgement) | {"baseline": known}
