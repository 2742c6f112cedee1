"""The `ccscan scan` command end to end: report, schema, exit codes, determinism, masking."""

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from scanner.cli import main

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "scanner" / "report_schema.json").read_text())

CONTACTS = (
    "kunde_id;navn;epost;notat\n"
    "1001;Kari Testesen;kari.testesen@example.no;Ring tilbake i morgen\n"
    "1002;Ola Prøvesen;ola.provesen@example.no;Ordre 4471 levert\n"
    "1003;Siri Eksempel;siri@example.se;\n"
)


def _scan(
    tmp_path: Path,
    *args: str,
    content: str = CONTACTS,
    name: str = "contacts.csv",
    report: str = "report.json",
):
    export = tmp_path / "in" / name
    export.parent.mkdir(parents=True, exist_ok=True)
    export.write_text(content, encoding="utf-8")
    report_path = tmp_path / report
    result = CliRunner().invoke(
        main, ["scan", str(export.parent), "--output", str(report_path), "--quiet", *args]
    )
    report = json.loads(report_path.read_text()) if report_path.exists() else None
    return result, report


def test_report_matches_the_schema_and_lists_every_column(tmp_path):
    _result, report = _scan(tmp_path)
    jsonschema.validate(report, SCHEMA)
    (table,) = report["files"]
    assert [c["name"] for c in table["columns"]] == ["kunde_id", "navn", "epost", "notat"]
    assert table["rows"] == 3
    email = next(c for c in table["columns"] if c["name"] == "epost")
    (entity,) = email["entities"]
    assert (entity["type"], entity["category"], entity["count"], entity["share"]) == (
        "EMAIL_ADDRESS",
        "EMAIL",
        3,
        1.0,
    )
    assert entity["rows"] == [1, 2, 3]
    assert entity["examples"] == ["k***@example.no", "o***@example.no", "s***@example.se"]


def test_raw_values_never_reach_the_report_without_show_values(tmp_path):
    result, report = _scan(tmp_path)
    text = json.dumps(report)
    assert "kari.testesen@example.no" not in text and "kari.testesen" not in result.output
    result, report = _scan(tmp_path, "--show-values")
    assert "kari.testesen@example.no" in json.dumps(report)


def test_exit_code_follows_fail_on(tmp_path):
    result, _ = _scan(tmp_path, "--fail-on", "high")
    assert result.exit_code == 0  # email findings are medium
    result, _ = _scan(tmp_path, "--fail-on", "medium")
    assert result.exit_code == 1


def test_missing_path_is_a_one_line_input_error(tmp_path):
    result = CliRunner().invoke(
        main, ["scan", str(tmp_path / "nope.csv"), "--output", str(tmp_path / "r.json")]
    )
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"ccscan: error: {tmp_path / 'nope.csv'}: no such file or folder"
    ]


def test_unreadable_file_is_reported_and_others_still_scanned(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_contacts.csv").write_text(CONTACTS, encoding="utf-8")
    (folder / "b_broken.csv").write_bytes(b"\x00\x01\x02\xff\xfe\x00binary" * 50)
    report_path = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["scan", str(folder), "--output", str(report_path)])
    report = json.loads(report_path.read_text())
    paths = {entry["path"]: entry for entry in report["files"]}
    assert paths[str(folder / "a_contacts.csv")]["rows"] == 3
    broken = paths[str(folder / "b_broken.csv")]
    assert len(broken["errors"]) == 1
    assert result.exit_code == 2
    assert "Traceback" not in result.output


@pytest.mark.parametrize("batch_rows", ["1", "2", "50000"])
def test_same_input_same_report_whatever_the_batch_size(tmp_path, batch_rows):
    _, reference = _scan(tmp_path, report="reference.json")
    _, report = _scan(tmp_path, "--batch-rows", batch_rows)
    for document in (reference, report):
        document.pop("scanned_at")
        document["config"].pop("batch_rows")
    assert report == reference


def test_report_file_is_owner_only(tmp_path):
    _scan(tmp_path)
    assert (tmp_path / "report.json").stat().st_mode & 0o777 == 0o600


def test_a_bug_is_one_line_naming_only_the_exception_class(tmp_path, monkeypatch):
    import scanner.run

    def broken(plan, progress=False):
        raise KeyError("Kari Testesen")  # a library message that quotes a cell

    monkeypatch.setattr(scanner.run, "run_scan", broken)
    result, _ = _scan(tmp_path)
    assert result.exit_code == 70
    assert result.output.strip().splitlines() == [
        "ccscan: internal error (KeyError), a bug in ccscan; run with --debug for the traceback"
    ]
    assert "Kari" not in result.output


def test_debug_shows_the_traceback_of_a_bug(tmp_path, monkeypatch):
    import scanner.run

    def broken(plan, progress=False):
        raise ValueError("not the user's to fix")

    monkeypatch.setattr(scanner.run, "run_scan", broken)
    export = tmp_path / "in" / "contacts.csv"
    export.parent.mkdir()
    export.write_text(CONTACTS, encoding="utf-8")
    result = CliRunner().invoke(main, ["--debug", "scan", str(export.parent), "--quiet"])
    assert result.exit_code == 70  # a ValueError from inside is a bug, not a usage error
    assert "Traceback" in result.output and "in broken" in result.output
    assert result.output.strip().splitlines()[-1] == "ccscan: internal error (ValueError), a bug in ccscan"


def test_what_the_user_must_fix_is_one_line_and_exit_2(tmp_path):
    result, report = _scan(tmp_path, "--severity", "CC-PLAIN-PHONE")
    assert result.exit_code == 2 and report is None
    assert result.output == "ccscan: error: --severity 'CC-PLAIN-PHONE': expected RULE_ID=LEVEL\n"


def test_demo_scans_the_samples_that_ship_inside_the_package(tmp_path):
    report_path = tmp_path / "demo.json"
    result = CliRunner().invoke(main, ["scan", "--demo", "--quiet", "--output", str(report_path)])
    report = json.loads(report_path.read_text())
    assert result.exit_code == 1  # the samples hold national IDs in plain text
    assert [Path(entry["path"]).name for entry in report["files"]] == ["call_records.csv", "crm_contacts.csv"]
    assert all(Path(entry["path"]).parent.parent.name == "scanner" for entry in report["files"])
