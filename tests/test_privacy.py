"""Privacy of the scanner itself: no network, and planted identifiers never reach any output.

A set of synthetic identifiers is planted in every input format (in data rows, and as the first row of
a headerless export). Without --show-values none of them may appear in the terminal, the log, any
report format the CLI offers, a baseline, a diff, or a file left in the temp folder; with
--show-values they do appear in the report, which shows the check can see a leak.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import subprocess
import sys
import textwrap
import warnings
import zipfile
from pathlib import Path

import click
import openpyxl
import pytest
from click.testing import CliRunner

from recognizers.national_ids.no_fodselsnummer import check_digits
from scanner.cli import main

ROOT = Path(__file__).resolve().parents[1]
FODSELSNUMMER = "150386100" + (check_digits("150386100") or "")
PLANTED = {
    "fodselsnummer": FODSELSNUMMER,
    "email": "planted.person@example.no",
    "phone": "+47 912 34 567",
    "iban": "NO9386011117947",
    "card": "4111 1111 1111 1111",
}
# What must never be seen: each value as written and without its separators, and an email's local part.
NEEDLES = sorted(
    {value for value in PLANTED.values()}
    | {value.replace(" ", "") for value in PLANTED.values()}
    | {PLANTED["email"].split("@")[0]}
)


def _scan_formats() -> list[str]:
    """The report formats `ccscan scan --format` accepts, whatever they are by now."""
    option = next((param for param in main.commands["scan"].params if param.name == "formats"), None)
    return (
        list(option.type.choices)
        if option is not None and isinstance(option.type, click.Choice)
        else ["json"]
    )


def _plant_inputs(folder: Path) -> None:
    """The planted values in every input format ccscan reads."""
    folder.mkdir(parents=True)
    values = list(PLANTED.values())
    header = ["fnr", "epost", "telefon", "konto", "kort"]
    csv_text = ";".join(header) + "\n" + ";".join(values) + "\n" + ";".join(values) + "\n"
    (folder / "crm.csv").write_text(csv_text, encoding="utf-8")
    (folder / "headerless.csv").write_text(
        ";".join(values) + "\n" + ";".join(values) + "\n", encoding="utf-8"
    )
    (folder / "calls.ndjson").write_text(json.dumps(dict(zip(header, values))) + "\n", encoding="utf-8")
    (folder / "notes.csv.gz").write_bytes(gzip.compress(f"notat\nRing {values[0]} på {values[2]}\n".encode()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("inner/crm.csv", csv_text)
    (folder / "bundle.zip").write_bytes(buffer.getvalue())
    workbook = openpyxl.Workbook()
    workbook.active.append(header)
    workbook.active.append(values)
    workbook.save(folder / "kunder.xlsx")
    # a broken file and a damaged row too: error and warning texts must not quote cell contents
    (folder / "broken.ndjson").write_text(json.dumps({"fnr": values[0]}) + "\n" + values[0] + "\n")


def _leaks(text: str) -> list[str]:
    return [needle for needle in NEEDLES if needle in text]


def _files_text(folder: Path) -> str:
    return "\n".join(
        path.read_bytes().decode("utf-8", "replace") for path in sorted(folder.rglob("*")) if path.is_file()
    )


class _CapturedLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def _invoke_with_log(args: list[str]) -> tuple[click.testing.Result, str]:
    """Run the CLI with every logger at DEBUG captured, and Python warnings recorded."""
    import scanner.run  # noqa: F401 - creates the library loggers before they are captured

    handler = _CapturedLog()
    loggers = [logging.getLogger()] + [
        logger for logger in logging.Logger.manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    saved = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = CliRunner().invoke(main, args)
    finally:
        for logger, level in saved:
            logger.removeHandler(handler)
            logger.setLevel(level)
    return result, "\n".join(handler.lines + [str(warning.message) for warning in caught])


@pytest.mark.parametrize("format_name", _scan_formats())
def test_planted_identifiers_never_reach_any_output(
    tmp_path: Path, private_temp: Path, format_name: str
) -> None:
    _plant_inputs(tmp_path / "in")
    out = tmp_path / "out"
    result, log = _invoke_with_log(
        ["scan", str(tmp_path / "in"), "--format", format_name, "--output-dir", str(out), "--explain"]
    )
    # the unparseable row leaves the scan incomplete: exit 2 (tests/test_incomplete.py)
    assert result.exit_code == 2, result.output
    assert "incomplete scan" in result.output
    written = sorted(path for path in out.rglob("*") if path.is_file())
    assert written, "no report written"
    assert _leaks(result.output) == []
    assert _leaks(log) == []
    assert _leaks(_files_text(out)) == []
    assert list(private_temp.iterdir()) == []
    assert [oct(path.stat().st_mode & 0o777) for path in written] == [oct(0o600)] * len(written)


def test_baseline_and_diff_never_show_planted_identifiers(tmp_path: Path, private_temp: Path) -> None:
    _plant_inputs(tmp_path / "in")
    report = tmp_path / "report.json"
    CliRunner().invoke(main, ["scan", str(tmp_path / "in"), "--output", str(report), "--quiet"])
    baseline = tmp_path / "baseline.json"
    created = CliRunner().invoke(main, ["baseline", "create", str(report), "--output", str(baseline)])
    compared = CliRunner().invoke(main, ["diff", str(report), str(report)])
    assert created.exit_code == 0, created.output
    assert _leaks(baseline.read_text()) == []
    assert _leaks(created.output + compared.output) == []
    assert baseline.stat().st_mode & 0o777 == 0o600
    assert list(private_temp.iterdir()) == []


def test_show_values_is_the_only_way_values_reach_the_report(tmp_path: Path, private_temp: Path) -> None:
    _plant_inputs(tmp_path / "in")
    report = tmp_path / "report.json"
    CliRunner().invoke(
        main, ["scan", str(tmp_path / "in"), "--output", str(report), "--quiet", "--show-values"]
    )
    assert PLANTED["email"] in report.read_text()
    assert FODSELSNUMMER in report.read_text()


# A fresh interpreter whose every process (workers too, through sitecustomize) records network calls.
SITECUSTOMIZE = textwrap.dedent(
    """
    import json, os, sys
    NETWORK = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
               "socket.gethostbyaddr", "socket.sendto", "socket.sendmsg", "urllib.Request", "http.client.connect"}
    def _hook(event, args):
        if event in NETWORK:
            with open(os.environ["CCSCAN_AUDIT_LOG"], "a") as log:
                log.write(json.dumps({"pid": os.getpid(), "event": event}) + "\\n")
    sys.addaudithook(_hook)
    """
)
COMMANDS_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from scanner.cli import main
    codes = []
    for args in json.loads(sys.argv[1]):
        try:
            main(args)
        except SystemExit as exit:
            codes.append(exit.code)
    print(json.dumps(codes))
    """
)


def test_no_command_makes_a_network_connection(tmp_path: Path) -> None:
    _plant_inputs(tmp_path / "in")
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(SITECUSTOMIZE)
    audit_log = tmp_path / "audit.log"
    report = tmp_path / "report.json"
    formats = [arg for name in _scan_formats() for arg in ("--format", name)]
    commands = [
        ["--help"],
        [
            "scan",
            str(tmp_path / "in"),
            "--output-dir",
            str(tmp_path / "out"),
            *formats,
            "--workers",
            "2",
            "--quiet",
        ],
        ["scan", str(tmp_path / "in"), "--output", str(report), "--quiet"],
        ["baseline", "create", str(report), "--output", str(tmp_path / "baseline.json")],
        ["diff", str(report), str(report)],
        ["rules", "list"],
    ]
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(hooks), str(ROOT)]),
        "CCSCAN_AUDIT_LOG": str(audit_log),
        "TMPDIR": str(tmp_path),
    }
    completed = subprocess.run(
        [sys.executable, "-c", COMMANDS_SCRIPT, json.dumps(commands)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env=environment,
        timeout=600,
    )
    codes = json.loads(completed.stdout.strip().splitlines()[-1])
    assert codes == [0, 2, 2, 0, 0, 0], completed.stderr  # scans exit 2: the unparseable row is not read
    assert not audit_log.exists(), audit_log.read_text()
    assert "Traceback" not in completed.stderr
