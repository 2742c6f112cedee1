"""Baselines: create from a report, salted fingerprints only, new findings only, stale entries listed."""

import json
import stat
from pathlib import Path

import jsonschema
from click.testing import CliRunner
from report_samples import CRM_CSV, FNR, PLANTED, scan

from scanner.baseline import create_baseline, fingerprint
from scanner.cli import main

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "scanner" / "report_schema.json").read_text())


def _create(tmp_path: Path, report: Path) -> tuple[object, Path]:
    baseline = tmp_path / ".ccscan-baseline.json"
    result = CliRunner().invoke(main, ["baseline", "create", str(report), "-o", str(baseline)])
    return result, baseline


def test_baseline_holds_salted_fingerprints_and_no_names_or_values(tmp_path):
    _, report = scan(tmp_path)
    result, path = _create(tmp_path, tmp_path / "report.json")
    assert result.exit_code == 0
    assert f"{len(report['findings'])} finding(s) written" in result.output
    text = path.read_text(encoding="utf-8")
    baseline = json.loads(text)
    assert baseline["ccscan_baseline"] == 1 and len(baseline["salt"]) == 32
    assert [entry["rule"] for entry in baseline["entries"]].count("CC-PLAIN-NATIONAL-ID") == 2
    assert {entry["fingerprint"] for entry in baseline["entries"]} == {
        fingerprint(finding, baseline["salt"]) for finding in report["findings"]
    }
    assert not [word for word in (*PLANTED, "crm.csv", "fnr", "telefon", "epost") if word in text]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_same_findings_get_other_fingerprints_under_another_salt(tmp_path):
    _, report = scan(tmp_path)
    first, second = create_baseline(report), create_baseline(report)
    assert first["salt"] != second["salt"]
    assert not {e["fingerprint"] for e in first["entries"]} & {e["fingerprint"] for e in second["entries"]}


def test_round_trip_leaves_nothing_new_and_passes(tmp_path):
    _, first = scan(tmp_path)
    _, baseline = _create(tmp_path, tmp_path / "report.json")
    result, report = scan(tmp_path, "--baseline", str(baseline))
    jsonschema.validate(report, SCHEMA)
    assert result.exit_code == 0
    assert report["findings"] == []
    assert report["baseline"] == {"file": str(baseline), "known": len(first["findings"]), "stale": []}
    assert report["summary"]["findings_by_severity"]["high"] == 0
    assert report["config"]["baseline"] == str(baseline)


def test_only_new_findings_are_reported_and_fail_the_scan(tmp_path):
    _, first = scan(tmp_path)
    _, baseline = _create(tmp_path, tmp_path / "report.json")
    grown = CRM_CSV.replace("kunde_id;", "personnr;kunde_id;", 1).replace("\n1001;", f"\n{FNR};1001;", 1)
    grown = grown.replace("\n1002;", "\n;1002;").replace("\n1003;", "\n;1003;")
    result, report = scan(tmp_path, "--baseline", str(baseline), files={"crm.csv": grown})
    assert result.exit_code == 1
    assert [(f["rule"], f["column"]) for f in report["findings"]] == [("CC-PLAIN-NATIONAL-ID", "personnr")]
    assert report["baseline"]["known"] == len(first["findings"])


def test_fixed_findings_are_listed_as_stale(tmp_path):
    _, first = scan(tmp_path)
    _, baseline = _create(tmp_path, tmp_path / "report.json")
    fixed = CRM_CSV.replace(FNR, "")  # the fnr column is now empty
    _, report = scan(tmp_path, "--baseline", str(baseline), files={"crm.csv": fixed})
    (stale,) = report["baseline"]["stale"]
    assert (stale["rule"], stale["category"]) == ("CC-PLAIN-NATIONAL-ID", "NATIONAL_ID")
    terminal = CliRunner().invoke(
        main, ["scan", str(tmp_path / "in"), "-o", str(tmp_path / "again.json"), "--baseline", str(baseline)]
    )
    known = len(first["findings"]) - 1
    assert (
        f"baseline: {known} known finding(s) left out, 1 stale entr(y/ies) in {baseline}" in terminal.output
    )


def test_a_report_filtered_by_a_baseline_cannot_seed_a_baseline(tmp_path):
    scan(tmp_path)
    _, baseline = _create(tmp_path, tmp_path / "report.json")
    scan(tmp_path, "--baseline", str(baseline))
    result, _ = _create(tmp_path, tmp_path / "report.json")
    assert result.exit_code == 2
    assert "create a baseline from a scan without --baseline" in result.output


def test_a_broken_baseline_is_a_one_line_input_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"entries": []}', encoding="utf-8")
    result, report = scan(tmp_path, "--baseline", str(bad))
    assert result.exit_code == 2 and report is None
    assert result.output.strip() == f"ccscan: error: {bad}: not a ccscan baseline (version 1)"
