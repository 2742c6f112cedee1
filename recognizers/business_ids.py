"""Business identifiers (category BUSINESS_ID, lower severity than personal identifiers).

- NO_ORGNR: Norwegian organisasjonsnummer, 9 digits starting with 8 or 9, weighted mod 11 (python-stdnum
  `no.orgnr`); written "923 456 783" or plain. One random 9-digit string in 11 passes: 0.3, context
  (orgnr, foretak …) lifts it.
- SE_ORGNR: Swedish organisationsnummer NNNNNN-NNNN, Luhn over the ten digits and digits 3-4 ≥ 20
  (python-stdnum's `se.orgnr` checks only Luhn). Digits 3-4 are a personnummer's month, so a number that
  is a valid personnummer (a sole trader's orgnr) never passes here: it is the national-ID
  recognizer's. 0.6 with the hyphen, 0.3 without.
- DK_CVR: Danish CVR, 8 digits with weights 2,7,6,5,4,3,2,1 (python-stdnum `dk.cvr`): 0.3, context only.
- FI_YTUNNUS: Finnish Y-tunnus NNNNNNN-C, weights 7,9,10,5,8,4,2 (python-stdnum `fi.ytunnus`): 0.6 with
  the hyphen, 0.3 as eight plain digits.
- IS_KENNITALA_ORG: an Icelandic organisation's kennitala, DDMMYY-RRCM with day + 40 (python-stdnum
  `is_.kennitala`); a person's kennitala is the national-ID recognizer's. 0.6 with the hyphen, 0.3
  without.
- VAT writings of the same numbers (`VatNumberRecognizer`): "NO 923 456 783 MVA", "923456783MVA",
  "DK32456782", "SE556000000101", "FI12345671". The country prefix or the MVA suffix is the writing of
  a business's VAT number, which nothing else shares, so with a valid check digit they score 0.6 (as
  a hyphenated orgnr does) and need no context word; reported as the country's business-ID type.

>>> check_se_orgnr("552100-0009").score, check_se_orgnr("552100-0008").valid
(0.6, False)
>>> check_no_orgnr("923 456 783").valid, check_no_orgnr("923 456 784").valid
(True, False)
>>> check_dk_cvr("32456782").valid, check_fi_ytunnus("1234567-1").valid
(True, True)
>>> check_vat_number("NO 923 456 783 MVA").entity, check_vat_number("DK32456782").entity
('NO_ORGNR', 'DK_CVR')
>>> check_is_kennitala_org("510185-2189").valid, check_is_kennitala_org("110185-2199").valid  # a person
(True, False)
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern
from stdnum.dk import cvr
from stdnum.fi import ytunnus
from stdnum.is_ import kennitala
from stdnum.no import orgnr

from recognizers.base import REJECT, CheckedPatternRecognizer, Verdict
from recognizers.candidates import rust_candidate
from recognizers.checksums import luhn_is_valid
from recognizers.context_words import BUSINESS_ID

WRITTEN_WITH_HYPHEN_SCORE = 0.6
NEEDS_CONTEXT_SCORE = 0.3

# Not inside a word, not after "+" or "-", not the tail of a decimal, time or date ("1.5", "10:22").
_START = r"(?<![\w+\-])(?<!\d[.,:/])"
_END = r"(?!\w|[.,:/]\d|-\w)"
# Space-grouped forms must also not be part of a longer space-grouped number ("1 923 456 783").
_GROUPED_START = r"(?<![\w+\-])(?<!\d[ \u00a0.,:/])"
_GROUPED_END = r"(?!\w|[ \u00a0.,:/]\d|-\w)"


def _digits(text: str) -> str:
    return text.replace(" ", "").replace("\u00a0", "").replace("-", "")


def _hyphen_score(text: str) -> float:
    return WRITTEN_WITH_HYPHEN_SCORE if "-" in text else NEEDS_CONTEXT_SCORE


def check_no_orgnr(text: str) -> Verdict:
    """A Norwegian organisasjonsnummer: first digit 8 or 9 (the pattern) and mod 11."""
    if not orgnr.is_valid(_digits(text)):
        return REJECT
    return Verdict(valid=True, score=NEEDS_CONTEXT_SCORE, reasons=("mod 11 check digit valid",))


def check_se_orgnr(text: str) -> Verdict:
    """A Swedish organisationsnummer: digits 3-4 at least 20 and Luhn."""
    digits = _digits(text)
    if digits[2:4] < "20" or not luhn_is_valid(digits):
        return REJECT
    reasons = ("Luhn check digit valid", "digits 3-4 at least 20")
    return Verdict(valid=True, score=_hyphen_score(text), reasons=reasons)


def check_dk_cvr(text: str) -> Verdict:
    """A Danish CVR number: mod 11 with weights 2,7,6,5,4,3,2,1."""
    if not cvr.is_valid(_digits(text)):
        return REJECT
    return Verdict(valid=True, score=NEEDS_CONTEXT_SCORE, reasons=("mod 11 check digit valid",))


def check_fi_ytunnus(text: str) -> Verdict:
    """A Finnish Y-tunnus: mod 11 with weights 7,9,10,5,8,4,2."""
    if not ytunnus.is_valid(text):
        return REJECT
    return Verdict(valid=True, score=_hyphen_score(text), reasons=("mod 11 check digit valid",))


def check_is_kennitala_org(text: str) -> Verdict:
    """An Icelandic organisation's kennitala: day + 40, a real date and the mod 11 check digit."""
    if int(text[:2]) <= 40 or not kennitala.is_valid(text):
        return REJECT
    reasons = ("mod 11 check digit valid", "day + 40: organisation")
    return Verdict(valid=True, score=_hyphen_score(text), reasons=reasons)


def check_vat_number(text: str) -> Verdict:
    """A Nordic VAT writing of a business ID: the country's check on the digits, then the VAT form."""
    upper, digits = text.upper(), re.sub(r"\D", "", text)
    if upper.endswith("MVA"):
        entity, valid = "NO_ORGNR", digits[:1] in ("8", "9") and orgnr.is_valid(digits)
    elif upper.startswith("DK"):
        entity, valid = "DK_CVR", cvr.is_valid(digits)
    elif upper.startswith("SE"):
        entity, valid = "SE_ORGNR", digits.endswith("01") and check_se_orgnr(digits[:10]).valid
    elif upper.startswith("FI"):
        entity, valid = "FI_YTUNNUS", ytunnus.is_valid(digits)
    else:
        return REJECT
    if not valid:
        return REJECT
    reasons = ("check digit valid", "written as a VAT number (country prefix or MVA)")
    return Verdict(valid=True, entity=entity, score=WRITTEN_WITH_HYPHEN_SCORE, reasons=reasons)


class VatNumberRecognizer(CheckedPatternRecognizer):
    """Business IDs in their VAT writing: NO …MVA, DK, SE …01 and FI prefixes."""

    ENTITIES: ClassVar[dict[str, str]] = dict.fromkeys(
        ("NO_ORGNR", "DK_CVR", "SE_ORGNR", "FI_YTUNNUS"), "BUSINESS_ID"
    )
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "no_mva",
            _START + r"(?:NO[ \u00a0]?)?[89]\d\d(?P<sep>[ \u00a0.]?)\d{3}(?P=sep)\d{3}[ \u00a0]?MVA" + _END,
            WRITTEN_WITH_HYPHEN_SCORE,
        ),
        Pattern(
            "dk_vat",
            _START + r"DK[ \u00a0]?\d\d(?P<sep>[ \u00a0]?)\d\d(?P=sep)\d\d(?P=sep)\d\d" + _END,
            WRITTEN_WITH_HYPHEN_SCORE,
        ),
        Pattern("se_vat", _START + r"SE[ \u00a0]?\d{6}-?\d{4}[ \u00a0]?01" + _END, WRITTEN_WITH_HYPHEN_SCORE),
        Pattern("fi_vat", _START + r"FI[ \u00a0]?\d{8}" + _END, WRITTEN_WITH_HYPHEN_SCORE),
    ]
    CONTEXT: ClassVar[tuple[str, ...]] = BUSINESS_ID
    CANDIDATE: ClassVar[str] = rust_candidate(PATTERNS)

    def check(self, text: str) -> Verdict:
        return check_vat_number(text)


class NoOrgnrRecognizer(CheckedPatternRecognizer):
    """Norwegian organisasjonsnummer: 9 digits starting with 8 or 9, plain or grouped 3-3-3."""

    ENTITIES: ClassVar[dict[str, str]] = {"NO_ORGNR": "BUSINESS_ID"}
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "no_orgnr",
            _GROUPED_START + r"[89]\d\d(?P<sep>[ \u00a0]?)\d{3}(?P=sep)\d{3}" + _GROUPED_END,
            NEEDS_CONTEXT_SCORE,
        ),
    ]
    CONTEXT: ClassVar[tuple[str, ...]] = BUSINESS_ID
    CANDIDATE: ClassVar[str] = rust_candidate(PATTERNS)
    BARE_NUMBER_CEILINGS: ClassVar[dict[int, float]] = {9: NEEDS_CONTEXT_SCORE}
    CONTEXT_FREE_CEILING: ClassVar[float | None] = NEEDS_CONTEXT_SCORE

    def check(self, text: str) -> Verdict:
        return check_no_orgnr(text)


class SeOrgnrRecognizer(CheckedPatternRecognizer):
    """Swedish organisationsnummer: NNNNNN-NNNN or ten plain digits."""

    ENTITIES: ClassVar[dict[str, str]] = {"SE_ORGNR": "BUSINESS_ID"}
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("se_orgnr", _START + r"\d{6}-?\d{4}" + _END, WRITTEN_WITH_HYPHEN_SCORE),
    ]
    CONTEXT: ClassVar[tuple[str, ...]] = BUSINESS_ID
    CANDIDATE: ClassVar[str] = rust_candidate(PATTERNS)
    BARE_NUMBER_CEILINGS: ClassVar[dict[int, float]] = {10: NEEDS_CONTEXT_SCORE}

    def check(self, text: str) -> Verdict:
        return check_se_orgnr(text)


class DkCvrRecognizer(CheckedPatternRecognizer):
    """Danish CVR number: eight digits, plain or in pairs."""

    ENTITIES: ClassVar[dict[str, str]] = {"DK_CVR": "BUSINESS_ID"}
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "dk_cvr",
            _GROUPED_START + r"[1-9]\d(?P<sep>[ \u00a0]?)\d\d(?P=sep)\d\d(?P=sep)\d\d" + _GROUPED_END,
            NEEDS_CONTEXT_SCORE,
        ),
    ]
    CONTEXT: ClassVar[tuple[str, ...]] = BUSINESS_ID
    CANDIDATE: ClassVar[str] = rust_candidate(PATTERNS)
    BARE_NUMBER_CEILINGS: ClassVar[dict[int, float]] = {8: NEEDS_CONTEXT_SCORE}
    CONTEXT_FREE_CEILING: ClassVar[float | None] = NEEDS_CONTEXT_SCORE

    def check(self, text: str) -> Verdict:
        return check_dk_cvr(text)


class FiYtunnusRecognizer(CheckedPatternRecognizer):
    """Finnish Y-tunnus: NNNNNNN-C or eight plain digits."""

    ENTITIES: ClassVar[dict[str, str]] = {"FI_YTUNNUS": "BUSINESS_ID"}
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("fi_ytunnus", _START + r"\d{7}-?\d" + _END, WRITTEN_WITH_HYPHEN_SCORE),
    ]
    CONTEXT: ClassVar[tuple[str, ...]] = BUSINESS_ID
    CANDIDATE: ClassVar[str] = rust_candidate(PATTERNS)
    BARE_NUMBER_CEILINGS: ClassVar[dict[int, float]] = {8: NEEDS_CONTEXT_SCORE}

    def check(self, text: str) -> Verdict:
        return check_fi_ytunnus(text)


class IsKennitalaOrgRecognizer(CheckedPatternRecognizer):
    """Icelandic organisation kennitala: DDMMYY-RRCM with day 41-71, hyphen optional."""

    ENTITIES: ClassVar[dict[str, str]] = {"IS_KENNITALA_ORG": "BUSINESS_ID"}
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("is_kennitala_org", _START + r"[4-7]\d{5}-?\d{4}" + _END, WRITTEN_WITH_HYPHEN_SCORE),
    ]
    # Icelanders label an organisation's number "kennitala" / "kt." too.
    CONTEXT: ClassVar[tuple[str, ...]] = (*BUSINESS_ID, "kennitala", "kt.", "kt", "fyrirtæki*", "félag*")
    CANDIDATE: ClassVar[str] = rust_candidate(PATTERNS)
    BARE_NUMBER_CEILINGS: ClassVar[dict[int, float]] = {10: NEEDS_CONTEXT_SCORE}

    def check(self, text: str) -> Verdict:
        return check_is_kennitala_org(text)
