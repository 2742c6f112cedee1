"""Phone numbers: any country's written with a "+"/"00" calling code, and the five Nordic countries'
written nationally (PHONE_NUMBER; BUSINESS_PHONE for numbers no person holds).

A number is a country calling code and a national significant number (NSN) that phonenumbers' metadata
accepts for that country. Sweden and Finland write a trunk 0 before the NSN at home ("070-123 45 67");
Norway, Denmark and Iceland have no trunk prefix.

How a number is written decides how much the writing alone proves:
- "+47 912 34 567", "0049 30 123456", "(+44) 121 234 5678", "+46 (0)70 123 45 67": a "+" or "00"
  calling code that phonenumbers validates, for any of the regions it knows → 0.75. That is evidence
  in the value itself: a negative context word (a `customer_number` header, "order") does not lower it.
- "070-123 45 67", "040 123 4567": trunk 0 and separators, valid for SE or FI → 0.6;
- "912 34 567", "22 33 44 55", "612 3456": NO, DK or IS digits grouped with spaces in one of the
  groupings the country's numbering plan uses (phonenumbers' formats: NO 3-2-3 and 2-2-2-2, DK 2-2-2-2,
  IS 3-4) → 0.6; an order number or an amount is not written so;
- "91234567", "9123 4567", "0701234567", "4791234567" (country code without plus): 0.3, because most
  random digit strings of that length are valid numbers (57 % of 8-digit strings for NO, 72 % of
  "0" + 9 digits for SE); a phone header or phone words nearby lift them.

Toll-free, premium-rate, shared-cost, universal access (UAN) and voicemail-access numbers belong to a
business or a service, not a person: they are reported as BUSINESS_PHONE (category BUSINESS_ID).

>>> classify_phone("+47 912 34 567").flags
{'region': 'NO', 'kind': 'mobile'}
>>> classify_phone("+47 123 45 678").valid  # no Norwegian number starts with 1
False
>>> classify_phone("+49 800 1234567").entity
'BUSINESS_PHONE'

National forms are validated by building the phonenumbers `PhoneNumber` directly from the digits and
asking for its type, with phonenumbers' pattern cache on (its metadata patterns are compiled once);
"+"/"00" forms go through `phonenumbers.parse`, which knows every region's trunk prefix and leading
zeros. Both are remembered per digit string.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import ClassVar

import phonenumbers
from phonenumbers import (
    COUNTRY_CODE_TO_REGION_CODE,
    NumberParseException,
    PhoneMetadata,
    PhoneNumber,
    PhoneNumberType,
    enable_pattern_cache,
    normalize_digits_only,
    number_type,
)
from presidio_analyzer import Pattern, RecognizerResult

from recognizers.bank_accounts import IBAN_LENGTHS, NordicIbanRecognizer, iban_spans
from recognizers.base import REJECT, CheckedPatternRecognizer, Verdict
from recognizers.candidates import rust_candidate
from recognizers.context_words import NATIONAL_ID, PHONE
from recognizers.national_ids import DECOY_WORDS

INTERNATIONAL_SCORE = 0.75
FORMATTED_SCORE = 0.6
NEEDS_CONTEXT_SCORE = 0.3

PERSONAL_ENTITY = "PHONE_NUMBER"
BUSINESS_ENTITY = "BUSINESS_PHONE"
# Numbers a business or a service holds, never a person (phonenumbers' own types).
BUSINESS_KINDS: frozenset[int] = frozenset(
    {
        PhoneNumberType.TOLL_FREE,
        PhoneNumberType.PREMIUM_RATE,
        PhoneNumberType.SHARED_COST,
        PhoneNumberType.UAN,
        PhoneNumberType.VOICEMAIL,
    }
)

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
# Not inside a word, not after "+" or "-", not continuing a number ("12 345", "1.5", "10:22"), nor
# after a calling code or a trunk 0 in brackets: "(+45) 97 89 56 80" and "+47 (0)22 33 44 55" are one
# number, the "+" pattern's, whether or not it is valid, as "+45 97 89 56 80" is.
_BEFORE = r"(?<![\w+\-])(?<!\d[ \u00a0.,:/])(?<!\(\+\d{1,3}\)[ \u00a0]?|\(0\)[ \u00a0]?)"
# Not followed by more of the number (",50", ":30") or a hyphenated code ("12345678-abcd", a UUID).
_AFTER_INTERNATIONAL = r"(?!\w|[.,:/]\d|-\w)"
# National forms must not be the head of a longer grouped number ("4111 1111 1111 1111").
_AFTER_NATIONAL = r"(?!\w|[ \u00a0.,:/]\d|-\w)"
# Between the digits of a "+"/"00" number: one separator as the world writes them ("+33 1.23.45.67.89",
# "+49 30/123456", "+1 (415) 555-2671", "(+47) 912 34 567", "+44 (0)20 …").
_INTERNATIONAL_SEP = r"(?:[ \u00a0.\-/]|[ \u00a0]?\(|\)[ \u00a0]?)"
# Calling code and NSN together: 6 to 19 digits in phonenumbers' metadata (a "(0)" trunk adds one).
_INTERNATIONAL_DIGITS = (6, 20)


def _more_digits(fewest: int, most: int) -> str:
    """`fewest` to `most` more digits of a "+"/"00" number, each after at most one separator."""
    return rf"(?:{_INTERNATIONAL_SEP}?\d){{{fewest},{most}}}"


# "(+" only before a 1 to 3 digit calling code and ")": one alternative per code length, the code's
# digits counted off the number's, so that the pattern needs no lookahead (the Rust engine has none).
_BRACKETED_CODE = "|".join(
    rf"\d{{{length}}}\)[ \u00a0]?\d"
    + _more_digits(_INTERNATIONAL_DIGITS[0] - length - 1, _INTERNATIONAL_DIGITS[1] - length - 1)
    for length in (1, 2, 3)
)
# "+47 …", "0049 …", "(+44) …": the calling code and the NSN, in any grouping; the check finds the
# calling code, and the number may end before the last group ("+47 912 34 567 2024").
INTERNATIONAL_PATTERN = Pattern(
    "phone_international",
    _BEFORE
    + rf"(?:\(\+(?:{_BRACKETED_CODE})|(?:\+|00)[ \u00a0]?\d"
    + _more_digits(_INTERNATIONAL_DIGITS[0] - 1, _INTERNATIONAL_DIGITS[1] - 1)
    + ")"
    + _AFTER_INTERNATIONAL,
    INTERNATIONAL_SCORE,
)
TRUNK_PATTERN = Pattern(
    "phone_national_trunk",
    _BEFORE
    + rf"(?:0[1-9]\d{{0,3}}{_SEP}\d{{2,8}}(?:{_SEP}\d{{2,5}}){{0,3}}|0[1-9]\d{{6,9}})"
    + _AFTER_NATIONAL,
    FORMATTED_SCORE,
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
# a fixed-size group of a phonenumbers format pattern: "(\d{3})"
_FIXED_GROUP = re.compile(r"\(\\d\{(\d+)\}\)")
_TRUNK_IN_PARENTHESES = re.compile(r"\(\s*0\s*\)")
# the start of an IBAN up to a position inside it: "FI21 1234 " before "5600 0007 85", "AD " before
# "04 3685 2702 …"
_IBAN_HEAD = re.compile(r"[A-Za-z]{2}[ \u00a0]?(?:\d\d[0-9A-Za-z \u00a0.]*)?\Z")
_LONGEST_IBAN = max(IBAN_LENGTHS.values()) + 10
# where a "+"/"00" number may be cut short: before a separator that follows a digit
_GROUP_END = re.compile(r"\d(?=[ \u00a0.\-/()])")


def _ascii_digits(text: str) -> str:
    """The digits of `text` as ASCII: the patterns' \\d takes any decimal digit ("+358 ００40 …"), the
    checks below compare with "0" and the numbering plans' patterns are ASCII. phonenumbers converts
    the rare text that needs it."""
    digits = _NON_DIGIT.sub("", text)
    return digits if digits.isascii() else normalize_digits_only(digits)


def _entity(kind: int) -> str:
    return BUSINESS_ENTITY if kind in BUSINESS_KINDS else PERSONAL_ENTITY


def _kind_name(kind: int) -> str:
    return PhoneNumberType.to_string(kind).lower()


@lru_cache(maxsize=65_536)
def _kind_in(nsn: str, calling_code: str) -> int | None:
    """The phonenumbers type of `nsn` under `calling_code`, None when it is not valid there. Remembered:
    one cell often holds the number twice ("(+45) 97 89 56 80" is also matched as 8 national digits)
    and an export repeats numbers in different writings."""
    phone_type = number_type(PhoneNumber(country_code=int(calling_code), national_number=int(nsn)))
    return None if phone_type == PhoneNumberType.UNKNOWN else phone_type


@lru_cache(maxsize=65_536)
def _international_number(digits: str) -> tuple[str, int] | None:
    """(region, type) of "+" + `digits` (calling code first), None when phonenumbers does not accept it
    as a valid number of any region. Most numbers are the calling code and the NSN as written, asked
    for directly; the rest go through `parse`, which drops a written trunk prefix ("+46 070 …") and
    keeps a leading zero where the plan has one (Italy)."""
    for length in (1, 2, 3):
        if int(digits[:length]) in COUNTRY_CODE_TO_REGION_CODE:
            nsn = digits[length:]
            break
    else:
        return None
    if nsn[:1] != "0":
        number = PhoneNumber(country_code=int(digits[:length]), national_number=int(nsn))
        kind = number_type(number)  # UNKNOWN when the number is valid in none of the code's regions
        if kind != PhoneNumberType.UNKNOWN:
            return phonenumbers.region_code_for_number(number), kind
    try:
        number = phonenumbers.parse("+" + digits, None)
    except NumberParseException:
        return None
    region = phonenumbers.region_code_for_number(number)
    if region is None or not phonenumbers.is_valid_number_for_region(number, region):
        return None
    return region, number_type(number)


@lru_cache(maxsize=8)
def _plan_groupings(region: str) -> frozenset[tuple[int, ...]]:
    """The digit groupings `region`'s numbering plan writes its numbers in, from phonenumbers' formats
    (NO: 3-2-3 and 2-2-2-2; DK: 2-2-2-2; IS: 3-4 and 3-3-3)."""
    metadata = PhoneMetadata.metadata_for_region(region)
    groupings = (tuple(int(n) for n in _FIXED_GROUP.findall(f.pattern)) for f in metadata.number_format)
    return frozenset(grouping for grouping in groupings if grouping)


def _classify(nsn: str, regions: tuple[str, ...]) -> list[tuple[str, int]]:
    """The (region, type) pairs for which `nsn` is a valid national significant number."""
    kinds = (
        (region, _kind_in(nsn, code)) for code, region in CALLING_CODE_REGION.items() if region in regions
    )
    return [(region, kind) for region, kind in kinds if kind is not None]


def _found(region: str, kind: int, score: float, reasons: tuple[str, ...], **flags: object) -> Verdict:
    return Verdict(
        valid=True,
        entity=_entity(kind),
        score=score,
        reasons=(*reasons, f"valid {region} {_kind_name(kind).replace('_', ' ')} number"),
        flags={"region": region, "kind": _kind_name(kind), **flags},
    )


def _national_verdict(
    nsn: str, regions: tuple[str, ...], score: float, form_reason: str, groups: tuple[int, ...] = ()
) -> Verdict:
    """Keep the match if `nsn` is valid for one of `regions`. A region in one of whose own groupings the
    text is written (`groups`) is preferred and raises the score to FORMATTED_SCORE; otherwise a region
    where the number is a mobile."""
    if not nsn or nsn[0] == "0":
        return REJECT
    valid = _classify(nsn, regions)
    if not valid:
        return REJECT
    grouped = [pair for pair in valid if groups in _plan_groupings(pair[0])]
    if grouped:
        score, form_reason = FORMATTED_SCORE, "grouped as the numbering plan writes it"
    # a person's number before a business's, a mobile first: "82 91 80 40" is a Danish mobile and a
    # Norwegian premium-rate number
    region, kind = min(
        grouped or valid, key=lambda pair: (pair[1] in BUSINESS_KINDS, pair[1] != PhoneNumberType.MOBILE)
    )
    others = [other for other, _ in valid if other != region]
    extra: dict[str, object] = {"also_valid_for": others} if others else {}
    return _found(region, kind, score, (form_reason,), **extra)


@lru_cache(maxsize=65_536)
def _international(text: str) -> Verdict:
    """ "+47 912 34 567", "0049 (0)30 123456", "(+44) 121 234 5678": a calling code and a number
    phonenumbers validates. Where the whole text is not one, the longest run of its leading groups that
    is ("+47 912 34 567 2024": the number, then a year) is kept, narrowed with `span`. Remembered: an
    export writes the same numbers again and again, in cells and in notes."""
    cuts = [len(text)] + [match.end() for match in reversed(list(_GROUP_END.finditer(text)))]
    for end in cuts:
        digits = _ascii_digits(_TRUNK_IN_PARENTHESES.sub("", text[:end]))
        if text.startswith("00"):
            digits = digits[2:]
        if len(digits) < _INTERNATIONAL_DIGITS[0]:
            break
        found = _international_number(digits)
        if found is not None:
            return replace(
                _found(*found, INTERNATIONAL_SCORE, ("written with a +/00 country code",)),
                span=None if end == len(text) else (0, end),
                value_evidence=True,
            )
    return REJECT


def classify_phone(text: str) -> Verdict:
    """Decide whether `text`, a match of one of the phone patterns, is a phone number.

    The patterns are disjoint, so the shape tells which one matched: "+"/"00"/"(+" international, a leading
    0 the SE/FI trunk form, 9+ digits a Nordic country code without plus, 8 digits NO/DK, 7 digits IS.
    """
    if text.startswith(("+", "00", "(+")):
        return _international(text)
    if _DATE_SHAPE.fullmatch(text):
        return REJECT
    digits = _ascii_digits(text)
    separated = len(digits) != len(text)
    if digits[0] == "0":
        score = FORMATTED_SCORE if separated else NEEDS_CONTEXT_SCORE
        reason = "national form with trunk 0" + ("" if separated else ", unformatted, needs context")
        return _national_verdict(digits[1:], TRUNK_REGIONS, score, reason)
    if len(digits) >= 9:
        calling_code, nsn = _split_calling_code(digits)
        region = CALLING_CODE_REGION[calling_code]
        return _national_verdict(
            nsn, (region,), NEEDS_CONTEXT_SCORE, "country code without plus, needs context"
        )
    # phonenumbers groups NO, DK and IS numbers with spaces: another separator is not their grouping
    groups = tuple(len(group) for group in re.split(r"[ \u00a0]", text)) if "-" not in text else ()
    if len(digits) == 8:
        return _national_verdict(
            digits, ("NO", "DK"), NEEDS_CONTEXT_SCORE, "bare 8 digits, needs context", groups
        )
    return _national_verdict(digits, ("IS",), NEEDS_CONTEXT_SCORE, "bare 7 digits, needs context", groups)


def _split_calling_code(digits: str) -> tuple[str, str]:
    """("47", "91234567") from "4791234567"; the calling code is "" when it is not Nordic."""
    for length in (3, 2):
        if digits[:length] in CALLING_CODE_REGION:
            return digits[:length], digits[length:]
    return "", digits


class NordicPhoneRecognizer(CheckedPatternRecognizer):
    """Phone numbers of every region with a "+"/"00" calling code; NO, SE, DK, FI and IS also in their
    national writings."""

    ENTITIES: ClassVar[dict[str, str]] = {PERSONAL_ENTITY: "PHONE", BUSINESS_ENTITY: "BUSINESS_ID"}
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

    # the IBAN's pattern is the one iban_spans runs: where its candidate does not match, no phone is
    # inside an IBAN and the phones that stand follow from their spans
    STANDING_READS_TEXT_OF: ClassVar[type | None] = NordicIbanRecognizer

    def standing(self, text: str, results: list[RecognizerResult]) -> list[RecognizerResult]:
        """The phone matches, less those inside another one ("82 91 80 40" in "(+45) 82 91 80 40", which
        may read as another region's number of another type) and those inside a valid IBAN
        ("FI21 1234 5600 0007 85" holds digit groups that a phone pattern reads as a Finnish number)."""
        if not results:
            return results
        spans = [(r.start, r.end) for r in results]
        outer = [
            r
            for r in results
            if not any(s <= r.start and r.end <= e and (s, e) != (r.start, r.end) for s, e in spans)
        ]
        # only where an IBAN's head (country letters, check digits, more of it) runs up to a phone
        if not any(_IBAN_HEAD.search(text, max(0, r.start - _LONGEST_IBAN), r.start) for r in outer):
            return outer
        accounts = iban_spans(text)
        return [r for r in outer if not any(start <= r.start and r.end <= end for start, end in accounts)]
