"""NDJSON / JSON Lines, a JSON array of objects, or one JSON object, streamed record by record.

The file is decoded one JSON value at a time from a bounded text buffer, so neither NDJSON nor a large
array is ever held whole. Each record must be an object. Nested objects become dotted columns
(`customer.phone`, `customer.address.city`); arrays stay as their compact JSON text; every value is a
string. Numbers keep the text the source wrote (12345678901234567 stays all 17 digits, 0.10 stays
"0.10", 1e5 stays "1e5"); true/false become "true"/"false"; null stays null.

NDJSON is read line by line: a line that is not valid JSON, not an object, nested too deeply or longer
than MAX_RECORD_MB is counted as unreadable with its line number and the next line is read. In a JSON
array an element that is not an object is counted the same way; a syntax error, a value nested deeper
than Python's recursion limit or one larger than MAX_RECORD_MB ends the array (a ReadError), as
nothing after it can be trusted.

Records need not share keys: a batch has every column seen so far, in order of first appearance, so a
key first met late in the file appears as a column from that batch on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

import polars as pl

from scanner.readers.sniff import Sniffed
from scanner.readers.table import ReadError, ReadIssues

READ_CHARS = 1024 * 1024
MAX_RECORD_MB = 64
_NOT_SPACE = re.compile(r"\S")
_SURROGATE = re.compile("[\ud800-\udfff]")


class _Number(str):
    """A JSON number as the source spelled it, so that no digit is lost, invented or respelled."""


_DECODER = json.JSONDecoder(parse_float=_Number, parse_int=_Number, parse_constant=_Number)


def read_json(path: Path, sniffed: Sniffed, issues: ReadIssues, batch_rows: int) -> Iterator[pl.DataFrame]:
    """Frames of `batch_rows` flattened records from the JSON or NDJSON file at `path`."""
    columns: dict[str, None] = {}
    with path.open(encoding=sniffed.encoding, errors=sniffed.errors) as stream:
        if sniffed.format == "ndjson":
            records = _ndjson_records(stream, issues)
        else:
            records = _records(_JsonText(stream), issues)
        while True:
            batch: list[Cells] = []
            try:
                batch.extend(islice(records, batch_rows))
            finally:
                # the records read before an error are given too, so what is scanned does not depend on
                # where the batch boundaries fall
                if batch:
                    yield _frame(batch, columns)
            if len(batch) < batch_rows:
                return


def _frame(batch: list[Cells], columns: dict[str, None]) -> pl.DataFrame:
    """The records as one frame with every column seen so far (`columns` grows with the new ones)."""
    cells = (text for record in batch for item in record.items() for text in item if text)
    if any(_has_surrogate(text) for text in cells):
        # a JSON escape like \ud800 decodes to a lone surrogate, which is no text polars can hold
        batch = [
            {_replaced(name): value and _replaced(value) for name, value in record.items()}
            for record in batch
        ]
    for record in batch:
        columns.update(dict.fromkeys(record))
    return pl.from_dicts(batch, schema=dict.fromkeys(columns, pl.String))


def _has_surrogate(text: str) -> bool:
    return not text.isascii() and _SURROGATE.search(text) is not None


def _replaced(text: str) -> str:
    return _SURROGATE.sub("\ufffd", text)


class _JsonText:
    """A text stream consumed one JSON value at a time through a buffer of about one record."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._buffer = ""
        self._position = 0
        self._line = 1  # the line of `_counted` in the buffer
        self._counted = 0

    def line(self) -> int:
        """The line number of the current position (where `peek` stopped)."""
        self._line += self._buffer.count("\n", self._counted, self._position)
        self._counted = self._position
        return self._line

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
            except RecursionError:
                raise ReadError("JSON nested too deeply") from None

    def _read_more(self, size: int) -> bool:
        more = self._stream.read(size)
        self.line()
        self._buffer = self._buffer[self._position :] + more
        self._position = self._counted = 0
        return bool(more)


def _records(text: _JsonText, issues: ReadIssues) -> Iterator[Cells]:
    """The objects of a JSON array, or of a sequence of JSON values (one object, or several)."""
    if text.peek() != "[":
        while text.peek() is not None:
            yield from _as_records(text.line(), text.value(), issues)
        return
    text.skip()
    if text.peek() == "]":
        text.skip()
    else:
        while True:
            text.peek()
            yield from _as_records(text.line(), text.value(), issues)
            separator = text.peek()
            text.skip()
            if separator == "]":
                break
            if separator != ",":
                raise ReadError("not valid JSON")
    if text.peek() is not None:
        raise ReadError("JSON array is followed by more data")


def _ndjson_records(stream: TextIO, issues: ReadIssues) -> Iterator[Cells]:
    """The objects of JSON Lines; a line that is not one is counted as unreadable."""
    limit = MAX_RECORD_MB * 1024 * 1024
    number = 0
    while line := stream.readline(limit):
        number += 1
        if not line.endswith("\n") and len(line) == limit:
            issues.unreadable(number)
            while (rest := stream.readline(limit)) and not rest.endswith("\n"):
                pass  # the rest of the oversized line
            continue
        if not line.strip():
            continue
        try:
            value = _DECODER.decode(line)
        except (ValueError, RecursionError):
            issues.unreadable(number)
            continue
        yield from _as_records(number, value, issues)


def _as_records(line: int, value: Any, issues: ReadIssues) -> Iterator[Cells]:
    """`value` flattened if it is an object; anything else is an unreadable record starting on `line`."""
    if not isinstance(value, dict):
        issues.unreadable(line)
        return
    try:
        cells = _flatten(value)
    except RecursionError:
        issues.unreadable(line)
        return
    yield cells


Cells = dict[str, str | None]


def flatten_json_text(text: str, name: str) -> Cells:
    """One JSON value stored in a database cell, as cells named under the column's `name`: an object's
    leaves as `name.key.inner`, as NDJSON records are flattened; anything else (an array, a scalar, text
    that is not JSON) whole under `name`."""
    try:
        value = _DECODER.decode(text)
        cells = _flatten(value, f"{name}.") if type(value) is dict and value else {name: text}
    except (ValueError, RecursionError):
        cells = {name: text}
    if any(_has_surrogate(cell) for cell in cells.values() if cell):
        cells = {key: cell and _replaced(cell) for key, cell in cells.items()}
    return cells


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
    if type(value) is _Number:
        return str(value)
    if isinstance(value, list):
        return "[" + ",".join(_json_text(item) for item in value) + "]"
    if isinstance(value, dict):
        members = (f"{json.dumps(key, ensure_ascii=False)}:{_json_text(item)}" for key, item in value.items())
        return "{" + ",".join(members) + "}"
    return json.dumps(value, ensure_ascii=False)
