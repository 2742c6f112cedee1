"""Checks the recognizer test modules share: the candidate prefilter against generated values, and the
false-positive rates of a recognizer on decoy cells."""

from __future__ import annotations

import re
from collections.abc import Sequence

import polars as pl

from recognizers.analyzer import DEFAULT_THRESHOLD


def candidate_misses(candidate: str, values: Sequence[str]) -> list[str]:
    """The values `candidate` does not match, in polars (as the scanner runs it) or in Python's `re`."""
    in_polars = pl.Series(values, dtype=pl.String).str.contains(candidate).to_list()
    return [value for value, hit in zip(values, in_polars) if not hit or not re.search(candidate, value)]


def decoy_rates(recognizer, cells: pl.Series, label: str) -> tuple[float, float]:
    """Shares of `cells` the recognizer reports at the default threshold, and gives any score at all
    (what context words could lift); both are printed with `label`."""
    candidates = cells.filter(cells.str.contains(recognizer.CANDIDATE)).to_list()
    best = [
        max((result.score for result in recognizer.analyze(cell, [])), default=0.0) for cell in candidates
    ]
    reported = sum(score >= DEFAULT_THRESHOLD for score in best) / cells.len()
    matched = sum(score > 0 for score in best) / cells.len()
    print(f"{label:20} {type(recognizer).__name__:27} >=0.5: {reported:.3%}  any score: {matched:.3%}")
    return reported, matched
