"""Norwegian bank account numbers (NO_BANK_ACCOUNT) and Nordic IBANs (IBAN_CODE).

Kontonummer: 11 digits, bank code (4), account group (2), account (4) and a weighted mod 11 check digit
(weights 5,4,3,2,7,6,5,4,3,2, as python-stdnum's `no.kontonr`); written "1234.56.78903",
"1234 56 78903" or as 11 plain digits. One random 11-digit string in 11 passes, so plain digits score
0.4 and need an account word or header; the 4-2-5 grouping is written for account numbers only and
scores 0.7. About 1 % of valid account numbers are also valid fødselsnummer: both are reported, the
scanner decides by header.

>>> check_kontonummer("1234.56.78903").score
0.7
>>> check_kontonummer("1234.56.78904").valid
False

IBAN: a country code, two ISO 7064 mod 97 check digits and the national account (BBAN); NO has 15
characters, SE 24, DK 18, FI 18, IS 26 (python-stdnum `iban`, which also checks the Norwegian
kontonummer). Written compact or in groups of four. The two check digits make chance matches rare: 0.85.
The last ten digits of an Icelandic IBAN are usually the holder's kennitala, which is flagged.

>>> check_iban("NO71 1234 5678 903").flags
{'country': 'NO'}
>>> check_iban("NO72 1234 5678 903").valid
False
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern
from stdnum import iban
from stdnum.is_ import kennitala

from recognizers.base import REJECT, CheckedPatternRecognizer, Verdict
from recognizers.candidates import rust_candidate
from recognizers.checksums import mod11_check_digit
from recognizers.context_words import BANK_ACCOUNT
from recognizers.national_ids import DECOY_WORDS

KONTONUMMER_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
KONTONUMMER_SCORE = 0.4
KONTONUMMER_GROUPED_SCORE = 0.7
IBAN_SCORE = 0.85
# Characters after the two-letter country code: 2 check digits + the BBAN.
IBAN_LENGTHS: dict[str, int] = {"NO": 15, "SE": 24, "DK": 18, "FI": 18, "IS": 26}

# Not inside a word, not after "+" or "-", not continuing a number ("12 345", "1.5", "10:22").
_START = r"(?<![\w+\-])(?<!\d[ \u00a0.,:/])"
# Not followed by more of the number ("… 1234", ",50") or a hyphenated code ("-7", "-abcd").
_END = r"(?!\w|[ \u00a0.,:/]\d|-\w)"
_NON_DIGIT = re.compile(r"\D")


def check_kontonummer(text: str) -> Verdict:
    """A Norwegian account number if the mod 11 check digit holds; the 4-2-5 grouping scores higher."""
    digits = _NON_DIGIT.sub("", text)
    if len(set(digits)) == 1 or mod11_check_digit(digits[:10], KONTONUMMER_WEIGHTS) != int(digits[10]):
        return REJECT
    if digits == text:
        return Verdict(valid=True, score=KONTONUMMER_SCORE, reasons=("mod 11 check digit valid",))
    reasons = ("mod 11 check digit valid", "grouped 4-2-5 as account numbers are")
    return Verdict(valid=True, score=KONTONUMMER_GROUPED_SCORE, reasons=reasons)


def check_iban(text: str) -> Verdict:
    """A Nordic IBAN if python-stdnum accepts its mod 97 check digits and its national structure."""
    if not iban.is_valid(text):
        return REJECT
    country = text[:2].upper()
    flags: dict[str, object] = {"country": country}
    reasons = ["mod 97 check digits valid", f"{country} account structure valid"]
    if country == "IS" and kennitala.is_valid(iban.compact(text)[-10:]):
        flags["holder_kennitala"] = True
        reasons.append("ends with a valid kennitala")
    return Verdict(valid=True, score=IBAN_SCORE, reasons=tuple(reasons), flags=flags)


def _iban_grouped(country: str, length: int) -> str:
    """`country` IBAN in groups of four: "NO71 1234 5678 903"."""
    full_groups, rest = divmod(length - 4, 4)
    tail = rf"[ \u00a0]\d{{{rest}}}" if rest else ""
    return rf"{country}\d\d(?:[ \u00a0]\d{{4}}){{{full_groups}}}{tail}"


class NoBankAccountRecognizer(CheckedPatternRecognizer):
    """Norwegian kontonummer: 11 digits, plain or grouped 4-2-5 with dots, spaces or hyphens."""

    ENTITIES: ClassVar[dict[str, str]] = {"NO_BANK_ACCOUNT": "BANK_ACCOUNT"}
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("kontonummer", _START + r"\d{4}(?P<sep>[. -]?)\d{2}(?P=sep)\d{5}" + _END, KONTONUMMER_SCORE),
    ]
    CONTEXT: ClassVar[tuple[str, ...]] = BANK_ACCOUNT
    NEGATIVE_CONTEXT: ClassVar[tuple[str, ...]] = DECOY_WORDS
    CANDIDATE: ClassVar[str] = rust_candidate(PATTERNS)
    BARE_NUMBER_CEILINGS: ClassVar[dict[int, float]] = {11: KONTONUMMER_SCORE}

    def check(self, text: str) -> Verdict:
        return check_kontonummer(text)


class NordicIbanRecognizer(CheckedPatternRecognizer):
    """IBANs of Norway, Sweden, Denmark, Finland and Iceland, compact or in groups of four."""

    ENTITIES: ClassVar[dict[str, str]] = {"IBAN_CODE": "BANK_ACCOUNT"}
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "iban",
            r"(?<!\w)(?:"
            + "|".join(
                rf"{country}\d{{{length - 2}}}|{_iban_grouped(country, length)}"
                for country, length in IBAN_LENGTHS.items()
            )
            + r")(?!\w|[ \u00a0-]\d)",
            IBAN_SCORE,
        ),
    ]
    CONTEXT: ClassVar[tuple[str, ...]] = BANK_ACCOUNT
    CANDIDATE: ClassVar[str] = rust_candidate(PATTERNS)

    def check(self, text: str) -> Verdict:
        return check_iban(text)
