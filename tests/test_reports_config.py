"""Suppressions and their precedence: command line > environment > config file > default."""

import pytest
from report_samples import CRM_CSV, PHONE, scan

from scanner.suppressions import Suppressions

CONFIG = """
fail_on = "medium"
disable_rules = ["CC-PLAIN-EMAIL", "CC-PLAIN-PERSON"]
exclude = ["skip_*.csv"]
allow_values = ['(\\+47)? ?22 ?00 ?00 ?00']

[severity]
CC-PLAIN-PHONE = "low"

[ignore_columns]
"crm*.csv" = ["notat"]
"""
SKIPPED = "navn;fnr\nX;15108695088\n"


@pytest.fixture
def in_project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _findings(report: dict) -> dict[tuple[str, str], str]:
    return {(f["rule"], f["column"]): f["severity"] for f in report["findings"]}


def test_config_file_applies_every_kind_of_suppression(in_project):
    (in_project / "ccscan.toml").write_text(CONFIG, encoding="utf-8")
    result, report = scan(in_project, files={"crm.csv": CRM_CSV, "skip_me.csv": SKIPPED})
    assert [entry["path"].rsplit("/", 1)[-1] for entry in report["files"]] == ["crm.csv"]  # ignored path
    (table,) = report["files"]
    assert table["ignored_columns"] == ["notat"] and "notat" not in [c["name"] for c in table["columns"]]
    assert _findings(report) == {
        ("CC-PLAIN-NATIONAL-ID", "fnr"): "high",
        ("CC-PLAIN-PHONE", "telefon"): "low",
    }
    assert report["config"]["fail_on"] == "medium" and report["config"]["config_file"] == str(
        in_project / "ccscan.toml"
    )
    assert report["config"]["allow_values"] == 1  # counted, never copied
    assert result.exit_code == 1


def test_pyproject_tool_table_is_read_when_there_is_no_ccscan_toml(in_project):
    (in_project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.ccscan]\nfail_on = "low"\n', encoding="utf-8"
    )
    _, report = scan(in_project)
    assert report["config"]["fail_on"] == "low"
    (in_project / "ccscan.toml").write_text('fail_on = "critical"\n', encoding="utf-8")
    _, report = scan(in_project)
    assert report["config"]["fail_on"] == "critical"


@pytest.mark.parametrize(
    ("env", "cli", "expected"),
    [
        ({}, [], "low"),  # file
        ({"CCSCAN_SEVERITY": "CC-PLAIN-PHONE=info"}, [], "info"),  # environment over file
        (
            {"CCSCAN_SEVERITY": "CC-PLAIN-PHONE=info"},
            ["--severity", "CC-PLAIN-PHONE=critical"],
            "critical",
        ),  # CLI
    ],
)
def test_severity_override_precedence(in_project, env, cli, expected):
    (in_project / "ccscan.toml").write_text('[severity]\nCC-PLAIN-PHONE = "low"\n', encoding="utf-8")
    _, report = scan(in_project, *cli, env=env)
    assert _findings(report)[("CC-PLAIN-PHONE", "telefon")] == expected


@pytest.mark.parametrize(
    ("env", "cli", "expected"),
    [
        ({}, [], "medium"),
        ({"CCSCAN_FAIL_ON": "critical"}, [], "critical"),
        ({"CCSCAN_FAIL_ON": "critical"}, ["--fail-on", "info"], "info"),
    ],
)
def test_fail_on_precedence_and_exit_code(in_project, env, cli, expected):
    (in_project / "ccscan.toml").write_text('fail_on = "medium"\n', encoding="utf-8")
    result, report = scan(in_project, *cli, env=env)
    assert report["config"]["fail_on"] == expected
    assert result.exit_code == (0 if expected == "critical" else 1)


def test_command_line_list_replaces_the_file_list(in_project):
    (in_project / "ccscan.toml").write_text(
        'disable_rules = ["CC-PLAIN-EMAIL", "CC-PLAIN-PHONE"]\n', encoding="utf-8"
    )
    _, report = scan(in_project, "--disable-rule", "CC-PLAIN-PHONE")
    assert report["config"]["disable_rules"] == ["CC-PLAIN-PHONE"]
    assert ("CC-PLAIN-EMAIL", "epost") in _findings(report)


def test_explicit_config_file_from_the_environment(in_project):
    (in_project / "team.toml").write_text('disable_rules = ["CC-PLAIN-NATIONAL-ID"]\n', encoding="utf-8")
    result, report = scan(in_project, env={"CCSCAN_CONFIG": str(in_project / "team.toml")})
    assert not [rule for rule, _ in _findings(report) if rule == "CC-PLAIN-NATIONAL-ID"]
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("config", "args", "message"),
    [
        ("show_values = true\n", [], "unknown setting 'show_values'"),
        ('fail_on = "medium"\nexclude = 3\n', [], "exclude must be a string or a list of strings"),
        ("fail_on = \n", [], "not valid TOML"),
        (
            "",
            ["--disable-rule", "CC-NO-SUCH-RULE"],
            "unknown rule id(s) in --disable-rule/--severity: CC-NO-SUCH-RULE",
        ),
        ("", ["--severity", "CC-PLAIN-PHONE=urgent"], "unknown severity 'urgent'"),
        ("", ["--allow-value", "(unclosed"], "--allow-value '(unclosed': not a regular expression"),
    ],
)
def test_bad_settings_are_one_clear_usage_error(in_project, config, args, message):
    (in_project / "ccscan.toml").write_text(config, encoding="utf-8")
    result, report = scan(in_project, *args)
    assert result.exit_code == 2 and report is None
    assert message in result.output and "Traceback" not in result.output


def test_allowed_values_match_the_whole_found_value():
    suppressions = Suppressions.parse(allow_values=[r"(\+47)? ?22 ?00 ?00 ?00", r"[a-z]+@our-company\.no"])
    assert suppressions.allowed("+47 22 00 00 00") and suppressions.allowed(" 22000000 ")
    assert suppressions.allowed("support@our-company.no")
    assert not suppressions.allowed("22 00 00 001") and not suppressions.allowed(PHONE)
    assert not Suppressions().allowed("22000000")


def test_ignored_columns_match_file_glob_on_path_or_name():
    suppressions = Suppressions.parse(
        ignore_columns=["calls_*.csv=agent_*", "note", "lake/date=2024-*/x.parquet=ip", "*/old/*.csv=caller"]
    )
    assert suppressions.ignored_columns("exports/calls_1.csv", ["agent_phone", "note", "caller"]) == [
        "agent_phone",
        "note",
    ]
    assert suppressions.ignored_columns("/data/old/calls.csv", ["caller", "x"]) == ["caller"]
    assert suppressions.ignored_columns("b.zip!calls_2.csv", ["agent_phone"]) == ["agent_phone"]
    assert suppressions.ignored_columns("crm.csv", ["agent_phone", "note"]) == ["note"]
    assert suppressions.ignored_columns("lake/date=2024-01-01/x.parquet", ["ip"]) == ["ip"]


def test_allowed_switchboard_number_is_not_counted(in_project):
    switchboard = CRM_CSV.replace("+47 913 45 678", "+47 22 00 00 00")
    _, report = scan(in_project, "--allow-value", r"(\+47)? ?22 ?00 ?00 ?00", files={"crm.csv": switchboard})
    phone = next(f for f in report["findings"] if f["column"] == "telefon")
    assert phone["count"] == 1
