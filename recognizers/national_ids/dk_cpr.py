"""Danish CPR-nummer: DDMMYY-SSSS.

- Century from the 7th digit and YY: 0–3 → 1900s; 4 or 9 → 2000s if YY ≤ 36, else 1900s; 5–8 → 2000s
  if YY ≤ 57, 1800s if YY ≥ 58 (python-stdnum's `dk.cpr`, which is right). The birth date is a calendar
  date, not after today.
- Mod 11 with weights [4,3,2,7,6,5,4,3,2,1] (sum ≡ 0) holds for most numbers, but since 2007-10-01
  numbers without it are issued and must be accepted: mod 11 raises confidence, it is never required.

Scores: every YYMMDDHHMM or DDMMYYHHMM timestamp of 2015–2025 is a valid CPR date (HHMM as the serial
gives a 7th digit 0–2, so "YY" 15–25 reads as 1915–1925, a past date) and 9 % also pass mod 11; the
hyphenated DDMMYY-SSSS shape is shared with kennitala and Swedish numbers (all national IDs). So a CPR
written as 10 bare digits scores 0.45 with mod 11 and 0.3 without: both need context (a "cpr" header or
word lifts them over 0.5). Written as CPR numbers are written, DDMMYY-SSSS or DDMMYY SSSS, and with mod 11
(one random candidate in eleven passes), it scores 0.85: timestamps are not written that way.

>>> validate("010190-1238").score, validate("0101901238").score
(0.85, 0.45)
>>> validate("010190-1237").score
0.3
>>> validate("320190-1238")
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidComponent: The number does not contain valid birth date information.
"""

from __future__ import annotations

import datetime

from presidio_analyzer import Pattern
from stdnum.dk import cpr
from stdnum.exceptions import InvalidFormat
from stdnum.util import isdigits

from recognizers.base import Verdict
from recognizers.candidates import rust_candidate
from recognizers.checksums import weighted_sum
from recognizers.column_statistics import ColumnCheck, DigitSum
from recognizers.context_words import NATIONAL_ID_DK
from recognizers.national_ids import (
    DECOY_WORDS,
    END,
    START,
    NationalIdRecognizer,
    context_for,
    past_birth_date,
)

WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
WRITTEN_MOD11_SCORE = 0.85
MOD11_SCORE = 0.45
NO_MOD11_SCORE = 0.3


def validate(number: str, today: datetime.date | None = None) -> Verdict:
    """The verdict for a CPR-nummer; raises ValidationError naming what failed."""
    today = today or datetime.date.today()
    digits = cpr.compact(number)
    if len(digits) != 10 or not isdigits(digits):
        raise InvalidFormat("not 10 digits")
    birth = cpr.get_birth_date(digits)  # century table and calendar date
    past_birth_date(birth.year, birth.month, birth.day, today)
    if weighted_sum(digits, WEIGHTS) % 11 == 0:
        if "-" in number or " " in number.strip():
            return Verdict(
                valid=True,
                score=WRITTEN_MOD11_SCORE,
                reasons=("birth date valid", "mod 11 valid", "written DDMMYY-SSSS"),
            )
        return Verdict(valid=True, score=MOD11_SCORE, reasons=("birth date valid", "mod 11 valid"))
    return Verdict(
        valid=True, score=NO_MOD11_SCORE, reasons=("birth date valid", "no mod 11 (allowed since 2007)")
    )


class DkCprRecognizer(NationalIdRecognizer):
    """Danish CPR-nummer, 10 digits with an optional space or hyphen after the date; needs context."""

    ENTITIES = {"DK_CPR": "NATIONAL_ID"}
    PATTERNS = [Pattern("cpr", START + r"[0-9]{6}[- ]?[0-9]{4}" + END, MOD11_SCORE)]
    CONTEXT = context_for(NATIONAL_ID_DK)
    NEGATIVE_CONTEXT = DECOY_WORDS
    CANDIDATE = rust_candidate(PATTERNS)
    # Bare, mod 11 is the check: a little more than 1 in 11 decoys pass it (every timestamp passes the
    # date rules), so p = 0.10. CPR numbers issued without mod 11 are not counted: they need context.
    COLUMN_CHECK = ColumnCheck("CPR mod 11 check", "mod 11 valid", {10: 0.10}, {10: DigitSum(WEIGHTS, 11)})
    BARE_NUMBER_CEILINGS = {10: MOD11_SCORE}
    validate = staticmethod(validate)
