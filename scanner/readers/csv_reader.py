"""CSV and other delimited text, streamed by polars with every column as text.

Valid UTF-8 files (with or without BOM; polars drops the BOM from the first header) with `\\n` or
`\\r\\n` line ends are scanned in place. Other encodings, UTF-8 with invalid bytes (replaced by U+FFFD)
and files with bare `\\r` line ends are first copied chunk by chunk to a UTF-8 copy with `\\n` line ends
in the private scratch directory, which is deleted when the table has been read. Quoted fields may
span lines; shorter lines are padded with nulls.

Polars reads well-formed files fast but stops at the first malformed row (a stray or unclosed quote)
or a row with more fields than the header. From there on the file is read by the tolerant reader
(Python's csv module), which skips the rows polars already gave: a row it cannot parse (an unclosed
quote, text after a closing quote) is counted as unreadable with its line number and reading goes on
at the next line; fields past the header's width are joined by the delimiter into the column
OVERFLOW_COLUMN, so they are scanned too. Either way every row of the file is counted: as scanned or
as unreadable.

A record too long to hold (no record boundary in LONG_RECORD_BLOCKS blocks: a cell of hundreds of MB)
is read on as a stream, field by field, keeping each field up to `max_cell_chars` characters and counting
the fields cut (`_LongRecord`), so that such a cell is scanned up to the limit in bounded memory and the
fields after it are scanned too. A quoted field still open at the end of the file is an unclosed quote,
not a long cell: it goes to the tolerant reader as before.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import polars as pl

from scanner.readers.scratch import scratch_file
from scanner.readers.sniff import CHUNK_BYTES, ONE_COLUMN, UTF8, Sniffed
from scanner.readers.table import OVERFLOW_COLUMN, ReadIssues, ReadPosition

# A field larger than this makes its row unreadable in the tolerant reader; it also bounds the memory
# an unclosed quote can take before it is given up on.
FIELD_LIMIT = 128 * 1024 * 1024
_QUOTE = '"'


def read_csv(
    path: Path,
    sniffed: Sniffed,
    scratch: Path,
    issues: ReadIssues,
    position: ReadPosition,
    batch_rows: int,
    max_cell_chars: int | None = None,
) -> Iterator[pl.DataFrame]:
    """Frames of about `batch_rows` rows from the delimited text file at `path`; `position` follows the
    blocks read (of the file, or of its UTF-8 copy). Fields of a record too long to hold are cut to
    `max_cell_chars` while reading (counted in `issues.cells_cut`)."""
    assert sniffed.delimiter is not None
    long_fields = LongFields(max_cell_chars, issues) if max_cell_chars else None
    if sniffed.encoding == UTF8 and sniffed.errors == "strict" and not sniffed.bare_cr:
        yield from _read(path, sniffed.delimiter, issues, batch_rows, position, long_fields)
        return
    with scratch_file(scratch) as decoded:
        _copy_as_utf8(path, sniffed, decoded)
        yield from _read(decoded, sniffed.delimiter, issues, batch_rows, position, long_fields)


def _copy_as_utf8(source: Path, sniffed: Sniffed, target: Path) -> None:
    # newline="" keeps line ends as written (also inside quoted fields) unless bare \r must become \n
    newline = None if sniffed.bare_cr else ""
    with (
        source.open(encoding=sniffed.encoding, errors=sniffed.errors, newline=newline) as text,
        target.open("w", encoding="utf-8", newline="") as utf8,
    ):
        shutil.copyfileobj(text, utf8, CHUNK_BYTES)


def _read(
    path: Path,
    delimiter: str,
    issues: ReadIssues,
    batch_rows: int,
    position: ReadPosition | None = None,
    long_fields: LongFields | None = None,
) -> Iterator[pl.DataFrame]:
    quote = None if delimiter == ONE_COLUMN else _QUOTE  # a one-column read takes every line verbatim
    done = 0
    try:
        for frame in _parsed_batches(path, delimiter, quote, batch_rows, position, long_fields):
            done += frame.height
            yield frame
        return
    except (pl.exceptions.ComputeError, pl.exceptions.SchemaError):
        pass  # a malformed row or one longer than the header: the tolerant reader takes over from here
    yield from _read_tolerantly(path, delimiter, quote, issues, batch_rows, skip=done)


def _parsed_batches(
    path: Path,
    delimiter: str,
    quote: str | None,
    batch_rows: int,
    position: ReadPosition | None = None,
    long_fields: LongFields | None = None,
) -> Iterator[pl.DataFrame]:
    """Frames of exactly `batch_rows` rows (the last one fewer), parsed by polars one block at a time.

    polars' own streaming read (`scan_csv(...).collect_batches()`) reads ahead of a slow consumer
    without bound (pola-rs/polars#26432): a scan slower than the read would hold the whole file. Here
    at most one block of BLOCK_BYTES and one batch are held at once. Every block after the first is
    parsed behind a copy of the header record, so that it is read as the whole file would be (short
    rows padded, the same column names, a long row an error for the tolerant reader)."""
    options = {"separator": delimiter, "quote_char": quote, "infer_schema": False, "raise_if_empty": False}
    header: bytes | None = None
    pending: list[pl.DataFrame] = []
    buffered, yielded = 0, False
    for block in record_blocks(path, quote, BLOCK_BYTES, position, delimiter, long_fields):
        if header is None:
            header = block[: _first_record_end(block, quote)]
            frame = pl.read_csv(block, **options)
        else:
            frame = pl.read_csv(header + block, **options)
        pending.append(frame)
        buffered += frame.height
        while buffered >= batch_rows:
            whole = pl.concat(pending, rechunk=False)
            yield whole.head(batch_rows).rechunk()
            pending, buffered, yielded = [whole.slice(batch_rows)], buffered - batch_rows, True
    if header is None:
        yield pl.read_csv(b"", **options)  # an empty file
    elif buffered or not yielded:
        yield pl.concat(pending).rechunk()  # the last rows, or a header without rows


def _first_record_end(block: bytes, quote: str | None) -> int:
    """Where the block's first record (the header) ends: after its first line end outside quotes."""
    quote_byte = quote.encode() if quote else None
    quotes, start = 0, 0
    while (end := block.find(b"\n", start)) >= 0:
        quotes += block.count(quote_byte, start, end) if quote_byte else 0
        if quotes % 2 == 0:
            return end + 1
        start = end + 1
    return len(block)


BLOCK_BYTES = 8 * 1024 * 1024
MAX_BLOCKS_WITHOUT_BOUNDARY = 16
# Blocks without a record boundary after which the record is read on as a stream, its fields cut.
LONG_RECORD_BLOCKS = 2


def record_blocks(
    path: Path,
    quote: str | None,
    block_bytes: int = BLOCK_BYTES,
    position: ReadPosition | None = None,
    delimiter: str = ",",
    long_fields: LongFields | None = None,
) -> Iterator[bytes]:
    """The file in blocks of about `block_bytes` that end at a record boundary: after a line end that
    is not inside a quoted field. A block starts outside quotes (the previous one ended so), and a quote
    inside a quoted field is doubled, so an even number of quote characters before a line end means
    the line end is outside. The count is kept while walking back over line ends (linear, also after
    a stray quote, where no line end of the block qualifies). `position` counts the bytes read.

    With `long_fields`, a record with no boundary in LONG_RECORD_BLOCKS blocks is one block of its own,
    its fields cut to `long_fields.max_chars` (see `_LongRecord`)."""
    quote_byte = quote.encode() if quote else None
    carry = b""
    with path.open("rb") as handle:
        if position is not None:
            position.done, position.total = 0, os.fstat(handle.fileno()).st_size
        while chunk := handle.read(block_bytes):
            if position is not None:
                position.done += len(chunk)
            data = carry + chunk
            end = data.rfind(b"\n")
            if quote_byte is not None and end >= 0:
                quotes = data.count(quote_byte, 0, end)
                while end >= 0 and quotes % 2:
                    previous = data.rfind(b"\n", 0, end)
                    quotes -= data.count(quote_byte, previous + 1, end)
                    end = previous
            if end < 0 and long_fields is not None and len(data) >= LONG_RECORD_BLOCKS * block_bytes:
                record = _LongRecord(quote, delimiter, long_fields)
                yield record.read(data, handle, block_bytes, position)
                carry = record.rest
                continue
            if end < 0 and len(data) < MAX_BLOCKS_WITHOUT_BOUNDARY * block_bytes:
                carry = data  # no record ends in this block: read on
                continue
            if end < 0:  # an unclosed quote: polars fails on the block and the tolerant reader takes over
                end = len(data) - 1
            yield data[: end + 1]
            carry = data[end + 1 :]
    if carry:
        yield carry


@dataclass
class LongFields:
    """Fields of records too long to hold are kept up to `max_chars` characters; cuts go to `issues`."""

    max_chars: int
    issues: ReadIssues


_UTF8_CONTINUATION = bytes(range(0x80, 0xC0))
_START, _PLAIN, _QUOTED, _QUOTE_SEEN = range(4)


def _characters(data: bytes) -> int:
    """UTF-8 characters in `data`: the bytes that are not continuation bytes."""
    return len(data.translate(None, _UTF8_CONTINUATION))


class _LongRecord:
    """One record read as a stream from its first byte to its line end, each field kept up to
    `max_chars` characters: memory stays bounded by the kept fields whatever the record's length.

    A field is quoted when it starts with the quote character; inside, a doubled quote is one quote. A
    cut quoted field is closed again after its kept part (an unpaired kept quote dropped), so that it
    parses. At the end of the file inside a quoted field (an unclosed quote) nothing is closed: the
    block then fails to parse and the tolerant reader takes the rows over, as for any unclosed quote."""

    def __init__(self, quote: str | None, delimiter: str, long_fields: LongFields) -> None:
        self.quote = quote.encode() if quote else None
        self.delimiter = delimiter.encode()
        self.boundary = re.compile(b"[" + re.escape(self.delimiter) + b"\n]")
        self.max_chars, self.issues = long_fields.max_chars, long_fields.issues
        self.record = bytearray()
        self.field = bytearray()
        self.chars, self.cut, self.state = 0, False, _START
        self.rest = b""

    def read(self, data: bytes, handle, block_bytes: int, position: ReadPosition | None) -> bytes:
        """The record starting at `data` (read on from `handle`), its fields cut; `rest` is what follows."""
        end = self._feed(data)
        while end is None:
            data = handle.read(block_bytes)
            if not data:
                self._end_field(at_end_of_file=True)
                return bytes(self.record)
            if position is not None:
                position.done += len(data)
            end = self._feed(data)
        self.rest = data[end:]
        return bytes(self.record)

    def _feed(self, data: bytes) -> int | None:
        """Take in `data`; the index just past the record's line end if it ends in `data`."""
        i = 0
        while i < len(data):
            if self.state == _QUOTED:
                j = data.find(self.quote, i)
                if j < 0:
                    self._keep(data[i:])
                    return None
                self._keep(data[i : j + 1])
                i, self.state = j + 1, _QUOTE_SEEN
            elif self.state in (_START, _QUOTE_SEEN) and self.quote and data[i : i + 1] == self.quote:
                # a quoted field opens, or a doubled quote inside one
                self._keep(self.quote)
                i, self.state = i + 1, _QUOTED
            else:
                match = self.boundary.search(data, i)
                if match is None:
                    self._keep(data[i:])
                    self.state = _PLAIN
                    return None
                self._keep(data[i : match.start()])
                self._end_field()
                if data[match.start()] == ord("\n"):
                    self.record += b"\n"
                    return match.end()
                self.record += self.delimiter
                i, self.state = match.end(), _START
        return None

    def _keep(self, piece: bytes) -> None:
        if self.cut:
            return
        room = self.max_chars - self.chars
        characters = _characters(piece)
        if characters <= room:
            self.field += piece
            self.chars += characters
            return
        # a piece may start inside a character begun in the last one: those bytes stay as they are
        self.field += piece.decode("utf-8", "surrogateescape")[:room].encode("utf-8", "surrogateescape")
        self.cut = True

    def _end_field(self, at_end_of_file: bool = False) -> None:
        field = self.field
        unclosed = at_end_of_file and self.state == _QUOTED  # the tolerant reader counts that row
        if self.cut and not unclosed:
            self.issues.cells_cut += 1
            if self.quote and field.startswith(self.quote):
                content = bytes(field[1:])
                trailing = len(content) - len(content.rstrip(self.quote))
                field = self.quote + content[: len(content) - trailing % 2] + self.quote
        self.record += field
        self.field, self.chars, self.cut = bytearray(), 0, False


class _Lines:
    """The lines of a text stream, numbered, remembering those of the current record so that a record
    that cannot be parsed can be given up and its later lines read again."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._again: deque[tuple[int, str]] = deque()
        self._next_number = 1
        self.record: list[tuple[int, str]] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self._again:
            line = self._again.popleft()
        else:
            line = (self._next_number, next(self._stream))
            self._next_number += 1
        self.record.append(line)
        return line[1]

    def give_up_record(self) -> int:
        """Drop the current record's first line, queue its other lines again; returns the line number."""
        first, *rest = self.record
        self._again.extendleft(reversed(rest))
        self.record = []
        return first[0]


def _records(
    lines: _Lines, delimiter: str, quote: str | None, issues: ReadIssues
) -> Iterator[tuple[int, list[str]]]:
    """(first line number, fields) of every parsable record; unparsable ones go to `issues`."""
    dialect = {"delimiter": delimiter, "strict": True}
    dialect |= {"quotechar": quote} if quote else {"quoting": csv.QUOTE_NONE}
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
    reader = csv.reader(lines, **dialect)
    while True:
        lines.record = []
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error:
            if not lines.record:
                return
            issues.unreadable(lines.give_up_record())
            reader = csv.reader(lines, **dialect)  # a fresh parser: the old one is mid-field
            continue
        yield lines.record[0][0], fields


def header_names(fields: list[str], delimiter: str) -> list[str]:
    """The column names polars gives this header (it renames repeats), so both readers agree."""
    line = io.StringIO()
    csv.writer(line, delimiter=delimiter, quoting=csv.QUOTE_ALL, lineterminator="\n").writerow(fields)
    return pl.read_csv(
        io.StringIO(line.getvalue()), separator=delimiter, infer_schema=False, n_rows=0
    ).columns


def _read_tolerantly(
    path: Path, delimiter: str, quote: str | None, issues: ReadIssues, batch_rows: int, skip: int
) -> Iterator[pl.DataFrame]:
    with path.open(encoding=UTF8, errors="replace", newline="") as stream:
        records = _records(_Lines(stream), delimiter, quote, issues)
        header = next(records, None)
        if header is None:
            return
        names = header_names(header[1], delimiter) if header[1] else [""]
        width = len(names)
        skipped = 0
        rows: list[list[str | None]] = []
        for line, fields in records:
            if skipped < skip:  # polars has given these rows already
                skipped += 1
                continue
            rows.append(_row(fields, width, delimiter, line, issues))
            if len(rows) == batch_rows:
                yield _frame(rows, names)
                rows = []
        if rows:
            yield _frame(rows, names)


def _row(fields: list[str], width: int, delimiter: str, line: int, issues: ReadIssues) -> list[str | None]:
    if len(fields) > width:
        issues.extra_fields(line)
        return [*fields[:width], delimiter.join(fields[width:])]
    return [*fields, *([None] * (width - len(fields))), None]


def _frame(rows: list[list[str | None]], names: list[str]) -> pl.DataFrame:
    columns = list(zip(*rows))
    frame = pl.DataFrame({name: pl.Series(values, dtype=pl.String) for name, values in zip(names, columns)})
    overflow = columns[len(names)]
    if any(value is not None for value in overflow):
        frame = frame.with_columns(pl.Series(OVERFLOW_COLUMN, overflow, dtype=pl.String))
    return frame
