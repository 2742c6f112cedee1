"""What every fuzz target checks: an input of any bytes is read to the end, or refused with a
value-free ReadError, and every batch keeps the readers' promises. No other exception, and no hang.

Shared by the atheris targets (fuzz_csv.py, fuzz_json.py) and their pytest runs (test_fuzz_targets.py).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import polars as pl

from scanner.readers import ReadError, ReadLimits, open_tables

# Small limits, so that cutting cells and dropping columns is exercised by small inputs too.
LIMITS = ReadLimits(max_cell_chars=64, max_columns=8, max_decompressed_mb=4, max_compression_ratio=100)
BATCH_ROWS = 3
SECONDS_PER_INPUT = 10


def read_everything(data: bytes, name: str) -> None:
    """Read `data` as the file `name` the way a scan does; raise AssertionError on a broken promise."""
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="ccscan-fuzz-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        with open_tables(path, name, LIMITS) as tables:
            for table in tables:
                _read_table(table)
    assert time.monotonic() - started < SECONDS_PER_INPUT, "reading took too long"


def _read_table(table) -> None:
    rows = 0
    try:
        for batch in table.batches(BATCH_ROWS):
            assert 1 <= batch.height <= BATCH_ROWS
            assert batch.width <= LIMITS.max_columns + 1  # the overflow column may come on top
            assert len(set(batch.columns)) == batch.width
            assert all(dtype == pl.String for dtype in batch.schema.values())
            longest = batch.select(pl.all().str.len_chars().max()).row(0) if batch.width else ()
            assert all((length or 0) <= LIMITS.max_cell_chars for length in longest)
            rows += batch.height
    except ReadError as error:
        assert "\n" not in str(error)
    assert table.issues.rows_unreadable >= 0
    assert len(table.issues.unreadable_lines) <= min(table.issues.rows_unreadable, 10)


def run_atheris(target) -> None:
    """Run `target` under atheris (libFuzzer) with this process's command line; only for script runs."""
    import atheris  # not a dependency: `pip install atheris` to fuzz

    atheris.instrument_all()
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()
