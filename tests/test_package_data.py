"""Every data file the packages read or document (schemas, registries, samples) is declared as package
data in pyproject.toml, so that a wheel holds it."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatchcase
from pathlib import Path

ROOT = Path(__file__).parents[1]
DATA_SUFFIXES = {".json", ".yaml", ".csv"}


def _glob_match(relative: str, pattern: str) -> bool:
    """setuptools globs a pattern in the package's folder: "*" never crosses a "/"."""
    parts, wanted = relative.split("/"), pattern.split("/")
    return len(parts) == len(wanted) and all(map(fnmatchcase, parts, wanted))


def _declared(path: Path, package_data: dict[str, list[str]]) -> bool:
    """Whether a package's pattern matches `path` (relative to that package's folder)."""
    for package, patterns in package_data.items():
        folder = ROOT / package.replace(".", "/")
        if folder in path.parents:
            relative = path.relative_to(folder).as_posix()
            if any(_glob_match(relative, pattern) for pattern in patterns):
                return True
    return False


def test_every_data_file_of_the_packages_is_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    package_data = config["tool"]["setuptools"]["package-data"]
    files = [
        path
        for package in ("scanner", "recognizers", "rules")
        for path in (ROOT / package).rglob("*")
        if path.suffix in DATA_SUFFIXES and path.is_file() and "__pycache__" not in path.parts
    ]
    missing = [str(path.relative_to(ROOT)) for path in files if not _declared(path, package_data)]
    assert missing == []
