"""The vectorised engine: the findings of whole-cell candidate values computed with polars expressions.

`batch_scan.scan_batch` hands every column's distinct candidate values of a batch here first
(`answers_by_column`; `answers` for one column). A value
is answered in polars when it is a whole-cell value: printable ASCII, every recognizer whose
candidate matched it is compiled (recognizers/vectorised `COMPILED`: every pattern recognizer but
names, addresses and special categories), and each of
their patterns either matches the whole value as its first and only match or does not match it at
all. Then, as Presidio would:
1. extraction: per compiled recognizer and pattern, the whole-cell regex (candidates.whole_cell_regex);
2. checks: the recognizer's compiled check, on the distinct values only, giving entity, score,
   reasons, flags, value evidence and the span where the check narrows the finding to part of the
   value (a card then its expiry, an IBAN then a year, a phone valid only cut short), or leaving the
   value to Python (`unanswered`: e.g. a phone of a foreign calling code with fewer than
   PLAN_WORTH_VALUES numbers in the batch, see recognizers/vectorised/phones.py);
3. context: a whole cell has no words around its match, so only the column header can raise or lower
   a score; the context enhancer itself answers that once per column, recognizer, raw score and value
   evidence (a "+"/"00" phone is not lowered by a negative header). A finding the check narrows to
   part of the cell with a letter beside it (an IBAN then a word) has words around it: the free-text
   path answers it;
4. the detector's own one_national_reading and _best_per_type: every reading at any score, as
   Detector.analyze_cell_readings gives them (findings and the candidates below the threshold).
Every other value one of whose candidate recognizers is compiled (free text, non-ASCII, a cell holding
more than one match) goes on to the free-text path (scanner/vectorised_text.py); what that leaves, and
values no compiled recognizer saw, get None and go to the per-value Python path (Detector.analyze_cell),
unchanged. `counts`: "vectorised" (answered here), "fallback" (left to Python), "text", "text with
Python recognizers" and "text fallback: why".
tests/test_vectorised_equivalence.py holds both paths equal, value by value.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl
from presidio_analyzer import RecognizerResult

from recognizers.base import FLAGS_KEY, REASONS_KEY, VALUE_EVIDENCE_KEY
from recognizers.candidates import UntranslatablePattern, pattern_candidate, whole_cell_regex
from recognizers.context import CONTEXT_KEY
from recognizers.vectorised import COMPILED, CompiledCheck
from recognizers.vectorised.expressions import SEPARATOR
from scanner.detector import CellEntity, Detector, _best_per_type, one_national_reading
from scanner.threads import in_threads
from scanner.vectorised_text import TextAnswers, TextRecognizer

TEXT, ROW, RECOGNIZERS, COLUMN, LENGTH = "text", "__row", "recognizers", "__column", "__length"
# A whole-cell value: printable ASCII, so that Python's and Rust's \d, \w and case folding agree.
WHOLE_CELL_TEXT = r"^[ -~]+$"
LETTER = "[A-Za-z]"  # of a whole cell: printable ASCII


@dataclass(frozen=True)
class CompiledRecognizer:
    """A recognizer of the detector (at `index`) with its compiled check and per pattern: its name,
    its candidate (does it match anywhere) and its whole-cell regex."""

    index: int
    name: str
    check: CompiledCheck
    patterns: tuple[tuple[str, str, str], ...]


def compiled_recognizers(detector: Detector) -> tuple[CompiledRecognizer, ...]:
    """The detector's recognizers that have a compiled check and whole-cell forms of all patterns."""
    compiled = []
    for index, recognizer in enumerate(detector.recognizers):
        check = COMPILED.get(type(recognizer))
        if check is None:
            continue
        try:
            patterns = tuple(
                (pattern.name, pattern_candidate(pattern), whole_cell_regex(pattern))
                for pattern in recognizer.patterns
            )
        except UntranslatablePattern:
            continue
        compiled.append(CompiledRecognizer(index, recognizer.name, check, patterns))
    return tuple(compiled)


class VectorisedAnswers:
    """Answers the distinct candidate values of a batch's columns in polars; counts what it answered and what it
    left to Python (`counts`: values "vectorised" and "fallback")."""

    def __init__(self, detector: Detector) -> None:
        self.detector = detector
        self.compiled = compiled_recognizers(detector)
        self.text = TextAnswers(
            detector,
            [
                TextRecognizer(c.index, c.name, c.check, tuple(p[0] for p in c.patterns))
                for c in self.compiled
            ],
        )
        self.counts: Counter[str] = Counter()
        self._context: dict[tuple[int, str, str, float, bool], tuple[float, str | None]] = {}
        # (header, length, verdicts) -> the readings (None: the per-value path decides)
        self._decided: dict[tuple, tuple[CellEntity, ...] | None] = {}

    def _header_context(
        self, index: int, entity: str, header: str, score: float, value_evidence: bool
    ) -> tuple[float, str | None]:
        """The score a whole-cell match of recognizer `index` gets from the header, and the context
        reason: asked of the detector's own context enhancer (a match with no words around it; one
        whose value is its own evidence is not lowered)."""
        key = (index, entity, header, score, value_evidence)
        if key not in self._context:
            recognizer = self.detector.recognizers[index]
            metadata: dict[str, object] = {RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id}
            if value_evidence:
                metadata[VALUE_EVIDENCE_KEY] = True
            raw = RecognizerResult(entity, 0, 1, score, None, metadata)
            enhancer = self.detector.analyzer.context_aware_enhancer
            (enhanced,) = enhancer.enhance_using_context("x", [raw], None, [recognizer], [header])
            self._context[key] = (enhanced.score, enhanced.recognition_metadata.get(CONTEXT_KEY))
        return self._context[key]

    def answers(
        self, candidates: pl.DataFrame, value: str, header: str
    ) -> list[tuple[CellEntity, ...] | None]:
        """Per row of `candidates` (distinct_candidates' frame, values in column `value`), the readings
        the per-value path (Detector.analyze_cell_readings) would give, or None where it must answer."""
        return self.answers_by_column({header: candidates}, value)[header]

    def answers_by_column(
        self, columns: Mapping[str, pl.DataFrame], value: str
    ) -> dict[str, list[tuple[CellEntity, ...] | None]]:
        """`answers` for the candidates of every column of a batch (header -> distinct_candidates' frame)
        at once: one plan per recognizer and pattern over all of them, not one per column (a call export
        has some twenty columns, and each small plan costs its own fixed time)."""
        headers = list(columns)
        frames = [
            candidates.select(
                pl.col(value).alias(TEXT), pl.col(RECOGNIZERS), pl.lit(position, pl.Int32).alias(COLUMN)
            )
            for position, candidates in enumerate(columns.values())
        ]
        if not frames:
            return {}
        answers = self._answers(pl.concat(frames).with_row_index(ROW), headers)
        by_column, start = {}, 0
        for header, candidates in columns.items():
            by_column[header] = answers[start : start + candidates.height]
            start += candidates.height
        return by_column

    def _answers(self, candidates: pl.DataFrame, headers: list[str]) -> list[tuple[CellEntity, ...] | None]:
        """Per row of `candidates` (ROW, TEXT, RECOGNIZERS, COLUMN: the position of its header in
        `headers`), its readings, or None where the per-value path must answer."""
        today = datetime.date.today()
        frame = candidates
        indexes = [compiled.index for compiled in self.compiled]
        all_compiled = pl.col(RECOGNIZERS).list.eval(pl.element().is_in(indexes)).list.all().fill_null(False)
        some_compiled = frame.filter(pl.col(RECOGNIZERS).list.eval(pl.element().is_in(indexes)).list.any())
        frame = frame.filter(all_compiled & pl.col(TEXT).str.contains(WHOLE_CELL_TEXT))
        fallback: set[int] = set()
        verdicts = []
        for rows, verdict in in_threads(
            lambda compiled: _whole_cell_verdicts(compiled, frame, today), self.compiled
        ):
            fallback.update(rows)
            if verdict is not None:
                verdicts.append(verdict)
        answered = frame.filter(~pl.col(ROW).is_in(list(fallback)))[ROW].to_list()
        self.counts["vectorised"] += len(answered)
        answers: list[tuple[CellEntity, ...] | None] = [None] * candidates.height
        for row in answered:
            answers[row] = ()
        if verdicts:
            found = pl.concat(verdicts).filter(~pl.col(ROW).is_in(list(fallback)))
            self._readings(found, headers, answers)
        # what the whole-cell path left, free text above all: the free-text path, then Python
        left = some_compiled.filter(pl.col(ROW).is_in([row for row, a in enumerate(answers) if a is None]))
        if left.height:
            text_counts: Counter[str] = Counter()
            for row, answer in self.text.answers(left, headers, text_counts).items():
                answers[row] = answer
            self.counts.update(text_counts)
            self.counts["vectorised"] += text_counts["text"] + text_counts["text with Python recognizers"]
        self.counts["fallback"] += sum(answer is None for answer in answers)
        return answers

    def _readings(self, found: pl.DataFrame, headers: list[str], answers: list) -> list:
        """Context on the verdicts of the answered rows, then the detector's own steps on them, as
        Detector.analyze_cell_readings takes them: one_national_reading and _best_per_type (readings at
        any score, the threshold deciding only which national IDs and business IDs give way). Rows whose
        column, length and verdicts (a narrowed span among them) are the same are grouped in polars and
        decided once."""
        verdict_columns = [name for name in found.columns if name not in (ROW, COLUMN, LENGTH)]
        # \x1d: a separator that reasons and flags (joined with SEPARATOR) never hold
        as_text = [pl.col(name).cast(pl.String).fill_null("\x00") for name in verdict_columns]
        groups = (
            found.group_by(ROW, maintain_order=True)
            .agg(
                pl.col(COLUMN).first(),
                pl.col(LENGTH).first(),
                pl.concat_str(as_text, separator="\x1d").str.join("\x1e").alias("key"),
                pl.struct(verdict_columns).alias("verdicts"),
            )
            .group_by(COLUMN, LENGTH, "key", maintain_order=True)
            .agg(pl.col(ROW), pl.col("verdicts").first())
        )
        for column, length, _, rows, verdicts in groups.iter_rows():
            header = headers[column]
            verdicts = [tuple(verdict.values()) for verdict in verdicts]
            key = (header, length, tuple(verdicts))
            if key not in self._decided:
                self._decided[key] = self._decide(verdicts, header, length)
            answer = self._decided[key]
            if answer is None:  # two readings of one type: the per-value path decides
                self.counts["vectorised"] -= len(rows)
            for row in rows:
                answers[row] = answer
        return answers

    def _decide(self, verdicts: list[tuple], header: str, length: int) -> tuple[CellEntity, ...] | None:
        """The readings of one whole-cell value of `length` characters from its compiled verdicts."""
        readings = []
        for pattern, _, entity, raw, reasons, flags, value_evidence, span_start, span_end, index in verdicts:
            score, context = self._header_context(index, entity, header, raw, value_evidence)
            metadata: dict[str, object] = {
                REASONS_KEY: [pattern, *(reasons.split(SEPARATOR) if reasons else ())],
                FLAGS_KEY: dict(
                    (flag.split("=", 1)[0], flag.split("=", 1)[1]) if "=" in flag else (flag, True)
                    for flag in (flags.split(SEPARATOR) if flags else ())
                ),
            }
            if context is not None:
                metadata[CONTEXT_KEY] = context
            if score != 0:  # as without_duplicates: a reading that context brought to 0 is none
                # a verdict narrowed to part of the cell (a card then its expiry) has a span of its own
                start, end = (0, length) if span_start is None else (span_start, span_end)
                readings.append(RecognizerResult(entity, start, end, score, None, metadata))
        types = [reading.entity_type for reading in readings]
        if len(set(types)) != len(types):
            return None
        threshold = self.detector.threshold
        return _best_per_type(one_national_reading(readings, threshold, self.detector.own_words), threshold)


def _whole_cell_verdicts(
    compiled: CompiledRecognizer, frame: pl.DataFrame, today: datetime.date
) -> tuple[list[int], pl.DataFrame | None]:
    """One compiled recognizer on the whole-cell values of `frame` (ROW, COLUMN, TEXT, RECOGNIZERS): the
    rows it leaves to Python, and the verdicts (ROW, COLUMN, pattern, its check's columns, recognizer)
    of those whose value one of its patterns matches whole and that its check finds valid."""
    rows: list[int] = []
    active = frame.filter(pl.col(RECOGNIZERS).list.contains(compiled.index)).select(ROW, COLUMN, TEXT)
    if active.height == 0:
        return rows, None
    whole = [f"__whole_{n}" for n in range(len(compiled.patterns))]
    matched = active.with_columns(
        *(
            (pl.col(TEXT).str.extract(regex, 1).str.len_bytes() == pl.col(TEXT).str.len_bytes())
            .fill_null(False)
            .alias(name)
            for (_, _, regex), name in zip(compiled.patterns, whole)
        ),
        *(
            pl.col(TEXT).str.contains(candidate).alias(f"__anywhere_{n}")
            for n, (_, candidate, _) in enumerate(compiled.patterns)
        ),
    ).with_columns(pl.sum_horizontal(whole).alias("__wholes"))
    # a pattern that matches but not as the whole value, or two that match it whole: Python
    partial = pl.any_horizontal(pl.col(f"__anywhere_{n}") & ~pl.col(name) for n, name in enumerate(whole))
    rows.extend(matched.filter(partial | (pl.col("__wholes") > 1))[ROW].to_list())
    matched = matched.filter(~partial & (pl.col("__wholes") == 1))
    if matched.height == 0:
        return rows, None
    pattern_reason = pl.when(pl.lit(False)).then(pl.lit(None, dtype=pl.String))
    for (name, _, _), column in zip(compiled.patterns, whole):
        pattern_reason = pattern_reason.when(pl.col(column)).then(
            pl.lit(f"{compiled.name}: pattern '{name}'")
        )
    checked = pl.concat(
        [
            matched.select(
                ROW,
                COLUMN,
                pl.col(TEXT).str.len_chars().alias(LENGTH),
                pattern_reason.otherwise(None).alias("pattern"),
            ),
            compiled.check(matched.select(TEXT), today),
            matched.select(TEXT),
        ],
        how="horizontal",
    )
    # a finding narrowed to part of the cell ("an IBAN then 'tili'") has words around it, which the
    # context enhancer reads: the free-text path, which places the words around the span, answers it
    text = pl.col(TEXT)
    words_around = pl.col("span_start").is_not_null() & (
        text.str.slice(0, pl.col("span_start")).str.contains(LETTER)
        | text.str.slice(pl.col("span_end")).str.contains(LETTER)
    ).fill_null(False)
    # and a text the compiled check cannot decide as the recognizer would: Python
    rows.extend(checked.filter(pl.col("unanswered") | words_around)[ROW].to_list())
    return rows, (
        checked.filter(pl.col("valid") & (pl.col("score") > 0) & ~words_around)
        .drop("unanswered", TEXT)
        .with_columns(pl.lit(compiled.index, dtype=pl.Int32).alias("recognizer"))
    )
