"""Report formats. Each renderer turns the JSON report document and the policy into text:

    text = render("sarif", report, policy)

json — the document itself (scanner/report_schema.json); html — one self-contained page for auditors;
sarif — SARIF 2.1.0 for CI code scanning; markdown — a short pull-request comment.
`destinations` decides where each format of one run is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from rules.policy import Policy
from scanner.errors import UsageError
from scanner.reports import html, markdown, sarif

FORMATS = ("json", "html", "sarif", "markdown")
EXTENSIONS = {"json": ".json", "html": ".html", "sarif": ".sarif", "markdown": ".md"}
DEFAULT_STEM = "ccscan-report"
STDOUT = Path("-")


def render(format_name: str, report: Mapping, policy: Policy) -> str:
    """The report in `format_name` (one of FORMATS)."""
    if format_name == "json":
        from scanner.reports.document import (
            report_json,
        )  # the scan machinery; the CLI imports FORMATS before scanning

        return report_json(dict(report))
    return {"html": html, "sarif": sarif, "markdown": markdown}[format_name].render(report, policy)


def _stem(output: Path) -> str:
    return output.name[: -len(output.suffix)] if output.suffix in EXTENSIONS.values() else output.name


def destinations(
    formats: Sequence[str], output: Path | None, output_dir: Path | None
) -> list[tuple[str, Path]]:
    """Where each format goes (a path, or STDOUT for `-o -`).

    One format: `--output` as given, else `ccscan-report.<ext>`. Several formats: `--output` with each
    format's extension (`-o audit` → audit.json, audit.html). `--output-dir DIR`: every format in DIR,
    named after `--output` or `ccscan-report`. Raises UsageError for `-o -` with more than one format.
    """
    formats = list(dict.fromkeys(formats or ("json",)))
    if output == STDOUT:
        if len(formats) > 1 or output_dir is not None:
            raise UsageError("--output - (standard output) takes exactly one --format and no --output-dir")
        return [(formats[0], STDOUT)]
    if output_dir is not None:
        stem = _stem(output) if output else DEFAULT_STEM
        return [(name, output_dir / f"{stem}{EXTENSIONS[name]}") for name in formats]
    if len(formats) == 1 and output is not None:
        return [(formats[0], output)]
    base = output.parent / _stem(output) if output is not None else Path(DEFAULT_STEM)
    return [(name, base.with_name(base.name + EXTENSIONS[name])) for name in formats]
