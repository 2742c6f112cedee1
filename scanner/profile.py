"""Column profiles: what was found in each column, as counters that merge in any order.

A batch scan produces a `TableProfile`; profiles of the batches of one table merge associatively and
commutatively (counts add, maxima take the maximum, examples and row numbers keep the smallest rows),
so batches can be scanned in any order, in any process, and merged later. Nothing here grows with the
size of a file except counters: examples and row lists are bounded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_EXAMPLES = 3
MAX_ROWS = 10


def _smallest(items: list, limit: int) -> tuple:
    return tuple(sorted(set(items))[:limit])


def _add_counts(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    merged = dict(a)
    for key, count in b.items():
        merged[key] = merged.get(key, 0) + count
    return merged


@dataclass
class EntityProfile:
    """One entity type in one column: in how many cells, how sure, where, and why."""

    type: str
    count: int = 0
    score_sum: float = 0.0
    max_score: float = 0.0
    examples: tuple[tuple[int, str], ...] = ()
    rows: tuple[int, ...] = ()
    reasons: dict[str, int] = field(default_factory=dict)
    flags: dict[str, int] = field(default_factory=dict)

    def add_cells(
        self, count: int, score: float, rows: list[int], example: str, reasons: list[str], flags: list[str]
    ) -> None:
        """Count `count` cells holding the same value, first seen at `rows` (already sorted)."""
        self.count += count
        self.score_sum += score * count
        self.max_score = max(self.max_score, score)
        self.rows = _smallest([*self.rows, *rows], MAX_ROWS)
        if rows:
            self.examples = _smallest([*self.examples, (rows[0], example)], MAX_EXAMPLES)
        self.reasons = _add_counts(self.reasons, {reason: count for reason in reasons})
        self.flags = _add_counts(self.flags, {flag: count for flag in flags})

    def merge(self, other: EntityProfile) -> EntityProfile:
        return EntityProfile(
            type=self.type,
            count=self.count + other.count,
            score_sum=self.score_sum + other.score_sum,
            max_score=max(self.max_score, other.max_score),
            examples=_smallest([*self.examples, *other.examples], MAX_EXAMPLES),
            rows=_smallest([*self.rows, *other.rows], MAX_ROWS),
            reasons=_add_counts(self.reasons, other.reasons),
            flags=_add_counts(self.flags, other.flags),
        )

    @property
    def mean_score(self) -> float:
        return self.score_sum / self.count if self.count else 0.0


@dataclass
class ColumnProfile:
    """One column: its position, how many cells were non-empty (and of those, bare numbers), and the
    entities found in it. `suppressed` holds entities the column classification set aside."""

    name: str
    position: int
    non_empty: int = 0
    numeric: int = 0
    candidates: int = 0
    entities: dict[str, EntityProfile] = field(default_factory=dict)
    suppressed: dict[str, EntityProfile] = field(default_factory=dict)

    def entity(self, entity_type: str) -> EntityProfile:
        return self.entities.setdefault(entity_type, EntityProfile(entity_type))

    def merge(self, other: ColumnProfile) -> ColumnProfile:
        entities = dict(self.entities)
        for entity_type, profile in other.entities.items():
            entities[entity_type] = entities[entity_type].merge(profile) if entity_type in entities else profile
        return ColumnProfile(
            name=self.name,
            position=min(self.position, other.position),
            non_empty=self.non_empty + other.non_empty,
            numeric=self.numeric + other.numeric,
            candidates=self.candidates + other.candidates,
            entities=entities,
        )


@dataclass
class TableProfile:
    """A whole table, or any set of its batches: rows seen and a profile per column name."""

    rows: int = 0
    columns: dict[str, ColumnProfile] = field(default_factory=dict)

    def merge(self, other: TableProfile) -> TableProfile:
        columns = dict(self.columns)
        for name, column in other.columns.items():
            columns[name] = columns[name].merge(column) if name in columns else column
        return TableProfile(rows=self.rows + other.rows, columns=columns)

    def ordered_columns(self) -> list[ColumnProfile]:
        return sorted(self.columns.values(), key=lambda column: (column.position, column.name))
