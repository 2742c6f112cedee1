"""NDJSON / JSON Lines, a JSON array of objects, or one JSON object, streamed record by record.

The file is decoded one JSON value at a time from a bounded text buffer, so neither NDJSON nor a large
array is ever held whole; one record larger than MAX_RECORD_MB is refused. Each record must be an
object. Nested objects become dotted columns (`customer.phone`, `customer.address.city`); arrays stay
as their compact JSON text; every value is a string. Numbers keep every digit the source wrote
(12345678901234567 stays all 17 digits, 0.10 stays "0.10"; only exponents are respelled, 1e5 as
1E+5); true/false become "true"/"false"; null stays null.

Records need not share keys: a batch has every column seen so far, in order of first appearance, so a
key first met late in the file appears as a column from that batch on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

import polars as pl

from scanner.readers.table import ReadError

READ_CHARS = 1024 * 1024
MAX_RECORD_MB = 64
_NOT_SPACE = re.compile(r"\S")
# Integers parse exactly as int; fractions as Decimal, never float, so no digit is lost or invented.
_DECODER = json.JSONDecoder(parse_float=Decimal, parse_constant=Decimal)


def read_json(path: Path, encoding: str, batch_rows: int) -> Iterator[pl.DataFrame]:
    """Frames of `batch_rows` flattened records from the JSON or NDJSON file at `path`."""
    columns: dict[str, None] = {}
    with path.open(encoding=encoding) as stream:
        records = (_flatten(record) for record in _records(_JsonText(stream)))
        while batch := list(islice(records, batch_rows)):
            for record in batch:
                columns.update(dict.fromkeys(record))
            yield pl.from_dicts(batch, schema=dict.fromkeys(columns, pl.String))


class _JsonText:
    """A text stream consumed one JSON value at a time through a buffer of about one record."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._buffer = ""
        self._position = 0

    def peek(self) -> str | None:
        """The next non-space character, left unconsumed; None at the end of the text."""
        while (found := _NOT_SPACE.search(self._buffer, self._position)) is None:
            self._position = len(self._buffer)
            if not self._read_more(READ_CHARS):
                return None
        self._position = found.start()
        return found.group()

    def skip(self) -> None:
        """Consume the character `peek` returned."""
        self._position += 1

    def value(self) -> Any:
        """Decode the next JSON value."""
        self.peek()
        read_size = READ_CHARS
        while True:
            try:
                value, self._position = _DECODER.raw_decode(self._buffer, self._position)
                return value
            except json.JSONDecodeError:
                # The value may just be cut off at the end of the buffer: read on, doubling the read
                # size so that a long value costs few retries.
                if len(self._buffer) - self._position > MAX_RECORD_MB * 1024 * 1024:
                    raise ReadError(f"JSON record larger than {MAX_RECORD_MB} MB") from None
                if not self._read_more(read_size):
                    raise ReadError("not valid JSON") from None
                read_size *= 2
            except ValueError:
                # Python refuses to parse integers of more than 4300 digits
                raise ReadError("JSON number too long") from None

    def _read_more(self, size: int) -> bool:
        more = self._stream.read(size)
        self._buffer = self._buffer[self._position :] + more
        self._position = 0
        return bool(more)


def _records(text: _JsonText) -> Iterator[dict]:
    """The objects of a JSON array, or of a sequence of JSON values (NDJSON, one object)."""
    if text.peek() != "[":
        while text.peek() is not None:
            yield _as_record(text.value())
        return
    text.skip()
    if text.peek() == "]":
        text.skip()
    else:
        while True:
            yield _as_record(text.value())
            separator = text.peek()
            text.skip()
            if separator == "]":
                break
            if separator != ",":
                raise ReadError("not valid JSON")
    if text.peek() is not None:
        raise ReadError("JSON array is followed by more data")


def _as_record(value: Any) -> dict:
    if not isinstance(value, dict):
        raise ReadError("JSON record is not an object")
    return value


Cells = dict[str, str | None]


def _flatten(record: dict, prefix: str = "", cells: Cells | None = None) -> Cells:
    """One cell per leaf of `record`, named by its dotted path; `cells` collects the nested levels."""
    cells = {} if cells is None else cells
    for key, value in record.items():
        # exact type checks, as this runs for every value of every record (and bool is an int)
        if type(value) is str:
            cells[prefix + key] = value
        elif type(value) is dict and value:
            _flatten(value, f"{prefix}{key}.", cells)
        else:
            cells[prefix + key] = None if value is None else _json_text(value)
    return cells


def _json_text(value: Any) -> str:
    """Compact JSON for a number, boolean, list or object, numbers spelled with all their digits."""
    if type(value) is int or type(value) is Decimal:
        return str(value)
    if isinstance(value, list):
        return "[" + ",".join(_json_text(item) for item in value) + "]"
    if isinstance(value, dict):
        members = (f"{json.dumps(key, ensure_ascii=False)}:{_json_text(item)}" for key, item in value.items())
        return "{" + ",".join(members) + "}"
    return json.dumps(value, ensure_ascii=False)
