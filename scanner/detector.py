"""The detector: Presidio's analyzer, plus the candidate patterns that keep most cells out of Python.

Every ccscan recognizer declares `CANDIDATE`, a Rust-regex superset of what its patterns can match
(recognizers/base.py `DeclaredRecognizer`, the contract the detector reads).
The fast engine runs them on whole columns with polars; of the cells that match one, each distinct
value is analysed once, by the same Presidio recognizers and context enhancer, but only by the
recognizers whose candidate matched it and without the spaCy pass (ccscan's recognizers and enhancer
read the raw text). The reference engine
analyses every non-empty cell with the full Presidio pipeline. Both give the same findings
(tests/test_engine_equivalence.py). A recognizer without `CANDIDATE` (spaCy NER with `--nlp-model`, a
user's plain Presidio recognizer) makes the fast engine fall back to the reference path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from presidio_analyzer import AnalyzerEngine, RecognizerResult

from recognizers.analyzer import build_analyzer
from recognizers.base import FLAGS_KEY, REASONS_KEY, SCAN_LANGUAGE, without_duplicates
from recognizers.column_statistics import ColumnCheck
from recognizers.context import CONTEXT_KEY, context_matcher, header_words
from recognizers.context_words import SHARED_NATIONAL_ID
from recognizers.entities import category_of
from recognizers.registry import RecognizerEntry, build_recognizers

NATIONAL_ID, BUSINESS_ID = "NATIONAL_ID", "BUSINESS_ID"

ENGINES = ("fast", "reference")
# Short values (phones, IDs) repeat across the batches of one export; call notes hardly do. On the
# 400 000-row benchmark export (1 worker), an LRU of values of at most 32 characters answered 57 012
# of 449 904 asks with 65 536 entries and 180 997 with 262 144: 123 985 fewer analyses, 78.9 → 72.0 s
# of analysis CPU and 123.8 → 114.6 s for the whole scan, for 64 MiB more peak RSS (516 → 580 MiB,
# with CellEntity slotted). Full, it holds about 85 MiB; a worker process holds its own.
CACHED_VALUES = 262_144
CACHED_VALUE_CHARS = 32


@dataclass(frozen=True, slots=True)
class CellEntity:
    """An entity found in one cell: its type, best score, and the value-free reasons for that score."""

    type: str
    score: float
    span: tuple[int, int]
    reasons: tuple[str, ...]
    flags: tuple[str, ...]


# Reasons and flags are value-free phrases from a small set; remembered answers share one copy of each.
_SHARED: dict[tuple[str, ...], tuple[str, ...]] = {}


def _shared(phrases: tuple[str, ...]) -> tuple[str, ...]:
    return _SHARED.setdefault(phrases, phrases)


def _reasons(result: RecognizerResult) -> tuple[str, ...]:
    metadata = result.recognition_metadata or {}
    reasons = list(metadata.get(REASONS_KEY, ()))
    if CONTEXT_KEY in metadata:
        reasons.append(f"context: {metadata[CONTEXT_KEY]}")
    return _shared(tuple(reasons))


def _flags(result: RecognizerResult) -> tuple[str, ...]:
    flags = (result.recognition_metadata or {}).get(FLAGS_KEY, {})
    return _shared(
        tuple(sorted(f"{key}={value}" if value is not True else key for key, value in flags.items()))
    )


class Detector:
    """Analyse one cell with Presidio; holds no state but the engine, the threshold and the patterns."""

    def __init__(self, analyzer: AnalyzerEngine, threshold: float, engine: str = "fast") -> None:
        if engine not in ENGINES:
            raise ValueError(f"unknown engine {engine!r} (expected one of {', '.join(ENGINES)})")
        self.analyzer = analyzer
        self.threshold = threshold
        # DeclaredRecognizers all (build_analyzer checks it): the attributes below are their contract
        self.recognizers = analyzer.registry.get_recognizers(SCAN_LANGUAGE, all_fields=True)
        self.fast = engine == "fast" and all(r.CANDIDATE for r in self.recognizers)
        self.candidate_patterns: tuple[str, ...] = (
            tuple(r.CANDIDATE for r in self.recognizers) if self.fast else ()
        )
        self.all_entities = analyzer.get_supported_entities(SCAN_LANGUAGE)
        # entity type -> the check its bare candidates pass (column statistics), and those checks once
        self.column_checks: dict[str, ColumnCheck] = {
            entity: recognizer.COLUMN_CHECK
            for recognizer in self.recognizers
            if getattr(recognizer, "COLUMN_CHECK", None) is not None
            for entity in recognizer.supported_entities
        }
        self.checks: tuple[ColumnCheck, ...] = tuple(dict.fromkeys(self.column_checks.values()))
        self.recognizer_checks: tuple[ColumnCheck | None, ...] = tuple(
            getattr(recognizer, "COLUMN_CHECK", None) for recognizer in self.recognizers
        )
        # entity type -> the context words that name its identifier alone (not shared with another's)
        shared = set(SHARED_NATIONAL_ID)
        self.own_words: dict[str, frozenset[str]] = {
            entity: frozenset(word for word in recognizer.context or () if word not in shared)
            for recognizer in self.recognizers
            for entity in recognizer.supported_entities
            if category_of(entity) == NATIONAL_ID
        }
        # bounded: at most CACHED_VALUES answers of at most CACHED_VALUE_CHARS characters each
        self._cached = lru_cache(maxsize=CACHED_VALUES)(self._analyze_fast)

    def _header_lacks_context(self, header: str) -> list[bool]:
        """Per recognizer: the column header holds none of its context words, so that only words in
        the cell itself can raise its scores."""
        words = header_words(header)
        return [
            not context_matcher(tuple(recognizer.context or ())).find_in_header(words)
            for recognizer in self.recognizers
        ]

    def bare_number_skips(self, header: str) -> tuple[tuple[int, ...], ...]:
        """Per recognizer (in `candidate_patterns` order), the digit counts of cells that are one bare
        number it cannot report in a column with this header: its ceiling for that count is below the
        threshold and the header holds none of its context words (the only words such a cell has)."""
        return tuple(
            tuple(
                sorted(
                    n for n, ceiling in recognizer.BARE_NUMBER_CEILINGS.items() if ceiling < self.threshold
                )
            )
            if lacks_context
            else ()
            for recognizer, lacks_context in zip(self.recognizers, self._header_lacks_context(header))
        )

    def context_needles(self, header: str) -> tuple[tuple[str, ...] | None, ...]:
        """Per recognizer (in `candidate_patterns` order), the lowercase texts of which a cell must hold
        one to be worth sending to it in a column with this header: its context words, for a recognizer
        whose every match needs one (its CONTEXT_FREE_CEILING is below the threshold) when the header
        holds none; None (no condition) otherwise."""
        needles: list[tuple[str, ...] | None] = []
        for recognizer, lacks_context in zip(self.recognizers, self._header_lacks_context(header)):
            ceiling = recognizer.CONTEXT_FREE_CEILING
            needed = lacks_context and ceiling is not None and ceiling < self.threshold
            needles.append(context_matcher(tuple(recognizer.context or ())).needles() if needed else None)
        return tuple(needles)

    def _fast_results(self, value: str, header: str, recognizer_indexes: list[int]) -> list[RecognizerResult]:
        """AnalyzerEngine.analyze's steps for ccscan's recognizers, without what they do not use: the
        spaCy pass and the registry lookup (only the recognizers whose candidate matched can match)."""
        selected = [self.recognizers[index] for index in recognizer_indexes]
        raw = [
            result for recognizer in selected for result in recognizer.analyze(value, self.all_entities, None)
        ]
        if not raw:
            return []
        enhanced = self.analyzer.context_aware_enhancer.enhance_using_context(
            value, raw, None, selected, [header]
        )
        return without_duplicates(enhanced)

    def analyze_cell(
        self, value: str, header: str, recognizer_indexes: list[int] | None = None
    ) -> tuple[CellEntity, ...]:
        """The entities in `value` at or above the threshold, one per type (its best match), with
        `header` as context (see `analyze_cell_readings`)."""
        return tuple(
            entity
            for entity in self.analyze_cell_readings(value, header, recognizer_indexes)
            if entity.score >= self.threshold
        )

    def analyze_cell_readings(
        self, value: str, header: str, recognizer_indexes: list[int] | None = None
    ) -> tuple[CellEntity, ...]:
        """Every reading of `value` a recognizer's check accepted, one per type (its best match), at any
        score: those at or above the threshold are findings, those below are candidates without enough
        evidence, which column statistics and the `possible` tier count (scanner/batch_scan.py).

        The fast engine analyses with the recognizers at `recognizer_indexes` (those whose candidate
        matched), and remembers the answers for short values: batches of one export repeat phone
        numbers and IDs (see CACHED_VALUES). The reference engine runs Presidio's whole pipeline with
        every recognizer, on every call.
        """
        if self.fast and recognizer_indexes is not None:
            if len(value) <= CACHED_VALUE_CHARS:
                return self._cached(value, header, tuple(recognizer_indexes))
            return self._analyze_fast(value, header, tuple(recognizer_indexes))
        results = self.analyzer.analyze(value, language=SCAN_LANGUAGE, context=[header], score_threshold=0.0)
        return _best_per_type(one_national_reading(results, self.threshold, self.own_words), self.threshold)

    def _analyze_fast(
        self, value: str, header: str, recognizer_indexes: tuple[int, ...]
    ) -> tuple[CellEntity, ...]:
        results = self._fast_results(value, header, list(recognizer_indexes))
        return _best_per_type(one_national_reading(results, self.threshold, self.own_words), self.threshold)


def _evidence(result: RecognizerResult, own_words: dict[str, frozenset[str]]) -> tuple[int, float]:
    """How well a national-ID reading is supported: 2 when a context word (text or header) names its own
    identifier ("cpr" for DK_CPR), 1 for a shared word ("personnummer", "identity verified"), 0 for
    none; then its score."""
    why = (result.recognition_metadata or {}).get(CONTEXT_KEY, "")
    if not why or why.endswith("(negative)"):
        return 0, result.score
    word = why.split("'")[1] if why.count("'") >= 2 else ""
    return (2 if word in own_words.get(result.entity_type, ()) else 1), result.score


def one_national_reading(
    results: list[RecognizerResult], threshold: float, own_words: dict[str, frozenset[str]]
) -> list[RecognizerResult]:
    """The results less the national-ID readings (at or above `threshold`) that overlap a better-supported
    one: the same digits read as a CPR and as a kennitala are one of them, the one whose own word is
    next to them (a "cpr" header, "kt."), else the one with the better score. Equally supported
    readings are all kept: nothing tells them apart."""
    readings = [r for r in results if category_of(r.entity_type) == NATIONAL_ID and r.score >= threshold]
    if len(readings) < 2:
        return results
    beaten = {
        id(r)
        for r in readings
        for other in readings
        if other.entity_type != r.entity_type
        and other.start < r.end
        and r.start < other.end
        and _evidence(other, own_words) > _evidence(r, own_words)
    }
    return [r for r in results if id(r) not in beaten]


def _best_per_type(results: list[RecognizerResult], threshold: float) -> tuple[CellEntity, ...]:
    """One entity per type: its best-scoring result, the first of equals. A business ID whose text is
    also read as a person's identity number (at or above `threshold`) is left out: "550412-1234" is a
    Swedish personnummer of 1955 and, by the shape of its digits, an Icelandic organisation's kennitala;
    the person's reading is the one that must be protected, and reporting both put business IDs in
    national-ID columns."""
    personal = [r for r in results if category_of(r.entity_type) == NATIONAL_ID and r.score >= threshold]
    best: dict[str, RecognizerResult] = {}
    for result in results:
        if category_of(result.entity_type) == BUSINESS_ID and any(
            p.start <= result.start and result.end <= p.end for p in personal
        ):
            continue  # before the best is chosen: another organisation number in the cell still counts
        current = best.get(result.entity_type)
        if current is None or (result.score, -result.start) > (current.score, -current.start):
            best[result.entity_type] = result
    return tuple(
        CellEntity(r.entity_type, round(r.score, 4), (r.start, r.end), _reasons(r), _flags(r))
        for r in sorted(best.values(), key=lambda r: r.entity_type)
    )


def build_detector(
    threshold: float,
    nlp_model: str | None = None,
    engine: str = "fast",
    recognizers: Sequence[RecognizerEntry] | None = None,
) -> Detector:
    """A detector over ccscan's offline analyzer, with the `recognizers` of a resolved registry
    (recognizers/registry.py `resolve_registry`) or the default ones."""
    return Detector(build_analyzer(nlp_model, build_recognizers(recognizers)), threshold, engine)
