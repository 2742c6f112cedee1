"""Phone numbers of Norway, Sweden, Denmark, Finland and Iceland (PHONE_NUMBER).

A number is a country calling code (NO +47, SE +46, DK +45, FI +358, IS +354) and a national
significant number (NSN) that phonenumbers' metadata accepts for that country. Sweden and Finland write
a trunk 0 before the NSN at home ("070-123 45 67"); the other three have no trunk prefix.

How a number is written decides how much the writing alone proves:
- "+47 912 34 567", "0047 912 34 567", "(+47) 912 34 567", "+46 (0)70 123 45 67": a "+" or "00"
  country code → 0.75;
- "070-123 45 67", "040 123 4567": trunk 0 and separators, valid for SE or FI → 0.6;
- "912 34 567", "91234567", "612 3456", "0701234567", "4791234567" (country code without plus):
  0.3, because most random digit strings of that length are valid numbers (57 % of 8-digit strings
  for NO, 72 % of "0" + 9 digits for SE); a phone header or phone words nearby lift them.

>>> classify_phone("+47 912 34 567").flags
{'region': 'NO', 'kind': 'mobile'}
>>> classify_phone("+47 123 45 678").valid  # no Norwegian number starts with 1
False

Validation builds the phonenumbers `PhoneNumber` directly from the digits and asks for its type
instead of `parse` + `is_valid_number`, with phonenumbers' pattern cache on (its metadata patterns are
compiled once, not looked up in `re`'s cache on every call); the patterns are tight so that few texts
get that far.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import ClassVar

from phonenumbers import (
    PhoneNumber,
    PhoneNumberType,
    enable_pattern_cache,
    normalize_digits_only,
    number_type,
)
from presidio_analyzer import Pattern

from recognizers.base import REJECT, CheckedPatternRecognizer, Verdict
from recognizers.candidates import rust_candidate
from recognizers.context_words import NATIONAL_ID, PHONE
from recognizers.national_ids import DECOY_WORDS

INTERNATIONAL_SCORE = 0.75
TRUNK_FORMATTED_SCORE = 0.6
NEEDS_CONTEXT_SCORE = 0.3

CALLING_CODE_REGION: dict[str, str] = {"47": "NO", "46": "SE", "45": "DK", "358": "FI", "354": "IS"}

enable_pattern_cache()  # keep every compiled metadata pattern: number_type is called for every candidate
# SE and FI write a trunk 0 before the NSN; it is dropped after a country code.
TRUNK_REGIONS: tuple[str, ...] = ("SE", "FI")

# Business references (order, invoice, customer number …) and money: a number next to these is not a
# phone. "nok" is left out on purpose: as the Norwegian adverb ("probably") it is everywhere in notes.
NEGATIVE_CONTEXT_WORDS: tuple[str, ...] = tuple(
    dict.fromkeys(
        DECOY_WORDS
        + (
            "amount",
            "beløp",
            "beløb",
            "belopp",
            "summa",
            "saldo",
            "kr",
            "kr.",
            "sek",
            "dkk",
            "eur",
            "isk",
            "määrä",
            "upphæð",
            # a label of another identifier right before the number says what it is
            "cvr",
            "cvr-nr",
            "org.nr",
            "orgnr",
            "y-tunnus",
            "reikning*",
            "company id",
            "kontonummer",
            "kontonr",
            "iban",
        )
        + NATIONAL_ID
    )
)

_SEP = "[ \u00a0-]"
# Not inside a word, not after "+" or "-", not continuing a number ("12 345", "1.5", "10:22").
_BEFORE = r"(?<![\w+\-])(?<!\d[ \u00a0.,:/])"
# Not followed by more of the number (",50", ":30") or a hyphenated code ("12345678-abcd", a UUID);
# international forms have an exact digit count, so a following " 2024" is another token.
_AFTER_INTERNATIONAL = r"(?!\w|[.,:/]\d|-\w)"
# National forms must not be the head of a longer grouped number ("4111 1111 1111 1111").
_AFTER_NATIONAL = r"(?!\w|[ \u00a0.,:/]\d|-\w)"
_TRUNK_IN_PARENTHESES = rf"{_SEP}?\(0\)"


def _digits(count: str) -> str:
    """`count` digits, each optionally preceded by one separator."""
    return rf"(?:{_SEP}?\d){{{count}}}"


# "+47 …", "0047 …", "(+47) …"; SE and FI may keep their trunk 0, written "(0)" or not.
INTERNATIONAL_PATTERN = Pattern(
    "phone_international",
    _BEFORE
    + r"(?:\(\+(?=\d{2,3}\))|\+|00)[ \u00a0]?(?:"
    + rf"4[57]\)?(?:{_TRUNK_IN_PARENTHESES})?{_digits('8')}"
    + rf"|354\)?(?:{_TRUNK_IN_PARENTHESES})?{_digits('7,9')}"
    + rf"|46\)?(?:{_TRUNK_IN_PARENTHESES}|{_SEP}?0)?{_digits('7,9')}"
    + rf"|358\)?(?:{_TRUNK_IN_PARENTHESES}|{_SEP}?0)?{_digits('7,10')}"
    + ")"
    + _AFTER_INTERNATIONAL,
    INTERNATIONAL_SCORE,
)
TRUNK_PATTERN = Pattern(
    "phone_national_trunk",
    _BEFORE
    + rf"(?:0[1-9]\d{{0,3}}{_SEP}\d{{2,8}}(?:{_SEP}\d{{2,5}}){{0,3}}|0[1-9]\d{{6,9}})"
    + _AFTER_NATIONAL,
    TRUNK_FORMATTED_SCORE,
)
# NO/DK eight digits in the groupings people use (3-2-3, 2-2-2-2, 4-4) and IS seven digits (3-4), no
# leading 0 (that is the trunk form); separators are required between groups so that "2024-01-15"
# (4-2-2) never fits.
NATIONAL_PATTERN = Pattern(
    "phone_national",
    _BEFORE
    + rf"[1-9](?:\d{{6,7}}|\d{{2}}{_SEP}\d{{2}}{_SEP}\d{{3}}|\d(?:{_SEP}\d{{2}}){{3}}"
    + rf"|\d{{3}}{_SEP}\d{{4}}|\d{{2}}{_SEP}\d{{4}})"
    + _AFTER_NATIONAL,
    NEEDS_CONTEXT_SCORE,
)
COUNTRY_CODE_WITHOUT_PLUS_PATTERN = Pattern(
    "phone_country_code_without_plus",
    _BEFORE + r"(?:4[57]\d{8}|46\d{7,9}|354\d{7}|358\d{7,10})" + _AFTER_INTERNATIONAL,
    NEEDS_CONTEXT_SCORE,
)

# "01-02-2024" fits the trunk pattern (area 01); a phone is never grouped 2-2-4 with one separator.
_DATE_SHAPE = re.compile(r"\d\d(?P<sep>[-/ ])\d\d(?P=sep)\d{4}")
_NON_DIGIT = re.compile(r"\D")


def _ascii_digits(text: str) -> str:
    """The digits of `text` as ASCII: the patterns' \\d takes any decimal digit ("+358 ００40 …"), the
    checks below compare with "0" and the numbering plans' patterns are ASCII. phonenumbers converts
    the rare text that needs it."""
    digits = _NON_DIGIT.sub("", text)
    return digits if digits.isascii() else normalize_digits_only(digits)


@lru_cache(maxsize=65_536)
def _kind_in(nsn: str, calling_code: str) -> str | None:
    """The kind of number `nsn` is under `calling_code`, None when it is not valid there. Remembered: one
    cell often holds the number twice ("(+45) 97 89 56 80" is also matched as 8 national digits) and an
    export repeats numbers in different writings."""
    phone_type = number_type(PhoneNumber(country_code=int(calling_code), national_number=int(nsn)))
    return None if phone_type == PhoneNumberType.UNKNOWN else PhoneNumberType.to_string(phone_type).lower()


def _classify(nsn: str, regions: tuple[str, ...]) -> list[tuple[str, str]]:
    """The (region, kind) pairs for which `nsn` is a valid national significant number."""
    kinds = (
        (region, _kind_in(nsn, code)) for code, region in CALLING_CODE_REGION.items() if region in regions
    )
    return [(region, kind) for region, kind in kinds if kind is not None]


def _verdict(nsn: str, regions: tuple[str, ...], score: float, form_reason: str) -> Verdict:
    """Keep the match if `nsn` is valid for one of `regions`; prefer a region where it is a mobile."""
    if not nsn or nsn[0] == "0":
        return REJECT
    valid = _classify(nsn, regions)
    if not valid:
        return REJECT
    region, kind = next((pair for pair in valid if pair[1] == "mobile"), valid[0])
    flags: dict[str, object] = {"region": region, "kind": kind}
    others = [other for other, _ in valid if other != region]
    if others:
        flags["also_valid_for"] = others
    reasons = (form_reason, f"valid {region} {kind.replace('_', ' ')} number")
    return Verdict(valid=True, score=score, reasons=reasons, flags=flags)


def _split_calling_code(digits: str) -> tuple[str, str]:
    """("47", "91234567") from "4791234567"; the calling code is "" when it is not Nordic."""
    for length in (3, 2):
        if digits[:length] in CALLING_CODE_REGION:
            return digits[:length], digits[length:]
    return "", digits


def _international(text: str) -> Verdict:
    """ "+47 912 34 567", "0046 (0)70 123 45 67", "(+47) 912 34 567": calling code, optional trunk 0, NSN."""
    digits = _ascii_digits(text.replace("(0)", ""))
    if text.startswith("00"):
        digits = digits[2:]
    calling_code, nsn = _split_calling_code(digits)
    region = CALLING_CODE_REGION.get(calling_code)
    if region is None:
        return REJECT
    if region in TRUNK_REGIONS and nsn.startswith("0"):
        nsn = nsn[1:]
    return _verdict(nsn, (region,), INTERNATIONAL_SCORE, "written with a +/00 country code")


def classify_phone(text: str) -> Verdict:
    """Decide whether `text`, a match of one of the phone patterns, is a Nordic phone number.

    The patterns are disjoint, so the shape tells which one matched: "+"/"00"/"(+" international, a leading
    0 the SE/FI trunk form, 9+ digits a country code without plus, 8 digits NO/DK, 7 digits IS.
    """
    if text.startswith(("+", "00", "(+")):
        return _international(text)
    if _DATE_SHAPE.fullmatch(text):
        return REJECT
    digits = _ascii_digits(text)
    separated = len(digits) != len(text)
    if digits[0] == "0":
        score = TRUNK_FORMATTED_SCORE if separated else NEEDS_CONTEXT_SCORE
        reason = "national form with trunk 0" + ("" if separated else ", unformatted, needs context")
        return _verdict(digits[1:], TRUNK_REGIONS, score, reason)
    if len(digits) >= 9:
        calling_code, nsn = _split_calling_code(digits)
        region = CALLING_CODE_REGION[calling_code]
        return _verdict(nsn, (region,), NEEDS_CONTEXT_SCORE, "country code without plus, needs context")
    if len(digits) == 8:
        return _verdict(digits, ("NO", "DK"), NEEDS_CONTEXT_SCORE, "bare 8 digits, needs context")
    return _verdict(digits, ("IS",), NEEDS_CONTEXT_SCORE, "bare 7 digits, needs context")


class NordicPhoneRecognizer(CheckedPatternRecognizer):
    """Phone numbers of NO, SE, DK, FI and IS in international and national writings."""

    ENTITIES: ClassVar[dict[str, str]] = {"PHONE_NUMBER": "PHONE"}
    PATTERNS: ClassVar[list[Pattern]] = [
        INTERNATIONAL_PATTERN,
        TRUNK_PATTERN,
        NATIONAL_PATTERN,
        COUNTRY_CODE_WITHOUT_PLUS_PATTERN,
    ]
    CONTEXT: ClassVar[tuple[str, ...]] = PHONE
    NEGATIVE_CONTEXT: ClassVar[tuple[str, ...]] = NEGATIVE_CONTEXT_WORDS
    CANDIDATE: ClassVar[str] = rust_candidate(PATTERNS)
    # digits alone (no "00", which a bare-number cell cannot start with) always need context
    BARE_NUMBER_CEILINGS: ClassVar[dict[int, float]] = dict.fromkeys(range(7, 14), NEEDS_CONTEXT_SCORE)

    def check(self, text: str) -> Verdict:
        return classify_phone(text)
