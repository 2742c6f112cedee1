"""Norwegian account numbers and Swedish organisation numbers: bank_accounts.check_kontonummer and
business_ids.check_se_orgnr as polars expressions over whole cells (see recognizers/vectorised)."""

from __future__ import annotations

import datetime

import polars as pl

from recognizers import bank_accounts, business_ids
from recognizers.vectorised.expressions import joined, luhn_is_valid, mod11_check_digit, number, verdict

TEXT, DIGITS = "text", "__digits"
ONE_DIGIT_REPEATED = "^(?:" + "|".join(f"{digit}+" for digit in "0123456789") + ")$"


def kontonummer_verdicts(frame: pl.DataFrame, today: datetime.date) -> pl.DataFrame:
    """check_kontonummer: not one digit repeated, the mod 11 check digit; grouped 4-2-5 scores higher."""
    del today
    module = bank_accounts
    frame = frame.with_columns(pl.col(TEXT).str.replace_all(r"\D", "").alias(DIGITS))
    text, digits = pl.col(TEXT), pl.col(DIGITS)
    check = mod11_check_digit(digits, module.KONTONUMMER_WEIGHTS)
    valid = ~digits.str.contains(ONE_DIGIT_REPEATED) & (check != 10) & (check == number(digits, 10))
    plain = digits == text
    reasons = joined(
        "mod 11 check digit valid",
        pl.when(~plain).then(pl.lit("grouped 4-2-5 as account numbers are")),
    )
    score = pl.when(plain).then(module.KONTONUMMER_SCORE).otherwise(module.KONTONUMMER_GROUPED_SCORE)
    return frame.select(verdict(valid, "NO_BANK_ACCOUNT", score, reasons).alias("verdict")).unnest("verdict")


def se_orgnr_verdicts(frame: pl.DataFrame, today: datetime.date) -> pl.DataFrame:
    """check_se_orgnr: digits 3-4 at least 20 and Luhn; the hyphen raises the score."""
    del today
    module = business_ids
    frame = frame.with_columns(pl.col(TEXT).str.replace_all("[ \u00a0-]", "").alias(DIGITS))
    text, digits = pl.col(TEXT), pl.col(DIGITS)
    valid = (number(digits, 2, 2) >= 20) & luhn_is_valid(digits, 10)
    reasons = joined("Luhn check digit valid", "digits 3-4 at least 20")
    score = (
        pl.when(text.str.contains("-", literal=True))
        .then(module.WRITTEN_WITH_HYPHEN_SCORE)
        .otherwise(module.NEEDS_CONTEXT_SCORE)
    )
    return frame.select(verdict(valid, "SE_ORGNR", score, reasons).alias("verdict")).unnest("verdict")
