"""Retention: rows kept longer than a rule allows, counted exactly, batch by batch.

A retention rule names the tables it covers, the date column (one
name, or candidates of which the first present is used), the maximum age (`90d`, `12w`, `24m`, `5y`),
and optional conditions on other columns. A row is overdue when its date falls before the cutoff:
`as_of` minus the maximum age, in calendar terms (`12m` before 2025-06-30 is 2024-06-30; a row of
2024-06-29 is overdue, one of 2024-06-30 is not). Time of day does not count; dates with an offset are
compared in UTC.

Which tables a rule covers: columns first, names second. A rule with a column shape (`columns_one_of`:
groups of names, one column of each group present, as a call-record table has a start time and a number
or a duration) covers every table of that shape, whatever its name; a rule with name globs (`files`)
covers a table whose own name matches: a sheet by its sheet name, not its workbook's, other tables by
path or file (member) name; a rule with neither covers every table. Then its `columns` must be present
and its `without_columns` absent. A covered table without any of the date columns is not silently
passed over: the rule reports that it could not be applied (an info finding), so a DPO sees which tables
were not checked; one without a condition's column is not the rule's (a country rule on a table
without a country).

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
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

import polars as pl

from rules.counters import add_counts, smallest
from rules.dates import as_datetimes, is_native_dates

FIRST_ROWS = 10
AGE_PATTERN = re.compile(r"^([1-9][0-9]*)([dwmy])$")
YES_WORDS: tuple[str, ...] = ("true", "yes", "y", "1", "t", "x", "ja", "j", "kyllä", "k", "sant")
# age bands of the histogram: (label, upper bound in days, exclusive); a year is 365 days. A rule cuts
# the band holding its limit there (`age_bands`), so that no band mixes overdue rows and others.
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
EDGE_NAMES = {
    0: "0d",
    30: "30d",
    90: "90d",
    180: "180d",
    365: "1y",
    730: "2y",
    1095: "3y",
    1825: "5y",
    2555: "7y",
    3650: "10y",
}
# A band edge this close to a rule's limit is moved onto it (5 calendar years are 1826 or 1827 days).
SNAP_DAYS = 7


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
    columns_one_of: tuple[tuple[str, ...], ...] = ()
    where: tuple[Condition, ...] = ()
    escalate: Escalation | None = None
    default: bool = False
    enabled: bool = True
    gdpr: tuple[str, ...] = ()
    iso27001: tuple[str, ...] = ()
    soc2: tuple[str, ...] = ()

    def covers_file(self, location: str, sheet: str | None = None) -> bool:
        """Whether the table's own name matches the rule's file globs: a sheet's name, else the path
        (`archive.zip!member`) or the file (member) name."""
        if not self.files:
            return True
        if sheet is not None:
            candidates: tuple[str, ...] = (sheet.lower(),)
        else:
            candidates = (location.lower(), re.split(r"[/\\!]", location)[-1].lower())
        return any(
            fnmatch.fnmatch(candidate, pattern.lower()) for pattern in self.files for candidate in candidates
        )

    def has_shape(self, columns: list[str]) -> bool:
        """Whether the table holds one column of every group of `columns_one_of` (a rule without groups
        has no shape)."""
        present = {name.strip().lower() for name in columns}
        return bool(self.columns_one_of) and all(
            any(name.lower() in present for name in group) for group in self.columns_one_of
        )

    def covers(self, columns: list[str], named: bool) -> bool:
        """Columns first, names second: the table has the rule's shape, or its name matched the globs
        (`named`), or the rule asks for neither."""
        if self.has_shape(columns):
            return True
        if self.files:
            return named
        return not self.columns_one_of

    def resolution(self, columns: list[str]) -> dict[str, str] | str | None:
        """Rule column names -> the table's columns (the date column under the key `""`: the first
        candidate present); a one-line reason when the table is the rule's but has no date column;
        None when the table is not the rule's (a column required or ruled out, a condition's column)."""
        by_name = {name.strip().lower(): name for name in columns}
        if any(name.lower() in by_name for name in self.without_columns):
            return None
        required = {*self.columns, *(condition.column for condition in self.where)}
        if any(name.lower() not in by_name for name in required):
            return None
        present = [by_name[name.lower()] for name in self.date_columns if name.lower() in by_name]
        if not present:
            return f"no date column among {', '.join(self.date_columns)}"
        return {"": present[0], **{name: by_name[name.lower()] for name in required}}

    def resolve(self, columns: list[str]) -> dict[str, str] | None:
        """`resolution` when it names the columns, else None."""
        names = self.resolution(columns)
        return names if isinstance(names, dict) else None


@dataclass(frozen=True)
class RetentionCheck:
    """The retention rules that may cover one table, and the day they judge it on. `named`: the ids of
    those whose name globs cover it (None: all of them, as when only such rules are given)."""

    rules: tuple[RetentionRule, ...]
    as_of: date
    named: frozenset[str] | None = None

    def by_name(self, rule: RetentionRule) -> bool:
        return self.named is None or rule.id in self.named


@dataclass
class RetentionPartial:
    """One rule over some rows of one table: counters that merge in any order. A rule that covers the
    table but could not be applied to these rows has no `date_column` and says why in `not_applied`."""

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
    not_applied: str = ""

    def merge(self, other: RetentionPartial) -> RetentionPartial:
        oldest = min((d for d in (self.oldest, other.oldest) if d is not None), default=None)
        applied = [column for column in (self.date_column, other.date_column) if column]
        return RetentionPartial(
            date_column=min(applied, default=""),
            # applied to some rows (a JSON batch with other keys), it was applied
            not_applied="" if applied else min(self.not_applied, other.not_applied),
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


PARSED = "__ccscan_date"
ROW = "__ccscan_row"


def _rule_partial(
    frame: pl.DataFrame,
    first_row: int,
    rule: RetentionRule,
    names: dict[str, str],
    as_of: date,
    numbers: Sequence[int] | None = None,
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
    for label, upper in age_bands(rule.max_age, as_of):
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
        indexes = in_scope.filter(mask)[ROW].head(FIRST_ROWS)
        if numbers is not None:
            return tuple(numbers[index] for index in indexes)
        return tuple(first_row + int(index) for index in indexes)

    return RetentionPartial(
        date_column=date_column,
        rows=counts["rows"],
        dated=counts["dated"],
        undated=counts["undated"],
        unparseable=counts["unparseable"],
        overdue=counts["overdue"],
        escalated=counts["escalated"],
        oldest=counts["oldest"],
        histogram={label: counts[label] for label, _ in age_bands(rule.max_age, as_of) if counts[label]},
        overdue_rows=first_rows(overdue),
        unparseable_rows=first_rows(unparseable),
    )


def first_overdue_age(max_age: Age, as_of: date) -> int:
    """The age in days of the youngest overdue row: one day more than `as_of` minus the cutoff."""
    return (as_of - max_age.cutoff(as_of)).days + 1


def age_bands(max_age: Age, as_of: date) -> tuple[tuple[str, float], ...]:
    """AGE_BUCKETS cut at the rule's limit: the edge nearest it (within SNAP_DAYS) moved onto it, else
    the band holding it split in two (`1y-18m`, `18m-2y`). Bands from the limit on are all overdue."""
    limit = first_overdue_age(max_age, as_of)
    bands: list[tuple[str, float]] = []
    lower: float = float("-inf")
    for label, upper in AGE_BUCKETS:
        if upper > 0 and abs(upper - limit) <= SNAP_DAYS:
            bands.append((label, limit))
        elif (lower > 0 and abs(lower - limit) <= SNAP_DAYS) or not lower < limit < upper:
            bands.append((label, upper))
        else:
            low = EDGE_NAMES.get(int(lower), str(lower))
            high = f"-{EDGE_NAMES[int(upper)]}" if upper in EDGE_NAMES else "+"
            bands += [(f"{low}-{max_age}", limit), (f"{max_age}{high}", upper)]
        lower = upper
    return tuple(bands)


def retention_partials(
    frame: pl.DataFrame,
    first_row: int,
    rules: tuple[RetentionRule, ...],
    as_of: date,
    named: frozenset[str] | None = None,
    numbers: Sequence[int] | None = None,
) -> dict[str, RetentionPartial]:
    """Per rule that covers this batch's table: its counters over the batch, whose first row is data
    row `first_row` (1-based) of its table (`numbers`: each row's number, where they are not
    consecutive), or why it could not be applied. `named`: the rules whose name globs cover the table
    (None: all of `rules`)."""
    partials = {}
    for rule in rules:
        if not rule.enabled or not rule.covers(frame.columns, named is None or rule.id in named):
            continue
        names = rule.resolution(frame.columns)
        if isinstance(names, dict):
            partials[rule.id] = _rule_partial(frame, first_row, rule, names, as_of, numbers)
        elif names is not None:
            partials[rule.id] = RetentionPartial(date_column="", not_applied=names)
    return partials
