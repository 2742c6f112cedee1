"""Retention: rows kept longer than a rule allows, counted exactly, batch by batch.

A retention rule names the tables it covers (file globs and/or required columns), the date column (one
name, or candidates of which the first present is used), the maximum age (`90d`, `12w`, `24m`, `5y`),
and optional conditions on other columns. A row is overdue when its date falls before the cutoff:
`as_of` minus the maximum age, in calendar terms (`12m` before 2025-06-30 is 2024-06-30; a row of
2024-06-29 is overdue, one of 2024-06-30 is not). Time of day does not count; dates with an offset are
compared in UTC.

Column names match case-insensitively. Conditions (all must hold):
- `equals: lead` / `in: [lead, prospect]` / `not_in: [customer]`: trimmed, case-insensitive text;
- `empty: true|false`: blank (or missing) or not;
- `is: true|false`: a yes-word (true, yes, y, 1, t, x, ja, j, kyllä, k, sant) or not;
- `matches: REGEX`: the trimmed cell matches the (Rust-dialect) regular expression.

`retention_partials` works on one batch with polars expressions and returns counters that merge in
any order (sums, the minimum date, the smallest row numbers), so the count over a file is exact
whatever the batch size.
"""

from __future__ import annotations

import calendar
import fnmatch
import re
from dataclasses import dataclass, field
from datetime import date, datetime

import polars as pl

from rules.counters import add_counts, smallest
from rules.dates import as_datetimes, is_native_dates

FIRST_ROWS = 10
AGE_PATTERN = re.compile(r"^([1-9][0-9]*)([dwmy])$")
YES_WORDS: tuple[str, ...] = ("true", "yes", "y", "1", "t", "x", "ja", "j", "kyllä", "k", "sant")
# age bands of the histogram: (label, upper bound in days, exclusive); a year is 365 days
AGE_BUCKETS: tuple[tuple[str, float], ...] = (
    ("future", 0),
    ("<30d", 30),
    ("30-90d", 90),
    ("90-180d", 180),
    ("180d-1y", 365),
    ("1-2y", 730),
    ("2-3y", 1095),
    ("3-5y", 1825),
    ("5-7y", 2555),
    ("7-10y", 3650),
    (">=10y", float("inf")),
)


@dataclass(frozen=True)
class Age:
    """A maximum age as a policy writes it: `90d`, `12w`, `24m`, `5y`."""

    amount: int
    unit: str

    @classmethod
    def parse(cls, text: str) -> Age:
        match = AGE_PATTERN.match(str(text).strip())
        if not match:
            raise ValueError(f"age {text!r} is not a number followed by d, w, m or y (e.g. 90d, 24m, 5y)")
        return cls(int(match.group(1)), match.group(2))

    def cutoff(self, as_of: date) -> date:
        """The first date that is not older than this age on `as_of`."""
        if self.unit in "dw":
            return date.fromordinal(as_of.toordinal() - self.amount * (7 if self.unit == "w" else 1))
        months = self.amount * (12 if self.unit == "y" else 1)
        year, month = divmod(as_of.year * 12 + as_of.month - 1 - months, 12)
        day = min(as_of.day, calendar.monthrange(year, month + 1)[1])
        return date(year, month + 1, day)

    def words(self) -> str:
        """`12 months`, `1 year`, `90 days`: as titles and rationales say it."""
        unit = {"d": "day", "w": "week", "m": "month", "y": "year"}[self.unit]
        return f"{self.amount} {unit}{'' if self.amount == 1 else 's'}"

    def __str__(self) -> str:
        return f"{self.amount}{self.unit}"


@dataclass(frozen=True)
class Condition:
    """One test on one column of a row."""

    column: str
    operator: str
    value: str | bool | tuple[str, ...]

    def expression(self, column: str) -> pl.Expr:
        text = pl.col(column).cast(pl.String).str.strip_chars()
        lowered = text.str.to_lowercase()
        blank = text.is_null() | (text.str.len_bytes() == 0)
        if self.operator == "equals":
            return (lowered == str(self.value).strip().lower()).fill_null(False)
        if self.operator in ("in", "not_in"):
            items = self.value if isinstance(self.value, tuple) else (str(self.value),)
            listed = lowered.is_in([item.strip().lower() for item in items]).fill_null(False)
            return listed if self.operator == "in" else ~listed
        if self.operator == "empty":
            return blank if self.value else ~blank
        if self.operator == "is":
            yes = lowered.is_in(list(YES_WORDS)).fill_null(False)
            return yes if self.value else ~yes
        if self.operator == "matches":
            return text.str.contains(str(self.value)).fill_null(False)
        raise ValueError(f"unknown condition {self.operator!r}")

    def __str__(self) -> str:
        if self.operator in ("empty", "is"):
            what = "empty" if self.operator == "empty" else "a yes-word (true, yes, 1, ja, ...)"
            return f"{self.column} is {'' if self.value else 'not '}{what}"
        if isinstance(self.value, tuple):
            return f"{self.column} {self.operator.replace('_', ' ')} [{', '.join(self.value)}]"
        return f"{self.column} {self.operator} {self.value}"


@dataclass(frozen=True)
class Escalation:
    """Rows older than `after` raise the finding to `severity`."""

    after: Age
    severity: str


@dataclass(frozen=True)
class RetentionRule:
    id: str
    title: str
    severity: str
    max_age: Age
    date_columns: tuple[str, ...]
    rationale: str
    remediation: str
    files: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    without_columns: tuple[str, ...] = ()
    where: tuple[Condition, ...] = ()
    escalate: Escalation | None = None
    default: bool = False
    enabled: bool = True
    gdpr: tuple[str, ...] = ()
    iso27001: tuple[str, ...] = ()
    soc2: tuple[str, ...] = ()

    def covers_file(self, location: str) -> bool:
        """Whether a table at `location` (a path, `archive.zip!member`) matches the rule's file globs."""
        if not self.files:
            return True
        name = re.split(r"[/\\!]", location)[-1]
        candidates = (location.lower(), name.lower())
        return any(
            fnmatch.fnmatch(candidate, pattern.lower()) for pattern in self.files for candidate in candidates
        )

    def resolve(self, columns: list[str]) -> dict[str, str] | None:
        """Rule column names -> the table's columns, or None when the rule does not apply to them.

        The date column is under the key `""`: the first candidate present."""
        by_name = {name.strip().lower(): name for name in columns}
        if any(name.lower() in by_name for name in self.without_columns):
            return None
        required = {*self.columns, *(condition.column for condition in self.where)}
        if any(name.lower() not in by_name for name in required):
            return None
        present = [by_name[name.lower()] for name in self.date_columns if name.lower() in by_name]
        if not present:
            return None
        date_column = present[0]
        return {"": date_column, **{name: by_name[name.lower()] for name in required}}


@dataclass(frozen=True)
class RetentionCheck:
    """The retention rules whose file globs cover one table, and the day they judge it on."""

    rules: tuple[RetentionRule, ...]
    as_of: date


@dataclass
class RetentionPartial:
    """One rule over some rows of one table: counters that merge in any order."""

    date_column: str
    rows: int = 0
    dated: int = 0
    undated: int = 0
    unparseable: int = 0
    overdue: int = 0
    escalated: int = 0
    oldest: datetime | None = None
    histogram: dict[str, int] = field(default_factory=dict)
    overdue_rows: tuple[int, ...] = ()
    unparseable_rows: tuple[int, ...] = ()

    def merge(self, other: RetentionPartial) -> RetentionPartial:
        oldest = min((d for d in (self.oldest, other.oldest) if d is not None), default=None)
        return RetentionPartial(
            date_column=min(self.date_column, other.date_column),
            rows=self.rows + other.rows,
            dated=self.dated + other.dated,
            undated=self.undated + other.undated,
            unparseable=self.unparseable + other.unparseable,
            overdue=self.overdue + other.overdue,
            escalated=self.escalated + other.escalated,
            oldest=oldest,
            histogram=add_counts(self.histogram, other.histogram),
            overdue_rows=smallest([*self.overdue_rows, *other.overdue_rows], FIRST_ROWS),
            unparseable_rows=smallest([*self.unparseable_rows, *other.unparseable_rows], FIRST_ROWS),
        )


def merge_retention(
    a: dict[str, RetentionPartial], b: dict[str, RetentionPartial]
) -> dict[str, RetentionPartial]:
    merged = dict(a)
    for rule_id, partial in b.items():
        merged[rule_id] = merged[rule_id].merge(partial) if rule_id in merged else partial
    return merged


PARSED = "__ccscan_date"
ROW = "__ccscan_row"


def _rule_partial(
    frame: pl.DataFrame, first_row: int, rule: RetentionRule, names: dict[str, str], as_of: date
) -> RetentionPartial:
    scope = pl.lit(True)
    for condition in rule.where:
        scope = scope & condition.expression(names[condition.column])
    date_column = names[""]
    # conditions first: only rows in scope have their dates parsed
    in_scope = frame.with_row_index(ROW).filter(scope).select(ROW, date_column)
    in_scope = in_scope.with_columns(as_datetimes(in_scope[date_column]).alias(PARSED))
    day = pl.col(PARSED).dt.date()
    if is_native_dates(frame[date_column]):  # a database's dates: null is undated, none is unparseable
        blank = pl.col(date_column).is_null()
    else:
        raw = pl.col(date_column).str.strip_chars()
        blank = raw.is_null() | (raw.str.len_bytes() == 0)
    unparseable = ~blank & pl.col(PARSED).is_null()
    overdue = (day < rule.max_age.cutoff(as_of)).fill_null(False)
    escalated = pl.lit(False)
    if rule.escalate is not None:
        escalated = (day < rule.escalate.after.cutoff(as_of)).fill_null(False)
    age = (pl.lit(as_of) - day).dt.total_days()
    buckets, lower = [], float("-inf")
    for label, upper in AGE_BUCKETS:
        buckets.append(((age >= lower) & (age < upper)).fill_null(False).sum().alias(label))
        lower = upper
    counts = in_scope.select(
        pl.len().alias("rows"),
        pl.col(PARSED).is_not_null().sum().alias("dated"),
        blank.sum().alias("undated"),
        unparseable.sum().alias("unparseable"),
        overdue.sum().alias("overdue"),
        escalated.sum().alias("escalated"),
        pl.col(PARSED).min().alias("oldest"),
        *buckets,
    ).row(0, named=True)

    def first_rows(mask: pl.Expr) -> tuple[int, ...]:
        return tuple(first_row + int(index) for index in in_scope.filter(mask)[ROW].head(FIRST_ROWS))

    return RetentionPartial(
        date_column=date_column,
        rows=counts["rows"],
        dated=counts["dated"],
        undated=counts["undated"],
        unparseable=counts["unparseable"],
        overdue=counts["overdue"],
        escalated=counts["escalated"],
        oldest=counts["oldest"],
        histogram={label: counts[label] for label, _ in AGE_BUCKETS if counts[label]},
        overdue_rows=first_rows(overdue),
        unparseable_rows=first_rows(unparseable),
    )


def retention_partials(
    frame: pl.DataFrame, first_row: int, rules: tuple[RetentionRule, ...], as_of: date
) -> dict[str, RetentionPartial]:
    """Per rule that applies to this batch's columns: its counters over the batch, whose first row is
    data row `first_row` (1-based) of its table. `rules` are those whose file globs cover the table."""
    partials = {}
    for rule in rules:
        names = rule.resolve(frame.columns) if rule.enabled else None
        if names is not None:
            partials[rule.id] = _rule_partial(frame, first_row, rule, names, as_of)
    return partials
