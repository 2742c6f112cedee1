"""Canonical forms of a known person's identifiers, and every digit string they may be written as.

A data-subject search (`ccscan find`) is given a person's identifiers and must find them however an
export wrote them. Each identifier is turned into its *writings*: the exact strings a text candidate is
compared with (digits only for numbers: separators never count).

- National ID: the digits, whatever the separators (`010190 12345` and `01019012345` are one writing).
  A Swedish personnummer is written with 10 or 12 digits (`900101-1234`, `19900101-1234`): both are
  writings, the 10-digit one is the key. A Finnish HETU keeps its century sign and check character
  (`010190-123A`, upper case): matched as a whole token; `010190-1234` is read both ways.
- Phone: every reading of the number in every region (phonenumbers' metadata) gives its E.164 key;
  its writings are the country code and national significant number (NSN) with or without "00", with
  the trunk prefix after the country code (`+46 (0)70…`), and the national form: trunk prefix + NSN
  where the region has one (`070…`), the bare NSN where it has none (`912 34 567`). A national writing
  is *local*: it does not count right after a country code (`+47 91234567` is not the Danish
  `91234567`).
- Email: lower case. Customer number: as given, trimmed. Name: its words, lower case.

>>> national_id_writings("19900101-1234").writings
('9001011234', '199001011234')
>>> phone_readings("+47 912 34 567")[0].key
'+4791234567'
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneMetadata, PhoneNumberFormat, format_number, national_significant_number

from recognizers.national_ids.fi_hetu import check_character
from recognizers.national_ids.se_personnummer import birth_year
from recognizers.phones import CALLING_CODE_REGION

# The regions a number written without a country code is read in: the Nordic ones ccscan knows.
HOME_REGIONS: tuple[str, ...] = tuple(CALLING_CODE_REGION.values())
INTERNATIONAL_PREFIX = "00"
MIN_ID_DIGITS = 6

# What a number looks like in text: digit groups joined by at most two separators (`+46 (0)70-123 45
# 67`, `010190 12345`, `650101+1234`). Candidates are whole groups or runs of consecutive groups, never part of a
# group: a national ID inside a longer number is not that ID.
NUMBER_SEPARATOR = r"[\s\-./()+]{1,2}"
NUMBER_RUN = rf"\+?\d+(?:{NUMBER_SEPARATOR}\d+)*"
# A group keeps the "+" written before it: "+47" is a country code, "650101+1234" a Swedish number of
# someone over 100.
DIGIT_GROUP = r"\+?\d+"
# An ISO or day-first date grouped 4-2-2 or 2-2-4 is never a phone or an ID, whatever its digits; nor is
# one followed by a timestamp's hour: "2024-01-15 09:00:00" runs as "2024-01-15 09" (":" separates no
# number), whose groups would read as the Danish phone 20 24 01 15.
DATE_RUN = r"^(?:\d{4}([\-./])\d{2}[\-./]\d{2}|\d{2}([\-./])\d{2}[\-./]\d{4})(?:\s\d{2})?$"
# A HETU: DDMMYY, century sign, ZZZ, check character, as a whole token (a run of HETU_TOKEN).
HETU = r"(?i)^\d{6}[\-+A-FU-Y]\d{3}[0-9A-Y]$"
HETU_TOKEN = r"[\w+\-]+"
HETU_NEEDLE = r"\d{6}[\-+A-Fa-fU-Yu-y]\d{3}"
HETU_WRITTEN = re.compile(HETU)
EMAIL = r"[\w.+\-']+@[\w\-]+(?:\.[\w\-]+)+"
# A token that holds a digit (a customer number, an order reference), without trailing punctuation.
TOKEN = r"[\w\-./#]*\d[\w\-./#]*"
TOKEN_EDGE = ".-/#"
NAME_WORD = r"[^\W\d_]+"
_NAME_WORD = re.compile(NAME_WORD)


class NotAnIdentifier(ValueError):
    """A subject's field does not hold the identifier it names; the message never quotes the value."""


@dataclass(frozen=True)
class Writings:
    """An identifier's canonical key and the digit strings it is found under; `local` writings do not
    count right after a country code; `tokens` are found as whole HETU-shaped tokens."""

    key: str
    writings: tuple[str, ...]
    local: tuple[str, ...] = ()
    tokens: tuple[str, ...] = ()  # matched as a whole token of its own shape (a HETU), not as digits


def national_id_writings(text: str, today: datetime.date | None = None) -> Writings:
    """The writings of a national identity number of any Nordic country. "DDMMYY-NNNC" is both a
    Danish, Swedish or Icelandic number and, when its last character is a valid check character, a
    Finnish HETU: it gets the writings of both."""
    written = text.strip()
    hetu = written.upper() if HETU_WRITTEN.fullmatch(written) else None
    if hetu is not None and not hetu.replace("-", "").replace("+", "").isdigit():
        return Writings(hetu, (), tokens=(hetu,))  # a letter: only a HETU
    tokens = (hetu,) if hetu is not None and check_character(hetu[:6] + hetu[7:10]) == hetu[10] else ()
    digits = re.sub(r"\D", "", written)
    if len(digits) < MIN_ID_DIGITS or not digits.isascii() or re.search(r"[^\d\s\-+./]", written):
        raise NotAnIdentifier("not a national identity number (digits and separators only)")
    if len(digits) == 12 and digits[:2] in ("18", "19", "20"):
        return Writings(digits[2:], (digits[2:], digits), tokens=tokens)  # the Swedish 12-digit form
    if len(digits) == 10 and 1 <= int(digits[2:4]) <= 12:
        # a Swedish 10-digit form is also written with its century; "+" marks a person over 100
        separator = "+" if "+" in written else "-"
        year = birth_year(int(digits[:2]), separator, today or datetime.date.today())
        return Writings(digits, (digits, f"{year // 100}{digits}"), tokens=tokens)
    return Writings(digits, (digits,), tokens=tokens)


def phone_readings(text: str) -> list[Writings]:
    """One Writings per valid reading of `text` as a phone number (E.164 key): the number as written
    with a country code ("+" or "00"), else in each home region where it is valid and written as
    that region writes it (see `_written_as_national`)."""
    written = text.strip()
    if written.startswith(INTERNATIONAL_PREFIX):
        written = "+" + written[len(INTERNATIONAL_PREFIX) :]
    regions: tuple[str | None, ...] = (None,) if written.startswith("+") else HOME_REGIONS
    readings: dict[str, Writings] = {}
    for region in regions:
        if region is not None and not _written_as_national(written, region):
            continue
        try:
            number = phonenumbers.parse(written, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            key = format_number(number, PhoneNumberFormat.E164)
            readings.setdefault(key, _phone_writings(key, number))
    if not readings:
        raise NotAnIdentifier("not a valid phone number in any region")
    return list(readings.values())


def _written_as_national(written: str, region: str) -> bool:
    """Whether a number without country code is written as `region` writes its numbers at home: with
    its trunk prefix where it has one (SE, FI: "070…"), without a leading 0 where it has none."""
    trunk = PhoneMetadata.metadata_for_region(region).national_prefix or ""
    digits = re.sub(r"\D", "", written)
    return digits.startswith(trunk) if trunk else not digits.startswith("0")


def _phone_writings(key: str, number: phonenumbers.PhoneNumber) -> Writings:
    code, nsn = str(number.country_code), national_significant_number(number)
    region = phonenumbers.region_code_for_number(number)
    metadata = PhoneMetadata.metadata_for_region(region) if region else None
    trunk = (metadata.national_prefix if metadata else None) or ""
    international = {code + nsn, code + trunk + nsn}
    writings = [*sorted(international), *sorted(INTERNATIONAL_PREFIX + form for form in international)]
    return Writings(key, tuple(writings), local=(trunk + nsn,))


def email_key(text: str) -> Writings:
    """An email address, lower case (as polars lowercases the text it is compared with)."""
    address = text.strip().lower()
    if not re.fullmatch(EMAIL, address):
        raise NotAnIdentifier("not an email address")
    return Writings(address, (address,))


def customer_number_key(text: str) -> Writings:
    """A customer number as given, trimmed: it is matched exactly, as a whole token holding a digit."""
    number = text.strip().strip(TOKEN_EDGE)
    if not re.fullmatch(TOKEN, number):
        raise NotAnIdentifier("a customer number must hold a digit and no spaces")
    return Writings(number, (number,))


def name_words(text: str) -> tuple[str, ...]:
    """The words of a person's name, lower case, each once, in order."""
    return tuple(dict.fromkeys(_NAME_WORD.findall(text.lower())))
