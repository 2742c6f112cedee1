"""One scan from request to report: build the detector, scan the paths, judge, build the report."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from recognizers.analyzer import DEFAULT_THRESHOLD
from recognizers.registry import resolve_registry
from rules.policy import Policy, load_policy
from scanner.baseline import load_baseline
from scanner.detector import build_detector
from scanner.judge import judge
from scanner.orchestrate import DEFAULT_BATCH_ROWS, ScanOptions, scan_paths
from scanner.readers import ReadLimits, discover
from scanner.reports.document import build_report, column_categories
from scanner.suppressions import Suppressions
from scanner.terminal import ScanProgress
from scanner.workers import DetectorSettings, LocalScanner, ProcessScanner


@dataclass(frozen=True)
class ScanRequest:
    paths: tuple[Path, ...]
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    threshold: float | None = None
    batch_rows: int | None = None
    nlp_model: str | None = None
    show_values: bool = False
    fail_on: str = "high"
    workers: int = 1
    engine: str = "fast"
    suppressions: Suppressions = Suppressions()
    baseline: Path | None = None
    config_file: Path | None = None
    limits: ReadLimits = ReadLimits()
    policies: tuple[Path, ...] = ()
    recognizers: Path | None = None  # --recognizers: laid over recognizers/default_recognizers.yaml
    as_of: date | None = None  # "today" for retention rules; None: the real date
    sample: int | None = None  # scan only about this many rows of each table (scanner/sampling.py)
    # engine "spark": URIs and DataFrames Spark reads (scanner/spark/driver.py SparkInput), and its master
    spark_inputs: tuple = ()
    spark_master: str | None = None

    def config(self) -> dict:
        """The settings as the report records them."""
        return {
            "threshold": self.threshold if self.threshold is not None else DEFAULT_THRESHOLD,
            "batch_rows": self.batch_rows or DEFAULT_BATCH_ROWS,
            "sample": self.sample,
            "fail_on": self.fail_on,
            "show_values": self.show_values,
            "nlp_model": self.nlp_model,
            "engine": self.engine,
            "include": list(self.include),
            "exclude": list(self.exclude),
            "config_file": str(self.config_file) if self.config_file else None,
            "baseline": str(self.baseline) if self.baseline else None,
            **self.suppressions.config(),
            **asdict(self.limits),
            "policies": [str(path) for path in self.policies],
            **({"recognizers": str(self.recognizers)} if self.recognizers else {}),
            "as_of": (self.as_of or date.today()).isoformat(),
        }


def scan_policy(request: ScanRequest) -> Policy:
    """The policy the scan is judged by, and whose texts its reports explain: the default pack with
    the --policy files laid over it."""
    return load_policy(request.policies)


def _spark_scanner(request: ScanRequest, settings: DetectorSettings, progress: bool):
    """The scanner of `--engine spark`; pyspark is imported only when Spark is asked for."""
    try:
        from scanner.spark.driver import spark_scanner

        return spark_scanner(request, settings, progress)
    except ImportError as error:
        if (error.name or "").partition(".")[0] not in ("pyspark", "pyarrow", "pandas", "py4j"):
            raise
        raise ValueError("--engine spark needs pyspark: pip install 'ccscan[spark]'") from None


def run_scan(request: ScanRequest, progress: bool = False) -> dict:
    """Scan `request.paths` and return the report document."""
    config = request.config()
    policy = scan_policy(request)
    unknown = sorted(rule for rule in request.suppressions.rule_ids() if policy.rule(rule) is None)
    if unknown:
        raise ValueError(f"unknown rule id(s) in --disable-rule/--severity: {', '.join(unknown)}")
    baseline = load_baseline(request.baseline) if request.baseline else None  # fail before a long scan
    recognizers = resolve_registry(request.recognizers)  # a bad file fails before a long scan
    settings = DetectorSettings(config["threshold"], request.nlp_model, request.engine, recognizers)
    scanner = (
        _spark_scanner(request, settings, progress)
        if request.engine == "spark"
        else ProcessScanner(
            request.workers,
            settings,
            request.show_values,
            request.suppressions.allowed if request.suppressions.allow_values else None,
        )
        if request.workers > 1
        else LocalScanner(
            build_detector(settings.threshold, settings.nlp_model, settings.engine, settings.recognizers),
            request.show_values,
            request.suppressions.allowed if request.suppressions.allow_values else None,
        )
    )
    options = ScanOptions(
        batch_rows=config["batch_rows"],
        show_values=request.show_values,
        include=request.include,
        exclude=request.exclude,
        suppressions=request.suppressions,
        limits=request.limits,
        policy=policy,
        as_of=date.fromisoformat(config["as_of"]),
        sample=request.sample,
    )
    total_bytes = sum(
        path.stat().st_size for path in discover(request.paths, request.include, request.exclude)
    )
    bar = ScanProgress(progress, total_bytes)
    try:
        tables = scan_paths(request.paths, scanner, options, bar)
        if request.spark_inputs:
            tables += scanner.scan_inputs(request.spark_inputs, options)
    finally:
        bar.close()
        scanner.close()
    facts = column_categories(tables)
    judgement = judge(tables, facts, policy, options.as_of)
    findings = request.suppressions.judge(judgement.findings)
    if baseline is None:
        return build_report(tables, findings, facts, config, judgement=judgement)
    findings, known = baseline.split(findings)
    return build_report(tables, findings, facts, config, judgement=judgement) | {"baseline": known}
