"""One batch against every subject at once: extract the canonical candidates of every cell with
whole-column polars expressions, hash them with the subjects' salt, and join them with the subjects'
hashed writings. No loop over subjects, no Python per cell.

Candidates per space (see recognizers/canonical.py):
- number: every run of digit groups (`+46 (0)70-123 45 67`), and in it every run of up to MAX_GROUPS
  consecutive whole groups, digits only: `70`, `70123`, …, `46070123 45 67` → `460701234567`. A window
  never cuts a group, so a national ID inside a longer number is not found; a window right after a
  country code ("+47", "0047", "00 47") only matches international writings.
- hetu: whole tokens shaped like a HETU, upper case; email: addresses, lower case; token: tokens
  holding a digit, without edge punctuation (customer numbers).
- name: the words of the rows that matched (or, with match_names, of every row), matched when a row
  holds every word of a subject's name.

The result is a frame of (row, column, subject, kind, tier) that merges with other batches' by
concatenation, so batch sizes and workers do not change it.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from recognizers.canonical import (
    DATE_RUN,
    DIGIT_GROUP,
    EMAIL,
    HETU,
    HETU_NEEDLE,
    HETU_TOKEN,
    NAME_WORD,
    NUMBER_RUN,
    NUMBER_SEPARATOR,
    TOKEN,
    TOKEN_EDGE,
)
from scanner.find.subjects import CANDIDATE, HASH, HETU_SPACE, Subjects

# internal names, never a table's own: an export may well have a column called "row" or "category"
ROW, COLUMN, VALUE = "__find_row", "__find_column", "__find_value"
RUN, AFTER_CODE = "__find_run", "__find_after_code"
RUN_ID = "__find_run_id"
MAX_GROUPS = 7  # "00 46 (0) 70 123 45 67": the most groups one phone number is written in
IDENTIFIER, NAME_ONLY = "identifier", "name_only"
MATCH_SCHEMA = {ROW: pl.Int64, COLUMN: pl.String, "subject": pl.UInt32, "kind": pl.String, "tier": pl.String}
_EMPTY = pl.DataFrame(schema={name: dtype for name, dtype in MATCH_SCHEMA.items() if name != "tier"})


@dataclass(frozen=True)
class SearchSettings:
    match_names: bool = False


def cells(frame: pl.DataFrame, first_row: int) -> pl.DataFrame:
    """The batch as (row, column, value), non-empty cells only; `row` is the 1-based data row."""
    if frame.width == 0:
        return pl.DataFrame(schema={ROW: pl.Int64, COLUMN: pl.String, VALUE: pl.String})
    indexed = frame.with_row_index(ROW, offset=first_row).with_columns(pl.col(ROW).cast(pl.Int64))
    long = indexed.unpivot(index=ROW, variable_name=COLUMN, value_name=VALUE)
    return long.filter(pl.col(VALUE).is_not_null())


def _number_candidates(long: pl.DataFrame, min_digits: int) -> pl.DataFrame:
    """(row, column, candidate, after_code) for every window of whole digit groups."""
    runs = (
        long.filter(pl.col(VALUE).str.contains(rf"\d{{{min_digits}}}|\d{NUMBER_SEPARATOR}\d"))
        .select(ROW, COLUMN, pl.col(VALUE).str.extract_all(NUMBER_RUN).alias(RUN))
        .explode(RUN)
        # the run's text, separators included, is at least as long as its digits
        .filter(pl.col(RUN).str.len_bytes() >= min_digits)
        .filter(~pl.col(RUN).str.contains(DATE_RUN))
    )
    runs = runs.with_columns(pl.col(RUN).str.extract_all(DIGIT_GROUP))
    single = runs.filter(pl.col(RUN).list.len() == 1).select(
        ROW,
        COLUMN,
        pl.col(RUN).list.first().str.strip_chars_start("+").alias(CANDIDATE),
        pl.lit(False).alias(AFTER_CODE),
    )
    groups = runs.filter(pl.col(RUN).list.len() > 1).with_row_index(RUN_ID).explode(RUN)
    # the groups of one run are consecutive rows: a window is the group and the next ones of the same
    # run (a plain shift, checked against the run id, costs a tenth of a shift over the run)
    run_id, group = pl.col(RUN_ID), pl.col(RUN)
    code = group.str.starts_with("+") | group.str.starts_with("00")  # "+47", "0047", "00"
    after_code = ((run_id.shift(1) == run_id) & code.shift(1)) | (
        (run_id.shift(2) == run_id) & (group.shift(2) == "00")  # "00 47 912 34 567"
    )
    digits = group.str.strip_chars_start("+")
    shifted = [
        pl.when(run_id.shift(-step) == run_id).then(digits.shift(-step)) for step in range(1, MAX_GROUPS)
    ]
    names = [f"__find_window_{size}" for size in range(1, MAX_GROUPS + 1)]
    windows = (
        groups.select(
            ROW,
            COLUMN,
            after_code.fill_null(False).alias(AFTER_CODE),
            *(
                pl.concat_str([digits, *shifted[: size - 1]]).alias(name)
                for size, name in enumerate(names, 1)
            ),
        )
        .unpivot(index=[ROW, COLUMN, AFTER_CODE], on=names, value_name=CANDIDATE)
        .filter(pl.col(CANDIDATE).str.len_bytes() >= min_digits)
        .select(ROW, COLUMN, CANDIDATE, AFTER_CODE)
    )
    return pl.concat([single, windows])


def _pattern_candidates(long: pl.DataFrame, needle: str, pattern: str, case: str) -> pl.DataFrame:
    """(row, column, candidate, after_code) for every match of `pattern` in cells containing `needle`,
    lower case (`case` "lower": emails) or without edge punctuation ("token": customer numbers)."""
    value = pl.col(VALUE)
    prefilter = value.str.contains(needle)
    found = long.filter(prefilter).select(ROW, COLUMN, value.str.extract_all(pattern).alias(CANDIDATE))
    candidate = pl.col(CANDIDATE)
    cased = candidate.str.to_lowercase() if case == "lower" else candidate.str.strip_chars(TOKEN_EDGE)
    return (
        found.explode(CANDIDATE)
        .drop_nulls(CANDIDATE)
        .select(ROW, COLUMN, cased.alias(CANDIDATE), pl.lit(False).alias(AFTER_CODE))
    )


def _hetu_candidates(long: pl.DataFrame) -> pl.DataFrame:
    """Whole tokens shaped like a HETU, upper case: the token, not a part of it, must be the HETU."""
    tokens = long.filter(pl.col(VALUE).str.contains(HETU_NEEDLE)).select(
        ROW, COLUMN, pl.col(VALUE).str.extract_all(HETU_TOKEN).alias(CANDIDATE)
    )
    return (
        tokens.explode(CANDIDATE)
        .filter(pl.col(CANDIDATE).str.contains(HETU))
        .select(ROW, COLUMN, pl.col(CANDIDATE).str.to_uppercase(), pl.lit(False).alias(AFTER_CODE))
    )


def _joined(candidates: pl.DataFrame, keys: pl.DataFrame, subjects: Subjects) -> pl.DataFrame:
    """The candidates whose hashes are a subject's writing in this space: (row, column, subject, kind)."""
    if candidates.is_empty() or keys.is_empty():
        return _EMPTY
    joined = subjects.salt.joined(candidates, keys)
    # a local writing (the national form) never follows a country code
    confirmed = joined.filter(~(pl.col("local") & pl.col(AFTER_CODE)))
    return confirmed.select(ROW, COLUMN, "subject", "kind").unique()


def identifier_matches(long: pl.DataFrame, subjects: Subjects) -> pl.DataFrame:
    """(row, column, subject, kind) of every identifier of every subject found in the batch."""
    found = [_EMPTY]
    keys = subjects.keys
    for space in subjects.spaces():
        space_keys = keys.filter(pl.col("space") == space)
        if space == "number":
            candidates = _number_candidates(long, subjects.min_digits)
        elif space == HETU_SPACE:
            candidates = _hetu_candidates(long)
        elif space == "email":
            candidates = _pattern_candidates(long, "@", EMAIL, "lower")
        else:
            candidates = _pattern_candidates(long, r"\d", TOKEN, "token")
        found.append(_joined(candidates, space_keys, subjects))
    return pl.concat(found).unique()


def name_matches(long: pl.DataFrame, subjects: Subjects, pairs: pl.DataFrame | None) -> pl.DataFrame:
    """(row, column, subject, kind="name") where a row holds every word of a subject's name: only for
    the (row, subject) `pairs` already matched by an identifier, or for every row when `pairs` is None
    (the name-only tier, names of two words or more)."""
    if subjects.names.is_empty() or (pairs is not None and pairs.is_empty()):
        return _EMPTY
    rows = long if pairs is None else long.join(pairs.select(ROW).unique(), on=ROW, how="semi")
    words = (
        rows.filter(pl.col(VALUE).str.contains(r"[^\W\d_]"))
        .select(ROW, COLUMN, pl.col(VALUE).str.to_lowercase().str.extract_all(NAME_WORD).alias(CANDIDATE))
        .explode(CANDIDATE)
        .drop_nulls(CANDIDATE)
    )
    joined = subjects.salt.joined(words, subjects.names)
    if pairs is not None:
        joined = joined.join(pairs.select(ROW, "subject").unique(), on=[ROW, "subject"], how="semi")
    every_word = pl.col("words") >= pl.col("words_needed")
    if pairs is None:  # a one-word name alone says nothing about who the row is about
        every_word = every_word & (pl.col("words_needed") >= 2)
    whole = (
        joined.group_by(ROW, "subject")
        .agg(pl.col(HASH).n_unique().alias("words"))
        .join(subjects.name_sizes, on="subject", suffix="_needed")
        .filter(every_word)
    )
    if whole.is_empty():
        return _EMPTY
    return (
        joined.join(whole.select(ROW, "subject"), on=[ROW, "subject"], how="semi")
        .select(ROW, COLUMN, "subject", pl.lit("name").alias("kind"))
        .unique()
    )


def match_batch(
    frame: pl.DataFrame, first_row: int, subjects: Subjects, settings: SearchSettings
) -> pl.DataFrame:
    """Every subject's matches in one batch: (row, column, subject, kind, tier), sorted."""
    long = cells(frame, first_row)
    found = identifier_matches(long, subjects)
    confirmed = name_matches(long, subjects, found.select(ROW, "subject").unique())
    tiers = [pl.concat([found, confirmed]).with_columns(pl.lit(IDENTIFIER).alias("tier"))]
    if settings.match_names:
        names = name_matches(long, subjects, None).join(found, on=[ROW, "subject"], how="anti")
        tiers.append(names.with_columns(pl.lit(NAME_ONLY).alias("tier")))
    return pl.concat(tiers).cast(MATCH_SCHEMA).sort("subject", ROW, COLUMN, "kind")
