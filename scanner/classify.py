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

from recognizers.analyzer import DEFAULT_THRESHOLD
from recognizers.column_statistics import MIN_CANDIDATES, ColumnCheck, column_reason, column_score
from recognizers.context import header_words
from recognizers.entities import category_of
from recognizers.names import EMPLOYEE_HEADER_WORDS, PERSON_HEADER_WORDS
from rules.counters import add_counts
from rules.wording import N_, english
from scanner.profile import SCORE_UNITS, ColumnProfile, EntityProfile, TableProfile

NUMERIC_COLUMN_SHARE = 0.9
COLLISION_SHARE = 0.05
CHECKSUM_CATEGORIES = frozenset({"NATIONAL_ID", "BANK_ACCOUNT", "BUSINESS_ID", "PAYMENT_CARD"})
COLLISION_REASON = "checksum collisions in a column of bare numbers"
NO_EVIDENCE = "no evidence: "  # the reason a `possible` reading is listed starts so
# why a reading is only `possible`; the reports translate them (scanner/reports/describe.py)
POSSIBLE_NO_WORD = N_("passes the {check}; no context word, header word or separator")
POSSIBLE_TOO_FEW = N_(
    "{passing} of {candidates} bare {digits}-digit values pass the {check}; fewer than {minimum} are too "
    "few for column statistics"
)


def _lifted_by_context(reasons: dict[str, int]) -> bool:
    return any(reason.startswith("context:") and "(negative)" not in reason for reason in reasons)


def _decided_shapes(
    column: ColumnProfile, threshold: float, checks: dict[str, ColumnCheck]
) -> tuple[dict[str, tuple[float, str]], set[str]]:
    """Per "check|shape" key with enough bare candidates: the lifted ones (score and reason; per shape
    only the best-scoring check, so that a cell gets one national-ID reading) and the silent ones."""
    lifted: dict[str, tuple[float, str]] = {}
    silent: set[str] = set()
    for key, n in column.bare_candidates.items():
        name, shape = key.split("|")
        check = checks.get(name)
        if check is None:
            continue
        k = column.bare_passes.get(key, 0)
        score = column_score(n, k, check.chance(int(shape)))
        if score is None:
            continue
        if score >= threshold:
            lifted[key] = (round(score, 4), column_reason(n, k, int(shape), check))
        else:
            silent.add(key)
    best: dict[str, str] = {}
    for key, (score, _) in sorted(lifted.items()):
        shape = key.split("|")[1]
        if shape not in best or score > lifted[best[shape]][0]:
            best[shape] = key
    silent |= set(lifted) - set(best.values())
    return {key: lifted[key] for key in best.values()}, silent


def _possible_reason(column: ColumnProfile, check: ColumnCheck | None, check_name: str, shape: str) -> str:
    what = check.name if check else check_name
    if not shape:
        return NO_EVIDENCE + english(POSSIBLE_NO_WORD, check=what)
    key = f"{check_name}|{shape}"
    n, k = column.bare_candidates.get(key, 0), column.bare_passes.get(key, 0)
    return NO_EVIDENCE + english(
        POSSIBLE_TOO_FEW, passing=k, candidates=n, digits=shape, check=what, minimum=MIN_CANDIDATES
    )


def apply_column_statistics(
    column: ColumnProfile, threshold: float, checks: dict[str, ColumnCheck]
) -> ColumnProfile:
    """The column's unconfirmed readings (passing their check, below the threshold) decided.

    - A bare candidate whose shape and check the column statistics lift (recognizers/column_statistics.py)
      becomes a finding with the column's score and reason ("1 987 of 2 000 bare 10-digit values pass the
      Luhn check; chance 10 %").
    - A bare candidate of a shape with enough candidates that is not lifted (passing at chance, or another
      check won the shape) is a chance collision: `suppressed`.
    - Any other (in text, or too few bare candidates to judge) goes to `possible`, with the reason.
    """
    if not column.unconfirmed:
        return column
    lifted, silent = _decided_shapes(column, threshold, checks)
    lifted_shapes = {key.split("|")[1] for key in lifted}
    entities, suppressed, possible = dict(column.entities), dict(column.suppressed), dict(column.possible)
    for key, entity in column.unconfirmed.items():
        entity_type, check_name, shape = key.split("|")
        decided = f"{check_name}|{shape}"
        if decided in lifted:
            score, reason = lifted[decided]
            promoted = replace(
                entity,
                score_sum=round(score * SCORE_UNITS) * entity.count,
                max_score=score,
                reasons=add_counts(entity.reasons, {reason: entity.count}),
            )
            entities[entity_type] = (
                entities[entity_type].merge(promoted) if entity_type in entities else promoted
            )
        elif shape and (decided in silent or shape in lifted_shapes):
            suppressed[entity_type] = (
                suppressed[entity_type].merge(entity) if entity_type in suppressed else entity
            )
        else:
            reason = {_possible_reason(column, checks.get(check_name), check_name, shape): entity.count}
            entity = replace(entity, reasons=add_counts(reason, entity.reasons))
            possible[entity_type] = possible[entity_type].merge(entity) if entity_type in possible else entity
    return replace(column, entities=entities, suppressed=suppressed, possible=possible, unconfirmed={})


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
    threshold = DEFAULT_THRESHOLD if profile.threshold is None else profile.threshold
    return replace(
        profile,
        columns={
            name: classify_person_column(
                classify_column(apply_column_statistics(c, threshold, profile.column_checks))
            )
            for name, c in profile.columns.items()
        },
    )
