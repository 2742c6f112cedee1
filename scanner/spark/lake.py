"""Files on a data lake: what counts as a URI, and which files lie under one.

A URI is a path with a scheme (`s3a://bucket/exports`, `abfss://c@account.dfs.core.windows.net/x`,
`hdfs:///calls`, `file:///data/exports`, `dbfs:/mnt/exports`); it goes to Spark untouched, so it works
on every file system the cluster is configured for. Spark lists the files itself: the `binaryFile`
source without its content column reads no byte of them. The listing is filtered and ordered as a local
folder is (scanner/readers/discover.py): include and exclude globs on the path under the URI and on the
file name, excluded folders with all they hold, a folder's files before its subfolders, names sorted.
Spark leaves out names starting with "_" or "." (`_SUCCESS`, `.part-0.crc`), as discover leaves out
hidden files. A location in the report is the URI as given followed by the path under it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scanner.readers.discover import selected_under_folder

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# Two letters at least, so that a Windows drive (C:/exports) is a path, not a scheme.
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]+:/")
_GLOB = re.compile(r"[*?\[{]")
NO_SUCH_PATH = "no such file or folder"


def is_uri(text: str) -> bool:
    """True for `scheme:/…` (a URI Spark reads), false for a local path."""
    return bool(_URI.match(text))


@dataclass(frozen=True)
class LakeFile:
    """One file to scan: its URI as Spark names it, where the report puts it, and its size in bytes."""

    uri: str
    location: str
    size: int


def _relative(given: str, found: str) -> str | None:
    """The path of `found` under `given` ("" when it is `given` itself); None when it is not under it
    (a glob in `given`)."""
    root, path = urlsplit(given), urlsplit(found)
    root_path = root.path.rstrip("/")
    if root.netloc != path.netloc or _GLOB.search(given):
        return None
    if path.path == root_path:
        return ""
    return path.path[len(root_path) + 1 :] if path.path.startswith(root_path + "/") else None


def _walk_order(relative: str) -> tuple:
    """os.walk's order, as discover walks: in each folder its files (sorted) before its subfolders."""
    *folders, name = relative.split("/")
    return (*((1, folder) for folder in folders), (0, name))


def _located(given: str, found: str, size: int) -> tuple[str, LakeFile]:
    relative = _relative(given, found)
    if relative is None:  # matched by a glob: named by its own URI, filtered by its name
        return found.rsplit("/", 1)[-1], LakeFile(found, found, size)
    location = f"{given.rstrip('/')}/{relative}" if relative else given
    return relative or found.rsplit("/", 1)[-1], LakeFile(found, location, size)


def lake_files(
    spark: SparkSession, uris: Sequence[str], include: Sequence[str] = (), exclude: Sequence[str] = ()
) -> tuple[list[LakeFile], list[str]]:
    """The files under `uris` to scan, deterministic and without repeats, and the URIs that do not exist."""
    from pyspark.errors import AnalysisException

    files: list[LakeFile] = []
    missing: list[str] = []
    seen: set[str] = set()
    for given in uris:
        try:
            listing = (
                spark.read.format("binaryFile")
                .option("recursiveFileLookup", "true")
                .load(given)
                .select("path", "length")
                .collect()
            )
        except AnalysisException as error:
            # getCondition is Spark 4's name for Spark 3.5's getErrorClass
            condition = error.getCondition() if hasattr(error, "getCondition") else error.getErrorClass()
            if condition != "PATH_NOT_FOUND":
                raise
            missing.append(given)
            continue
        located = (_located(given, row.path, row.length) for row in listing)
        for relative, file in sorted(located, key=lambda item: _walk_order(item[0])):
            if file.uri not in seen and selected_under_folder(relative, include, exclude):
                seen.add(file.uri)
                files.append(file)
    return files, missing
