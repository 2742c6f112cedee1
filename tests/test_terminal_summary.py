"""The terminal summary a DPO reads: the verdict first, then one line per rule, most severe first."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_samples import PLANTED, scan, write_exports

from scanner.cli import main
from scanner.terminal import print_summary, use_colour

ESC = "\x1b["


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    _, document = scan(tmp_path_factory.mktemp("summary"))
    return document


def _summary(report: dict, paths: list[str] = (), colour: bool = False) -> str:
    out = io.StringIO()
    print_summary(report, list(paths), out, colour=colour)
    return out.getvalue()


def _rule_lines(text: str) -> list[list[str]]:
    lines = text.splitlines()
    header = next(index for index, line in enumerate(lines) if line.split()[:2] == ["rule", "title"])
    table = []
    for line in lines[header + 2 :]:
        if not line.strip():
            break
        table.append(line.split())
    return table


def test_the_verdict_is_the_first_line_and_counts_findings_by_severity(report):
    first = _summary(report).strip().splitlines()[0]
    assert first == "2 high, 2 medium, 1 low: fails --fail-on high"
    passing = {**report, "config": {**report["config"], "fail_on": "critical"}}
    assert _summary(passing).strip().splitlines()[0] == "2 high, 2 medium, 1 low: passes --fail-on critical"


def test_findings_are_grouped_by_rule_most_severe_first(report):
    table = _rule_lines(_summary(report))
    assert [line[0] for line in table] == [
        "CC-PLAIN-NATIONAL-ID",
        "CC-PLAIN-EMAIL",
        "CC-PLAIN-PHONE",
        "CC-PLAIN-PERSON",
    ]
    national_id = table[0]
    # the fnr column and the notes column: one rule line, one table, two columns, two cells
    assert national_id[-4:] == ["high", "1", "2", "2"]
    assert " ".join(national_id[1:-4]) == "National identity numbers stored in plain text"
    assert table[1][-4:] == ["medium", "1", "1", "3"]


def test_a_retention_rule_counts_its_overdue_rows_under_its_own_id(tmp_path):
    calls = "call_id;recorded_at;recording_url\n" + "".join(
        f"{n};2026-0{n}-01;https://rec.example.com/{n}.wav\n" for n in range(1, 6)
    )
    _, document = scan(tmp_path, "--as-of", "2026-06-15", files={"calls.csv": calls})
    rules = {line[0]: line for line in _rule_lines(_summary(document))}
    assert rules["CC-RET-RECORDING"][-4:] == ["medium", "1", "1", "3"]  # January to March are overdue


def test_every_report_written_is_named_last(report):
    lines = _summary(report, ["out/r.json", "out/r.html"]).strip().splitlines()
    assert lines[-2:] == ["report: out/r.json", "report: out/r.html"]


def test_no_found_value_reaches_the_summary(report):
    text = _summary(report)
    assert not [value for value in PLANTED if value in text]


def test_colour_only_when_asked_and_the_columns_stay_aligned(report):
    assert ESC not in _summary(report)
    coloured = _summary(report, colour=True)
    assert ESC in coloured
    plain = _summary(report)
    import click

    assert click.unstyle(coloured) == plain


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_follows_the_terminal_no_color_and_the_flag(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour(_Terminal()) is True
    assert use_colour(io.StringIO()) is False  # piped
    assert use_colour(_Terminal(), no_color=True) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_colour(_Terminal()) is False


def test_the_scan_command_prints_the_summary_plain_when_piped(tmp_path: Path):
    exports = write_exports(tmp_path / "in")
    report_path = tmp_path / "r.json"
    result = CliRunner().invoke(main, ["scan", str(exports), "-o", str(report_path), "--no-color"])
    assert result.exit_code == 1
    assert ESC not in result.output
    assert "2 high, 2 medium, 1 low: fails --fail-on high" in result.output
    assert result.output.strip().splitlines()[-1] == f"report: {report_path}"
