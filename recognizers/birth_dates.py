"""Dates of birth (DATE_OF_BIRTH): a calendar date that a birth word or a birth-date header marks.

Most dates in contact-center exports are call, order and due dates, so a date alone scores 0.3 and is
not reported; a birth word within five words ("født 14.03.1985", "född den 3 maj 1979", "syntynyt
5.6.1990", "fæddur 1. apríl 1970", "DOB 1985-03-14", "born March 14, 1985") or a header such as
`fodselsdato`, `birth_date` or `syntymäaika` lifts it to 0.65; order, invoice and due-date words lower it.
Written forms: D.M.YYYY, DD/MM/YY, DD-MM-YYYY, YYYY-MM-DD, "14. mars 1985", "March 14, 1985". The date
must exist (no 31.02.), and a date followed by a time of day ("14.03.2024 10:15", "2024-03-14T10:15")
is a timestamp, never a birth date.

>>> check_birth_date("14.03.1985").reasons
('valid calendar date',)
>>> check_birth_date("31.02.1985").valid
False
"""

from __future__ import annotations

import re
from datetime import date
from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers.base import REJECT, CheckedPatternRecognizer, Verdict

NEEDS_CONTEXT_SCORE = 0.3

# Month names and abbreviations by number, in the six languages (Finnish in the partitive "maaliskuuta").
MONTHS: dict[int, tuple[str, ...]] = {
    1: ("januar", "januari", "janúar", "january", "jan", "tammikuuta", "tammikuu"),
    2: ("februar", "februari", "febrúar", "february", "feb", "helmikuuta", "helmikuu"),
    3: ("mars", "marts", "march", "mar", "maaliskuuta", "maaliskuu"),
    4: ("april", "apríl", "apr", "huhtikuuta", "huhtikuu"),
    5: ("mai", "maj", "maí", "may", "toukokuuta", "toukokuu"),
    6: ("juni", "júní", "june", "jun", "kesäkuuta", "kesäkuu"),
    7: ("juli", "júlí", "july", "jul", "heinäkuuta", "heinäkuu"),
    8: ("august", "augusti", "ágúst", "aug", "elokuuta", "elokuu"),
    9: ("september", "sep", "sept", "syyskuuta", "syyskuu"),
    10: ("oktober", "október", "october", "okt", "oct", "lokakuuta", "lokakuu"),
    11: ("november", "nóvember", "nov", "marraskuuta", "marraskuu"),
    12: ("desember", "december", "des", "dec", "joulukuuta", "joulukuu"),
}
MONTH_NUMBER: dict[str, int] = {name: number for number, names in MONTHS.items() for name in names}
_MONTH = "|".join(sorted(MONTH_NUMBER, key=len, reverse=True))

BIRTH_CONTEXT: tuple[str, ...] = (
    "født",
    "fødd",
    "fodt",
    "fodd",
    "fødsels*",
    "fodsels*",
    "f.dato",
    "fdato",
    "född",
    "föddes",
    "födelse*",
    "fodelse*",
    "syntynyt",
    "syntyi",
    "syntymä*",
    "syntymaaika",
    "syntymapaiva",
    "fæddur",
    "fædd",
    "fæðingar*",
    "afmæli",
    "born",
    "dob",
    "d.o.b.",
    "d.o.b",
    "birth*",
    "birthday",
    "date of birth",
)
NOT_BIRTH_CONTEXT: tuple[str, ...] = (
    "ordre",
    "order",
    "beställning",
    "tilaus",
    "faktura",
    "invoice",
    "lasku",
    "reikningur",
    "levering",
    "leverans",
    "levert",
    "delivery",
    "toimitus",
    "forfall",
    "forfallsdato",
    "förfallodatum",
    "due",
    "eräpäivä",
    "betalt",
    "betald",
    "paid",
    "maksettu",
    "opprettet",
    "skapad",
    "oprettet",
    "created",
    "oppdatert",
    "updated",
    "endret",
    "ændret",
    "ändrad",
    "changed",
    "oppsigelse",
    "uppsägning",
    "opsigelse",
    "irtisanominen",
    "bindingstid",
    "avtale",
    "avtal",
    "aftale",
    "sopimus",
)

_BEFORE = r"(?<![\w:./-])"
# Not followed by more of a number, a time of day ("10:15", " 10.15") or a "T" timestamp.
_AFTER = r"(?![\w:]|[./-]\d|\s+\d)"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH_NUMBER = r"(?:0?[1-9]|1[0-2])"

NUMERIC_DMY = rf"{_BEFORE}{_DAY}(?P<sep>[./-]){_MONTH_NUMBER}(?P=sep)(?:(?:19|20)\d\d|\d\d){_AFTER}"
NUMERIC_YMD = rf"{_BEFORE}(?:19|20)\d\d(?P<sep>[./-])(?:0[1-9]|1[0-2])(?P=sep)(?:0[1-9]|[12]\d|3[01]){_AFTER}"
TEXT_DMY = rf"(?<!\w){_DAY}\.?\s+(?:{_MONTH})\.?\s+(?:19|20)\d\d(?!\w)"
TEXT_MDY = rf"(?<!\w)(?:{_MONTH})\.?\s+{_DAY}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d(?!\w)"

_NUMBERS = re.compile(r"\d+")
_MONTH_WORD = re.compile(rf"(?i)(?<!\w)({_MONTH})(?!\w)")


def _parts(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of one written date; a two-digit year is read as 19YY (only the calendar
    matters here: 29.02 is then checked against a leap year of that century's reading)."""
    numbers = [int(n) for n in _NUMBERS.findall(text)]
    word = _MONTH_WORD.search(text)
    if word:
        month = MONTH_NUMBER[word.group(1).lower()]
        day, year = (numbers[0], numbers[1]) if text[0].isdigit() else (numbers[0], numbers[-1])
        return year, month, day
    if len(numbers) != 3:
        return None
    first, second, third = numbers
    if first >= 1000:
        return first, second, third
    return (third + 1900 if third < 100 else third), second, first


def check_birth_date(text: str) -> Verdict:
    """A written date that exists in the calendar; whether it is a birth date is the context's call."""
    parts = _parts(text)
    if parts is None:
        return REJECT
    try:
        date(*parts)
    except ValueError:
        return REJECT
    return Verdict(valid=True, reasons=("valid calendar date",))


class DateOfBirthRecognizer(CheckedPatternRecognizer):
    """Dates that birth words or a birth-date header mark as dates of birth."""

    ENTITIES = {"DATE_OF_BIRTH": "DATE_OF_BIRTH"}
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("date_day_month_year", NUMERIC_DMY, NEEDS_CONTEXT_SCORE),
        Pattern("date_iso", NUMERIC_YMD, NEEDS_CONTEXT_SCORE),
        Pattern("date_day_month_name_year", TEXT_DMY, NEEDS_CONTEXT_SCORE),
        Pattern("date_month_name_day_year", TEXT_MDY, NEEDS_CONTEXT_SCORE),
    ]
    CONTEXT = BIRTH_CONTEXT
    CONTEXT_FREE_CEILING = NEEDS_CONTEXT_SCORE
    NEGATIVE_CONTEXT = NOT_BIRTH_CONTEXT
    # Numeric dates with what may follow them (end, punctuation, a separator or space before a non-digit),
    # and any digit next to a month name.
    CANDIDATE = (
        r"(?:^|[^\w:./-])(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[./-]\d{2}[./-]\d{2})"
        r"(?:$|[^\w\s:./-]|[./-](?:$|\D)|\s+(?:$|[^\s\d]))"
        rf"|(?i:\d\.?\s+(?:{_MONTH})|(?:{_MONTH})\.?\s+\d)"
    )

    def check(self, text: str) -> Verdict:
        return check_birth_date(text)
