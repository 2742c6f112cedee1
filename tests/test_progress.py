"""The progress bar's input bytes: counted as the reader gets through one large file, not only at its end."""

from __future__ import annotations

import gzip
import zipfile
from pathlib import Path

import pytest

from scanner.orchestrate import scan_paths
from scanner.plan import ScanRequest
from scanner.profile import TableProfile
from scanner.readers import csv_reader


class RowCounter:
    """A scanner that only counts rows (scan_table's side of the work is not what is tested here)."""

    def scan(self, batches, retention=None):
        for _, frame in batches:
            yield TableProfile(rows=frame.height)


@pytest.fixture
def calls_csv(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr(csv_reader, "BLOCK_BYTES", 4096)  # about 25 blocks
    path = tmp_path / "calls.csv"
    rows = "".join(f"{n},2024-01-{n % 28 + 1:02d},agent {n % 7},note number {n}\n" for n in range(3000))
    path.write_text("call_id,started_at,agent,note\n" + rows, encoding="utf-8")
    return path


def _reports(path: Path) -> list[tuple[int, int]]:
    reports: list[tuple[int, int]] = []
    plan = ScanRequest(paths=(path,), batch_rows=200).resolve()
    results = scan_paths(plan, RowCounter(), lambda rows, size: reports.append((rows, size)))
    assert [result.rows for result in results] == [3000]
    return reports


def test_a_csv_reports_its_bytes_batch_by_batch_and_each_byte_once(calls_csv: Path):
    reports = _reports(calls_csv)
    assert sum(size for _, size in reports) == calls_csv.stat().st_size
    with_bytes = [size for rows, size in reports if rows and size]
    assert len(with_bytes) >= 10  # MB/s moves while the file is scanned
    assert sum(rows for rows, _ in reports) == 3000


def test_a_gzipped_csv_reports_its_compressed_bytes_in_proportion(calls_csv: Path, tmp_path: Path):
    packed = tmp_path / "calls.csv.gz"
    packed.write_bytes(gzip.compress(calls_csv.read_bytes()))
    reports = _reports(packed)
    assert sum(size for _, size in reports) == packed.stat().st_size
    assert len([size for rows, size in reports if rows and size]) >= 10


def test_an_archive_member_counts_the_archive_when_it_is_done(calls_csv: Path, tmp_path: Path):
    archive = tmp_path / "calls.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(calls_csv, "calls.csv")
    reports = _reports(archive)
    assert [size for _, size in reports if size] == [archive.stat().st_size]
