"""Private scratch space for decoded and decompressed copies of an input.

Each `open_tables` call gets its own directory from `tempfile.mkdtemp` (mode 0700, so other users of
the machine cannot read the copies of personal data) and removes it on the way out, whatever ends the
read: the last table, an error or Ctrl-C; a `with` block that is never left (a generator abandoned
mid-scan) is cleaned up at interpreter exit. Files inside it are removed as soon as their table is
done.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def private_dir() -> Iterator[Path]:
    """A fresh directory only this user can read, removed with everything in it on exit."""
    # TemporaryDirectory wraps mkdtemp and also registers a cleanup for interpreter exit
    with tempfile.TemporaryDirectory(prefix="ccscan-", ignore_cleanup_errors=True) as directory:
        yield Path(directory)


@contextmanager
def scratch_file(directory: Path) -> Iterator[Path]:
    """A new empty file in `directory`, deleted on exit."""
    handle, name = tempfile.mkstemp(dir=directory)
    os.close(handle)
    path = Path(name)
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)
