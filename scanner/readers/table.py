"""A table of one input, read in bounded batches of text columns, and the one error readers raise.

Every reader hands its frames to `Table.batches`, which is the single place where the shared promises
are kept: at most `batch_rows` rows per batch, every column `pl.String`, empty cells as null (whether
the source wrote `,,` or `,"",`), no empty batches, and no library error text (which can quote cell
values) escaping as anything but a value-free `ReadError`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import polars as pl

FORMAT_NAMES = {
    "csv": "CSV",
    "parquet": "Parquet",
    "ndjson": "NDJSON",
    "json": "JSON",
    "xlsx": "Excel",
    "gzip": "gzip",
    "zip": "zip",
    "unknown": "input",
}

Frames = Callable[[int], Iterator[pl.DataFrame]]


class ReadError(Exception):
    """An input cannot be read. The message is one value-free line; the caller adds the location."""


@dataclass
class Table:
    """One table of one input: a CSV file, one sheet of a workbook, one member of a zip archive.

    `format` is "csv", "parquet", "ndjson", "json" or "xlsx"; a table that cannot be read at all
    carries what it was taken for ("gzip", "zip", ...) or "unknown", and `batches` raises its ReadError.
    """

    location: str
    format: str
    sheet: str | None
    warnings: list[str]
    _frames: Frames = field(repr=False, compare=False)

    def batches(self, batch_rows: int) -> Iterator[pl.DataFrame]:
        """Frames of 1..batch_rows rows, all columns String, empty strings as null."""
        if batch_rows < 1:
            raise ValueError("batch_rows must be at least 1")
        try:
            for frame in self._frames(batch_rows):
                for batch in frame.iter_slices(batch_rows):
                    if batch.height:
                        yield batch.with_columns(pl.all().replace("", None))
        except pl.exceptions.PolarsError:
            raise ReadError(f"{FORMAT_NAMES[self.format]} data could not be parsed") from None
        except OSError as error:
            raise os_read_error(error) from None
        except UnicodeDecodeError:
            # a UTF-16 file cut off mid-character; the encoding itself was checked when sniffing
            raise ReadError("text could not be decoded") from None


def os_read_error(error: OSError) -> ReadError:
    """The ReadError for a failed file operation; `strerror` names the problem, not the file."""
    return ReadError(f"cannot read the file ({error.strerror or 'I/O error'})")


def unreadable(location: str, taken_for: str, error: ReadError) -> Table:
    """A table standing for an input that cannot be read: its `batches` raises `error`."""

    def frames(batch_rows: int) -> Iterator[pl.DataFrame]:
        raise error

    return Table(location, taken_for, None, [], frames)
