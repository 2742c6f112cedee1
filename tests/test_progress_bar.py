"""The progress bar on the terminal: bytes read of total, percent, MB/s, ETA, rows and rows/s, per file
and overall (the bytes themselves are counted by the engine: tests/test_progress.py)."""

from __future__ import annotations

import errno
import io
import os
import re
from pathlib import Path

from test_progress import RowCounter

from scanner.orchestrate import scan_paths
from scanner.plan import ScanRequest
from scanner.terminal import ScanProgress


def test_the_overall_bar_shows_percent_bytes_of_total_rates_and_eta():
    progress = ScanProgress(True, 30_000_000, io.StringIO())
    progress.start_file("exports/calls.csv", 20_000_000)
    progress(50_000, 6_000_000)
    overall = str(progress.overall)
    assert overall.startswith("all files:  20%|")
    assert "6.00MB/30.0MB" in overall
    assert re.search(r"\[\d\d:\d\d<\d\d:\d\d, [\d.]+[kMG]?B/s, 50.0k rows, [\d.]+[kMG]? rows/s\]", overall)
    progress.close()


def test_the_file_bar_restarts_at_each_file_with_its_own_size_and_rows():
    progress = ScanProgress(True, 30_000_000, io.StringIO())
    progress.start_file("exports/calls.csv", 20_000_000)
    progress(50_000, 20_000_000)
    progress.start_file("exports/crm.csv", 10_000_000)
    progress(700, 2_500_000)
    file_bar = str(progress.file)
    assert file_bar.startswith("exports/crm.csv:  25%|")
    assert "2.50MB/10.0MB" in file_bar and " 700 rows," in file_bar
    assert "50.7k rows" in str(progress.overall) and "22.5MB/30.0MB" in str(progress.overall)
    progress.close()


def test_a_long_path_keeps_its_end_which_names_the_file():
    progress = ScanProgress(True, 1, io.StringIO())
    progress.start_file("exports/2025/march/contact-center/calls-2025-03-31.csv", 1)
    label = str(progress.file).partition(":")[0]
    assert label == "…center/calls-2025-03-31.csv" and len(label) == 28
    progress.close()


def test_a_scan_ends_with_every_byte_of_every_file_counted(tmp_path: Path):
    for name, rows in (("a.csv", 300), ("b.csv", 40)):
        (tmp_path / name).write_text(
            "id;note\n" + "".join(f"{n};ring\n" for n in range(rows)), encoding="utf-8"
        )
    total = sum(path.stat().st_size for path in tmp_path.iterdir())
    progress = ScanProgress(True, total, io.StringIO())
    files = []

    def started(location: str, size: int) -> None:
        files.append((Path(location).name, size))
        progress.start_file(location, size)

    scan_paths(ScanRequest(paths=(tmp_path,), batch_rows=64).resolve(), RowCounter(), progress, started)
    assert files == [
        ("a.csv", (tmp_path / "a.csv").stat().st_size),
        ("b.csv", (tmp_path / "b.csv").stat().st_size),
    ]
    assert progress.overall.n == total and progress.rows == 340
    assert str(progress.overall).startswith("all files: 100%|") and "340 rows" in str(progress.overall)
    assert str(progress.file).startswith(f"{tmp_path / 'b.csv'}"[-27:]) or "b.csv: 100%|" in str(
        progress.file
    )
    progress.close()


def test_a_disabled_bar_writes_nothing():
    out = io.StringIO()
    progress = ScanProgress(False, 10, out)
    progress.start_file("a.csv", 10)
    progress(5, 10)
    progress.close()
    assert out.getvalue() == ""


def test_file_started_hears_a_dangling_link_as_size_0_and_never_an_unlistable_folder(tmp_path, monkeypatch):
    (tmp_path / "a.csv").write_text("id;note\n1;ring\n", encoding="utf-8")
    (tmp_path / "gone.csv").symlink_to(tmp_path / "deleted.csv")
    locked = tmp_path / "locked"
    locked.mkdir()
    real_scandir = os.scandir

    def scandir(path=".", *args, **kwargs):
        if isinstance(path, (str, os.PathLike)) and os.fspath(path) == str(locked):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(locked))
        return real_scandir(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    files = []
    results = scan_paths(
        ScanRequest(paths=(tmp_path,)).resolve(),
        RowCounter(),
        file_started=lambda location, size: files.append((location, size)),
    )
    assert files == [
        (str(tmp_path / "a.csv"), (tmp_path / "a.csv").stat().st_size),
        (str(tmp_path / "gone.csv"), 0),
    ]
    assert {result.location: bool(result.errors) for result in results} == {
        str(tmp_path / "a.csv"): False,
        str(tmp_path / "gone.csv"): True,
        str(locked): True,
    }
