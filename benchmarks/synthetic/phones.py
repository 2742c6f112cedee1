"""Valid fake Nordic phone numbers written the ways exports write them, and the digit strings that look
like phone numbers but are not (the decoys every recognizer's false-positive test uses).

Each generator takes a `random.Random` (a seed reproduces a corpus) and a written form from
`WRITTEN_FORMS[kind]`, and returns a number phonenumbers accepts as that kind (`GENERATORS` maps each
kind to its generator). The numbers are random: any likeness to a real subscriber's number is chance.

>>> import random
>>> phone_number(random.Random(3), "se_mobile", "national")[:2]
'07'
>>> DECOYS["date_time"](random.Random(3))[:2]
'20'
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Callable
from functools import partial
from random import Random

import phonenumbers
from phonenumbers import PhoneNumber, PhoneNumberFormat, PhoneNumberType

CALLING_CODE: dict[str, int] = {"NO": 47, "SE": 46, "DK": 45, "FI": 358, "IS": 354}

# kind: (region, leading digits of the national significant number, its lengths, accepted types)
NSN_SHAPES: dict[str, tuple[str, tuple[str, ...], tuple[int, ...], frozenset[int]]] = {
    "no_mobile": ("NO", ("4", "9"), (8,), frozenset({PhoneNumberType.MOBILE})),
    "no_fixed_line": ("NO", ("2", "3", "5", "6", "7"), (8,), frozenset({PhoneNumberType.FIXED_LINE})),
    "se_mobile": ("SE", ("70", "72", "73", "76", "79"), (9,), frozenset({PhoneNumberType.MOBILE})),
    "se_fixed_line": ("SE", ("8", "31", "40", "18"), (7, 8, 9), frozenset({PhoneNumberType.FIXED_LINE})),
    "dk": (
        "DK",
        tuple("23456789"),
        (8,),
        frozenset({PhoneNumberType.FIXED_LINE_OR_MOBILE, PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE}),
    ),
    "fi_mobile": ("FI", ("40", "41", "44", "45", "46", "50"), (9, 10), frozenset({PhoneNumberType.MOBILE})),
    "fi_fixed_line": ("FI", ("9", "2", "3"), (7, 8, 9), frozenset({PhoneNumberType.FIXED_LINE})),
    "is_mobile": ("IS", ("6", "7", "8"), (7,), frozenset({PhoneNumberType.MOBILE})),
    "is_fixed_line": ("IS", ("4", "5"), (7,), frozenset({PhoneNumberType.FIXED_LINE})),
}

# Written with the calling code: the same for every region.
INTERNATIONAL_FORMS: tuple[str, ...] = (
    "e164",
    "international",
    "international_00",
    "compact_00",
    "country_code_in_parentheses",
    "country_code_without_plus",
)
_NATIONAL_FORMS: dict[str, tuple[str, ...]] = {
    "NO": ("national", "national_compact", "grouped_3_2_3", "grouped_2_2_2_2", "grouped_4_4"),
    "DK": ("national", "national_compact", "grouped_3_2_3", "grouped_2_2_2_2", "grouped_4_4"),
    "SE": (
        "national",
        "national_compact",
        "national_spaces",
        "area_hyphen_subscriber",
        "area_3_rest",
        "trunk_in_parentheses",
    ),
    "FI": (
        "national",
        "national_compact",
        "national_spaces",
        "area_hyphen_subscriber",
        "area_3_rest",
        "trunk_in_parentheses",
    ),
    "IS": ("national", "national_compact", "national_hyphen"),
}
WRITTEN_FORMS: dict[str, tuple[str, ...]] = {
    kind: INTERNATIONAL_FORMS + _NATIONAL_FORMS[region] for kind, (region, *_) in NSN_SHAPES.items()
}


def national_significant_number(rng: Random, kind: str) -> PhoneNumber:
    """A random number phonenumbers accepts as `kind` (drawn until one fits)."""
    region, leads, lengths, types = NSN_SHAPES[kind]
    while True:
        lead = rng.choice(leads)
        rest = rng.choice(lengths) - len(lead)
        nsn = lead + f"{rng.randrange(10**rest):0{rest}d}"
        number = PhoneNumber(country_code=CALLING_CODE[region], national_number=int(nsn))
        if phonenumbers.number_type(number) in types:
            return number


def _grouped(digits: str, sizes: tuple[int, ...]) -> str:
    groups, start = [], 0
    for size in sizes:
        groups.append(digits[start : start + size])
        start += size
    return " ".join(groups)


def written(number: PhoneNumber, form: str) -> str:
    """`number` in one written form; see `WRITTEN_FORMS`."""
    calling_code = str(number.country_code)
    nsn = str(number.national_number)
    international = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    national = phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    # SE/FI national format: trunk 0 and area code, then the subscriber number ("070-123 45 67")
    area, _, subscriber = national.partition("-" if "-" in national else " ")
    subscriber = re.sub(r"\D", "", subscriber)
    forms = {
        "e164": f"+{calling_code}{nsn}",
        "international": international,
        "international_00": "00" + international[1:],
        "compact_00": f"00{calling_code}{nsn}",
        "country_code_in_parentheses": international.replace(f"+{calling_code}", f"(+{calling_code})", 1),
        "country_code_without_plus": f"{calling_code}{nsn}",
        "national": national,
        "national_compact": re.sub(r"\D", "", national),
        "grouped_3_2_3": _grouped(nsn, (3, 2, 3)),
        "grouped_2_2_2_2": _grouped(nsn, (2, 2, 2, 2)),
        "grouped_4_4": _grouped(nsn, (4, 4)),
        "national_spaces": national.replace("-", " "),
        "area_hyphen_subscriber": f"{area}-{subscriber}",
        "area_3_rest": f"{area} {subscriber[:3]} {subscriber[3:]}",
        "trunk_in_parentheses": international.replace(" ", " (0)", 1),
        "national_hyphen": national.replace(" ", "-"),
    }
    return forms[form]


def phone_number(rng: Random, kind: str, form: str = "international") -> str:
    """A valid `kind` phone number (for example "no_mobile") written in `form`."""
    return written(national_significant_number(rng, kind), form)


def _generator(kind: str) -> Callable[[Random, str], str]:
    def generate(rng: Random, form: str = "international") -> str:
        return phone_number(rng, kind, form)

    return generate


GENERATORS: dict[str, Callable[[Random, str], str]] = {kind: _generator(kind) for kind in NSN_SHAPES}


def _digits(rng: Random, count: int) -> str:
    return f"{rng.randrange(1, 10)}{rng.randrange(10 ** (count - 1)):0{count - 1}d}"


def _timestamp(rng: Random) -> datetime.datetime:
    """A minute in 2015-2025 (days 1-28, so that every month has them)."""
    year, month, day = rng.randrange(2015, 2026), rng.randrange(1, 13), rng.randrange(1, 29)
    return datetime.datetime(year, month, day, rng.randrange(24), rng.randrange(60))


def _written_timestamp(written: str) -> Callable[[Random], str]:
    """A timestamp decoy in the strftime writing `written`."""
    return lambda rng: _timestamp(rng).strftime(written)


def _date_time(rng: Random) -> str:
    return f"{_timestamp(rng):%Y-%m-%d %H:%M}:{rng.randrange(60):02d}"


def _amount(rng: Random) -> str:
    whole = rng.randrange(1000, 100_000_000)
    return f"{whole:,}".replace(",", " ") + f",{rng.randrange(100):02d}"


def _ipv4(rng: Random) -> str:
    return ".".join(str(rng.randrange(1, 255)) for _ in range(4))


def _version(rng: Random) -> str:
    return ".".join(str(rng.randrange(0, 20)) for _ in range(rng.choice((3, 4))))


# --- every region, written with its calling code ---------------------------------------------------------

# phonenumbers' types of a person's phone, and of a business's or a service's (reported BUSINESS_PHONE)
PERSONAL_TYPES: tuple[int, ...] = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE)
BUSINESS_TYPES: tuple[int, ...] = (
    PhoneNumberType.TOLL_FREE,
    PhoneNumberType.PREMIUM_RATE,
    PhoneNumberType.SHARED_COST,
    PhoneNumberType.UAN,
    PhoneNumberType.VOICEMAIL,
)
# The "+"/"00" writings of any region; "trunk_in_parentheses" only where the region has a trunk prefix.
REGION_FORMS: tuple[str, ...] = (
    "e164",
    "international",
    "international_00",
    "compact_00",
    "country_code_in_parentheses",
    "trunk_in_parentheses",
)


def _same_type(number: PhoneNumber, phone_type: int) -> bool:
    found = phonenumbers.number_type(number)
    fixed_or_mobile = {PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE}
    return found == phone_type or (
        found == PhoneNumberType.FIXED_LINE_OR_MOBILE and phone_type in fixed_or_mobile
    )


def region_number(rng: Random, region: str, phone_type: int) -> PhoneNumber | None:
    """A valid number of `region` and `phone_type`: phonenumbers' example number for the type with its
    last digits drawn at random until the plan accepts it (the example itself after 50 draws); None
    where the region has no number of that type."""
    example = phonenumbers.example_number_for_type(region, phone_type)
    if example is None:
        return None
    nsn = phonenumbers.national_significant_number(example)
    tail = min(4, max(len(nsn) - 3, 1))
    for _ in range(50):
        digits = nsn[:-tail] + f"{rng.randrange(10**tail):0{tail}d}"
        number = phonenumbers.parse(f"+{example.country_code}{digits}", None)
        if phonenumbers.is_valid_number_for_region(number, region) and _same_type(number, phone_type):
            return number
    return example


def region_forms(region: str) -> tuple[str, ...]:
    """The "+"/"00" writings of `region`: "+44 (0)…" only where the plan's trunk prefix is 0."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    has_trunk = bool(metadata and metadata.national_prefix == "0")
    return tuple(form for form in REGION_FORMS if has_trunk or form != "trunk_in_parentheses")


def written_with_calling_code(number: PhoneNumber, form: str) -> str:
    """`number` in one of `REGION_FORMS`."""
    calling_code = str(number.country_code)
    international = phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)
    nsn = phonenumbers.national_significant_number(number)
    return {
        "e164": f"+{calling_code}{nsn}",
        "international": international,
        "international_00": "00" + international[1:],
        "compact_00": f"00{calling_code}{nsn}",
        "country_code_in_parentheses": international.replace(f"+{calling_code}", f"(+{calling_code})", 1),
        "trunk_in_parentheses": international.replace(f"+{calling_code} ", f"+{calling_code} (0)", 1),
    }[form]


# Digit strings contact-center exports are full of; none is a phone number, an account or an identity.
DECOYS: dict[str, Callable[[Random], str]] = {
    "yymmddhhmm": _written_timestamp("%y%m%d%H%M"),
    "ddmmyyhhmm": _written_timestamp("%d%m%y%H%M"),
    "yyyymmddhhmm": _written_timestamp("%Y%m%d%H%M"),
    "date_time": _date_time,
    "order_number_8": partial(_digits, count=8),
    "order_number_10": partial(_digits, count=10),
    "order_number_11": partial(_digits, count=11),
    "amount": _amount,
    "uuid": lambda rng: str(uuid.UUID(int=rng.getrandbits(128), version=4)),
    "epoch_seconds": lambda rng: str(rng.randrange(1_420_070_400, 1_767_225_600)),
    "epoch_millis": lambda rng: str(rng.randrange(1_420_070_400_000, 1_767_225_600_000)),
    "ipv4": _ipv4,
    "version": _version,
}
