"""CSV and other delimited text, streamed by polars with every column as text.

UTF-8 files (with or without BOM; polars drops the BOM from the first header) are scanned in place.
Other encodings are first transcoded chunk by chunk to a UTF-8 copy in the private scratch directory,
which is deleted when the table has been read. Quoted fields may span lines; lines with more fields
than the header are cut to the header's width and shorter lines are padded with nulls.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from scanner.readers.scratch import scratch_file
from scanner.readers.sniff import CHUNK_BYTES, ONE_COLUMN, UTF8
from scanner.readers.table import ReadError


def read_csv(
    path: Path, encoding: str, delimiter: str, scratch: Path, batch_rows: int
) -> Iterator[pl.DataFrame]:
    """Frames of about `batch_rows` rows from the delimited text file at `path`."""
    if encoding == UTF8:
        yield from _scan(path, delimiter, batch_rows)
        return
    with scratch_file(scratch) as decoded:
        _transcode_to_utf8(path, encoding, decoded)
        yield from _scan(decoded, delimiter, batch_rows)


def _transcode_to_utf8(source: Path, encoding: str, target: Path) -> None:
    # newline="" keeps line ends as written, including those inside quoted fields.
    with (
        source.open(encoding=encoding, newline="") as text,
        target.open("w", encoding="utf-8", newline="") as utf8,
    ):
        shutil.copyfileobj(text, utf8, CHUNK_BYTES)


def _scan(path: Path, delimiter: str, batch_rows: int) -> Iterator[pl.DataFrame]:
    try:
        yield from pl.scan_csv(
            path,
            separator=delimiter,
            # a one-column read takes every line verbatim, stray quotes included
            quote_char=None if delimiter == ONE_COLUMN else '"',
            infer_schema=False,
            truncate_ragged_lines=True,
            raise_if_empty=False,
        ).collect_batches(chunk_size=batch_rows)
    except pl.exceptions.ComputeError as error:
        # polars names the offending field's text in its message; keep only what kind of problem it is
        if "not properly escaped" in str(error):
            raise ReadError("CSV has a quoted field that is never closed") from None
        raise ReadError("CSV data could not be parsed") from None
