"""The Markdown summary for pull-request comments: verdict, counts, a bounded and escaped findings table."""

import json

from report_samples import scan

from rules.policy import load_default_policy
from scanner.reports import markdown


def _report(findings: list[dict], **extra) -> dict:
    return {
        "config": {"fail_on": "high"},
        "files": [],
        "findings": findings,
        "summary": {
            "files": 1,
            "tables": 1,
            "rows": 10,
            "columns": 3,
            "columns_with_personal_data": 1,
            "findings_by_severity": {"medium": len(findings)},
        },
        **extra,
    }


def _finding(column: str = "tlf", file: str = "crm.csv") -> dict:
    return {
        "rule": "CC-PLAIN-PHONE",
        "severity": "medium",
        "file": file,
        "column": column,
        "category": "PHONE",
        "count": 2,
        "share": 0.5,
        "message": "m",
        "first_row": 3,
    }


def test_summary_of_a_scan_has_verdict_counts_and_one_row_per_finding(tmp_path):
    _result, _ = scan(tmp_path, "--format", "json", "--format", "markdown")
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    lines, summary = text.splitlines(), report["summary"]
    high, medium = summary["findings_by_severity"]["high"], summary["findings_by_severity"]["medium"]
    assert high == 2 and medium >= 2
    assert lines[0].startswith(f"### ccscan: {len(report['findings'])} finding(s) (2 high, {medium} medium")
    assert "**2 finding(s) at or above 'high': the scan fails.**" in lines
    assert (
        f"Scanned 1 file(s), 1 table(s), 3 rows; {summary['columns_with_personal_data']} of 6 columns hold personal data."
        in lines
    )
    rows = [line for line in lines if line.startswith("| ")][1:]
    assert len(rows) == len(report["findings"])
    assert rows[0].endswith("| fnr | NATIONAL\\_ID | 1 (100%) | 1 |")
    assert (
        "- **CC-PLAIN-NATIONAL-ID** National identity numbers stored in plain text. Delete the column" in text
    )


def test_names_cannot_break_the_table_or_inject_html():
    text = markdown.render(_report([_finding(column="a|b <script>x</script>")]), load_default_policy())
    (row,) = [line for line in text.splitlines() if line.startswith("| medium")]
    assert "<script" not in text
    assert row.count("|") - row.count("\\|") == 8  # seven cells, the pipe in the name escaped
    assert "a\\|b &lt;script\\>x&lt;/script\\>" in row


def test_long_lists_are_cut_with_a_count_of_the_rest():
    findings = [_finding(column=f"c{index}") for index in range(markdown.MAX_FINDINGS + 7)]
    text = markdown.render(_report(findings), load_default_policy())
    assert sum(line.startswith("| medium") for line in text.splitlines()) == markdown.MAX_FINDINGS
    assert "… and 7 more finding(s) in the full report." in text


def test_baseline_counts_are_stated():
    report = _report([_finding()], baseline={"file": ".ccscan-baseline.json", "known": 5, "stale": [{}, {}]})
    text = markdown.render(report, load_default_policy())
    assert "Baseline `.ccscan-baseline.json`: 5 known finding(s) left out, 2 stale entr(y/ies)." in text


def test_a_clean_scan_says_so():
    report = _report([])
    report["summary"]["findings_by_severity"] = {}
    text = markdown.render(report, load_default_policy())
    assert text.splitlines()[0] == "### ccscan: 0 finding(s) (none)"
    assert "**no finding at or above 'high': the scan passes.**" in text and "| severity |" not in text


def test_an_unreadable_input_fails_the_verdict_like_the_exit_code():
    report = _report([])
    report["files"] = [{"path": "broken.csv", "errors": ["CSV data could not be parsed"]}]
    text = markdown.render(report, load_default_policy())
    assert "**1 table(s) could not be read: the scan fails.**" in text
    assert "- broken.csv: CSV data could not be parsed" in text
