"""Settings from a config file: `ccscan.toml`, or the `[tool.ccscan]` table of `pyproject.toml`.

Precedence, highest first: the command line, the environment (`CCSCAN_FAIL_ON`, `CCSCAN_EXCLUDE`, ...),
the config file, the built-in default. The highest source that sets an option supplies all of it:
`--exclude x` on the command line replaces the file's `exclude` list rather than adding to it.
The file is `--config FILE` (or `CCSCAN_CONFIG`), else `ccscan.toml` in the current folder, else
`pyproject.toml` there if it has a `[tool.ccscan]` table. Relative paths are taken from the current folder.

    fail_on = "medium"
    format = ["json", "sarif"]
    exclude = ["tmp/*", "*.bak"]                      # ignored paths
    disable_rules = ["CC-PLAIN-BUSINESS-ID"]
    recognizers = "recognizers.yaml"                  # laid over the default recognizer registry
    lang = "nb"                                       # reports and summary in Norwegian bokmål
    schemas = ["crm"]                                 # of a database: these schemas only
    views = true                                      # and its views too
    statement_timeout = 120                           # seconds a database may take per batch
    allow_values = ['(\\+47)? ?22 ?00 ?00 ?00']        # our own switchboard
    [severity]
    CC-PLAIN-PHONE = "low"
    [ignore_columns]
    "calls/*.csv" = ["agent_phone", "agent_email"]

`show_values` cannot be set in a file or the environment: raw values only by asking on the command line.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from scanner.errors import UsageError

CONFIG_FILE = "ccscan.toml"
PYPROJECT = "pyproject.toml"

# config key -> `ccscan scan` parameter name
SCALARS = {
    "fail_on": "fail_on",
    "threshold": "threshold",
    "batch_rows": "batch_rows",
    "workers": "workers",
    "engine": "engine",
    "nlp_model": "nlp_model",
    "output": "output",
    "output_dir": "output_dir",
    "baseline": "baseline",
    "max_cell_chars": "max_cell_chars",
    "max_columns": "max_columns",
    "max_decompressed_mb": "max_decompressed_mb",
    "max_compression_ratio": "max_compression_ratio",
    "sample": "sample",
    "recognizers": "recognizers",
    "allow_incomplete": "allow_incomplete",
    "lang": "lang",
    "views": "views",
    "statement_timeout": "statement_timeout",
}
LISTS = {
    "include": "include",
    "exclude": "exclude",
    "format": "formats",
    "policy": "policies",
    "allow_values": "allow_value",
    "disable_rules": "disable_rule",
    "schemas": "schemas",
}
TABLES = {"severity": "severity", "ignore_columns": "ignore_column"}


class ConfigError(UsageError):
    """A config file that cannot be used; the message names the file and the setting."""


def find_config(folder: Path) -> Path | None:
    """`ccscan.toml` in `folder`, else its `pyproject.toml` if that has a [tool.ccscan] table."""
    if (folder / CONFIG_FILE).is_file():
        return folder / CONFIG_FILE
    pyproject = folder / PYPROJECT
    if pyproject.is_file() and "ccscan" in _read(pyproject).get("tool", {}):
        return pyproject
    return None


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the config file ({error.strerror or error})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from None


def _strings(path: Path, key: str, value: object) -> list[str]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(item, str) for item in values):
        raise ConfigError(f"{path}: {key} must be a string or a list of strings")
    return values


def _table(path: Path, key: str, value: object) -> list[str]:
    """`{rule = "low"}` → ["rule=low"]; `{glob = ["a", "b"]}` → ["glob=a", "glob=b"]."""
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: [{key}] must be a table")
    return [
        f"{name}={item}" for name, items in value.items() for item in _strings(path, f"{key}.{name}", items)
    ]


def load_config(path: Path) -> dict[str, object]:
    """The file's settings as defaults for `ccscan scan`, keyed by parameter name."""
    document = _read(path)
    settings = document.get("tool", {}).get("ccscan", {}) if path.name == PYPROJECT else document
    defaults: dict[str, object] = {}
    for key, value in settings.items():
        if key in SCALARS:
            defaults[SCALARS[key]] = value
        elif key in LISTS:
            defaults[LISTS[key]] = _strings(path, key, value)
        elif key in TABLES:
            defaults[TABLES[key]] = _table(path, key, value)
        else:
            known = ", ".join(sorted([*SCALARS, *LISTS, *TABLES]))
            raise ConfigError(f"{path}: unknown setting {key!r} (known: {known})")
    return defaults
