"""Suppressions: what a team has decided not to be told about.

- ignored columns per file glob (`calls/*.csv=agent_phone`): dropped from each batch before scanning,
  listed under the table's `ignored_columns` so that nothing disappears silently;
- allowed values (regular expressions matched against the whole found value, e.g. the company's own
  switchboard number): not counted at all — `allowed(value)` is called by the per-batch scan;
- rules turned off, and severity overrides per rule id: applied to the findings.

Ignored paths are the scan's `exclude` globs. Where these settings come from (command line, environment,
config file) is decided in scanner/config.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase
from functools import cached_property
from typing import TypeVar

from rules.severity import severity_rank
from scanner.errors import UsageError

Finding = TypeVar("Finding")


@dataclass(frozen=True)
class Suppressions:
    ignore_columns: tuple[tuple[str, str], ...] = ()  # (file glob, column glob)
    allow_values: tuple[str, ...] = ()  # regular expressions
    disable_rules: frozenset[str] = frozenset()
    severity: tuple[tuple[str, str], ...] = ()  # (rule id, severity)

    @classmethod
    def parse(
        cls,
        ignore_columns: Iterable[str] = (),
        allow_values: Iterable[str] = (),
        disable_rules: Iterable[str] = (),
        severity: Iterable[str] = (),
    ) -> Suppressions:
        """From option values: `[FILE_GLOB=]COLUMN_GLOB`, regexes, rule ids, `RULE_ID=LEVEL`.

        Raises UsageError naming the option and the bad value.
        """
        columns = []
        for spec in ignore_columns:
            glob, equals, column = spec.rpartition("=")
            if not column:
                raise UsageError(f"--ignore-column {spec!r}: expected [FILE_GLOB=]COLUMN")
            columns.append((glob if equals else "*", column))
        patterns = list(allow_values)
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                raise UsageError(f"--allow-value {pattern!r}: not a regular expression ({error})") from None
        overrides = []
        for spec in severity:
            rule, equals, level = spec.partition("=")
            if not equals or not rule:
                raise UsageError(f"--severity {spec!r}: expected RULE_ID=LEVEL")
            try:
                severity_rank(level)
            except ValueError as error:
                raise UsageError(f"--severity {spec!r}: {error}") from None
            overrides.append((rule, level))
        return cls(
            ignore_columns=tuple(columns),
            allow_values=tuple(patterns),
            disable_rules=frozenset(disable_rules),
            severity=tuple(overrides),
        )

    @cached_property
    def allow_pattern(self) -> re.Pattern[str] | None:
        """One compiled pattern for all allowed values (None: nothing is allowed)."""
        return re.compile("|".join(f"(?:{p})" for p in self.allow_values)) if self.allow_values else None

    def allowed(self, value: str) -> bool:
        """True if `value` (a found value, as matched) is allowed and must not be counted."""
        return self.allow_pattern is not None and self.allow_pattern.fullmatch(value.strip()) is not None

    def ignored_columns(self, location: str, columns: Sequence[str]) -> list[str]:
        """The columns of the table at `location` to leave out; file globs match the location or its name."""
        name = re.split(r"[/!]", location)[-1]
        wanted = [
            column
            for glob, column in self.ignore_columns
            if fnmatchcase(location, glob) or fnmatchcase(name, glob)
        ]
        return [column for column in columns if any(fnmatchcase(column, pattern) for pattern in wanted)]

    def rule_ids(self) -> set[str]:
        """Every rule id these settings name (to check them against the policy)."""
        return set(self.disable_rules) | {rule for rule, _ in self.severity}

    def judge(self, findings: Iterable[Finding]) -> list[Finding]:
        """Findings without the rules turned off, with severities overridden (not that of a note that a
        rule could not be applied, which is no violation)."""
        overrides = dict(self.severity)
        return [
            replace(finding, severity=overrides[finding.rule])
            if finding.rule in overrides and "not_applied" not in finding.details
            else finding
            for finding in findings
            if finding.rule not in self.disable_rules
        ]

    def config(self) -> dict:
        """The settings as the report records them (allowed values only counted: they may be numbers)."""
        return {
            "ignore_columns": [f"{glob}={column}" for glob, column in self.ignore_columns],
            "allow_values": len(self.allow_values),
            "disable_rules": sorted(self.disable_rules),
            "severity": dict(self.severity),
        }
