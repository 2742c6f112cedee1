"""Numbers contact-center exports are full of that are not personal data: the decoys a scanner must
leave alone.

Order, invoice and customer numbers of 8–12 digits, call references written YYMMDDHHMM or YYYYMMDDHHMM,
amounts with a decimal comma, UUIDs, Unix epochs, dates, times, product codes, postcodes and case ids.
Each generator takes a `random.Random` and a country (NO, SE, DK, FI, IS; it picks the local writing
of amounts, dates and postcodes) and returns the text of one value. Timestamps fall in 2015–2025, the
years in which YYMMDDHHMM call references pass the Danish CPR date rule (see
shared/reference/nordic-identifiers.md, "False-positive traps"). The bare digit strings (call
references, epochs, UUIDs) are `benchmarks.synthetic.phones.DECOYS`, shared with the recognizer tests.

>>> import random
>>> rng = random.Random(1)
>>> len(call_ref(rng, "NO")), len(call_ref_long(rng, "NO")), postcode(rng, "SE")[3]
(10, 12, ' ')
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from random import Random

from benchmarks.synthetic.phones import DECOYS as DIGIT_DECOYS

FIRST_TIMESTAMP = datetime.datetime(2015, 1, 1)
LAST_TIMESTAMP = datetime.datetime(2025, 12, 31, 23, 59)
CURRENCY = {"NO": "kr", "SE": "kr", "DK": "kr.", "FI": "€", "IS": "kr."}
CURRENCY_CODE = {"NO": "NOK", "SE": "SEK", "DK": "DKK", "FI": "EUR", "IS": "ISK"}
# Thousands separator in local writing: a space in NO/SE/FI, a dot in DK/IS.
THOUSANDS = {"NO": " ", "SE": " ", "DK": ".", "FI": " ", "IS": "."}
POSTCODE_DIGITS = {"NO": 4, "SE": 5, "DK": 4, "FI": 5, "IS": 3}


def timestamp(rng: Random) -> datetime.datetime:
    """A minute between 2015 and 2025."""
    minutes = int((LAST_TIMESTAMP - FIRST_TIMESTAMP).total_seconds() // 60)
    return FIRST_TIMESTAMP + datetime.timedelta(minutes=rng.randrange(minutes + 1))


def _number(rng: Random, fewest: int, most: int) -> str:
    """A number of `fewest` to `most` digits, each length equally likely, no leading zero."""
    digits = rng.randint(fewest, most)
    return str(rng.randrange(10 ** (digits - 1), 10**digits))


def order_no(rng: Random, country: str = "NO") -> str:
    """An order number: 8–12 digits."""
    return _number(rng, 8, 12)


def invoice_no(rng: Random, country: str = "NO") -> str:
    """An invoice number: 8–10 digits."""
    return _number(rng, 8, 10)


def customer_no(rng: Random, country: str = "NO") -> str:
    """A customer number: 8–12 digits."""
    return _number(rng, 8, 12)


def call_ref(rng: Random, country: str = "NO") -> str:
    """A call reference written YYMMDDHHMM."""
    return DIGIT_DECOYS["yymmddhhmm"](rng)


def call_ref_long(rng: Random, country: str = "NO") -> str:
    """A call reference written YYYYMMDDHHMM."""
    return DIGIT_DECOYS["yyyymmddhhmm"](rng)


def amount(rng: Random, country: str = "NO") -> str:
    """An amount with a decimal comma and the local currency: "1 234,50 kr", "EUR 89,90"."""
    whole = int(rng.lognormvariate(6, 1.5))
    grouped = f"{whole:,}".replace(",", THOUSANDS[country]) if rng.random() < 0.7 else str(whole)
    number = f"{grouped},{rng.randrange(100):02d}"
    return f"{CURRENCY_CODE[country]} {number}" if rng.random() < 0.3 else f"{number} {CURRENCY[country]}"


def uuid(rng: Random, country: str = "NO") -> str:
    """A random (version 4) UUID."""
    return DIGIT_DECOYS["uuid"](rng)


def epoch(rng: Random, country: str = "NO") -> str:
    """A Unix epoch in seconds (10 digits) or, one time in four, milliseconds (13 digits)."""
    return DIGIT_DECOYS["epoch_millis" if rng.random() < 0.25 else "epoch_seconds"](rng)


def date(rng: Random, country: str = "NO") -> str:
    """A recent date, local ("14.03.2024", "14-03-2024") or ISO ("2024-03-14")."""
    day = timestamp(rng).date()
    local = {"NO": "%d.%m.%Y", "SE": "%Y-%m-%d", "DK": "%d-%m-%Y", "FI": "%d.%m.%Y", "IS": "%d.%m.%Y"}
    return f"{day:%Y-%m-%d}" if rng.random() < 0.3 else day.strftime(local[country])


def time(rng: Random, country: str = "NO") -> str:
    """A clock time, "14:05" or "14.05"."""
    moment = timestamp(rng)
    return f"{moment:%H}{rng.choice(':.')}{moment:%M}"


def product_code(rng: Random, country: str = "NO") -> str:
    """A product or article code: "SKU-48213-B", "ART 1234567", "P-20391"."""
    letter = rng.choice("ABCDEFGHKLMNPRSTX")
    return rng.choice(
        (
            f"SKU-{rng.randrange(10000, 100000)}-{letter}",
            f"ART {rng.randrange(10**6, 10**7)}",
            f"P-{rng.randrange(10000, 100000)}",
            f"{letter}{rng.randrange(100, 1000)}-{rng.randrange(1000, 10000)}",
        )
    )


def postcode(rng: Random, country: str = "NO") -> str:
    """A postcode: NO/DK 4 digits, FI 5, IS 3, SE 5 written "123 45"."""
    digits = POSTCODE_DIGITS[country]
    code = f"{rng.randrange(1 if country == 'IS' else 10, 10**digits):0{digits}d}"
    return f"{code[:3]} {code[3:]}" if country == "SE" else code


def case_id(rng: Random, country: str = "NO") -> str:
    """A ticket or case id: "CS-2024-004512", "INC0012345", "#48211"."""
    return rng.choice(
        (
            f"CS-{timestamp(rng).year}-{rng.randrange(10**6):06d}",
            f"INC{rng.randrange(10**7):07d}",
            f"#{rng.randrange(10000, 1000000)}",
        )
    )


DECOYS: dict[str, Callable[[Random, str], str]] = {
    "order_no": order_no,
    "invoice_no": invoice_no,
    "customer_no": customer_no,
    "call_ref": call_ref,
    "call_ref_long": call_ref_long,
    "amount": amount,
    "uuid": uuid,
    "epoch": epoch,
    "date": date,
    "time": time,
    "product_code": product_code,
    "postcode": postcode,
    "case_id": case_id,
}
