"""Per-batch counters for the column-level name decision (scanner/classify.py: `classify_person_column`).

A column of names is recognised from its header and from the shape of its values, which the per-cell
recognizers cannot see: how many cells are nothing but 1–3 capitalised words (`NAME_CELL`), how many of
those start with a listed first name or surname, and how many distinct such values there are. A column
of towns, products or statuses repeats few values; a column of customers' names has many.

Counting distinct values exactly would grow with the file, so the distinct count is a KMV sketch: the
`SKETCH_SIZE` smallest 64-bit hashes of the name-shaped values (polars' hash with a fixed seed; stable
within one polars version). It is exact below `SKETCH_SIZE` distinct values and a ~6 % estimate above.
Everything here merges associatively and commutatively (counts add, sketches and samples keep the
smallest), so batches can be counted in any process and order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import polars as pl

from recognizers.lexicons import first_names, name_words, surnames
from recognizers.names import LOWER, NAME_CELL, UPPER
from rules.counters import MAX_EXAMPLES, MAX_ROWS
from scanner.masking import mask_value

SKETCH_SIZE = 256
HASH_SEED = 20_240_601
_FIRST_WORD = rf"^\s*([{UPPER}][{LOWER}]+)"


@cache
def _listed_names() -> pl.Series:
    """Listed first names and surnames, less those that are also everyday words, towns or brands."""
    return pl.Series(sorted((first_names() | surnames()) - name_words()), dtype=pl.String)


def _smallest(items: tuple, limit: int) -> tuple:
    return tuple(sorted(set(items))[:limit])


@dataclass(frozen=True)
class NameColumnCounts:
    """Name-shaped cells, those starting with a listed name, a distinct-value sketch, first rows and
    masked examples of one column (or of any set of its batches)."""

    shaped: int = 0
    listed: int = 0
    sketch: tuple[int, ...] = ()
    rows: tuple[int, ...] = ()
    examples: tuple[tuple[int, str], ...] = ()

    def merge(self, other: NameColumnCounts) -> NameColumnCounts:
        return NameColumnCounts(
            shaped=self.shaped + other.shaped,
            listed=self.listed + other.listed,
            sketch=_smallest(self.sketch + other.sketch, SKETCH_SIZE),
            rows=_smallest(self.rows + other.rows, MAX_ROWS),
            examples=_smallest(self.examples + other.examples, MAX_EXAMPLES),
        )

    @property
    def distinct(self) -> int:
        """Distinct name-shaped values: exact below SKETCH_SIZE, else the KMV estimate."""
        if len(self.sketch) < SKETCH_SIZE:
            return len(self.sketch)
        return int((SKETCH_SIZE - 1) * 2**64 / (self.sketch[-1] + 1))


def _shaped(column: str) -> pl.Expr:
    return pl.col(column).str.contains(NAME_CELL).fill_null(False)


def name_column_counts(
    frame: pl.DataFrame, first_row: int, show_values: bool = False, numbers: Sequence[int] | None = None
) -> dict[str, NameColumnCounts]:
    """The counters of every column of one batch whose first row is data row `first_row` (1-based;
    `numbers`: each row's number, where they are not consecutive).

    Two passes: name-shaped cells are counted in every column; the rest is computed only for columns
    that have some, which most columns of an export (ids, numbers, timestamps, notes) do not.
    """
    if frame.width == 0:
        return {}
    shaped_counts = frame.select([_shaped(column).sum().alias(column) for column in frame.columns]).row(0)
    counts = {column: NameColumnCounts() for column in frame.columns}
    named = [column for column, shaped in zip(frame.columns, shaped_counts) if shaped]
    if not named:
        return counts
    names = _listed_names().implode()
    expressions = []
    for i, column in enumerate(named):
        name_cells = pl.col(column).filter(_shaped(column))
        expressions += [
            name_cells.str.extract(_FIRST_WORD, 1).is_in(names).sum().alias(f"l{i}"),
            name_cells.hash(HASH_SEED).unique().bottom_k(SKETCH_SIZE).implode().alias(f"h{i}"),
            pl.int_range(pl.len()).filter(_shaped(column)).head(MAX_ROWS).implode().alias(f"r{i}"),
            name_cells.head(MAX_EXAMPLES).implode().alias(f"e{i}"),
        ]
    row = frame.select(expressions).row(0, named=True)
    for i, column in enumerate(named):
        rows = tuple(first_row + index if numbers is None else numbers[index] for index in row[f"r{i}"])
        values = row[f"e{i}"]
        examples = tuple(
            (row_number, value.strip() if show_values else mask_value(value, "PERSON"))
            for row_number, value in zip(rows, values)
        )
        counts[column] = NameColumnCounts(
            shaped=int(shaped_counts[frame.columns.index(column)]),
            listed=int(row[f"l{i}"] or 0),
            sketch=tuple(sorted(row[f"h{i}"])),
            rows=rows,
            examples=examples,
        )
    return counts
