"""One scan from request to report: build the detector, scan the paths, judge, build the report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from recognizers.analyzer import DEFAULT_THRESHOLD
from rules.findings import plaintext_findings
from rules.policy import load_default_policy
from scanner.detector import build_detector
from scanner.engine import DEFAULT_BATCH_ROWS, ScanOptions, scan_paths
from scanner.readers import discover
from scanner.report import build_report, column_categories
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

    def config(self) -> dict:
        """The settings as the report records them."""
        return {
            "threshold": self.threshold if self.threshold is not None else DEFAULT_THRESHOLD,
            "batch_rows": self.batch_rows or DEFAULT_BATCH_ROWS,
            "fail_on": self.fail_on,
            "show_values": self.show_values,
            "nlp_model": self.nlp_model,
            "engine": self.engine,
            "include": list(self.include),
            "exclude": list(self.exclude),
        }


def run_scan(request: ScanRequest, progress: bool = False) -> dict:
    """Scan `request.paths` and return the report document."""
    config = request.config()
    settings = DetectorSettings(config["threshold"], request.nlp_model, request.engine)
    scanner = (
        ProcessScanner(request.workers, settings, request.show_values)
        if request.workers > 1
        else LocalScanner(build_detector(settings.threshold, settings.nlp_model, settings.engine), request.show_values)
    )
    options = ScanOptions(
        batch_rows=config["batch_rows"], show_values=request.show_values,
        include=request.include, exclude=request.exclude,
    )
    total_bytes = sum(path.stat().st_size for path in discover(request.paths, request.include, request.exclude))
    bar = ScanProgress(progress, total_bytes)
    try:
        tables = scan_paths(request.paths, scanner, options, bar)
    finally:
        bar.close()
        scanner.close()
    facts = column_categories(tables)
    findings = plaintext_findings(facts, load_default_policy())
    return build_report(tables, findings, facts, config)
