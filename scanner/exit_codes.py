"""What `ccscan` exits with, and the rule that picks it for a scan (its report's verdict says the same)."""

from __future__ import annotations

from collections.abc import Mapping

from rules.severity import severity_rank

EXIT_CLEAN = 0  # no finding at or above --fail-on
EXIT_FINDINGS = 1  # at least one
EXIT_INPUT_ERROR = 2  # usage or input error, or an incomplete scan (unless --allow-incomplete)
EXIT_INTERRUPTED = 130  # Ctrl-C
EXIT_INTERNAL_ERROR = 70  # a bug in ccscan (EX_SOFTWARE of sysexits.h)


def scan_outcome(report: Mapping) -> tuple[int, int]:
    """(tables that could not be read, findings at or above the report's --fail-on)."""
    threshold = severity_rank(report["config"]["fail_on"])
    failing = sum(1 for finding in report["findings"] if severity_rank(finding["severity"]) >= threshold)
    return sum(1 for entry in report["files"] if entry["errors"]), failing


def fails_as_incomplete(report: Mapping) -> bool:
    """Whether the scan did not read all it was given (an input could not be read, data was skipped or
    cut) and --allow-incomplete was not given."""
    unreadable, _ = scan_outcome(report)
    incomplete = unreadable or not report.get("complete", True)
    return bool(incomplete) and not report["config"].get("allow_incomplete", False)


def exit_code(report: Mapping) -> int:
    """2 if the scan is incomplete (unless --allow-incomplete), else 1 if a finding reaches --fail-on,
    else 0."""
    _, failing = scan_outcome(report)
    return EXIT_INPUT_ERROR if fails_as_incomplete(report) else EXIT_FINDINGS if failing else EXIT_CLEAN
