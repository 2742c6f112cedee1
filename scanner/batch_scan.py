"""The per-batch scan: a pure function from one batch of a table to its partial column profiles.

Whole-column polars expressions count non-empty cells and pick the candidate cells; Python sees only
the distinct candidate values (exports repeat values a lot), each analysed once by the detector. The
function keeps no state and opens no file, so worker processes (and later a distributed engine) can
run it on any batch and merge the results in any order.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from itertools import repeat

import polars as pl

from recognizers.column_statistics import BARE_DIGITS, ColumnCheck
from recognizers.entities import category_of
from rules.counters import MAX_ROWS
from rules.protection import HEX_DIGESTS, protection_partials
from rules.pseudonymisation import column_digests, found_digests
from rules.retention import RetentionCheck, retention_partials
from scanner.detector import NATIONAL_ID, CellEntity, Detector
from scanner.masking import mask_snippet
from scanner.name_columns import name_column_counts
from scanner.profile import ColumnProfile, TableProfile
from scanner.readers.parquet_reader import binary_as_text
from scanner.readers.table import ROW_KEY_PREFIX, ROW_NUMBERS

ROW = "__ccscan_row"
COLUMN = "__ccscan_column"  # a column's position in a batch's long frame of candidates
VALUE = "__ccscan_value"
DIGITS = "__ccscan_digits"  # the length of a cell that is one bare number (DIGITS_ONLY), else null
LOWERCASE = "__ccscan_lowercase"
BARE_VALUE = "__ccscan_bare_value"  # the value where it is one bare number (DIGITS), else null
MAX_BARE_CHARS = 40  # a longer cell is no bare identifier: it is not counted for column statistics


BARE_NUMBER = r"^\s*\+?[\d][\d\s().\-/]*$"
# a cell that is digits and nothing else, not "00" (an international prefix): see BARE_NUMBER_CEILINGS
DIGITS_ONLY = r"^0?[1-9][0-9]*$"
# a cell that is one run of ASCII digits once Python's str.strip() white space is taken off both ends
BARE_CELL = r"^[\s\x1c-\x1f]*([0-9]+)[\s\x1c-\x1f]*$"
READING = "__ccscan_reading"
FIRST_ROW = "__ccscan_first_row"
RECOGNIZER_BITS = "__ccscan_recognizers_"


def cell_counts(frame: pl.DataFrame) -> dict[str, tuple[int, int]]:
    """Per column: non-empty (not null, not blank) cells and bare-number cells, in one pass."""
    if frame.width == 0:
        return {}
    counts = frame.select(
        [
            pl.col(name).str.strip_chars().str.len_bytes().gt(0).sum().alias(f"n{i}")
            for i, name in enumerate(frame.columns)
        ]
        + [
            pl.col(name).str.contains(BARE_NUMBER).sum().alias(f"d{i}")
            for i, name in enumerate(frame.columns)
        ]
    ).row(0)
    width = frame.width
    return {name: (int(counts[i] or 0), int(counts[width + i] or 0)) for i, name in enumerate(frame.columns)}


def passes_digit_sums(value: pl.Expr, check: ColumnCheck) -> pl.Expr:
    """Whether a cell is a bare number of one of the check's digit counts whose digits pass its
    `digit_sums` (recognizers/column_statistics.py), as one whole-column expression."""
    passes = pl.lit(False)
    for length, test in check.digit_sums.items():
        total = pl.lit(0, dtype=pl.Int32)
        for position, weight in enumerate(test.weights):
            digit = value.str.slice(test.offset + position, 1).cast(pl.Int32, strict=False)
            product = digit * weight
            total = total + (product - 9 * (product >= 10).cast(pl.Int32) if test.luhn else product)
        passes = passes | ((value.str.len_bytes() == length) & (total % test.modulus == 0)).fill_null(False)
    return passes


def distinct_candidates(
    frame: pl.DataFrame, column: str, detector: Detector, first_row: int = 1
) -> pl.DataFrame:
    """Distinct candidate values of `column`: value, cell count, the first data rows it is on (the
    frame's first row is `first_row`), and the indexes of the recognizers whose candidate pattern
    matches the value (null: every recognizer), less those that cannot report it: a bare number under
    their ceiling, or a cell without the context word they need (see Detector.bare_number_skips and
    Detector.context_needles)."""
    return column_candidates(frame, [column], detector, first_row)[column]


def column_candidates(
    frame: pl.DataFrame,
    columns: list[str],
    detector: Detector,
    first_row: int = 1,
    numbers: pl.Series | None = None,
) -> dict[str, pl.DataFrame]:
    """distinct_candidates of each of `columns`, from one long frame of every column's cells (_candidate_plan):
    each candidate pattern is compiled and run once per batch, not once per column (compiling the
    patterns cost ~10 ms a column, most of a small batch's time)."""
    if not columns:
        return {}
    candidates = _candidate_plan(frame, columns, detector, first_row, numbers).collect()
    patterns = len(detector.candidate_patterns)
    if patterns:
        candidates = _with_recognizers(candidates, patterns)
    empty = candidates.clear().drop(COLUMN)
    parts = candidates.partition_by(COLUMN, as_dict=True, include_key=False)
    return {column: parts.get((position,), empty) for position, column in enumerate(columns)}


def _mask_keys(patterns: int) -> list[str]:
    return [f"{RECOGNIZER_BITS}{first}" for first in range(0, patterns, 64)]


def _with_recognizers(candidates: pl.DataFrame, patterns: int) -> pl.DataFrame:
    """The candidates with the indexes of their recognizers as a list, in place of their bit masks:
    the few distinct masks of a batch are turned into lists once and joined (building a list per
    value cost more than all the column's patterns)."""
    keys = _mask_keys(patterns)
    masks = candidates.select(keys).unique()
    lists = [
        [
            first + bit
            for first, mask in zip(range(0, patterns, 64), row)
            for bit in range(64)
            if mask >> bit & 1
        ]
        for row in masks.iter_rows()
    ]
    table = masks.with_columns(pl.Series("recognizers", lists, dtype=pl.List(pl.Int32)))
    return candidates.join(table, on=keys, how="left", maintain_order="left").select(
        COLUMN, VALUE, "count", "rows", "recognizers"
    )


def _in_columns(by_column: list) -> dict[object, list[int]]:
    """The positions of the columns of each distinct value of `by_column` (one per column)."""
    positions: dict[object, list[int]] = {}
    for position, value in enumerate(by_column):
        positions.setdefault(value, []).append(position)
    return positions


def _candidate_plan(
    frame: pl.DataFrame, columns: list[str], detector: Detector, first_row: int, numbers: pl.Series | None
) -> pl.LazyFrame:
    """The distinct candidate values of every one of `columns` as one lazy plan of a long frame: COLUMN
    (the column's position in `columns`), VALUE, count, rows and the recognizers' bit masks. The values
    are made distinct first and the patterns run on each distinct value once: exports repeat values
    (directions, queues, agents, phones), and a pattern's answer depends on the value and the header
    only; what depends on the header (a bare-number skip, a context word needed) is decided per column.

    Each candidate pattern runs on its own: one union of them all (word lists included) makes the regex
    engine lose its literal fast paths and costs twenty times more on notes."""
    rows = (
        pl.int_range(first_row, first_row + pl.len(), dtype=pl.UInt32)
        if numbers is None
        else pl.lit(numbers.cast(pl.UInt32))
    )
    cells = pl.concat(
        [
            frame.lazy().select(
                pl.col(column).alias(VALUE), pl.lit(position, dtype=pl.UInt32).alias(COLUMN), rows.alias(ROW)
            )
            for position, column in enumerate(columns)
        ]
    )
    cells = cells.filter(pl.col(VALUE).str.strip_chars().str.len_bytes() > 0)
    # in the order of their first cells, column by column: profiles fill as they would value by value
    distinct = cells.group_by(COLUMN, VALUE, maintain_order=True).agg(
        pl.len().alias("count"), pl.col(ROW).head(MAX_ROWS).alias("rows")
    )
    if not detector.candidate_patterns:
        return distinct.with_columns(pl.lit(None, dtype=pl.List(pl.Int32)).alias("recognizers"))
    masks = [f"__ccscan_candidate_{index}" for index in range(len(detector.candidate_patterns))]
    value = pl.col(VALUE)
    # per recognizer, per column: the bare-number skip and the context words needed (both decided by
    # the header), as (value -> positions of the columns that have it)
    skips = list(zip(*(detector.bare_number_skips(column) for column in columns)))
    needles = list(zip(*(detector.context_needles(column) for column in columns)))
    # a bare number holds no context word: where a recognizer needs one, its bare-number skip is implied
    needs_word = any(n is not None for per_column in needles for n in per_column)
    skips_numbers = any(skipped and n is None for s, ns in zip(skips, needles) for skipped, n in zip(s, ns))
    # each input the conditions share is computed once, as a column
    distinct = distinct.with_columns(
        *([value.str.to_lowercase().alias(LOWERCASE)] if needs_word else []),
        *(
            [pl.when(value.str.contains(DIGITS_ONLY)).then(value.str.len_bytes()).alias(DIGITS)]
            if skips_numbers
            else []
        ),
    )
    if skips_numbers:
        # the digit sums matter for bare numbers only: on null elsewhere they cost a third as much
        distinct = distinct.with_columns(pl.when(pl.col(DIGITS).is_not_null()).then(value).alias(BARE_VALUE))
    column = pl.col(COLUMN)
    matches = []
    for pattern, skipped_per_column, needles_per_column, check in zip(
        detector.candidate_patterns, skips, needles, detector.recognizer_checks
    ):
        # per column: whether a match reaches the recognizer there (True: always)
        reaches = pl.when(pl.lit(False)).then(pl.lit(True))
        conditional = False
        for (skipped, word_needles), positions in _in_columns(
            list(zip(skipped_per_column, needles_per_column))
        ).items():
            if word_needles is not None:
                condition = pl.col(LOWERCASE).str.contains_any(list(word_needles))
            elif skipped:
                bare = pl.col(DIGITS).is_in(skipped).fill_null(False)
                if check is not None and check.digit_sums:
                    # a bare cell that passes the column check reaches the recognizer: column statistics count it
                    bare = bare & ~passes_digit_sums(pl.col(BARE_VALUE), check)
                condition = ~bare
            else:
                continue
            conditional = True
            reaches = reaches.when(column.is_in(positions)).then(condition)
        match = value.str.contains(pattern)
        matches.append(match & reaches.otherwise(True) if conditional else match)
    # one bit per recognizer, 64 to a key column (_with_recognizers makes them lists)
    bits = [
        pl.sum_horizontal(
            pl.col(mask).cast(pl.UInt64) * pl.lit(1 << bit, dtype=pl.UInt64)
            for bit, mask in enumerate(masks[first : first + 64])
        ).alias(key)
        for first, key in zip(range(0, len(masks), 64), _mask_keys(len(masks)))
    ]
    return (
        distinct.with_columns(match.alias(mask) for match, mask in zip(matches, masks))
        .filter(pl.any_horizontal(masks))
        .select(COLUMN, VALUE, "count", "rows", *bits)
    )


def bare_digit_counts(frame: pl.DataFrame, detector: Detector) -> dict[str, dict[str, int]]:
    """Per column, the cells of each column check's shapes, keyed "check name|digit count" (the n of
    column statistics): one whole-column pass, so that every bare cell counts, candidate or not."""
    lengths = sorted({digits for check in detector.checks for digits in check.shapes})
    if not lengths or frame.width == 0:
        return {name: {} for name in frame.columns}
    # each column's bare shape once, then counted per digit count (not a pass per count)
    shapes = frame.lazy().select(
        pl.when(pl.col(name).str.contains(BARE_DIGITS))
        .then(pl.col(name).str.strip_chars().str.len_bytes())
        .alias(str(position))
        for position, name in enumerate(frame.columns)
    )
    counts = (
        shapes.select(
            (pl.col(str(position)) == digits).sum().alias(f"{position}|{digits}")
            for position in range(frame.width)
            for digits in lengths
        )
        .collect()
        .row(0, named=True)
    )
    return {
        name: {
            f"{check.name}|{digits}": int(counts[f"{position}|{digits}"] or 0)
            for check in detector.checks
            for digits in check.shapes
            if counts[f"{position}|{digits}"]
        }
        for position, name in enumerate(frame.columns)
    }


def bare_digit_count(value: pl.Expr) -> pl.Expr:
    """recognizers.column_statistics.bare_digits of a cell of at most MAX_BARE_CHARS characters, else
    null, as an expression: Python's str.strip() takes the regex's Unicode white space and \\x1c-\\x1f."""
    return pl.when(value.str.len_chars() <= MAX_BARE_CHARS).then(
        value.str.extract(BARE_CELL, 1).str.len_bytes()
    )


def _lowered(entity: CellEntity) -> bool:
    """Whether a negative word in the cell's text (order, invoice …) lowered the entity's score. A negative
    header word does not count: `ref` or `customer_number` heads columns of anything, and the column's
    pass rate decides (issue #16: one header word does not cancel the evidence of the values)."""
    return any(
        reason.startswith("context: text word") and reason.endswith("(negative)") for reason in entity.reasons
    )


def _example(value: str, entity: CellEntity, show_values: bool) -> str:
    """What the report shows of a found value: masked in its cell, or raw with --show-values."""
    return (
        value[entity.span[0] : entity.span[1]]
        if show_values
        else mask_snippet(value, *entity.span, entity.type)
    )


STAGES = ("extract", "vectorised", "python", "profile", "policy")
CPU = " cpu"  # stages[stage + CPU]: the stage's CPU seconds, of every thread of the process


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _spent(stages: Counter[str], stage: str, started: tuple[float, float]) -> tuple[float, float]:
    """Add the wall and CPU seconds since `started` to `stage`; the time now, for the next stage. CPU
    time tells the stages apart on a loaded machine, where wall time mostly measures the others."""
    now = _clock()
    stages[stage] += now[0] - started[0]
    stages[stage + CPU] += now[1] - started[1]
    return now


def distinct_entities(
    frame: pl.DataFrame,
    name: str,
    detector: Detector,
    first_row: int,
    stages: Counter[str],
    candidates: pl.DataFrame | None = None,
    answers: list[tuple[CellEntity, ...] | None] | None = None,
) -> tuple[pl.DataFrame, list[tuple[CellEntity, ...]]]:
    """The distinct candidate values of column `name` (`candidates` when they are already extracted) and
    the readings of each at any score (Detector.analyze_cell_readings): answered by the vectorised
    engine where it can (`answers`, when answers_by_column already gave them), by the detector value by
    value otherwise. `stages` gathers the seconds spent extracting candidates, in the vectorised engine
    and in Python."""
    started = _clock()
    if candidates is None:
        candidates = distinct_candidates(frame, name, detector, first_row)
    started = _spent(stages, "extract", started)
    if answers is None and detector.vectorised:
        answers = detector.vectorised.answers(candidates, VALUE, name)
    started = _spent(stages, "vectorised", started)
    entities = [
        answer if answer is not None else detector.analyze_cell_readings(value, name, recognizers)
        for (value, recognizers), answer in zip(
            candidates.select(VALUE, "recognizers").iter_rows(), answers or repeat(None)
        )
    ]
    _spent(stages, "python", started)
    return candidates, entities


def scan_batch(
    frame: pl.DataFrame,
    first_row: int,
    detector: Detector,
    show_values: bool = False,
    retention: RetentionCheck | None = None,
    allowed: Callable[[str], bool] | None = None,
    stages: Counter[str] | None = None,
) -> TableProfile:
    """Profile one batch whose first row is data row `first_row` (1-based) of its table; `retention`
    names the retention rules that cover the table; a match for which `allowed` is true (the company's
    own switchboard number) is not counted. `stages`, if given, gathers the wall seconds of each of STAGES
    and its CPU seconds (under the stage + CPU).

    A database table's batch may hold typed columns: dates are scanned as their ISO text and given to
    the retention rules as dates; bytes are checked for protection shapes only (as text when they are
    UTF-8, else as hex); its row key becomes the profile's `row_keys`."""
    stages = Counter() if stages is None else stages
    started = _clock()
    keys = [name for name in frame.columns if name.startswith(ROW_KEY_PREFIX)]
    key_frame, frame = frame.select(keys), frame.drop(keys)
    # a sample's blocks joined into one batch carry their own row numbers
    numbers = frame.get_column(ROW_NUMBERS) if ROW_NUMBERS in frame.columns else None
    frame = frame.drop(ROW_NUMBERS, strict=False)
    listed = None if numbers is None else numbers.to_list()
    opaque = {name for name, dtype in frame.schema.items() if dtype == pl.Binary}
    typed = frame
    frame = frame.with_columns(
        binary_as_text(frame[name]) if name in opaque else frame[name].cast(pl.String)
        for name, dtype in frame.schema.items()
        if dtype != pl.String
    )
    profile = TableProfile(
        rows=frame.height,
        threshold=detector.threshold,
        column_checks={check.name: check for check in detector.checks},
    )
    counts = cell_counts(frame)
    bare_counts = bare_digit_counts(frame, detector)
    extracted = column_candidates(
        frame, [name for name in frame.columns if name not in opaque], detector, first_row, numbers
    )
    started = _spent(stages, "extract", started)
    # the vectorised engine answers every column's candidates in one go
    answers = detector.vectorised.answers_by_column(extracted, VALUE) if detector.vectorised else {}
    _spent(stages, "vectorised", started)
    found: dict[str, set[str]] = {}  # category -> matched texts, for the reversible-hash check
    for position, name in enumerate(frame.columns):
        non_empty, numeric = counts[name]
        column = ColumnProfile(
            name=name,
            position=position,
            non_empty=non_empty,
            numeric=numeric,
            bare_candidates=bare_counts[name],
        )
        profile.columns[name] = column
        if name in opaque:
            continue
        candidates, readings_per_value = distinct_entities(
            frame, name, detector, first_row, stages, extracted[name], answers.get(name)
        )
        started = _clock()
        add_readings(column, candidates, readings_per_value, detector, show_values, allowed, found)
        _spent(stages, "profile", started)
    started = _clock()
    dated = frame.with_columns(typed[name] for name, dtype in typed.schema.items() if dtype.is_temporal())
    add_policy_partials(profile, frame, first_row, retention, dated, listed)
    profile.found_digests = found_digests(found)
    for name, counts in name_column_counts(frame.drop(opaque), first_row, show_values, listed).items():
        profile.columns[name].names = counts
    if keys:
        profile.row_keys = row_keys(profile, key_frame[keys[0]], first_row, detector, show_values, listed)
    _spent(stages, "policy", started)
    return profile


def add_readings(
    column: ColumnProfile,
    candidates: pl.DataFrame,
    readings_per_value: list[tuple[CellEntity, ...]],
    detector: Detector,
    show_values: bool,
    allowed: Callable[[str], bool] | None,
    found: dict[str, set[str]],
) -> None:
    """Count the readings of the column's distinct candidate values (distinct_entities) in its profile,
    and add the matched texts of its findings to `found` (category -> texts).

    Values that share their readings and their bare-number shape count alike but for their cells, rows
    and example: polars groups them and sums their cells, and Python decides once per group what its
    readings are (finding, column-statistics candidate, possible reading or nothing). A finding whose
    matched text is `allowed` is no reading of the value."""
    threshold = detector.threshold

    def group_key(readings: tuple[CellEntity, ...], value: str) -> tuple[tuple[CellEntity, ...], bool]:
        reported_id = any(e.score >= threshold and category_of(e.type) == NATIONAL_ID for e in readings)
        if allowed is not None:
            readings = tuple(e for e in readings if not allowed(value[e.span[0] : e.span[1]]))
        return readings, reported_id

    keys: dict[tuple[tuple[CellEntity, ...], bool], int] = {}
    if allowed is None:
        known: dict[int, int] = {}  # answers share readings tuples: hash each tuple object once
        ids = []
        for readings in readings_per_value:
            key = known.get(id(readings))
            if key is None:
                key = known[id(readings)] = keys.setdefault(group_key(readings, ""), len(keys))
            ids.append(key)
    else:
        values = candidates.get_column(VALUE).to_list()
        ids = [keys.setdefault(group_key(r, v), len(keys)) for r, v in zip(readings_per_value, values)]
    column.candidates += int(candidates.get_column("count").sum() or 0)
    groups_of = list(keys)
    empty = [index for index, (readings, _) in enumerate(groups_of) if not readings]
    groups = (
        candidates.select(
            pl.Series(READING, ids, dtype=pl.UInt32),
            bare_digit_count(pl.col(VALUE)).alias(DIGITS),
            "count",
            "rows",
            VALUE,
        )
        .filter(~pl.col(READING).is_in(empty))
        # in the order of their first values: counters and dicts fill as they would value by value
        .group_by(READING, DIGITS, maintain_order=True)
        .agg(
            pl.col("count").sum(),
            pl.col("rows").head(MAX_ROWS),  # the first MAX_ROWS values hold the group's first rows
            pl.col("rows").list.first().alias(FIRST_ROW),
            VALUE,
        )
    )
    for reading, digits, count, first_rows, rows, values in groups.select(
        READING, DIGITS, "count", FIRST_ROW, "rows", VALUE
    ).iter_rows():
        readings, reported_id = groups_of[reading]
        rows = [row for value_rows in rows for row in value_rows]
        shapes = {check.name: digits for check in detector.checks if digits in check.shapes}
        types = []
        for entity in readings:
            examples = (
                (row, partial(_example, value, entity, show_values)) for row, value in zip(first_rows, values)
            )
            check = detector.column_checks.get(entity.type)
            passes = check is not None and check.reason in entity.reasons
            if passes and check.name in shapes:
                key = f"{check.name}|{shapes[check.name]}"
                column.bare_passes[key] = column.bare_passes.get(key, 0) + count
            reasons, flags = list(entity.reasons), list(entity.flags)
            if entity.score < threshold:
                # a candidate without evidence: counted for column statistics and the possible tier,
                # unless a word says it is something else or the cell already holds a national ID
                if passes and not reported_id and not _lowered(entity):
                    shape = str(shapes.get(check.name, ""))
                    column.unconfirmed_entity(entity.type, check.name, shape).add_values(
                        count, entity.score, rows, examples, reasons, flags
                    )
                continue
            column.entity(entity.type).add_values(count, entity.score, rows, examples, reasons, flags)
            types.append(entity.type)
            start, end = entity.span
            found.setdefault(category_of(entity.type), set()).update(value[start:end] for value in values)
        if types:
            key = "+".join(sorted(types))
            column.type_sets[key] = column.type_sets.get(key, 0) + count


def row_keys(
    profile: TableProfile,
    keys: pl.Series,
    first_row: int,
    detector: Detector,
    show_values: bool,
    numbers: list[int] | None = None,
) -> dict[int, str]:
    """The primary-key text of each row the profile names, masked where the detector finds personal data
    in it (a key that is a national ID), as any found value is. `numbers`: the batch's row numbers,
    where they are not consecutive from `first_row`."""
    label = keys.name.removeprefix(ROW_KEY_PREFIX)
    position = None if numbers is None else {row: index for index, row in enumerate(numbers)}
    located = {}
    for row in profile.referenced_rows():
        index = row - first_row if position is None else position.get(row, -1)
        key = keys[index] if 0 <= index < keys.len() else None
        if key is None:
            continue
        located[row] = key if show_values else masked_key(key, label, detector)
    return located


def masked_key(key: str, label: str, detector: Detector, recognizers: list[int] | None = None) -> str:
    """A row key's text with the personal data the detector finds in it masked (a key that is a
    national ID keeps only its shape), as any found value is; `label` names the key's columns, and
    `recognizers` those whose candidate pattern matched the key (None: every recognizer)."""
    for entity in sorted(detector.analyze_cell(key, label, recognizers), key=lambda e: -e.span[0]):
        start, end = entity.span
        key = key[:start] + mask_snippet(key, start, end, entity.type) + key[end:]
    return key


def add_policy_partials(
    profile: TableProfile,
    frame: pl.DataFrame,
    first_row: int,
    retention: RetentionCheck | None,
    dated: pl.DataFrame | None = None,
    numbers: list[int] | None = None,
) -> None:
    """The policy's counters for this batch, next to the detector's: protected shapes per column (and a
    bounded sample of hash-shaped values) and the retention rules' counters, which read `dated` (the
    batch with a database's date columns as dates) when given."""
    hex_shapes = set(HEX_DIGESTS.values())
    for name, shapes in protection_partials(frame).items():
        column = profile.columns[name]
        column.shapes = shapes
        if hex_shapes & shapes.keys():
            column.digests = column_digests(frame[name])
    if retention is not None:
        profile.retention = retention_partials(
            frame if dated is None else dated,
            first_row,
            retention.rules,
            retention.as_of,
            retention.named,
            numbers,
        )
