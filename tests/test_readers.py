"""The streaming readers: every input format, read as bounded batches of text columns.

Each test builds its input in tmp_path from synthetic values and reads it the way the scanner does:

    with open_tables(path) as tables:
        for table in tables:
            for batch in table.batches(batch_rows): ...
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import stat
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from scanner.readers import ReadError, Table, csv_reader, discover, json_reader, open_tables
from scanner.readers.sniff import ONE_COLUMN, sniff_delimiter
from scanner.readers.table import ReadIssues


def read_all(path: Path, batch_rows: int = 1000) -> list[tuple[Table, pl.DataFrame]]:
    """Every table of `path` with all its rows in one frame."""
    results = []
    with open_tables(path, path.name) as tables:
        for table in tables:
            batches = list(table.batches(batch_rows))
            results.append((table, pl.concat(batches, how="diagonal") if batches else pl.DataFrame()))
    return results


def read_one(path: Path) -> tuple[Table, pl.DataFrame]:
    [(table, frame)] = read_all(path)
    return table, frame


def read_error(path: Path) -> str:
    with open_tables(path, path.name) as tables:
        [table] = list(tables)
        with pytest.raises(ReadError) as raised:
            list(table.batches(100))
    return str(raised.value)


def all_text(frame: pl.DataFrame) -> bool:
    return all(dtype == pl.String for dtype in frame.schema.values())


# --- CSV and delimited text -------------------------------------------------------------------------


def test_semicolon_csv_with_bom_has_a_clean_first_header(tmp_path: Path) -> None:
    path = tmp_path / "crm.csv"
    path.write_bytes("\ufeffid;phone;name\n007;+4791234567;Kari Nordmann\n".encode())
    table, frame = read_one(path)
    assert (table.format, table.sheet, table.warnings) == ("csv", None, [])
    assert frame.columns == ["id", "phone", "name"]
    assert frame.row(0) == ("007", "+4791234567", "Kari Nordmann")


@pytest.mark.parametrize("delimiter", ["\t", "|", ","])
def test_delimiter_is_sniffed(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "calls.csv"
    lines = [["id", "phone", "note"], ["1", "+4612345678", "ok"]]
    path.write_text("".join(delimiter.join(line) + "\n" for line in lines))
    _, frame = read_one(path)
    assert frame.columns == ["id", "phone", "note"]
    assert frame.row(0) == ("1", "+4612345678", "ok")


def test_delimiters_inside_quotes_do_not_count() -> None:
    text = 'name;note\n"Hansen, Kari";"a, b, c"\n"Berg, Ola";"d, e"\n'
    assert sniff_delimiter(text) == ";"


def test_delimiter_agreeing_with_the_header_on_more_lines_wins() -> None:
    text = "id,amount;note\n1,2;x\n3,4;y\n5,6;z;w\n6,7;a;b\n"
    assert sniff_delimiter(text) == ","


def test_header_without_delimiter_is_one_column() -> None:
    assert sniff_delimiter("phone\n+4791234567\n") == ONE_COLUMN


def test_text_without_consistent_delimiter_is_read_line_by_line_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text('Call notes, week 12\nCustomer rang; asked "why" twice\nNo delimiter here\nA|B|C\n')
    table, frame = read_one(path)
    assert table.warnings == ["no consistent delimiter; read one column per line"]
    assert frame.columns == ["Call notes, week 12"]
    assert frame.to_series().to_list() == ['Customer rang; asked "why" twice', "No delimiter here", "A|B|C"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_decoded(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes("\ufeffid\tnavn\n0042\tJørgen Ærø\n".encode(encoding))
    table, frame = read_one(path)
    assert table.warnings == []
    assert frame.columns == ["id", "navn"]
    assert frame.row(0) == ("0042", "Jørgen Ærø")


def test_utf16_cut_off_mid_character_is_a_read_error(tmp_path: Path) -> None:
    path = tmp_path / "cut.csv"
    path.write_bytes("\ufeffid\n0042\n".encode("utf-16-le") + b"\x41")
    assert read_error(path) == "text could not be decoded"


def test_cp1252_is_decoded_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "legacy.csv"
    path.write_bytes("id;navn;belop\n1;Søren Ågård;€ 12\n".encode("cp1252"))
    table, frame = read_one(path)
    assert table.warnings == ["decoded as cp1252 (not valid UTF-8)"]
    assert frame.row(0) == ("1", "Søren Ågård", "€ 12")


def test_bytes_undefined_in_cp1252_fall_back_to_latin1(tmp_path: Path) -> None:
    path = tmp_path / "legacy.csv"
    path.write_bytes(b"id;navn\n1;S\xf8ren\x81\n")
    table, frame = read_one(path)
    assert table.warnings == ["decoded as latin-1 (neither valid UTF-8 nor cp1252)"]
    assert frame.row(0) == ("1", "Søren\x81")


def test_invalid_utf8_late_in_the_file_decides_the_encoding(tmp_path: Path) -> None:
    # the sniffer reads only the head for the format, but the whole file for the encoding
    path = tmp_path / "late.csv"
    path.write_bytes(b"id,navn\n" + b"1,Ola\n" * 20_000 + "2,Åse\n".encode("cp1252"))
    table, frame = read_one(path)
    assert table.warnings == ["decoded as cp1252 (not valid UTF-8)"]
    assert frame.height == 20_001
    assert frame.row(-1) == ("2", "Åse")


def test_quoted_field_may_span_lines(tmp_path: Path) -> None:
    path = tmp_path / "tickets.csv"
    path.write_bytes(b'id,note,phone\r\n1,"first line\r\nsecond, line",+4722334455\r\n2,plain,\r\n')
    _, frame = read_one(path)
    assert frame["note"].to_list() == ["first line\r\nsecond, line", "plain"]
    assert frame["phone"].to_list() == ["+4722334455", None]


def test_leading_zeros_and_plus_survive(tmp_path: Path) -> None:
    path = tmp_path / "ids.csv"
    path.write_text("kundenr,telefon,postnr\n000123,+4791234567,0150\n0042,004791234567,0001\n")
    _, frame = read_one(path)
    assert all_text(frame)
    assert frame.rows() == [("000123", "+4791234567", "0150"), ("0042", "004791234567", "0001")]


def test_empty_cells_are_null_whether_quoted_or_not(tmp_path: Path) -> None:
    path = tmp_path / "gaps.csv"
    path.write_text('a,b,c\n,"",x\n')
    _, frame = read_one(path)
    assert frame.row(0) == (None, None, "x")


def test_short_lines_are_padded_and_long_lines_keep_their_extra_fields_in_an_overflow_column(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text("a,b,c\n1,2,3\n4,5\n6,7,8,9,x\n10,11,12\n")
    table, frame = read_one(path)
    assert frame.columns == ["a", "b", "c", "(extra fields)"]
    assert frame.rows() == [
        ("1", "2", "3", None),
        ("4", "5", None, None),
        ("6", "7", "8", "9,x"),
        ("10", "11", "12", None),
    ]
    assert table.issues.extra_field_lines == [4]
    assert table.warnings == [
        "1 row(s) have more fields than the header; the extra fields are scanned as column '(extra fields)' (lines 4)"
    ]


def test_duplicate_headers_are_made_unique(tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    path.write_text("phone,phone\n1,2\n")
    _, frame = read_one(path)
    assert len(set(frame.columns)) == 2
    assert frame.columns[0] == "phone"


def test_unclosed_quote_makes_its_row_unreadable_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text('id,note\n1,"SECRET-0001 never closed\n2,x\n')
    table, frame = read_one(path)
    assert frame.rows() == [("2", "x")]
    assert (table.issues.rows_unreadable, table.issues.unreadable_lines) == (1, [2])
    assert not any("SECRET" in warning for warning in table.warnings)


def test_empty_file_has_no_batches(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    table, frame = read_one(path)
    assert table.format == "csv"
    assert frame.height == 0


# --- JSON -------------------------------------------------------------------------------------------


def test_nested_ndjson_is_flattened_to_dotted_columns(tmp_path: Path) -> None:
    path = tmp_path / "events.ndjson"
    path.write_text(
        '{"id": "007", "customer": {"phone": "+4791234567", "address": {"city": "Bergen"}}, '
        '"ref": 12345678901234567, "amount": 0.10, "tags": [1, 2.50, "vip"], "vip": true}\n'
        "\n"
        '{"id": "008", "customer": {"phone": null}, "channel": "chat"}\n'
    )
    table, frame = read_one(path)
    assert table.format == "ndjson"
    assert all_text(frame)
    assert frame.to_dicts() == [
        {
            "id": "007",
            "customer.phone": "+4791234567",
            "customer.address.city": "Bergen",
            "ref": "12345678901234567",
            "amount": "0.10",
            "tags": '[1,2.50,"vip"]',
            "vip": "true",
            "channel": None,
        },
        {
            "id": "008",
            "customer.phone": None,
            "customer.address.city": None,
            "ref": None,
            "amount": None,
            "tags": None,
            "vip": None,
            "channel": "chat",
        },
    ]


def test_json_array_of_objects(tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    records = [{"id": "01", "phone": "+4520304050"}, {"id": "02", "notes": {"text": "hi"}}]
    path.write_text(json.dumps(records, indent=2))
    table, frame = read_one(path)
    assert table.format == "json"
    assert frame.rows() == [("01", "+4520304050", None), ("02", None, "hi")]
    assert frame.columns == ["id", "phone", "notes.text"]


def test_json_array_is_streamed_across_small_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # reads of 7 characters cut almost every record, string and number in two
    monkeypatch.setattr(json_reader, "READ_CHARS", 7)
    records = [{"id": f"{i:05d}", "note": "æøå " * (i % 5), "n": 10**17 + i} for i in range(300)]
    path = tmp_path / "big.json"
    lines = ",\n ".join(json.dumps(record, ensure_ascii=False) for record in records)
    path.write_text(f" [\n{lines}\n] \n")
    with open_tables(path) as tables:
        [table] = list(tables)
        batches = list(table.batches(128))
    assert [batch.height for batch in batches] == [128, 128, 44]
    frame = pl.concat(batches)
    assert frame["id"].to_list() == [f"{i:05d}" for i in range(300)]
    assert frame["n"].to_list() == [str(10**17 + i) for i in range(300)]
    assert frame["note"].to_list() == [("æøå " * (i % 5)) or None for i in range(300)]


def test_pretty_printed_single_object_is_one_record(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text('{\n  "customer": {"phone": "+4791234567"}\n}\n')
    table, frame = read_one(path)
    assert table.format == "json"
    assert frame.rows() == [("+4791234567",)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[{"a": "SECRET-1"}, {"a": "SECRET-2"', "not valid JSON"),
        ('[{"a": "SECRET-1"} {"a": 2}]', "not valid JSON"),
        ('[{"a": "SECRET-1"}] {"b": 1}', "JSON array is followed by more data"),
        ("[" * 10_000 + "]" * 10_000, "JSON nested too deeply"),
    ],
)
def test_broken_json_is_a_value_free_read_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "broken.json"
    path.write_text(text)
    assert read_error(path) == message


# --- Parquet ----------------------------------------------------------------------------------------


def test_parquet_struct_columns_are_flattened_and_everything_is_text(tmp_path: Path) -> None:
    path = tmp_path / "calls.parquet"
    pl.DataFrame(
        {
            "id": [1, 2],
            "customer": [{"phone": "+4791234567", "address": {"zip": "0150"}}, None],
            "tags": [["a", "b"], None],
            "raw": [b"plain text", b"more"],
            "blob": [b"\xff\xfe", None],
            "score": [0.5, None],
        }
    ).write_parquet(path)
    table, frame = read_one(path)
    assert table.format == "parquet"
    assert all_text(frame)
    assert frame.columns == ["id", "customer.phone", "customer.address.zip", "tags", "raw", "blob", "score"]
    assert frame.row(0) == ("1", "+4791234567", "0150", '["a","b"]', "plain text", "fffe", "0.5")
    assert frame.row(1) == ("2", None, None, None, "more", None, None)


# --- Excel ------------------------------------------------------------------------------------------


def test_each_xlsx_sheet_is_its_own_table(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    workbook = openpyxl.Workbook()
    customers = workbook.active
    customers.title = "Kunder"
    customers.append(["kundenr", "telefon", "saldo", "sum"])
    customers.append(["000123", "+4791234567", 4791234567, "=1+1"])
    calls = workbook.create_sheet("Samtaler")
    calls.append(["id", "agent"])
    calls.append([1, "Agent A"])
    calls.append([2, "Agent B"])
    workbook.save(path)
    results = read_all(path)
    assert [(table.sheet, table.format, table.location) for table, _ in results] == [
        ("Kunder", "xlsx", "book.xlsx"),
        ("Samtaler", "xlsx", "book.xlsx"),
    ]
    customers_frame, calls_frame = (frame for _, frame in results)
    assert all_text(customers_frame) and all_text(calls_frame)
    # openpyxl saves no cached value for the formula, and the reader never evaluates it
    assert customers_frame.row(0) == ("000123", "+4791234567", "4791234567", None)
    assert calls_frame.rows() == [("1", "Agent A"), ("2", "Agent B")]


# --- containers -------------------------------------------------------------------------------------


def test_gzip_csv_is_decompressed(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv.gz"
    path.write_bytes(gzip.compress(b"id;phone\n01;+4612345678\n"))
    table, frame = read_one(path)
    assert (table.location, table.format) == ("calls.csv.gz", "csv")
    assert frame.row(0) == ("01", "+4612345678")


def test_truncated_gzip_is_a_read_error(tmp_path: Path) -> None:
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(gzip.compress(b"id,phone\n" + b"01,+4612345678\n" * 1000)[:-30])
    with open_tables(path, path.name) as tables:
        [table] = list(tables)
        assert table.format == "gzip"
        with pytest.raises(ReadError, match="^gzip stream is truncated$"):
            list(table.batches(100))


def test_zip_members_are_tables_and_unsafe_names_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "bundle.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("calls/", "")
        archive.writestr("calls/2024.csv", "id|phone\n1|+4791234567\n")
        archive.writestr("customers.ndjson", '{"id": "0042"}\n')
        archive.writestr("../escape.csv", "a\n1\n")
        archive.writestr("__MACOSX/._2024.csv", b"\x00\x05\x16\x07")
        archive.writestr("nested.csv.gz", gzip.compress(b"x,y\n1,2\n"))
    with open_tables(path, "exports/bundle.zip") as tables:
        seen = []
        for table in tables:
            try:
                seen.append((table.location, table.format, next(iter(table.batches(10))).row(0)))
            except ReadError as error:
                seen.append((table.location, table.format, str(error)))
    assert seen == [
        ("exports/bundle.zip!calls/2024.csv", "csv", ("1", "+4791234567")),
        ("exports/bundle.zip!customers.ndjson", "ndjson", ("0042",)),
        ("exports/bundle.zip!../escape.csv", "unknown", "zip member name is absolute or contains '..'"),
        ("exports/bundle.zip!nested.csv.gz", "csv", ("1", "2")),
    ]


def test_zip_nesting_is_bounded(tmp_path: Path) -> None:
    inner = b"a\n1\n"
    for level in range(5):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(f"level{level}.zip" if level else "data.csv", inner)
        inner = buffer.getvalue()
    path = tmp_path / "deep.zip"
    path.write_bytes(inner)
    with open_tables(path, path.name) as tables:
        [table] = list(tables)
        assert table.location == "deep.zip!level4.zip!level3.zip!level2.zip"
        with pytest.raises(ReadError, match="^containers nested more than 3 deep$"):
            list(table.batches(10))


# --- format by content ------------------------------------------------------------------------------


def test_csv_named_txt_is_read_as_csv(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_text("id;telefon\n1;+4512345678\n")
    table, frame = read_one(path)
    assert table.format == "csv"
    assert frame.row(0) == ("1", "+4512345678")


def test_parquet_named_csv_is_read_as_parquet(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    pl.DataFrame({"phone": ["+4791234567"]}).write_parquet(path)
    table, frame = read_one(path)
    assert table.format == "parquet"
    assert frame.row(0) == ("+4791234567",)


def test_ndjson_without_extension_is_read_as_ndjson(tmp_path: Path) -> None:
    path = tmp_path / "export"
    path.write_text('{"phone": "+4791234567"}\n')
    table, _ = read_one(path)
    assert table.format == "ndjson"


def test_binary_file_is_a_clean_read_error(tmp_path: Path) -> None:
    path = tmp_path / "image.csv"
    path.write_bytes(bytes(range(256)) * 4)
    assert read_error(path) == "not a CSV, Parquet, JSON or Excel file"


def test_legacy_xls_is_refused_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert read_error(path) == "Office 97-2003 file (.xls); save it as .xlsx or CSV"


def test_word_document_is_not_taken_for_a_zip_of_inputs(tmp_path: Path) -> None:
    path = tmp_path / "letter.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert read_error(path) == "not a CSV, Parquet, JSON or Excel file"


def test_missing_file_is_a_read_error(tmp_path: Path) -> None:
    assert read_error(tmp_path / "gone.csv") == "cannot read the file (No such file or directory)"


# --- batches and cleanup ----------------------------------------------------------------------------


def test_batches_are_bounded_and_rows_add_up(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("id,phone\n" + "".join(f"{i:06d},+47{i:08d}\n" for i in range(25_000)))
    with open_tables(path) as tables:
        [table] = list(tables)
        heights = [batch.height for batch in table.batches(10_000)]
    assert heights == [10_000, 10_000, 5_000]


@pytest.mark.parametrize("batch_rows", [1, 7, 1000])
def test_every_format_respects_batch_rows(tmp_path: Path, batch_rows: int) -> None:
    rows = [{"id": f"{i:03d}"} for i in range(20)]
    pl.DataFrame(rows).write_parquet(tmp_path / "p.parquet")
    (tmp_path / "n.ndjson").write_text("".join(json.dumps(row) + "\n" for row in rows))
    (tmp_path / "c.csv").write_text("id\n" + "".join(row["id"] + "\n" for row in rows))
    workbook = openpyxl.Workbook()
    for row in [["id"], *([row["id"]] for row in rows)]:
        workbook.active.append(row)
    workbook.save(tmp_path / "x.xlsx")
    for path in sorted(tmp_path.iterdir()):
        with open_tables(path) as tables:
            [table] = list(tables)
            heights = [batch.height for batch in table.batches(batch_rows)]
        assert max(heights) <= batch_rows, path.name
        assert sum(heights) == 20, path.name


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where tempfile puts the readers' scratch directories during the test."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def test_scratch_copies_live_in_a_private_directory_removed_after_reading(
    tmp_path: Path, private_tmp: Path
) -> None:
    path = tmp_path / "legacy.csv.gz"
    path.write_bytes(gzip.compress("id;navn\n1;Søren\n".encode("cp1252")))
    with open_tables(path) as tables:
        [scratch] = list(private_tmp.iterdir())
        assert stat.S_IMODE(scratch.stat().st_mode) == 0o700
        for table in tables:
            rows = [batch.row(0) for batch in table.batches(10)]
    assert rows == [("1", "Søren")]
    assert list(private_tmp.iterdir()) == []


def test_scratch_directory_is_removed_when_reading_is_interrupted(tmp_path: Path, private_tmp: Path) -> None:
    path = tmp_path / "bundle.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.csv", "id\n1\n2\n")
        archive.writestr("b.csv", "id\n3\n")
    with pytest.raises(KeyboardInterrupt), open_tables(path) as tables:
        for table in tables:
            for _ in table.batches(1):
                assert len(list(private_tmp.rglob("*"))) == 2  # the directory and one member copy
                raise KeyboardInterrupt
    assert list(private_tmp.iterdir()) == []


def test_transcoded_copy_is_removed_when_its_table_is_done(tmp_path: Path, private_tmp: Path) -> None:
    path = tmp_path / "utf16.csv"
    path.write_bytes("id\n1\n".encode("utf-16"))
    with open_tables(path) as tables:
        [table] = list(tables)
        [scratch] = list(private_tmp.iterdir())
        list(table.batches(10))
        assert list(scratch.iterdir()) == []


def test_batch_rows_must_be_positive(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("a\n1\n")
    with open_tables(path) as tables:
        [table] = list(tables)
        with pytest.raises(ValueError):
            next(table.batches(0))


# --- discover ---------------------------------------------------------------------------------------


def _touch(root: Path, *names: str) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("a\n1\n")


def test_discover_walks_folders_in_sorted_order_and_skips_hidden(tmp_path: Path) -> None:
    _touch(tmp_path, "b.csv", "a/z.csv", "a/b/c.json", ".git/config", "a/.secret.csv", "C.csv")
    found = [path.relative_to(tmp_path).as_posix() for path in discover([tmp_path])]
    # a folder's own files first, then its subfolders, each in sorted order
    assert found == ["C.csv", "b.csv", "a/z.csv", "a/b/c.json"]
    assert [path.relative_to(tmp_path).as_posix() for path in discover([tmp_path])] == found


def test_discover_include_and_exclude_globs(tmp_path: Path) -> None:
    _touch(tmp_path, "calls/2024.csv", "calls/2024.json", "archive/old.csv", "crm.csv", "crm_test.csv")
    found = discover([tmp_path], include=["*.csv"], exclude=["archive", "*_test.csv"])
    assert [path.relative_to(tmp_path).as_posix() for path in found] == ["crm.csv", "calls/2024.csv"]
    only_calls = discover([tmp_path], include=["calls/*"])
    assert [path.name for path in only_calls] == ["2024.csv", "2024.json"]


def test_discover_takes_files_as_given_once(tmp_path: Path) -> None:
    _touch(tmp_path, "x.csv", "dir/y.csv")
    given = [tmp_path / "x.csv", tmp_path / "dir", tmp_path / "dir" / "y.csv"]
    assert list(discover(given)) == [tmp_path / "x.csv", tmp_path / "dir" / "y.csv"]
    assert list(discover(given, exclude=["x.*"])) == [tmp_path / "dir" / "y.csv"]


# --- bounded CSV blocks ---------------------------------------------------------------------------------


def _tricky_csv(rows: int) -> bytes:
    """Quoted fields with line ends, doubled quotes and delimiters, between plain ones; CRLF and LF."""
    lines = ["id,note,phone"]
    for n in range(rows):
        note = f'"line one {n}\nline ""two"", with comma"' if n % 3 == 0 else f"plain {n}"
        lines.append(f"{n},{note},+47 9{n:07d}")
    return ("\r\n".join(lines[: rows // 2]) + "\r\n" + "\n".join(lines[rows // 2 :]) + "\n").encode()


@pytest.mark.parametrize("block_bytes", [16, 48, 64, 1000, 10**6])
def test_record_blocks_end_only_at_record_boundaries(tmp_path: Path, block_bytes: int) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(_tricky_csv(200))
    blocks = list(csv_reader.record_blocks(path, '"', block_bytes))
    assert b"".join(blocks) == path.read_bytes()
    whole = list(csv.reader(io.StringIO(path.read_text(), newline="")))
    pieces = [row for block in blocks for row in csv.reader(io.StringIO(block.decode(), newline=""))]
    assert pieces == whole


@pytest.mark.parametrize(("block_bytes", "batch_rows"), [(64, 7), (1000, 50), (10**6, 1000)])
def test_block_parsed_batches_equal_one_polars_read(
    tmp_path: Path, monkeypatch, block_bytes: int, batch_rows: int
) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(_tricky_csv(300))
    monkeypatch.setattr(csv_reader, "BLOCK_BYTES", block_bytes)
    batches = list(csv_reader._parsed_batches(path, ",", '"', batch_rows))
    assert [b.height for b in batches[:-1]] == [batch_rows] * (len(batches) - 1) and 0 < batches[
        -1
    ].height <= batch_rows
    assert pl.concat(batches).equals(pl.read_csv(path, infer_schema=False))


def test_a_slow_consumer_holds_one_block_not_the_file(tmp_path: Path, monkeypatch) -> None:
    """polars' collect_batches reads ahead of the consumer without bound; the block reader reads a block
    only when the batches it gave are used up."""
    path = tmp_path / "t.csv"
    path.write_bytes(_tricky_csv(5000))
    monkeypatch.setattr(csv_reader, "BLOCK_BYTES", 4096)
    read: list[int] = []
    original = csv_reader.record_blocks

    def counted(*args):
        for block in original(*args):
            read.append(len(block))
            yield block

    monkeypatch.setattr(csv_reader, "record_blocks", counted)
    first = next(csv_reader._parsed_batches(path, ",", '"', 20))
    assert first.height == 20 and len(read) == 1 and sum(read) < 2 * 4096 < path.stat().st_size / 10


def test_an_unclosed_quote_does_not_make_one_block_of_the_rest_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b'id,note\n1,"never closed\n' + b"2,plain\n" * 5000)
    blocks = list(csv_reader.record_blocks(path, '"', 1024))
    assert max(len(block) for block in blocks) <= (csv_reader.MAX_BLOCKS_WITHOUT_BOUNDARY + 1) * 1024
    assert b"".join(blocks) == path.read_bytes()


@pytest.mark.parametrize("block_bytes", [8, 64, 10**6])
def test_an_unclosed_quote_at_the_start_of_a_later_block_goes_to_the_tolerant_reader(
    tmp_path: Path, monkeypatch, block_bytes: int
) -> None:
    """With small blocks the second one starts at the broken row; it must be read as the whole file is."""
    monkeypatch.setattr(csv_reader, "BLOCK_BYTES", block_bytes)
    path = tmp_path / "broken.csv"
    path.write_text('a,b,c\n1,"unclosed,q\n2,x,z\n3,y,w\n')
    issues = ReadIssues()
    frame = pl.concat(csv_reader._read(path, ",", issues, 100))
    assert frame.rows() == [("2", "x", "z"), ("3", "y", "w")]
    assert (issues.rows_unreadable, issues.unreadable_lines) == (1, [2])


def test_short_rows_in_later_blocks_are_padded_as_in_one_read(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(csv_reader, "BLOCK_BYTES", 64)
    path = tmp_path / "ragged.csv"
    path.write_text(
        "id,note,phone\n"
        + "".join(f"{n},note {n}\n" if n % 4 else f"{n},note {n},+47 9{n:07d}\n" for n in range(300))
    )
    batches = list(csv_reader._parsed_batches(path, ",", '"', 50))
    assert pl.concat(batches).equals(pl.read_csv(path, infer_schema=False))


def test_after_a_stray_quote_blocks_are_cut_at_the_bound_and_lose_nothing(tmp_path: Path) -> None:
    """After an odd quote no line end of a block qualifies: the walk back over them keeps its quote count
    (recounting from the block start each time made a 4 MiB file take minutes), and the block is cut at
    the bound for the tolerant reader."""
    line = b"12345,some text here that is a note about the call,0701234567,2016-02-10T00:49:10\n"
    path = tmp_path / "stray.csv"
    path.write_bytes(b"a,b,c,d\n" + b'1,5" screen,x,y\n' + line * (1024 * 1024 // len(line)))
    blocks = list(csv_reader.record_blocks(path, '"', 16 * 1024))
    assert b"".join(blocks) == path.read_bytes()
    assert max(map(len, blocks)) <= (csv_reader.MAX_BLOCKS_WITHOUT_BOUNDARY + 1) * 16 * 1024
