"""A scan that did not read everything it was given is incomplete: the report says so at the top
(`complete: false` with the reasons), every format and the terminal say so, and the exit code is 2
unless --allow-incomplete. And what used to be missed in silence is read: a cell of hundreds of MB up to
--max-cell-chars in bounded memory, UTF-16 without a byte-order mark.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import polars as pl
import pytest
from click.testing import CliRunner
from report_samples import FNR

from scanner.cli import main
from scanner.readers import ReadIssues, ReadLimits, csv_reader, open_tables
from scanner.readers.sniff import UTF16_UNTOLD

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "scanner" / "report_schema.json").read_text())


def _scan(tmp_path: Path, *arguments: str, name: str = "report.json") -> tuple[int, str, Path]:
    result = CliRunner().invoke(main, ["scan", str(tmp_path / "in"), "-o", str(tmp_path / name), *arguments])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output, tmp_path / name


def _inputs(tmp_path: Path, files: dict[str, str | bytes]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, content in files.items():
        path = folder / name
        path.write_bytes(content) if isinstance(content, bytes) else path.write_text(
            content, encoding="utf-8"
        )


def _long_cell_csv(cell_chars: int) -> str:
    # the identifier at the start of the long cell is within the limit, the one after it in its own column
    return f"id;notat;fnr\n1;{FNR} {'ø' * cell_chars};{FNR}\n2;kort;\n"


def test_a_cell_longer_than_the_limit_is_scanned_up_to_it_and_the_scan_is_incomplete(tmp_path):
    _inputs(tmp_path, {"notes.csv": _long_cell_csv(5000)})
    code, output, report_path = _scan(tmp_path, "--max-cell-chars", "1000")
    report = json.loads(report_path.read_text())
    jsonschema.validate(report, SCHEMA)
    assert report["complete"] is False
    reason = "1 cell(s) longer than 1000 characters were scanned up to that length (max_cell_chars)"
    assert report["incomplete"] == [{"path": str(tmp_path / "in" / "notes.csv"), "reason": reason}]
    columns = {column["name"]: column for column in report["files"][0]["columns"]}
    assert [entity["type"] for entity in columns["notat"]["entities"]] == ["NO_FODSELSNUMMER"]
    assert [entity["type"] for entity in columns["fnr"]["entities"]] == ["NO_FODSELSNUMMER"]
    assert "incomplete scan: 1 input(s) or table(s) not read in full" in output
    assert code == 2


def test_allow_incomplete_exits_by_the_findings_and_the_report_still_says_incomplete(tmp_path):
    _inputs(tmp_path, {"notes.csv": _long_cell_csv(5000)})
    code, output, report_path = _scan(tmp_path, "--max-cell-chars", "1000", "--allow-incomplete")
    report = json.loads(report_path.read_text())
    assert report["complete"] is False and report["config"]["allow_incomplete"] is True
    assert "allowed by --allow-incomplete" in output
    assert code == 1  # a national ID in plain text is a high finding


def test_quiet_still_says_why_the_exit_code_is_2(tmp_path):
    _inputs(tmp_path, {"notes.csv": _long_cell_csv(5000)})
    code, output, _ = _scan(tmp_path, "--max-cell-chars", "1000", "--quiet")
    assert output.strip().splitlines() == [
        "ccscan: incomplete scan: 1 input(s) or table(s) not read in full (see 'incomplete' in the report); "
        "exit 2 (--allow-incomplete to exit by the findings)"
    ]
    assert code == 2


def test_a_table_wider_than_max_columns_is_incomplete(tmp_path):
    header = ";".join(f"c{n}" for n in range(8))
    row = ";".join(["x"] * 7 + [FNR])
    _inputs(tmp_path, {"wide.csv": f"{header}\n{row}\n"})
    code, _, report_path = _scan(tmp_path, "--max-columns", "5")
    report = json.loads(report_path.read_text())
    assert [entry["reason"] for entry in report["incomplete"]] == [
        "3 column(s) after the first 5 were not scanned (max_columns)"
    ]
    assert code == 2


def test_rows_that_could_not_be_parsed_make_the_scan_incomplete(tmp_path):
    _inputs(tmp_path, {"broken.csv": 'id;note\n1;"never closed\n2;fine\n'})
    code, _, report_path = _scan(tmp_path)
    report = json.loads(report_path.read_text())
    assert [entry["reason"] for entry in report["incomplete"]] == [
        "1 row(s) could not be parsed and were skipped (lines 2)"
    ]
    assert code == 2


def test_a_complete_scan_says_complete_and_exits_by_its_findings(tmp_path):
    _inputs(tmp_path, {"ok.csv": "id;note\n1;hello\n"})
    code, output, report_path = _scan(tmp_path)
    report = json.loads(report_path.read_text())
    assert (report["complete"], report["incomplete"]) == (True, [])
    assert "incomplete" not in output
    assert code == 0


@pytest.mark.parametrize(
    ("format_name", "suffix"), [("markdown", "md"), ("html", "html"), ("sarif", "sarif")]
)
def test_every_format_says_the_scan_is_incomplete_and_what_was_not_scanned(tmp_path, format_name, suffix):
    _inputs(tmp_path, {"notes.csv": _long_cell_csv(5000)})
    _, _, path = _scan(tmp_path, "--max-cell-chars", "1000", "--format", format_name, name=f"r.{suffix}")
    text = path.read_text()
    cut = "1 cell(s) longer than 1000 characters were scanned up to that length"
    if format_name == "sarif":
        invocation = json.loads(text)["runs"][0]["invocations"][0]
        assert invocation["executionSuccessful"] is False
        notes = [(n["level"], n["message"]["text"]) for n in invocation["toolExecutionNotifications"]]
        assert notes == [("warning", f"{tmp_path / 'in' / 'notes.csv'}: {cut} (max_cell_chars)")]
    else:
        assert "incomplete scan: 1 input(s) or table(s) not read in full" in text
        assert "the scan fails" in text
        assert cut in text.replace("\\_", "_")


def _cut_frames(path: Path, limit: int) -> tuple[pl.DataFrame, ReadIssues, list[int]]:
    issues = ReadIssues()
    blocks: list[int] = []
    original = csv_reader.record_blocks

    def measured(*args, **kwargs):
        for block in original(*args, **kwargs):
            blocks.append(len(block))
            yield block

    csv_reader.record_blocks = measured
    try:
        frame = pl.concat(
            list(csv_reader._read(path, ";", issues, 100, None, csv_reader.LongFields(limit, issues)))
        )
    finally:
        csv_reader.record_blocks = original
    return frame, issues, blocks


def test_a_record_too_long_to_hold_is_read_as_a_stream_with_its_fields_cut(tmp_path, monkeypatch):
    monkeypatch.setattr(csv_reader, "BLOCK_BYTES", 1024)
    path = tmp_path / "long.csv"
    long_plain = "å" * 100_000  # two bytes a character: cuts must fall between characters
    long_quoted = '"' + 'say ""hi""; ' * 10_000 + '"'
    path.write_text(f"id;a;b;c\n1;{long_plain};{long_quoted};{FNR}\n2;x;y;z\n", encoding="utf-8")
    frame, issues, blocks = _cut_frames(path, 50)
    assert frame["id"].to_list() == ["1", "2"]
    assert frame["a"][0] == "å" * 50
    assert frame["b"][0].startswith('say "hi"; say "hi"') and len(frame["b"][0]) <= 50
    assert frame["c"].to_list() == [FNR, "z"]
    assert issues.cells_cut == 2
    # what is held is a few blocks and the kept fields, never the 1.3 MB record
    assert max(blocks) < 4 * 1024


def test_an_unclosed_quote_at_the_end_of_a_long_record_still_goes_to_the_tolerant_reader(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(csv_reader, "BLOCK_BYTES", 1024)
    path = tmp_path / "unclosed.csv"
    path.write_text('id;note\n1;fine\n2;"never closed ' + "text\n" * 2000, encoding="utf-8")
    frame, issues, _ = _cut_frames(path, 50)
    assert frame["id"][0] == "1"
    assert issues.rows_unreadable >= 1 and issues.cells_cut == 0


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read(tmp_path, codec):
    path = tmp_path / "export.csv"
    path.write_bytes(f"kunde_id;navn;fnr\n1;Kari Testesen;{FNR}\n2;Ola Prøvesen;\n".encode(codec))
    with open_tables(path, limits=ReadLimits()) as tables:
        (table,) = list(tables)
        frame = pl.concat(list(table.batches(100)))
    assert frame["fnr"].to_list() == [FNR, None]
    assert frame["navn"][1] == "Ola Prøvesen"
    assert table.warnings == [f"no byte-order mark: read as {codec.upper()} by its NUL bytes"]


def test_nul_bytes_in_utf16_pattern_that_are_not_text_are_an_encoding_error(tmp_path):
    _inputs(tmp_path, {"odd.csv": b"".join(bytes([0x01 + n % 7, 0]) for n in range(500))})
    code, _, report_path = _scan(tmp_path)
    report = json.loads(report_path.read_text())
    assert report["files"][0]["errors"] == [UTF16_UNTOLD]
    assert code == 2


def test_the_summary_names_the_incomplete_scan_in_its_verdict_and_its_last_lines(tmp_path):
    _inputs(tmp_path, {"notes.csv": _long_cell_csv(5000)})
    _, output, _ = _scan(tmp_path, "--max-cell-chars", "1000")
    lines = output.strip().splitlines()
    assert (
        lines[0] == "2 high; incomplete scan: 1 input(s) or table(s) not read in full: fails --fail-on high"
    )
    assert lines[-2].startswith("ccscan: incomplete scan: 1 input(s) or table(s) not read in full")
    assert lines[-1] == f"report: {tmp_path / 'report.json'}"


def test_an_incomplete_scan_is_told_in_the_language_of_the_reports(tmp_path):
    _inputs(tmp_path, {"notes.csv": _long_cell_csv(5000)})
    incomplete = "ufullstendig skanning: 1 kilde(r) eller tabell(er) ikke lest helt"
    for format_name, suffix in (("html", "html"), ("markdown", "md")):
        _, output, path = _scan(
            tmp_path, "--max-cell-chars", "1000", "--lang", "nb", "--format", format_name, name=f"r.{suffix}"
        )
        text = path.read_text()
        assert f"{incomplete}: skanningen feiler" in text
        assert "Data som ikke ble skannet" in text
        assert "Data not scanned" not in text and "incomplete scan" not in text
    assert f"ccscan: {incomplete} (se 'incomplete' i rapporten)" in output
