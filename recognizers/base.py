"""The shape every ccscan recognizer shares: a Presidio PatternRecognizer whose matches are checked by
a pure function that says what the match is and why.

A recognizer declares data (`ENTITIES` with their categories, `PATTERNS`, `CONTEXT`, `CANDIDATE`) and
one pure method, `check`. Presidio finds pattern matches; `check` turns each into a `Verdict` (drop it,
or keep it with an entity type, a score and the reasons). The reasons travel in `recognition_metadata`
so that a report can explain every score.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

import regex
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.pattern_recognizer import REGEX_TIMEOUT_SECONDS

from recognizers.column_statistics import ColumnCheck

REASONS_KEY = "ccscan_reasons"
FLAGS_KEY = "ccscan_flags"
# Set on a result whose value carries its own evidence: negative context does not lower it.
VALUE_EVIDENCE_KEY = "ccscan_value_evidence"

# Recognizers are registered under one analysis language: every recognizer carries context words in all
# six languages, so a cell need not be language-detected first.
SCAN_LANGUAGE = "xx"


@dataclass(frozen=True)
class Verdict:
    """What `check` decided about one matched text.

    `entity` None keeps the recognizer's first supported entity; `score` None keeps the pattern's score.
    `reasons` are short, value-free phrases ("mod 11 check digits valid"); `flags` are extra facts
    (for example {"test_identifier": True}). `span` narrows the result to part of the matched text
    (start and end offsets within it), for patterns that match a cue word together with the entity.
    `value_evidence` says the value proves its type by itself (a phone written with a "+"/"00" calling
    code that the numbering plan accepts): a negative context word (an order word, a `customer_number`
    header) does not lower such a match.
    """

    valid: bool
    entity: str | None = None
    score: float | None = None
    reasons: tuple[str, ...] = ()
    flags: dict[str, object] = field(default_factory=dict)
    span: tuple[int, int] | None = None
    value_evidence: bool = False


REJECT = Verdict(valid=False)


class DeclaredRecognizer:
    """What a recognizer class declares for the registry and the scanner, with the defaults of one that
    declares only its entity types. Mixed into a Presidio recognizer class, ahead of it:
    `class MyRecognizer(DeclaredRecognizer, PatternRecognizer)`.

    - `ENTITIES`: {entity type: category}, every type the recognizer can report with its category, one
      of `recognizers.entities.CATEGORIES` (as detect-secrets' plugins declare `secret_type`). The
      registry refuses a recognizer that reports a type it does not declare (recognizers/registry.py).
    - `CANDIDATE`: a regex in the Rust `regex` dialect that matches every text any pattern could match
      (a superset); the scanner uses it on whole columns so that cells without a candidate never reach
      Python. `recognizers.candidates.rust_candidate(PATTERNS)` derives it from the patterns. Empty
      (the default): the fast engine cannot prefilter for this recognizer and analyses every cell with
      Presidio's whole pipeline, as the reference engine does.
    - `BARE_NUMBER_CEILINGS`: {digit count: the highest score the recognizer gives a text that is that
      many digits and nothing else}, for the counts where it is below what the pattern can reach
      written out; empty by default. A cell that is only a number has no word around it, so without a
      context word in its column header its score cannot rise: where the ceiling is below the threshold
      the scanner does not send such cells to this recognizer (tests/test_candidates.py checks every
      ceiling).
    - `CONTEXT_FREE_CEILING`: the highest score the recognizer gives any match, for a recognizer whose
      every match needs a context word to be reported; None by default. Only a context word in the cell
      or the header can then lift a match over the threshold: the scanner sends the recognizer only the
      cells that hold one of its context words (`recognizers.context.ContextMatcher.needles`) unless the
      header holds one (tests/test_candidates.py checks every ceiling).
    - `COLUMN_CHECK`: the check its bare candidates pass, for column statistics
      (`recognizers.column_statistics`), optional. A bare candidate below the threshold is then kept
      by the scanner, counted per column and shape, and reported when the column's pass rate says the
      column holds identifiers. A bare cell that passes the check's `digit_sums` is never skipped by
      BARE_NUMBER_CEILINGS (those cells must reach the recognizer); one that fails it can only score
      under the ceiling and is skipped as before.
    """

    ENTITIES: ClassVar[Mapping[str, str]] = {}
    CANDIDATE: ClassVar[str] = ""
    BARE_NUMBER_CEILINGS: ClassVar[Mapping[int, float]] = {}
    CONTEXT_FREE_CEILING: ClassVar[float | None] = None
    COLUMN_CHECK: ClassVar[ColumnCheck | None] = None


class CheckedPatternRecognizer(DeclaredRecognizer, PatternRecognizer):
    """A PatternRecognizer whose every match goes through `check`.

    Subclasses set, besides what `DeclaredRecognizer` declares (`ENTITIES`: the types `check` may
    return, the first the default; `CANDIDATE` and the ceilings):
    - `PATTERNS`: Presidio patterns (Python `re`, word-bounded so that a longer digit run never matches
      in part);
    - `CONTEXT`: context words (see `recognizers.context_words`);
    - `NEGATIVE_CONTEXT`: words that lower the score (order, invoice …), optional;
    - `NEGATIVE_HEADER`: words that lower it only in the column header (an address header: a name
      there is a place), optional.
    """

    PATTERNS: ClassVar[list[Pattern]] = []
    CONTEXT: ClassVar[tuple[str, ...]] = ()
    NEGATIVE_CONTEXT: ClassVar[tuple[str, ...]] = ()
    NEGATIVE_HEADER: ClassVar[tuple[str, ...]] = ()

    def __init__(self, supported_language: str = SCAN_LANGUAGE, **kwargs: object) -> None:
        super().__init__(
            supported_entity=next(iter(self.ENTITIES)),
            patterns=list(self.PATTERNS),
            context=list(self.CONTEXT),
            supported_language=supported_language,
            name=type(self).__name__,
            **kwargs,
        )
        self.supported_entities = list(self.ENTITIES)
        self.negative_context = list(self.NEGATIVE_CONTEXT)
        self.negative_header = list(self.NEGATIVE_HEADER)

    def check(self, text: str) -> Verdict:
        """Decide what `text`, one pattern match, is. Pure: no state, no I/O."""
        raise NotImplementedError

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: object = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Pattern matches that pass `check`, with the verdict's entity, score, reasons and flags.

        Replaces PatternRecognizer's loop (same `regex` engine and flags): each match is checked before
        duplicates are removed, so a valid short match is not lost to an invalid longer one.
        """
        flags = regex_flags or self.global_regex_flags
        results = []
        for pattern in self.patterns:
            if pattern.compiled_regex is None or pattern.compiled_with_flags != flags:
                pattern.compiled_regex = regex.compile(pattern.regex, flags=flags)
                pattern.compiled_with_flags = flags
            for match in pattern.compiled_regex.finditer(text, timeout=REGEX_TIMEOUT_SECONDS):
                start, end = match.span()
                if start == end:
                    continue
                verdict = self.check(text[start:end])
                entity = verdict.entity or self.supported_entities[0]
                score = pattern.score if verdict.score is None else verdict.score
                if not verdict.valid or score <= 0 or (entities and entity not in entities):
                    continue
                if verdict.span is not None:
                    start, end = start + verdict.span[0], start + verdict.span[1]
                explanation = self.build_regex_explanation(
                    self.name, pattern.name, pattern.regex, score, True, flags
                )
                metadata = {
                    RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                    REASONS_KEY: [f"{self.name}: pattern '{pattern.name}'", *verdict.reasons],
                }
                if verdict.flags:
                    metadata[FLAGS_KEY] = dict(verdict.flags)
                if verdict.value_evidence:
                    metadata[VALUE_EVIDENCE_KEY] = True
                results.append(RecognizerResult(entity, start, end, score, explanation, metadata))
        return self.standing(text, without_duplicates(results))

    # A recognizer whose `standing` looks at the text only where another recognizer's candidate matches
    # it names that recognizer here (the phone's: an IBAN around its digits); elsewhere its standing
    # depends on the spans alone. The vectorised engine remembers such readings (vectorised_text).
    STANDING_READS_TEXT_OF: ClassVar[type | None] = None

    def standing(self, text: str, results: list[RecognizerResult]) -> list[RecognizerResult]:
        """Of the checked matches in `text` (duplicates removed), those that stand: all of them, unless
        the recognizer knows better (a phone inside another phone). The vectorised engine calls it too."""
        del text
        return results


def without_duplicates(results: list[RecognizerResult]) -> list[RecognizerResult]:
    """EntityRecognizer.remove_duplicates, answered at once for none or one result (the usual case)."""
    if len(results) <= 1:
        return [result for result in results if result.score != 0]
    return EntityRecognizer.remove_duplicates(results)
