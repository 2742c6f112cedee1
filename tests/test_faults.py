"""Faults around a scan: inputs that vanish or fail mid-scan, a full disk or read-only folder for the
report, and Ctrl-C. Each ends with a clear one-line error and never with a partial report or a temp
file left behind.
"""

from __future__ import annotations

import errno
import gzip
import json
import os
import random
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

import scanner.orchestrate
import scanner.workers
from scanner.cli import main
from scanner.readers import open_tables

ROOT = Path(__file__).resolve().parents[1]
CONTACTS = (
    "kunde_id;navn;epost\n1001;Kari Testesen;kari.testesen@example.no\n1002;Ola Prøvesen;ola@example.no\n"
)


def _inputs(folder: Path, *names: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(CONTACTS, encoding="utf-8")
    return folder


def _entries(report_path: Path) -> dict[str, dict]:
    return {Path(entry["path"]).name: entry for entry in json.loads(report_path.read_text())["files"]}


def _patch_open_tables(monkeypatch: pytest.MonkeyPatch, on_open) -> None:
    """Call `on_open(path, tables)` whenever the engine opens an input."""

    @contextmanager
    def opening(path, location=None, limits=None):
        with open_tables(path, location, limits) as tables:
            yield on_open(path, tables)

    monkeypatch.setattr(scanner.orchestrate, "open_tables", opening)


def test_a_file_that_disappears_mid_scan_is_an_error_and_the_rest_is_scanned(
    tmp_path, monkeypatch, private_temp
):
    folder = _inputs(tmp_path / "in", "a.csv", "b.csv", "c.csv")

    def delete_b_when_a_opens(path, tables):
        if path.name == "a.csv":
            (folder / "b.csv").unlink()
        return tables

    _patch_open_tables(monkeypatch, delete_b_when_a_opens)
    report_path = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["scan", str(folder), "--output", str(report_path)])
    entries = _entries(report_path)
    assert entries["b.csv"]["errors"] == ["cannot read the file (No such file or directory)"]
    assert (entries["a.csv"]["rows"], entries["c.csv"]["rows"]) == (2, 2)
    assert f"error: {folder / 'b.csv'}: cannot read the file (No such file or directory)" in result.output
    assert result.exit_code == 2
    assert list(private_temp.iterdir()) == []


def test_a_file_that_fails_mid_read_keeps_the_rows_read_before(tmp_path, monkeypatch, private_temp):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "calls.csv").write_text("id;note\n" + "".join(f"{i};ring\n" for i in range(10)))

    def fail_after_the_first_batch(path, tables):
        for table in tables:
            frames = table._frames

            def failing(batch_rows, frames=frames):
                iterator = frames(batch_rows)
                yield next(iterator)
                raise OSError(errno.EIO, "Input/output error")

            table._frames = failing
            yield table

    _patch_open_tables(monkeypatch, fail_after_the_first_batch)
    report_path = tmp_path / "report.json"
    result = CliRunner().invoke(
        main, ["scan", str(folder), "--output", str(report_path), "--batch-rows", "4"]
    )
    entry = _entries(report_path)["calls.csv"]
    assert entry["errors"] == ["cannot read the file (Input/output error)"]
    assert entry["rows"] == 4
    assert result.exit_code == 2
    assert list(private_temp.iterdir()) == []


class _FullDisk:
    """A file object for the report's temp file that fails the way a full disk does."""

    def __init__(self, handle):
        self.handle = handle

    def write(self, text):
        self.handle.write(text[: len(text) // 2])  # part of it reached the disk
        raise OSError(errno.ENOSPC, "No space left on device")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()


def _no_file_but_inputs(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_a_full_disk_when_writing_the_report_is_a_clear_error_and_leaves_no_file(
    tmp_path, monkeypatch, private_temp
):
    folder = _inputs(tmp_path / "in", "a.csv")
    out = tmp_path / "out"
    out.mkdir()
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *args, **kwargs: _FullDisk(real_fdopen(*args, **kwargs)))
    result = CliRunner().invoke(main, ["scan", str(folder), "--output", str(out / "report.json"), "--quiet"])
    assert result.exit_code == 2
    assert (
        f"ccscan: error: {out / 'report.json'}: cannot write the report (No space left on device)"
        in result.output
    )
    assert list(out.iterdir()) == []
    assert list(private_temp.iterdir()) == []


def _mount_tmpfs(folder: Path, options: str) -> bool:
    folder.mkdir()
    completed = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True, check=False
    )
    return completed.returncode == 0


@contextmanager
def _tmpfs(folder: Path, options: str):
    if os.geteuid() != 0 or not _mount_tmpfs(folder, options):
        pytest.skip("cannot mount a tmpfs here (needs root); the patched tests cover the same paths")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def test_a_really_full_disk_leaves_no_partial_report(tmp_path, private_temp):
    folder = _inputs(tmp_path / "in", "a.csv")
    with _tmpfs(tmp_path / "full", "size=64k") as out:
        filler = os.open(out / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(filler, b"\0" * 4096):
                pass
        except OSError:
            pass  # the disk is full now
        finally:
            os.close(filler)
        result = CliRunner().invoke(
            main, ["scan", str(folder), "--output", str(out / "report.json"), "--quiet"]
        )
        assert result.exit_code == 2
        assert "cannot write the report (No space left on device)" in result.output
        assert _no_file_but_inputs(out) == ["filler"]


def test_a_read_only_output_folder_is_a_clear_error(tmp_path, monkeypatch, private_temp):
    folder = _inputs(tmp_path / "in", "a.csv")
    out = tmp_path / "out"
    out.mkdir()

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr("tempfile.mkstemp", read_only)
    result = CliRunner().invoke(main, ["scan", str(folder), "--output", str(out / "report.json"), "--quiet"])
    assert result.exit_code == 2
    assert (
        f"ccscan: error: {out / 'report.json'}: cannot write the report (Read-only file system)"
        in result.output
    )
    assert list(out.iterdir()) == []


def test_a_really_read_only_output_folder_is_a_clear_error(tmp_path, private_temp):
    folder = _inputs(tmp_path / "in", "a.csv")
    with _tmpfs(tmp_path / "ro", "ro,size=64k") as out:
        result = CliRunner().invoke(
            main, ["scan", str(folder), "--output", str(out / "report.json"), "--quiet"]
        )
        assert result.exit_code == 2
        assert "cannot write the report (Read-only file system)" in result.output
        assert list(out.iterdir()) == []


def test_ctrl_c_while_writing_the_report_leaves_no_file_and_exits_130(tmp_path, monkeypatch, private_temp):
    folder = _inputs(tmp_path / "in", "a.csv")
    out = tmp_path / "out"
    out.mkdir()

    class Interrupted(_FullDisk):
        def write(self, text):
            self.handle.write(text[:10])
            raise KeyboardInterrupt

    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *args, **kwargs: Interrupted(real_fdopen(*args, **kwargs)))
    result = CliRunner().invoke(main, ["scan", str(folder), "--output", str(out / "report.json"), "--quiet"])
    assert result.exit_code == 130
    assert "ccscan: interrupted; no report written" in result.output
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("batches", [1, 3])
def test_a_ctrl_c_that_a_finaliser_swallows_still_ends_the_scan_with_130_and_no_report(
    tmp_path, monkeypatch, private_temp, batches
):
    """Python's own handler raises KeyboardInterrupt wherever the program is; inside a `__del__` (the
    `regex` package's, seen on CI) it is printed as "Exception ignored" and lost: the scan went on and
    wrote its report with exit 0. The interrupt is recorded and looked at between batches and before
    any file is written."""
    folder = tmp_path / "in"
    folder.mkdir()
    rows = "".join(f"{i};Kari {i};kari{i}@example.no\n" for i in range(batches * 2))
    (folder / "a.csv").write_text("kunde_id;navn;epost\n" + rows, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()

    class SignalledWhileCollected:
        def __del__(self):
            signal.raise_signal(signal.SIGINT)

    real_scan_batch = scanner.workers.scan_batch
    calls = []

    def scan_batch(frame, *args):
        calls.append(frame.height)
        if len(calls) == 1:
            SignalledWhileCollected()  # collected at once: the Ctrl-C arrives inside its __del__
        return real_scan_batch(frame, *args)

    monkeypatch.setattr(scanner.workers, "scan_batch", scan_batch)
    result = CliRunner().invoke(
        main,
        ["scan", str(folder), "--output", str(out / "report.json"), "--workers", "1", "--batch-rows", "2"],
    )
    assert result.exit_code == 130, result.output
    assert "ccscan: interrupted; no report written" in result.output
    assert "Traceback" not in result.output and "Exception ignored" not in result.output
    assert list(out.iterdir()) == []
    assert len(calls) == 1  # no batch is scanned after the interrupt


def _large_export(folder: Path) -> None:
    """A gzip export big enough to take a while, so that the scan is interrupted in the middle."""
    folder.mkdir()
    generator = random.Random(7)
    rows = "".join(
        f"{i};Kari {i};kari{i}@example.no;+47 9{generator.randrange(10**7):07d};ordre {generator.randrange(10**6)}\n"
        for i in range(100_000)
    )
    (folder / "calls.csv.gz").write_bytes(gzip.compress(("id;navn;epost;telefon;notat\n" + rows).encode(), 1))


def _scan_started(arguments: list[str], temp: Path) -> subprocess.Popen:
    """`python -m scanner ARGUMENTS` in a session of its own (so that a test can signal its whole group),
    with `temp` as TMPDIR, returned once the scan has started: its scratch directory appears there when
    the export is being unpacked."""
    temp.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "scanner", *arguments],
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(temp)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 240
    while not any(temp.glob("ccscan-*")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, process.communicate()
    return process


def _ended_by_the_interrupt(process: subprocess.Popen, timeout: float) -> None:
    """The scan ends within `timeout` seconds with exit 130 and its one line, no traceback."""
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise
    assert process.returncode == 130, stderr
    assert stderr.strip().splitlines()[-1] == "ccscan: interrupted; no report written"
    assert "Traceback" not in stderr


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_mid_scan_exits_130_with_no_report_and_no_temp_files(tmp_path: Path, workers: str) -> None:
    _large_export(tmp_path / "in")
    temp, out = tmp_path / "temp", tmp_path / "out"
    out.mkdir()
    process = _scan_started(
        ["scan", str(tmp_path / "in"), "--output", str(out / "report.json"), "--workers", workers], temp
    )
    time.sleep(0.5)
    os.killpg(process.pid, signal.SIGINT)  # as a terminal does: the whole process group, workers too
    _ended_by_the_interrupt(process, timeout=120)
    assert list(out.iterdir()) == []
    assert list(temp.iterdir()) == []


def _no_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    def scanned(*args, **kwargs):
        raise AssertionError("the scan ran before the output was found unwritable")

    monkeypatch.setattr("scanner.run.run_scan", scanned)


def test_an_output_path_that_is_a_folder_is_refused_before_the_scan(tmp_path, monkeypatch):
    folder = _inputs(tmp_path / "in", "a.csv")
    (tmp_path / "out").mkdir()
    _no_scan(monkeypatch)
    result = CliRunner().invoke(main, ["scan", str(folder), "--output", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 2
    assert result.output == f"ccscan: error: {tmp_path / 'out'}: cannot write the report (Is a directory)\n"


def test_a_read_only_output_folder_is_found_before_the_scan(tmp_path, monkeypatch, private_temp):
    folder = _inputs(tmp_path / "in", "a.csv")
    out = tmp_path / "out"
    out.mkdir()

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr("tempfile.mkstemp", read_only)
    _no_scan(monkeypatch)
    result = CliRunner().invoke(
        main, ["scan", str(folder), "--output-dir", str(out), "--format", "json", "--format", "html"]
    )
    assert result.exit_code == 2
    assert (
        result.output
        == f"ccscan: error: {out / 'ccscan-report.json'}: cannot write the report (Read-only file system)\n"
    )
    assert list(out.iterdir()) == []


def test_a_writable_output_leaves_no_probe_behind(tmp_path):
    folder = _inputs(tmp_path / "in", "a.csv")
    out = tmp_path / "out" / "deeper"
    CliRunner().invoke(main, ["scan", str(folder), "--output", str(out / "r.json"), "--quiet"])
    assert sorted(path.name for path in out.iterdir()) == ["r.json"]


def test_ctrl_c_sent_to_the_parent_alone_with_workers_does_not_wait_for_their_batches(tmp_path: Path) -> None:
    """`kill -INT <ccscan>` reaches the parent only: it used to wait for the workers' batches (79 s on a
    busy machine); it stops them. One batch of the whole file takes far longer than the bound here."""
    _large_export(tmp_path / "in")
    arguments = ["scan", str(tmp_path / "in"), "-o", str(tmp_path / "r.json"), "--workers", "2"]
    temp = tmp_path / "temp"
    process = _scan_started([*arguments, "--batch-rows", "100000"], temp)
    time.sleep(3)  # the workers are busy with their first batches
    assert process.poll() is None, process.communicate()
    process.send_signal(signal.SIGINT)  # the parent alone, as kill -INT does
    sent = time.monotonic()
    _ended_by_the_interrupt(process, timeout=30)
    assert time.monotonic() - sent < 15, "waited for the workers' batches"
    assert not (tmp_path / "r.json").exists()
    assert list(temp.iterdir()) == []


def test_a_command_run_inside_another_program_gives_back_its_ctrl_c_handler_and_hook(tmp_path):
    handler, hook = signal.getsignal(signal.SIGINT), sys.unraisablehook
    folder = _inputs(tmp_path / "in", "a.csv")
    result = CliRunner().invoke(main, ["scan", str(folder), "-o", str(tmp_path / "r.json"), "--quiet"])
    assert result.exit_code == 0, result.output
    assert signal.getsignal(signal.SIGINT) is handler and sys.unraisablehook is hook
