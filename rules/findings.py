"""Findings: what the policy says about what the scan found."""

from __future__ import annotations

from dataclasses import dataclass

from rules.policy import Policy


@dataclass(frozen=True)
class ColumnCategory:
    """One category of personal data found in one column of one table (the scanner's facts)."""

    file: str
    sheet: str | None
    column: str
    category: str
    count: int
    share: float
    entity_types: tuple[str, ...]
    first_row: int | None


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    file: str
    sheet: str | None
    column: str
    category: str
    count: int
    share: float
    message: str
    first_row: int | None


def plaintext_findings(facts: list[ColumnCategory], policy: Policy) -> list[Finding]:
    """A finding for every column holding a category of personal data that a protection rule covers."""
    findings = []
    for fact in facts:
        rule = policy.rule_for_category(fact.category)
        if rule is None:
            continue
        findings.append(
            Finding(
                rule=rule.id,
                severity=rule.severity,
                file=fact.file,
                sheet=fact.sheet,
                column=fact.column,
                category=fact.category,
                count=fact.count,
                share=fact.share,
                message=(
                    f"{rule.title}: {fact.count} cell(s) ({fact.share:.1%} of non-empty) in column "
                    f"'{fact.column}' ({', '.join(fact.entity_types)})"
                ),
                first_row=fact.first_row,
            )
        )
    return findings
