"""Column classification: decide, from a whole column, which cell-level matches to believe.

A column of order numbers holds thousands of 11-digit values; about 0.1 % of random ones pass both
fødselsnummer check digits by chance. Those hits are not personal data: when a column is (almost) all
bare numbers, an identifier type matched in only a small share of its cells, and no match was lifted by
a context word or the header, the matches are set aside as checksum collisions (kept under
`suppressed`, with the count, so that nothing disappears silently).
"""

from __future__ import annotations

from dataclasses import replace

from recognizers.entities import category_of
from scanner.profile import ColumnProfile, TableProfile

NUMERIC_COLUMN_SHARE = 0.9
COLLISION_SHARE = 0.05
CHECKSUM_CATEGORIES = frozenset({"NATIONAL_ID", "BANK_ACCOUNT", "BUSINESS_ID", "PAYMENT_CARD"})
COLLISION_REASON = "checksum collisions in a column of bare numbers"


def _lifted_by_context(reasons: dict[str, int]) -> bool:
    return any(reason.startswith("context:") and "(negative)" not in reason for reason in reasons)


def classify_column(column: ColumnProfile) -> ColumnProfile:
    """The column with chance checksum collisions moved from `entities` to `suppressed`."""
    if not column.non_empty or column.numeric < NUMERIC_COLUMN_SHARE * column.non_empty:
        return column
    kept, suppressed = {}, dict(column.suppressed)
    for entity_type, entity in column.entities.items():
        collision = (
            category_of(entity_type) in CHECKSUM_CATEGORIES
            and entity.count < COLLISION_SHARE * column.non_empty
            and not _lifted_by_context(entity.reasons)
        )
        (suppressed if collision else kept)[entity_type] = entity
    return replace(column, entities=kept, suppressed=suppressed)


def classify_table(profile: TableProfile) -> TableProfile:
    return TableProfile(rows=profile.rows, columns={name: classify_column(c) for name, c in profile.columns.items()})
