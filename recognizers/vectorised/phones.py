"""recognizers.phones.classify_phone as polars expressions, numbering plans from phonenumbers' metadata.

`number_type(PhoneNumber(code, nsn))` is rebuilt from the metadata at import: per calling code, the
region that owns the number (the one region, or the first whose leading digits match or whose plan
accepts it) and, in that region, the first type whose possible lengths and national-number pattern
accept it, in phonenumbers' own order (`_number_type_helper`). The patterns are phonenumbers' regexes,
anchored; none is copied into the code.

>>> texts = pl.DataFrame({"text": ["+47 912 34 567", "+47 123 45 678"]})
>>> phone_verdicts(texts, datetime.date(2026, 1, 1)).select("valid", pl.col("flags").str.split(SEPARATOR)).rows()
[(True, ['kind=mobile', 'region=NO']), (False, [''])]
"""

from __future__ import annotations

import datetime

import polars as pl
from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, PhoneMetadata, PhoneNumberType

from recognizers import phones
from recognizers.vectorised.expressions import SEPARATOR, joined, verdict

# _number_type_helper's order: the special types first, then fixed line and mobile
SPECIAL_TYPES: tuple[tuple[str, int], ...] = (
    ("premium_rate", PhoneNumberType.PREMIUM_RATE),
    ("toll_free", PhoneNumberType.TOLL_FREE),
    ("shared_cost", PhoneNumberType.SHARED_COST),
    ("voip", PhoneNumberType.VOIP),
    ("personal_number", PhoneNumberType.PERSONAL_NUMBER),
    ("pager", PhoneNumberType.PAGER),
    ("uan", PhoneNumberType.UAN),
    ("voicemail", PhoneNumberType.VOICEMAIL),
)


def _kind(phone_type: int) -> pl.Expr:
    return pl.lit(PhoneNumberType.to_string(phone_type).lower())


def _matches(nsn: pl.Expr, desc: object) -> pl.Expr:
    """phonenumbers' _is_number_matching_desc: a possible length and the whole pattern."""
    pattern = getattr(desc, "national_number_pattern", None)
    if not pattern:
        return pl.lit(False)
    matches = nsn.str.contains(f"^(?:{pattern})$")
    lengths = list(desc.possible_length or ())
    return nsn.str.len_bytes().is_in(lengths) & matches if lengths else matches


def _kind_in_region(nsn: pl.Expr, metadata: PhoneMetadata) -> pl.Expr:
    """_number_type_helper as a kind name ("mobile", "fixed_line" …), null for UNKNOWN."""
    chain = pl.when(~_matches(nsn, metadata.general_desc)).then(pl.lit(None, dtype=pl.String))
    for attribute, phone_type in SPECIAL_TYPES:
        chain = chain.when(_matches(nsn, getattr(metadata, attribute))).then(_kind(phone_type))
    fixed, mobile = _matches(nsn, metadata.fixed_line), _matches(nsn, metadata.mobile)
    if metadata.same_mobile_and_fixed_line_pattern:
        return chain.when(fixed).then(_kind(PhoneNumberType.FIXED_LINE_OR_MOBILE)).otherwise(None)
    return (
        chain.when(fixed & mobile)
        .then(_kind(PhoneNumberType.FIXED_LINE_OR_MOBILE))
        .when(fixed)
        .then(_kind(PhoneNumberType.FIXED_LINE))
        .when(mobile)
        .then(_kind(PhoneNumberType.MOBILE))
        .otherwise(None)
    )


def kind_for_calling_code(nsn: pl.Expr, calling_code: str) -> pl.Expr:
    """phones._kind_in(nsn, calling_code): number_type of the number, null when it is not valid."""
    regions = COUNTRY_CODE_TO_REGION_CODE[int(calling_code)]
    plans = [(region, PhoneMetadata.metadata_for_region(region)) for region in regions]
    if len(plans) == 1:
        return _kind_in_region(nsn, plans[0][1])
    chain = None
    for _, metadata in plans:
        kind = _kind_in_region(nsn, metadata)
        owns = (
            nsn.str.contains(f"^(?:{metadata.leading_digits})")
            if metadata.leading_digits is not None
            else kind.is_not_null()
        )
        chain = (pl.when(owns) if chain is None else chain.when(owns)).then(kind)
    return chain.otherwise(None)


def _split_calling_code(digits: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """phones._split_calling_code: the Nordic calling code at the start (longest first) and the rest;
    the code is null when there is none."""
    chain = None
    for length in sorted({len(code) for code in phones.CALLING_CODE_REGION}, reverse=True):
        codes = [code for code in phones.CALLING_CODE_REGION if len(code) == length]
        head = digits.str.slice(0, length)
        chain = (pl.when(head.is_in(codes)) if chain is None else chain.when(head.is_in(codes))).then(head)
    code = chain.otherwise(None)
    return code, digits.str.slice(code.str.len_bytes().fill_null(0))


def _date_shape(text: pl.Expr) -> pl.Expr:
    """phones._DATE_SHAPE.fullmatch: its backreference written out for each separator it allows."""
    pattern = phones._DATE_SHAPE.pattern
    separators = "-/ "
    shapes = [
        pattern.replace("(?P<sep>[-/ ])", f"[{sep}]").replace("(?P=sep)", f"[{sep}]") for sep in separators
    ]
    return text.str.contains("|".join(f"^(?:{shape})$" for shape in shapes))


TEXT, ROW = "text", "__phone_row"


def phone_verdicts(frame: pl.DataFrame, today: datetime.date) -> pl.DataFrame:
    """phones.classify_phone for whole-cell ASCII texts (column "text"), as verdict columns; staged in
    columns because each step reads the one before several times (`today` is not used)."""
    del today
    regions = list(phones.CALLING_CODE_REGION.items())  # the order _classify tries them in
    text = pl.col(TEXT)
    international_digits = text.str.replace_all("(0)", "", literal=True).str.replace_all(r"\D", "")
    frame = frame.with_columns(
        (text.str.starts_with("+") | text.str.starts_with("00") | text.str.starts_with("(+")).alias(
            "international"
        ),
        pl.when(text.str.starts_with("00"))
        .then(international_digits.str.slice(2))
        .otherwise(international_digits)
        .alias("international_digits"),
        text.str.replace_all(r"\D", "").alias("digits"),
        _date_shape(text).alias("date_shape"),
    )
    international, digits = pl.col("international"), pl.col("digits")
    international_code, international_rest = _split_calling_code(pl.col("international_digits"))
    international_region = international_code.replace_strict(phones.CALLING_CODE_REGION, default=None)
    long_code, long_rest = _split_calling_code(digits)
    national = ~international & ~digits.str.starts_with("0")
    frame = frame.with_columns(
        (digits.str.len_bytes() != text.str.len_bytes()).alias("separated"),
        (~international & digits.str.starts_with("0")).alias("trunk"),
        (national & (digits.str.len_bytes() >= 9)).alias("long"),
        (national & (digits.str.len_bytes() == 8)).alias("eight"),
        international_region.alias("international_region"),
        pl.when(international_region.is_in(phones.TRUNK_REGIONS) & international_rest.str.starts_with("0"))
        .then(international_rest.str.slice(1))
        .otherwise(international_rest)
        .alias("international_nsn"),
        long_code.replace_strict(phones.CALLING_CODE_REGION, default=None).alias("long_region"),
        long_rest.alias("long_rest"),
    )
    trunk, long, eight, separated = pl.col("trunk"), pl.col("long"), pl.col("eight"), pl.col("separated")
    frame = frame.with_columns(
        pl.when(international)
        .then(pl.col("international_nsn"))
        .when(trunk)
        .then(digits.str.slice(1))
        .when(long)
        .then(pl.col("long_rest"))
        .otherwise(digits)
        .alias("nsn"),
        pl.when(international)
        .then(pl.col("international_region"))
        .when(long)
        .then(pl.col("long_region"))
        .alias("form_region"),
    )
    nsn, form_region = pl.col("nsn"), pl.col("form_region")

    def allowed(region: str) -> pl.Expr:
        """Whether the form lets `region` be tried (_classify's `regions` argument)."""
        by_form = (
            pl.when(international | long)
            .then(form_region == region)
            .when(trunk)
            .then(pl.lit(region in phones.TRUNK_REGIONS))
            .when(eight)
            .then(pl.lit(region in ("NO", "DK")))
            .otherwise(pl.lit(region == "IS"))
        )
        return by_form.fill_null(False)

    # each region's plan only on the texts whose form lets it be tried: one or two regions of five
    frame = frame.with_row_index(ROW)
    for code, region in regions:
        tried = frame.filter(allowed(region)).select(
            ROW, kind_for_calling_code(nsn, code).alias(f"kind_{region}")
        )
        frame = frame.join(tried, on=ROW, how="left", maintain_order="left")
    kinds = {region: pl.col(f"kind_{region}") for _, region in regions}
    chosen = pl.when(pl.lit(False)).then(pl.lit(None, dtype=pl.String))
    for region, kind in kinds.items():  # a region where it is a mobile first, else the first valid
        chosen = chosen.when(kind == "mobile").then(pl.lit(region))
    for region, kind in kinds.items():
        chosen = chosen.when(kind.is_not_null()).then(pl.lit(region))
    frame = frame.with_columns(chosen.otherwise(None).alias("region"))
    chosen = pl.col("region")
    chosen_kind = pl.when(pl.lit(False)).then(pl.lit(None, dtype=pl.String))
    for region, kind in kinds.items():
        chosen_kind = chosen_kind.when(chosen == region).then(kind)
    frame = frame.with_columns(chosen_kind.otherwise(None).alias("kind"))
    chosen_kind = pl.col("kind")
    others = pl.concat_str(
        [
            pl.when(kind.is_not_null() & (chosen != region)).then(pl.lit(f"'{region}'"))
            for region, kind in kinds.items()
        ],
        separator=", ",
        ignore_nulls=True,
    )
    flags = joined(
        pl.when(others != "").then(pl.concat_str(pl.lit("also_valid_for=["), others, pl.lit("]"))),
        pl.concat_str(pl.lit("kind="), chosen_kind),
        pl.concat_str(pl.lit("region="), chosen),
    )
    form_reason = (
        pl.when(international)
        .then(pl.lit("written with a +/00 country code"))
        .when(trunk & separated)
        .then(pl.lit("national form with trunk 0"))
        .when(trunk)
        .then(pl.lit("national form with trunk 0, unformatted, needs context"))
        .when(long)
        .then(pl.lit("country code without plus, needs context"))
        .when(eight)
        .then(pl.lit("bare 8 digits, needs context"))
        .otherwise(pl.lit("bare 7 digits, needs context"))
    )
    score = (
        pl.when(international)
        .then(phones.INTERNATIONAL_SCORE)
        .when(trunk & separated)
        .then(phones.TRUNK_FORMATTED_SCORE)
        .otherwise(phones.NEEDS_CONTEXT_SCORE)
    )
    reasons = pl.concat_str(
        form_reason,
        pl.lit(SEPARATOR + "valid "),
        chosen,
        pl.lit(" "),
        chosen_kind.str.replace_all("_", " ", literal=True),
        pl.lit(" number"),
    )
    valid = (
        ~(~international & pl.col("date_shape"))
        & (nsn.str.len_bytes() > 0)
        & ~nsn.str.starts_with("0")
        & chosen.is_not_null()
    )
    return frame.select(verdict(valid, "PHONE_NUMBER", score, reasons, flags).alias("verdict")).unnest(
        "verdict"
    )
