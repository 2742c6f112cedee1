"""Norwegian account numbers, IBANs and Swedish organisation numbers: bank_accounts.check_kontonummer,
bank_accounts.check_iban and business_ids.check_se_orgnr as polars expressions over whole cells (see
recognizers/vectorised).

>>> texts = pl.DataFrame({"text": ["NO71 1234 5678 903", "NO72 1234 5678 903", "FO97 5432 0388 8999 44"]})
>>> iban_verdicts(texts, datetime.date(2026, 1, 1)).select("valid", "flags").rows()
[(True, 'country=NO'), (False, 'country=NO'), (True, 'country=FO')]
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import cache

import polars as pl
from stdnum import iban, numdb
from stdnum.is_ import kennitala
from stdnum.util import get_cc_module

from recognizers import bank_accounts, business_ids
from recognizers.vectorised.expressions import (
    is_calendar_date,
    joined,
    luhn_is_valid,
    mod11_check_digit,
    number,
    phrase_if,
    verdict,
    weighted_sum,
)
from recognizers.vectorised.national_ids import KENNITALA_CHECKSUM_WEIGHTS

TEXT, DIGITS = "text", "__digits"
# check_iban's separators inside an IBAN, and any other character
_SEPARATOR, _NOT_SEPARATOR = f"[{bank_accounts._IBAN_SEPARATORS}]", f"[^{bank_accounts._IBAN_SEPARATORS}]"
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


def _bban_structures() -> str:
    """One regex of every country's code and BBAN structure in python-stdnum's IBAN registry (as
    stdnum.iban turns a structure into a regex), for the compact IBAN without its check digits."""
    structures = (
        f"{prefix[1]}{iban._struct_to_re(prefix[3]['bban']).pattern.strip('^$')}"
        for prefix in numdb.get("iban").prefixes
        if "bban" in prefix[3]
    )
    return "^(?:" + "|".join(structures) + ")$"


BBAN_STRUCTURES = _bban_structures()
# ISO 7064 mod 97-10 reads a letter as its base-36 value: A = 10 … Z = 35.
_BASE36 = {chr(code): str(code - ord("A") + 10) for code in range(ord("A"), ord("Z") + 1)}
_CHUNK = 7  # digits per step: 96·10⁷ + 10⁷ stays far inside an Int64


def base10(text: pl.Expr) -> pl.Expr:
    """stdnum.iso7064.mod_97_10._to_base10 for upper-case texts: each letter as its base-36 value."""
    return text.str.replace_many(list(_BASE36), list(_BASE36.values()))


def mod97(digits: pl.Expr, longest: int) -> pl.Expr:
    """int(digits) % 97 for texts of at most `longest` digits, seven digits at a time (an empty chunk
    past the end multiplies by 10⁰ and adds 0). Pass a column: the expression reads it once a chunk."""
    remainder = pl.lit(0, dtype=pl.Int64)
    for start in range(0, longest, _CHUNK):
        chunk = digits.str.slice(start, _CHUNK)
        scale = pl.lit(10, dtype=pl.Int64).pow(chunk.str.len_chars())
        remainder = (remainder * scale + chunk.cast(pl.Int64, strict=False).fill_null(0)) % 97
    return remainder


def is_kennitala(digits: pl.Expr) -> pl.Expr:
    """stdnum.is_.kennitala.is_valid for ten digits: the form, a person's or (day + 40) an
    organisation's date in the century the last digit names, the checksum."""
    day, month, yy = number(digits, 0, 2), number(digits, 2, 2), number(digits, 4, 2)
    year = pl.when(number(digits, 9) == 9).then(1900).otherwise(2000) + yy
    return (
        digits.str.contains(kennitala._kennitala_re.pattern)
        & is_calendar_date(year, month, pl.when(day >= 40).then(day - 40).otherwise(day))
        & (weighted_sum(digits, KENNITALA_CHECKSUM_WEIGHTS) % 11 == 0)
    )


def is_kontonr(bban: pl.Expr) -> pl.Expr:
    """stdnum.no.kontonr.is_valid for the eleven digits of a Norwegian BBAN: after the postgiro bank
    code 0000, Luhn over seven digits; else its mod 11 digit, whose weights 6,7,8,9,4,… are minus
    KONTONUMMER_WEIGHTS mod 11, so the same digit as check_kontonummer's."""
    postgiro = bban.str.starts_with("0000")
    check = mod11_check_digit(bban, bank_accounts.KONTONUMMER_WEIGHTS)
    return (
        pl.when(postgiro)
        .then(luhn_is_valid(bban.str.slice(4), 7))
        .otherwise((check != 10) & (check == number(bban, 10)))
    )


@cache
def be_bank_codes() -> list[str]:
    """The three-digit bank codes python-stdnum's be/banks registry names a bank for (stdnum.be.iban.info
    asks it of the BBAN's first three digits)."""
    banks = numdb.get("be/banks")
    return [code for code in (f"{n:03d}" for n in range(1000)) if banks.info(code)[0][1]]


def is_be_account(bban: pl.Expr) -> pl.Expr:
    """stdnum.be.iban for the twelve digits of a Belgian BBAN: the last two are the first ten mod 97
    (0 written 97), and the bank code is one the registry lists."""
    remainder = mod97(bban.str.slice(0, 10), 10)
    check = pl.when(remainder == 0).then(97).otherwise(remainder)
    return (check == number(bban, 10, 2)) & bban.str.slice(0, 3).is_in(be_bank_codes())


def _ccc_check_digit(bban: pl.Expr, start: int, length: int, first_weight: int) -> pl.Expr:
    """stdnum.es.ccc._calc_check_digit over `length` digits from `start`: Σ digit·2^i mod 11, kept
    when below 2, else 11 minus it; the first digit weighs 2^first_weight (the bank part is read after
    two zeros)."""
    total = pl.sum_horizontal(
        number(bban, start + index) * 2 ** (first_weight + index) for index in range(length)
    )
    check = total % 11
    return pl.when(check < 2).then(check).otherwise(11 - check)


def is_es_ccc(bban: pl.Expr) -> pl.Expr:
    """stdnum.es.ccc for the twenty digits of a Spanish BBAN (the CCC): digit 9 checks the bank and
    branch (digits 1-8), digit 10 the account (digits 11-20)."""
    return (_ccc_check_digit(bban, 0, 8, 2) == number(bban, 8)) & (
        _ccc_check_digit(bban, 10, 10, 0) == number(bban, 9)
    )


def is_me_account(bban: pl.Expr) -> pl.Expr:
    """stdnum.me.iban for the eighteen digits of a Montenegrin BBAN: the BBAN mod 97 is 1."""
    return mod97(bban, 18) == 1


# The national checks python-stdnum's iban.validate runs after the mod 97 (its country modules that
# define one), compiled; a country whose module is not here is left to Python.
NATIONAL_IBAN_CHECKS: dict[str, Callable[[pl.Expr], pl.Expr]] = {
    "BE": is_be_account,
    "ES": is_es_ccc,
    "ME": is_me_account,
    "NO": is_kontonr,
}
NATIONAL_IBAN_LEFT_TO_PYTHON = tuple(
    country
    for country in sorted(bank_accounts.IBAN_LENGTHS)
    if get_cc_module(country.lower(), "iban") is not None and country not in NATIONAL_IBAN_CHECKS
)


def national_check(country: pl.Expr, bban: pl.Expr) -> pl.Expr:
    """The country's NATIONAL_IBAN_CHECKS entry on `bban`; true for a country without one."""
    check = pl.when(pl.lit(False)).then(pl.lit(None, dtype=pl.Boolean))
    for code, is_valid in NATIONAL_IBAN_CHECKS.items():
        check = check.when(country == code).then(is_valid(bban))
    return check.otherwise(True)


def _end_before_separator(text: pl.Expr, length: pl.Expr, lengths: list[int]) -> pl.Expr:
    """Where the first `length` characters of `text` that are no separator end, in characters, if a
    separator follows them (check_iban's test of where a longer match may be cut), else null; for each
    of `lengths`."""
    end = pl.when(pl.lit(False)).then(pl.lit(None, dtype=pl.String))
    for count in lengths:
        end = end.when(length == count).then(
            text.str.extract(f"^((?:{_SEPARATOR}*{_NOT_SEPARATOR}){{{count}}}){_SEPARATOR}", 1)
        )
    return end.otherwise(None).str.len_chars()


def iban_verdicts(frame: pl.DataFrame, today: datetime.date) -> pl.DataFrame:
    """check_iban: stdnum's mod 97, BBAN structure and national checks (NATIONAL_IBAN_CHECKS) on the
    text's first characters of its country's length (without separators), the Icelandic holder's
    kennitala flagged. A longer text is no IBAN unless a separator follows those characters and they
    are a valid IBAN: check_iban then narrows the finding to them (the verdict's span). The countries
    whose national check is not compiled are left to Python (NATIONAL_IBAN_LEFT_TO_PYTHON, none today)."""
    del today
    module = bank_accounts
    text = pl.col(TEXT)
    frame = frame.with_columns(
        text.str.slice(0, 2).str.to_uppercase().alias("country"),
        text.str.replace_all(_SEPARATOR, "").str.to_uppercase().alias("compact"),
    ).with_columns(
        pl.col("country")
        .replace_strict(module.IBAN_LENGTHS, default=None, return_dtype=pl.Int32)
        .alias("length")
    )
    country, compact, length = pl.col("country"), pl.col("compact"), pl.col("length")
    counted = compact.str.len_chars()
    longer = (counted > length).fill_null(False)
    # the IBAN check_iban reads: the first `length` characters; the mod 97 reads the BBAN first
    frame = frame.with_columns(compact.str.slice(0, length).alias("iban"), longer.alias("longer"))
    iban = pl.col("iban")
    frame = frame.with_columns(base10(pl.concat_str(iban.str.slice(4), iban.str.slice(0, 4))).alias("base10"))
    lengths = frame.filter(pl.col("longer"))["length"].unique().to_list()
    bban = iban.str.slice(4)
    longest = max(module.IBAN_LENGTHS.values())
    is_iban = (
        (iban.str.len_chars() == length)
        & (mod97(pl.col("base10"), 2 * longest) == 1)
        & pl.concat_str(country, bban).str.contains(BBAN_STRUCTURES)
        & national_check(country, bban)
    )
    frame = frame.with_columns(
        pl.when(pl.col("longer")).then(_end_before_separator(text, length, lengths)).alias("end")
    )
    end = pl.col("end")
    unanswered = country.is_in(NATIONAL_IBAN_LEFT_TO_PYTHON)
    holder = (country == "IS") & is_kennitala(iban.str.slice(length - 10))
    valid = ~unanswered & (~pl.col("longer") | end.is_not_null()) & is_iban
    reasons = joined(
        "mod 97 check digits valid",
        pl.concat_str(country, pl.lit(" account structure valid")),
        phrase_if(holder, "ends with a valid kennitala"),
    )
    flags = joined(pl.concat_str(pl.lit("country="), country), phrase_if(holder, "holder_kennitala"))
    return frame.select(
        verdict(
            valid,
            "IBAN_CODE",
            module.IBAN_SCORE,
            reasons,
            flags,
            unanswered=unanswered,
            span_start=pl.when(end.is_not_null()).then(0),
            span_end=end,
        ).alias("verdict")
    ).unnest("verdict")
