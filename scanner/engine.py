"""Orchestration: find the inputs, read each table in batches, scan every batch, merge the profiles.

One unreadable file never stops the scan: its error is recorded against it (one value-free line) and
the next file is read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from scanner.batch_scan import scan_batch
from scanner.classify import classify_table
from scanner.detector import Detector
from scanner.profile import TableProfile
from scanner.readers import ReadError, Table, discover, open_tables

DEFAULT_BATCH_ROWS = 50_000


@dataclass(frozen=True)
class ScanOptions:
    batch_rows: int = DEFAULT_BATCH_ROWS
    show_values: bool = False
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass
class TableResult:
    """What one table gave: where it is, how many rows, what went wrong, and its column profiles."""

    location: str
    format: str | None
    sheet: str | None = None
    rows_unreadable: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    profile: TableProfile = field(default_factory=TableProfile)

    @property
    def rows(self) -> int:
        return self.profile.rows


Progress = Callable[[int, int], None]


def _error_text(error: Exception) -> str:
    # Library messages can quote cell contents, so only our own ReadError text is shown.
    return str(error) if isinstance(error, ReadError) else f"could not be read ({error.__class__.__name__})"


def scan_table(table: Table, detector: Detector, options: ScanOptions, progress: Progress) -> TableResult:
    result = TableResult(location=table.location, format=table.format, sheet=table.sheet)
    try:
        for frame in table.batches(options.batch_rows):
            batch = scan_batch(frame, result.profile.rows + 1, detector, options.show_values)
            result.profile = result.profile.merge(batch)
            progress(frame.height, 0)
    except Exception as error:  # noqa: BLE001 - any reader failure is this table's error
        result.errors.append(_error_text(error))
    result.profile = classify_table(result.profile)
    result.warnings.extend(table.warnings)
    return result


def scan_file(path: Path, location: str, detector: Detector, options: ScanOptions, progress: Progress) -> Iterator[TableResult]:
    """Every table of one input file, scanned; a file that cannot be opened yields one error result."""
    try:
        with open_tables(path, location) as tables:
            for table in tables:
                yield scan_table(table, detector, options, progress)
    except Exception as error:  # noqa: BLE001 - recorded, the scan goes on
        yield TableResult(location=location, format=None, errors=[_error_text(error)])
    progress(0, path.stat().st_size if path.exists() else 0)


def scan_paths(
    paths: Sequence[Path], detector: Detector, options: ScanOptions, progress: Progress = lambda rows, size: None
) -> list[TableResult]:
    """Scan every file under `paths`; results come in a deterministic order."""
    results = []
    for path in discover(paths, options.include, options.exclude):
        results.extend(scan_file(path, str(path), detector, options, progress))
    return results
