"""The context enhancer's rule on found spans, in polars (recognizers/context.py WholeWordContextEnhancer).

For each span: the words of its sentence up to `window` before it (nearest last) and after it, as
`_words_around` cuts them (the Rust forms of SENTENCE_END and WORD on the text cut at the span); each
word's lowercase forms looked up in the recognizer's compiled context lists (whole words, then stems by
their lengths, the first in list order winning, as ContextMatcher does); then `_apply`'s order: the
nearest word before the span that is positive, or negative with no number between it and the span;
else the first positive word after it (in list order); else the header, which the caller asks of the
enhancer itself once per recognizer and header. A span near a multi-word phrase of the recognizer's
lists is not decided here (`phrase`): the caller leaves its value to Python.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from recognizers.context import SENTENCE_AFTER_RUST, SENTENCE_BEFORE_RUST, WORD_RUST, ContextMatcher

SPAN, TEXT = "__span", "text"
BEFORE, AFTER = 0, 1


def words_around(spans: pl.DataFrame, window: int) -> pl.DataFrame:
    """Per span (SPAN, TEXT, start, end): its words, one a row: SPAN, side (BEFORE, AFTER), distance
    (0 nearest), the word lowercase, with its final dots dropped, and whether it holds a digit."""
    text, start, end = pl.col(TEXT), pl.col("start"), pl.col("end")
    sentence_start = (
        text.str.slice(0, start).str.extract(SENTENCE_BEFORE_RUST, 1).str.len_chars().fill_null(0)
    )
    after = text.str.slice(end)
    cut = spans.select(
        SPAN,
        text.str.slice(sentence_start, start - sentence_start)
        .str.extract_all(WORD_RUST)
        .list.tail(window)
        .list.reverse()
        .alias("before"),
        after.str.slice(0, after.str.extract(SENTENCE_AFTER_RUST, 1).str.len_chars())
        .str.extract_all(WORD_RUST)
        .list.head(window)
        .alias("after"),
    )
    sides = [
        cut.select(SPAN, pl.col(name).alias("word"), pl.lit(side, dtype=pl.Int8).alias("side"))
        for name, side in (("before", BEFORE), ("after", AFTER))
    ]
    words = (
        pl.concat(sides)
        .filter(pl.col("word").list.len() > 0)
        .with_columns(pl.int_ranges(pl.col("word").list.len(), dtype=pl.Int32).alias("distance"))
        .explode("word", "distance")
    )
    lower = pl.col("word").str.to_lowercase()
    return words.select(
        SPAN,
        "side",
        "distance",
        lower.alias("lower"),
        lower.str.strip_chars_end(".").alias("stripped"),
        pl.col("word").str.contains(r"[0-9]").alias("digit"),
    )


def _hit(matcher: ContextMatcher) -> pl.Expr:
    """The index in the list of the first context word that matches the word (ContextMatcher._word_hits
    over `_normalised`: the lowercase form and, for a word ending in ".", the form without its dots)."""
    hits = []
    for form in ("lower", "stripped"):
        hits.append(pl.col(form).replace_strict(matcher.whole, default=None, return_dtype=pl.Int32))
        for length in matcher.stem_lengths:
            stems = {stem: index for stem, index in matcher.stems.items() if len(stem) == length}
            hits.append(
                pl.col(form).str.slice(0, length).replace_strict(stems, default=None, return_dtype=pl.Int32)
            )
    return pl.min_horizontal(hits)


def _phrases(matchers: Sequence[ContextMatcher]) -> list[str]:
    return [f" {phrase} " for m in matchers for phrases in m.phrases_by_length.values() for phrase in phrases]


def decide(words: pl.DataFrame, positive: ContextMatcher, negative: ContextMatcher) -> pl.DataFrame:
    """Per span of `words` (one recognizer's): SPAN, `raised` (the positive word's index), `lowered`
    (the negative word's), both null where the header decides, and `phrase` (left to Python)."""
    # each distinct word looked up once: notes written from templates repeat their words (~10 rows a form)
    forms = words.select("lower", "stripped").unique()
    forms = forms.with_columns(_hit(positive).alias("positive"), _hit(negative).alias("negative"))
    words = words.join(forms, on=["lower", "stripped"], how="left").sort(SPAN, "side", "distance")
    words = words.with_columns(
        # a number between a negative word and the span: a digit in a nearer word before it
        (
            (pl.col("digit").cast(pl.Int32).cum_sum().over(SPAN, "side") - pl.col("digit").cast(pl.Int32)) > 0
        ).alias("number_between"),
    )
    before = words.filter(
        (pl.col("side") == BEFORE)
        & (pl.col("positive").is_not_null() | (pl.col("negative").is_not_null() & ~pl.col("number_between")))
    )
    nearest = before.group_by(SPAN).agg(
        pl.col("positive").first().alias("before_positive"),
        pl.col("negative").first().alias("before_negative"),
    )
    after = (
        words.filter(pl.col("side") == AFTER)
        .group_by(SPAN)
        .agg(pl.col("positive").min().alias("after_positive"))
    )
    phrases = _phrases((positive, negative))
    joined = (
        words.sort(
            SPAN, "side", pl.when(pl.col("side") == BEFORE).then(-pl.col("distance")).otherwise("distance")
        )
        .group_by(SPAN, "side", maintain_order=True)
        .agg(pl.col("lower").str.join(" "))  # in the text's order
        .filter(
            (pl.lit(" ") + pl.col("lower") + pl.lit(" ")).str.contains_any(phrases)
            if phrases
            else pl.lit(False)
        )
        .select(SPAN, pl.lit(True).alias("phrase"))
        .unique()
    )
    spans = words.select(SPAN).unique()
    decided = (
        spans.join(nearest, on=SPAN, how="left")
        .join(after, on=SPAN, how="left")
        .join(joined, on=SPAN, how="left")
    )
    return decided.select(
        SPAN,
        pl.coalesce(
            "before_positive", pl.when(pl.col("before_negative").is_null()).then("after_positive")
        ).alias("raised"),
        pl.when(pl.col("before_positive").is_null()).then("before_negative").alias("lowered"),
        pl.col("phrase").fill_null(False),
    )
