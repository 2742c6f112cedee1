"""Nordic national identity numbers: one module per identifier, and the few pieces they share.

Each module follows python-stdnum's shape (`validate` raises a `stdnum.exceptions.ValidationError` that
names what failed, or returns the `Verdict`) and declares one `NationalIdRecognizer`. Shared here: the
pattern bounds, the birth-date rule, the context helper and the decoy words.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import ClassVar

from stdnum.exceptions import InvalidComponent, ValidationError

from recognizers.base import REJECT, CheckedPatternRecognizer, Verdict
from recognizers.context_words import SHARED_NATIONAL_ID

# A match never starts or ends inside a longer run of letters or digits, never follows a "+" (a phone
# number) and never continues a hyphenated code (a UUID, "010190-12345-6").
START = r"(?<![\w+])(?<!\w-)"
END = r"(?!\w|-\w)"

# Words that say the number next to them is a business reference, not a person's identity number.
# Finnish inflects "tilaus" (order) as "tilauksen", "tilauksesta": it needs both stems.
DECOY_WORDS: tuple[str, ...] = (
    "order*",
    "ordre*",
    "beställning*",
    "bestilling*",
    "tilaus*",
    "tilauk*",
    "pöntun*",
    "faktura*",
    "invoice*",
    "lasku*",
    "reikningur",
    "kundenummer",
    "kundenr",
    "kundnummer",
    "kundnr",
    "asiakasnumero",
    "customer number",
    "customer id",
    "ref",
    "referanse",
    "referens",
    "reference",
    "kid",
    "ocr",
    "sak",
    "saksnr",
    "saksnummer",
    "ärende*",
    "sagsnr",
    "sagsnummer",
    "ticket",
    "tracking",
)


def context_for(country_words: tuple[str, ...]) -> tuple[str, ...]:
    """The country's own words first, then the words every national ID shares (English names, identity
    checks, words of several countries). Another country's own word ("cpr" for a kennitala reading of
    the same digits) does not lift this one: the word names which identifier the number is."""
    return tuple(dict.fromkeys(country_words + SHARED_NATIONAL_ID))


def past_birth_date(year: int, month: int, day: int, today: datetime.date) -> datetime.date:
    """The birth date, which must be a real calendar date and not after `today`."""
    try:
        birth = datetime.date(year, month, day)
    except ValueError:
        raise InvalidComponent("birth date is not a calendar date") from None
    if birth > today:
        raise InvalidComponent("birth date is in the future")
    return birth


class NationalIdRecognizer(CheckedPatternRecognizer):
    """A recognizer whose check is its module's `validate`: a ValidationError means "not this identifier"."""

    validate: ClassVar[Callable[[str], Verdict]]

    def check(self, text: str) -> Verdict:
        try:
            return self.validate(text)
        except ValidationError:
            return REJECT
