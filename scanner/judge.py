"""Judging: what the policy makes of the scanned tables.

After every table is scanned and classified: a protection verdict for each column (rules/protection.py),
the reversible-hash check of hash-shaped columns against the digests of values found anywhere in the
scan (rules/pseudonymisation.py), and the findings: plain-text personal data (only in columns whose
verdict is plaintext), reversible hashes, retention rules with overdue rows, and (info) retention rules
that cover a table but could not be applied to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rules.findings import (
    ColumnCategory,
    ColumnKey,
    Finding,
    not_applied_findings,
    plaintext_findings,
    retention_check,
    retention_findings,
    reversible_hash_finding,
)
from rules.policy import Policy
from rules.protection import Protection, protection_verdict
from rules.pseudonymisation import MAX_FOUND_DIGESTS, FoundDigests, ReversibleHashes, reversible_hashes
from scanner.orchestrate import TableResult

TableKey = tuple[str, "str | None"]  # file, sheet


@dataclass
class Judgement:
    findings: list[Finding] = field(default_factory=list)
    protection: dict[ColumnKey, Protection] = field(default_factory=dict)
    reversible: dict[ColumnKey, ReversibleHashes] = field(default_factory=dict)
    retention: dict[TableKey, list[dict[str, object]]] = field(default_factory=dict)
    found_digests: int = 0
    found_digests_complete: bool = True

    def reversible_hash_check(self) -> dict[str, object]:
        """How the reversible-hash check went, for the report summary (counts only, never digests)."""
        return {
            "found_value_digests": self.found_digests,
            "bound": MAX_FOUND_DIGESTS,
            "bound_reached": not self.found_digests_complete,
            "hashed_columns": sum(1 for column in self.protection.values() if column.verdict == "hashed"),
            "reversible_columns": len(self.reversible),
        }


def judge(tables: list[TableResult], facts: list[ColumnCategory], policy: Policy, as_of: date) -> Judgement:
    found = FoundDigests()
    for table in tables:
        found = found.merge(table.profile.found_digests)
    judgement = Judgement(found_digests=len(found), found_digests_complete=found.complete)
    hash_findings = []
    for table in tables:
        for column in table.profile.ordered_columns():
            key = (table.location, table.sheet, column.name)
            personal = max(
                column.cells_with(set(column.entities)),
                *(entity.count for entity in column.entities.values()),
                0,
            )
            protection = protection_verdict(column.shapes, column.non_empty, personal)
            judgement.protection[key] = protection
            hashes = reversible_hashes(column.digests, found) if protection.verdict == "hashed" else None
            if hashes is not None:
                judgement.reversible[key] = hashes
                finding = reversible_hash_finding(key, protection, hashes, policy)
                if finding is not None:
                    hash_findings.append(finding)
        partials = table.profile.retention
        judgement.retention[(table.location, table.sheet)] = [
            retention_check(rule, partials[rule.id], as_of)
            for rule in policy.retention
            if rule.id in partials and partials[rule.id].date_column
        ]
    verdicts = {key: protection.verdict for key, protection in judgement.protection.items()}
    judgement.findings = [*plaintext_findings(facts, policy, verdicts), *hash_findings]
    for table in tables:
        judgement.findings += retention_findings(
            table.location, table.sheet, table.profile.retention, policy, as_of
        )
        judgement.findings += not_applied_findings(
            table.location, table.sheet, table.profile.retention, policy
        )
    return judgement
