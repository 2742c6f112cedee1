"""Policy files: the default pack, the schema, overlays, and one-line errors naming the file and rule."""

from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml

from recognizers.entities import CATEGORIES
from rules.findings import ColumnCategory, plaintext_findings
from rules.policy import (
    PolicyError,
    ProtectionRule,
    load_default_policy,
    load_policy,
    parse_policy,
    policy_schema,
)
from rules.retention import Age, RetentionRule

RULES = Path(__file__).resolve().parents[1] / "rules"
REFERENCE_FIELDS = ("gdpr", "iso27001", "soc2")


def test_the_default_pack_is_valid_against_the_schema():
    document = yaml.safe_load((RULES / "default_policy.yaml").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(policy_schema())
    jsonschema.validate(document, policy_schema(), cls=jsonschema.Draft202012Validator)


def test_schema_categories_are_the_entity_categories():
    assert tuple(policy_schema()["$defs"]["category"]["enum"]) == CATEGORIES


def test_every_default_rule_cites_law_and_controls_and_says_what_to_do():
    for rule in load_default_policy().rules():
        assert rule.title and rule.rationale and rule.remediation, rule.id
        assert all(getattr(rule, field) for field in REFERENCE_FIELDS), rule.id


def test_default_retention_numbers_are_marked_for_review():
    retention = load_default_policy().retention
    assert {rule.id for rule in retention} >= {
        "CC-RET-LEAD",
        "CC-RET-RECORDING",
        "CC-RET-CDR",
        "CC-RET-BILLING-NO",
        "CC-RET-BILLING-SE",
        "CC-RET-BILLING-DK",
        "CC-RET-BILLING-FI",
    }
    for rule in retention:
        assert rule.default and rule.rationale.startswith("Default to review"), rule.id


def test_default_retention_ages_follow_the_reference_table():
    policy = load_default_policy()
    ages = {
        rule_id: str(policy.rule(rule_id).max_age)
        for rule_id in (
            "CC-RET-LEAD",
            "CC-RET-RECORDING",
            "CC-RET-CDR",
            "CC-RET-BILLING-NO",
            "CC-RET-BILLING-SE",
            "CC-RET-BILLING-DK",
            "CC-RET-BILLING-FI",
            "CC-RET-RECORDING-MIFID",
        )
    }
    assert ages == {
        "CC-RET-LEAD": "12m",
        "CC-RET-RECORDING": "90d",
        "CC-RET-CDR": "24m",
        "CC-RET-BILLING-NO": "5y",
        "CC-RET-BILLING-SE": "7y",
        "CC-RET-BILLING-DK": "5y",
        "CC-RET-BILLING-FI": "6y",
        "CC-RET-RECORDING-MIFID": "5y",
    }
    assert str(policy.rule("CC-RET-LEAD").escalate.after) == "36m"


def test_default_severities_by_category():
    policy = load_default_policy()
    severities = {category: policy.rule_for_category(category).severity for category in CATEGORIES}
    assert severities["NATIONAL_ID"] == severities["SPECIAL_CATEGORY"] == severities["PAYMENT_CARD"] == "high"
    assert severities["PHONE"] == severities["EMAIL"] == "medium"
    assert severities["PERSON"] == "low"
    assert severities["BUSINESS_ID"] == "info"


def test_the_example_rule_of_the_issue_loads():
    policy = parse_policy(
        """
retention:
  - id: CC-RET-LEAD-STRICT
    title: Leads not contacted for 12 months
    applies_to: {columns: [last_contact_at, status]}
    date_column: last_contact_at
    max_age: 12m
    where: {status: {equals: lead}}
    severity: medium
    rationale: Our own period.
    remediation: Delete them.
""",
        "site.yaml",
    )
    rule = policy.rule("CC-RET-LEAD-STRICT")
    assert isinstance(rule, RetentionRule)
    assert (rule.max_age, rule.date_columns, rule.columns) == (
        Age(12, "m"),
        ("last_contact_at",),
        ("last_contact_at", "status"),
    )
    assert [str(condition) for condition in rule.where] == ["status equals lead"]
    assert policy.sources == ("default_policy.yaml", "site.yaml")


def test_an_overlay_changes_only_the_fields_it_names():
    default = load_default_policy().rule("CC-RET-LEAD")
    changed = parse_policy("retention: [{id: CC-RET-LEAD, max_age: 6m}]", "site.yaml").rule("CC-RET-LEAD")
    assert changed.max_age == Age(6, "m")
    assert (changed.where, changed.date_columns, changed.escalate) == (
        default.where,
        default.date_columns,
        default.escalate,
    )
    # the texts follow the numbers, and the reviewed number is no longer a default
    assert changed.rationale == default.rationale.replace(
        "Default to review: overdue after 12 months", "Overdue after 6 months"
    )
    assert (changed.title, changed.default) == ("Leads not contacted for 6 months", False)


def test_an_overlay_keeps_the_review_mark_unless_it_sets_the_numbers():
    severity = parse_policy("retention: [{id: CC-RET-CDR, severity: high}]", "site.yaml").rule("CC-RET-CDR")
    assert severity.default and severity.rationale.startswith("Default to review: overdue after 24 months")
    escalate = parse_policy(
        "retention: [{id: CC-RET-CDR, escalate: {after: 3y, severity: critical}}]", "site.yaml"
    ).rule("CC-RET-CDR")
    assert not escalate.default
    assert escalate.rationale.startswith("Overdue after 24 months, critical after 3 years. Call detail")
    kept = parse_policy("retention: [{id: CC-RET-CDR, max_age: 36m, default: true}]", "site.yaml").rule(
        "CC-RET-CDR"
    )
    assert kept.default and kept.title == "Call detail records kept longer than 36 months"


def test_a_custom_rule_names_its_own_numbers_in_its_texts():
    rule = parse_policy(
        """
retention:
  - id: SITE-RET-TICKETS
    title: Tickets closed more than {max_age} ago
    date_column: closed_at
    max_age: 1y
    escalate: {after: 3y, severity: high}
    severity: low
    rationale: "Our period is {max_age}, {escalate_severity} after {escalate_after}; {other} stays."
    remediation: Delete tickets older than {max_age}.
    gdpr: ["Art. 5(1)(e)"]
""",
        "site.yaml",
    ).rule("SITE-RET-TICKETS")
    assert rule.title == "Tickets closed more than 1 year ago"
    assert rule.rationale == "Our period is 1 year, high after 3 years; {other} stays."
    assert rule.remediation == "Delete tickets older than 1 year."


def test_overlays_apply_in_order(tmp_path):
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text("protection: [{id: CC-PLAIN-PHONE, severity: high}]\n", encoding="utf-8")
    second.write_text("protection: [{id: CC-PLAIN-PHONE, severity: low}]\n", encoding="utf-8")
    assert load_policy([first, second]).rule("CC-PLAIN-PHONE").severity == "low"
    assert load_policy([second, first]).rule("CC-PLAIN-PHONE").severity == "high"


def test_severity_by_category_is_configurable():
    fact = ColumnCategory("crm.csv", None, "telefon", "PHONE", 10, 1.0, ("PHONE_NUMBER",), 1)
    policy = parse_policy("protection: [{id: CC-PLAIN-PHONE, severity: high}]", "site.yaml")
    (finding,) = plaintext_findings([fact], policy)
    assert (finding.rule, finding.severity) == ("CC-PLAIN-PHONE", "high")


def test_a_disabled_protection_rule_gives_no_finding_and_no_plaintext_finding_for_protected_columns():
    fact = ColumnCategory("crm.csv", None, "telefon", "PHONE", 10, 1.0, ("PHONE_NUMBER",), 1)
    disabled = parse_policy("protection: [{id: CC-PLAIN-PHONE, enabled: false}]", "site.yaml")
    assert plaintext_findings([fact], disabled) == []
    assert plaintext_findings([fact], load_default_policy(), {("crm.csv", None, "telefon"): "hashed"}) == []
    assert (
        len(plaintext_findings([fact], load_default_policy(), {("crm.csv", None, "telefon"): "plaintext"}))
        == 1
    )


def test_a_disabled_retention_rule_is_not_applied():
    policy = parse_policy("retention: [{id: CC-RET-CDR, enabled: false}]", "site.yaml")
    assert all(rule.id != "CC-RET-CDR" for rule in policy.retention_rules_for("exports/calls.csv"))
    assert "CC-RET-CDR" in {
        rule.id for rule in load_default_policy().retention_rules_for("exports/calls.csv")
    }


def test_a_new_protection_rule_for_a_category_must_replace_the_enabled_one():
    with pytest.raises(PolicyError) as error:
        parse_policy(
            "protection: [{id: SITE-PHONE, category: PHONE, title: t, severity: low, rationale: r, remediation: m}]",
            "site.yaml",
        )
    assert str(error.value) == "site.yaml: rule SITE-PHONE: a second enabled protection rule for PHONE"
    policy = parse_policy(
        "protection: [{id: CC-PLAIN-PHONE, enabled: false},"
        " {id: SITE-PHONE, category: PHONE, title: t, severity: low, rationale: r, remediation: m}]",
        "site.yaml",
    )
    assert isinstance(policy.rule_for_category("PHONE"), ProtectionRule)
    assert policy.rule_for_category("PHONE").id == "SITE-PHONE"


NEW_RULE = (
    "{id: SITE-RET-X, title: t, severity: low, date_column: d, max_age: 1y, rationale: r, remediation: m"
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "retention: [{id: CC-RET-LEAD, max_age: 12 months}]",
            "site.yaml: rule CC-RET-LEAD: max_age: '12 months' is not a number followed by d, w, m or y, e.g. 90d, 24m, 5y",
        ),
        (
            "retention: [{id: CC-RET-LEAD, severity: urgent}]",
            "site.yaml: rule CC-RET-LEAD: severity: 'urgent' is not one of ['info', 'low', 'medium', 'high', 'critical']",
        ),
        (
            "retention: [{id: CC-RET-LEAD, max_age: 6m, colour: red}]",
            "site.yaml: rule CC-RET-LEAD: unknown field(s) ('colour' was unexpected)",
        ),
        ("retention: [" + NEW_RULE + "}]\n", None),
        (
            "retention: [{id: SITE-RET-X, title: t, severity: low, date_column: d, rationale: r, remediation: m}]",
            "site.yaml: rule SITE-RET-X: missing 'max_age'",
        ),
        (
            "retention: [" + NEW_RULE + ", where: {country: {in: [NO, SE]}}}]",
            "site.yaml: rule SITE-RET-X: where.country.in.0: False is not of type 'string', 'number' "
            "(YAML reads yes/no/on/off and NO unquoted as true/false: quote it)",
        ),
        (
            "retention: [" + NEW_RULE + ", where: {status: {like: lead}}}]",
            "site.yaml: rule SITE-RET-X: where.status: unknown field(s) ('like' was unexpected)",
        ),
        (
            "retention: [" + NEW_RULE + ", where: {status: {matches: '(unclosed'}}}]",
            "site.yaml: rule SITE-RET-X: where.status.matches: not a valid regular expression",
        ),
        (
            "retention: [" + NEW_RULE + ", escalate: {after: 6m, severity: high}}]",
            "site.yaml: rule SITE-RET-X: escalate.after (6m) must be longer than max_age (1y)",
        ),
        (
            "retention: [{id: CC-RET-LEAD, max_age: 6m}, {id: CC-RET-LEAD, max_age: 3m}]",
            "site.yaml: rule CC-RET-LEAD: defined twice",
        ),
        (
            "retention: [{id: CC-PLAIN-PHONE, max_age: 6m}]",
            "site.yaml: rule CC-PLAIN-PHONE: already a protection rule",
        ),
        (
            "retention: [{id: lead-rule, max_age: 6m}]",
            "site.yaml: rule lead-rule: id: 'lead-rule' is not upper-case words joined by hyphens, e.g. CC-RET-LEAD",
        ),
        ("retention: [{max_age: 6m}]", "site.yaml: rule #1 of retention: missing 'id'"),
        (
            "protection: [{id: CC-PLAIN-PHONE, category: PHONES}]",
            "site.yaml: rule CC-PLAIN-PHONE: category: 'PHONES' is not one of ['NATIONAL_ID', 'PHONE', 'EMAIL', "
            "'PAYMENT_CARD', 'BANK_ACCOUNT', 'PERSON', 'ADDRESS', 'DATE_OF_BIRTH', 'IP_ADDRESS', 'BUSINESS_ID', "
            "'SPECIAL_CATEGORY', 'OTHER']",
        ),
        ("rules: []", "site.yaml: unknown field(s) ('rules' was unexpected)"),
        (
            "- just a list",
            "site.yaml: expected a mapping with protection, pseudonymisation and retention lists",
        ),
        ("retention: [{id: X-1, max_age: 6m\n", "site.yaml: not valid YAML at line 2"),
    ],
)
def test_policy_errors_are_one_line_naming_the_file_and_rule(text, message):
    if message is None:
        assert parse_policy(text, "site.yaml").rule("SITE-RET-X") is not None
        return
    with pytest.raises(PolicyError) as error:
        parse_policy(text, "site.yaml")
    assert str(error.value) == message
    assert "\n" not in str(error.value)


def test_an_unreadable_policy_file_is_one_line(tmp_path):
    with pytest.raises(
        PolicyError, match=r"^.*missing\.yaml: cannot read the policy file \(No such file or directory\)$"
    ):
        load_policy([tmp_path / "missing.yaml"])


def test_retention_rules_for_a_table_follow_file_globs():
    policy = load_default_policy()
    assert {rule.id for rule in policy.retention_rules_for("exports/faktura_2019.csv")} >= {
        "CC-RET-BILLING",
        "CC-RET-BILLING-NO",
        "CC-RET-BILLING-FI",
    }
    assert not any(
        rule.id.startswith("CC-RET-BILLING") for rule in policy.retention_rules_for("exports/crm.csv")
    )
    assert Age.parse("7y").cutoff(date(2025, 6, 30)) == date(2018, 6, 30)
