"""Swedish personnummer and samordningsnummer: YYMMDD-NNNC (10 digits) or YYYYMMDDNNNC (12 digits).

- C is the Luhn digit over the nine digits YYMMDDNNN, also when the number is written with 12 digits.
- The 10-digit form's separator is "-" until the year the person turns 100 and "+" from then on; the
  century is the latest one that puts the birth year at or before this year ("+": one century earlier).
  The 12-digit form is sometimes written with the "+" too ("19121212+1212"): accepted when the person
  turns 100 this year or earlier.
  Written without a separator, the 10-digit form reads as "-".
- Samordningsnummer: day + 60 (61–91); the Luhn digit is over the shifted day.
- The birth date is a calendar date, not after today; a 12-digit year starts with 18, 19 or 20.

Scores: one Luhn digit and a date pass 10 % of YYMMDDHHMM and YYYYMMDDHHMM timestamps and 5.4 % of
070 mobile numbers (half of them as samordningsnummer), so a number written as 10 digits only scores
0.45 and needs context; "-" or "+" is how people write a personnummer, and with it the number scores
0.85. The 12-digit form, and the 10-digit form with a space ("YYMMDD HHMM"), look like a timestamp only
when the last four digits are a clock time HHMM (14 % of numbers): then they score 0.45, otherwise 0.85
(a random 12-digit string passes century, date and Luhn 0.02 % of the time).
A 10-digit samordningsnummer (not "+") that is also a valid Icelandic organisation kennitala
(DDMMYY-RRCM, day + 40; 0.6 % of samordningsnummer read so, while 4 % of Icelandic organisations,
those founded 1961–1991, read as samordningsnummer) scores 0.45 however it is written: its digits
alone cannot tell the two apart, so a context word decides. A Swedish word or header
("samordningsnummer", "personnummer", an identity check: only words about a person, which never name
an organisation) lifts it above the threshold and the person's reading wins over the business ID
(scanner/detector.py `_best_per_type`); "kt." or no word leaves it below, to the business-ID recognizer
(with the hyphen it scores 0.6) and, bare in a column, to column statistics, which count its Luhn
digit. A personnummer keeps its Swedish reading. python-stdnum's `se.personnummer` rejects
samordningsnummer and accepts 12-digit future dates, hence this module.

>>> validate("850314-1239").entity
'SE_PERSONNUMMER'
>>> validate("198503141239").score, validate("198503142997").score  # 12:39 is a clock time, 29:97 not
(0.45, 0.85)
>>> validate("850314-1238")
Traceback (most recent call last):
    ...
stdnum.exceptions.InvalidChecksum: Luhn digit
"""

from __future__ import annotations

import datetime
import re
from dataclasses import replace

from presidio_analyzer import Pattern
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat

from recognizers.base import Verdict
from recognizers.business_ids import check_is_kennitala_org
from recognizers.candidates import rust_candidate
from recognizers.checksums import luhn_is_valid
from recognizers.column_statistics import LUHN_10, ColumnCheck
from recognizers.context_words import NATIONAL_ID_SE
from recognizers.national_ids import (
    DECOY_WORDS,
    END,
    START,
    NationalIdRecognizer,
    context_for,
    past_birth_date,
)

SCORE = 0.85
DIGITS_ONLY_SCORE = 0.45
_WRITTEN = re.compile(r"(?P<century>1[89]|20)?(?P<yymmdd>[0-9]{6})(?P<separator>[-+ ]?)(?P<serial>[0-9]{4})")


def birth_year(yy: int, separator: str, today: datetime.date) -> int:
    """The year a 10-digit number's YY stands for: the latest at or before this year, a century
    earlier after "+"."""
    year = today.year - (today.year - yy) % 100
    return year - 100 if separator == "+" else year


def reads_as_clock_time(digits: str) -> bool:
    """Whether four digits are a clock time HHMM, as the tail of a YYYYMMDDHHMM or "YYMMDD HHMM" timestamp."""
    return int(digits[:2]) < 24 and int(digits[2:]) < 60


def validate(number: str, today: datetime.date | None = None) -> Verdict:
    """The verdict for a personnummer or samordningsnummer; raises ValidationError naming what failed."""
    today = today or datetime.date.today()
    written = _WRITTEN.fullmatch(number.strip())
    if written is None:
        raise InvalidFormat("not YYMMDD-NNNC or YYYYMMDDNNNC")
    yymmdd, separator = written["yymmdd"], written["separator"]
    if not luhn_is_valid(yymmdd + written["serial"]):
        raise InvalidChecksum("Luhn digit")
    yy, month, day = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    year = int(written["century"]) * 100 + yy if written["century"] else birth_year(yy, separator, today)
    reasons, entity = ["Luhn digit valid"], "SE_PERSONNUMMER"
    if day > 60:
        day, entity = day - 60, "SE_SAMORDNINGSNUMMER"
        reasons.append("day +60: samordningsnummer")
    past_birth_date(year, month, day, today)
    if written["century"] and separator == "+" and year > today.year - 100:
        raise InvalidComponent('"+" before the year the person turns 100')
    reasons.append("birth date valid")
    if (
        entity == "SE_SAMORDNINGSNUMMER"
        and not written["century"]
        and separator != "+"
        and check_is_kennitala_org(yymmdd + written["serial"]).valid
    ):
        reasons.append("also an Icelandic organisation's kennitala: a Swedish word decides")
        return Verdict(valid=True, entity=entity, score=DIGITS_ONLY_SCORE, reasons=tuple(reasons))
    if separator in ("-", "+"):
        return Verdict(valid=True, entity=entity, score=SCORE, reasons=(*reasons, "written with - or +"))
    if (written["century"] or separator == " ") and not reads_as_clock_time(written["serial"]):
        reasons.append("last four digits not a clock time: not a timestamp")
        return Verdict(valid=True, entity=entity, score=SCORE, reasons=tuple(reasons))
    return Verdict(valid=True, entity=entity, score=DIGITS_ONLY_SCORE, reasons=tuple(reasons))


class SePersonnummerRecognizer(NationalIdRecognizer):
    """Swedish personnummer and samordningsnummer in the 10- and 12-digit forms."""

    ENTITIES = dict.fromkeys(("SE_PERSONNUMMER", "SE_SAMORDNINGSNUMMER"), "NATIONAL_ID")
    PATTERNS = [
        Pattern("personnummer 12 digits", START + r"(?:1[89]|20)[0-9]{6}[-+ ]?[0-9]{4}" + END, SCORE),
        Pattern("personnummer 10 digits", START + r"[0-9]{6}[-+ ]?[0-9]{4}" + END, SCORE),
    ]
    CONTEXT = context_for(NATIONAL_ID_SE)
    NEGATIVE_CONTEXT = DECOY_WORDS
    CANDIDATE = rust_candidate(PATTERNS)
    # Bare, the Luhn digit is the check: 1 random or timestamp value in 10 passes it (the date part
    # passes for nearly every timestamp), in both the 10- and the 12-digit shape.
    COLUMN_CHECK = ColumnCheck(
        "Luhn check",
        "Luhn digit valid",
        {10: 0.10, 12: 0.10},
        {10: LUHN_10, 12: replace(LUHN_10, offset=2)},
    )
    # ten bare digits are a timestamp's shape too; twelve may score 0.85
    BARE_NUMBER_CEILINGS = {10: DIGITS_ONLY_SCORE}
    validate = staticmethod(validate)
