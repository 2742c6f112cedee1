"""The data subjects of a search, loaded from CSV or JSON, their identifiers kept as salted hashes.

    label,national_id,phone,email,name,customer_number
    REQ-1,010190 12345,+47 912 34 567,kari@example.no,Kari Nordmann,100234

A JSON file is a list of such objects (or {"subjects": [...]}); a field may then hold a list of values.
`label` is the requester's own reference and is the only field written to a report. Every other value
is turned into its writings (recognizers/canonical.py), each writing into two 64-bit keyed hashes
(polars' hash with two per-run random seeds), and the raw values are dropped: the search holds no
identifier in memory, only its hashes, and compares them with the hashes of the export's candidates.
A value that is not what its field says is a SubjectsError naming the row and field, never the value.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from recognizers.canonical import (
    NotAnIdentifier,
    Writings,
    customer_number_key,
    email_key,
    name_words,
    national_id_writings,
    phone_readings,
)
from scanner.errors import InputError

LABEL = "label"
KINDS = ("national_id", "phone", "email", "customer_number", "name")
# Where each kind's candidates come from in a text (scanner/find/matching.py extracts each space).
SPACES = {"national_id": "number", "phone": "number", "email": "email", "customer_number": "token"}
HETU_SPACE = "hetu"
HASH, CHECK = "__find_hash", "__find_check"
CANDIDATE = "__find_candidate"  # the text column a batch's candidates are in
MAX_SUBJECTS_BYTES = 256 * 1024 * 1024


class SubjectsError(InputError):
    """The subjects file cannot be used; one line naming the file, row and field, never a value."""


@dataclass(frozen=True)
class Salt:
    """Two independent polars hash seeds: the first hash joins, the second confirms, so that a
    chance collision of 64 bits is never reported as a match."""

    join: int
    check: int

    @classmethod
    def random(cls) -> Salt:
        return cls(secrets.randbits(64), secrets.randbits(64))

    def hashes(self, text: pl.Expr) -> list[pl.Expr]:
        return [text.hash(self.join).alias(HASH), text.hash(self.check).alias(CHECK)]

    def joined(self, candidates: pl.DataFrame, keys: pl.DataFrame) -> pl.DataFrame:
        """The `candidates` (a CANDIDATE text column) whose text is one of the hashed `keys`, with the
        keys' columns: joined on the first hash, each hit confirmed by the second, which is computed
        for the hits only."""
        text = pl.col(CANDIDATE)
        hashed = candidates.with_columns(text.hash(self.join).alias(HASH))
        joined = hashed.join(keys, on=HASH, how="inner")
        return joined.filter(text.hash(self.check) == pl.col(CHECK)).drop(CANDIDATE, CHECK)


@dataclass(frozen=True)
class Subjects:
    """The labels, and per space the hashed writings: (space, hash, check, subject, kind, local).

    `names` holds the hashed name words (hash, check, subject) and `name_sizes` the number of words of
    each subject's name; `kinds_given` which identifier kinds each subject has."""

    labels: tuple[str, ...]
    keys: pl.DataFrame
    names: pl.DataFrame
    name_sizes: pl.DataFrame
    kinds_given: tuple[tuple[str, ...], ...]
    salt: Salt = field(repr=False)
    min_digits: int = 6  # the shortest number writing: shorter digit runs need not be looked at

    def spaces(self) -> set[str]:
        return set(self.keys["space"].unique().to_list())

    def __len__(self) -> int:
        return len(self.labels)


def load_subjects(source: str, salt: Salt | None = None) -> Subjects:
    """The subjects of the CSV or JSON file at `source` ('-': standard input)."""
    name = "standard input" if source == "-" else source
    try:
        # a spreadsheet's CSV piped in keeps its byte order mark (a file's is dropped by utf-8-sig)
        text = sys.stdin.read().removeprefix("\ufeff") if source == "-" else _read(Path(source))
    except OSError as error:
        raise SubjectsError(f"{name}: cannot read the subjects file ({error.strerror or error})") from None
    except UnicodeDecodeError:
        raise SubjectsError(f"{name}: the subjects file is not UTF-8 text") from None
    records = _json_records(text, name) if text.lstrip().startswith(("[", "{")) else _csv_records(text, name)
    return subjects_from_records(records, name, salt or Salt.random())


def _read(path: Path) -> str:
    if path.stat().st_size > MAX_SUBJECTS_BYTES:
        raise SubjectsError(f"{path}: the subjects file is larger than {MAX_SUBJECTS_BYTES // 2**20} MB")
    return path.read_text(encoding="utf-8-sig")


def _json_records(text: str, name: str) -> list[Mapping]:
    try:
        document = json.loads(text)
    except ValueError:
        raise SubjectsError(f"{name}: not valid JSON") from None
    if isinstance(document, dict):
        document = document.get("subjects")
    if not isinstance(document, list) or not all(isinstance(item, dict) for item in document):
        raise SubjectsError(f"{name}: expected a list of subject objects (or {{'subjects': [...]}})")
    return document


def _csv_records(text: str, name: str) -> list[Mapping]:
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    if reader.fieldnames:  # "Label; Phone" as a spreadsheet writes it
        reader.fieldnames = [name.strip().lower() for name in reader.fieldnames]
        # csv.DictReader keeps the last of two columns of one name: the first would be dropped unsaid
        twice = sorted({field for field in reader.fieldnames if reader.fieldnames.count(field) > 1})
        known = [field for field in twice if field in (LABEL, *KINDS)]  # never quote what may be a value
        if known:
            raise SubjectsError(f"{name}: the header names {known[0]} twice")
    try:
        return list(reader)
    except csv.Error as error:
        raise SubjectsError(f"{name}: not valid CSV (line {reader.line_num}: {error})") from None


class _NotScalar(ValueError):
    """A JSON field holding an object, a nested list or a boolean: its text would be no identifier."""


def _values(value: object) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    if any(isinstance(item, bool) or not isinstance(item, str | int | float | None) for item in items):
        raise _NotScalar
    return [str(item) for item in items if item is not None and str(item).strip()]


def _writings(kind: str, value: str) -> list[Writings]:
    if kind == "national_id":
        return [national_id_writings(value)]
    if kind == "phone":
        return phone_readings(value)
    if kind == "email":
        return [email_key(value)]
    return [customer_number_key(value)]


def subjects_from_records(records: Iterable[Mapping], name: str, salt: Salt) -> Subjects:
    """Subjects from parsed records; raises SubjectsError on the first unusable one."""
    labels: list[str] = []
    seen: set[str] = set()  # the labels again, for a duplicate test that does not grow with their number
    kinds_given: list[tuple[str, ...]] = []
    key_rows: list[tuple[str, str, int, str, bool]] = []
    name_rows: list[tuple[str, int]] = []
    name_sizes: list[tuple[int, int]] = []
    for number, record in enumerate(records, start=1):
        # a field's name is not quoted: in a CSV without a header, the "names" are the first subject's
        # identifiers
        if set(record) - {LABEL, *KINDS, None}:
            raise SubjectsError(
                f"{name}: subject {number}: unknown field (expected a header of {LABEL}, {', '.join(KINDS)})"
            )
        try:
            label = " ".join(_values(record.get(LABEL)))
        except _NotScalar:
            raise SubjectsError(f"{name}: subject {number}: {LABEL}: not a text or a number") from None
        if not label:
            raise SubjectsError(f"{name}: subject {number}: no label")
        if record.get(None):  # csv.DictReader's place for the values beyond the header's fields
            raise SubjectsError(f"{name}: subject {number} ({label}): more values than the header has fields")
        if label in seen:
            raise SubjectsError(f"{name}: subject {number}: label {label!r} is used twice")
        index = len(labels)
        labels.append(label)
        seen.add(label)
        given = []
        for kind in KINDS:
            try:
                values = _values(record.get(kind))
            except _NotScalar:
                raise SubjectsError(
                    f"{name}: subject {number} ({label}): {kind}: not a text or a number"
                ) from None
            if values:
                given.append(kind)
            for value in values:
                if kind == "name":
                    words = name_words(value)
                    name_rows.extend((word, index) for word in words)
                    name_sizes.append((index, len(words)))
                    continue
                try:
                    readings = _writings(kind, value)
                except NotAnIdentifier as error:
                    raise SubjectsError(f"{name}: subject {number} ({label}): {kind}: {error}") from None
                for reading in readings:
                    space = SPACES[kind]
                    key_rows.extend((space, text, index, kind, False) for text in reading.writings)
                    key_rows.extend((space, text, index, kind, True) for text in reading.local)
                    key_rows.extend((HETU_SPACE, text, index, kind, False) for text in reading.tokens)
        if len(given) == 0 or given == ["name"]:
            raise SubjectsError(f"{name}: subject {number} ({label}): no identifier besides a name")
        kinds_given.append(tuple(given))
    if not labels:
        raise SubjectsError(f"{name}: no subjects")
    return Subjects(
        labels=tuple(labels),
        keys=_hashed_keys(key_rows, salt),
        names=_hashed_names(name_rows, salt),
        name_sizes=_name_sizes(name_sizes),
        kinds_given=tuple(kinds_given),
        salt=salt,
        min_digits=min((len(text) for space, text, *_ in key_rows if space == "number"), default=6),
    )


def _hashed_keys(rows: list[tuple[str, str, int, str, bool]], salt: Salt) -> pl.DataFrame:
    frame = pl.DataFrame(
        rows,
        schema={
            "space": pl.String,
            "text": pl.String,
            "subject": pl.UInt32,
            "kind": pl.String,
            "local": pl.Boolean,
        },
        orient="row",
    )
    hashed = frame.with_columns(*salt.hashes(pl.col("text"))).drop("text")
    return hashed.unique().sort("space", HASH, "subject", "kind", "local")


def _hashed_names(rows: list[tuple[str, int]], salt: Salt) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema={"text": pl.String, "subject": pl.UInt32}, orient="row")
    return frame.with_columns(*salt.hashes(pl.col("text"))).drop("text").unique().sort(HASH, "subject")


def _name_sizes(sizes: list[tuple[int, int]]) -> pl.DataFrame:
    # one name per subject counts; of several, the shortest is what a row must hold all words of
    frame = pl.DataFrame(sizes, schema={"subject": pl.UInt32, "words": pl.UInt32}, orient="row")
    return frame.group_by("subject").agg(pl.col("words").min()).sort("subject")
