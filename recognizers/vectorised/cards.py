"""Payment cards: payment_cards.check_card as polars expressions (see recognizers/vectorised): the IIN
ranges and lengths of IIN_RANGES, no run of one digit or of ascending or descending digits, Luhn, the
schemes' test numbers flagged; and what check_card does with a card written with its expiry, CVC or a
second card (the second pattern, and a spaced 4-4-4-4-3 writing).

check_card tries the text's separators (payment_cards.JOIN) from the left: the first one before which
a card stands and after which a valid second card, or (the card valid) its expiry and/or CVC, stands
decides. Here every separator of a text is a row (the text split at it), all are checked at once, and
the first deciding one per text is taken. When it decides for two valid cards, the verdict is the first
card's over the whole text. When it narrows the verdict to one card (its expiry or CVC after it, or
a second card that is not valid), the verdict is that card's, its span the card's characters (before
the separator, or after it when only the second card is valid). A text no separator decides is
checked whole.

>>> texts = pl.DataFrame(
...     {"text": ["4111 1111 1111 1111", "4111 1111 1111 1112", "4111 1111 1111 1111 123", "4111 1111 1111 1112 12/28"]}
... )
>>> card_verdicts(texts, datetime.date(2026, 1, 1)).select("valid", "span_start", "span_end").rows()
[(True, None, None), (False, None, None), (True, 0, 19), (False, None, None)]
"""

from __future__ import annotations

import datetime

import polars as pl

from recognizers import payment_cards
from recognizers.candidates import fullmatch_regex
from recognizers.vectorised.expressions import joined, number, phrase_if, verdict

TEXT = "text"
ROW, SPLIT_START, SPLIT_END = "__row", "__split_start", "__split_end"
LONGEST = max(max(lengths) for *_, lengths in payment_cards.IIN_RANGES)
WHOLE_CARD = fullmatch_regex(payment_cards.CARD)
# an expiry and/or a CVC after a card of American Express (True) or of another scheme (False)
FITS_CARD = {amex: fullmatch_regex(trailer.pattern) for amex, trailer in payment_cards.CARD_TRAILERS.items()}
# Pieces of a text split at its separators, as JOIN's matches (Rust finds Python's, leftmost-first):
# the marker is a character no card writing holds.
MARK = "\x00"


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


# digits that each step up (down) by one, modulo 10: a run of `length` from digit d is ASCENDING[d:d + length]
ASCENDING, DESCENDING = "0123456789" * 3, "9876543210" * 3


def is_run(digits: pl.Expr) -> pl.Expr:
    """payment_cards._is_run of the text `digits` (at least two digits, at most 21): one digit repeated,
    or the ascending or descending digits from its first. Three comparisons of the text, not a test
    per pair of neighbouring digits: polars plans an expression of some 170 nodes in ~5 ms per call,
    more than it then takes to run on a batch's cards."""
    first = digits.str.slice(0, 1)
    start, length = first.cast(pl.Int32, strict=False), digits.str.len_chars()
    return (length > 1) & (
        (digits.str.strip_chars(first) == "")
        | (pl.lit(ASCENDING).str.slice(start, length) == digits)
        | (pl.lit(DESCENDING).str.slice(9 - start, length) == digits)
    )


def luhn_any_length(position: list[pl.Expr], length: pl.Expr) -> pl.Expr:
    """Luhn over the digit columns `position` (null past `length`): every second digit from the right
    doubled."""
    terms = []
    for index, digit in enumerate(position):
        doubled = pl.when(digit * 2 > 9).then(digit * 2 - 9).otherwise(digit * 2)
        terms.append(pl.when((length - 1 - index) % 2 == 1).then(doubled).otherwise(digit).fill_null(0))
    return pl.sum_horizontal(terms) % 10 == 0


def with_card_check(frame: pl.DataFrame, text: str, prefix: str) -> pl.DataFrame:
    """`frame` with payment_cards._check_one on the digits of column `text`, if it is a card's writing
    (CARD whole): `{prefix}valid` and `{prefix}scheme`, and its digits in `{prefix}digits`."""
    digits, length = f"{prefix}digits", f"{prefix}length"
    frame = frame.with_columns(pl.col(text).str.replace_all(r"\D", "").alias(digits))
    # each digit once, as a column of its own: the run and Luhn tests read them all
    columns = [f"{prefix}digit{index}" for index in range(LONGEST)]
    frame = frame.with_columns(
        pl.col(digits).str.len_chars().cast(pl.Int32).alias(length),
        card_scheme(pl.col(digits)).alias(f"{prefix}scheme"),
        *(number(pl.col(digits), index).alias(column) for index, column in enumerate(columns)),
    )
    position = [pl.col(column) for column in columns]
    valid = (
        pl.col(text).str.contains(WHOLE_CARD)
        & pl.col(f"{prefix}scheme").is_not_null()
        & ~is_run(pl.col(digits))
        & luhn_any_length(position, pl.col(length))
    )
    return frame.with_columns(valid.fill_null(False).alias(f"{prefix}valid")).drop(*columns, length)


def first_deciding_split(frame: pl.DataFrame) -> pl.DataFrame:
    """Per ROW of `frame` whose TEXT holds a separator, check_card's loop: `split` ("both": two valid
    cards; "head" or "tail": the finding is that card's, part of the text; null: none decides), the
    deciding separator's characters (SPLIT_START, SPLIT_END) and the found card's digits and scheme
    (`card_digits`, `card_scheme`)."""
    pieces = (
        frame.select(ROW, pl.col(TEXT).str.replace_all(payment_cards.JOIN, f"{MARK}$0{MARK}").str.split(MARK))
        .with_columns(pl.int_ranges(pl.col(TEXT).list.len(), dtype=pl.Int32).alias("__piece"))
        .explode(TEXT, "__piece")
        .with_columns(pl.col(TEXT).str.len_chars().cast(pl.Int32).alias("__chars"))
        .with_columns((pl.col("__chars").cum_sum().over(ROW) - pl.col("__chars")).alias(SPLIT_START))
    )
    # odd pieces are the separators, even ones the text between them
    splits = (
        pieces.filter(pl.col("__piece") % 2 == 1)
        .select(ROW, "__piece", SPLIT_START, (pl.col(SPLIT_START) + pl.col("__chars")).alias(SPLIT_END))
        .join(frame.select(ROW, TEXT), on=ROW)
        .with_columns(
            pl.col(TEXT).str.slice(0, pl.col(SPLIT_START)).alias("__head"),
            pl.col(TEXT).str.slice(pl.col(SPLIT_END)).alias("__tail"),
        )
        .filter(pl.col("__head").str.contains(WHOLE_CARD))
    )
    splits = with_card_check(with_card_check(splits, "__head", "head_"), "__tail", "tail_")
    head_valid, tail_valid = pl.col("head_valid"), pl.col("tail_valid")
    amex = pl.col("head_scheme") == "american_express"
    fits = pl.when(amex).then(pl.col("__tail").str.contains(FITS_CARD[True]))
    fits = fits.otherwise(pl.col("__tail").str.contains(FITS_CARD[False]))
    tail_card = pl.col("__tail").str.contains(WHOLE_CARD)
    decision = (
        pl.when(tail_card & head_valid & tail_valid)
        .then(pl.lit("both"))
        .when(tail_card & head_valid)
        .then(pl.lit("head"))
        .when(tail_card & tail_valid)
        .then(pl.lit("tail"))
        .when(~tail_card & head_valid & fits)
        .then(pl.lit("head"))
    )
    tail = pl.col("split") == "tail"
    return (
        splits.with_columns(decision.alias("split"))
        .filter(pl.col("split").is_not_null())
        .sort(ROW, "__piece")
        .group_by(ROW, maintain_order=True)
        .first()
        .select(
            ROW,
            "split",
            SPLIT_START,
            SPLIT_END,
            pl.when(tail).then(pl.col("tail_digits")).otherwise(pl.col("head_digits")).alias("card_digits"),
            pl.when(tail).then(pl.col("tail_scheme")).otherwise(pl.col("head_scheme")).alias("card_scheme"),
        )
    )


def card_verdicts(frame: pl.DataFrame, today: datetime.date) -> pl.DataFrame:
    """check_card (see the module docstring)."""
    del today
    frame = with_card_check(frame.with_row_index(ROW), TEXT, "whole_")
    joined_texts = frame.filter(pl.col(TEXT).str.contains(payment_cards.JOIN))
    frame = frame.join(first_deciding_split(joined_texts), on=ROW, how="left").sort(ROW)
    split = pl.col("split")
    both = split == "both"
    digits = pl.when(split.is_not_null()).then(pl.col("card_digits")).otherwise(pl.col("whole_digits"))
    scheme = pl.when(split.is_not_null()).then(pl.col("card_scheme")).otherwise(pl.col("whole_scheme"))
    valid = split.is_not_null() | pl.col("whole_valid")
    reasons = joined(
        "Luhn check digit valid",
        pl.concat_str(pl.lit("IIN and length fit "), scheme.str.replace_all("_", " ")),
        phrase_if(both, "followed by a second valid card"),
    )
    flags = joined(
        pl.concat_str(pl.lit("brand="), scheme),
        phrase_if(digits.is_in(sorted(payment_cards.TEST_NUMBERS)), "test_identifier"),
    )
    # the card before the separator, or after it (only the second card valid)
    span_start = pl.when(split == "head").then(0).when(split == "tail").then(pl.col(SPLIT_END))
    span_end = (
        pl.when(split == "head")
        .then(pl.col(SPLIT_START))
        .when(split == "tail")
        .then(pl.col(TEXT).str.len_chars())
    )
    return frame.select(
        verdict(
            valid,
            "CREDIT_CARD",
            payment_cards.SCORE,
            reasons,
            flags,
            span_start=span_start,
            span_end=span_end,
        ).alias("verdict")
    ).unnest("verdict")
