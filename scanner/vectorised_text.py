"""Free-text cells (notes) answered by the vectorised engine: spans found in polars, checked in polars.

`VectorisedAnswers.answers` hands here the distinct values its whole-cell path did not answer and whose
candidate recognizers are all compiled. For each, as Detector._analyze_fast would:
1. extraction: every compiled pattern's matches, in characters as Python counts them, in one pass per
   distinct pattern over all values (candidates.span_regex: the Rust engine finds Python's matches;
   markers around each match, a split and the characters of each piece give the offsets);
2. checks: the recognizer's compiled check on the span texts (recognizers/vectorised), the same as on
   whole cells, since a span is exactly what the pattern matched; a verdict narrowed to part of its
   match (a card then its expiry) moves the span's start and end there, before context and duplicates;
3. a value with no valid span is answered there and then: no reading;
4. the rest (about one value in two of call notes) gets its readings from the detector's own steps on
   the found spans, with no pattern run and no check in Python: RecognizerResults as the recognizer's
   `analyze` builds them, its without_duplicates, the context enhancer (words around the span in its
   sentence, then the header: scanner/vectorised_context.py finds the words in polars, the enhancer
   gives the score once per distinct question), without_duplicates across recognizers,
   one_national_reading and _best_per_type, in Python per value.
A value is left to Python (`counts`, keyed "text fallback: why") when it holds characters whose
matching may differ between Python's `regex` and Rust's (anything outside ASCII, Latin-1 letters and
"€"), when the pattern may match within ADJACENT (9) characters of the previous match's end, before
the next match found (the Rust engine may have missed it: see _spans), or when a check cannot decide a
span as the recognizer would (`unanswered`).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl
from presidio_analyzer import RecognizerResult

from recognizers.base import (
    FLAGS_KEY,
    REASONS_KEY,
    VALUE_EVIDENCE_KEY,
    CheckedPatternRecognizer,
    without_duplicates,
)
from recognizers.candidates import (
    ANSWERED_TEXT,
    BODY,
    LEAD,
    LONGEST_LEAD,
    TRAIL,
    first_characters,
    span_regex,
    whole_cell_regex,
)
from recognizers.context import CONTEXT_KEY, header_words
from recognizers.vectorised import CompiledCheck
from recognizers.vectorised.expressions import SEPARATOR
from scanner.detector import CellEntity, Detector, _best_per_type, one_national_reading
from scanner.threads import in_threads
from scanner.vectorised_context import SPAN, decide, words_around

TEXT, ROW, RECOGNIZERS, COLUMN = "text", "__row", "recognizers", "__column"
MATCH_START, MATCH_END = "\x01", "\x02"
# A later match the Rust engine may have missed starts within ADJACENT characters after the previous
# match (its trail, two at most, and the lead the later one needs).
ADJACENT = 2 + LONGEST_LEAD
# Where a span verdict (answers' `found`) holds the span's start and end, and its type.
START, END, ENTITY = 2, 3, 4
# Remembered readings: at most this many (header, spans) keys, each a few hundred bytes.
DECIDED_SPANS = 65_536


@dataclass(frozen=True)
class SpanPattern:
    """One distinct pattern regex and who uses it: (recognizer position in `compiled`, pattern index);
    `at_start`: its body and lookahead at the start of a text (candidates.whole_cell_regex), the
    lookbehind not asked; `first`: the characters a match of it can start with
    (candidates.first_characters)."""

    regex: str
    at_start: str
    first: str
    users: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class TextRecognizer:
    index: int
    name: str
    check: CompiledCheck
    pattern_names: tuple[str, ...]


class TextAnswers:
    """The readings of free-text values whose candidate recognizers are all compiled."""

    def __init__(self, detector: Detector, recognizers: Sequence[TextRecognizer]) -> None:
        self.detector = detector
        self.recognizers = tuple(recognizers)
        users: dict[tuple[str, str, str], list[tuple[int, int]]] = {}
        for position, compiled in enumerate(self.recognizers):
            recognizer = detector.recognizers[compiled.index]
            for number, pattern in enumerate(recognizer.patterns):
                first = first_characters(pattern, recognizer.global_regex_flags)
                key = (span_regex(pattern), whole_cell_regex(pattern), first)
                users.setdefault(key, []).append((position, number))
        self.patterns = tuple(SpanPattern(*key, tuple(u)) for key, u in users.items())
        self._contexts: dict[tuple, tuple[float, str | None]] = {}
        self.indexes = frozenset(compiled.index for compiled in self.recognizers)
        # per position: the detector indexes whose candidate in a value makes the recognizer's `standing`
        # look at its text (None: always; empty: never, no `standing` of its own). The phone's looks for
        # an IBAN around a phone, and only where the IBAN's candidate matched.
        self.text_read_with = tuple(
            _text_read_with(detector, detector.recognizers[c.index]) for c in self.recognizers
        )
        # (header, the spans' verdicts) -> readings, for values whose readings depend on nothing else
        self._decided: dict[tuple, tuple[CellEntity, ...]] = {}

    def answers(
        self, frame: pl.DataFrame, headers: Sequence[str], counts: Counter[str]
    ) -> dict[int, tuple[CellEntity, ...] | None]:
        """Per row of `frame` (ROW, TEXT, RECOGNIZERS: detector indexes, one compiled at least; COLUMN:
        the position of its header in `headers`), its readings, or None where the per-value path must answer. `counts` gets "text" (answered in polars),
        "text with Python recognizers" (a recognizer that is not compiled analysed it in Python), and per
        reason what is left to Python."""
        fallback: dict[int, str] = {}
        safe = frame.filter(pl.col(TEXT).str.contains(ANSWERED_TEXT))
        for row in frame.filter(~pl.col(TEXT).str.contains(ANSWERED_TEXT))[ROW].to_list():
            fallback[row] = "characters outside ASCII and Latin-1 letters"

        def spans_of(pattern: SpanPattern) -> tuple[pl.DataFrame, list[int]]:
            indexes = [self.recognizers[position].index for position, _ in pattern.users]
            active = safe.filter(
                pl.col(RECOGNIZERS).list.eval(pl.element().is_in(indexes)).list.any()
            ).select(ROW, TEXT, RECOGNIZERS)
            return _spans(active, pattern)

        spans = []
        for pattern, (found, adjacent) in zip(self.patterns, in_threads(spans_of, self.patterns)):
            for row in adjacent:
                fallback.setdefault(row, "a match next to another")
            for position, number in pattern.users:
                index = self.recognizers[position].index
                spans.append(
                    found.filter(pl.col(RECOGNIZERS).list.contains(index))
                    .drop(RECOGNIZERS)
                    .with_columns(
                        pl.lit(position, dtype=pl.Int32).alias("position"),
                        pl.lit(number, dtype=pl.Int32).alias("pattern"),
                    )
                )
        verdicts = self._verdicts(pl.concat(spans) if spans else None, frame.select(ROW, TEXT), fallback)
        for why in fallback.values():
            counts[f"text fallback: {why}"] += 1
        answers: dict[int, tuple[CellEntity, ...] | None] = dict.fromkeys(fallback)
        found_rows: dict[int, list[tuple]] = {}
        for verdict in verdicts.rows():
            found_rows.setdefault(verdict[0], []).append(verdict[1:])
        # a value of compiled recognizers only with no valid span has no reading: answered in bulk
        rows = frame.filter(~pl.col(ROW).is_in(list(fallback))).with_columns(
            pl.col(RECOGNIZERS).list.eval(pl.element().is_in(list(self.indexes))).list.all().alias("compiled")
        )
        spanless = pl.col("compiled") & ~pl.col(ROW).is_in(list(found_rows))
        empty = rows.filter(spanless)[ROW].to_list()
        answers.update(dict.fromkeys(empty, ()))
        counts["text"] += len(empty)
        for row, text, recognizer_indexes, column, compiled in (
            rows.filter(~spanless).select(ROW, TEXT, RECOGNIZERS, COLUMN, "compiled").iter_rows()
        ):
            header = headers[column]
            found = found_rows.get(row, [])
            if compiled and all(self._text_free(verdict[0], recognizer_indexes) for verdict in found):
                # the readings follow from the spans' verdicts, the order of their ends and the header
                # alone: notes written from one template repeat them, at other places in the text
                answers[row] = self._remembered(text, header, found, recognizer_indexes)
            else:
                answers[row] = self._readings(text, header, found, recognizer_indexes)
            counts["text" if compiled else "text with Python recognizers"] += 1
        return answers

    def _text_free(self, position: int, recognizer_indexes: list[int]) -> bool:
        """Whether the recognizer at `position` keeps its spans in this value without its text."""
        needs = self.text_read_with[position]
        return needs is not None and not needs.intersection(recognizer_indexes)

    def _remembered(
        self, text: str, header: str, found: list[tuple], recognizer_indexes: list[int]
    ) -> tuple[CellEntity, ...]:
        """_readings of spans whose recognizers keep their matches without looking at the text, asked
        once per header and position-free key (_position_free) and placed at the spans' own offsets."""
        key, spans = _position_free(header, found)
        if key is None:
            return self._readings(text, header, found, recognizer_indexes)
        template = self._decided.get(key)
        if template is None:
            if len(self._decided) >= DECIDED_SPANS:
                self._decided.clear()
            readings = self._readings(text, header, found, recognizer_indexes)
            places = {span: k for k, span in enumerate(spans)}
            if any(reading.span not in places for reading in readings):  # no reading has a span of its own
                return readings
            template = self._decided[key] = tuple((reading, places[reading.span]) for reading in readings)
        return tuple(
            reading
            if reading.span == spans[k]
            else CellEntity(reading.type, reading.score, spans[k], reading.reasons, reading.flags)
            for reading, k in template
        )

    def _verdicts(
        self, spans: pl.DataFrame | None, texts: pl.DataFrame, fallback: dict[int, str]
    ) -> pl.DataFrame:
        """The valid spans with a score, of rows not left to Python, in the order the recognizers'
        `analyze` gives them: recognizer, pattern, match."""
        columns = ("position", "pattern", "start", "end", "entity", "score", "reasons", "flags")
        empty = pl.DataFrame(schema=[ROW, *columns, "value_evidence", "raised", "lowered"])
        if spans is None or spans.height == 0:
            return empty
        spans = spans.filter(~pl.col(ROW).is_in(list(fallback)))
        today = datetime.date.today()

        def checked_by(part: tuple[tuple[int], pl.DataFrame]) -> pl.DataFrame:
            (position,), own = part
            check = self.recognizers[position].check
            return pl.concat([own, check(own.select(TEXT), today)], how="horizontal")

        checked = in_threads(checked_by, _by_position(spans))
        if not checked:
            return empty
        verdicts = pl.concat(checked)
        for row in verdicts.filter(pl.col("unanswered"))[ROW].unique().to_list():
            fallback.setdefault(row, "a check the compiled one leaves to Python")
        # a verdict narrowed to part of its match (Verdict.span) is found there, as `analyze` places it
        narrowed_start = pl.col("start") + pl.col("span_start").fill_null(0)
        narrowed_end = (pl.col("start") + pl.col("span_end")).fill_null(pl.col("end"))
        valid = (
            verdicts.filter(pl.col("valid") & (pl.col("score") > 0) & ~pl.col(ROW).is_in(list(fallback)))
            .sort(ROW, "position", "pattern", "start")
            .with_columns(narrowed_start.alias("start"), narrowed_end.alias("end"))
            .select(ROW, *columns, "value_evidence")
            .with_row_index(SPAN)
        )
        return self._with_context(valid, texts, fallback).drop(SPAN)

    def _with_context(
        self, spans: pl.DataFrame, texts: pl.DataFrame, fallback: dict[int, str]
    ) -> pl.DataFrame:
        """`spans` with the context words that decide them (vectorised_context): `raised` and `lowered`,
        the index of the positive or negative word in the recognizer's list, both null where the header
        decides. A span near a phrase of the lists leaves its value to Python."""
        enhancer = self.detector.analyzer.context_aware_enhancer
        words = words_around(spans.join(texts, on=ROW).select(SPAN, TEXT, "start", "end"), enhancer.window)
        words = words.join(spans.select(SPAN, "position"), on=SPAN)

        def decided_for(part: tuple[tuple[int], pl.DataFrame]) -> pl.DataFrame:
            (position,), own = part
            recognizer = self.detector.recognizers[self.recognizers[position].index]
            positive, negative, _ = enhancer._matchers(recognizer)
            return decide(own, positive, negative)

        decisions = in_threads(decided_for, _by_position(words))
        if not decisions:
            return spans.with_columns(
                pl.lit(None, dtype=pl.Int32).alias(name) for name in ("raised", "lowered")
            )
        decided = spans.join(pl.concat(decisions), on=SPAN, how="left").sort(SPAN)
        for row in decided.filter(pl.col("phrase").fill_null(False))[ROW].unique().to_list():
            fallback.setdefault(row, "a multi-word context phrase near a match")
        return decided.filter(~pl.col(ROW).is_in(list(fallback))).drop("phrase")

    def _context(
        self,
        position: int,
        entity: str,
        score: float,
        value_evidence: bool,
        raised: int | None,
        lowered: int | None,
        header: str,
    ) -> tuple[float, str | None]:
        """The score and context reason of a span of the recognizer at `position`, given the context word
        the polars plan found (`raised`, `lowered`: its index in the positive or negative list; neither:
        the header decides): the enhancer's own _raise, _lower and _apply, once per distinct question."""
        key = (position, entity, score, value_evidence, raised, lowered, header)
        if key not in self._contexts:
            enhancer = self.detector.analyzer.context_aware_enhancer
            recognizer = self.detector.recognizers[self.recognizers[position].index]
            metadata: dict[str, object] = {VALUE_EVIDENCE_KEY: True} if value_evidence else {}
            result = RecognizerResult(entity, 0, 1, score, None, metadata)
            positive, negative, _ = enhancer._matchers(recognizer)
            if raised is not None:
                word = positive.words[raised]
                enhancer._raise(result, f"text word '{word}'", word)
            elif lowered is not None:
                enhancer._lower(result, f"text word '{negative.words[lowered]}' (negative)")
            else:
                enhancer._apply(result, recognizer, [], [], header_words(header))
            self._contexts[key] = (result.score, result.recognition_metadata.get(CONTEXT_KEY))
        return self._contexts[key]

    def _readings(
        self, text: str, header: str, verdicts: list[tuple], recognizer_indexes: list[int]
    ) -> tuple[CellEntity, ...]:
        """Detector._analyze_fast's steps after the compiled recognizers' checks, on the found spans:
        each recognizer's without_duplicates and `standing`, then context, without_duplicates across
        recognizers, one_national_reading and _best_per_type. A recognizer at `recognizer_indexes` that
        is not compiled analyses `text` in Python, as in _analyze_fast."""
        detector = self.detector
        found: dict[int, list[RecognizerResult]] = {}
        context: dict[int, tuple] = {}  # id(result) -> what _context asks
        for (
            position,
            pattern,
            start,
            end,
            entity,
            raw,
            reasons,
            flags,
            value_evidence,
            raised,
            lowered,
        ) in verdicts:
            compiled = self.recognizers[position]
            recognizer = detector.recognizers[compiled.index]
            metadata: dict[str, object] = {
                RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
                REASONS_KEY: [
                    f"{recognizer.name}: pattern '{compiled.pattern_names[pattern]}'",
                    *(reasons.split(SEPARATOR) if reasons else ()),
                ],
            }
            if flags:
                metadata[FLAGS_KEY] = dict(
                    (flag.split("=", 1)[0], flag.split("=", 1)[1]) if "=" in flag else (flag, True)
                    for flag in flags.split(SEPARATOR)
                )
            if value_evidence:
                metadata[VALUE_EVIDENCE_KEY] = True
            result = RecognizerResult(entity, start, end, raw, None, metadata)
            context[id(result)] = (position, entity, raw, value_evidence, raised, lowered, header)
            found.setdefault(compiled.index, []).append(result)
        enhancer = detector.analyzer.context_aware_enhancer
        results = []
        for index in recognizer_indexes:
            recognizer = detector.recognizers[index]
            if index not in self.indexes:
                analysed = recognizer.analyze(text, detector.all_entities, None)
                results += enhancer.enhance_using_context(text, analysed, None, [recognizer], [header])
                continue
            # the recognizer's analyze: its duplicates removed and `standing` at the raw scores, then context
            for result in recognizer.standing(text, without_duplicates(found.get(index, []))):
                result.score, why = self._context(*context[id(result)])
                if why is not None:
                    result.recognition_metadata[CONTEXT_KEY] = why
                results.append(result)
        results = without_duplicates(results)
        threshold = detector.threshold
        return _best_per_type(one_national_reading(results, threshold, detector.own_words), threshold)


def _by_position(frame: pl.DataFrame) -> list[tuple[tuple[int], pl.DataFrame]]:
    """The rows of `frame` per recognizer position, in the positions' order: one pass over the frame,
    not one filter per compiled recognizer."""
    return sorted(frame.partition_by("position", as_dict=True).items(), key=lambda part: part[0])


def _text_read_with(detector: Detector, recognizer: object) -> frozenset[int] | None:
    """The detector indexes whose candidate makes `recognizer`'s standing read a value's text; None
    when its standing always may."""
    if type(recognizer).standing is CheckedPatternRecognizer.standing:
        return frozenset()
    reads = type(recognizer).STANDING_READS_TEXT_OF
    if reads is None:
        return None
    indexes = frozenset(i for i, other in enumerate(detector.recognizers) if isinstance(other, reads))
    # without the other recognizer in the detector its candidate is never looked for
    return indexes or None


def _position_free(header: str, found: list[tuple]) -> tuple[tuple | None, list[tuple[int, int]]]:
    """The key under which the readings of a value's span verdicts (`found`) are remembered, and the
    spans. The readings' steps (without_duplicates, one_national_reading, _best_per_type) compare span
    ends with each other only (<, <=, ==; a length only between spans of one start), so each end is
    replaced by its rank among all of them. None when two verdicts have one span and one type:
    remove_duplicates keeps one of two such results (of equal scores, they are equal) by the set order
    of their hashes, which hold the offsets."""
    spans = [verdict[START : END + 1] for verdict in found]
    if len(found) == 1 and found[0][START] < found[0][END]:  # most notes: one span, ranked 0 and 1
        verdict = found[0]
        return (header, ((*verdict[:START], 0, 1, *verdict[END + 1 :]),)), spans
    if len({verdict[START : ENTITY + 1] for verdict in found}) != len(found):
        return None, spans
    rank = {end: k for k, end in enumerate(sorted({end for span in spans for end in span}))}
    key = tuple(
        (*verdict[:START], rank[verdict[START]], rank[verdict[END]], *verdict[END + 1 :]) for verdict in found
    )
    return (header, key), spans


def _spans(frame: pl.DataFrame, pattern: SpanPattern) -> tuple[pl.DataFrame, list[int]]:
    """The matches of `pattern`'s span regex in each TEXT of `frame`: ROW, RECOGNIZERS, start and end in
    characters, TEXT the match; and the rows where Python may find a match the Rust engine missed: one
    whose body and lookahead (`at_start`) match at a position between a found match's end and the next
    found match's start, within ADJACENT characters of that end (its lead would have started inside the
    found match's trail), at a character it can start with (`first`). Beyond them, or where nothing of
    the pattern starts there ("912 34 567 eller 98 76 54 32": the second number is found), the found
    matches are Python's."""
    regex, at_start, first = pattern.regex, pattern.at_start, pattern.first
    marked = frame.select(
        ROW,
        RECOGNIZERS,
        pl.col(TEXT)
        .str.replace_all(regex, f"${{{LEAD}}}{MATCH_START}${{{BODY}}}{MATCH_END}${{{TRAIL}}}")
        .str.split(MATCH_START)
        .alias("piece"),
    ).filter(pl.col("piece").list.len() > 1)
    # piece 0 is the text before the first match; piece k > 0 is match k, MATCH_END, the text up to the next
    pieces = (
        marked.with_columns(pl.int_ranges(pl.col("piece").list.len(), dtype=pl.Int32).alias("k"))
        .explode("piece", "k")
        .with_columns(pl.col("piece").str.splitn(MATCH_END, 2).struct.rename_fields(["match", "after"]))
        .unnest("piece")
        .with_columns(
            (pl.col("match").str.len_chars() + pl.col("after").str.len_chars().fill_null(0)).alias("chars")
        )
        .with_columns((pl.col("chars").cum_sum().over(ROW) - pl.col("chars")).alias("start"))
        .filter(pl.col("k") > 0)
        .with_columns((pl.col("start") + pl.col("match").str.len_chars()).alias("end"))
    )
    found = pieces.select(ROW, RECOGNIZERS, "start", "end", pl.col("match").alias(TEXT))
    # `after` is the text from a match's end to the next match's start (or the text's end)
    near = pieces.filter(pl.col("after").str.slice(0, ADJACENT).str.contains(first)).select(
        ROW, "end", pl.col("after").str.slice(0, ADJACENT)
    )
    offset = pl.col("offset")
    starts = (
        near.with_columns(pl.int_ranges(pl.col("after").str.len_chars(), dtype=pl.Int32).alias("offset"))
        .explode("offset")
        .filter(pl.col("after").str.slice(offset, 1).str.contains(first))
        .join(frame.select(ROW, TEXT), on=ROW)
        .filter(pl.col(TEXT).str.slice(pl.col("end") + offset).str.contains(at_start))
    )
    return found, starts[ROW].unique().to_list()
