"""Baselines: findings accepted once, remembered by salted fingerprint, so later scans show what is new.

A finding's identity is where it is and what rule it breaks — (rule, file, sheet, column, category) —
never a found value. The baseline file stores, per finding, a SHA-256 of that identity with a random
salt kept in the same file, plus the rule id and category so that stale entries can be named:

    {"ccscan_baseline": 1, "created_at": "...", "salt": "9f2c...", "entries": [
        {"fingerprint": "5be1...", "rule": "CC-PLAIN-PHONE", "category": "PHONE", "severity": "medium"}]}

`ccscan scan --baseline FILE` leaves out the findings whose fingerprint is in FILE, and lists the
entries no current finding matched (stale: the column was fixed, renamed, or not scanned this time).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from scanner.errors import InputError
from scanner.json_files import read_json_document

BASELINE_VERSION = 1
IDENTITY_FIELDS = ("rule", "file", "sheet", "column", "category")
Finding = TypeVar("Finding")


class BaselineError(InputError):
    """A baseline file that cannot be used; the message names the file and the problem."""


def _field(finding: object, name: str) -> str:
    value = finding.get(name) if isinstance(finding, Mapping) else getattr(finding, name, None)
    return "" if value is None else str(value)


def fingerprint(finding: object, salt: str) -> str:
    """SHA-256 of the salt and the finding's identity; `finding` is a report entry or a Finding."""
    identity = "\x1f".join(_field(finding, name) for name in IDENTITY_FIELDS)
    return hashlib.sha256(f"{salt}\x1e{identity}".encode()).hexdigest()


def create_baseline(report: Mapping, created_at: datetime | None = None) -> dict:
    """A baseline document for every finding of `report` (a JSON report written without --baseline)."""
    if "baseline" in report:
        raise BaselineError(
            "the report was filtered by a baseline; create a baseline from a scan without --baseline"
        )
    salt = secrets.token_hex(16)
    entries = [
        {
            "fingerprint": fingerprint(finding, salt),
            "rule": finding["rule"],
            "category": finding.get("category", ""),
            "severity": finding["severity"],
        }
        for finding in report["findings"]
    ]
    moment = (created_at or datetime.now(UTC)).replace(microsecond=0)
    return {
        "ccscan_baseline": BASELINE_VERSION,
        "created_at": moment.isoformat().replace("+00:00", "Z"),
        "tool": report["tool"],
        "salt": salt,
        "entries": sorted(entries, key=lambda entry: entry["fingerprint"]),
    }


def baseline_json(baseline: Mapping) -> str:
    return json.dumps(baseline, indent=2) + "\n"


@dataclass(frozen=True)
class Baseline:
    source: str
    salt: str
    entries: tuple[Mapping, ...]

    def split(self, findings: Iterable[Finding]) -> tuple[list[Finding], dict]:
        """The findings not in the baseline, and the report's `baseline` section (known, stale)."""
        known = {entry["fingerprint"]: entry for entry in self.entries}
        new, matched = [], set()
        for finding in findings:
            digest = fingerprint(finding, self.salt)
            if digest in known:
                matched.add(digest)
            else:
                new.append(finding)
        stale = [
            {
                "rule": entry["rule"],
                "category": entry.get("category", ""),
                "fingerprint": entry["fingerprint"],
            }
            for entry in self.entries
            if entry["fingerprint"] not in matched
        ]
        return new, {"file": self.source, "known": len(matched), "stale": stale}


def load_baseline(path: Path) -> Baseline:
    """Read a baseline file; BaselineError (one line) if it is missing, not JSON or not a baseline."""
    document = read_json_document(path, "baseline", BaselineError)
    if not isinstance(document, dict) or document.get("ccscan_baseline") != BASELINE_VERSION:
        raise BaselineError(f"{path}: not a ccscan baseline (version {BASELINE_VERSION})")
    entries = document.get("entries")
    if (
        not isinstance(document.get("salt"), str)
        or not isinstance(entries, list)
        or not all(
            isinstance(entry, dict) and isinstance(entry.get("fingerprint"), str) and "rule" in entry
            for entry in entries
        )
    ):
        raise BaselineError(f"{path}: the baseline lacks a salt or has malformed entries")
    return Baseline(str(path), document["salt"], tuple(entries))
