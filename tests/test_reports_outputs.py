"""Several formats in one run: where each goes (-o, --output-dir, standard output), and how it is written."""

import json
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_samples import write_exports

from scanner.cli import main
from scanner.reports import STDOUT, destinations


def _run(tmp_path: Path, *args: str, env: dict | None = None):
    exports = write_exports(tmp_path / "in")
    return CliRunner().invoke(main, ["scan", str(exports), "--quiet", *args], env=env)


def test_one_run_writes_every_format_named_after_output(tmp_path):
    result = _run(
        tmp_path,
        "-o",
        str(tmp_path / "out" / "audit.json"),
        "--format",
        "json",
        "--format",
        "html",
        "--format",
        "sarif",
        "--format",
        "markdown",
    )
    assert result.exit_code == 1
    written = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert written == ["audit.html", "audit.json", "audit.md", "audit.sarif"]
    assert json.loads((tmp_path / "out" / "audit.sarif").read_text())["version"] == "2.1.0"
    assert (tmp_path / "out" / "audit.html").read_text().startswith("<!DOCTYPE html>")


def test_every_output_is_readable_by_the_owner_only(tmp_path):
    _run(
        tmp_path,
        "--output-dir",
        str(tmp_path / "out"),
        "--format",
        "html",
        "--format",
        "sarif",
        "--format",
        "json",
    )
    modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in (tmp_path / "out").iterdir()}
    assert modes == {"ccscan-report.html": 0o600, "ccscan-report.sarif": 0o600, "ccscan-report.json": 0o600}


def test_single_format_without_output_takes_its_own_extension(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _run(tmp_path, "--format", "markdown")
    assert (tmp_path / "ccscan-report.md").read_text().startswith("### ccscan:")
    assert not (tmp_path / "ccscan-report.json").exists()


def test_markdown_to_standard_output_for_a_pull_request_comment(tmp_path):
    result = _run(tmp_path, "--format", "markdown", "-o", "-")
    assert result.exit_code == 1
    assert result.stdout.startswith("### ccscan: ") and "| high | CC-PLAIN-NATIONAL-ID |" in result.stdout


def test_format_from_the_environment(tmp_path):
    _run(tmp_path, "--output-dir", str(tmp_path / "out"), env={"CCSCAN_FORMAT": "sarif markdown"})
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [
        "ccscan-report.md",
        "ccscan-report.sarif",
    ]


def test_standard_output_takes_one_format_only(tmp_path):
    result = _run(tmp_path, "--format", "json", "--format", "html", "-o", "-")
    assert result.exit_code == 2
    assert "--output - (standard output) takes exactly one --format" in result.output


@pytest.mark.parametrize(
    ("formats", "output", "output_dir", "expected"),
    [
        ((), None, None, [("json", Path("ccscan-report.json"))]),
        (("sarif",), Path("x/r.json"), None, [("sarif", Path("x/r.json"))]),
        (
            ("json", "sarif", "json"),
            Path("x/audit"),
            None,
            [("json", Path("x/audit.json")), ("sarif", Path("x/audit.sarif"))],
        ),
        (("html",), None, Path("d"), [("html", Path("d/ccscan-report.html"))]),
        (
            ("html", "markdown"),
            Path("a.json"),
            Path("d"),
            [("html", Path("d/a.html")), ("markdown", Path("d/a.md"))],
        ),
        (("markdown",), STDOUT, None, [("markdown", STDOUT)]),
    ],
)
def test_destinations(formats, output, output_dir, expected):
    assert destinations(formats, output, output_dir) == expected
