"""Business IDs, their VAT writings and passport numbers: business_ids.check_no_orgnr, check_dk_cvr,
check_fi_ytunnus, check_is_kennitala_org, check_vat_number and passports.check_passport as polars
expressions over whole cells (see recognizers/vectorised; SE orgnr is in accounts.py).

python-stdnum's `no.orgnr`, `dk.cvr` and `fi.alv` (Y-tunnus) checksums are Σ weight·digit mod 11 = 0;
their weights are read from the functions themselves (the checksum of each number with a single 1),
so they are never copied here.

>>> texts = pl.DataFrame({"text": ["NO 923 456 783 MVA", "DK32456782", "DK32456783"]})
>>> vat_verdicts(texts, datetime.date(2026, 1, 1)).select("valid", "entity").rows()
[(True, 'NO_ORGNR'), (True, 'DK_CVR'), (False, 'DK_CVR')]
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import polars as pl
from stdnum.dk import cvr
from stdnum.fi import alv
from stdnum.no import orgnr

from recognizers import business_ids, passports
from recognizers.vectorised.accounts import is_kennitala
from recognizers.vectorised.expressions import joined, luhn_is_valid, number, verdict, weighted_sum

TEXT, DIGITS = "text", "__digits"


def checksum_weights(checksum: Callable[[str], int], length: int) -> tuple[int, ...]:
    """The weights (mod 11) of a python-stdnum weighted mod 11 checksum of `length` digits."""
    return tuple(checksum("0" * index + "1" + "0" * (length - 1 - index)) for index in range(length))


ORGNR_WEIGHTS = checksum_weights(orgnr.checksum, 9)
CVR_WEIGHTS = checksum_weights(cvr.checksum, 8)
YTUNNUS_WEIGHTS = checksum_weights(alv.checksum, 8)


def passes(digits: pl.Expr, weights: tuple[int, ...]) -> pl.Expr:
    """`digits` are exactly len(weights) digits whose weighted sum is 0 mod 11 (stdnum's is_valid)."""
    return digits.str.contains(f"^[0-9]{{{len(weights)}}}$") & (weighted_sum(digits, weights) % 11 == 0)


def _verdicts(
    frame: pl.DataFrame, separators: str, result: Callable[[pl.Expr, pl.Expr], pl.Expr]
) -> pl.DataFrame:
    frame = frame.with_columns(pl.col(TEXT).str.replace_all(separators, "").alias(DIGITS))
    return frame.select(result(pl.col(TEXT), pl.col(DIGITS)).alias("verdict")).unnest("verdict")


def _hyphen_score(text: pl.Expr) -> pl.Expr:
    module = business_ids
    return (
        pl.when(text.str.contains("-", literal=True))
        .then(module.WRITTEN_WITH_HYPHEN_SCORE)
        .otherwise(module.NEEDS_CONTEXT_SCORE)
    )


def no_orgnr_verdicts(frame: pl.DataFrame, today: datetime.date) -> pl.DataFrame:
    """check_no_orgnr: stdnum's no.orgnr on the digits (the pattern gives the first digit 8 or 9)."""
    del today
    return _verdicts(
        frame,
        " ",
        lambda text, digits: verdict(
            passes(digits, ORGNR_WEIGHTS),
            "NO_ORGNR",
            business_ids.NEEDS_CONTEXT_SCORE,
            joined("mod 11 check digit valid"),
        ),
    )


def _is_cvr(digits: pl.Expr) -> pl.Expr:
    """stdnum's dk.cvr.is_valid on digits: no leading 0, the checksum."""
    return ~digits.str.starts_with("0") & passes(digits, CVR_WEIGHTS)


def dk_cvr_verdicts(frame: pl.DataFrame, today: datetime.date) -> pl.DataFrame:
    """check_dk_cvr: stdnum's dk.cvr on the digits."""
    del today
    return _verdicts(
        frame,
        " ",
        lambda text, digits: verdict(
            _is_cvr(digits), "DK_CVR", business_ids.NEEDS_CONTEXT_SCORE, joined("mod 11 check digit valid")
        ),
    )


def fi_ytunnus_verdicts(frame: pl.DataFrame, today: datetime.date) -> pl.DataFrame:
    """check_fi_ytunnus: stdnum's fi.ytunnus (fi.alv) on the text without its hyphen; the hyphen
    raises the score."""
    del today
    return _verdicts(
        frame,
        "[ -]",
        lambda text, digits: verdict(
            passes(digits, YTUNNUS_WEIGHTS),
            "FI_YTUNNUS",
            _hyphen_score(text),
            joined("mod 11 check digit valid"),
        ),
    )


def is_kennitala_org_verdicts(frame: pl.DataFrame, today: datetime.date) -> pl.DataFrame:
    """check_is_kennitala_org: the day above 40 and stdnum's kennitala check."""
    del today
    return _verdicts(
        frame,
        "-",
        lambda text, digits: verdict(
            (number(digits, 0, 2) > 40) & is_kennitala(digits),
            "IS_KENNITALA_ORG",
            _hyphen_score(text),
            joined("mod 11 check digit valid", "day + 40: organisation"),
        ),
    )


def vat_verdicts(frame: pl.DataFrame, today: datetime.date) -> pl.DataFrame:
    """check_vat_number: the writing names the country (…MVA, DK, SE, FI), the country's check on the
    digits decides."""
    del today
    module = business_ids

    def result(text: pl.Expr, digits: pl.Expr) -> pl.Expr:
        upper = text.str.to_uppercase()
        mva, dk, se, fi = (
            upper.str.ends_with("MVA"),
            upper.str.starts_with("DK"),
            upper.str.starts_with("SE"),
            upper.str.starts_with("FI"),
        )
        ten = digits.str.slice(0, 10)
        se_orgnr = (
            digits.str.ends_with("01")
            & ten.str.contains("^[0-9]{10}$")
            & (number(ten, 2, 2) >= 20)
            & luhn_is_valid(ten, 10)
        )
        entity = (
            pl.when(mva)
            .then(pl.lit("NO_ORGNR"))
            .when(dk)
            .then(pl.lit("DK_CVR"))
            .when(se)
            .then(pl.lit("SE_ORGNR"))
            .when(fi)
            .then(pl.lit("FI_YTUNNUS"))
        )
        valid = (
            pl.when(mva)
            .then(digits.str.contains("^[89]") & passes(digits, ORGNR_WEIGHTS))
            .when(dk)
            .then(_is_cvr(digits))
            .when(se)
            .then(se_orgnr)
            .when(fi)
            .then(passes(digits, YTUNNUS_WEIGHTS))
            .otherwise(False)
        )
        reasons = joined("check digit valid", "written as a VAT number (country prefix or MVA)")
        return verdict(valid, entity, module.WRITTEN_WITH_HYPHEN_SCORE, reasons)

    return _verdicts(frame, r"\D", result)


def passport_verdicts(frame: pl.DataFrame, today: datetime.date) -> pl.DataFrame:
    """passports.check_passport: 8 digits SE, 9 DK, two capitals and seven digits FI; not the last seven
    characters one repeated."""
    del today
    module = passports
    text = pl.col(TEXT)
    length = text.str.len_chars()
    all_digits = text.str.contains("^[0-9]+$")
    entity = (
        pl.when(all_digits)
        .then(length.replace_strict(module.DIGITS_ONLY_ENTITY, default=None, return_dtype=pl.String))
        .when(text.str.contains("^[A-Z]{2}"))
        .then(pl.lit("FI_PASSPORT"))
    )
    last_seven = text.str.slice(-7)
    repeated = pl.any_horizontal(last_seven == digit * 7 for digit in "0123456789")
    return frame.select(
        verdict(
            entity.is_not_null() & ~repeated,
            entity,
            module.SCORE,
            joined("passport shape, no checksum: needs context"),
        ).alias("verdict")
    ).unnest("verdict")
