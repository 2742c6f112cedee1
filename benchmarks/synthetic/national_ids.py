"""Valid fake Nordic national identity numbers, written the ways exports write them.

Each generator takes a `random.Random` (a seed reproduces a corpus) and a written form from
`WRITTEN_FORMS[kind]`, and returns a number its recognizer's `validate` accepts today. `GENERATORS` maps
each kind to its generator; `change_one_digit` makes the near-miss decoy. Birth dates fall between
1900-01-01 and today (a Swedish "+" number: a person who turns 100 this year or earlier). The numbers
are random: any likeness to a real person's number is chance.

>>> import random
>>> len(fodselsnummer(random.Random(1), "hyphen"))
12
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from random import Random

from recognizers.checksums import luhn_check_digit, mod11_check_digit
from recognizers.national_ids import dk_cpr, fi_hetu, is_kennitala, no_fodselsnummer

FIRST_BIRTH_DATE = datetime.date(1900, 1, 1)
SEPARATORS: dict[str, str] = {
    "compact": "",
    "space": " ",
    "hyphen": "-",
    "plus": "+",
    "long": "",
    "long_hyphen": "-",
}


def _birth_date(
    rng: Random, first: datetime.date = FIRST_BIRTH_DATE, last: datetime.date | None = None
) -> datetime.date:
    last = last or datetime.date.today()
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def _written(digits: str, form: str) -> str:
    return digits[:6] + SEPARATORS[form] + digits[6:]


def _no_individual(rng: Random, year: int) -> int:
    """An individual number III that gives `year`'s century (see no_fodselsnummer.birth_century)."""
    if year < 1940:
        return rng.randrange(500)
    if year < 2000:
        return rng.choice((rng.randrange(500), rng.randrange(900, 1000)))
    return rng.randrange(500, 1000)


def _norwegian(rng: Random, form: str, day_shift: int = 0, month_shift: int = 0) -> str:
    while True:
        birth = _birth_date(rng)
        first9 = (
            f"{birth.day + day_shift:02d}{birth.month + month_shift:02d}{birth:%y}"
            f"{_no_individual(rng, birth.year):03d}"
        )
        if checks := no_fodselsnummer.check_digits(first9):
            return _written(first9 + checks, form)


def fodselsnummer(rng: Random, form: str = "compact") -> str:
    """A Norwegian fødselsnummer."""
    return _norwegian(rng, form)


def d_nummer(rng: Random, form: str = "compact") -> str:
    """A Norwegian D-nummer (day + 40)."""
    return _norwegian(rng, form, day_shift=40)


def h_nummer(rng: Random, form: str = "compact") -> str:
    """A Norwegian H-nummer (month + 40; NAV's synthetic test numbers look the same)."""
    return _norwegian(rng, form, month_shift=40)


def synthetic_fodselsnummer(rng: Random, form: str = "compact") -> str:
    """A Skatteetaten synthetic test fødselsnummer (month + 80)."""
    return _norwegian(rng, form, month_shift=80)


def fh_nummer(rng: Random, form: str = "compact") -> str:
    """A Norwegian FH-nummer: first digit 8 or 9, no date."""
    while True:
        first9 = f"{rng.choice('89')}{rng.randrange(10**8):08d}"
        if checks := no_fodselsnummer.check_digits(first9):
            return _written(first9 + checks, form)


def _swedish(rng: Random, form: str, day_shift: int) -> str:
    today = datetime.date.today()
    if form == "plus":  # "+" from the year the person turns 100
        birth = _birth_date(rng, last=datetime.date(today.year - 100, 12, 31))
    elif form.startswith("long"):
        birth = _birth_date(rng)
    else:
        birth = _birth_date(rng, first=datetime.date(today.year - 99, 1, 1))
    first9 = f"{birth:%y%m}{birth.day + day_shift:02d}{rng.randrange(1000):03d}"
    century = f"{birth.year // 100}" if form.startswith("long") else ""
    return century + _written(f"{first9}{luhn_check_digit(first9)}", form)


def personnummer(rng: Random, form: str = "hyphen") -> str:
    """A Swedish personnummer."""
    return _swedish(rng, form, day_shift=0)


def samordningsnummer(rng: Random, form: str = "hyphen") -> str:
    """A Swedish samordningsnummer (day + 60)."""
    return _swedish(rng, form, day_shift=60)


def _cpr_7th_digits(year: int) -> str:
    """The 7th digits that give `year`'s century (see stdnum.dk.cpr)."""
    yy = year % 100
    if year < 2000:
        return "0123" if yy <= 36 else "012349"
    return "456789" if yy <= 36 else "5678"


def _cpr(rng: Random, form: str, mod11: bool) -> str:
    while True:
        birth = _birth_date(rng)
        first9 = f"{birth:%d%m%y}{rng.choice(_cpr_7th_digits(birth.year))}{rng.randrange(100):02d}"
        check = mod11_check_digit(first9, dk_cpr.WEIGHTS[:9])
        if not mod11:
            return _written(f"{first9}{rng.choice([d for d in range(10) if d != check])}", form)
        if check is not None:
            return _written(f"{first9}{check}", form)


def cpr(rng: Random, form: str = "hyphen") -> str:
    """A Danish CPR-nummer that passes mod 11."""
    return _cpr(rng, form, mod11=True)


def cpr_without_mod11(rng: Random, form: str = "hyphen") -> str:
    """A Danish CPR-nummer of the kind issued since 2007 that fails mod 11."""
    return _cpr(rng, form, mod11=False)


def _hetu(rng: Random, individuals: range) -> str:
    birth = _birth_date(rng)
    sign = rng.choice("-YXWVU" if birth.year < 2000 else "ABCDEF")
    first9 = f"{birth:%d%m%y}{rng.choice(individuals):03d}"
    return f"{first9[:6]}{sign}{first9[6:]}{fi_hetu.check_character(first9)}"


def hetu(rng: Random, form: str = "standard") -> str:
    """A Finnish henkilötunnus, individual number 002–899 (one written form: the sign is the separator)."""
    return _hetu(rng, range(2, 900))


def hetu_temporary(rng: Random, form: str = "standard") -> str:
    """A temporary Finnish henkilötunnus, individual number 900–999."""
    return _hetu(rng, range(900, 1000))


def kennitala(rng: Random, form: str = "hyphen") -> str:
    """An Icelandic person's kennitala."""
    while True:
        birth = _birth_date(rng)
        first8 = f"{birth:%d%m%y}{rng.randrange(20, 100)}"
        check = mod11_check_digit(first8, is_kennitala.WEIGHTS)
        if check is not None:
            return _written(f"{first8}{check}{9 if birth.year < 2000 else 0}", form)


GENERATORS: dict[str, Callable[[Random, str], str]] = {
    "no_fodselsnummer": fodselsnummer,
    "no_d_nummer": d_nummer,
    "no_h_nummer": h_nummer,
    "no_synthetic_fodselsnummer": synthetic_fodselsnummer,
    "no_fh_nummer": fh_nummer,
    "se_personnummer": personnummer,
    "se_samordningsnummer": samordningsnummer,
    "dk_cpr": cpr,
    "dk_cpr_without_mod11": cpr_without_mod11,
    "fi_hetu": hetu,
    "fi_hetu_temporary": hetu_temporary,
    "is_kennitala": kennitala,
}
WRITTEN_FORMS: dict[str, tuple[str, ...]] = {
    "no_fodselsnummer": ("compact", "space", "hyphen"),
    "no_d_nummer": ("compact", "space", "hyphen"),
    "no_h_nummer": ("compact", "space", "hyphen"),
    "no_synthetic_fodselsnummer": ("compact", "space", "hyphen"),
    "no_fh_nummer": ("compact", "space", "hyphen"),
    "se_personnummer": ("compact", "space", "hyphen", "plus", "long", "long_hyphen"),
    "se_samordningsnummer": ("compact", "space", "hyphen", "plus", "long", "long_hyphen"),
    "dk_cpr": ("compact", "space", "hyphen"),
    "dk_cpr_without_mod11": ("compact", "space", "hyphen"),
    "fi_hetu": ("standard",),
    "fi_hetu_temporary": ("standard",),
    "is_kennitala": ("compact", "space", "hyphen"),
}


def change_one_digit(rng: Random, number: str, positions: Sequence[int] | None = None) -> str:
    """`number` with one digit replaced by another; `positions` (indices among the digits only) limits
    which digits may change, for digits no checksum covers (a 12-digit personnummer's century)."""
    digit_indices = [i for i, char in enumerate(number) if char.isdigit()]
    if positions is not None:
        digit_indices = [digit_indices[p] for p in positions]
    i = rng.choice(digit_indices)
    new_digit = rng.choice([d for d in "0123456789" if d != number[i]])
    return number[:i] + new_digit + number[i + 1 :]
