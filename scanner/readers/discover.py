"""Which files a scan reads: files named directly, and every file under a folder, in a fixed order.

Folders are walked recursively in sorted order (names compared as strings), so two runs over the same
tree read the same files in the same order. Hidden files and folders (name starting with ".") under a
folder are skipped; symlinked folders are not followed. A folder that cannot be listed (no permission)
is never skipped in silence: `on_error` is called with it and the error, and the walk goes on. `include` and `exclude` are fnmatch globs
(case-sensitive; `*` also crosses "/") tried on the path relative to the folder given and on the
file name: with `include`, a file must match one of them; a file matching an `exclude` glob is
dropped, and so is a folder, with all it holds. Files named directly pass the same filters, tried on
their name. A path named twice is read once.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from fnmatch import fnmatchcase
from pathlib import Path

from scanner.masking import mask_names

FolderError = Callable[[Path, OSError], None]


def discover(
    paths: Sequence[Path],
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    on_error: FolderError | None = None,
) -> Iterator[Path]:
    """The files to read under `paths`, deterministic and without repeats. A path that cannot even be
    looked at (inside a folder without permission) is yielded as a file, so that reading it fails and
    says why; a folder that cannot be listed goes to `on_error`."""
    seen: set[Path] = set()
    for given in paths:
        candidates = _walk(given, exclude, on_error) if _is_folder(given) else [(given, given.name)]
        for path, relative in candidates:
            if _selected(relative, include, exclude) and path.absolute() not in seen:
                seen.add(path.absolute())
                yield path


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # PermissionError on a parent folder: read as a file, whose read then fails
        return False


def is_missing(path: Path) -> bool:
    """True only when nothing is at `path`: a path that cannot be looked at (permission) or a dangling
    symbolic link is there, and its reading fails with the reason."""
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except OSError:
        return False
    return False


def is_broken_link(path: Path) -> bool:
    """A symbolic link whose target is missing, or a loop of links."""
    try:
        return path.is_symlink() and not path.exists()
    except OSError:
        return False


def file_size(path: Path) -> int:
    """The size of the file at `path` for the progress bar; 0 when it cannot be told (a dangling or
    looping symbolic link, no permission): reading it will report why."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def display_path(path: Path) -> str:
    """`path` as every output shows it: bytes of a file name that are not UTF-8 as `\\xff` escapes
    (not the lone surrogates Python decodes them to, which no UTF-8 writer takes), and parts that look
    like values (a national ID as a file name) masked as column names are."""
    return mask_names(os.fsencode(path).decode("utf-8", "backslashreplace"))


def is_utf8(path: Path) -> bool:
    """Whether the bytes of `path` are UTF-8 (else `display_path` shows some as escapes)."""
    try:
        os.fsencode(path).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _walk(
    folder: Path, exclude: Sequence[str], on_error: FolderError | None = None
) -> Iterator[tuple[Path, str]]:
    """Every non-hidden file under `folder` with its relative POSIX path, in sorted order."""

    def unlisted(error: OSError) -> None:
        if on_error is not None:
            on_error(Path(error.filename) if error.filename else folder, error)

    for root, folders, files in os.walk(folder, onerror=unlisted):
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
