"""Norwegian fødselsnummer, D-nummer, H-nummer and FH-nummer: 11 digits, DDMMYY III K1 K2.

- K1 = 11 − (Σ digit·[3,7,6,1,8,9,4,5,2] mod 11) over the first nine digits, K2 = 11 − (Σ
  digit·[5,4,3,2,7,6,5,4,3,2] mod 11) over the first ten; 11 → 0, 10 is never issued.
- From 2032-01-01 K1 may be any of 11..14 − (S mod 11) (Skatteetaten), so the weighted sum with K1 may be
  ≡ 0, 1, 2 or 3 (mod 11); before that date no such number exists and it is rejected.
- Century from the individual number III: 000–499 → 1900s; 500–749 with YY ≥ 54 → 1800s; 500–999 with
  YY < 40 → 2000s; 900–999 with YY ≥ 40 → 1900s. The birth date is a calendar date, not after today.
- D-nummer: day + 40. H-nummer: month + 40, the same shift NAV uses for synthetic test numbers; month + 80
  is Skatteetaten's synthetic test number. Both month shifts are flagged `test_identifier`.
- FH-nummer: first digit 8 or 9, no birth date, the same check digits.

Scores: 0.85 with a birth date (two check digits and a date: 0.13 % of random 11-digit strings pass);
an FH-nummer has only the check digits (1 in 121 random strings starting with 8 or 9 pass, 0.19 % of
11-digit order numbers), so as 11 plain digits it scores 0.45 and needs context; written with the
fødselsnummer's space or hyphen after six digits, which order numbers are not, it scores 0.85 (0.17 % of
random strings so written pass, as 0.13 % pass as a fødselsnummer). python-stdnum's `no.fodselsnummer`
rejects month + 80, FH and 2032 numbers, hence this module.

>>> validate("270680 49283").entity
'NO_FODSELSNUMMER'
>>> validate("270680 49284")
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidChecksum: second check digit
"""

from __future__ import annotations

import datetime

from presidio_analyzer import Pattern
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat
from stdnum.util import clean, isdigits

from recognizers.base import Verdict
from recognizers.candidates import rust_candidate
from recognizers.checksums import mod11_check_digit, weighted_sum
from recognizers.column_statistics import ColumnCheck
from recognizers.context_words import NATIONAL_ID_NO
from recognizers.national_ids import (
    DECOY_WORDS,
    END,
    START,
    NationalIdRecognizer,
    context_for,
    past_birth_date,
)

K1_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2)
K2_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
NEW_K1_RULE_FROM = datetime.date(2032, 1, 1)
SCORE = 0.85
FH_NUMMER_SCORE = 0.45


def compact(number: str) -> str:
    """The eleven digits without the dots, spaces or hyphen of the written date and individual number."""
    return clean(number, " -.").strip()


def check_digits(first9: str) -> str | None:
    """K1 K2 for nine digits under the rule before 2032; None when either would be 10."""
    k1 = mod11_check_digit(first9, K1_WEIGHTS)
    k2 = None if k1 is None else mod11_check_digit(f"{first9}{k1}", K2_WEIGHTS)
    return None if k2 is None else f"{k1}{k2}"


def birth_century(individual: int, yy: int) -> int:
    """The century the individual number III gives a two-digit year YY."""
    if individual < 500:
        return 1900
    if individual < 750 and yy >= 54:
        return 1800
    if yy < 40:
        return 2000
    if individual >= 900:
        return 1900
    raise InvalidComponent("individual number gives no century")


def _check_digits_reason(digits: str, today: datetime.date) -> str:
    if mod11_check_digit(digits[:10], K2_WEIGHTS) != int(digits[10]):
        raise InvalidChecksum("second check digit")
    k1_residue = weighted_sum(digits[:10], (*K1_WEIGHTS, 1)) % 11
    if k1_residue == 0:
        return "two mod 11 check digits valid"
    if k1_residue <= 3 and today >= NEW_K1_RULE_FROM:
        return "check digits valid under the 2032 rule"
    raise InvalidChecksum("first check digit")


def validate(number: str, today: datetime.date | None = None) -> Verdict:
    """The verdict for a fødselsnummer, D-, H- or FH-nummer; raises ValidationError naming what failed."""
    today = today or datetime.date.today()
    digits = compact(number)
    if len(digits) != 11 or not isdigits(digits):
        raise InvalidFormat("not 11 digits")
    reasons = [_check_digits_reason(digits, today)]
    if digits[0] in "89":
        reasons.append("first digit 8 or 9: FH-nummer")
        if number.strip() != digits:
            reasons.append("written with a space or hyphen after six digits, as a fødselsnummer")
            return Verdict(valid=True, entity="NO_FH_NUMMER", score=SCORE, reasons=tuple(reasons))
        return Verdict(valid=True, entity="NO_FH_NUMMER", score=FH_NUMMER_SCORE, reasons=tuple(reasons))
    day, month, yy, individual = int(digits[:2]), int(digits[2:4]), int(digits[4:6]), int(digits[6:9])
    entity, flags = "NO_FODSELSNUMMER", {}
    if day > 40:
        day, entity = day - 40, "NO_D_NUMMER"
        reasons.append("day +40: D-nummer")
    if month > 80:
        month, flags = month - 80, {"test_identifier": True}
        reasons.append("month +80: synthetic test number")
    elif month > 40:
        month, flags = month - 40, {"test_identifier": True}
        entity = "NO_H_NUMMER" if entity == "NO_FODSELSNUMMER" else entity
        reasons.append("month +40: H-nummer or synthetic test number")
    past_birth_date(birth_century(individual, yy) + yy, month, day, today)
    reasons.append("birth date valid")
    return Verdict(valid=True, entity=entity, score=SCORE, reasons=tuple(reasons), flags=flags)


class NoFodselsnummerRecognizer(NationalIdRecognizer):
    """Norwegian fødselsnummer and its D-, H- and FH-nummer variants, written 11 digits with an optional
    space or hyphen after the date, or with the date grouped "DD.MM.YY NNNNN" / "DD MM YY NNNNN"."""

    ENTITIES = dict.fromkeys(
        ("NO_FODSELSNUMMER", "NO_D_NUMMER", "NO_H_NUMMER", "NO_FH_NUMMER"), "NATIONAL_ID"
    )
    PATTERNS = [
        Pattern("fodselsnummer", START + r"[0-9]{6}[- ]?[0-9]{5}" + END, SCORE),
        # the date written as a date, "DD.MM.YY NNNNN" or "DD MM YY NNNNN"
        Pattern(
            "fodselsnummer with a written date",
            START + r"[0-9]{2}(?P<sep>[. ])[0-9]{2}(?P=sep)[0-9]{2}[- ]?[0-9]{5}" + END,
            SCORE,
        ),
    ]
    CONTEXT = context_for(NATIONAL_ID_NO)
    NEGATIVE_CONTEXT = DECOY_WORDS
    CANDIDATE = rust_candidate(PATTERNS)
    # Bare, two mod 11 check digits are the check: 1 decoy in 121 passes them; p = 0.01. Only a bare
    # FH-nummer scores below the threshold, so only FH-nummer columns need the statistics.
    COLUMN_CHECK = ColumnCheck("two mod 11 check digits", "two mod 11 check digits valid", {11: 0.01})
    validate = staticmethod(validate)
