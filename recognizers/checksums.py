"""Check-digit arithmetic shared by the national identity numbers: weighted mod 11 and Luhn.

Weighted mod 11 (Norwegian K1 and K2, Danish CPR, Icelandic kennitala) is written here once; python-stdnum
keeps a private copy in each country module and has none for the Norwegian 2032 rule. Luhn (Swedish
personnummer) is python-stdnum's `luhn`, which is right, behind the names the recognizers use.

>>> mod11_check_digit("010190120", (3, 7, 6, 1, 8, 9, 4, 5, 2))
5
>>> mod11_check_digit("010190123", (3, 7, 6, 1, 8, 9, 4, 5, 2)) is None
True
>>> luhn_check_digit("850314123"), luhn_is_valid("8503141239"), luhn_is_valid("8503141235")
(9, True, False)
"""

from __future__ import annotations

from collections.abc import Sequence

from stdnum import luhn


def weighted_sum(digits: str, weights: Sequence[int]) -> int:
    """Σ digit·weight; `digits` and `weights` must have the same length."""
    return sum(int(digit) * weight for digit, weight in zip(digits, weights, strict=True))


def mod11_check_digit(digits: str, weights: Sequence[int]) -> int | None:
    """The digit C that makes Σ digit·weight + C ≡ 0 (mod 11), i.e. 11 − (S mod 11) with 11 → 0.

    None when C would be 10: no number is issued with such a prefix.
    """
    check = -weighted_sum(digits, weights) % 11
    return None if check == 10 else check


def luhn_check_digit(digits: str) -> int:
    """The Luhn digit to append to `digits`."""
    return int(luhn.calc_check_digit(digits))


def luhn_is_valid(digits: str) -> bool:
    """Whether `digits`, check digit last, pass Luhn; False for anything that is not all digits."""
    return luhn.is_valid(digits)
