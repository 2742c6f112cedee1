"""Containers of inputs: a gzip stream holds one input, a zip archive one per member.

Both are unpacked by streaming copy into a scratch file, one input at a time, so only one
decompressed copy exists at any moment. Zip members are read in archive order; directories and
hidden members (`.DS_Store`, `__MACOSX/`) are skipped; a member whose name is absolute or climbs out
with `..` is refused (a ReadError for that member only).
"""

from __future__ import annotations

import gzip
import shutil
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath, PureWindowsPath

from scanner.readers.sniff import CHUNK_BYTES
from scanner.readers.table import ReadError


def gunzip(source: Path, target: Path) -> None:
    """Decompress the gzip file `source` into `target`."""
    try:
        with gzip.open(source) as stream, target.open("wb") as copy:
            shutil.copyfileobj(stream, copy, CHUNK_BYTES)
    except EOFError:
        raise ReadError("gzip stream is truncated") from None
    except (gzip.BadGzipFile, zlib.error):
        raise ReadError("gzip stream is corrupt") from None


def zip_members(archive: zipfile.ZipFile) -> Iterator[zipfile.ZipInfo]:
    """The members of `archive` that hold inputs, unsafe names included (`extract` refuses them)."""
    for member in archive.infolist():
        parts = _member_path(member).parts
        hidden = any((part.startswith(".") and part != "..") or part == "__MACOSX" for part in parts)
        if not member.is_dir() and not hidden:
            yield member


def _member_path(member: zipfile.ZipInfo) -> PurePosixPath:
    # archives made on Windows may separate folders with backslashes
    return PurePosixPath(member.filename.replace("\\", "/"))


def open_zip(path: Path) -> zipfile.ZipFile:
    """The archive at `path`; a damaged archive is a ReadError."""
    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ReadError("zip archive is corrupt") from None


def extract(archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path) -> None:
    """Copy one member into `target`; refuses names that would leave the archive's folder."""
    name = _member_path(member)
    if name.is_absolute() or PureWindowsPath(name).drive or ".." in name.parts:
        raise ReadError("zip member name is absolute or contains '..'")
    try:
        with archive.open(member) as stream, target.open("wb") as copy:
            shutil.copyfileobj(stream, copy, CHUNK_BYTES)
    except RuntimeError:
        raise ReadError("zip member is encrypted") from None
    except NotImplementedError:
        raise ReadError("zip member uses an unsupported compression method") from None
    except EOFError:
        raise ReadError("zip member is truncated") from None
    except (zipfile.BadZipFile, zlib.error):
        raise ReadError("zip member is corrupt") from None
