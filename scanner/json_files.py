"""Reading the JSON files ccscan wrote earlier (reports, baselines), with one-line errors naming the file."""

from __future__ import annotations

import json
from pathlib import Path


def read_json_document(path: Path, what: str, error: type[Exception]) -> object:
    """The JSON document at `path`; `error` (one line naming the file) if it cannot be read or parsed."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as problem:
        raise error(f"{path}: cannot read the {what} ({problem.strerror or problem})") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise error(f"{path}: the {what} is not JSON") from None
