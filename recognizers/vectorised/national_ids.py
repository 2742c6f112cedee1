"""The national identity numbers' `validate`, as polars expressions over whole cells.

Each function takes the texts that one of the recognizer's patterns matched whole (printable ASCII,
see scanner/vectorised.py) and gives the Verdict `validate` gives, as a struct (expressions.verdict).
Weights, scores, centuries and the written forms' regexes are the recognizer modules' own; the reason
phrases are written here again and tests/test_vectorised_equivalence.py holds both sides equal.

>>> texts = pl.DataFrame({"text": ["270680 49283", "270680 49284"]})
>>> fodselsnummer_verdicts(texts, datetime.date(2026, 1, 1)).select("valid", "entity").rows()
[(True, 'NO_FODSELSNUMMER'), (False, 'NO_FODSELSNUMMER')]
>>> personnummer_verdicts(pl.DataFrame({"text": ["850314-1239"]}), datetime.date(2026, 1, 1))["score"].item()
0.85
"""

from __future__ import annotations

import datetime

import polars as pl
from stdnum.fi import hetu
from stdnum.is_ import kennitala

from recognizers.national_ids import dk_cpr, fi_hetu, is_kennitala, no_fodselsnummer, se_personnummer
from recognizers.vectorised.expressions import (
    is_calendar_date,
    is_past_date,
    joined,
    luhn_is_valid,
    mod11_check_digit,
    number,
    phrase_if,
    verdict,
    weighted_sum,
)

# kennitala's checksum runs over all ten digits, the check digit weighted 1 and the century 0
KENNITALA_CHECKSUM_WEIGHTS = (*is_kennitala.WEIGHTS, 1, 0)


TEXT, DIGITS = "text", "__digits"


def _with_digits(frame: pl.DataFrame, separators: str = "[- ]") -> pl.DataFrame:
    """The text without the space or hyphen after the date (or `separators`), as a column of its own:
    every check digit is read from it, and an eager frame does not share repeated expressions."""
    return frame.with_columns(pl.col(TEXT).str.replace_all(separators, "").alias(DIGITS))


def _verdicts(frame: pl.DataFrame, result: pl.Expr) -> pl.DataFrame:
    return frame.select(result.alias("verdict")).unnest("verdict")


def fodselsnummer_verdicts(frame: pl.DataFrame, today: datetime.date) -> pl.DataFrame:
    """no_fodselsnummer.validate: two mod 11 digits (or the 2032 rule), FH, D and H numbers, the date."""
    module = no_fodselsnummer
    frame = _with_digits(frame, "[-. ]")  # no_fodselsnummer.compact: also the dots of a written date
    text, digits = pl.col(TEXT), pl.col(DIGITS)
    k2 = mod11_check_digit(digits, module.K2_WEIGHTS)
    k2_valid = (k2 != 10) & (k2 == number(digits, 10))
    k1_residue = weighted_sum(digits, (*module.K1_WEIGHTS, 1)) % 11
    k1_valid = (k1_residue == 0) | ((k1_residue <= 3) & pl.lit(today >= module.NEW_K1_RULE_FROM))
    fh = number(digits, 0) >= 8
    separated = text != digits
    day, month, yy, individual = (
        number(digits, 0, 2),
        number(digits, 2, 2),
        number(digits, 4, 2),
        number(digits, 6, 3),
    )
    d_nummer = day > 40
    month_80, month_40 = month > 80, (month <= 80) & (month > 40)
    century = (
        pl.when(individual < 500)
        .then(1900)
        .when((individual < 750) & (yy >= 54))
        .then(1800)
        .when(yy < 40)
        .then(2000)
        .when(individual >= 900)
        .then(1900)
    )
    born = is_past_date(
        century + yy,
        pl.when(month_80).then(month - 80).when(month_40).then(month - 40).otherwise(month),
        pl.when(d_nummer).then(day - 40).otherwise(day),
        today,
    )
    entity = (
        pl.when(fh)
        .then(pl.lit("NO_FH_NUMMER"))
        .when(d_nummer)
        .then(pl.lit("NO_D_NUMMER"))
        .when(month_40)
        .then(pl.lit("NO_H_NUMMER"))
        .otherwise(pl.lit("NO_FODSELSNUMMER"))
    )
    reasons = joined(
        pl.when(k1_residue == 0)
        .then(pl.lit("two mod 11 check digits valid"))
        .otherwise(pl.lit("check digits valid under the 2032 rule")),
        phrase_if(fh, "first digit 8 or 9: FH-nummer"),
        phrase_if(fh & separated, "written with a space or hyphen after six digits, as a fødselsnummer"),
        phrase_if(~fh & d_nummer, "day +40: D-nummer"),
        phrase_if(~fh & month_80, "month +80: synthetic test number"),
        phrase_if(~fh & month_40, "month +40: H-nummer or synthetic test number"),
        phrase_if(~fh, "birth date valid"),
    )
    return _verdicts(
        frame,
        verdict(
            k2_valid & k1_valid & (fh | born),
            entity,
            pl.when(fh & ~separated).then(module.FH_NUMMER_SCORE).otherwise(module.SCORE),
            reasons,
            pl.when(~fh & (month_80 | month_40)).then(pl.lit("test_identifier")).otherwise(pl.lit("")),
        ),
    )


def is_kennitala_org(digits: pl.Expr) -> pl.Expr:
    """business_ids.check_is_kennitala_org(...).valid for ten digits: day + 40, a date, the checksum."""
    day, month, yy = number(digits, 0, 2), number(digits, 2, 2), number(digits, 4, 2)
    year = pl.when(number(digits, 9) == 9).then(1900).otherwise(2000) + yy
    return (
        (day > 40)
        & digits.str.contains(kennitala._kennitala_re.pattern)
        & is_calendar_date(year, month, day - 40)
        & (weighted_sum(digits, KENNITALA_CHECKSUM_WEIGHTS) % 11 == 0)
    )


def personnummer_verdicts(frame: pl.DataFrame, today: datetime.date) -> pl.DataFrame:
    """se_personnummer.validate: the written form, Luhn, the century, samordningsnummer, the date."""
    module = se_personnummer
    frame = frame.select(
        pl.col(TEXT).str.extract_groups(f"^(?:{module._WRITTEN.pattern})$").alias("written")
    ).unnest("written")
    frame = frame.with_columns((pl.col("yymmdd") + pl.col("serial")).alias("ten"))
    century, yymmdd, separator, serial, ten = (
        pl.col(name) for name in ("century", "yymmdd", "separator", "serial", "ten")
    )
    has_century = century.is_not_null() & (century != "")
    yy, month, day = number(yymmdd, 0, 2), number(yymmdd, 2, 2), number(yymmdd, 4, 2)
    plus = separator == "+"
    year = (
        pl.when(has_century)
        .then(century.cast(pl.Int32, strict=False) * 100 + yy)
        .otherwise(today.year - (today.year - yy) % 100 - pl.when(plus).then(100).otherwise(0))
    )
    samordning = day > 60
    born = is_past_date(year, month, pl.when(samordning).then(day - 60).otherwise(day), today)
    organisation = samordning & ~has_century & ~plus & is_kennitala_org(ten)
    # a samordningsnummer that is also an Icelandic organisation's kennitala: 0.45, a word decides
    dash_or_plus = ~organisation & separator.is_in(["-", "+"])
    clock_time = (number(serial, 0, 2) < 24) & (number(serial, 2, 2) < 60)
    not_timestamp = ~organisation & ~dash_or_plus & (has_century | (separator == " ")) & ~clock_time
    reasons = joined(
        "Luhn digit valid",
        phrase_if(samordning, "day +60: samordningsnummer"),
        "birth date valid",
        phrase_if(organisation, "also an Icelandic organisation's kennitala: a Swedish word decides"),
        phrase_if(dash_or_plus, "written with - or +"),
        phrase_if(not_timestamp, "last four digits not a clock time: not a timestamp"),
    )
    # the 12-digit form with "+": only from the year the person turns 100
    early_plus = has_century & plus & (year > today.year - 100)
    return _verdicts(
        frame,
        verdict(
            yymmdd.is_not_null() & ~early_plus & luhn_is_valid(ten, 10) & born,
            pl.when(samordning).then(pl.lit("SE_SAMORDNINGSNUMMER")).otherwise(pl.lit("SE_PERSONNUMMER")),
            pl.when(dash_or_plus | not_timestamp).then(module.SCORE).otherwise(module.DIGITS_ONLY_SCORE),
            reasons,
        ),
    )


def cpr_verdicts(frame: pl.DataFrame, today: datetime.date) -> pl.DataFrame:
    """dk_cpr.validate: stdnum's century table and date, not after today; mod 11 raises the score."""
    module = dk_cpr
    frame = _with_digits(frame)
    text, digits = pl.col(TEXT), pl.col(DIGITS)
    day, month, yy, seventh = (
        number(digits, 0, 2),
        number(digits, 2, 2),
        number(digits, 4, 2),
        number(digits, 6),
    )
    century = (
        pl.when(seventh.is_in([5, 6, 7, 8]) & (yy >= 58))
        .then(1800)
        .when(seventh.is_in([0, 1, 2, 3]) | (seventh.is_in([4, 9]) & (yy >= 37)))
        .then(1900)
        .otherwise(2000)
    )
    mod11 = weighted_sum(digits, module.WEIGHTS) % 11 == 0
    written = text.str.contains("[- ]")
    reasons = joined(
        "birth date valid",
        pl.when(mod11).then(pl.lit("mod 11 valid")).otherwise(pl.lit("no mod 11 (allowed since 2007)")),
        phrase_if(mod11 & written, "written DDMMYY-SSSS"),
    )
    score = (
        pl.when(mod11 & written)
        .then(module.WRITTEN_MOD11_SCORE)
        .when(mod11)
        .then(module.MOD11_SCORE)
        .otherwise(module.NO_MOD11_SCORE)
    )
    return _verdicts(frame, verdict(is_past_date(century + yy, month, day, today), "DK_CPR", score, reasons))


def kennitala_verdicts(frame: pl.DataFrame, today: datetime.date) -> pl.DataFrame:
    """is_kennitala.validate: stdnum's format and checksum, a person (day ≤ 40), RR ≥ 20, the date."""
    module = is_kennitala
    frame = _with_digits(frame)
    text, digits = pl.col(TEXT), pl.col(DIGITS)
    day, month, yy = number(digits, 0, 2), number(digits, 2, 2), number(digits, 4, 2)
    year = pl.when(number(digits, 9) == 9).then(1900).otherwise(2000) + yy
    valid = (
        digits.str.contains(kennitala._kennitala_re.pattern)
        & (day < 40)
        & (weighted_sum(digits, KENNITALA_CHECKSUM_WEIGHTS) % 11 == 0)
        & (number(digits, 6, 2) >= 20)
        & is_past_date(year, month, day, today)
    )
    written = text.str.contains("[- ]")
    reasons = joined(
        "mod 11 check digit valid", "birth date valid", phrase_if(written, "written DDMMYY-RRCM")
    )
    score = pl.when(written).then(module.SCORE).otherwise(module.DIGITS_ONLY_SCORE)
    return _verdicts(frame, verdict(valid, "IS_KENNITALA", score, reasons))


def hetu_verdicts(frame: pl.DataFrame, today: datetime.date) -> pl.DataFrame:
    """fi_hetu.validate: stdnum's format, date, individual number and check character; not after today."""
    module = fi_hetu
    frame = frame.select(pl.col(TEXT).str.to_uppercase().str.extract_groups(hetu._hetu_re.pattern).alias("p"))
    parts = pl.col("p")
    day, month = parts.struct.field("day").cast(pl.Int32), parts.struct.field("month").cast(pl.Int32)
    yy, individual = (
        parts.struct.field("year").cast(pl.Int32),
        parts.struct.field("individual").cast(pl.Int32),
    )
    year = parts.struct.field("century").replace_strict(module.CENTURY_BY_SIGN, default=None) + yy
    checkable = pl.concat_str(
        parts.struct.field("day"),
        parts.struct.field("month"),
        parts.struct.field("year"),
        parts.struct.field("individual"),
    )
    check = (checkable.cast(pl.Int64) % 31).replace_strict(
        dict(enumerate(module.CHECK_CHARACTERS)), default=None
    )
    temporary = individual >= 900
    valid = (
        (individual >= 2) & (check == parts.struct.field("control")) & is_past_date(year, month, day, today)
    )
    reasons = joined(
        "check character valid",
        "birth date valid",
        phrase_if(temporary, "individual number 900-999: temporary"),
    )
    flags = pl.when(temporary).then(pl.lit("temporary_identifier")).otherwise(pl.lit(""))
    return _verdicts(frame, verdict(valid, "FI_HETU", module.SCORE, reasons, flags))
