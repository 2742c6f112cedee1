"""`ccscan diff`: personal-data columns gone, new and re-protected; findings and retention resolved."""

import hashlib
import json
from pathlib import Path

import polars as pl
from click.testing import CliRunner
from report_samples import CRM_CSV, FNR, PLANTED, write_exports
from stdnum.no import fodselsnummer

from scanner.cli import main
from scanner.migration_diff import diff_markdown, diff_reports


def _scan(folder: Path, report: Path) -> dict:
    result = CliRunner().invoke(main, ["scan", str(folder), "-o", str(report), "--quiet"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(report.read_text(encoding="utf-8"))


def _column(name: str, categories: list[str], verdict: str | None = None) -> dict:
    column = {"name": name, "non_empty": 3, "entities": [{"category": category} for category in categories]}
    if verdict:
        column["protection"] = {"verdict": verdict, "wording": "..."}
    return column


def _report(columns: list[dict], findings: list[dict] = ()) -> dict:
    return {"files": [{"path": "crm.csv", "columns": columns}], "findings": list(findings)}


def test_migration_that_drops_and_adds_columns(tmp_path):
    before = _scan(write_exports(tmp_path / "before"), tmp_path / "before.json")
    migrated = CRM_CSV.replace("epost", "mobil").replace("kari.testesen@example.no", "+47 915 55 555")
    migrated = migrated.replace("ola.provesen@example.no", "").replace("siri@example.se", "")
    after = _scan(write_exports(tmp_path / "after", {"crm.csv": migrated}), tmp_path / "after.json")
    changes = diff_reports(before, after, match_by="name")
    assert [
        (c["column"], c["categories"], c["column_still_present"]) for c in changes["columns_removed"]
    ] == [("epost", ["EMAIL"], False)]
    assert [(c["column"], c["categories"]) for c in changes["columns_added"]] == [("mobil", ["PHONE"])]
    assert [(f["rule"], f["column"]) for f in changes["findings_resolved"]] == [("CC-PLAIN-EMAIL", "epost")]
    assert [(f["rule"], f["column"]) for f in changes["findings_new"]] == [("CC-PLAIN-PHONE", "mobil")]


def test_plaintext_to_hashed_is_a_protection_change_not_a_disappearance():
    before = _report([_column("fnr", ["NATIONAL_ID"], "plaintext"), _column("navn", [], "none")])
    after = _report([_column("fnr", [], "hashed"), _column("navn", [], "none")])
    changes = diff_reports(before, after)
    assert [
        (c["column"], c["categories"], c["before"], c["after"]) for c in changes["protection_changed"]
    ] == [("fnr", ["NATIONAL_ID"], "plaintext", "hashed")]
    assert changes["columns_removed"] == [] and changes["columns_added"] == []
    text = diff_markdown(changes, "before.json", "after.json")
    assert "| crm.csv | fnr | NATIONAL\\_ID | plaintext | hashed |" in text


def test_personal_data_gone_from_a_column_that_stays():
    before = _report([_column("notat", ["PHONE"], "plaintext")])
    after = _report([_column("notat", [], "none")])
    (gone,) = diff_reports(before, after)["columns_removed"]
    assert (gone["column"], gone["column_still_present"]) == ("notat", True)


def test_resolved_retention_findings_are_called_out():
    retention = {
        "rule": "CC-RET-LEAD",
        "severity": "medium",
        "file": "crm.csv",
        "column": "last_contact",
        "category": "OTHER",
        "count": 4,
        "overdue": 4,
    }
    protection = {
        "rule": "CC-PLAIN-PHONE",
        "severity": "medium",
        "file": "crm.csv",
        "column": "tlf",
        "category": "PHONE",
        "count": 2,
    }
    changes = diff_reports(_report([], [retention, protection]), _report([], [protection]))
    assert [(f["rule"], f["retention"]) for f in changes["retention_resolved"]] == [("CC-RET-LEAD", True)]
    text = diff_markdown(changes, "a", "b")
    assert "### Retention findings resolved" in text and "| CC-RET-LEAD | crm.csv | last\\_contact |" in text


def test_cli_pairs_converted_files_by_stem_and_prints_no_values(tmp_path):
    before_folder = write_exports(tmp_path / "before")
    after_folder = tmp_path / "after"
    after_folder.mkdir()
    pl.DataFrame(
        {"kunde_id": ["1001"], "fnr_sha256": ["9" * 64], "epost": ["kari.testesen@example.no"]}
    ).write_parquet(after_folder / "crm.parquet")
    _scan(before_folder, tmp_path / "before.json")
    _scan(after_folder, tmp_path / "after.json")
    runner = CliRunner()
    by_path = runner.invoke(
        main, ["diff", str(tmp_path / "before.json"), str(tmp_path / "after.json"), "--format", "json"]
    )
    by_stem = runner.invoke(
        main,
        [
            "diff",
            str(tmp_path / "before.json"),
            str(tmp_path / "after.json"),
            "--match-by",
            "stem",
            "--format",
            "json",
        ],
    )
    before = {
        (f["rule"], f["column"]) for f in json.loads((tmp_path / "before.json").read_text())["findings"]
    }
    assert len(json.loads(by_path.output)["findings_resolved"]) == len(
        before
    )  # nothing pairs up by full path
    resolved = {(f["rule"], f["column"]) for f in json.loads(by_stem.output)["findings_resolved"]}
    assert resolved == before - {("CC-PLAIN-EMAIL", "epost")}  # the email column survived the conversion
    assert {("CC-PLAIN-NATIONAL-ID", "fnr"), ("CC-PLAIN-PHONE", "telefon")} <= resolved
    text = runner.invoke(
        main, ["diff", str(tmp_path / "before.json"), str(tmp_path / "after.json"), "--match-by", "stem"]
    )
    assert text.exit_code == 0 and text.output.startswith("## ccscan diff:")
    assert not [value for value in (*PLANTED, FNR) if value in text.output + by_stem.output]


def test_cli_rejects_a_file_that_is_not_a_report(tmp_path):
    (tmp_path / "a.json").write_text("[1, 2]", encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(tmp_path / "a.json"), str(tmp_path / "a.json")])
    assert result.exit_code == 2
    assert result.output.strip() == f"ccscan: error: {tmp_path / 'a.json'}: not a ccscan JSON report"


def _hashed_export(fnrs: list[str], masked: bool) -> str:
    lines = ["kunde_id;fnr;fnr_sha256"]
    for index, fnr in enumerate(fnrs):
        shown = "*******" + fnr[-4:] if masked else fnr
        lines.append(f"{index};{shown};{hashlib.sha256(fnr.encode()).hexdigest()}")
    return "\n".join(lines) + "\n"


def _fnrs(count: int) -> list[str]:
    """Valid fødselsnummer of nobody, generated with stdnum's check digits."""
    numbers = []
    for serial in range(100, 999):
        base = f"150385{serial}"
        first = base + fodselsnummer.calc_check_digit1(base)
        number = first + fodselsnummer.calc_check_digit2(first)
        if fodselsnummer.is_valid(number):
            numbers.append(number)
        if len(numbers) == count:
            return numbers
    raise AssertionError("not enough numbers")


def test_an_unsalted_hash_whose_plain_values_were_masked_is_no_longer_verifiable_not_resolved(tmp_path):
    fnrs = _fnrs(12)
    before = _scan(
        write_exports(tmp_path / "before", {"crm.csv": _hashed_export(fnrs, False)}), tmp_path / "b.json"
    )
    after = _scan(
        write_exports(tmp_path / "after", {"crm.csv": _hashed_export(fnrs, True)}), tmp_path / "a.json"
    )
    assert [f["rule"] for f in before["findings"] if f["column"] == "fnr_sha256"] == ["CC-HASH-REVERSIBLE"]
    changes = diff_reports(before, after, match_by="name")
    assert [(f["rule"], f["column"]) for f in changes["findings_unverifiable"]] == [
        ("CC-HASH-REVERSIBLE", "fnr_sha256")
    ]
    assert "CC-HASH-REVERSIBLE" not in {f["rule"] for f in changes["findings_resolved"]}
    text = diff_markdown(changes, "b.json", "a.json")
    assert "1 no longer verifiable" in text and "### Findings no longer verifiable" in text
    assert not [fnr for fnr in fnrs if fnr in text or hashlib.sha256(fnr.encode()).hexdigest() in text]


def test_a_reversible_hash_column_dropped_by_the_migration_is_resolved():
    finding = {
        "rule": "CC-HASH-REVERSIBLE",
        "severity": "high",
        "file": "crm.csv",
        "column": "fnr_sha256",
        "category": "NATIONAL_ID",
        "count": 3,
        "digests_matched": 3,
    }
    before = _report([_column("fnr_sha256", [], "hashed")], [finding])
    changes = diff_reports(before, _report([_column("kunde_id", [], "none")]))
    assert [f["rule"] for f in changes["findings_resolved"]] == ["CC-HASH-REVERSIBLE"]
    assert changes["findings_unverifiable"] == []


def _write(path: Path, report: dict) -> str:
    path.write_text(json.dumps(report), encoding="utf-8")
    return str(path)


def test_fail_on_new_exits_1_when_personal_data_appears_where_there_was_none(tmp_path):
    before = _write(
        tmp_path / "b.json", _report([_column("notat", [], "none"), _column("fnr", ["NATIONAL_ID"])])
    )
    grown = _write(
        tmp_path / "a.json", _report([_column("notat", ["PHONE"]), _column("fnr", ["NATIONAL_ID"])])
    )
    same = _write(
        tmp_path / "s.json", _report([_column("notat", [], "none"), _column("fnr", ["NATIONAL_ID"])])
    )
    new_table = {
        "files": [
            *json.loads(Path(same).read_text())["files"],
            {"path": "calls.csv", "columns": [_column("tlf", ["PHONE"])]},
        ],
        "findings": [],
    }
    moved = _write(tmp_path / "t.json", new_table)
    runner = CliRunner()
    assert runner.invoke(main, ["diff", before, grown]).exit_code == 0  # a report, not a gate, unless asked
    failing = runner.invoke(main, ["diff", before, grown, "--fail-on-new"])
    assert failing.exit_code == 1 and "fails --fail-on-new" in failing.output
    assert runner.invoke(main, ["diff", before, moved, "--fail-on-new"]).exit_code == 1
    assert runner.invoke(main, ["diff", before, same, "--fail-on-new"]).exit_code == 0
    as_json = runner.invoke(main, ["diff", before, grown, "--fail-on-new", "--format", "json"])
    assert as_json.exit_code == 1 and json.loads(as_json.output)["fails_on_new"] is True
