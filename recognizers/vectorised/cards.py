"""Payment cards: payment_cards.check_card as polars expressions over whole cells (see
recognizers/vectorised), for a card written alone: the IIN ranges and lengths of IIN_RANGES, no run of
one digit or of ascending or descending digits, Luhn, the schemes' test numbers flagged.

A card with its expiry, CVC or a second card (the second pattern), and a spaced 4-4-4-4-3 writing (a
19-digit card or a 16-digit one and its CVC: check_card may narrow it to the card) are left to Python:
their verdict can cover part of the cell, and the engine answers whole cells only.

>>> texts = pl.DataFrame({"text": ["4111 1111 1111 1111", "4111 1111 1111 1112", "4111 1111 1111 1111 123"]})
>>> card_verdicts(texts, datetime.date(2026, 1, 1)).select("valid", "unanswered").rows()
[(True, False), (False, False), (False, True)]
"""

from __future__ import annotations

import datetime
import itertools

import polars as pl

from recognizers import payment_cards
from recognizers.candidates import whole_cell_regex
from recognizers.vectorised.expressions import joined, number, phrase_if, verdict

TEXT, DIGITS = "text", "__digits"
LONGEST = max(max(lengths) for *_, lengths in payment_cards.IIN_RANGES)
# The plain card pattern's whole-cell form: a text it matches whole is a card written alone.
ALONE = whole_cell_regex(payment_cards.PaymentCardRecognizer.PATTERNS[0])
# Five spaced groups: check_card reads "4-4-4-4-3" as the card and its CVC when both fit.
FIVE_GROUPS = r"^\d{4} \d{4} \d{4} \d{1,4} \d{1,3}$"


def card_scheme(digits: pl.Expr) -> pl.Expr:
    """payment_cards.card_scheme: the first scheme of IIN_RANGES whose range and lengths fit."""
    length = digits.str.len_chars()
    scheme = pl.when(pl.lit(False)).then(pl.lit(None, dtype=pl.String))
    for name, lowest, highest, lengths in payment_cards.IIN_RANGES:
        prefix = digits.str.slice(0, len(lowest))
        scheme = scheme.when(length.is_in(lengths) & (prefix >= lowest) & (prefix <= highest)).then(
            pl.lit(name)
        )
    return scheme.otherwise(None)


def is_run(position: list[pl.Expr]) -> pl.Expr:
    """payment_cards._is_run over the digit columns `position` (null past the end): every step between
    neighbouring digits 0, every one +1 or every one -1 (mod 10)."""
    steps = [(after - before + 10) % 10 for before, after in itertools.pairwise(position)]
    return pl.any_horizontal(
        pl.all_horizontal(step.is_null() | (step == size) for step in steps) for size in (0, 1, 9)
    )


def luhn_any_length(position: list[pl.Expr], length: pl.Expr) -> pl.Expr:
    """Luhn over the digit columns `position` (null past `length`): every second digit from the right
    doubled."""
    terms = []
    for index, digit in enumerate(position):
        doubled = pl.when(digit * 2 > 9).then(digit * 2 - 9).otherwise(digit * 2)
        terms.append(pl.when((length - 1 - index) % 2 == 1).then(doubled).otherwise(digit).fill_null(0))
    return pl.sum_horizontal(terms) % 10 == 0


def card_verdicts(frame: pl.DataFrame, today: datetime.date) -> pl.DataFrame:
    """check_card for a card written alone (see the module docstring for what is left to Python)."""
    del today
    module = payment_cards
    text = pl.col(TEXT)
    frame = frame.with_columns(text.str.replace_all(r"\D", "").alias(DIGITS)).with_columns(
        card_scheme(pl.col(DIGITS)).alias("scheme")
    )
    # each digit once, as a column of its own: the run and Luhn tests read them all
    frame = frame.with_columns(
        pl.col(DIGITS).str.len_chars().cast(pl.Int32).alias("__length"),
        *(number(pl.col(DIGITS), index).alias(f"__digit{index}") for index in range(LONGEST)),
    )
    position = [pl.col(f"__digit{index}") for index in range(LONGEST)]
    digits, scheme = pl.col(DIGITS), pl.col("scheme")
    alone = (text.str.extract(ALONE, 1).str.len_bytes() == text.str.len_bytes()).fill_null(False)
    unanswered = ~alone | text.str.contains(FIVE_GROUPS)
    valid = (
        ~unanswered & scheme.is_not_null() & ~is_run(position) & luhn_any_length(position, pl.col("__length"))
    )
    reasons = joined(
        "Luhn check digit valid",
        pl.concat_str(pl.lit("IIN and length fit "), scheme.str.replace_all("_", " ")),
    )
    flags = joined(
        pl.concat_str(pl.lit("brand="), scheme),
        phrase_if(digits.is_in(sorted(module.TEST_NUMBERS)), "test_identifier"),
    )
    return frame.select(
        verdict(valid, "CREDIT_CARD", module.SCORE, reasons, flags, unanswered=unanswered).alias("verdict")
    ).unnest("verdict")
