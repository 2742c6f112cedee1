"""Retention rules: date forms, ages, conditions, and exact overdue counts whatever the batch size."""

import calendar
import random
from datetime import date, datetime, timedelta

import polars as pl
import pytest

from rules.dates import parse_dates
from rules.findings import age_histogram, retention_check, retention_findings
from rules.policy import Policy
from rules.retention import Age, Condition, Escalation, RetentionPartial, RetentionRule, retention_partials

AS_OF = date(2025, 6, 30)


def _rule(**fields) -> RetentionRule:
    values = {
        "id": "CC-RET-TEST",
        "title": "test",
        "severity": "medium",
        "max_age": Age.parse("12m"),
        "date_columns": ("last_contact_at",),
        "rationale": "r",
        "remediation": "m",
    }
    return RetentionRule(**(values | fields))


def _parsed(*values: str | None) -> list:
    return parse_dates(pl.Series("d", list(values), dtype=pl.String)).to_list()


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2024-03-14", datetime(2024, 3, 14)),
        ("2024-03-14T09:30", datetime(2024, 3, 14, 9, 30)),
        ("2024-03-14T09:30:15", datetime(2024, 3, 14, 9, 30, 15)),
        ("2024-03-14T09:30:15.250Z", datetime(2024, 3, 14, 9, 30, 15, 250000)),
        ("2024-03-14T09:30:15+01:00", datetime(2024, 3, 14, 8, 30, 15)),
        ("2024-03-14T09:30:15+0100", datetime(2024, 3, 14, 8, 30, 15)),
        ("2024-03-14 09:30:15", datetime(2024, 3, 14, 9, 30, 15)),
        ("2024-03-14 09:30", datetime(2024, 3, 14, 9, 30)),
        ("14.03.2024", datetime(2024, 3, 14)),
        ("4.3.2024", datetime(2024, 3, 4)),
        ("14.03.2024 09:30", datetime(2024, 3, 14, 9, 30)),
        ("14/03/2024", datetime(2024, 3, 14)),
        ("14/03/2024 09:30:15", datetime(2024, 3, 14, 9, 30, 15)),
        ("Thu, 14 Mar 2024 09:30:15 +0100", datetime(2024, 3, 14, 8, 30, 15)),
        ("14 Mar 2024 09:30:15 GMT", datetime(2024, 3, 14, 9, 30, 15)),
        ("Thu, 14 Mar 2024 09:30 UT", datetime(2024, 3, 14, 9, 30)),
        ("1710408615", datetime(2024, 3, 14, 9, 30, 15)),
        ("1710408615250", datetime(2024, 3, 14, 9, 30, 15, 250000)),
        ("1710408615250000", datetime(2024, 3, 14, 9, 30, 15, 250000)),
        ("1710408615250000000", datetime(2024, 3, 14, 9, 30, 15, 250000)),
        ("  2024-03-14  ", datetime(2024, 3, 14)),
    ],
)
def test_every_written_date_form_is_parsed(written, expected):
    assert _parsed(written) == [expected]


@pytest.mark.parametrize(
    "written", ["31.02.2024", "2024-13-01", "14-03-2024", "March 2024", "17104086151", "abc", "12345"]
)
def test_impossible_or_unknown_dates_are_unparseable(written):
    assert _parsed(written) == [None]


def test_a_column_of_mixed_forms_parses_every_form():
    # the first values show one form; the others must still be tried on the rest
    values = ["2024-03-14"] * 70 + ["14.03.2024", "1710408615", "Thu, 14 Mar 2024 00:00:00 +0000", "x"]
    parsed = _parsed(*values)
    assert parsed[:73] == [datetime(2024, 3, 14)] * 70 + [
        datetime(2024, 3, 14),
        datetime(2024, 3, 14, 9, 30, 15),
        datetime(2024, 3, 14),
    ]
    assert parsed[73] is None


@pytest.mark.parametrize(
    ("age", "as_of", "cutoff"),
    [
        ("12m", date(2025, 6, 30), date(2024, 6, 30)),
        ("12m", date(2024, 2, 29), date(2023, 2, 28)),
        ("1m", date(2025, 3, 31), date(2025, 2, 28)),
        ("24m", date(2025, 1, 15), date(2023, 1, 15)),
        ("5y", date(2024, 2, 29), date(2019, 2, 28)),
        ("90d", date(2025, 6, 30), date(2025, 4, 1)),
        ("2w", date(2025, 6, 30), date(2025, 6, 16)),
    ],
)
def test_cutoff_is_calendar_arithmetic(age, as_of, cutoff):
    assert Age.parse(age).cutoff(as_of) == cutoff


@pytest.mark.parametrize("written", ["12", "12 months", "0d", "1.5y", "m12", ""])
def test_malformed_ages_are_refused(written):
    with pytest.raises(ValueError, match="followed by d, w, m or y"):
        Age.parse(written)


def test_a_row_on_the_cutoff_is_kept_and_the_day_before_is_overdue():
    frame = pl.DataFrame({"last_contact_at": ["2024-06-30 23:59:59", "2024-06-29 23:59:59", "2024-06-30"]})
    partial = retention_partials(frame, 1, (_rule(),), AS_OF)["CC-RET-TEST"]
    assert (partial.overdue, partial.overdue_rows, partial.rows) == (1, (2,), 3)


def test_unparseable_and_empty_dates_are_counted_with_their_rows():
    frame = pl.DataFrame({"last_contact_at": ["2020-01-01", "31.02.2024", "", None, "soon", "2025-06-01"]})
    partial = retention_partials(frame, 101, (_rule(),), AS_OF)["CC-RET-TEST"]
    assert (partial.rows, partial.dated, partial.undated, partial.unparseable) == (6, 2, 2, 2)
    assert partial.unparseable_rows == (102, 105)
    assert (partial.overdue, partial.overdue_rows) == (1, (101,))
    assert partial.oldest == datetime(2020, 1, 1)


STATUS = ["lead", "Lead ", "LEAD", "customer", "prospect", "", None]


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        (Condition("status", "equals", "lead"), [True, True, True, False, False, False, False]),
        (Condition("status", "in", ("lead", "prospect")), [True, True, True, False, True, False, False]),
        (Condition("status", "not_in", ("lead",)), [False, False, False, True, True, True, True]),
        (Condition("status", "empty", True), [False, False, False, False, False, True, True]),
        (Condition("status", "empty", False), [True, True, True, True, True, False, False]),
        (Condition("status", "matches", "^(?i)l"), [True, True, True, False, False, False, False]),
    ],
)
def test_each_condition_selects_its_rows(condition, expected):
    frame = pl.DataFrame({"status": STATUS}, schema={"status": pl.String})
    assert frame.select(condition.expression("status")).to_series().to_list() == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("true", True),
        ("Yes", True),
        ("1", True),
        ("ja", True),
        ("J", True),
        ("kyllä", True),
        ("x", True),
        ("t", True),
        ("false", False),
        ("0", False),
        ("nei", False),
        ("", False),
        (None, False),
    ],
)
def test_is_true_reads_yes_words_in_nordic_languages(value, expected):
    frame = pl.DataFrame({"opt_out": [value]}, schema={"opt_out": pl.String})
    assert frame.select(Condition("opt_out", "is", True).expression("opt_out")).item() is expected
    assert frame.select(Condition("opt_out", "is", False).expression("opt_out")).item() is (not expected)


def test_rule_columns_match_case_insensitively_and_take_the_first_present_candidate():
    rule = _rule(
        date_columns=("last_contact_at", "created_at"), where=(Condition("status", "equals", "lead"),)
    )
    assert rule.resolve(["Status", "Created_At", "LAST_CONTACT_AT"]) == {
        "": "LAST_CONTACT_AT",
        "status": "Status",
    }
    assert rule.resolve(["status", "created_at"]) == {"": "created_at", "status": "status"}
    assert rule.resolve(["last_contact_at"]) is None  # the condition's column is missing
    assert rule.resolve(["status"]) is None  # no date column


def test_without_columns_and_required_columns_decide_whether_a_rule_applies():
    rule = _rule(columns=("invoice_no",), without_columns=("country",))
    assert rule.resolve(["invoice_no", "last_contact_at"]) is not None
    assert rule.resolve(["invoice_no", "last_contact_at", "Country"]) is None
    assert rule.resolve(["last_contact_at"]) is None


@pytest.mark.parametrize(
    ("location", "covered"),
    [
        ("exports/2024/crm_leads.csv", True),
        ("exports/bundle.zip!crm.csv", True),
        ("exports/CRM.CSV", True),
        ("exports/calls.csv", False),
        ("crm/calls.csv", True),
    ],
)
def test_file_globs_match_the_path_or_the_file_name(location, covered):
    assert _rule(files=("*crm*",)).covers_file(location) is covered


def _generated(rows: int, seed: int) -> tuple[pl.DataFrame, int, int, set[int]]:
    """Rows of leads and customers with dates in every form; the known answer is computed with datetime."""
    generator = random.Random(seed)
    cutoff = date(2024, 6, 30)
    statuses, dates, overdue_rows = [], [], set()
    unparseable = 0
    forms = [
        lambda d: d.isoformat(),
        lambda d: f"{d.isoformat()}T08:15:00Z",
        lambda d: d.strftime("%d.%m.%Y"),
        lambda d: d.strftime("%d/%m/%Y 10:00"),
        lambda d: d.strftime("%a, %d %b %Y 12:00:00 +0000"),
        lambda d: str(calendar.timegm((d.year, d.month, d.day, 12, 0, 0))),
    ]
    for row in range(1, rows + 1):
        status = generator.choice(["lead", "Lead", "customer", "prospect"])
        day = AS_OF - timedelta(days=generator.randint(-30, 3000))
        if generator.random() < 0.02:
            written = generator.choice(["31.02.2023", "n/a", "2023-00-10"])
            unparseable += status.lower() == "lead"
        else:
            written = generator.choice(forms)(day)
            if status.lower() == "lead" and day < cutoff:
                overdue_rows.add(row)
        statuses.append(status)
        dates.append(written)
    frame = pl.DataFrame({"status": statuses, "last_contact_at": dates})
    return frame, len(overdue_rows), unparseable, overdue_rows


@pytest.mark.parametrize("batch_rows", [1_000, 2_345, 20_000])
def test_overdue_count_is_exact_on_generated_data_whatever_the_batch_size(batch_rows):
    frame, overdue, unparseable, overdue_rows = _generated(20_000, seed=7)
    rule = _rule(
        where=(Condition("status", "equals", "lead"),), escalate=Escalation(Age.parse("36m"), "high")
    )
    total = None
    for start in range(0, frame.height, batch_rows):
        part = retention_partials(frame.slice(start, batch_rows), start + 1, (rule,), AS_OF)["CC-RET-TEST"]
        total = part if total is None else total.merge(part)
    assert total.overdue == overdue
    assert total.unparseable == unparseable
    assert total.overdue_rows == tuple(sorted(overdue_rows)[:10])
    assert sum(total.histogram.values()) == total.dated
    assert total.rows == frame.filter(pl.col("status").str.to_lowercase() == "lead").height


def test_merging_partials_is_order_independent():
    frame, *_ = _generated(3_000, seed=11)
    rule = _rule()
    parts = [
        retention_partials(frame.slice(start, 700), start + 1, (rule,), AS_OF)["CC-RET-TEST"]
        for start in range(0, 3_000, 700)
    ]
    forward, backward = parts[0], parts[-1]
    for part in parts[1:]:
        forward = forward.merge(part)
    for part in reversed(parts[:-1]):
        backward = backward.merge(part)
    assert forward == backward


def test_a_disabled_rule_or_a_table_without_its_columns_gives_no_partial():
    frame = pl.DataFrame({"last_contact_at": ["2020-01-01"]})
    assert retention_partials(frame, 1, (_rule(enabled=False),), AS_OF) == {}
    assert retention_partials(frame, 1, (_rule(columns=("status",)),), AS_OF) == {}


def test_a_covered_table_without_a_date_column_gives_a_partial_saying_why():
    frame = pl.DataFrame({"last_contact_at": ["2020-01-01"]})
    assert retention_partials(frame, 1, (_rule(date_columns=("called_at",)),), AS_OF) == {
        "CC-RET-TEST": RetentionPartial(date_column="", not_applied="no date column among called_at")
    }


def test_age_histogram_bands_and_their_overdue_marks():
    ages = [-3, 10, 60, 90, 100, 200, 400, 4000]
    frame = pl.DataFrame({"last_contact_at": [(AS_OF - timedelta(days=age)).isoformat() for age in ages]})
    rule = _rule(max_age=Age.parse("90d"))
    partial = retention_partials(frame, 1, (rule,), AS_OF)["CC-RET-TEST"]
    assert age_histogram(partial, rule, AS_OF) == [
        {"label": "future", "count": 1, "overdue": False},
        {"label": "<30d", "count": 1, "overdue": False},
        {"label": "30-90d", "count": 2, "overdue": False},  # age 90 is on the cutoff, not past it
        {"label": "90-180d", "count": 1, "overdue": True},  # the band starts at the cutoff
        {"label": "180d-1y", "count": 1, "overdue": True},
        {"label": "1-2y", "count": 1, "overdue": True},
        {"label": ">=10y", "count": 1, "overdue": True},
    ]
    assert partial.overdue == 4


def test_a_finding_escalates_when_rows_pass_the_escalation_age_and_names_unreadable_dates():
    frame = pl.DataFrame({"last_contact_at": ["2024-01-01", "2020-01-01", "31.02.2024", "2025-06-01"]})
    rule = _rule(escalate=Escalation(Age.parse("36m"), "high"))
    partials = retention_partials(frame, 1, (rule,), AS_OF)
    policy = Policy(protection=(), retention=(rule,))
    (finding,) = retention_findings("crm.csv", None, partials, policy, AS_OF)
    assert (finding.severity, finding.count, finding.share, finding.first_row, finding.column) == (
        "high",
        2,
        0.5,
        1,
        "last_contact_at",
    )
    assert finding.message == (
        "test: 2 of 4 row(s) dated before 2024-06-30 (older than 12m on 2025-06-30) in column 'last_contact_at'; "
        "oldest 2020-01-01; 1 older than 36m; 1 date(s) could not be read"
    )
    assert (finding.details["unparseable"], finding.details["escalated"], finding.details["rows"]) == (
        1,
        1,
        [1, 2],
    )


def test_no_finding_without_overdue_rows_but_the_check_is_still_reported():
    frame = pl.DataFrame({"last_contact_at": ["2025-06-01", "n/a"]})
    rule = _rule()
    partials = retention_partials(frame, 1, (rule,), AS_OF)
    assert (
        retention_findings("crm.csv", None, partials, Policy(protection=(), retention=(rule,)), AS_OF) == []
    )
    check = retention_check(rule, partials["CC-RET-TEST"], AS_OF)
    assert (check["overdue"], check["unparseable"], check["unparseable_rows"], check["cutoff"]) == (
        0,
        1,
        [2],
        "2024-06-30",
    )


def test_parse_dates_keeps_one_value_per_row_when_no_form_matches():
    from rules.dates import parse_dates

    assert parse_dates(pl.Series("d", [], dtype=pl.String)).len() == 0
    assert parse_dates(pl.Series("d", ["", "not a date"])).null_count() == 2
