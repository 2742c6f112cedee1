"""Column profiles: what was found in each column, as counters that merge in any order.

A batch scan produces a `TableProfile`; profiles of the batches of one table merge associatively and
commutatively (counts add, maxima take the maximum, examples and row numbers keep the smallest rows),
so batches can be scanned in any order, in any process, and merged later. Nothing here grows with the
size of a file except counters: examples and row lists are bounded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from recognizers.column_statistics import ColumnCheck
from rules.counters import MAX_EXAMPLES, MAX_ROWS, add_counts, merge_by_key, smallest
from rules.pseudonymisation import FoundDigests, merge_column_digests
from rules.retention import RetentionPartial
from scanner.name_columns import NameColumnCounts

# Scores are summed as whole ten-thousandths: integer addition gives the same mean in any merge order.
SCORE_UNITS = 10_000


def _first_examples(examples: list[tuple[int, str]]) -> tuple[tuple[int, str], ...]:
    """The first MAX_EXAMPLES distinct examples, each at the first row it was seen on. One example per
    text, so that a value repeated in several batches (or partitions) counts once, as in one batch."""
    first_rows: dict[str, int] = {}
    for row, example in examples:
        first_rows[example] = min(row, first_rows.get(example, row))
    return tuple(sorted((row, example) for example, row in first_rows.items())[:MAX_EXAMPLES])


@dataclass
class EntityProfile:
    """One entity type in one column: in how many cells, how sure, where, and why."""

    type: str
    count: int = 0
    score_sum: int = 0  # in 1/SCORE_UNITS
    max_score: float = 0.0
    examples: tuple[tuple[int, str], ...] = ()
    rows: tuple[int, ...] = ()
    reasons: dict[str, int] = field(default_factory=dict)
    flags: dict[str, int] = field(default_factory=dict)

    def add_cells(
        self,
        count: int,
        score: float,
        rows: list[int],
        example: str | Callable[[], str],
        reasons: list[str],
        flags: list[str],
    ) -> None:
        """Count `count` cells holding the same value, first seen at `rows` (already sorted). `example`
        may be a function that makes it (masking costs): it is called only if the example can be kept,
        i.e. fewer than MAX_EXAMPLES are kept or it is not on a later row than all of them."""
        self.add_values(count, score, rows, [(rows[0], example)] if rows else [], reasons, flags)

    def add_values(
        self,
        count: int,
        score: float,
        rows: list[int],
        examples: Iterable[tuple[int, str | Callable[[], str]]],
        reasons: list[str],
        flags: list[str],
    ) -> None:
        """Count `count` cells of values that share score, reasons and flags: `rows` holds (at least)
        their MAX_ROWS first rows, `examples` each value's first row and example (as in add_cells) in
        ascending row order. The same as add_cells per value, in any order: the kept examples are the
        first MAX_EXAMPLES distinct ones by row, whichever order they come in."""
        self.count += count
        self.score_sum += round(score * SCORE_UNITS) * count
        self.max_score = max(self.max_score, score)
        self.rows = smallest([*self.rows, *rows], MAX_ROWS)
        for row, example in examples:
            if len(self.examples) >= MAX_EXAMPLES and row > self.examples[-1][0]:
                break  # the rest come on later rows still
            text = example() if callable(example) else example
            self.examples = _first_examples([*self.examples, (row, text)])
        self.reasons = add_counts(self.reasons, {reason: count for reason in reasons})
        self.flags = add_counts(self.flags, {flag: count for flag in flags})

    def merge(self, other: EntityProfile) -> EntityProfile:
        return EntityProfile(
            type=self.type,
            count=self.count + other.count,
            score_sum=self.score_sum + other.score_sum,
            max_score=max(self.max_score, other.max_score),
            examples=_first_examples([*self.examples, *other.examples]),
            rows=smallest([*self.rows, *other.rows], MAX_ROWS),
            reasons=add_counts(self.reasons, other.reasons),
            flags=add_counts(self.flags, other.flags),
        )

    @property
    def mean_score(self) -> float:
        return self.score_sum / SCORE_UNITS / self.count if self.count else 0.0


@dataclass
class ColumnProfile:
    """One column: its position, how many cells were non-empty (and of those, bare numbers), and the
    entities found in it. `suppressed` holds entities the column classification set aside. `shapes`
    counts cells per protected shape (rules/protection.py); `digests` is a bounded sample of its
    hash-shaped values, kept in memory for the reversible-hash check and never written out."""

    name: str
    position: int
    non_empty: int = 0
    numeric: int = 0
    candidates: int = 0
    entities: dict[str, EntityProfile] = field(default_factory=dict)
    suppressed: dict[str, EntityProfile] = field(default_factory=dict)
    shapes: dict[str, int] = field(default_factory=dict)
    digests: tuple[str, ...] = ()
    # cells per set of entity types found together ("DK_CPR+SE_PERSONNUMMER"), to count a category's
    # cells once when one value is valid for two types
    type_sets: dict[str, int] = field(default_factory=dict)
    # name-shaped cells and distinct sketch, for the column-level name decision (scanner/name_columns.py)
    names: NameColumnCounts = field(default_factory=NameColumnCounts)
    # Column statistics (recognizers/column_statistics.py), keyed "check name|shape": bare cells of the
    # shape (n) and those that pass the check (k). They add up across batches; the decision is taken
    # when the column is complete (scanner/classify.py).
    bare_candidates: dict[str, int] = field(default_factory=dict)
    bare_passes: dict[str, int] = field(default_factory=dict)
    # Readings that pass their check but score below the threshold (no evidence), keyed
    # "TYPE|check name|shape" (shape empty when the cell is not a bare number); classify makes them
    # findings (column statistics), `possible` (keyed by type) or `suppressed` (chance collisions).
    unconfirmed: dict[str, EntityProfile] = field(default_factory=dict)
    possible: dict[str, EntityProfile] = field(default_factory=dict)

    def entity(self, entity_type: str) -> EntityProfile:
        return self.entities.setdefault(entity_type, EntityProfile(entity_type))

    def unconfirmed_entity(self, entity_type: str, check: str, shape: str) -> EntityProfile:
        return self.unconfirmed.setdefault(f"{entity_type}|{check}|{shape}", EntityProfile(entity_type))

    def cells_with(self, entity_types: set[str]) -> int:
        """Cells holding at least one of `entity_types`."""
        return sum(
            count for key, count in self.type_sets.items() if entity_types.intersection(key.split("+"))
        )

    def merge(self, other: ColumnProfile) -> ColumnProfile:
        return ColumnProfile(
            name=self.name,
            position=min(self.position, other.position),
            non_empty=self.non_empty + other.non_empty,
            numeric=self.numeric + other.numeric,
            candidates=self.candidates + other.candidates,
            entities=merge_by_key(self.entities, other.entities),
            shapes=add_counts(self.shapes, other.shapes),
            digests=merge_column_digests(self.digests, other.digests),
            type_sets=add_counts(self.type_sets, other.type_sets),
            names=self.names.merge(other.names),
            bare_candidates=add_counts(self.bare_candidates, other.bare_candidates),
            bare_passes=add_counts(self.bare_passes, other.bare_passes),
            unconfirmed=merge_by_key(self.unconfirmed, other.unconfirmed),
            possible=merge_by_key(self.possible, other.possible),
        )


@dataclass
class TableProfile:
    """A whole table, or any set of its batches: rows seen, a profile per column name, the retention
    rules' counters by rule id, and the bounded digests of found values (in memory only)."""

    rows: int = 0
    columns: dict[str, ColumnProfile] = field(default_factory=dict)
    retention: dict[str, RetentionPartial] = field(default_factory=dict)
    found_digests: FoundDigests = field(default_factory=FoundDigests)
    # a database table's primary key (masked text) of every row the profile names; bounded like them
    row_keys: dict[int, str] = field(default_factory=dict)
    # the detector's threshold, which column statistics' scores are held to when the table is classified,
    # and its column checks by name (their chance rates)
    threshold: float | None = None
    column_checks: dict[str, ColumnCheck] = field(default_factory=dict)

    def merge(self, other: TableProfile) -> TableProfile:
        columns = dict(self.columns)
        for name, column in other.columns.items():
            columns[name] = columns[name].merge(column) if name in columns else column
        merged = TableProfile(
            rows=self.rows + other.rows,
            columns=columns,
            retention=merge_by_key(self.retention, other.retention),
            found_digests=self.found_digests.merge(other.found_digests),
            threshold=self.threshold if self.threshold is not None else other.threshold,
            column_checks={**other.column_checks, **self.column_checks},
        )
        if self.row_keys or other.row_keys:
            named = merged.referenced_rows()
            keys = self.row_keys | other.row_keys
            merged.row_keys = {row: keys[row] for row in sorted(named) if row in keys}
        return merged

    def referenced_rows(self) -> set[int]:
        """The rows the profile names: entity rows of every column, overdue and unparseable rows."""
        rows = {
            row
            for column in self.columns.values()
            for entity in (*column.entities.values(), *column.suppressed.values(), *column.possible.values())
            for row in entity.rows
        }
        for partial in self.retention.values():
            rows.update(partial.overdue_rows, partial.unparseable_rows)
        return rows

    def ordered_columns(self) -> list[ColumnProfile]:
        return sorted(self.columns.values(), key=lambda column: (column.position, column.name))
