"""Column statistics: whether a column of bare numbers is a column of identifiers, from its pass rate.

A bare 10-digit number is a Danish CPR, a Swedish personnummer, a kennitala, a YYMMDDHHMM call reference
or an order number: per value nothing tells them apart, so alone it scores below the threshold (it has no
evidence). Per column they separate: identifiers pass their check at ~100 %, references and random digits
at the chance rate p of the check on that shape.

The scoring rule (the reference engine's; any other engine must give the same numbers):

1. A *shape* is a bare cell (the stripped cell is ASCII digits 0-9 and nothing else) of one of the
   digit counts a check lists in `shapes`; n counts the column's cells of that shape, all of them
   (counted on the whole column, not only on the cells a candidate pattern picked).
2. k counts those cells whose recognizer verdict holds the check's `reason` (the check passed: "Luhn
   digit valid"), whatever their score.
3. Only when n ≥ MIN_CANDIDATES: r = Wilson lower bound of k/n at z = WILSON_Z (a small column does not
   swing), π = max(0, (r − p) / (1 − p)) the share of real identifiers, and a passing cell is an
   identifier with probability π / (π + (1 − π)·p): that is the score of every passing cell of the shape.
4. The column reports them when that score reaches the scanner's threshold, with the reason
   "k of n bare 10-digit values pass the Luhn check; chance 10 %". Otherwise the passing cells are chance
   collisions (n ≥ MIN_CANDIDATES: the column is silent) or too few to judge (the `possible` tier).

Which readings are kept (scanner/batch_scan.py, for any engine that must match): every reading a
recognizer's check accepted is computed at any score; at or above the threshold it is a finding; below
it, it is *unconfirmed* when its verdict holds the check's `reason`, no negative word in the cell's text
lowered it (a negative header word does not count) and no national ID is reported in the same cell.
Unconfirmed readings are kept per column as (type, check, digit count or "" for a non-bare cell) and
become findings (step 4), suppressed chance collisions (n ≥ MIN_CANDIDATES, not lifted, or another
check won that digit count) or `possible` (the rest). Readings of one place by two national IDs at the
threshold are first cut to the best-supported one (scanner/detector.py `one_national_reading`).

n and k are counters that add up across batches, workers and Spark tasks; the decision is taken once the
column is complete (scanner/classify.py).

>>> round(column_score(2000, 1987, 0.10), 4)
0.9983
>>> column_score(2000, 205, 0.10), column_score(10, 10, 0.10)
(0.0, None)
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

MIN_CANDIDATES = 20
# A one-sided 99.9 % lower bound: 20 random 10-digit values pass a 1-in-10 check 8 times or more (what
# z = 3.09 needs to lift them) with probability 1e-4.
WILSON_Z = 3.09


@dataclass(frozen=True)
class DigitSum:
    """The check as digit arithmetic on a bare number, for whole-column expressions: Σ f(wᵢ·dᵢ) ≡ 0
    (mod `modulus`) over the digits from `offset`, where f adds the digits of a two-digit product when
    `luhn` (Luhn doubling) and is the product itself otherwise (weighted mod 11)."""

    weights: tuple[int, ...]
    modulus: int
    offset: int = 0
    luhn: bool = False

    def passes(self, digits: str) -> bool:
        products = (w * int(d) for w, d in zip(self.weights, digits[self.offset :], strict=False))
        return sum(p - 9 if self.luhn and p >= 10 else p for p in products) % self.modulus == 0


LUHN_10 = DigitSum((2, 1) * 5, 10, luhn=True)


@dataclass(frozen=True, eq=False)  # one instance per recognizer: compared and hashed by identity
class ColumnCheck:
    """The check a recognizer's bare candidates pass, as column statistics count it.

    `name` names it in reasons ("Luhn check"); `reason` is the phrase a passing verdict carries;
    `shapes` maps a digit count to the chance p that a decoy of that many bare digits passes the check
    (explained on the recognizer). `digit_sums` (per digit count) is the check digit as arithmetic, a
    necessary condition of `reason`: the scanner sends a bare cell under a neutral header to the
    recognizer only when it holds (recognizers.base: BARE_NUMBER_CEILINGS)."""

    name: str
    reason: str
    shapes: dict[int, float] = field(default_factory=dict)
    digit_sums: dict[int, DigitSum] = field(default_factory=dict)

    def chance(self, digits: int) -> float:
        return self.shapes[digits]


def column_checks(recognizers: Iterable[object]) -> dict[str, ColumnCheck]:
    """The column checks the recognizers declare, by name."""
    checks = (getattr(recognizer, "COLUMN_CHECK", None) for recognizer in recognizers)
    return {check.name: check for check in checks if check is not None}


# The cells column statistics count, in the Rust dialect for whole-column counts (scanner/batch_scan.py).
BARE_DIGITS = r"^\s*[0-9]+\s*$"


def bare_digits(value: str) -> int | None:
    """The digit count of a bare cell (ASCII digits only, surrounding white space aside), else None."""
    stripped = value.strip()
    return len(stripped) if stripped.isascii() and stripped.isdigit() else None


def wilson_lower_bound(k: int, n: int, z: float = WILSON_Z) -> float:
    """The Wilson score interval's lower bound for k successes in n trials."""
    if n == 0:
        return 0.0
    rate = k / n
    centre = rate + z * z / (2 * n)
    spread = z * math.sqrt(rate * (1 - rate) / n + z * z / (4 * n * n))
    return max(0.0, (centre - spread) / (1 + z * z / n))


def column_score(n: int, k: int, chance: float) -> float | None:
    """The probability that a passing bare candidate is an identifier, or None below MIN_CANDIDATES."""
    if n < MIN_CANDIDATES:
        return None
    share = max(0.0, (wilson_lower_bound(k, n) - chance) / (1 - chance))
    if share == 0:
        return 0.0
    return share / (share + (1 - share) * chance)


def column_reason(n: int, k: int, digits: int, check: ColumnCheck) -> str:
    """'column: 1 987 of 2 000 bare 10-digit values pass the Luhn check; chance 10 %'."""
    return (
        f"column: {k:,} of {n:,} bare {digits}-digit values pass the {check.name};"
        f" chance {100 * check.chance(digits):.0f} %"
    ).replace(",", " ")
