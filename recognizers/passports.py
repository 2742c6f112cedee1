"""Passport numbers of Sweden (8 digits), Denmark (9 digits) and Finland (2 letters + 7 digits).

None of them has a check digit, so the shape proves nothing: a match scores 0.1 and only a passport word
nearby or in the column header (pass, passnummer, passport, passi, vegabréf …) lifts it, to 0.6.
A run of one repeated digit is never a passport number.

>>> check_passport("XP1234567").entity
'FI_PASSPORT'
>>> check_passport("xp1234567").valid  # Finnish passport letters are capitals
False
"""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers.base import REJECT, CheckedPatternRecognizer, Verdict
from recognizers.candidates import rust_candidate
from recognizers.context_words import PASSPORT

SCORE = 0.1

DIGITS_ONLY_ENTITY: dict[int, str] = {8: "SE_PASSPORT", 9: "DK_PASSPORT"}

# Not inside a word, not after "+" or "-", not the tail of a decimal, time or date ("1.5", "10:22").
_START = r"(?<![\w+\-])(?<!\d[.,:/])"
_END = r"(?!\w|[.,:/]\d|-\w)"


def check_passport(text: str) -> Verdict:
    """The passport type `text`'s shape fits; no checksum exists, so the shape is all there is."""
    if text.isdigit():
        entity = DIGITS_ONLY_ENTITY.get(len(text))
    else:
        entity = "FI_PASSPORT" if text[:2].isupper() else None
    if entity is None or len(set(text[-7:])) == 1:
        return REJECT
    reasons = ("passport shape, no checksum: needs context",)
    return Verdict(valid=True, entity=entity, score=SCORE, reasons=reasons)


class NordicPassportRecognizer(CheckedPatternRecognizer):
    """SE, DK and FI passport numbers, reported only with a passport word or header."""

    ENTITIES: ClassVar[dict[str, str]] = dict.fromkeys(
        ("SE_PASSPORT", "DK_PASSPORT", "FI_PASSPORT"), "NATIONAL_ID"
    )
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("passport", _START + r"(?:\d{8,9}|[A-Z]{2}\d{7})" + _END, SCORE),
    ]
    CONTEXT: ClassVar[tuple[str, ...]] = PASSPORT
    CANDIDATE: ClassVar[str] = rust_candidate(PATTERNS)
    BARE_NUMBER_CEILINGS: ClassVar[dict[int, float]] = {8: SCORE, 9: SCORE}
    CONTEXT_FREE_CEILING: ClassVar[float | None] = SCORE

    def check(self, text: str) -> Verdict:
        return check_passport(text)
