"""`--sample N`: scan about N rows of each table, in blocks spread over the whole table.

Every row is still read and counted (reading is cheap, scanning is not); only the kept rows are
scanned. Rows are cut into blocks of B = ceil(N / 64) consecutive rows aligned to the table's row
numbers (block b holds data rows b*B+1 .. (b+1)*B), and the blocks whose index is a multiple of a
power-of-two stride are kept. The stride is the smallest that keeps at most N of the rows read so far;
it only grows as rows come in, so a stream keeps exactly the blocks `sampled_ranges` gives for the
whole table, whatever its batches, holding about N rows plus one batch. The result is the same on every
run: the whole table when it has at most N rows; otherwise more than N/2 and at most N rows, the first
kept block at row 1 and the last one within the last stride of the table.

Example: N = 3 000 over 400 000 rows: blocks of 47 rows, one in every 256: 34 blocks, 1 598 rows.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import polars as pl

from scanner.readers.table import ROW_NUMBERS

BLOCKS_PER_SAMPLE = 64

Batches = Iterable[tuple[int, pl.DataFrame]]


def block_rows(sample: int) -> int:
    """Rows per block for a sample of about `sample` rows: at most BLOCKS_PER_SAMPLE blocks fill it."""
    return max(1, -(-sample // BLOCKS_PER_SAMPLE))


def _kept_rows(rows: int, block: int, stride: int) -> int:
    """Rows in the blocks of `block` rows whose index is a multiple of `stride`, of a table of `rows`."""
    if not rows:
        return 0
    kept_blocks = (rows - 1) // block // stride + 1
    last_start = (kept_blocks - 1) * stride * block  # rows before the last kept block
    return (kept_blocks - 1) * block + min(block, rows - last_start)


def sample_stride(rows: int, sample: int) -> int:
    """The smallest power of two whose blocks keep at most `sample` of `rows` rows. It never shrinks as
    `rows` grows, so a stream can drop blocks for good."""
    block, stride = block_rows(sample), 1
    while _kept_rows(rows, block, stride) > sample:
        stride *= 2
    return stride


def sampled_ranges(rows: int, sample: int) -> list[tuple[int, int]]:
    """The data rows (1-based, first and last, contiguous blocks joined) a sample of `sample` scans of a
    table of `rows` rows."""
    block, stride = block_rows(sample), sample_stride(rows, sample)
    if stride == 1:
        return [(1, rows)] if rows else []
    starts = range(0, rows, stride * block)
    return [(start + 1, min(start + block, rows)) for start in starts]


def sample_method(block: int, stride: int) -> str:
    """How the sample was taken, in one line for the report."""
    return (
        f"blocks of {block} consecutive row(s), one block in every {stride} from row 1 to the end of the "
        "table; every row was read and counted, only these rows were scanned: cell counts, shares and "
        "retention counts are of the scanned rows"
    )


@dataclass(frozen=True)
class SampleTaken:
    """A table scanned in part: the rows read, and the blocks the scanned rows came from; or, when the
    database sampled it (`source_method`), the table's rows and how the database chose its sample."""

    rows_read: int
    block_rows: int = 0
    every_nth_block: int = 0
    source_method: str = ""

    @property
    def method(self) -> str:
        return self.source_method or sample_method(self.block_rows, self.every_nth_block)


def _own_copy(piece: pl.DataFrame) -> pl.DataFrame:
    """The rows of `piece` in buffers of their own: a slice shares (and keeps alive) its whole batch."""
    buffer = io.BytesIO()
    piece.write_ipc(buffer)
    buffer.seek(0)
    return pl.read_ipc(buffer)


def _joined(pieces: list[pl.DataFrame]) -> pl.DataFrame:
    # columns can appear part way through a table (NDJSON): a piece without one has it empty
    return pieces[0] if len(pieces) == 1 else pl.concat(pieces, how="diagonal")


@dataclass
class BlockSampler:
    """Keeps the sampled blocks of one table while its batches stream past (see the module docstring)."""

    sample: int
    rows_read: int = 0
    stride: int = 1
    # kept pieces by block index; a block can span two batches
    _blocks: dict[int, list[pl.DataFrame]] = field(default_factory=dict)

    @property
    def block(self) -> int:
        return block_rows(self.sample)

    @property
    def rows_held(self) -> int:
        """Rows kept in memory now: never more than the sample."""
        return sum(piece.height for pieces in self._blocks.values() for piece in pieces)

    def add(self, first_row: int, frame: pl.DataFrame) -> None:
        """Keep the sampled rows of a batch whose first row is data row `first_row` (1-based)."""
        self.rows_read = max(self.rows_read, first_row - 1 + frame.height)
        stride = sample_stride(self.rows_read, self.sample)
        if stride != self.stride:
            self.stride = stride
            self._blocks = {index: pieces for index, pieces in self._blocks.items() if index % stride == 0}
        block, before = self.block, first_row - 1  # rows of the table before this batch
        first_block, last_block = before // block, (before + frame.height - 1) // block
        for index in range(-(-first_block // stride) * stride, last_block + 1, stride):
            start = max(index * block - before, 0)
            piece = frame.slice(start, (index + 1) * block - before - start)
            kept = piece if piece.height == frame.height else _own_copy(piece)
            self._blocks.setdefault(index, []).append(kept)

    def taken(self) -> SampleTaken | None:
        """What was sampled, or None when every row read is kept."""
        if self.stride == 1:
            return None
        return SampleTaken(self.rows_read, self.block, self.stride)

    def sampled(self, batches: Batches, batch_rows: int) -> Iterator[tuple[int, pl.DataFrame]]:
        """Read every batch, then give the kept rows as batches of at most `batch_rows` rows, in row
        order, each with its first row's number in the table. Blocks that are not consecutive are
        joined all the same, each row carrying its own number (ROW_NUMBERS): a batch costs a fixed
        ~0.1 s to scan, and a sample of 64 blocks scanned block by block cost 64 of them."""
        for first_row, frame in batches:
            self.add(first_row, frame)
        kept, self._blocks = self._blocks, {}
        if not kept:
            return
        indexes = sorted(kept)
        if self.stride == 1:  # every block is kept: the rows as they were read, consecutive
            run = _joined([piece for index in indexes for piece in kept[index]])
            first_row = indexes[0] * self.block + 1
            for offset in range(0, run.height, batch_rows):
                yield first_row + offset, run.slice(offset, batch_rows)
            return
        numbered = []
        for index in indexes:
            block, start = _joined(kept[index]), index * self.block + 1
            rows = pl.int_range(start, start + block.height, dtype=pl.Int64)
            numbered.append(block.with_columns(rows.alias(ROW_NUMBERS)))
        run = _joined(numbered)
        for offset in range(0, run.height, batch_rows):
            batch = run.slice(offset, batch_rows)
            yield int(batch[ROW_NUMBERS][0]), batch
