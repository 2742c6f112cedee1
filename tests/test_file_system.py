"""Hostile file-system layouts on a real file system: links to nothing, links in a loop, folders that
cannot be traversed or listed, file names that are not UTF-8. Each is a one-line error (or warning) on
that input in every report format, the other inputs are scanned, and the scan never ends in a traceback.

The tests run as root in CI, where permissions do not stop anything: a folder without permission is
simulated by making the file-system calls under it fail with EACCES, as the kernel would.
"""

from __future__ import annotations

import errno
import io
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.cli import main

CONTACTS = "kunde_id;navn\n1001;Kari Testesen\n1002;Ola Prøvesen\n"
NOT_UTF8 = os.fsdecode(b"kunder-\xff.csv")


def _scan(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["scan", *arguments])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def _entries(report: Path) -> dict[str, dict]:
    return {Path(entry["path"]).name: entry for entry in json.loads(report.read_text())["files"]}


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.csv").write_text(CONTACTS, encoding="utf-8")
    return folder


def test_a_dangling_link_and_a_link_loop_are_errors_and_the_rest_is_scanned(tmp_path):
    folder = _folder(tmp_path)
    (folder / "gone.csv").symlink_to(folder / "deleted.csv")
    (folder / "loop1.csv").symlink_to(folder / "loop2.csv")
    (folder / "loop2.csv").symlink_to(folder / "loop1.csv")
    code, output = _scan(str(folder), "-o", str(tmp_path / "r.json"))
    entries = _entries(tmp_path / "r.json")
    assert entries["a.csv"]["rows"] == 2
    for name in ("gone.csv", "loop1.csv", "loop2.csv"):
        assert entries[name]["errors"] == [
            "a symbolic link to nothing (its target is missing, or links point at each other)"
        ]
        assert f"error: {folder / name}: a symbolic link to nothing" in output
    assert code == 2


def test_a_dangling_link_named_directly_is_an_error_not_a_missing_path(tmp_path):
    folder = _folder(tmp_path)
    (folder / "gone.csv").symlink_to(folder / "deleted.csv")
    code, _ = _scan(str(folder / "gone.csv"), str(folder / "a.csv"), "-o", str(tmp_path / "r.json"))
    entries = _entries(tmp_path / "r.json")
    assert entries["gone.csv"]["errors"] and entries["a.csv"]["rows"] == 2
    assert code == 2


def _no_permission(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Make `folder` behave like a folder its reader has no permission on: it can be looked at, but not
    listed, and nothing inside it can be looked at or opened."""
    inside = str(folder) + os.sep

    def denied(path: object, listing: bool) -> bool:
        if not isinstance(path, (str, bytes, os.PathLike)):
            return False  # a file descriptor
        text = os.fsdecode(path)
        return text.startswith(inside) or (listing and text.rstrip(os.sep) == str(folder))

    def guard(real, listing: bool = False):
        def call(path, *args, **kwargs):
            if denied(path, listing):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fsdecode(path))
            return real(path, *args, **kwargs)

        return call

    monkeypatch.setattr(os, "stat", guard(os.stat))
    monkeypatch.setattr(os, "lstat", guard(os.lstat))
    monkeypatch.setattr(os, "scandir", guard(os.scandir, listing=True))
    monkeypatch.setattr(io, "open", guard(io.open))


def test_a_file_named_inside_a_folder_without_permission_is_an_error_and_the_rest_is_scanned(
    tmp_path, monkeypatch
):
    folder = _folder(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.csv").write_text(CONTACTS, encoding="utf-8")
    _no_permission(monkeypatch, locked)
    code, output = _scan(str(locked / "b.csv"), str(folder), "-o", str(tmp_path / "r.json"))
    entries = _entries(tmp_path / "r.json")
    assert entries["b.csv"]["errors"] == ["cannot read the file (Permission denied)"]
    assert entries["a.csv"]["rows"] == 2
    assert f"error: {locked / 'b.csv'}: cannot read the file (Permission denied)" in output
    assert code == 2


def test_a_subfolder_that_cannot_be_listed_is_an_error_where_its_files_would_be(tmp_path, monkeypatch):
    folder = _folder(tmp_path)
    (folder / "b").mkdir()
    (folder / "b" / "hidden.csv").write_text(CONTACTS, encoding="utf-8")
    (folder / "c.csv").write_text(CONTACTS, encoding="utf-8")
    _no_permission(monkeypatch, folder / "b")
    code, output = _scan(str(folder), "-o", str(tmp_path / "r.json"))
    paths = [entry["path"] for entry in json.loads((tmp_path / "r.json").read_text())["files"]]
    assert paths == [str(folder / "a.csv"), str(folder / "c.csv"), str(folder / "b")]
    assert _entries(tmp_path / "r.json")["b"]["errors"] == ["cannot list the folder (Permission denied)"]
    assert f"error: {folder / 'b'}: cannot list the folder (Permission denied)" in output
    assert code == 2


def test_an_unlistable_folder_given_alone_is_not_a_clean_scan_of_nothing(tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.csv").write_text(CONTACTS, encoding="utf-8")
    _no_permission(monkeypatch, locked)
    code, output = _scan(str(locked), "-o", str(tmp_path / "r.json"))
    assert _entries(tmp_path / "r.json")["locked"]["errors"] == ["cannot list the folder (Permission denied)"]
    assert "0 file(s)" not in output
    assert code == 2


@pytest.mark.parametrize(
    ("format_name", "suffix"), [("json", "json"), ("html", "html"), ("sarif", "sarif"), ("markdown", "md")]
)
def test_a_file_name_that_is_not_utf8_is_scanned_and_every_format_is_written(tmp_path, format_name, suffix):
    folder = _folder(tmp_path)
    (folder / NOT_UTF8).write_text(CONTACTS, encoding="utf-8")
    report = tmp_path / f"r.{suffix}"
    code, output = _scan(str(folder), "-o", str(report), "--format", format_name)
    assert code in (0, 1)
    text = report.read_text(encoding="utf-8")
    if format_name == "sarif":  # a URI names the byte itself
        assert "kunder-%FF.csv" in text
    else:  # JSON doubles the backslash
        assert "kunder-\\xff.csv" in text.replace("\\\\", "\\")
    assert "kunder-\\xff.csv" in output
    if format_name == "json":
        entry = _entries(report)["kunder-\\xff.csv"]
        assert entry["rows"] == 2
        assert entry["warnings"] == ["the path is not valid UTF-8: its other bytes are shown as \\x escapes"]
