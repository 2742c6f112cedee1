"""Polars expressions the compiled checks share: digits, weighted sums, Luhn, calendar dates, verdicts.

Each takes and gives expressions over a column of texts, so a check runs on every distinct value of a
column at once. A digit that is not there (a text too short) is null, and a null check is a failed one.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import polars as pl

# Reasons and flags of one verdict travel as one string, joined by a character no phrase holds.
SEPARATOR = "\x1f"


def number(digits: pl.Expr, start: int, length: int = 1) -> pl.Expr:
    """The integer written by `length` digits from `start`."""
    return digits.str.slice(start, length).cast(pl.Int32, strict=False)


def weighted_sum(digits: pl.Expr, weights: Sequence[int]) -> pl.Expr:
    """Σ digit·weight over the first len(weights) digits (recognizers.checksums.weighted_sum)."""
    return pl.sum_horizontal(number(digits, index) * weight for index, weight in enumerate(weights))


def mod11_check_digit(digits: pl.Expr, weights: Sequence[int]) -> pl.Expr:
    """11 − (Σ digit·weight mod 11), 11 → 0; 10 when no number has that prefix."""
    return (11 - weighted_sum(digits, weights) % 11) % 11


def luhn_is_valid(digits: pl.Expr, length: int) -> pl.Expr:
    """Luhn over `length` digits, check digit last: every second digit from the right doubled."""
    terms = []
    for index in range(length):
        digit = number(digits, index)
        if (length - 1 - index) % 2:
            doubled = digit * 2
            digit = pl.when(doubled > 9).then(doubled - 9).otherwise(doubled)
        terms.append(digit)
    return pl.sum_horizontal(terms) % 10 == 0


def is_calendar_date(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    """Whether year-month-day is a date of the Gregorian calendar (datetime.date accepts it)."""
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    days_in_month = (
        pl.when(month == 2)
        .then(28 + leap.cast(pl.Int32))
        .when(month.is_in([4, 6, 9, 11]))
        .then(30)
        .otherwise(31)
    )
    return (month >= 1) & (month <= 12) & (day >= 1) & (day <= days_in_month) & (year >= 1)


def is_past_date(year: pl.Expr, month: pl.Expr, day: pl.Expr, today: datetime.date) -> pl.Expr:
    """recognizers.national_ids.past_birth_date as a test: a calendar date not after `today`."""
    ordinal = year * 10_000 + month * 100 + day
    today_ordinal = today.year * 10_000 + today.month * 100 + today.day
    return is_calendar_date(year, month, day) & (ordinal <= today_ordinal)


def phrase_if(condition: pl.Expr, phrase: str) -> pl.Expr:
    """`phrase` where `condition` holds, null (left out of `joined`) elsewhere."""
    return pl.when(condition).then(pl.lit(phrase))


def joined(*phrases: pl.Expr | str) -> pl.Expr:
    """The phrases that are not null, in order, as one string."""
    return pl.concat_str(
        [pl.lit(p) if isinstance(p, str) else p for p in phrases], separator=SEPARATOR, ignore_nulls=True
    )


def verdict(
    valid: pl.Expr,
    entity: pl.Expr | str,
    score: pl.Expr | float,
    reasons: pl.Expr,
    flags: pl.Expr | str = "",
    value_evidence: pl.Expr | bool = False,
    unanswered: pl.Expr | bool = False,
    span_start: pl.Expr | None = None,
    span_end: pl.Expr | None = None,
) -> pl.Expr:
    """A Verdict as a struct: valid (a null is False), entity, score, reasons and sorted flags (joined),
    value_evidence (Verdict.value_evidence: negative context does not lower the score), unanswered:
    a text the compiled check cannot decide exactly as `check` would (the engine leaves it to Python),
    and span_start, span_end (Verdict.span: the finding's characters within the match; null: all of it)."""
    return pl.struct(
        valid.fill_null(False).alias("valid"),
        (pl.lit(entity) if isinstance(entity, str) else entity).alias("entity"),
        (pl.lit(score, dtype=pl.Float64) if isinstance(score, float) else score.cast(pl.Float64)).alias(
            "score"
        ),
        reasons.alias("reasons"),
        (pl.lit(flags) if isinstance(flags, str) else flags).alias("flags"),
        (pl.lit(value_evidence) if isinstance(value_evidence, bool) else value_evidence)
        .fill_null(False)
        .alias("value_evidence"),
        (pl.lit(unanswered) if isinstance(unanswered, bool) else unanswered)
        .fill_null(False)
        .alias("unanswered"),
        (pl.lit(None) if span_start is None else span_start).cast(pl.Int32).alias("span_start"),
        (pl.lit(None) if span_end is None else span_end).cast(pl.Int32).alias("span_end"),
    )
