"""Parquet, streamed by polars with every column cast to text.

Struct columns are flattened to dotted names (`customer.phone`, `customer.address.city`); list and
array columns become their JSON text; a binary column is read as text when the batch's values are all
valid UTF-8 (some writers store strings as plain binary) and as hex otherwise; everything else is cast
to String.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polars as pl

from scanner.readers.table import ReadError

# json_encode works on structs only, so a list is wrapped in a one-field struct and unwrapped again.
_WRAP = "v"


def read_parquet(path: Path, batch_rows: int) -> Iterator[pl.DataFrame]:
    """Frames of about `batch_rows` rows of the Parquet file at `path`, all columns String."""
    frame = pl.scan_parquet(path)
    try:
        schema = frame.collect_schema()
    except pl.exceptions.PolarsError:
        raise ReadError("Parquet file is corrupt") from None
    for batch in frame.select(_text_columns(schema)).collect_batches(chunk_size=batch_rows):
        yield _with_binary_as_text(batch)


def as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with every column as text, as a Parquet file's columns are read (for frames that come
    typed from elsewhere: a Spark DataFrame's Arrow batches)."""
    return _with_binary_as_text(frame.select(_text_columns(frame.schema)))


def _text_columns(schema: pl.Schema) -> list[pl.Expr]:
    return [text for name, dtype in schema.items() for text in _as_text(pl.col(name), name, dtype)]


def _with_binary_as_text(batch: pl.DataFrame) -> pl.DataFrame:
    binary = [name for name, dtype in batch.schema.items() if dtype == pl.Binary]
    return batch.with_columns(binary_as_text(batch[name]) for name in binary)


def binary_as_text(values: pl.Series) -> pl.Series:
    """Bytes as text when they are all valid UTF-8, else as hex (a database's byte column too)."""
    # polars has no lossy binary-to-text cast, and a strict one fails on the whole column
    try:
        return values.cast(pl.String)
    except pl.exceptions.PolarsError:
        return values.bin.encode("hex")


def _as_text(column: pl.Expr, name: str, dtype: pl.DataType) -> Iterator[pl.Expr]:
    """Text columns for one column: itself cast, or its struct fields; binary is left for the batch."""
    if isinstance(dtype, pl.Struct):
        for inner in dtype.fields:
            yield from _as_text(column.struct.field(inner.name), f"{name}.{inner.name}", inner.dtype)
    elif isinstance(dtype, (pl.List, pl.Array)):
        json_text = pl.struct(column.alias(_WRAP)).struct.json_encode()
        unwrapped = json_text.str.strip_prefix(f'{{"{_WRAP}":').str.strip_suffix("}")
        yield pl.when(column.is_not_null()).then(unwrapped).alias(name)
    elif dtype == pl.Binary:
        yield column.alias(name)
    else:
        yield column.cast(pl.String).alias(name)
