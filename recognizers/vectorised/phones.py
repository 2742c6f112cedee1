"""recognizers.phones.classify_phone as polars expressions, numbering plans from phonenumbers' metadata.

`number_type(PhoneNumber(code, nsn))` is rebuilt from the metadata: per calling code, the region that
owns the number (the one region, or the first whose leading digits match or whose plan accepts it)
and, in that region, the first type whose possible lengths and national-number pattern accept it, in
phonenumbers' own order (`_number_type_helper`). The patterns are phonenumbers' regexes, anchored;
none is copied into the code. Groupings, scores, reasons and the business types are read from
recognizers.phones.

A "+"/"00" number of any calling code is answered as phones._international answers it: the calling
code and the NSN as written; failing that `phonenumbers.parse`'s reading, which strips the code's
national prefix ("+46 070 …", "+44 (0)20 …") or rewrites it by the plan's transform rule
("+54 0 11 …") where its metadata says so; failing that, no number, unless a cut of the text at the
end of a digit group is valid ("+47 912 34 567 2024"): the finding is that cut, part of the text (the
verdict's span). Python answers the numbers of a calling code a batch holds too few of to be worth
compiling its plans (PLAN_WORTH_VALUES; the five Nordic codes are always compiled) (`unanswered`).

>>> texts = ["+47 912 34 567", "(+47) 123 45 678", "+47 912 34 567 2024", "912 34 567"]
>>> verdicts = phone_verdicts(pl.DataFrame({"text": texts}), datetime.date(2026, 1, 1))
>>> verdicts.select("valid", "unanswered", "span_end").rows()
[(True, False, None), (False, False, None), (True, False, 14), (True, False, None)]
>>> verdicts.select("score", pl.col("flags").str.split(SEPARATOR)).rows()[::3]
[(0.75, ['kind=mobile', 'region=NO']), (0.6, ["also_valid_for=['DK']", 'kind=mobile', 'region=NO'])]
"""

from __future__ import annotations

import datetime
import re

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
BUSINESS_KIND_NAMES: list[str] = sorted(phones._kind_name(kind) for kind in phones.BUSINESS_KINDS)
MOBILE = phones._kind_name(PhoneNumberType.MOBILE)
NO_STRING = pl.lit(None, dtype=pl.String)


def _kind(phone_type: int) -> pl.Expr:
    return pl.lit(phones._kind_name(phone_type))


def _matches(nsn: pl.Expr, desc: object) -> pl.Expr:
    """phonenumbers' _is_number_matching_desc: a possible length and the whole pattern."""
    pattern = getattr(desc, "national_number_pattern", None)
    if not pattern:
        return pl.lit(False)
    matches = nsn.str.contains(f"^(?:{pattern})$")
    lengths = list(desc.possible_length or ())
    return nsn.str.len_bytes().is_in(lengths) & matches if lengths else matches


def _kind_in_region(nsn: pl.Expr, metadata: PhoneMetadata | None) -> pl.Expr:
    """_number_type_helper as a kind name ("mobile", "fixed_line" …), null for UNKNOWN."""
    if metadata is None:
        return NO_STRING
    chain = pl.when(~_matches(nsn, metadata.general_desc)).then(NO_STRING)
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


def region_and_kind(nsn: pl.Expr, calling_code: int) -> tuple[pl.Expr, pl.Expr]:
    """region_code_for_number and number_type of the number `calling_code` and `nsn` (a leading 0 kept,
    as parse keeps Italy's); the kind is null when the number is not valid."""
    regions = COUNTRY_CODE_TO_REGION_CODE[calling_code]
    if len(regions) == 1:
        metadata = PhoneMetadata.metadata_for_region_or_calling_code(calling_code, regions[0])
        return pl.lit(regions[0]), _kind_in_region(nsn, metadata)
    region_chain = kind_chain = None
    for region in regions:  # _region_code_for_number_from_list
        metadata = PhoneMetadata.metadata_for_region(region)
        if metadata is None:
            continue
        kind = _kind_in_region(nsn, metadata)
        owns = (
            nsn.str.contains(f"^(?:{metadata.leading_digits})")
            if metadata.leading_digits is not None
            else kind.is_not_null()
        )
        region_chain = (pl.when(owns) if region_chain is None else region_chain.when(owns)).then(
            pl.lit(region)
        )
        kind_chain = (pl.when(owns) if kind_chain is None else kind_chain.when(owns)).then(kind)
    if region_chain is None or kind_chain is None:
        return NO_STRING, NO_STRING
    return region_chain.otherwise(None), kind_chain.otherwise(None)


def kind_for_calling_code(nsn: pl.Expr, calling_code: str) -> pl.Expr:
    """phones._kind_in(nsn, calling_code): number_type of the number, null when it is not valid."""
    return region_and_kind(nsn, int(calling_code))[1]


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


def _any_calling_code(digits: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """phones._international_number's calling code: the first of the 1-, 2- and 3-digit heads whose
    number phonenumbers knows (null when none), and the NSN after it."""
    codes = list(COUNTRY_CODE_TO_REGION_CODE)
    chain = None
    for length in (1, 2, 3):
        head = digits.str.slice(0, length).cast(pl.Int32, strict=False)
        known = head.is_in(codes) & (digits.str.len_bytes() >= length)
        chain = (pl.when(known) if chain is None else chain.when(known)).then(pl.lit(length))
    length = chain.otherwise(None)
    code = pl.when(length.is_not_null()).then(digits.str.slice(0, length).cast(pl.Int32, strict=False))
    return code, digits.str.slice(length.fill_null(0))


def _date_shape(text: pl.Expr) -> pl.Expr:
    """phones._DATE_SHAPE.fullmatch: its backreference written out for each separator it allows."""
    pattern = phones._DATE_SHAPE.pattern
    separators = "-/ "
    shapes = [
        pattern.replace("(?P<sep>[-/ ])", f"[{sep}]").replace("(?P=sep)", f"[{sep}]") for sep in separators
    ]
    return text.str.contains("|".join(f"^(?:{shape})$" for shape in shapes))


def _grouping(text: pl.Expr) -> pl.Expr:
    """classify_phone's `groups` as "3,2,3": the lengths of the space-separated parts, null where the
    text holds a "-" (not a grouping of the NO, DK and IS plans). The whole-cell texts are ASCII."""
    lengths = text.str.split(" ").list.eval(pl.element().str.len_chars().cast(pl.String)).list.join(",")
    return pl.when(~text.str.contains("-", literal=True)).then(lengths)


def _signature(grouping: tuple[int, ...]) -> str:
    return ",".join(str(length) for length in grouping)


TEXT, ROW = "text", "__phone_row"
REGIONS: list[tuple[str, str]] = list(phones.CALLING_CODE_REGION.items())  # the order _classify tries


def _parsed_nsn(nsn: pl.Expr, calling_code: int) -> pl.Expr:
    """The NSN `phonenumbers.parse("+" + code + nsn)` keeps (_maybe_strip_national_prefix_carrier_code,
    then its length test): the national prefix of the code's main region (`national_prefix_for_parsing`)
    is stripped, or rewritten by the transform rule where the prefix's last group matched ("+54 0 11 …"
    → "9 11 …"), when the number was not viable as written or still is, and the rest is of a possible
    length (or too long)."""
    metadata = PhoneMetadata.metadata_for_region_or_calling_code(
        calling_code, COUNTRY_CODE_TO_REGION_CODE[calling_code][0]
    )
    prefix = metadata.national_prefix_for_parsing if metadata is not None else None
    if not prefix:
        return nsn
    head = f"^(?:{prefix})"
    prefix_match = nsn.str.extract(head, 0)
    reading = nsn.str.slice(prefix_match.str.len_bytes())
    rule = metadata.national_prefix_transform_rule
    if rule:
        last_group = nsn.str.extract(head, re.compile(prefix).groups)
        transformed = nsn.str.replace(head, re.sub(r"\\(\d)", r"${\1}", rule))
        reading = pl.when(last_group.is_not_null()).then(transformed).otherwise(reading)
    general = metadata.general_desc

    def viable(number: pl.Expr) -> pl.Expr:  # _match_national_number: the pattern only, none never
        pattern = general.national_number_pattern
        return number.str.contains(f"^(?:{pattern})$") if pattern else pl.lit(False)

    lengths, local = list(general.possible_length), list(general.possible_length_local_only)
    length = reading.str.len_bytes()
    possible = ~length.is_in(local) & (length.is_in(lengths) | (length > max(lengths)))
    strip = prefix_match.is_not_null() & ~(viable(nsn) & ~viable(reading)) & possible
    return pl.when(strip).then(reading).otherwise(nsn)


def _possible_lengths(calling_code: int) -> list[int] | None:
    """The NSN lengths any region of `calling_code` accepts (its general descriptions' possible
    lengths), None where one of them sets none (any length may then match its pattern)."""
    lengths: set[int] = set()
    for region in COUNTRY_CODE_TO_REGION_CODE[calling_code]:
        metadata = PhoneMetadata.metadata_for_region_or_calling_code(calling_code, region)
        if metadata is None:
            continue
        if not metadata.general_desc.possible_length:
            return None
        lengths.update(metadata.general_desc.possible_length)
    return sorted(lengths)


# "code:length" for every NSN length a calling code's plans accept (all lengths where one sets none)
POSSIBLE_LENGTH_KEYS: list[str] = [
    f"{code}:{length}"
    for code in COUNTRY_CODE_TO_REGION_CODE
    for length in (_possible_lengths(code) or range(1, 20))
]


def _never_valid(frame: pl.DataFrame, rows: pl.Expr) -> pl.Series:
    """For a calling code whose plans are not compiled here: whether no region of it can accept the number,
    by length alone, as written and as `parse` reads it (_parsed_nsn: its national prefix stripped or
    transformed); the prefixes are asked only for the codes of the rows that need them."""

    def impossible(number: pl.Expr) -> pl.Expr:
        return ~pl.concat_str(pl.col("code"), pl.lit(":"), number.str.len_bytes()).is_in(POSSIBLE_LENGTH_KEYS)

    nsn = pl.col("international_nsn")
    # parse finds no calling code in digits that start with 0: only the number as written is asked,
    # and not at all when its NSN starts with 0
    no_parse = pl.col("international_digits").str.starts_with("0")
    as_written = nsn.str.starts_with("0") | impossible(nsn)
    never = frame.select(ROW, (rows & no_parse & as_written).fill_null(False).alias("never"))
    # parse reads the NSN as written (a leading 0 kept) or with its national prefix stripped
    parse_rows = frame.filter(rows & ~no_parse & impossible(nsn))
    decided = [
        # parse's reading (as written, its national prefix stripped or rewritten by the transform rule,
        # "0024182-4": a Y-tunnus read as Gabon's) is of no possible length either
        parse_rows.filter((pl.col("code") == code) & impossible(_parsed_nsn(nsn, code))).select(ROW)
        for code in parse_rows["code"].unique().to_list()
    ]
    if decided:
        never = never.with_columns(pl.col("never") | pl.col(ROW).is_in(pl.concat(decided)[ROW].implode()))
    return never["never"]


# A calling code's plans are compiled for a column when it holds this many of the code's numbers;
# fewer go to Python. Compiling a plan costs ~10 ms (its regexes, beyond polars' cache of 32), Python
# answers a value in ~0.2 ms (measured on phonenumbers' example numbers of every region, 2 cores). The
# five Nordic codes are always compiled: they are most of an export's numbers, and the national forms
# run the same plans.
PLAN_WORTH_VALUES = 50
ALWAYS_COMPILED: list[int] = [int(code) for code in phones.CALLING_CODE_REGION]


def _international_kinds(frame: pl.DataFrame) -> pl.DataFrame:
    """Columns "owner" and "international_kind" (null: not a valid number) and "international_unsure"
    for the rows with a calling code ("code") and the NSN after it ("international_nsn"), as
    phones._international_number answers them: the number as written, failing that `parse`'s reading
    (none when the digits start with 0: parse finds no calling code). Each calling code's plans run
    only on its own rows, parse's reading only on those the number as written left invalid; a code
    with fewer than PLAN_WORTH_VALUES rows (not Nordic) is left to Python (unsure), unless no reading
    of its number has a length its plans accept."""
    asked = frame.filter(pl.col("long_enough") & pl.col("code").is_not_null())
    if asked.height == 0:  # most columns: no "+"/"00" number; a plan of steps costs ~10 ms even empty
        return frame.with_columns(
            NO_STRING.alias("owner"),
            NO_STRING.alias("international_kind"),
            pl.lit(False).alias("international_unsure"),
        )
    counts = asked.group_by("code").len()
    worth = counts.filter((pl.col("len") >= PLAN_WORTH_VALUES) | pl.col("code").is_in(ALWAYS_COMPILED))
    skipped = asked.filter(~pl.col("code").is_in(worth["code"].implode())).select(
        ROW,
        NO_STRING.alias("owner"),
        NO_STRING.alias("international_kind"),
        pl.lit(True).alias("international_unsure"),
    )
    asked = asked.filter(pl.col("code").is_in(worth["code"].implode()))
    nsn = pl.col("international_nsn")
    parts = [skipped]
    for code in asked["code"].unique().to_list():
        rows = asked.filter(pl.col("code") == code)
        direct_region, direct_kind = region_and_kind(nsn, code)
        answered = rows.filter(~nsn.str.starts_with("0")).select(
            ROW, direct_region.alias("owner"), direct_kind.alias("international_kind")
        )
        answered = answered.filter(pl.col("international_kind").is_not_null())
        rest = rows.filter(
            ~pl.col(ROW).is_in(answered[ROW].implode()) & ~pl.col("international_digits").str.starts_with("0")
        )
        parts.append(answered.with_columns(pl.lit(False).alias("international_unsure")))
        if rest.height:
            rest = rest.with_columns(_parsed_nsn(nsn, code).alias("parsed_nsn"))
            parsed_region, parsed_kind = region_and_kind(pl.col("parsed_nsn"), code)
            parts.append(
                rest.select(
                    ROW,
                    parsed_region.alias("owner"),
                    parsed_kind.alias("international_kind"),
                    pl.lit(False).alias("international_unsure"),
                )
            )
    schema = {
        ROW: frame.schema[ROW],
        "owner": pl.String,
        "international_kind": pl.String,
        "international_unsure": pl.Boolean,
    }
    found = pl.concat([pl.DataFrame(schema=schema), *(part.cast(schema) for part in parts)])
    frame = frame.join(found, on=ROW, how="left", maintain_order="left")
    if skipped.height == 0:
        return frame.with_columns(pl.col("international_unsure").fill_null(False))
    # a code not compiled: Python answers, unless no reading of the number can be valid by its length
    never = _never_valid(frame, pl.col(ROW).is_in(skipped[ROW].implode()))
    return frame.with_columns(
        (pl.col("international_unsure").fill_null(False) & ~never).alias("international_unsure")
    )


def _international_digits(head: pl.Expr, text: pl.Expr) -> pl.Expr:
    """The digits phones._international asks about for `head`, the whole "+"/"00" `text` or a cut of
    it: "(0)" and every non-digit left out, and the "00" a text starts with."""
    digits = head.str.replace_all(phones._TRUNK_IN_PARENTHESES.pattern, "").str.replace_all(r"\D", "")
    return pl.when(text.str.starts_with("00")).then(digits.str.slice(2)).otherwise(digits)


def _first_valid_cut(frame: pl.DataFrame, rows: pl.Expr) -> pl.DataFrame:
    """For the `rows` of `frame` (a "+"/"00" text that is no valid number whole), phones._international's
    cuts: the text cut after each digit that a separator follows (phones._GROUP_END), longest first,
    until a cut holds too few digits; the first cut that is a valid number is the finding, part of the
    text. Per ROW of `frame`: that cut's end in characters ("cut_end") and its "cut_owner" and
    "cut_kind" (null: no cut is valid, the text is no phone number), or "cut_unsure" where a cut before
    it cannot be followed here (Python answers)."""
    text, end = pl.col(TEXT), pl.col("end")
    schema = {"cut_end": pl.Int32, "cut_owner": pl.String, "cut_kind": pl.String, "cut_unsure": pl.Boolean}
    none = frame.select(ROW, *(pl.lit(None, dtype=dtype).alias(name) for name, dtype in schema.items()))
    asked = frame.filter(rows)
    if asked.height == 0:
        return none
    cuts = (
        asked.select(pl.col(ROW).alias("text_row"), TEXT)
        .with_columns(pl.int_ranges(1, text.str.len_chars(), dtype=pl.Int32).alias("end"))
        .explode("end")
        .filter(
            text.str.slice(end - 1, 1).str.contains(r"^\d$")
            & text.str.slice(end, 1).str.contains(r"^[ .\-/()]$")
        )
        .sort(["text_row", "end"], descending=[False, True])
        .with_columns(_international_digits(text.str.slice(0, end), text).alias("international_digits"))
    )
    long_enough = pl.col("international_digits").str.len_bytes() >= phones._INTERNATIONAL_DIGITS[0]
    code, international_nsn = _any_calling_code(pl.col("international_digits"))
    cuts = (
        cuts.filter(long_enough.cast(pl.Int8).cum_min().over("text_row") == 1)  # the loop's break
        .with_columns(
            pl.lit(True).alias("long_enough"),
            code.alias("code"),
            international_nsn.alias("international_nsn"),
        )
        .with_row_index(ROW)
    )
    cuts = _international_kinds(cuts)
    first = (
        cuts.filter(pl.col("international_kind").is_not_null() | pl.col("international_unsure"))
        .sort("text_row", pl.col("end"), descending=[False, True])
        .group_by("text_row", maintain_order=True)
        .first()
        .select(
            pl.col("text_row").alias(ROW),
            pl.col("end").alias("cut_end"),
            pl.col("owner").alias("cut_owner"),
            pl.col("international_kind").alias("cut_kind"),
            pl.col("international_unsure").alias("cut_unsure"),
        )
        .cast(schema)
    )
    return none.select(ROW).join(first, on=ROW, how="left", maintain_order="left")


def phone_verdicts(frame: pl.DataFrame, today: datetime.date) -> pl.DataFrame:
    """phones.classify_phone for whole-cell ASCII texts (column "text"), as verdict columns; staged in
    columns because each step reads the one before several times (`today` is not used)."""
    del today
    text = pl.col(TEXT)
    frame = frame.with_columns(
        (text.str.starts_with("+") | text.str.starts_with("00") | text.str.starts_with("(+")).alias(
            "international"
        ),
        _international_digits(text, text).alias("international_digits"),
        text.str.replace_all(r"\D", "").alias("digits"),
        _date_shape(text).alias("date_shape"),
        _grouping(text).alias("grouping"),
    )
    international, digits = pl.col("international"), pl.col("digits")
    code, international_nsn = _any_calling_code(pl.col("international_digits"))
    long_code, long_rest = _split_calling_code(digits)
    national = ~international & ~digits.str.starts_with("0")
    frame = frame.with_columns(
        (digits.str.len_bytes() != text.str.len_bytes()).alias("separated"),
        (~international & digits.str.starts_with("0")).alias("trunk"),
        (national & (digits.str.len_bytes() >= 9)).alias("long"),
        (national & (digits.str.len_bytes() == 8)).alias("eight"),
        # a "+"/"00" text with enough digits to be asked about (a national form's digits never are)
        (
            international
            & (pl.col("international_digits").str.len_bytes() >= phones._INTERNATIONAL_DIGITS[0])
        ).alias("long_enough"),
        code.alias("code"),
        international_nsn.alias("international_nsn"),
        long_code.replace_strict(phones.CALLING_CODE_REGION, default=None).alias("long_region"),
        long_rest.alias("long_rest"),
    )
    trunk, long, eight, separated = pl.col("trunk"), pl.col("long"), pl.col("eight"), pl.col("separated")
    frame = frame.with_columns(
        pl.when(trunk)
        .then(digits.str.slice(1))
        .when(long)
        .then(pl.col("long_rest"))
        .otherwise(digits)
        .alias("nsn"),
    ).with_row_index(ROW)
    frame = _international_kinds(frame)
    invalid_whole = (
        international
        & pl.col("long_enough")
        & pl.col("code").is_not_null()
        & pl.col("international_kind").is_null()
        & ~pl.col("international_unsure")
    )
    frame = frame.join(_first_valid_cut(frame, invalid_whole), on=ROW, how="left", maintain_order="left")
    # a "+"/"00" text valid only cut short: the finding is the cut's number, part of the text
    frame = frame.with_columns(
        pl.when(pl.col("cut_kind").is_not_null())
        .then(pl.col("cut_owner"))
        .otherwise(pl.col("owner"))
        .alias("owner"),
        pl.col("international_kind").fill_null(pl.col("cut_kind")),
    )
    nsn = pl.col("nsn")

    def allowed(region: str) -> pl.Expr:
        """Whether the national form lets `region` be tried (_classify's `regions` argument)."""
        return (
            pl.when(international)
            .then(pl.lit(False))
            .when(long)
            .then(pl.col("long_region") == region)
            .when(trunk)
            .then(pl.lit(region in phones.TRUNK_REGIONS))
            .when(eight)
            .then(pl.lit(region in ("NO", "DK")))
            .otherwise(pl.lit(region == "IS"))
            .fill_null(False)
        )

    # each region's plan only on the texts whose form lets it be tried: one or two regions of five
    for calling_code, region in REGIONS:
        tried = frame.filter(allowed(region))
        if tried.height == 0:  # a plan's regexes are compiled only where its numbers may be
            frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(f"kind_{region}"))
            continue
        tried = tried.select(ROW, kind_for_calling_code(nsn, calling_code).alias(f"kind_{region}"))
        frame = frame.join(tried, on=ROW, how="left", maintain_order="left")
    kinds = {region: pl.col(f"kind_{region}") for _, region in REGIONS}
    # a region in one of whose own groupings the text is written (only 7 and 8 digits have groups)
    grouped = {
        region: kind.is_not_null()
        & ~international
        & ~trunk
        & ~long
        & pl.col("grouping").is_in([_signature(g) for g in phones._plan_groupings(region)]).fill_null(False)
        for region, kind in kinds.items()
    }
    frame = frame.with_columns(pl.any_horizontal(grouped.values()).alias("grouped"))
    any_grouped = pl.col("grouped")
    # _national_verdict's choice: a person's number before a business's, a mobile first, then the order
    chosen = pl.when(pl.lit(False)).then(NO_STRING)
    for business in (False, True):
        for not_mobile in (False, True):
            for region, kind in kinds.items():
                candidate = pl.when(any_grouped).then(grouped[region]).otherwise(kind.is_not_null())
                rank = (kind.is_in(BUSINESS_KIND_NAMES) == business) & ((kind != MOBILE) == not_mobile)
                chosen = chosen.when(candidate & rank).then(pl.lit(region))
    frame = frame.with_columns(chosen.otherwise(None).alias("national_region"))
    national_region = pl.col("national_region")
    national_kind = pl.when(pl.lit(False)).then(NO_STRING)
    for region, kind in kinds.items():
        national_kind = national_kind.when(national_region == region).then(kind)
    frame = frame.with_columns(
        pl.when(international).then(pl.col("owner")).otherwise(national_region).alias("region"),
        pl.when(international)
        .then(pl.col("international_kind"))
        .otherwise(national_kind.otherwise(None))
        .alias("kind"),
    )
    region, kind = pl.col("region"), pl.col("kind")
    others = pl.concat_str(
        [
            pl.when(other.is_not_null() & (region != name)).then(pl.lit(f"'{name}'"))
            for name, other in kinds.items()
        ],
        separator=", ",
        ignore_nulls=True,
    )
    flags = joined(
        pl.when(~international & (others != "")).then(
            pl.concat_str(pl.lit("also_valid_for=["), others, pl.lit("]"))
        ),
        pl.concat_str(pl.lit("kind="), kind),
        pl.concat_str(pl.lit("region="), region),
    )
    form_reason = (
        pl.when(international)
        .then(pl.lit("written with a +/00 country code"))
        .when(any_grouped)
        .then(pl.lit("grouped as the numbering plan writes it"))
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
        .when(any_grouped | (trunk & separated))
        .then(phones.FORMATTED_SCORE)
        .otherwise(phones.NEEDS_CONTEXT_SCORE)
    )
    reasons = pl.concat_str(
        form_reason,
        pl.lit(SEPARATOR + "valid "),
        region,
        pl.lit(" "),
        kind.str.replace_all("_", " ", literal=True),
        pl.lit(" number"),
    )
    national_valid = ~pl.col("date_shape") & (nsn.str.len_bytes() > 0) & ~nsn.str.starts_with("0")
    valid = (international | national_valid) & kind.is_not_null()
    entity = (
        pl.when(kind.is_in(BUSINESS_KIND_NAMES))
        .then(pl.lit(phones.BUSINESS_ENTITY))
        .otherwise(pl.lit(phones.PERSONAL_ENTITY))
    )
    # a reading of parse's not decided here, whole or cut short
    unanswered = international & (pl.col("international_unsure") | pl.col("cut_unsure").fill_null(False))
    cut = international & pl.col("cut_kind").is_not_null()
    return frame.select(
        verdict(
            valid,
            entity,
            score,
            reasons,
            flags,
            value_evidence=international,
            unanswered=unanswered,
            span_start=pl.when(cut).then(0),
            span_end=pl.when(cut).then(pl.col("cut_end")),
        ).alias("verdict")
    ).unnest("verdict")
