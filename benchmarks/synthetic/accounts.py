"""Valid fake account, card, business, passport, email and IP values, written the ways exports write them.

The identifiers of issue 3 that are not national IDs or phones: Norwegian kontonummer, Nordic IBANs,
payment cards (test IINs: Visa 4, Mastercard 51-55/2221-2720, American Express 34/37), business IDs,
passport numbers, email addresses on example domains and IP addresses from the documentation ranges.
Each generator takes a `random.Random` and a written form from `WRITTEN_FORMS[kind]`; `GENERATORS`
maps each kind to its generator. Check digits are computed, so every value passes its recognizer's
check; the rest is random.

>>> import random
>>> kontonummer(random.Random(1), "dotted")[4], len(iban(random.Random(1), "compact", country="IS"))
('.', 26)
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from functools import partial
from random import Random

from stdnum import iban as stdnum_iban
from stdnum import luhn, numdb

from recognizers.checksums import mod11_check_digit

KONTONUMMER_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
NO_ORGNR_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
DK_CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2)
FI_YTUNNUS_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)
IS_KENNITALA_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
IBAN_COUNTRIES: tuple[str, ...] = ("NO", "SE", "DK", "FI", "IS")
# BBAN length of the IBANs python-stdnum checks by structure only; NO's BBAN is a kontonummer and IS's
# ends with the holder's kennitala.
IBAN_BBAN_DIGITS: dict[str, int] = {"SE": 20, "DK": 14, "FI": 14}
CARD_PREFIXES: dict[str, tuple[tuple[str, ...], int]] = {
    "visa": (("4",), 16),
    "mastercard": (("51", "52", "53", "54", "55", "2221", "2720"), 16),
    "american_express": (("34", "37"), 15),
    "uatp": (("1",), 15),
}
# How each length is grouped when written in groups (UATP 4-5-6, Amex 4-6-5, the rest in fours).
CARD_GROUPS: dict[str, tuple[int, ...]] = {"uatp": (4, 5, 6), "american_express": (4, 6, 5)}
# What follows a card number in a note: nothing, its expiry, its CVC, both, or a second card.
CARD_TRAILERS: tuple[str, ...] = (
    "alone",
    "expiry",
    "expiry_2027",
    "cvc",
    "expiry_and_cvc",
    "second_card_space",
    "second_card_slash",
)
EMAIL_DOMAINS: tuple[str, ...] = (
    "example.no",
    "example.se",
    "example.dk",
    "example.fi",
    "example.is",
    "example.com",
)
EMAIL_NAMES: tuple[str, ...] = ("kari", "ola", "sven", "anna", "mette", "jussi", "sigríður", "jørgen", "åsa")
DOCUMENTATION_V4 = ipaddress.ip_network("198.51.100.0/24")
DOCUMENTATION_V6 = ipaddress.ip_network("2001:db8::/32")


def _random_digits(rng: Random, count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


def _with_mod11(rng: Random, prefix: str, count: int, weights: tuple[int, ...]) -> str:
    """`prefix`, random digits up to `count` − 1, then the mod 11 check digit (drawn again on 10)."""
    while True:
        body = prefix + _random_digits(rng, count - 1 - len(prefix))
        check = mod11_check_digit(body, weights)
        if check is not None:
            return f"{body}{check}"


def _sep(form: str) -> str:
    return {"compact": "", "spaced": " ", "dotted": ".", "hyphen": "-"}[form]


def kontonummer(rng: Random, form: str = "dotted") -> str:
    """A Norwegian bank account number, "1234.56.78903" (dotted), spaced, hyphen or compact."""
    digits = _with_mod11(rng, str(rng.randrange(1000, 10000)), 11, KONTONUMMER_WEIGHTS)
    return _sep(form).join((digits[:4], digits[4:6], digits[6:]))


def iban(rng: Random, form: str = "grouped", country: str = "NO") -> str:
    """An IBAN of `country` (NO, SE, DK, FI, IS), "compact" or "grouped" in fours."""
    if country == "NO":
        bban = kontonummer(rng, "compact")
    elif country == "IS":
        # bank, ledger, account, then the holder's kennitala (an organisation's here)
        bban = _random_digits(rng, 4) + "26" + _random_digits(rng, 6) + is_kennitala_org(rng, "compact")
    else:
        bban = _random_digits(rng, IBAN_BBAN_DIGITS[country])
    compact = country + stdnum_iban.calc_check_digits(country + "00" + bban) + bban
    return stdnum_iban.format(compact) if form == "grouped" else compact


def payment_card(rng: Random, form: str = "grouped", scheme: str = "visa") -> str:
    """A Luhn-valid card number of `scheme`, compact, grouped with spaces or with hyphens (Amex 4-6-5)."""
    prefixes, length = CARD_PREFIXES[scheme]
    prefix = rng.choice(prefixes)
    body = prefix + _random_digits(rng, length - 1 - len(prefix))
    digits = body + luhn.calc_check_digit(body)
    sizes = CARD_GROUPS.get(scheme, (4, 4, 4, 4))
    groups, start = [], 0
    for size in sizes:
        groups.append(digits[start : start + size])
        start += size
    return {"compact": "", "grouped": " ", "hyphen": "-"}[form].join(groups)


def card_with_trailer(rng: Random, form: str, scheme: str, trailer: str) -> tuple[str, list[tuple[int, int]]]:
    """A card of `scheme` in `form` followed by `trailer` (see CARD_TRAILERS), and the spans of the
    card numbers in it (two for a second card)."""
    card = payment_card(rng, form, scheme)
    month, year = rng.randrange(1, 13), rng.randrange(25, 35)
    cvc = f"{rng.randrange(1000 if scheme == 'american_express' else 100, 10000 if scheme == 'american_express' else 1000)}"
    if trailer.startswith("second_card"):
        other = payment_card(rng, form, rng.choice(sorted(CARD_PREFIXES)))
        join = (
            " / "
            if trailer == "second_card_slash" and rng.random() < 0.5
            else ("/" if trailer == "second_card_slash" else " ")
        )
        start = len(card) + len(join)
        return card + join + other, [(0, len(card)), (start, start + len(other))]
    tail = {
        "alone": "",
        "expiry": f" {month:02d}/{year:02d}",
        "expiry_2027": f" {month:02d}/20{year:02d}",
        "cvc": f" {cvc}",
        "expiry_and_cvc": f" {month:02d}/{year:02d} {cvc}",
    }[trailer]
    return card + tail, [(0, len(card))]


def _registry_bban(country: str) -> str:
    """The BBAN structure python-stdnum's IBAN registry gives `country` ("4!n6!n1!n")."""
    return next(prefix[3]["bban"] for prefix in numdb.get("iban").prefixes if prefix[1] == country)


IBAN_REGISTRY_COUNTRIES: tuple[str, ...] = tuple(
    sorted(prefix[1] for prefix in numdb.get("iban").prefixes if "bban" in prefix[3])
)
_BBAN_CHARACTERS = {
    "n": "0123456789",
    "a": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "c": "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
}
# The writings of any country's IBAN, and the Norwegian account groupings.
IBAN_FORMS: tuple[str, ...] = ("compact", "grouped", "country_apart")
NO_IBAN_FORMS: tuple[str, ...] = ("account_spaced", "account_dotted")


def any_iban(rng: Random, country: str, form: str = "grouped") -> str:
    """A valid IBAN of any registry country: the BBAN drawn from its structure until python-stdnum
    accepts it (some countries have national check digits), in one of IBAN_FORMS or NO_IBAN_FORMS."""
    fields = [(int(size), kind) for size, kind in re.findall(r"(\d+)!([nac])", _registry_bban(country))]
    while True:
        if country == "NO":
            bban = kontonummer(rng, "compact")
        else:
            bban = "".join(rng.choice(_BBAN_CHARACTERS[kind]) for size, kind in fields for _ in range(size))
        compact = country + stdnum_iban.calc_check_digits(country + "00" + bban) + bban
        if stdnum_iban.is_valid(compact):
            break
    if form == "compact":
        return compact
    grouped = stdnum_iban.format(compact)
    if form == "grouped":
        return grouped
    if form == "country_apart":
        return grouped[:2] + " " + grouped[2:]
    account = compact[4:]
    sep = " " if form == "account_spaced" else "."
    return f"{compact[:4]} {account[:4]}{sep}{account[4:6]}{sep}{account[6:]}"


def no_orgnr(rng: Random, form: str = "spaced") -> str:
    """A Norwegian organisasjonsnummer, "923 456 783" (spaced) or compact."""
    digits = _with_mod11(rng, rng.choice("89"), 9, NO_ORGNR_WEIGHTS)
    return _sep(form).join((digits[:3], digits[3:6], digits[6:]))


def se_orgnr(rng: Random, form: str = "hyphen") -> str:
    """A Swedish organisationsnummer, "552100-0009" (hyphen) or compact; digits 3-4 are 20-99."""
    body = f"{rng.choice('1235789')}{rng.randrange(10)}{rng.randrange(20, 100)}{_random_digits(rng, 5)}"
    digits = body + luhn.calc_check_digit(body)
    return digits[:6] + _sep(form) + digits[6:]


def dk_cvr(rng: Random, form: str = "compact") -> str:
    """A Danish CVR number, compact or in spaced pairs."""
    digits = _with_mod11(rng, str(rng.randrange(1, 10)), 8, DK_CVR_WEIGHTS)
    if form == "spaced":
        return " ".join(digits[i : i + 2] for i in range(0, 8, 2))
    return digits


def fi_ytunnus(rng: Random, form: str = "hyphen", prefix: str = "") -> str:
    """A Finnish Y-tunnus, "1234567-1" (hyphen) or compact, starting with `prefix` (the older ones
    start with 0: "0112038-9")."""
    digits = _with_mod11(rng, prefix, 8, FI_YTUNNUS_WEIGHTS)
    return digits[:7] + _sep(form) + digits[7:]


def is_kennitala_org(rng: Random, form: str = "hyphen") -> str:
    """An Icelandic organisation's kennitala (day + 40), "510185-2189" (hyphen) or compact."""
    while True:
        year, month, day = rng.randrange(1950, 2025), rng.randrange(1, 13), rng.randrange(1, 29)
        first8 = f"{day + 40:02d}{month:02d}{year % 100:02d}{rng.randrange(20, 100)}"
        check = mod11_check_digit(first8, IS_KENNITALA_WEIGHTS)
        if check is not None:
            digits = f"{first8}{check}{'9' if year < 2000 else '0'}"
            return digits[:6] + _sep(form) + digits[6:]


def passport(rng: Random, form: str = "compact", country: str = "SE") -> str:
    """A passport number's shape: SE 8 digits, DK 9 digits, FI 2 capital letters + 7 digits."""
    if country == "FI":
        letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVXYZ") for _ in range(2))
        return letters + f"{rng.randrange(1, 10)}{_random_digits(rng, 6)}"
    return f"{rng.randrange(1, 10)}{_random_digits(rng, 7 if country == 'SE' else 8)}"


def email_address(rng: Random, form: str = "dotted") -> str:
    """An address on an example domain: "kari.ola@example.no" (dotted), plus_tag, subdomain, underscore."""
    first, last = rng.choice(EMAIL_NAMES), rng.choice(EMAIL_NAMES)
    domain = rng.choice(EMAIL_DOMAINS)
    return {
        "dotted": f"{first}.{last}@{domain}",
        "plus_tag": f"{first}+kundeservice@{domain}",
        "subdomain": f"{first}{rng.randrange(100)}@mail.{domain}",
        "underscore": f"{first}_{last}@{domain}",
    }[form]


def ip_address(rng: Random, form: str = "ipv4") -> str:
    """An address from the documentation ranges: ipv4, ipv6 (compressed) or ipv6_full."""
    if form == "ipv4":
        return str(DOCUMENTATION_V4[rng.randrange(1, 255)])
    address = DOCUMENTATION_V6[rng.randrange(1, 2**64)]
    return address.exploded if form == "ipv6_full" else str(address)


GENERATORS: dict[str, Callable[[Random, str], str]] = {
    "no_kontonummer": kontonummer,
    **{f"iban_{country.lower()}": partial(iban, country=country) for country in IBAN_COUNTRIES},
    **{f"card_{scheme}": partial(payment_card, scheme=scheme) for scheme in CARD_PREFIXES},
    "no_orgnr": no_orgnr,
    "se_orgnr": se_orgnr,
    "dk_cvr": dk_cvr,
    "fi_ytunnus": fi_ytunnus,
    "is_kennitala_org": is_kennitala_org,
    **{f"{country.lower()}_passport": partial(passport, country=country) for country in ("SE", "DK", "FI")},
    "email": email_address,
    "ip": ip_address,
}
WRITTEN_FORMS: dict[str, tuple[str, ...]] = {
    "no_kontonummer": ("dotted", "spaced", "hyphen", "compact"),
    **{f"iban_{country.lower()}": ("compact", "grouped") for country in IBAN_COUNTRIES},
    **{f"card_{scheme}": ("compact", "grouped", "hyphen") for scheme in CARD_PREFIXES},
    "no_orgnr": ("spaced", "compact"),
    "se_orgnr": ("hyphen", "compact"),
    "dk_cvr": ("compact", "spaced"),
    "fi_ytunnus": ("hyphen", "compact"),
    "is_kennitala_org": ("hyphen", "compact"),
    **{f"{country}_passport": ("compact",) for country in ("se", "dk", "fi")},
    "email": ("dotted", "plus_tag", "subdomain", "underscore"),
    "ip": ("ipv4", "ipv6", "ipv6_full"),
}
