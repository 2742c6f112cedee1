"""The per-batch scan: a pure function from one batch of a table to its partial column profiles.

Whole-column polars expressions count non-empty cells and pick the candidate cells; Python sees only
the distinct candidate values (exports repeat values a lot), each analysed once by the detector. The
function keeps no state and opens no file, so worker processes (and later a distributed engine) can
run it on any batch and merge the results in any order.
"""

from __future__ import annotations

import polars as pl

from scanner.detector import Detector
from scanner.masking import mask_value
from scanner.profile import MAX_ROWS, ColumnProfile, TableProfile

ROW = "__ccscan_row"
VALUE = "__ccscan_value"


BARE_NUMBER = r"^\s*\+?[\d][\d\s().\-/]*$"


def cell_counts(frame: pl.DataFrame) -> dict[str, tuple[int, int]]:
    """Per column: non-empty (not null, not blank) cells and bare-number cells, in one pass."""
    if frame.width == 0:
        return {}
    counts = frame.select(
        [pl.col(name).str.strip_chars().str.len_bytes().gt(0).sum().alias(f"n{i}") for i, name in enumerate(frame.columns)]
        + [pl.col(name).str.contains(BARE_NUMBER).sum().alias(f"d{i}") for i, name in enumerate(frame.columns)]
    ).row(0)
    width = frame.width
    return {name: (int(counts[i] or 0), int(counts[width + i] or 0)) for i, name in enumerate(frame.columns)}


def distinct_candidates(frame: pl.DataFrame, column: str, detector: Detector) -> pl.DataFrame:
    """Distinct candidate values of `column`: value, cell count, first row indexes (0-based), and the
    indexes of the recognizers whose candidate pattern matches the value (null: every recognizer)."""
    cells = frame.select(pl.col(column).alias(VALUE)).with_row_index(ROW)
    non_empty = pl.col(VALUE).str.strip_chars().str.len_bytes() > 0
    pattern = detector.candidate_pattern
    keep = non_empty & pl.col(VALUE).str.contains(pattern) if pattern else non_empty
    distinct = (
        cells.filter(keep)
        .group_by(VALUE, maintain_order=True)
        .agg(pl.len().alias("count"), pl.col(ROW).head(MAX_ROWS).alias("rows"))
    )
    if not detector.candidate_patterns:
        return distinct.with_columns(pl.lit(None, dtype=pl.List(pl.Int32)).alias("recognizers"))
    matched = [
        pl.when(pl.col(VALUE).str.contains(pattern)).then(pl.lit([index], dtype=pl.List(pl.Int32)))
        .otherwise(pl.lit([], dtype=pl.List(pl.Int32)))
        for index, pattern in enumerate(detector.candidate_patterns)
    ]
    return distinct.with_columns(pl.concat_list(matched).alias("recognizers"))


def scan_batch(
    frame: pl.DataFrame,
    first_row: int,
    detector: Detector,
    show_values: bool = False,
) -> TableProfile:
    """Profile one batch whose first row is data row `first_row` (1-based) of its table."""
    profile = TableProfile(rows=frame.height)
    counts = cell_counts(frame)
    for position, name in enumerate(frame.columns):
        non_empty, numeric = counts[name]
        column = ColumnProfile(name=name, position=position, non_empty=non_empty, numeric=numeric)
        profile.columns[name] = column
        candidates = distinct_candidates(frame, name, detector)
        for value, count, rows, recognizers in candidates.iter_rows():
            column.candidates += count
            row_numbers = [first_row + index for index in rows]
            for found in detector.analyze_cell(value, name, recognizers):
                matched = value[found.span[0] : found.span[1]]
                example = matched if show_values else mask_value(matched, found.type)
                column.entity(found.type).add_cells(
                    count, found.score, row_numbers, example, list(found.reasons), list(found.flags)
                )
    return profile
