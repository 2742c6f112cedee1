"""Which files a scan reads: files named directly, and every file under a folder, in a fixed order.

Folders are walked recursively in sorted order (names compared as strings), so two runs over the same
tree read the same files in the same order. Hidden files and folders (name starting with ".") under a
folder are skipped; symlinked folders are not followed. `include` and `exclude` are fnmatch globs
(case-sensitive; `*` also crosses "/") tried on the path relative to the folder given and on the
file name: with `include`, a file must match one of them; a file matching an `exclude` glob is
dropped, and so is a folder, with all it holds. Files named directly pass the same filters, tried on
their name. A path named twice is read once.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from fnmatch import fnmatchcase
from pathlib import Path


def discover(
    paths: Sequence[Path], include: Sequence[str] = (), exclude: Sequence[str] = ()
) -> Iterator[Path]:
    """The files to read under `paths`, deterministic and without repeats."""
    seen: set[Path] = set()
    for given in paths:
        candidates = _walk(given, exclude) if given.is_dir() else [(given, given.name)]
        for path, relative in candidates:
            if _selected(relative, include, exclude) and path.absolute() not in seen:
                seen.add(path.absolute())
                yield path


def _walk(folder: Path, exclude: Sequence[str]) -> Iterator[tuple[Path, str]]:
    """Every non-hidden file under `folder` with its relative POSIX path, in sorted order."""
    for root, folders, files in os.walk(folder):
        here = Path(root)
        folders[:] = sorted(
            name
            for name in folders
            if not name.startswith(".") and not _matches(_relative(here / name, folder), exclude)
        )
        for name in sorted(files):
            if not name.startswith("."):
                yield here / name, _relative(here / name, folder)


def _relative(path: Path, folder: Path) -> str:
    return path.relative_to(folder).as_posix()


def _matches(relative: str, globs: Sequence[str]) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return any(fnmatchcase(relative, glob) or fnmatchcase(name, glob) for glob in globs)


def _selected(relative: str, include: Sequence[str], exclude: Sequence[str]) -> bool:
    return (not include or _matches(relative, include)) and not _matches(relative, exclude)


def selected_under_folder(relative: str, include: Sequence[str] = (), exclude: Sequence[str] = ()) -> bool:
    """Whether `discover` reads the file at `relative` (a POSIX path under a folder given), its folders'
    exclusion included: the same test for listings that do not come from a walk (a data lake's)."""
    folders = relative.split("/")[:-1]
    excluded_folder = any(_matches("/".join(folders[: depth + 1]), exclude) for depth in range(len(folders)))
    return not excluded_folder and _selected(relative, include, exclude)
