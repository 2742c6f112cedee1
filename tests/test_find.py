"""ccscan find: planted subjects in every writing and format are found, near misses are not, and no
identifier leaves the process except in the access export.

All identifiers are generated here with valid check digits from seeded randomness; none is printed,
and assertion messages name labels and locations only.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from random import Random

import jsonschema
import openpyxl
import polars as pl
import pytest
from click.testing import CliRunner

from recognizers.canonical import phone_readings
from recognizers.checksums import luhn_check_digit
from recognizers.national_ids.fi_hetu import check_character
from recognizers.national_ids.no_fodselsnummer import check_digits
from scanner.cli import main
from scanner.find.results import build_find_report
from scanner.find.search import SearchOptions, search_paths
from scanner.find.subjects import Salt, SubjectsError, load_subjects, subjects_from_records

SCHEMA = json.loads((Path(__file__).parents[1] / "scanner/find/find_schema.json").read_text())


def _fodselsnummer(rng: Random) -> str:
    while True:
        first9 = f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(50, 99):02d}{rng.randint(0, 499):03d}"
        checks = check_digits(first9)
        if checks is not None:
            return first9 + checks


def _personnummer(rng: Random) -> str:
    """Ten digits YYMMDDNNNC of someone born in the 1900s."""
    nine = (
        f"{rng.randint(50, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    )
    return nine + str(luhn_check_digit(nine))


def _hetu(rng: Random) -> str:
    date, serial = (
        f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(50, 99):02d}",
        f"{rng.randint(2, 899):03d}",
    )
    return f"{date}-{serial}{check_character(date + serial)}"


def _mobile(rng: Random, first: str, digits: int, region_code: str) -> str:
    while True:
        nsn = first + "".join(str(rng.randint(0, 9)) for _ in range(digits - len(first)))
        readings = phone_readings(f"+{region_code}{nsn}")
        if readings:
            return nsn


@dataclass(frozen=True)
class People:
    fnr: str
    fnr_off_by_one: str
    pnr: str
    pnr2: str  # given hyphenated (the shape of a HETU too), written as ten bare digits
    pnr3: str  # someone over 100: given and written with "+", also written with 12 digits
    hetu: str
    se_mobile: str  # NSN, 9 digits
    se_mobile_neighbour: str
    no_mobile: str  # NSN, 8 digits
    email: str
    customer: str

    def secrets(self) -> list[str]:
        """Every identifier in the writings a leak would show."""
        return [
            self.fnr,
            self.pnr,
            self.pnr2,
            self.pnr3,
            self.hetu,
            self.hetu.lower(),
            self.se_mobile,
            self.no_mobile,
            self.email.lower(),
            self.customer,
            self.fnr[:6] + " " + self.fnr[6:],
            "19" + self.pnr,
        ]


def _people(seed: int = 17) -> People:
    rng = Random(seed)
    fnr = _fodselsnummer(rng)
    last = (int(fnr[-1]) + 1) % 10
    se = _mobile(rng, "70", 9, "46")
    neighbour = se[:-1] + str((int(se[-1]) + 1) % 10)
    return People(
        fnr=fnr,
        fnr_off_by_one=fnr[:-1] + str(last),
        pnr=_personnummer(rng),
        pnr2=_personnummer(rng),
        pnr3=_personnummer(rng),
        hetu=_hetu(rng),
        se_mobile=se,
        se_mobile_neighbour=neighbour,
        no_mobile=_mobile(rng, "4", 8, "47"),
        email=f"kari.{rng.randint(100, 999)}@Example.COM",
        customer=f"C-{rng.randint(100000, 999999)}",
    )


def _subjects_csv(people: People) -> str:
    rows = [
        ["label", "national_id", "phone", "email", "name", "customer_number"],
        ["REQ-1", people.fnr, f"+46 {people.se_mobile}", "", "Kari Nordmann", ""],
        ["REQ-2", f"19{people.pnr[:6]}-{people.pnr[6:]}", "", people.email, "", people.customer],
        ["REQ-3", people.hetu, f"+47 {people.no_mobile}", "", "Jonas Berg", ""],
        ["REQ-4", _fodselsnummer(Random(99)), "", "nobody@example.org", "", ""],
        ["REQ-5", f"{people.pnr2[:6]}-{people.pnr2[6:]}", "", "", "", ""],
        ["REQ-6", f"{people.pnr3[:6]}+{people.pnr3[6:]}", "", "", "", ""],
    ]
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(rows)
    return text.getvalue()


def _plant(tmp_path: Path, people: People) -> Path:
    """The same people in CSV, Parquet, NDJSON, xlsx and a zipped CSV, in columns and in notes."""
    p = people
    se = p.se_mobile
    records = [
        # REQ-1 by national ID with a space, in a column; its phone in the national form
        {
            "id": "1",
            "customer": p.fnr[:6] + " " + p.fnr[6:],
            "phone": f"0{se[:2]}-{se[2:5]} {se[5:7]} {se[7:]}",
            "notes": "ok",
        },
        # REQ-1's phone with 00 and the trunk in parentheses, in a note, and its name in the same row
        {
            "id": "2",
            "customer": "Kari Nordmann",
            "phone": None,
            "notes": f"ring +46 (0){se[:2]} {se[2:5]} {se[5:]} etter 17",
        },
        # REQ-2: the 10-digit personnummer with a hyphen, the 12-digit one in a note, email case-folded
        {
            "id": "3",
            "customer": f"{p.pnr[:6]}-{p.pnr[6:]}",
            "phone": None,
            "notes": f"mail {p.email.upper()}",
        },
        {"id": "4", "customer": None, "phone": None, "notes": f"pnr 19{p.pnr} / kunde {p.customer}."},
        # REQ-3: the HETU with a lower-case check character, the phone written 0047
        {"id": "5", "customer": p.hetu.lower(), "phone": f"0047 {p.no_mobile}", "notes": None},
        # near misses: one digit off, a neighbour's phone, the ID inside a longer number, the NSN after
        # another country's code, a customer number inside a longer token, the name alone
        {
            "id": "6",
            "customer": p.fnr_off_by_one,
            "phone": f"0{p.se_mobile_neighbour}",
            "notes": f"ref 9{p.fnr}7",
        },
        {
            "id": "7",
            "customer": "Kari Nordmann",
            "phone": f"+45 {p.no_mobile}",
            "notes": f"order {p.customer}1",
        },
        # REQ-5, given as YYMMDD-NNNC, written as ten digits
        {"id": "8", "customer": None, "phone": None, "notes": f"personnummer {p.pnr2}"},
        # REQ-6 with its "+" and with its century
        {"id": "9", "customer": f"{p.pnr3[:6]}+{p.pnr3[6:]}", "phone": None, "notes": f"pnr 18{p.pnr3}"},
    ]
    folder = tmp_path / "exports"
    folder.mkdir()
    frame = pl.DataFrame(records, schema={name: pl.String for name in records[0]})
    frame.write_csv(folder / "calls.csv")
    frame.write_parquet(folder / "calls.parquet")
    (folder / "calls.ndjson").write_text("".join(json.dumps(record) + "\n" for record in records))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Kunder"
    sheet.append(list(records[0]))
    for record in records:
        sheet.append(list(record.values()))
    workbook.save(folder / "calls.xlsx")
    with zipfile.ZipFile(folder / "bundle.zip", "w") as archive:
        archive.writestr("inner/calls.csv", (folder / "calls.csv").read_bytes())
    return folder


def _search(folder: Path, subjects_text: str, tmp_path: Path, **options) -> dict:
    subjects_file = tmp_path / "subjects.csv"
    subjects_file.write_text(subjects_text)
    subjects = load_subjects(str(subjects_file))
    tables = search_paths([folder], subjects, SearchOptions(**options))
    return build_find_report(subjects, tables, {"match_names": options.get("match_names", False)})


def _rows(report: dict, label: str) -> dict[str, dict[int, dict[str, list[str]]]]:
    """location (with sheet) -> row -> column -> kinds, for one subject."""
    subject = next(entry for entry in report["subjects"] if entry["label"] == label)
    found: dict[str, dict[int, dict[str, list[str]]]] = {}
    for table in subject["tables"]:
        where = Path(table["path"].split("!")[0]).name + ("!" + table["member"] if "member" in table else "")
        rows = found.setdefault(where + (f"#{table['sheet']}" if "sheet" in table else ""), {})
        for row in table["rows"]:
            rows[row["row"]] = {column["column"]: column["kinds"] for column in row["columns"]}
    return found


TABLES = ("bundle.zip!inner/calls.csv", "calls.csv", "calls.ndjson", "calls.parquet", "calls.xlsx#Kunder")


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[People, Path, dict]:
    tmp_path = tmp_path_factory.mktemp("find")
    people = _people()
    folder = _plant(tmp_path, people)
    return people, folder, _search(folder, _subjects_csv(people), tmp_path)


def test_every_writing_is_found_in_every_format_and_nothing_else(planted) -> None:
    _, _, report = planted
    expected = {
        "REQ-1": {
            1: {"customer": ["national_id"], "phone": ["phone"]},
            2: {"customer": ["name"], "notes": ["phone"]},
        },
        "REQ-2": {
            3: {"customer": ["national_id"], "notes": ["email"]},
            4: {"notes": ["customer_number", "national_id"]},
        },
        "REQ-3": {5: {"customer": ["national_id"], "phone": ["phone"]}},
        "REQ-5": {8: {"notes": ["national_id"]}},
        "REQ-6": {9: {"customer": ["national_id"], "notes": ["national_id"]}},
    }
    for label, rows in expected.items():
        assert _rows(report, label) == dict.fromkeys(TABLES, rows), label


def test_a_subject_found_nowhere_is_listed_as_holding_nothing(planted) -> None:
    _, _, report = planted
    nobody = next(entry for entry in report["subjects"] if entry["label"] == "REQ-4")
    assert (nobody["found"], nobody["tables"], nobody["rows_matched"]) == (False, [], 0)
    assert report["summary"]["subjects_found"] == 5 and report["summary"]["subjects_not_found"] == 1


def test_rows_carry_lines_members_sheets_and_the_other_categories(planted) -> None:
    _, _, report = planted
    tables = {
        Path(t["path"].split("!")[0]).name + t.get("sheet", ""): t for t in report["subjects"][0]["tables"]
    }
    assert [row.get("line") for row in tables["calls.csv"]["rows"]] == [2, 3]
    assert [row.get("line") for row in tables["calls.ndjson"]["rows"]] == [1, 2]
    assert (
        "line" not in tables["bundle.zip"]["rows"][0] and tables["bundle.zip"]["member"] == "inner/calls.csv"
    )
    assert tables["calls.xlsxKunder"]["sheet"] == "Kunder"
    assert {"NATIONAL_ID", "PHONE"} <= set(tables["calls.csv"]["categories"])


def test_the_report_follows_its_schema(planted) -> None:
    _, _, report = planted
    jsonschema.validate(report, SCHEMA)


def test_a_name_alone_is_a_separate_lower_tier_only_when_asked(planted, tmp_path: Path) -> None:
    people, folder, report = planted
    assert 7 not in _rows(report, "REQ-1")["calls.csv"]
    named = _search(folder, _subjects_csv(people), tmp_path, match_names=True)
    subject = named["subjects"][0]
    name_only = {t["path"].split("/")[-1]: [r["row"] for r in t["rows"]] for t in subject["name_only"]}
    assert name_only["calls.csv"] == [7]  # row 2 holds the name too, but is found by the phone
    assert _rows(named, "REQ-1")["calls.csv"] == _rows(report, "REQ-1")["calls.csv"]


@pytest.mark.parametrize(("batch_rows", "workers"), [(1, 1), (2, 1), (3, 2)])
def test_batch_sizes_and_workers_give_the_same_answer(
    planted, tmp_path: Path, batch_rows: int, workers: int
) -> None:
    people, folder, report = planted
    again = _search(folder, _subjects_csv(people), tmp_path, batch_rows=batch_rows, workers=workers)
    assert again["subjects"] == report["subjects"]


def _cli(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """Run ccscan with the default report written into `cwd`."""
    if "-o" not in args:
        args = [*args, "-o", str(cwd / "ccscan-find.json")]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_no_identifier_in_output_reports_or_temp_files(planted, tmp_path: Path, private_temp: Path) -> None:
    people, folder, _ = planted
    subjects = tmp_path / "subjects.csv"
    subjects.write_text(_subjects_csv(people))
    out = tmp_path / "out"
    args = [
        "find",
        "--subjects",
        str(subjects),
        str(folder),
        "--match-names",
        "--erasure-manifest",
        str(out / "m.json"),
    ]
    texts = []
    for format_name in ("json", "html", "markdown"):
        code, stdout, stderr = _cli(
            [*args, "--format", format_name, "-o", str(out / f"r.{format_name}")], tmp_path
        )
        assert code == 1
        texts += [stdout, stderr, (out / f"r.{format_name}").read_text()]
    leaked = [
        index
        for index, text in enumerate(texts)
        for secret in people.secrets()
        if secret.lower() in text.lower()
    ]
    assert leaked == [], "an identifier was written to stdout, stderr or a report"
    assert list(private_temp.iterdir()) == [], "a temp file was left behind"


def test_the_access_export_holds_the_rows_owner_only(planted, tmp_path: Path) -> None:
    people, folder, _ = planted
    subjects = tmp_path / "subjects.csv"
    subjects.write_text(_subjects_csv(people))
    export = tmp_path / "export"
    code, _, _ = _cli(
        ["find", "--subjects", str(subjects), str(folder / "calls.csv"), "--export-rows", str(export)],
        tmp_path,
    )
    assert code == 1
    assert sorted(path.name for path in export.iterdir()) == [f"REQ-{n}.json" for n in (1, 2, 3, 5, 6)]
    assert all(path.stat().st_mode & 0o077 == 0 for path in [export, *export.iterdir()])
    document = json.loads((export / "REQ-2.json").read_text())
    rows = document["tables"][0]["rows"]
    assert [row["row"] for row in rows] == [3, 4]
    assert rows[1]["values"]["notes"].endswith(f"{people.customer}.")


def test_after_erasure_by_the_manifest_a_second_search_finds_nothing(planted, tmp_path: Path) -> None:
    people, folder, _ = planted
    subjects = tmp_path / "subjects.csv"
    subjects.write_text(_subjects_csv(people))
    table = tmp_path / "calls.csv"
    table.write_bytes((folder / "calls.csv").read_bytes())
    manifest = tmp_path / "manifest.json"
    code, _, _ = _cli(
        ["find", "--subjects", str(subjects), str(table), "--erasure-manifest", str(manifest)], tmp_path
    )
    assert code == 1
    entry = json.loads(manifest.read_text())["tables"][0]
    assert entry["key_columns"] == ["id"]
    doomed = [row["keys"]["id"] for row in entry["rows"]]
    assert doomed == ["1", "2", "3", "4", "5", "8", "9"]
    pl.read_csv(table, infer_schema=False).filter(~pl.col("id").is_in(doomed)).write_csv(table)
    code, _, _ = _cli(
        ["find", "--subjects", str(subjects), str(table), "-o", str(tmp_path / "again.json")], tmp_path
    )
    assert code == 0
    assert json.loads((tmp_path / "again.json").read_text())["summary"]["subjects_found"] == 0


def test_sample_is_refused_and_an_unreadable_input_is_exit_2(planted, tmp_path: Path) -> None:
    people, folder, _ = planted
    subjects = tmp_path / "subjects.csv"
    subjects.write_text(_subjects_csv(people))
    code, _, stderr = _cli(["find", "--subjects", str(subjects), str(folder), "--sample", "10"], tmp_path)
    assert code == 2 and "--sample" in stderr
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    code, _, stderr = _cli(
        ["find", "--subjects", str(subjects), str(broken), "-o", str(tmp_path / "r.json")], tmp_path
    )
    assert code == 2 and "broken.zip" in stderr


def test_a_bad_subject_is_one_line_naming_row_and_field_never_the_value(tmp_path: Path) -> None:
    path = tmp_path / "subjects.csv"
    path.write_text("label,phone\nREQ-1,+47 123\n")
    with pytest.raises(SubjectsError) as error:
        load_subjects(str(path))
    assert str(error.value) == f"{path}: subject 1 (REQ-1): phone: not a valid phone number in any region"
    code, _, stderr = _cli(["find", "--subjects", str(path), str(tmp_path)], tmp_path)
    assert code == 2 and "+47 123" not in stderr and stderr.count("\n") == 1


def test_subjects_are_held_only_as_hashes(tmp_path: Path) -> None:
    people = _people()
    path = tmp_path / "subjects.json"
    path.write_text(json.dumps([{"label": "A", "national_id": people.fnr, "email": people.email}]))
    subjects = load_subjects(str(path), Salt(1, 2))
    assert {dtype for name, dtype in subjects.keys.schema.items() if name.startswith("__find")} == {pl.UInt64}
    held = repr(subjects.keys.rows()) + repr(subjects.names.rows())
    assert people.fnr not in held and people.email.lower() not in held


def test_the_csv_access_export_has_one_line_per_cell_of_each_matched_row(planted, tmp_path: Path) -> None:
    people, folder, _ = planted
    subjects = tmp_path / "subjects.csv"
    subjects.write_text(_subjects_csv(people))
    export = tmp_path / "export"
    args = ["find", "--subjects", str(subjects), str(folder / "calls.parquet"), "--export-rows", str(export)]
    code, _, _ = _cli([*args, "--export-format", "csv"], tmp_path)
    assert code == 1
    lines = list(csv.reader(io.StringIO((export / "REQ-3.csv").read_text())))
    assert lines[0] == ["path", "sheet", "row", "column", "value"]
    assert [(row, column) for _, _, row, column, _ in lines[1:]] == [
        ("5", "id"),
        ("5", "customer"),
        ("5", "phone"),
    ]


def test_subjects_can_come_from_standard_input_as_json(planted, tmp_path: Path) -> None:
    people, folder, _ = planted
    subjects = json.dumps(
        {"subjects": [{"label": "REQ-9", "phone": [f"0{people.se_mobile}", "+4799999999"]}]}
    )
    result = CliRunner().invoke(
        main,
        ["find", "--subjects", "-", str(folder / "calls.csv"), "-o", "-", "--format", "markdown", "-q"],
        input=subjects,
    )
    assert result.exit_code == 1
    assert "row 1, line 2 — phone: phone" in result.stdout and "row 2, line 3 — notes: phone" in result.stdout


def test_a_table_with_columns_named_row_column_and_category_is_searched(tmp_path: Path) -> None:
    people = _people()
    table = tmp_path / "odd.csv"
    pl.DataFrame({"row": ["1"], "column": [f"+47 {people.no_mobile}"], "category": ["x"]}).write_csv(table)
    report = _search(table, _subjects_csv(people), tmp_path, keep_rows=True)
    assert _rows(report, "REQ-3") == {"odd.csv": {1: {"column": ["phone"]}}}


def test_a_config_file_gives_find_its_sources_not_a_scans_output_or_sample(planted, tmp_path: Path) -> None:
    people, folder, _ = planted
    subjects = tmp_path / "subjects.csv"
    subjects.write_text(_subjects_csv(people))
    config = tmp_path / "ccscan.toml"
    config.write_text('include = ["*.ndjson"]\nsample = 10\nformat = ["sarif"]\noutput = "scan.sarif"\n')
    out = tmp_path / "found.json"
    code, _, _ = _cli(
        ["find", "--config", str(config), "--subjects", str(subjects), str(folder), "-o", str(out)], tmp_path
    )
    assert code == 1
    assert [table["path"].rsplit("/", 1)[-1] for table in json.loads(out.read_text())["tables"]] == [
        "calls.ndjson"
    ]


def test_a_spreadsheets_subjects_file_with_semicolons_and_capitals_is_read(tmp_path: Path) -> None:
    people = _people()
    path = tmp_path / "subjects.csv"
    path.write_text(f"\ufeffLabel; Phone\nREQ-7; +47 {people.no_mobile}\n", encoding="utf-8")
    subjects = load_subjects(str(path))
    assert (subjects.labels, subjects.kinds_given) == (("REQ-7",), (("phone",),))


def test_a_subjects_file_without_a_header_is_an_error_that_quotes_no_identifier(tmp_path: Path) -> None:
    people = _people()
    path = tmp_path / "subjects.csv"
    path.write_text(f"REQ-1,{people.fnr},+47{people.no_mobile}\nREQ-2,{people.fnr},+47{people.no_mobile}\n")
    with pytest.raises(SubjectsError) as error:
        load_subjects(str(path))
    message = str(error.value)
    leaked = people.fnr in message or people.no_mobile in message
    assert "subject 1" in message and "unknown field" in message
    assert not leaked


def test_a_csv_subject_with_more_values_than_the_header_is_an_error_not_a_dropped_value(
    tmp_path: Path,
) -> None:
    people = _people()
    path = tmp_path / "subjects.csv"
    path.write_text(f"label,phone\nREQ-1,+47{people.no_mobile},{people.fnr}\n")
    with pytest.raises(SubjectsError) as error:
        load_subjects(str(path))
    assert str(error.value) == f"{path}: subject 1 (REQ-1): more values than the header has fields"


def test_a_report_that_cannot_be_written_is_named_not_its_temporary_file(planted, tmp_path: Path) -> None:
    _, folder, _ = planted
    subjects = tmp_path / "subjects.csv"
    subjects.write_text("label,customer_number\nREQ-1,C-1\n")
    taken = tmp_path / "report"
    taken.mkdir()
    code, _, stderr = _cli(["find", "--subjects", str(subjects), str(folder), "-o", str(taken)], tmp_path)
    assert (code, stderr) == (2, f"ccscan: error: {taken}: cannot write (Is a directory)\n")


def test_key_columns_are_named_like_keys_and_not_every_word_ending_in_id() -> None:
    from scanner.find.exports import key_columns

    columns = ["id", "call_id", "customerId", "Customer ID", "customer_no", "paid", "valid", "void", "notes"]
    assert key_columns(columns) == ["id", "call_id", "customerId", "Customer ID", "customer_no"]


def test_a_json_subject_field_holding_an_object_is_an_error_not_its_text(tmp_path: Path) -> None:
    people = _people()
    path = tmp_path / "subjects.json"
    path.write_text(json.dumps([{"label": "REQ-1", "phone": {"mobile": f"+47{people.no_mobile}"}}]))
    with pytest.raises(SubjectsError) as error:
        load_subjects(str(path))
    assert str(error.value) == f"{path}: subject 1 (REQ-1): phone: not a text or a number"


def test_a_table_whose_batch_fails_counts_the_rows_searched_before_it(tmp_path: Path, monkeypatch) -> None:
    from scanner.find import search

    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "calls.csv").write_text("id,notes\n" + "".join(f"{row},call {row}\n" for row in range(1, 7)))
    subjects = tmp_path / "subjects.csv"
    subjects.write_text("label,customer_number\nREQ-1,C-1\n")
    real = search.match_batch

    def failing_third_batch(frame, first_row, *args):
        if first_row == 5:
            raise RuntimeError("batch failed")
        return real(frame, first_row, *args)

    monkeypatch.setattr(search, "match_batch", failing_third_batch)
    [table] = search_paths([folder], load_subjects(str(subjects)), SearchOptions(batch_rows=2))
    assert (table.rows, table.errors) == (4, ["could not be read (RuntimeError)"])


@pytest.mark.parametrize("format_name", ["markdown", "html"])
def test_the_dpos_report_says_a_table_with_unreadable_rows_was_not_wholly_searched(format_name: str) -> None:
    from scanner.find.renderers import render_find

    table = {"path": "exports/calls.csv", "format": "csv", "rows": 9, "rows_unreadable": 3}
    report = {
        "searched_at": "2026-01-01T00:00:00Z",
        "tool": {"version": "0"},
        "summary": {"subjects": 1, "tables": 1, "rows": 9, "subjects_found": 0, "subjects_not_found": 1},
        "tables": [table | {"errors": [], "warnings": []}],
        "subjects": [{"label": "REQ-1", "found": False, "identifiers_given": ["phone"], "tables": []}],
    }
    text = render_find(format_name, report)
    assert "incomplete" in text and "exports/calls.csv" in text and "3 row(s) could not be read" in text


def test_the_access_export_never_changes_the_mode_of_a_folder_others_can_enter(
    planted, tmp_path: Path
) -> None:
    _, folder, _ = planted
    subjects = tmp_path / "subjects.csv"
    subjects.write_text("label,customer_number\nREQ-1,C-1\n")
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    code, _, stderr = _cli(
        [
            "find",
            "--subjects",
            str(subjects),
            str(folder),
            "-o",
            str(tmp_path / "r.json"),
            "--export-rows",
            str(shared),
        ],
        tmp_path,
    )
    assert shared.stat().st_mode & 0o777 == 0o755
    assert (code, stderr.count("\n")) == (2, 1) and f"{shared}: " in stderr


@pytest.mark.parametrize(
    "text",
    ["\ufefflabel,customer_number\nREQ-1,C-1\n", '\ufeff[{"label": "REQ-1", "customer_number": "C-1"}]'],
)
def test_subjects_on_standard_input_may_start_with_a_byte_order_mark(text: str, monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    assert load_subjects("-").labels == ("REQ-1",)


def test_the_manifest_never_copies_a_matched_national_id_phone_or_email_column_unless_named(
    tmp_path: Path,
) -> None:
    people = _people()
    table = tmp_path / "crm.csv"
    pl.DataFrame(
        {
            "id": ["7"],
            "national_id": [people.fnr],
            "contact_id": [f"+47 {people.no_mobile}"],
            "customer_id": ["C-9"],
        }
    ).write_csv(table)
    subjects = tmp_path / "subjects.csv"
    subjects.write_text(f"label,national_id,phone\nREQ-1,{people.fnr},+47{people.no_mobile}\n")
    manifest = tmp_path / "manifest.json"
    code, _, _ = _cli(
        ["find", "--subjects", str(subjects), str(table), "--erasure-manifest", str(manifest)], tmp_path
    )
    entry = json.loads(manifest.read_text())["tables"][0]
    leaked = people.fnr in manifest.read_text() or people.no_mobile in manifest.read_text()
    assert (code, entry["key_columns"], leaked) == (1, ["id", "customer_id"], False)
    args = ["find", "--subjects", str(subjects), str(table), "--erasure-manifest", str(manifest)]
    _cli([*args, "--key-column", "national_id"], tmp_path)
    assert json.loads(manifest.read_text())["tables"][0]["key_columns"] == ["national_id"]


def test_the_summary_lists_the_files_written_wherever_they_are(planted, tmp_path: Path) -> None:
    _, folder, _ = planted
    subjects = tmp_path / "subjects.csv"
    subjects.write_text("label,customer_number\nREQ-1,C-1\n")
    access = tmp_path / "access"
    args = ["find", "--subjects", str(subjects), str(folder), "--export-rows", str(access)]
    _, _, stderr = _cli(
        [*args, "-o", str(access / "r.json"), "--erasure-manifest", str(access / "m.json")], tmp_path
    )
    assert stderr.endswith(
        f"table(s); written: {access / 'r.json'}, {access / 'm.json'}; 0 file(s) in {access}\n"
    )
    _, _, stderr = _cli(["find", "--subjects", str(subjects), str(folder), "-o", "-"], tmp_path)
    assert stderr.endswith("table(s)\n")


def test_a_subjects_header_naming_a_field_twice_is_an_error_not_a_dropped_column(tmp_path: Path) -> None:
    people = _people()
    path = tmp_path / "subjects.csv"
    path.write_text(f"label,phone,Phone\nREQ-1,+47{people.no_mobile},+46{people.se_mobile}\n")
    with pytest.raises(SubjectsError) as error:
        load_subjects(str(path))
    assert str(error.value) == f"{path}: the header names phone twice"


def test_a_label_used_twice_is_an_error() -> None:
    records = [{"label": "REQ-1", "customer_number": "C-1"}, {"label": "REQ-1", "customer_number": "C-2"}]
    with pytest.raises(SubjectsError) as error:
        subjects_from_records(records, "subjects.json", Salt(1, 2))
    assert str(error.value) == "subjects.json: subject 2: label 'REQ-1' is used twice"


def test_the_subjects_file_among_the_exports_is_not_searched_and_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "calls.csv").write_text("id,notes\n1,nothing here\n")
    subjects = folder / "subjects.csv"
    subjects.write_text("label,customer_number\nREQ-1,C-1\n")
    out = tmp_path / "r.json"
    code, _, _ = _cli(["find", "--subjects", str(subjects), str(folder), "-o", str(out)], tmp_path)
    report = json.loads(out.read_text())
    assert (code, report["summary"]["subjects_found"]) == (0, 0)
    skipped = next(table for table in report["tables"] if table["path"] == str(subjects))
    assert skipped["warnings"] == ["the search's own subjects file or output: not searched"]


def test_a_second_search_does_not_find_the_subjects_in_its_own_access_export_or_manifest(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "calls.csv").write_text("id,customer_id\n1,C-1\n")
    subjects = tmp_path / "subjects.csv"
    subjects.write_text("label,customer_number\nREQ-1,C-1\n")
    args = ["find", "--subjects", str(subjects), str(folder), "--export-rows", str(folder / "access")]
    args += ["--erasure-manifest", str(folder / "erase.json"), "--key-column", "customer_id"]
    for _ in range(2):
        code, _, _ = _cli([*args, "-o", str(tmp_path / "r.json")], tmp_path)
    report = json.loads((tmp_path / "r.json").read_text())
    found_in = [table["path"] for table in report["subjects"][0]["tables"]]
    assert (code, found_in) == (1, [str(folder / "calls.csv")])


def test_a_timestamp_written_with_a_space_is_no_phone_and_a_number_after_a_date_still_is(
    tmp_path: Path,
) -> None:
    table = tmp_path / "calls.csv"
    table.write_text(
        "id,started_at,notes\n"
        "1,2024-01-15 09:00:00,ok\n"  # its groups 2024 01 15 read as the Danish +45 20 24 01 15
        "2,2024-01-15 09:30,samtale 2024-01-15; ring 20 24 01 15\n"
    )
    report = _search(table, "label,phone\nREQ-DK,+45 20 24 01 15\n", tmp_path)
    assert _rows(report, "REQ-DK") == {"calls.csv": {2: {"notes": ["phone"]}}}
