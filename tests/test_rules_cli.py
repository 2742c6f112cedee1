"""`ccscan rules list|show|validate`, and `ccscan scan --policy/--as-of` end to end."""

import json
from datetime import date, timedelta
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from rules.policy import load_default_policy
from scanner.cli import main

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "scanner" / "report_schema.json").read_text())
AS_OF = date(2025, 6, 30)


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_rules_list_prints_every_rule_with_review_marks():
    result = _run("rules", "list")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["id", "kind", "severity", "title", "status"]
    for rule in load_default_policy().rules():
        assert any(line.startswith(rule.id + " ") for line in lines), rule.id
    lead = next(line for line in lines if line.startswith("CC-RET-LEAD "))
    assert lead.split()[1:3] == ["retention", "medium"] and lead.endswith("review")
    assert next(line for line in lines if line.startswith("CC-RET-RECORDING-MIFID ")).endswith(
        "disabled, review"
    )


def test_rules_show_prints_scope_limits_and_references():
    result = _run("rules", "show", "CC-RET-LEAD")
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "CC-RET-LEAD: Leads not contacted for 12 months"
    for expected in (
        "max age: 12m",
        "escalate: high when rows are older than 36m",
        "status: enabled; default numbers to review",
        "GDPR: Art. 5(1)(e), Art. 17, Art. 30(1)(f)",
        "SOC 2: P4.2, P4.3, C1.2",
        "where: status in [lead,",
    ):
        assert expected in result.output


def test_rules_list_and_show_speak_the_language_asked_for():
    listed = CliRunner().invoke(main, ["rules", "list"], env={"CCSCAN_LANG": "nb"})
    assert listed.exit_code == 0
    lines = listed.output.splitlines()
    assert lines[0].split() == ["id", "type", "alvorlighet", "tittel", "status"]
    lead = next(line for line in lines if line.startswith("CC-RET-LEAD "))
    assert lead.split()[1:3] == ["lagringstid", "middels"] and lead.endswith("gjennomgå")
    assert "Fødselsnumre lagret i klartekst" in listed.output
    assert "«gjennomgå»: standardtall som bør gjennomgås." in lines[-1]
    shown = _run("rules", "show", "CC-RET-CDR", "--lang", "sv")
    assert shown.exit_code == 0
    out = shown.output.splitlines()
    assert out[0] == "CC-RET-CDR: Samtalsloggar sparade längre än 24 månader"
    assert "typ: lagringstid" in out and "status: aktiverad; standardvärden att se över" in out
    assert any(line.startswith("gäller: filer som matchar *cdr*") for line in out)
    assert any(line.startswith("åtgärd: ") for line in out) and any(
        line.startswith("varför: ") for line in out
    )
    assert "GDPR: Art. 5(1)(e), Art. 30(1)(f)" in out  # references as cited


def test_rules_show_follows_policy_overlays(tmp_path):
    site = tmp_path / "site.yaml"
    site.write_text("retention: [{id: CC-RET-LEAD, max_age: 6m}]\n", encoding="utf-8")
    assert "max age: 6m" in _run("rules", "show", "CC-RET-LEAD", "--policy", str(site)).output


def test_rules_show_of_an_unknown_id_is_a_one_line_error():
    result = _run("rules", "show", "CC-NOPE")
    assert result.exit_code == 2
    assert result.output.strip() == "ccscan: error: no rule CC-NOPE (see 'ccscan rules list')"


def test_rules_validate_accepts_a_good_file_and_counts_its_rules(tmp_path):
    site = tmp_path / "site.yaml"
    site.write_text(
        "retention:\n  - {id: CC-RET-LEAD, max_age: 6m}\n"
        "  - {id: SITE-RET-TICKETS, title: Old tickets, severity: low, applies_to: {files: ['*tickets*']},\n"
        "     date_column: [closed_at, created_at], max_age: 2y, rationale: Our period., remediation: Delete them.,\n"
        "     gdpr: ['Art. 5(1)(e)']}\n",
        encoding="utf-8",
    )
    result = _run("rules", "validate", str(site))
    assert result.exit_code == 0
    assert result.output.strip() == f"{site}: valid; 1 rule(s) added, 1 default rule(s) changed"


def test_rules_validate_fails_with_a_hint_when_a_rule_cites_no_law(tmp_path):
    good, site = tmp_path / "good.yaml", tmp_path / "site.yaml"
    good.write_text("retention: [{id: CC-RET-LEAD, max_age: 6m}]\n", encoding="utf-8")
    site.write_text(
        "retention:\n  - {id: SITE-RET-TICKETS, title: Old tickets, severity: low, date_column: closed_at,\n"
        "     max_age: 2y, rationale: Our period., remediation: Delete them., iso27001: [A.8.10]}\n",
        encoding="utf-8",
    )
    result = _run("rules", "validate", str(good), str(site))
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f'ccscan: error: {site}: rule SITE-RET-TICKETS: no legal reference: add gdpr: ["Art. 5(1)(e)"] '
        "with the GDPR article(s) the rule serves (and iso27001, soc2 for the controls)"
    ]
    emptied = tmp_path / "emptied.yaml"
    emptied.write_text("protection: [{id: CC-PLAIN-PHONE, gdpr: []}]\n", encoding="utf-8")
    result = _run("rules", "validate", str(emptied))
    assert result.exit_code == 2 and "rule CC-PLAIN-PHONE: no legal reference" in result.output


def test_an_overridden_max_age_renames_the_rule_and_is_no_longer_marked_review(tmp_path):
    site = tmp_path / "site.yaml"
    site.write_text("retention: [{id: CC-RET-LEAD, max_age: 6m}]\n", encoding="utf-8")
    lead = next(
        line
        for line in _run("rules", "list", "--policy", str(site)).output.splitlines()
        if line.startswith("CC-RET-LEAD ")
    )
    assert lead.split()[3:] == ["Leads", "not", "contacted", "for", "6", "months"]
    shown = _run("rules", "show", "CC-RET-LEAD", "--policy", str(site)).output
    assert shown.splitlines()[0] == "CC-RET-LEAD: Leads not contacted for 6 months"
    assert "status: enabled\n" in shown and "review" not in shown
    assert "why: Overdue after 6 months without contact, high after 36 months." in shown


def test_rules_validate_reports_one_line_with_the_file_and_rule_id(tmp_path):
    site = tmp_path / "site.yaml"
    site.write_text("retention: [{id: CC-RET-LEAD, max_age: 12 months}]\n", encoding="utf-8")
    result = _run("rules", "validate", str(site))
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"ccscan: error: {site}: rule CC-RET-LEAD: max_age: '12 months' is not a number followed by d, w, m or y, "
        "e.g. 90d, 24m, 5y"
    ]


def _leads(rows: int) -> tuple[str, int]:
    """A CRM export of leads and customers with one lead per day back in time; the overdue leads."""
    lines, overdue = ["id;status;last_contact_at"], 0
    for row in range(rows):
        day = AS_OF - timedelta(days=row * 3)
        status = "lead" if row % 3 else "customer"
        lines.append(f"{row};{status};{day.strftime('%d.%m.%Y')}")
        overdue += status == "lead" and day < date(2024, 6, 30)
    lines.append(f"{rows};lead;not a date")
    return "\n".join(lines) + "\n", overdue


def _scan(tmp_path: Path, *args: str, rows: int = 400):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    content, overdue = _leads(rows)
    (folder / "crm.csv").write_text(content, encoding="utf-8")
    report_path = tmp_path / "report.json"
    result = _run(
        "scan", str(folder), "--output", str(report_path), "--quiet", "--as-of", AS_OF.isoformat(), *args
    )
    return result, (json.loads(report_path.read_text()) if report_path.exists() else None), overdue


def test_scan_counts_overdue_leads_exactly_and_reports_them(tmp_path):
    result, report, overdue = _scan(tmp_path)
    jsonschema.validate(report, SCHEMA)
    (finding,) = [f for f in report["findings"] if f["rule"] == "CC-RET-LEAD"]
    assert finding["count"] == finding["overdue"] == overdue
    assert finding["severity"] == "high"  # rows older than 36 months escalate the rule
    assert (finding["column"], finding["as_of"], finding["cutoff"], finding["max_age"]) == (
        "last_contact_at",
        "2025-06-30",
        "2024-06-30",
        "12m",
    )
    assert finding["unparseable"] == 1
    assert finding["oldest"] == (AS_OF - timedelta(days=398 * 3)).isoformat()  # row 399 is a customer
    assert sum(band["count"] for band in finding["histogram"]) == finding["rows_checked"] - 1
    assert finding["rows"] == sorted(finding["rows"]) and finding["first_row"] == finding["rows"][0]
    (check,) = report["files"][0]["retention"]
    assert (check["rule"], check["overdue"], check["unparseable"], check["unparseable_rows"]) == (
        "CC-RET-LEAD",
        overdue,
        1,
        [401],
    )
    assert report["config"]["as_of"] == "2025-06-30"
    assert result.exit_code == 1


@pytest.mark.parametrize("batch_rows", ["7", "64"])
def test_retention_in_the_report_does_not_depend_on_the_batch_size(tmp_path, batch_rows):
    _, reference, _ = _scan(tmp_path)
    _, report, _ = _scan(tmp_path, "--batch-rows", batch_rows)
    for document in (reference, report):
        document.pop("scanned_at")
        document["config"].pop("batch_rows")
    assert report == reference


def test_scan_policy_overlay_changes_the_limit(tmp_path):
    site = tmp_path / "site.yaml"
    site.write_text(
        "retention: [{id: CC-RET-LEAD, max_age: 24m, escalate: {after: 10y, severity: high}}]\n",
        encoding="utf-8",
    )
    _, report, _ = _scan(tmp_path, "--policy", str(site))
    (finding,) = [f for f in report["findings"] if f["rule"] == "CC-RET-LEAD"]
    expected = sum(1 for row in range(400) if row % 3 and AS_OF - timedelta(days=row * 3) < date(2023, 6, 30))
    assert (finding["count"], finding["severity"], finding["cutoff"]) == (expected, "medium", "2023-06-30")
    assert report["config"]["policies"] == [str(site)]


def test_scan_with_a_broken_policy_is_a_one_line_input_error(tmp_path):
    site = tmp_path / "site.yaml"
    site.write_text("retention: [{id: CC-RET-LEAD, severity: urgent}]\n", encoding="utf-8")
    result, report, _ = _scan(tmp_path, "--policy", str(site))
    assert result.exit_code == 2 and report is None
    assert result.output.strip().splitlines() == [
        f"ccscan: error: {site}: rule CC-RET-LEAD: severity: 'urgent' is not one of "
        "['info', 'low', 'medium', 'high', 'critical']"
    ]
