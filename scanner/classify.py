"""Column classification: decide, from a whole column, which cell-level matches to believe.

A column of order numbers holds thousands of 11-digit values; about 0.1 % of random ones pass both
fødselsnummer check digits by chance. Those hits are not personal data: when a column is (almost) all
bare numbers, an identifier type matched in only a small share of its cells, and no match was lifted by
a context word or the header, the matches are set aside as checksum collisions (kept under
`suppressed`, with the count, so that nothing disappears silently).

A column of names is decided as a whole (`classify_person_column`): a name header, or values that are
nearly all 1–3 capitalised words starting with listed names and many distinct, make it PERSON; a staff
header (agent, saksbehandler …) makes it EMPLOYEE_NAME.
"""

from __future__ import annotations

from dataclasses import replace

from recognizers.context import header_words
from recognizers.entities import category_of
from recognizers.names import EMPLOYEE_HEADER_WORDS, PERSON_HEADER_WORDS
from scanner.profile import SCORE_UNITS, ColumnProfile, EntityProfile, TableProfile

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


# Under a name or staff header: at least half the values name-shaped and half of those listed names;
# under a name header also not a handful of values repeated (staff columns repeat a few agents).
HEADED_NAME_SHARE = 0.5
HEADED_LISTED_SHARE = 0.5
# Without one: nearly all values name-shaped, half of them listed names, and not a handful of values
# repeated (towns, products and statuses repeat; customers' names do not).
UNHEADED_NAME_SHARE = 0.8
UNHEADED_LISTED_SHARE = 0.5
MIN_DISTINCT_NAMES = 20
NAME_TYPES = ("PERSON", "EMPLOYEE_NAME")
# The score of a name-shaped cell counted by the column decision rather than by a cell match.
NAME_COLUMN_SCORE = 0.85


def _name_column_reason(column: ColumnProfile, header_word: str | None, staff: bool) -> str | None:
    """Why the column as a whole holds names, or None."""
    counts = column.names
    shaped = counts.shaped / column.non_empty
    listed = counts.listed / counts.shaped if counts.shaped else 0.0
    varied = counts.distinct >= min(MIN_DISTINCT_NAMES, counts.shaped // 2)
    if header_word and shaped >= HEADED_NAME_SHARE and listed >= HEADED_LISTED_SHARE and (staff or varied):
        return f"column: header word '{header_word}', {shaped:.0%} of values shaped like names"
    many = counts.distinct >= MIN_DISTINCT_NAMES
    if shaped >= UNHEADED_NAME_SHARE and listed >= UNHEADED_LISTED_SHARE and many:
        return (
            f"column: {shaped:.0%} of values shaped like names, {listed:.0%} of those start with a listed"
            f" name, {counts.distinct} or more distinct"
        )
    return None


def classify_person_column(column: ColumnProfile) -> ColumnProfile:
    """The column with a column-level name finding: PERSON, or EMPLOYEE_NAME under a staff header (which
    also relabels the cells' PERSON matches). Count, rows and examples cover every name-shaped cell."""
    if not column.non_empty:
        return column
    words = header_words(column.name)
    staff = next((word for word in words if word in EMPLOYEE_HEADER_WORDS), None)
    person = next((word for word in words if word in PERSON_HEADER_WORDS), None)
    reason = _name_column_reason(column, staff or person, staff is not None)
    found = [column.entities[name] for name in NAME_TYPES if name in column.entities]
    if reason is None and not (staff and found):
        return column
    entity_type = "EMPLOYEE_NAME" if staff else "PERSON"
    merged = EntityProfile(entity_type)
    for entity in found:
        merged = merged.merge(replace(entity, type=entity_type))
    if reason is not None:
        counts = column.names
        added = max(counts.shaped - merged.count, 0)
        # rows and examples are the first of both kinds: the cell matches alone may start far down
        # the column (row 29 of a column of 300 names), which the count of all names would belie
        merged = merged.merge(
            EntityProfile(
                entity_type,
                count=added,
                score_sum=round(NAME_COLUMN_SCORE * SCORE_UNITS) * added,
                max_score=NAME_COLUMN_SCORE,
                rows=counts.rows,
                examples=counts.examples,
                reasons={reason: counts.shaped},
            )
        )
    entities = {name: entity for name, entity in column.entities.items() if name not in NAME_TYPES}
    return replace(column, entities={**entities, entity_type: merged})


def classify_table(profile: TableProfile) -> TableProfile:
    return replace(
        profile,
        columns={name: classify_person_column(classify_column(c)) for name, c in profile.columns.items()},
    )
