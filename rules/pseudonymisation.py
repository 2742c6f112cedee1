"""Reversible pseudonymisation: a column of unsalted digests of values found elsewhere in the same scan.

An unsalted MD5, SHA-1 or SHA-256 of a phone number or a national identity number is reversed by
hashing every candidate (Norway has some 20 million possible mobile numbers, an afternoon's work);
when the export itself holds the plain values, a lookup is enough. Such a column is pseudonymised,
not anonymised: still personal data (GDPR Recital 26, EDPB Guidelines 01/2025).

During the scan, each batch hashes the values the detector found (identifiers, phones, emails, cards,
accounts: the matched text, not the cell around it), each as written and normalised (digits only; `+`
and digits for a leading `+` or `00`; lower case for emails), with MD5, SHA-1 and SHA-256. Only a bounded set is kept: the
MAX_FOUND_DIGESTS smallest digests, a bottom-k sketch. Digests are uniform, so it is a random sample of
the digest space, and it merges exactly (the smallest k of a union are the smallest k of the parts'
smallest k). Hash-shaped columns keep their MAX_COLUMN_DIGESTS smallest digests the same way. At the
end a column digest is compared only when it is at or below the largest kept found digest, the range
in which the found set is complete, so no match inside that range is missed.

Hashing runs in Python (hashlib, three digests per form), once per distinct found value of a batch; it
costs about as much as a tenth of the analysis that found the value (benchmarks/policy_cost.py).

Digests of identifiers are as sensitive as the identifiers: they stay in memory and never reach an
output.
"""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import polars as pl

from recognizers.entities import CATEGORIES
from rules.wording import N_, Translate, english

HASHED_CATEGORIES: tuple[str, ...] = ("NATIONAL_ID", "PHONE", "EMAIL", "PAYMENT_CARD", "BANK_ACCOUNT")
MAX_FOUND_DIGESTS = 200_000
MAX_COLUMN_DIGESTS = 1_000
ALGORITHMS = {"md5": hashlib.md5, "sha1": hashlib.sha1, "sha256": hashlib.sha256}
ALGORITHM_OF_LENGTH = {32: "md5", 40: "sha1", 64: "sha256"}
ALGORITHM_NAMES = {"md5": "MD5", "sha1": "SHA-1", "sha256": "SHA-256"}
HEX_DIGEST = r"^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$"
VALUE = "__ccscan_value"


DIGEST, RANK = "digest", "rank"
PAIRS_SCHEMA = {DIGEST: pl.Binary, RANK: pl.Int32}


def _bottom(pairs: pl.DataFrame, complete: bool) -> FoundDigests:
    """The MAX_FOUND_DIGESTS smallest digests of (digest, category rank) rows, one category per digest
    (the first in CATEGORIES, so that the result does not depend on the order of the parts). Parts
    repeat digests (a phone found in two batches): they are made distinct before any is left out."""
    # sorted by digest then rank, the first row of each digest holds its lowest rank (a group_by of
    # some 400 000 distinct strings cost 118 MiB of peak memory, the sort a third of that)
    ordered = pairs.sort(DIGEST, RANK)
    best = ordered.filter((pl.col(DIGEST) != pl.col(DIGEST).shift(1)).fill_null(True))
    complete = complete and best.height <= MAX_FOUND_DIGESTS
    return FoundDigests(_compact(best.head(MAX_FOUND_DIGESTS)), complete)


def _compact(pairs: pl.DataFrame) -> pl.DataFrame:
    """`pairs` copied into buffers of their own. The rows a sort, a filter or a slice keep are views into
    the buffers of every digest they came from, which a table's profile would then hold for the whole
    scan (+110 MiB peak on the 400 000-row CRM export): written in the oldest IPC layout, which has no
    view types, and read back (~14 ms for 200 000 digests)."""
    buffer = io.BytesIO()
    pairs.write_ipc(buffer, compat_level=pl.CompatLevel.oldest())
    buffer.seek(0)
    return pl.read_ipc(buffer)


@dataclass(frozen=True, eq=False)
class FoundDigests:
    """The smallest digests of found values, sorted, each with the rank in CATEGORIES of the category of
    the value it came from: `pairs`, a frame of DIGEST (the digest's bytes: bytes sort as their lower-case
    hex does) and RANK. Kept in polars from hashing to the judge: as Python tuples of hex strings, the
    conversions of 200 000 digests and their merges cost more than hashing them."""

    pairs: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=PAIRS_SCHEMA))
    complete: bool = True

    @classmethod
    def of(cls, digests: Iterable[str], categories: Iterable[str], complete: bool = True) -> FoundDigests:
        """From hex digests (sorted, distinct) and their categories."""
        pairs = pl.DataFrame(
            {
                DIGEST: [bytes.fromhex(digest) for digest in digests],
                RANK: [CATEGORIES.index(category) for category in categories],
            },
            schema=PAIRS_SCHEMA,
        )
        return cls(pairs, complete)

    def __len__(self) -> int:
        return self.pairs.height

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FoundDigests):
            return NotImplemented
        return self.complete == other.complete and self.pairs.equals(other.pairs)

    __hash__ = None  # type: ignore[assignment]

    @property
    def digests(self) -> tuple[str, ...]:
        """The digests as lower-case hex, sorted."""
        return tuple(self.pairs.select(pl.col(DIGEST).bin.encode("hex")).to_series().to_list())

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(CATEGORIES[rank] for rank in self.pairs[RANK].to_list())

    def merge(self, other: FoundDigests) -> FoundDigests:
        complete = self.complete and other.complete
        if not len(other):
            return FoundDigests(self.pairs, complete)
        if not len(self):
            return FoundDigests(other.pairs, complete)
        return _bottom(pl.concat([self.pairs, other.pairs]), complete)

    @property
    def ceiling(self) -> str | None:
        """Digests up to this one (hex) are all kept; None when nothing was left out."""
        return None if self.complete or not len(self) else self.pairs[DIGEST][-1].hex()


def _forms(values: pl.Series, category: str) -> pl.Series:
    """Each value as written, and normalised: digits only and `+digits` (for a leading + or 00) for
    numbers, lower case for emails."""
    text = pl.col(VALUE)
    digits = text.str.replace_all(r"\D", "")
    if category == "EMAIL":
        normalised = [text.str.to_lowercase()]
    else:
        international = text.str.contains(r"^(?:\+|00)")
        without_00 = pl.when(text.str.starts_with("00")).then(digits.str.slice(2)).otherwise(digits)
        normalised = [
            pl.when(digits.str.len_bytes() >= 6).then(digits),
            pl.when(international).then(pl.lit("+") + without_00),
        ]
    written = values.to_frame(VALUE)
    forms = [written.select(form.alias(VALUE)).to_series() for form in normalised]
    return pl.concat([values.alias(VALUE), *forms]).drop_nulls().unique()


def found_digests(found: Mapping[str, Iterable[str]]) -> FoundDigests:
    """Digests of the values the detector found, by category (`found`: category -> matched texts)."""
    parts, complete = [], True
    for category, values in sorted(found.items()):
        if category not in HASHED_CATEGORIES:
            continue
        written = pl.Series(VALUE, list(values), dtype=pl.String).str.strip_chars()
        forms = [form.encode("utf-8") for form in _forms(written, category).to_list()]
        # one algorithm at a time, each cut to the bottom k at once: a batch of 50 000 call records finds
        # some 60 000 values, whose digests held all together cost over 100 MiB of peak memory
        by_algorithm = []
        for hash_ in ALGORITHMS.values():
            digests = pl.Series(DIGEST, [hash_(form).digest() for form in forms], dtype=pl.Binary)
            by_algorithm.append(
                digests.bottom_k(MAX_FOUND_DIGESTS) if digests.len() > MAX_FOUND_DIGESTS else digests
            )
        # a category's digests are distinct (distinct forms; lengths differ between algorithms)
        digests = pl.concat(by_algorithm)
        if digests.len() > MAX_FOUND_DIGESTS:
            digests, complete = digests.bottom_k(MAX_FOUND_DIGESTS), False
        parts.append(
            digests.to_frame().with_columns(pl.lit(CATEGORIES.index(category), pl.Int32).alias(RANK))
        )
    if not parts:
        return FoundDigests()
    return _bottom(pl.concat(parts), complete)


def column_digests(values: pl.Series) -> tuple[str, ...]:
    """The MAX_COLUMN_DIGESTS smallest distinct MD5/SHA-1/SHA-256-shaped values of a column, lower case."""
    digests = values.str.strip_chars().str.to_lowercase().drop_nulls()
    digests = digests.filter(digests.str.contains(HEX_DIGEST)).unique().sort()
    return tuple(digests.head(MAX_COLUMN_DIGESTS))


def merge_column_digests(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(set(a) | set(b))[:MAX_COLUMN_DIGESTS])


@dataclass(frozen=True)
class ReversibleHashes:
    """What comparing a hash-shaped column with the found values showed."""

    algorithm: str
    category: str
    sampled: int
    compared: int
    matched: int
    complete: bool

    @property
    def wording(self) -> str:
        return reversible_wording(self.algorithm, self.category, self.matched, self.compared, self.complete)


def reversible_wording(
    algorithm: str, category: str, matched: int, compared: int, complete: bool, _: Translate = english
) -> str:
    """The finding's sentence, from the counts the report records, in `_`'s language."""
    text = _(
        "pseudonymised, reversible: {matched} of {compared} compared digests are unsalted {algorithm} "
        "digests of {what} found in this scan; still personal data (GDPR Recital 26)",
        matched=matched,
        compared=compared,
        algorithm=ALGORITHM_NAMES[algorithm],
        what=_(CATEGORY_WORDS.get(category, CATEGORY_WORDS[""])),
    )
    if not complete:
        text += _(
            " (found-value digests reached their bound of {bound}; compared within it)",
            bound=MAX_FOUND_DIGESTS,
        )
    return text


CATEGORY_WORDS = {
    "NATIONAL_ID": N_("national identity numbers"),
    "PHONE": N_("phone numbers"),
    "EMAIL": N_("email addresses"),
    "PAYMENT_CARD": N_("payment card numbers"),
    "BANK_ACCOUNT": N_("bank account numbers"),
    "": N_("personal data"),
}


def reversible_hashes(sample: tuple[str, ...], found: FoundDigests) -> ReversibleHashes | None:
    """The comparison for one column's digest sample, or None when none of its digests matched."""
    ceiling = found.ceiling
    compared = [digest for digest in sample if ceiling is None or digest <= ceiling]
    asked = pl.DataFrame({DIGEST: [bytes.fromhex(digest) for digest in compared]}, schema={DIGEST: pl.Binary})
    matched = asked.join(found.pairs, on=DIGEST).rows()  # (digest bytes, category rank)
    if not matched:
        return None
    lengths = Counter(2 * len(digest) for digest, _ in matched)
    category = Counter(CATEGORIES[rank] for _, rank in matched).most_common()
    top = max(count for _, count in category)
    return ReversibleHashes(
        algorithm=ALGORITHM_OF_LENGTH[lengths.most_common(1)[0][0]],
        category=min((name for name, count in category if count == top), key=CATEGORIES.index),
        sampled=len(sample),
        compared=len(compared),
        matched=len(matched),
        complete=found.complete,
    )
