"""Bad input: every kind gets one value-free line on the terminal and an entry in the report, and the
other files are still scanned; rows that cannot be parsed are counted, so the totals add up.

One folder holding every bad input (and one good export) is scanned once through the CLI; each test
then checks one input's entry in the report and its line on the terminal.
"""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import jsonschema
import openpyxl
import polars as pl
import pytest
from click.testing import CliRunner

from scanner.cli import main
from scanner.readers import ReadError, json_reader, open_tables

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "scanner" / "report_schema.json").read_text())
MB = 1024 * 1024
GOOD = "kunde_id;navn;epost\n1001;Kari Testesen;kari.testesen@example.no\n1002;Ola Prøvesen;ola@example.no\n"


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _encrypted_member_zip() -> bytes:
    """A zip whose one member has the 'encrypted' flag set (Python cannot write real zip encryption)."""
    data = bytearray(_zip({"secret.csv": b"a,b\n1,2\n"}))
    data[6] |= 1  # general purpose flag of the local header
    central = data.index(b"PK\x01\x02")
    data[central + 8] |= 1  # and of the central directory entry
    return bytes(data)


def _encrypted_xlsx() -> bytes:
    """What Office writes for a password-protected workbook: an OLE2 compound file holding the stream
    `EncryptedPackage` (only the parts the sniffer looks at: the signature and the directory name)."""
    directory_entry = "EncryptedPackage".encode("utf-16-le").ljust(64, b"\0") + b"\x22\x00\x02" + b"\0" * 61
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + directory_entry + b"\0" * 384


def _formula_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Kunder"
    sheet.append(["kunde_id", "total", "lookup"])
    sheet.append(["1001", "=1+1", '=WEBSERVICE("http://127.0.0.1:9/leak")'])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _nested_zip(depth: int) -> bytes:
    data, name = GOOD.encode(), "contacts.csv"
    for level in range(depth):
        data, name = _zip({name: data}), f"level{level}.zip"
    return data


# Built when the scan fixture runs, not at import: some are a hundred megabytes.
BAD_INPUTS: dict[str, Callable[[], bytes]] = {
    "empty.csv": lambda: b"",
    "header_only.csv": lambda: b"kunde_id;fnr;telefon\n",
    "binary.csv": lambda: bytes(range(256)) * 40,
    "truncated.csv.gz": lambda: gzip.compress(GOOD.encode() * 200)[:-12],
    "traversal.zip": lambda: _zip({"../../x.csv": GOOD.encode(), "ok.csv": GOOD.encode()}),
    "nested_deep.zip": lambda: _nested_zip(4),
    "nested_ok.zip": lambda: _nested_zip(2),
    "encrypted_member.zip": lambda: _encrypted_member_zip(),
    "bomb.csv.gz": lambda: gzip.compress(b"0" * (80 * MB), compresslevel=1),
    "bomb.zip": lambda: _zip({"zeros.csv": b"0" * (80 * MB)}),
    "formulas.xlsx": lambda: _formula_xlsx(),
    "encrypted.xlsx": lambda: _encrypted_xlsx(),
    "ragged.csv": lambda: b"id,note\n1,a\n2,b,call kari.testesen@example.no,extra\n3,c\n4\n",
    "quotes.csv": lambda: b'id,note\n1,a\n2,"text after" the quote\n3,b\n4,"never closed\n5,c\n6,d\n',
    "nul.csv": lambda: b"id,note\n1,ab\x00cd\n2,ok\n",
    "mixed_endings.csv": lambda: b"id,note\r\n1,a\n2,b\r3,c\r\n4,d\n",
    "bad_utf8.csv": lambda: (
        "id,navn\n1,Øystein Ås\n2,Bjørn\n".encode() + b"3,\xff\xfe bad\n" + "4,Kåre\n".encode()
    ),
    "big_cell.csv": lambda: b"id,note\n1," + b"x" * (100 * MB) + b"\n2,short\n",
    "wide.csv": lambda: (
        ",".join(f"c{i}" for i in range(100_000)) + "\n" + ",".join("1" * 100_000) + "\n"
    ).encode(),
    "deep.json": lambda: b"[" * 10_000 + b"]" * 10_000,
    "deep.ndjson": lambda: b'{"id": "1"}\n{"id": ' + b"[" * 10_000 + b"]" * 10_000 + b'}\n{"id": "3"}\n',
    "bad.ndjson": lambda: b'{"id": "1"}\n{"id": 2,\n{"id": "3"}\n["not", "an", "object"]\n{"id": "5"}\n',
    "huge_string.json": lambda: b'"' + b"x" * (70 * MB) + b'"',
    "zz_contacts.csv": lambda: GOOD.encode(),
}


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, str, int]:
    """(folder, report, terminal output, exit code) of one scan over every bad input."""
    root = tmp_path_factory.mktemp("bad_input")
    folder = root / "in"
    folder.mkdir()
    for name, build in BAD_INPUTS.items():
        (folder / name).write_bytes(build())
    report_path = root / "report.json"
    result = CliRunner().invoke(
        main, ["scan", str(folder), "--output", str(report_path), "--max-columns", "50"]
    )
    return folder, json.loads(report_path.read_text()), result.output, result.exit_code


def _entry(scanned, location: str) -> dict:
    folder, report, _, _ = scanned
    entries = [entry for entry in report["files"] if entry["path"] == f"{folder}/{location}"]
    assert len(entries) == 1, [entry["path"] for entry in report["files"]]
    return entries[0]


def _terminal_line(scanned, kind: str, location: str, message: str) -> None:
    folder, _, output, _ = scanned
    assert f"{kind}: {folder}/{location}: {message}" in output.splitlines() or any(
        line.strip() == f"{kind}: {folder}/{location}: {message}" for line in output.splitlines()
    ), output


ERRORS = [
    ("binary.csv", "not a CSV, Parquet, JSON or Excel file"),
    ("truncated.csv.gz", "gzip stream is truncated"),
    ("traversal.zip!../../x.csv", "zip member name is absolute or contains '..'"),
    ("nested_deep.zip!level2.zip!level1.zip!level0.zip", "containers nested more than 3 deep"),
    ("encrypted_member.zip!secret.csv", "zip member is encrypted"),
    (
        "bomb.csv.gz",
        "compression ratio above 100:1, possibly a decompression bomb (max_compression_ratio); not read",
    ),
    (
        "bomb.zip!zeros.csv",
        "compression ratio above 100:1, possibly a decompression bomb (max_compression_ratio); not read",
    ),
    ("encrypted.xlsx", "Excel workbook is password-protected (encrypted); save a copy without a password"),
    ("deep.json", "JSON nested too deeply"),
]


@pytest.mark.parametrize(("location", "message"), ERRORS, ids=[location for location, _ in ERRORS])
def test_unreadable_input_is_one_error_line_in_report_and_terminal(
    scanned, location: str, message: str
) -> None:
    assert _entry(scanned, location)["errors"] == [message]
    _terminal_line(scanned, "error", location, message)


WARNINGS = [
    ("empty.csv", "the file is empty"),
    ("header_only.csv", "no data rows"),
    (
        "formulas.xlsx",
        "formula cells are read as the values saved with the workbook; formulas are never evaluated",
    ),
    (
        "ragged.csv",
        "1 row(s) have more fields than the header; the extra fields are scanned as column '(extra fields)' (lines 3)",
    ),
    ("quotes.csv", "2 row(s) could not be parsed and were skipped (lines 3, 5)"),
    ("nul.csv", "1 NUL byte(s) read as text"),
    ("mixed_endings.csv", r"bare \r line ends (old Mac style) read as line breaks"),
    ("bad_utf8.csv", "2 invalid UTF-8 byte sequence(s) replaced by U+FFFD (lines 4)"),
    (
        "big_cell.csv",
        "1 cell(s) longer than 1000000 characters were scanned up to that length (max_cell_chars)",
    ),
    ("wide.csv", "99950 column(s) after the first 50 were not scanned (max_columns)"),
    ("deep.ndjson", "1 row(s) could not be parsed and were skipped (lines 2)"),
    ("bad.ndjson", "2 row(s) could not be parsed and were skipped (lines 2, 4)"),
    ("huge_string.json", "1 row(s) could not be parsed and were skipped (lines 1)"),
]


@pytest.mark.parametrize(("location", "message"), WARNINGS, ids=[location for location, _ in WARNINGS])
def test_damaged_but_readable_input_is_a_warning_in_report_and_terminal(
    scanned, location: str, message: str
) -> None:
    entry = _entry(scanned, location)
    assert entry["errors"] == []
    assert message in entry["warnings"]
    _terminal_line(scanned, "warning", location, message)


@pytest.mark.parametrize(
    ("location", "rows", "unreadable", "lines"),
    [
        ("quotes.csv", 4, 2, [3, 5]),
        ("bad.ndjson", 3, 2, [2, 4]),
        ("deep.ndjson", 2, 1, [2]),
        ("ragged.csv", 4, 0, []),
        ("mixed_endings.csv", 4, 0, []),
        ("nul.csv", 2, 0, []),
        ("bad_utf8.csv", 4, 0, []),
        ("big_cell.csv", 2, 0, []),
        ("huge_string.json", 0, 1, [1]),
    ],
)
def test_rows_scanned_plus_rows_unreadable_are_the_rows_of_the_file(
    scanned, location: str, rows: int, unreadable: int, lines: list[int]
) -> None:
    entry = _entry(scanned, location)
    assert (entry["rows"], entry["rows_unreadable"], entry["unreadable_lines"]) == (rows, unreadable, lines)


def test_the_other_files_are_still_scanned_and_the_exit_code_is_2(scanned) -> None:
    _, report, output, exit_code = scanned
    jsonschema.validate(report, SCHEMA)
    assert exit_code == 2
    assert "Traceback" not in output
    for location in ("zz_contacts.csv", "traversal.zip!ok.csv", "nested_ok.zip!level0.zip!contacts.csv"):
        entry = _entry(scanned, location)
        email = next(column for column in entry["columns"] if column["name"] == "epost")
        assert (entry["rows"], email["entities"][0]["type"]) == (2, "EMAIL_ADDRESS")
    assert report["summary"]["rows_unreadable"] == 6


def test_extra_fields_of_a_long_row_are_scanned(scanned) -> None:
    columns = {column["name"]: column for column in _entry(scanned, "ragged.csv")["columns"]}
    assert [entity["type"] for entity in columns["(extra fields)"]["entities"]] == ["EMAIL_ADDRESS"]


def test_formulas_are_never_evaluated(scanned) -> None:
    entry = _entry(scanned, "formulas.xlsx")
    columns = {column["name"]: column["non_empty"] for column in entry["columns"]}
    # no value was cached when the file was saved, so the formula cells are empty rather than computed
    assert columns == {"kunde_id": 1, "total": 0, "lookup": 0}


def test_invalid_utf8_keeps_the_rest_of_the_file_decoded_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bad_utf8.csv"
    path.write_bytes(BAD_INPUTS["bad_utf8.csv"]())
    with open_tables(path) as tables:
        [table] = list(tables)
        frame = pl.concat(list(table.batches(10)))
    assert frame["navn"].to_list() == ["Øystein Ås", "Bjørn", "\ufffd\ufffd bad", "Kåre"]


def test_a_wide_table_keeps_the_default_number_of_columns(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_bytes(BAD_INPUTS["wide.csv"]())
    with open_tables(path) as tables:
        [table] = list(tables)
        [frame] = list(table.batches(10))
    assert frame.width == table.limits.max_columns == 1000
    assert table.issues.columns_dropped == 99_000


def test_decompressed_size_limit_is_configurable(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "calls.csv.gz").write_bytes(
        gzip.compress(b"id,note\n" + b"1,some text with varied words\n" * 100_000)
    )
    report_path = tmp_path / "report.json"
    result = CliRunner().invoke(
        main, ["scan", str(folder), "--output", str(report_path), "--max-decompressed-mb", "1", "--quiet"]
    )
    report = json.loads(report_path.read_text())
    assert report["files"][0]["errors"] == ["unpacks to more than 1 MB (max_decompressed_mb); not read"]
    assert report["config"]["max_decompressed_mb"] == 1
    assert result.exit_code == 2


def test_cell_length_limit_is_configurable_and_recorded(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "notes.csv").write_text("id,note\n1," + "ring meg " * 20 + "\n2,kort\n")
    report_path = tmp_path / "report.json"
    CliRunner().invoke(
        main, ["scan", str(folder), "--output", str(report_path), "--max-cell-chars", "50", "--quiet"]
    )
    report = json.loads(report_path.read_text())
    assert report["files"][0]["warnings"] == [
        "1 cell(s) longer than 50 characters were scanned up to that length (max_cell_chars)"
    ]
    assert (report["config"]["max_cell_chars"], report["config"]["max_columns"]) == (50, 1000)


def test_a_headerless_export_does_not_put_its_first_row_in_column_names(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "headerless.csv").write_text(
        "15108695088;kari.testesen@example.no;Kari\n01018012345;ola@example.no;Ola\n"
    )
    report_path = tmp_path / "report.json"
    CliRunner().invoke(main, ["scan", str(folder), "--output", str(report_path), "--quiet"])
    names = [column["name"] for column in json.loads(report_path.read_text())["files"][0]["columns"]]
    assert names == ["**********8", "k***@example.no", "Kari"]


def test_a_json_record_larger_than_the_record_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(json_reader, "MAX_RECORD_MB", 1)
    path = tmp_path / "one.json"
    path.write_text('[{"note": "' + "x" * (5 * MB) + '"}]')
    with open_tables(path) as tables:
        [table] = list(tables)
        with pytest.raises(ReadError, match="^JSON record larger than 1 MB$"):
            list(table.batches(10))


def _read(path: Path, batch_rows: int = 10):
    with open_tables(path) as tables:
        [table] = list(tables)
        batches = list(table.batches(batch_rows))
    return table, pl.concat(batches, how="diagonal") if batches else pl.DataFrame()


def test_json_numbers_keep_the_spelling_of_the_source(tmp_path: Path) -> None:
    path = tmp_path / "numbers.ndjson"
    path.write_text('{"a": 1e5, "b": 2.50E-3, "c": ' + "9" * 5000 + "}\n")
    _, frame = _read(path)
    assert frame.row(0) == ("1e5", "2.50E-3", "9" * 5000)


def test_a_json_array_element_that_is_not_an_object_is_an_unreadable_row(tmp_path: Path) -> None:
    path = tmp_path / "mixed.json"
    path.write_text('[\n  {"a": "1"},\n  ["SECRET-2"],\n  {"a": "3"}\n]')
    table, frame = _read(path)
    assert frame["a"].to_list() == ["1", "3"]
    assert (table.issues.rows_unreadable, table.issues.unreadable_lines) == (1, [3])


def test_an_ndjson_line_longer_than_the_record_limit_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(json_reader, "MAX_RECORD_MB", 1)
    path = tmp_path / "long.ndjson"
    path.write_text('{"a": "1"}\n{"a": "' + "x" * (3 * MB) + '"}\n{"a": "3"}\n')
    table, frame = _read(path)
    assert frame["a"].to_list() == ["1", "3"]
    assert table.issues.unreadable_lines == [2]


def test_the_csv_rows_polars_gave_are_not_read_again_by_the_tolerant_reader(tmp_path: Path) -> None:
    path = tmp_path / "late_problem.csv"
    path.write_text("id,note\n" + "".join(f"{i},n{i}\n" for i in range(1, 40)) + "40,x,extra\n41,y\n")
    for batch_rows in (1, 7, 100):
        table, frame = _read(path, batch_rows)
        assert frame["id"].to_list() == [str(i) for i in range(1, 42)]
        assert table.issues.extra_field_lines == [41]


def test_a_json_escape_of_a_lone_surrogate_is_read_as_a_replacement_character(tmp_path: Path) -> None:
    path = tmp_path / "surrogates.ndjson"
    path.write_text('{"navn\\ud800": "Kari\\udc00"}\n{"emoji": "\\ud83d\\ude00"}\n')
    _, frame = _read(path)
    assert frame.columns == ["navn\ufffd", "emoji"]
    assert frame.rows() == [("Kari\ufffd", None), (None, "\U0001f600")]
