"""The detector: Presidio's analyzer, plus the candidate pattern that keeps most cells out of Python.

Every ccscan recognizer declares `CANDIDATE`, a Rust-regex superset of what its patterns can match.
Their union is run on whole columns by polars; only cells that match it are analysed by Presidio, so
the findings equal those of running Presidio on every cell (see tests/test_engine_equivalence.py).
A recognizer without `CANDIDATE` (for example spaCy NER with `--nlp-model`) makes every non-empty cell a
candidate.
"""

from __future__ import annotations

from dataclasses import dataclass

from presidio_analyzer import AnalyzerEngine, RecognizerResult

from recognizers.analyzer import build_analyzer
from recognizers.base import FLAGS_KEY, REASONS_KEY, SCAN_LANGUAGE
from recognizers.context import CONTEXT_KEY


@dataclass(frozen=True)
class CellEntity:
    """An entity found in one cell: its type, best score, and the value-free reasons for that score."""

    type: str
    score: float
    span: tuple[int, int]
    reasons: tuple[str, ...]
    flags: tuple[str, ...]


def candidate_pattern(analyzer: AnalyzerEngine) -> str | None:
    """The union of the recognizers' candidate patterns, or None when one of them has none."""
    patterns = []
    for recognizer in analyzer.registry.recognizers:
        pattern = getattr(recognizer, "CANDIDATE", "")
        if not pattern:
            return None
        patterns.append(f"(?:{pattern})")
    return "|".join(dict.fromkeys(patterns)) if patterns else None


def _reasons(result: RecognizerResult) -> tuple[str, ...]:
    metadata = result.recognition_metadata or {}
    reasons = list(metadata.get(REASONS_KEY, ()))
    if CONTEXT_KEY in metadata:
        reasons.append(f"context: {metadata[CONTEXT_KEY]}")
    return tuple(reasons)


def _flags(result: RecognizerResult) -> tuple[str, ...]:
    flags = (result.recognition_metadata or {}).get(FLAGS_KEY, {})
    return tuple(sorted(f"{key}={value}" if value is not True else key for key, value in flags.items()))


class Detector:
    """Analyse one cell with Presidio; holds no state but the engine and the threshold."""

    def __init__(self, analyzer: AnalyzerEngine, threshold: float) -> None:
        self.analyzer = analyzer
        self.threshold = threshold
        self.candidate_pattern = candidate_pattern(analyzer)

    def analyze_cell(self, value: str, header: str) -> list[CellEntity]:
        """The entities in `value`, one per type (its best match), with `header` as context."""
        results = self.analyzer.analyze(
            value, language=SCAN_LANGUAGE, context=[header], score_threshold=self.threshold
        )
        best: dict[str, RecognizerResult] = {}
        for result in results:
            current = best.get(result.entity_type)
            if current is None or (result.score, -result.start) > (current.score, -current.start):
                best[result.entity_type] = result
        return [
            CellEntity(r.entity_type, round(r.score, 4), (r.start, r.end), _reasons(r), _flags(r))
            for r in sorted(best.values(), key=lambda r: r.entity_type)
        ]


def build_detector(threshold: float, nlp_model: str | None = None) -> Detector:
    """A detector over ccscan's offline analyzer."""
    return Detector(build_analyzer(nlp_model), threshold)
