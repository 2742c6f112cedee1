"""Counters that merge in any order: the building blocks of partial results (column profiles,
retention partials), so that batches can be merged associatively and commutatively."""

from __future__ import annotations

from typing import Protocol, Self, TypeVar

# The first rows and examples kept for a column-level finding, by every partial that keeps them.
MAX_ROWS = 10
MAX_EXAMPLES = 3


def smallest(items: list, limit: int) -> tuple:
    """The `limit` smallest distinct items, sorted."""
    return tuple(sorted(set(items))[:limit])


def add_counts(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    """Counts of `a` and `b` added key by key."""
    merged = dict(a)
    for key, count in b.items():
        merged[key] = merged.get(key, 0) + count
    return merged


class Mergeable(Protocol):
    def merge(self, other: Self) -> Self: ...


M = TypeVar("M", bound=Mergeable)


def merge_by_key(a: dict[str, M], b: dict[str, M]) -> dict[str, M]:
    """Two keyed sets of partials as one: partials under the same key merge, the others are kept."""
    merged = dict(a)
    for key, partial in b.items():
        merged[key] = merged[key].merge(partial) if key in merged else partial
    return merged
