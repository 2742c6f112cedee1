"""Containers of inputs: a gzip stream holds one input, a zip archive one per member.

Both are unpacked by streaming copy into a scratch file, one input at a time, so only one
decompressed copy exists at any moment. Zip members are read in archive order; directories and
hidden members (`.DS_Store`, `__MACOSX/`) are skipped; a member whose name is absolute or climbs out
with `..` is refused (a ReadError for that member only).

Decompression bombs are stopped while copying, whatever the archive claims: a stream that unpacks to
more than `max_decompressed_mb`, or past RATIO_FLOOR_MB to more than `max_compression_ratio` times its
compressed size, is refused and its partial copy deleted.
"""

from __future__ import annotations

import gzip
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import BinaryIO

from scanner.readers.sniff import CHUNK_BYTES
from scanner.readers.table import ReadError, ReadLimits

MB = 1024 * 1024
# Below this size any ratio is allowed: small, very repetitive files compress extremely well.
RATIO_FLOOR_MB = 64


def check_unpacked_size(unpacked: int, compressed: int, limits: ReadLimits) -> None:
    """Refuse `unpacked` bytes from `compressed` ones past the size limit, or the ratio limit."""
    if unpacked > limits.max_decompressed_mb * MB:
        raise ReadError(
            f"unpacks to more than {limits.max_decompressed_mb} MB (max_decompressed_mb); not read"
        )
    if unpacked > RATIO_FLOOR_MB * MB and unpacked > limits.max_compression_ratio * max(compressed, 1):
        raise ReadError(
            f"compression ratio above {limits.max_compression_ratio}:1, possibly a decompression bomb "
            "(max_compression_ratio); not read"
        )


def _bounded_copy(stream: BinaryIO, copy: BinaryIO, compressed: int, limits: ReadLimits) -> None:
    """Copy `stream` to `copy`, refusing it as soon as it unpacks past the limits."""
    written = 0
    while chunk := stream.read(CHUNK_BYTES):
        written += len(chunk)
        check_unpacked_size(written, compressed, limits)
        copy.write(chunk)


def gunzip(source: Path, target: Path, limits: ReadLimits) -> None:
    """Decompress the gzip file `source` into `target`, within `limits`."""
    try:
        with gzip.open(source) as stream, target.open("wb") as copy:
            _bounded_copy(stream, copy, source.stat().st_size, limits)
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


def extract(archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, limits: ReadLimits) -> None:
    """Copy one member into `target`, within `limits`; refuses names that would leave the archive's folder."""
    name = _member_path(member)
    if name.is_absolute() or PureWindowsPath(name).drive or ".." in name.parts:
        raise ReadError("zip member name is absolute or contains '..'")
    try:
        with archive.open(member) as stream, target.open("wb") as copy:
            _bounded_copy(stream, copy, member.compress_size, limits)
    except RuntimeError:
        raise ReadError("zip member is encrypted") from None
    except NotImplementedError:
        raise ReadError("zip member uses an unsupported compression method") from None
    except EOFError:
        raise ReadError("zip member is truncated") from None
    except (zipfile.BadZipFile, zlib.error):
        raise ReadError("zip member is corrupt") from None
