"""Synthetic exports with planted identifiers (fake people, valid check digits) for the report tests.

Imported by tests/test_reports_*.py; `scan` runs `ccscan scan` in-process and returns the JSON report.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from scanner.cli import main

FNR = "15108695088"  # valid fødselsnummer of nobody (generated)
FNR_IN_NOTES = "01129955151"  # valid fødselsnummer of nobody (generated)
PHONE = "+47 912 34 567"
EMAIL = "kari.testesen@example.no"
PLANTED = (FNR, FNR_IN_NOTES, "91234567", "912 34 567", EMAIL, "kari.testesen", "Kari Testesen", "Testesen")

# Row 1's note spans two lines, so data row 2 starts on physical line 4, not 3.
CRM_CSV = (
    "kunde_id;navn;fnr;telefon;epost;notat\n"
    f'1001;Kari Testesen;{FNR};{PHONE};{EMAIL};"Ring tilbake\nneste uke"\n'
    f"1002;Ola Prøvesen;;+47 913 45 678;ola.provesen@example.no;fnr {FNR_IN_NOTES} bekreftet\n"
    "1003;Siri Eksempel;;;siri@example.se;\n"
)


def write_exports(folder: Path, files: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in (files or {"crm.csv": CRM_CSV}).items():
        (folder / name).write_text(content, encoding="utf-8")
    return folder


def scan(
    tmp_path: Path, *args: str, files: dict[str, str] | None = None, env: dict | None = None
) -> tuple[Result, dict | None]:
    """`ccscan scan <tmp_path>/in -o <tmp_path>/report.json --quiet ARGS`; the JSON report if one was written."""
    exports = write_exports(tmp_path / "in", files)
    report_path = tmp_path / "report.json"
    result = CliRunner().invoke(
        main, ["scan", str(exports), "--output", str(report_path), "--quiet", *args], env=env
    )
    report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else None
    return result, report
