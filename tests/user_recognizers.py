"""Recognizers as a user would write them in their own package, loaded by dotted path from a registry file
(tests/test_registry.py): the README's "Adding a recognizer" example, and a plain Presidio recognizer.
"""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer
from stdnum.ee import ik

from recognizers.base import SCAN_LANGUAGE, DeclaredRecognizer, Verdict
from recognizers.candidates import rust_candidate
from recognizers.national_ids import DECOY_WORDS, END, START, NationalIdRecognizer, context_for


def validate(number: str) -> Verdict:
    """The verdict for an Estonian isikukood; raises stdnum's ValidationError naming what failed.

    >>> validate("38501011239").reasons
    ('birth date valid', 'check digit valid')
    >>> validate("38501011238")
    Traceback (most recent call last):
        ...
    stdnum.exceptions.InvalidChecksum: The number's checksum or check digit is invalid.
    """
    ik.validate(number)
    return Verdict(valid=True, reasons=("birth date valid", "check digit valid"))


class EeIsikukoodRecognizer(NationalIdRecognizer):
    """Estonian isikukood, GYYMMDDSSSC: G the century and sex (1-6), the birth date, a serial and a
    check digit (python-stdnum's `ee.ik`)."""

    ENTITIES = {"EE_ISIKUKOOD": "NATIONAL_ID"}
    PATTERNS = [Pattern("isikukood", START + r"[1-6][0-9]{10}" + END, 0.5)]
    CONTEXT = context_for(("isikukood",))
    NEGATIVE_CONTEXT = DECOY_WORDS
    CANDIDATE = rust_candidate(PATTERNS)
    validate = staticmethod(validate)


class DocumentNumberRecognizer(DeclaredRecognizer, PatternRecognizer):
    """A plain Presidio PatternRecognizer, with no `check` and no CANDIDATE: a made-up document number of
    two capital letters and seven digits."""

    ENTITIES = {"TEST_DOCUMENT_NUMBER": "NATIONAL_ID"}

    def __init__(self) -> None:
        super().__init__(
            supported_entity="TEST_DOCUMENT_NUMBER",
            patterns=[Pattern("document number", r"\b[A-Z]{2}[0-9]{7}\b", 0.6)],
            supported_language=SCAN_LANGUAGE,
        )


class UndeclaredRecognizer(DeclaredRecognizer, PatternRecognizer):
    """Reports a type its ENTITIES do not declare: the registry refuses it."""

    ENTITIES = {"TEST_DECLARED": "OTHER"}

    def __init__(self) -> None:
        super().__init__(
            supported_entity="TEST_UNDECLARED",
            patterns=[Pattern("x", r"\bX[0-9]{3}\b", 0.6)],
            supported_language=SCAN_LANGUAGE,
        )


class NotDeclaredPresidioRecognizer(PatternRecognizer):
    """A Presidio recognizer without DeclaredRecognizer: its types have no category."""

    def __init__(self) -> None:
        super().__init__(supported_entity="TEST_PLAIN", patterns=[Pattern("x", r"\bY[0-9]{3}\b", 0.6)])
