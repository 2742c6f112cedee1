"""Policy that silently does not apply: retention rules cover tables by their columns first and their
own names second (a sheet by its sheet name, not its workbook's), a rule that covers a table it cannot
be applied to says so in an info finding, and the age histogram is cut at the rule's own cutoff.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import polars as pl
from click.testing import CliRunner

from rules.findings import age_histogram
from rules.policy import load_default_policy
from rules.retention import Age, retention_partials
from scanner.cli import main

AS_OF = date(2025, 6, 30)
OLD = (AS_OF - timedelta(days=3 * 365)).isoformat()  # past the call-record rule's 24 months


def _workbook(path: Path, sheets: dict[str, list[list[str]]]) -> None:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)


def _report(tmp_path: Path) -> dict:
    out = tmp_path / "report.json"
    result = CliRunner().invoke(
        main, ["scan", str(tmp_path / "in"), "-o", str(out), "--as-of", AS_OF.isoformat(), "--quiet"]
    )
    assert out.exists(), result.output
    return json.loads(out.read_text())


def _rules_checked(report: dict) -> dict[tuple[str, str | None], list[str]]:
    return {
        (Path(entry["path"]).name, entry.get("sheet")): [
            check["rule"] for check in entry.get("retention", [])
        ]
        for entry in report["files"]
    }


def test_a_sheet_is_judged_by_its_own_name_and_a_customer_sheet_is_not_by_its_workbooks(tmp_path):
    (tmp_path / "in").mkdir()
    calls = [["call_start", "agent"], [OLD, "Agent 7"]]
    customers = [["kunde_id", "created_at"], ["1001", OLD]]
    _workbook(tmp_path / "in" / "crm.xlsx", {"Samtaler": calls, "Kunder": customers})
    _workbook(tmp_path / "in" / "samtaler_2024.xlsx", {"Kunder": customers})
    checked = _rules_checked(_report(tmp_path))
    assert checked[("crm.xlsx", "Samtaler")] == ["CC-RET-CDR"]
    assert checked[("crm.xlsx", "Kunder")] == []
    assert checked[("samtaler_2024.xlsx", "Kunder")] == []


def test_a_table_with_a_start_time_and_a_duration_is_covered_by_its_columns_whatever_its_name(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "export.csv").write_text(f"call_start;duration;agent\n{OLD};120;Agent 7\n")
    (tmp_path / "in" / "orders.csv").write_text(f"created_at;amount\n{OLD};120\n")
    report = _report(tmp_path)
    checked = _rules_checked(report)
    assert checked[("export.csv", None)] == ["CC-RET-CDR"]
    assert checked[("orders.csv", None)] == []
    overdue = [f for f in report["findings"] if f["rule"] == "CC-RET-CDR"]
    assert [(Path(f["file"]).name, f["overdue"]) for f in overdue] == [("export.csv", 1)]


def test_a_rule_that_covers_a_table_without_a_date_column_says_it_could_not_be_applied(tmp_path):
    (tmp_path / "in").mkdir()
    _workbook(tmp_path / "in" / "crm.xlsx", {"Leads": [["navn", "status"], ["Kari Testesen", "lead"]]})
    report = _report(tmp_path)
    (note,) = [f for f in report["findings"] if f["rule"] == "CC-RET-LEAD"]
    rule = load_default_policy().rule("CC-RET-LEAD")
    reason = f"no date column among {', '.join(rule.date_columns)}"
    assert note["severity"] == "info"
    assert note["not_applied"] == reason
    assert (
        note["message"]
        == f"rule CC-RET-LEAD could not be applied to {tmp_path / 'in' / 'crm.xlsx'} [Leads]: {reason}"
    )
    assert _rules_checked(report)[("crm.xlsx", "Leads")] == []


def test_a_table_that_is_not_the_rules_gets_no_note(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "notes.csv").write_text("navn;notat\nKari Testesen;ring\n")
    (tmp_path / "in" / "faktura.csv").write_text(f"invoice_date;amount\n{OLD};100\n")  # no country column
    report = _report(tmp_path)
    assert [f for f in report["findings"] if f["severity"] == "info"] == []
    assert _rules_checked(report)[("faktura.csv", None)] == ["CC-RET-BILLING"]


def test_every_row_of_a_band_past_a_five_year_cutoff_is_marked_overdue():
    rule = load_default_policy().rule("CC-RET-BILLING-NO")  # 5 years
    cutoff = rule.max_age.cutoff(AS_OF)
    past = [cutoff - timedelta(days=1 + n * 11) for n in range(62)]  # 5 to 7 years old, all overdue
    kept = [cutoff, cutoff + timedelta(days=400)]  # not overdue: 3 to 5 years old
    frame = pl.DataFrame({"invoice_date": [d.isoformat() for d in past + kept], "country": ["NO"] * 64})
    partial = retention_partials(frame, 1, (rule,), AS_OF)[rule.id]
    assert partial.overdue == 62
    bands = {band["label"]: (band["count"], band["overdue"]) for band in age_histogram(partial, rule, AS_OF)}
    assert bands == {"3-5y": (2, False), "5-7y": (62, True)}
    assert sum(count for count, overdue in bands.values() if overdue) == partial.overdue


def test_a_limit_far_from_any_band_edge_splits_its_band():
    rule = replace(load_default_policy().rule("CC-RET-LEAD"), max_age=Age.parse("18m"), escalate=None)
    cutoff = rule.max_age.cutoff(AS_OF)
    dates = [cutoff - timedelta(days=1), cutoff, cutoff + timedelta(days=30)]
    frame = pl.DataFrame({"status": ["lead"] * 3, "last_contact_at": [d.isoformat() for d in dates]})
    partial = retention_partials(frame, 1, (rule,), AS_OF)[rule.id]
    bands = [(band["label"], band["count"], band["overdue"]) for band in age_histogram(partial, rule, AS_OF)]
    assert bands == [("1y-18m", 2, False), ("18m-2y", 1, True)]
