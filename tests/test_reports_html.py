"""The HTML report: self-contained, escaped, and — rendered by headless Chromium — readable as printed."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from report_samples import PLANTED, scan

from rules.policy import load_default_policy
from scanner.i18n import LANGUAGES
from scanner.reports import html

CHROMIUM = shutil.which("chromium")
PDFTOTEXT = shutil.which("pdftotext")
needs_browser = pytest.mark.skipif(
    not (CHROMIUM and PDFTOTEXT),
    reason="needs Debian's chromium and pdftotext (apt-get install -y chromium poppler-utils)",
)


@pytest.fixture(scope="module")
def scanned(tmp_path_factory) -> tuple[dict, str]:
    """The JSON report and the HTML page of one scan of the sample CRM export."""
    root = tmp_path_factory.mktemp("html")
    result, _ = scan(root, "--format", "json", "--format", "html")
    assert result.exit_code == 1, result.output
    report = json.loads((root / "report.json").read_text(encoding="utf-8"))
    return report, (root / "report.html").read_text(encoding="utf-8")


def test_page_loads_nothing_from_anywhere(scanned):
    _, page = scanned
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"<script|<link|<img|<iframe|<object|@import|url\(", page, re.IGNORECASE)
    assert re.findall(r'\b(?:href|src)="([^"]*)"', page) == ["#overview", "#findings", "#inventory"]


def test_page_states_overview_findings_and_inventory(scanned):
    report, page = scanned
    columns = report["summary"]["columns_with_personal_data"]
    assert (
        f'<span class="number">{columns}</span> <span class="what">columns with personal data</span>' in page
    )
    assert "National identity numbers stored in plain text" in page
    assert "GDPR Art. 5(1)(c), Art. 5(1)(f), Art. 32(1)(a), Art. 87; ISO/IEC 27001:2022 A.5.34" in page
    assert "Delete the column if the number is not needed" in page
    assert "**********8" in page  # masked example in the inventory: a national ID keeps its shape
    assert "No personal data found in: kunde_id" in page


def test_names_from_the_data_are_escaped():
    report = {
        "schema_version": "1.0",
        "tool": {"name": "ccscan", "version": "0"},
        "scanned_at": "2025-01-01T00:00:00Z",
        "config": {"threshold": 0.5, "fail_on": "high", "show_values": False},
        "files": [
            {
                "path": "a<b>.csv",
                "format": "csv",
                "rows": 1,
                "errors": [],
                "warnings": [],
                "columns": [
                    {
                        "name": "<img src=x onerror=alert(1)>",
                        "non_empty": 1,
                        "entities": [
                            {
                                "type": "PHONE_NUMBER",
                                "category": "PHONE",
                                "count": 1,
                                "share": 1.0,
                                "examples": ["<b>"],
                                "rows": [1],
                            }
                        ],
                    }
                ],
            }
        ],
        "findings": [
            {
                "rule": "CC-PLAIN-PHONE",
                "severity": "medium",
                "file": "a<b>.csv",
                "column": "<img src=x onerror=alert(1)>",
                "category": "PHONE",
                "count": 1,
                "share": 1.0,
                "message": "m",
            }
        ],
        "summary": {
            "files": 1,
            "tables": 1,
            "rows": 1,
            "columns": 1,
            "columns_with_personal_data": 1,
            "columns_by_category": {"PHONE": 1},
            "findings_by_severity": {"medium": 1},
        },
    }
    page = html.render(report, load_default_policy())
    assert "<img" not in page and "<b>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_retention_finding_gets_its_facts_and_an_age_chart():
    report = {
        "schema_version": "1.0",
        "tool": {"name": "ccscan", "version": "0"},
        "scanned_at": "2025-01-01T00:00:00Z",
        "config": {"threshold": 0.5, "fail_on": "high", "show_values": False},
        "files": [],
        "findings": [
            {
                "rule": "CC-RET-LEAD",
                "severity": "medium",
                "file": "leads.csv",
                "column": "last_contact",
                "category": "OTHER",
                "count": 7,
                "share": 0.7,
                "message": "m",
                "overdue": 7,
                "oldest": "2019-02-01",
                "rows": [2, 5],
                "histogram": [
                    {"label": "6-12m", "count": 3, "overdue": False},
                    {"label": "1-2y", "count": 5, "overdue": True},
                    {"label": "3-5y", "count": 2, "overdue": True},
                ],
            }
        ],
        "summary": {
            "files": 1,
            "tables": 1,
            "rows": 10,
            "columns": 2,
            "columns_with_personal_data": 0,
            "columns_by_category": {},
            "findings_by_severity": {"medium": 1},
        },
    }
    page = html.render(report, load_default_policy())
    assert "<dt>overdue</dt><dd>7</dd>" in page and "<dt>oldest</dt><dd>2019-02-01</dd>" in page
    chart = page[page.index("<svg") : page.index("</svg>")]
    assert re.findall(r'class="label">([^<]*)<', chart) == ["6-12m", "1-2y", "3-5y"]
    assert re.findall(r'class="count">([^<]*)<', chart) == ["3", "5", "2"]
    assert re.findall(r'class="(bar[^"]*)"', chart) == ["bar", "bar overdue", "bar overdue"]
    assert "<dt>first overdue rows</dt><dd>2, 5</dd>" in page
    assert "red bands are entirely past the limit" in page


def test_raw_values_banner_only_with_show_values(tmp_path):
    _result, _ = scan(tmp_path, "--format", "json", "--format", "html", "--show-values")
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Raw values are shown (--show-values)" in page


def _page_requests(net_log: Path) -> list[str]:
    """URLs the page itself asked for (the browser's own background requests are keyed differently)."""
    log = json.loads(net_log.read_text(encoding="utf-8"))
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [
        event["params"]["url"]
        for event in log["events"]
        if event["type"] == start_job
        and "file://" in event["params"].get("network_isolation_key", "")
        and not event["params"]["url"].startswith(("file:", "data:"))
    ]


def _print_to_pdf(page: Path, work: Path) -> tuple[str, list[str]]:
    """The text a reader sees in the printed PDF, and the requests the page made."""
    pdf, net_log = work / "printed.pdf", work / "net.json"
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={work / 'profile'}",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--log-net-log={net_log}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text, _page_requests(net_log)


# What the printed page says in each shipped language: tiles, severity badges (printed in capitals),
# rule titles, the inventory heading and the verdict.
PRINTED = {
    "en": (
        ("columns with personal data", "rows", "findings", "HIGH", "MEDIUM"),
        (
            "National identity numbers stored in plain text",
            "Email addresses stored in plain text",
            "Phone numbers stored in plain text",
            "Data inventory",
            "2 finding(s) at or above 'high': the scan fails.",
        ),
    ),
    "nb": (
        ("kolonner med personopplysninger", "rader", "funn", "HØY", "MIDDELS"),
        (
            "Fødselsnumre lagret i klartekst",
            "E-postadresser lagret i klartekst",
            "Telefonnumre lagret i klartekst",
            "Datainventar",
            "2 funn på eller over 'high': skanningen feiler.",
        ),
    ),
    "sv": (
        ("kolumner med personuppgifter", "rader", "fynd", "HÖG", "MEDEL"),
        (
            "Personnummer lagrade i klartext",
            "E-postadresser lagrade i klartext",
            "Telefonnummer lagrade i klartext",
            "Datainventering",
            "2 fynd på eller över 'high': skanningen underkänns.",
        ),
    ),
}
PRINTED["da"] = (
    ("kolonner med personoplysninger", "rækker", "fund", "HØJ", "MIDDEL"),
    (
        "Personnumre lagret i klartekst",
        "E-mailadresser lagret i klartekst",
        "Telefonnumre lagret i klartekst",
        "Dataoversigt",
        "2 fund på eller over 'high': scanningen fejler.",
    ),
)
PRINTED["fi"] = (
    ("saraketta sisältää henkilötietoja", "riviä", "löydöstä", "KORKEA", "KESKITASO"),
    (
        "Henkilötunnukset tallennettu selväkielisinä",
        "Sähköpostiosoitteet tallennettu selväkielisinä",
        "Puhelinnumerot tallennettu selväkielisinä",
        "Tietoluettelo",
        "2 löydöstä tasolla 'high' tai yli: skannaus hylätään.",
    ),
)


@needs_browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_printed_report_shows_overview_and_findings_without_any_request(scanned, tmp_path, lang):
    report, page = scanned
    if lang != "en":
        page = html.render({**report, "config": {**report["config"], "lang": lang}}, load_default_policy())
    (tmp_path / "report.html").write_text(page, encoding="utf-8")
    text, requests = _print_to_pdf(tmp_path / "report.html", tmp_path)
    assert requests == []
    (with_personal_data, rows, findings, high, medium), titles = PRINTED[lang]
    summary = report["summary"]
    assert re.search(rf"\b{summary['columns_with_personal_data']} {with_personal_data}", text)
    assert re.search(rf"\b{summary['rows']} {rows}\b", text)
    assert re.search(rf"\b{len(report['findings'])} {findings}\b", text)
    severities = summary["findings_by_severity"]
    assert re.search(rf"{high}\s+{severities['high']}\b", text)
    assert re.search(rf"{medium}\s+{severities['medium']}\b", text)
    for title in titles:
        assert title in text
    assert not [value for value in PLANTED if value in text]


@needs_browser
def test_the_request_check_sees_a_page_that_loads_something(tmp_path):
    page = tmp_path / "leaky.html"
    page.write_text('<!DOCTYPE html><p>leak</p><img src="http://ccscan.invalid/pixel.png">', encoding="utf-8")
    text, requests = _print_to_pdf(page, tmp_path)
    assert "leak" in text
    assert requests == ["http://ccscan.invalid/pixel.png"]
