"""Dates as exports write them, parsed by one polars expression (no Python per cell).

Accepted forms (a value must match one of them entirely; anything else is unparseable, and counted):
- ISO 8601: `2024-03-14`, `2024-03-14T09:30`, `2024-03-14T09:30:00.123Z`, `2024-03-14T09:30:00+01:00`
- `YYYY-MM-DD HH:MM[:SS]` (with an optional offset)
- `dd.mm.yyyy` and `dd/mm/yyyy` (day first, as Nordic systems write them), optionally `HH:MM[:SS]`
- RFC 2822: `Thu, 14 Mar 2024 09:30:00 +0100` (weekday optional; `GMT`, `UT`, `UTC`, `Z` read as +0000)
- Unix epochs by digit count: 9–10 seconds, 12–13 milliseconds, 15–16 microseconds, 18–19 nanoseconds

Values with an offset are converted to UTC; values without one are taken as written. Impossible dates
(`31.02.2024`) are unparseable, not rolled over. A column that is already dates (a database's date or
timestamp column) is used as it is: `as_datetimes` parses text only.
"""

from __future__ import annotations

import polars as pl

DATETIME = pl.Datetime("us")

NAIVE_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%d.%m.%Y",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d/%m/%Y",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
)
OFFSET_FORMATS: tuple[str, ...] = (
    "%Y-%m-%d %H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M%z",
    "%d %b %Y %H:%M:%S%z",
    "%d %b %Y %H:%M%z",
)
# digits of an epoch -> microseconds per unit (negative: divide)
EPOCH_UNITS: dict[int, int] = {
    9: 1_000_000,
    10: 1_000_000,
    12: 1_000,
    13: 1_000,
    15: 1,
    16: 1,
    18: -1_000,
    19: -1_000,
}
RAW, NORMALISED, ROW = "raw", "normalised", "row"


def _normalised(text: pl.Expr) -> pl.Expr:
    """One spelling per form: no RFC weekday, Z/GMT as +0000, `T` as a space, offsets glued to the time."""
    return (
        text.str.strip_chars()
        .str.replace(r"^[A-Za-z]{3},\s*", "")
        .str.replace(r"\s*(?:Z|UTC|GMT|UT)$", "+0000")
        # with weekday and zone name gone, the only capital T left is ISO's date/time separator
        .str.replace("T", " ", literal=True)
        .str.replace(r"\s+([+-]\d{2}:?\d{2})$", "$1")
    )


def _epoch(text: pl.Expr) -> pl.Expr:
    number = text.cast(pl.Int64, strict=False)
    length = text.str.len_bytes()
    micros = pl.coalesce(
        [
            pl.when(length == count).then(number * unit if unit > 0 else number // -unit)
            for count, unit in EPOCH_UNITS.items()
        ]
    )
    return micros.cast(DATETIME)


def _attempts(formats: tuple[str, ...], epoch: bool) -> list[pl.Expr]:
    text = pl.col(NORMALISED)
    attempts = [
        text.str.strptime(DATETIME, fmt, strict=False).dt.replace_time_zone(None)
        if fmt.endswith("%z")
        else text.str.strptime(DATETIME, fmt, strict=False)
        for fmt in formats
    ]
    return [*attempts, _epoch(pl.col(RAW))] if epoch else attempts


FORMATS = NAIVE_FORMATS + OFFSET_FORMATS
SAMPLE = 64


def parse_dates(values: pl.Series) -> pl.Series:
    """`values` (strings) as naive UTC datetimes in microseconds; null where no form matches.

    The forms never overlap (a value fits at most one), so the forms seen in the first non-blank values
    are tried on every row first, and only the rows they leave unparsed go through all the others."""
    frame = values.to_frame(RAW).with_columns(pl.col(RAW).str.strip_chars())
    frame = frame.with_columns(_normalised(pl.col(RAW)).alias(NORMALISED))
    sample = frame.filter(pl.col(RAW).str.len_bytes() > 0).head(SAMPLE)
    seen = [fmt for fmt in FORMATS if sample.select(_attempts((fmt,), False)[0].is_not_null().any()).item()]
    epoch = not sample.select(_epoch(pl.col(RAW))).to_series().is_null().all()
    attempts = _attempts(tuple(seen), epoch)
    # a lone literal would give one row, not one per value (and a batch may hold no row at all)
    parsed = (
        frame.select(pl.coalesce(attempts)).to_series()
        if attempts
        else pl.Series(RAW, [None] * frame.height, dtype=DATETIME)
    )
    left = frame.with_row_index(ROW).filter(parsed.is_null() & (pl.col(RAW).str.len_bytes() > 0))
    if not left.is_empty():
        rest = left.select(pl.coalesce(_attempts(FORMATS, True))).to_series()
        parsed = parsed.scatter(left[ROW], rest)
    return parsed.alias(values.name)


def is_native_dates(values: pl.Series) -> bool:
    """Whether `values` are dates already (pl.Date or pl.Datetime), not text to parse."""
    return values.dtype == pl.Date or isinstance(values.dtype, pl.Datetime)


def as_datetimes(values: pl.Series) -> pl.Series:
    """`values` as naive UTC datetimes in microseconds: dates and timestamps as they are (zoned ones
    converted to UTC), text through `parse_dates`."""
    if not is_native_dates(values):
        return parse_dates(values)
    if isinstance(values.dtype, pl.Datetime) and values.dtype.time_zone is not None:
        values = values.dt.convert_time_zone("UTC").dt.replace_time_zone(None)
    return values.cast(DATETIME)
