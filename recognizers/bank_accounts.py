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

IBAN: a country code, two ISO 7064 mod 97 check digits and the national account (BBAN), of every
country in python-stdnum's IBAN registry (its lengths and character classes; NO 15 characters, SE 24,
DK 18, FI 18, IS 26, FO and GL 18 …). python-stdnum also checks the national check digits it knows
(the Norwegian kontonummer). Written compact, in groups of four, with a space after the country code
("NO 93 8601 1117 947"), and Norwegian ones also grouped like the account ("NO93 8601 11 17947",
"NO93 8601.11.17947"). The two check digits make chance matches rare: 0.85. The last ten digits of an
Icelandic IBAN are usually the holder's kennitala, which is flagged.

>>> check_iban("NO71 1234 5678 903").flags
{'country': 'NO'}
>>> check_iban("NO72 1234 5678 903").valid
False
>>> check_iban("FO97 5432 0388 8999 44").flags
{'country': 'FO'}
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import ClassVar

import regex
from presidio_analyzer import Pattern
from stdnum import iban, numdb
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


def _registry_lengths() -> dict[str, int]:
    """Country → IBAN length, from python-stdnum's IBAN registry: each BBAN structure ("4!n6!n1!n") is
    a list of fixed-length fields; 4 characters of country code and check digits come first."""
    return {
        prefix[1]: 4 + sum(int(size) for size in re.findall(r"(\d+)!", prefix[3]["bban"]))
        for prefix in numdb.get("iban").prefixes
        if "bban" in prefix[3]
    }


# Every country python-stdnum's IBAN registry lists, with the IBAN's length in characters.
IBAN_LENGTHS: dict[str, int] = _registry_lengths()
_IBAN_SEPARATORS = " \u00a0."

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


@lru_cache(maxsize=16_384)  # the phone recognizer asks again for the IBANs in its cells
def check_iban(text: str) -> Verdict:
    """An IBAN if python-stdnum accepts its country, length, structure and mod 97 check digits (and the
    national check it knows). A match that runs on past the country's length ("… 7466 2024": an IBAN,
    then a year) is narrowed to the IBAN, which must end before a separator."""
    country = text[:2].upper()
    length = IBAN_LENGTHS.get(country)
    if length is None:
        return REJECT
    counted, end = 0, len(text)
    for index, char in enumerate(text):
        if char not in _IBAN_SEPARATORS:
            counted += 1
            if counted == length:
                end = index + 1
                break
    if counted < length or (end < len(text) and text[end] not in _IBAN_SEPARATORS):
        return REJECT
    compact = iban.compact(text[:end].replace("\u00a0", " "))
    if not iban.is_valid(compact):
        return REJECT
    flags: dict[str, object] = {"country": country}
    reasons = ["mod 97 check digits valid", f"{country} account structure valid"]
    if country == "IS" and kennitala.is_valid(compact[-10:]):
        flags["holder_kennitala"] = True
        reasons.append("ends with a valid kennitala")
    span = None if end == len(text) else (0, end)
    return Verdict(valid=True, score=IBAN_SCORE, reasons=tuple(reasons), flags=flags, span=span)


_COUNTRY = "(?:" + "|".join(sorted(IBAN_LENGTHS)) + ")"
_SPACE = "[ \u00a0]"
# Compact; in groups of four after the check digits; or (Norway) the kontonummer grouped 4-2-5. The
# country code may stand apart ("NO 93 …"). The check cuts the match to the country's length.
IBAN_PATTERN = Pattern(
    "iban",
    rf"(?<!\w){_COUNTRY}{_SPACE}?\d\d(?:[0-9A-Z]{{{min(IBAN_LENGTHS.values()) - 4},{max(IBAN_LENGTHS.values()) - 4}}}"
    + rf"|(?:{_SPACE}[0-9A-Z]{{4}}){{2,8}}(?:{_SPACE}[0-9A-Z]{{1,3}})?"
    + rf"|{_SPACE}?\d{{4}}(?P<sep>[ .]?)\d\d(?P=sep)\d{{5}})"
    + r"(?!\w|-\w)",
    IBAN_SCORE,
)


def iban_spans(text: str) -> list[tuple[int, int]]:
    """Where `text` holds a valid IBAN: other recognizers leave the digits inside one alone."""
    spans = []
    for match in _IBAN_REGEX.finditer(text):
        verdict = check_iban(match.group())
        if verdict.valid:
            start = match.start()
            spans.append((start, start + (verdict.span or (0, match.end() - start))[1]))
    return spans


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
    """IBANs of every country in python-stdnum's registry (the name is kept from when it knew the five
    Nordic ones): compact, in groups of four, and the Norwegian account grouping."""

    ENTITIES: ClassVar[dict[str, str]] = {"IBAN_CODE": "BANK_ACCOUNT"}
    PATTERNS: ClassVar[list[Pattern]] = [IBAN_PATTERN]
    CONTEXT: ClassVar[tuple[str, ...]] = BANK_ACCOUNT
    CANDIDATE: ClassVar[str] = rust_candidate(PATTERNS)

    def check(self, text: str) -> Verdict:
        return check_iban(text)


_IBAN_REGEX = regex.compile(IBAN_PATTERN.regex, flags=NordicIbanRecognizer().global_regex_flags)
