"""Nordic postal addresses: street and house number (NORDIC_ADDRESS), postal code and town (POSTAL_CODE_TOWN).

A street is a capitalised word with a Nordic street ending ("Storgata", "Kungsgatan", "Vesterbrogade",
"Mannerheimintie", "Laugavegur") or capitalised words before a street word ("Karl Johans gate",
"Sergels torg", "Frederiksberg Allé"), followed by a house number (and letter): "Storgata 12B" → 0.6.
With a postal code and town after it ("Storgata 12B, 0150 Oslo") the whole address scores 0.85.

A postal code is 4 digits in Norway and Denmark ("0150 Oslo", "2100 København Ø"), 3 + 2 in Sweden
("114 55 Stockholm"), 5 in Finland ("00100 Helsinki"), 3 in Iceland ("101 Reykjavík"), optionally with a
country prefix ("N-0150", "SE-114 55", "FI-00100"). Followed by a town from the shipped lists it scores
0.7; by another capitalised word 0.3, so that an address header or word (adresse, postnummer, bor)
must lift it; a year ("2024 Kunden") or an Icelandic code before an unknown word is not one.

>>> check_address("Storgata 12B, 0150 Oslo").score
0.85
>>> check_address("2024 Kunden").valid
False

A town name alone ("Oslo" as a campaign) is never an address.
"""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers.base import REJECT, CheckedPatternRecognizer, Verdict
from recognizers.lexicons import towns

UPPER = "A-ZÀ-ÖØ-Þ"
LOWER = "a-zß-öø-ÿ"

STREET_ENDINGS: tuple[str, ...] = (
    "veien",
    "vegen",
    "veg",
    "vei",
    "gata",
    "gaten",
    "gate",
    "gatan",
    "vägen",
    "gränd",
    "gränden",
    "gade",
    "gaden",
    "vej",
    "vejen",
    "stræde",
    "allé",
    "alléen",
    "plassen",
    "pladsen",
    "torget",
    "torv",
    "tie",
    "katu",
    "kuja",
    "polku",
    "bakken",
    "stien",
    "stigen",
    "svingen",
    "tunet",
    "kroken",
    "vegur",
    "stræti",
    "braut",
    "stígur",
    "esplanadi",
    "bulevardi",
)
STREET_WORDS: tuple[str, ...] = (
    "gate",
    "gata",
    "vei",
    "veg",
    "vej",
    "gade",
    "allé",
    "Allé",
    "plass",
    "plads",
    "torg",
    "väg",
    "vägen",
    "gränd",
    "stræde",
    "vegur",
    "stræti",
)
# Words that open a street name ("Øvre Slottsgate", "Norra Stationsgatan", "Gamle Drammensvei").
STREET_PREFIXES: tuple[str, ...] = (
    "Øvre",
    "Nedre",
    "Gamle",
    "Store",
    "Lille",
    "Nye",
    "Søndre",
    "Nordre",
    "Vestre",
    "Østre",
    "Nørre",
    "Norra",
    "Södra",
    "Östra",
    "Västra",
    "Stora",
    "Lilla",
    "Gamla",
    "Nya",
    "Vester",
    "Øster",
)
ADDRESS_CONTEXT: tuple[str, ...] = (
    "adresse",
    "adresser",
    "adressen",
    "address",
    "adress",
    "adr",
    "adr.",
    "osoite",
    "osoitteeseen",
    "heimilisfang",
    "gateadresse",
    "gatuadress",
    "postadresse",
    "postadress",
    "leveringsadresse",
    "leveransadress",
    "faktureringsadresse",
    "bosted",
    "bor",
    "bosatt",
    "flyttet",
    "flytter",
    "flyttat",
    "flyttar",
    "asuu",
    "muutti",
    "postnummer",
    "postnr",
    "poststed",
    "postort",
    "postinumero",
    "postitoimipaikka",
    "póstnúmer",
    "zip",
    "postcode",
    "postal",
    "street",
)

_CAP_WORD = rf"[{UPPER}][{LOWER}]+"
# A town: capitalised words (with a district letter, "København Ø") or a word in capitals ("OSLO").
_TOWN = (
    rf"(?:{_CAP_WORD}(?:[ -]{_CAP_WORD})?(?: [A-ZÆØÅ](?![\w]))?"
    rf"|[{UPPER}]{{2,}}(?:[ -][{UPPER}]{{2,}})?)"
)
_POSTAL_CODE = r"(?:(?:NO?|SE?|DK|FIN?|IS)-[ ]?)?(?:\d{3}[ ]\d{2}|\d{3,5})"
POSTAL_CODE_TOWN = rf"(?<![\w-]){_POSTAL_CODE}[ \t]+{_TOWN}"
_STREET = (
    rf"(?:(?:{'|'.join(STREET_PREFIXES)})[ ])?[{UPPER}][{LOWER}]*?(?:{'|'.join(STREET_ENDINGS)})"
    rf"|(?:{_CAP_WORD}\.?[ ]){{1,3}}(?:{'|'.join(STREET_WORDS)})"
)
_HOUSE_NUMBER = r"[1-9]\d{0,3}(?:[ ]?[A-Za-z](?![\w]))?"
STREET_ADDRESS = rf"(?<![\w-])(?:{_STREET})[ ]{_HOUSE_NUMBER}(?![\w])(?:,?[ ]+{POSTAL_CODE_TOWN})?"

STREET_SCORE = 0.6
FULL_ADDRESS_SCORE = 0.85
KNOWN_TOWN_SCORE = 0.7
UNKNOWN_TOWN_SCORE = 0.3

_POSTAL_PARTS = re.compile(
    r"^(?:(?P<country>[A-Z]+)-[ ]?)?(?P<code>\d{3}[ ]\d{2}|\d{3,5})[ \t]+(?P<town>.+)$"
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def _postal_country(code: str, prefix: str | None) -> str:
    """Which country's code shape: 'NO/DK' (4), 'SE' (3+2), 'FI/SE' (5), 'IS' (3)."""
    if prefix:
        return {"N": "NO", "S": "SE", "FIN": "FI"}.get(prefix, prefix)
    if " " in code:
        return "SE"
    return {3: "IS", 4: "NO/DK", 5: "FI/SE"}[len(code)]


def check_postal_code_town(text: str) -> Verdict:
    """A postal code and the town after it."""
    parts = _POSTAL_PARTS.match(text)
    if parts is None:
        return REJECT
    code, town = parts["code"], parts["town"]
    country = _postal_country(code, parts["country"])
    known = town.casefold() in towns() or town.rsplit(" ", 1)[0].casefold() in towns()
    if known:
        return Verdict(
            True,
            "POSTAL_CODE_TOWN",
            KNOWN_TOWN_SCORE,
            ("postal code with a known town",),
            {"country": country},
        )
    if country == "IS" or _YEAR.match(code):
        return REJECT
    return Verdict(
        True,
        "POSTAL_CODE_TOWN",
        UNKNOWN_TOWN_SCORE,
        ("postal code with a capitalised word",),
        {"country": country},
    )


def check_address(text: str) -> Verdict:
    """A street with a house number, or a postal code with a town."""
    if _POSTAL_PARTS.match(text):
        return check_postal_code_town(text)
    tail = re.search(rf",?[ ]+({POSTAL_CODE_TOWN})$", text)
    if tail and check_postal_code_town(tail.group(1)).valid:
        return Verdict(
            True,
            "NORDIC_ADDRESS",
            FULL_ADDRESS_SCORE,
            ("street with a Nordic street ending and house number", "postal code and town"),
        )
    span = (0, tail.start()) if tail else None
    reason = "street with a Nordic street ending and house number"
    return Verdict(True, "NORDIC_ADDRESS", STREET_SCORE, (reason,), span=span)


class NordicAddressRecognizer(CheckedPatternRecognizer):
    """Street addresses and postal code + town in Norway, Sweden, Denmark, Finland and Iceland."""

    ENTITIES = dict.fromkeys(("NORDIC_ADDRESS", "POSTAL_CODE_TOWN"), "ADDRESS")
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("street_and_house_number", rf"(?-i:{STREET_ADDRESS})", STREET_SCORE),
        Pattern("postal_code_and_town", rf"(?-i:{POSTAL_CODE_TOWN})", UNKNOWN_TOWN_SCORE),
    ]
    CONTEXT = ADDRESS_CONTEXT
    # A street ending or word before a house number, or 3–5 digits (a country prefix may precede) before
    # a capitalised word.
    CANDIDATE = (
        rf"(?:{'|'.join(sorted(set(STREET_ENDINGS) | set(STREET_WORDS)))}) [1-9]"
        rf"|\d{{3}}[ ]?\d{{0,2}}[ \t]+[{UPPER}]"
    )

    def check(self, text: str) -> Verdict:
        return check_address(text)
