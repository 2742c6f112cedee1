"""Finnish henkilötunnus (HETU): DDMMYY C ZZZ Q.

- Century sign C: "+" 1800s; "-", Y, X, W, V, U 1900s; A, B, C, D, E, F 2000s (the letters since 2023).
- ZZZ 002–899; 900–999 are temporary numbers, accepted and flagged `temporary_identifier`.
- Q = "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(DDMMYYZZZ) mod 31].
- The birth date is a calendar date, not after today.

python-stdnum's `fi.hetu` checks format, date, ZZZ and Q (with the 2023 signs); this module adds the
birth date not being in the future and the flag. The sign and the mod-31 character make chance matches
rare (a 6-4 number with "-" passes 1 time in 31 at most), so a HETU scores 0.85.

>>> validate("180632V2038").reasons
('check character valid', 'birth date valid')
>>> validate("180632V2039")
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidChecksum: The number's checksum or check digit is invalid.
"""

from __future__ import annotations

import datetime

from presidio_analyzer import Pattern
from stdnum.fi import hetu

from recognizers.base import Verdict
from recognizers.candidates import rust_candidate
from recognizers.context_words import NATIONAL_ID_FI
from recognizers.national_ids import (
    DECOY_WORDS,
    END,
    START,
    NationalIdRecognizer,
    context_for,
    past_birth_date,
)

CENTURY_BY_SIGN: dict[str, int] = {
    "+": 1800,
    **dict.fromkeys("-YXWVU", 1900),
    **dict.fromkeys("ABCDEF", 2000),
}
CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
SCORE = 0.85


def check_character(digits: str) -> str:
    """Q for the nine digits DDMMYYZZZ."""
    return CHECK_CHARACTERS[int(digits) % 31]


def validate(number: str, today: datetime.date | None = None) -> Verdict:
    """The verdict for a HETU; raises ValidationError naming what failed."""
    today = today or datetime.date.today()
    number = hetu.validate(number, allow_temporary=True)
    year = CENTURY_BY_SIGN[number[6]] + int(number[4:6])
    past_birth_date(year, int(number[2:4]), int(number[:2]), today)
    reasons = ("check character valid", "birth date valid")
    if int(number[7:10]) >= 900:
        return Verdict(
            valid=True,
            score=SCORE,
            reasons=(*reasons, "individual number 900-999: temporary"),
            flags={"temporary_identifier": True},
        )
    return Verdict(valid=True, score=SCORE, reasons=reasons)


class FiHetuRecognizer(NationalIdRecognizer):
    """Finnish henkilötunnus with any century sign, including the 2023 letters."""

    ENTITIES = {"FI_HETU": "NATIONAL_ID"}
    PATTERNS = [Pattern("hetu", START + r"[0-9]{6}[-+A-FU-Y][0-9]{3}[0-9A-FHJ-NPR-Y]" + END, SCORE)]
    CONTEXT = context_for(NATIONAL_ID_FI)
    NEGATIVE_CONTEXT = DECOY_WORDS
    CANDIDATE = rust_candidate(PATTERNS)
    validate = staticmethod(validate)
