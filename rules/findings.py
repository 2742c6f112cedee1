"""Findings: what the policy says about what the scan found."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from rules.policy import Policy
from rules.protection import Protection
from rules.pseudonymisation import ReversibleHashes
from rules.retention import RetentionPartial, RetentionRule, age_bands, first_overdue_age
from rules.severity import severity_rank

# Categories that are no person's data: a column holding only these is not a personal-data column.
NOT_PERSONAL = frozenset({"BUSINESS_ID"})


def is_personal(category: str) -> bool:
    """Whether a column holding `category` is a personal-data column.

    >>> is_personal("NATIONAL_ID"), is_personal("BUSINESS_ID")
    (True, False)
    """
    return category not in NOT_PERSONAL


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
    """What a rule says about one column (or, for retention, one date column) of one table.

    `details` holds the facts a kind of rule adds (retention: overdue rows, oldest date, age histogram;
    reversible hashes: digests compared and matched); they are never found values."""

    rule: str
    severity: str
    file: str
    sheet: str | None
    column: str
    category: str | None
    count: int
    share: float
    message: str
    first_row: int | None
    details: dict[str, object] = field(default_factory=dict)


ColumnKey = tuple[str, "str | None", str]  # file, sheet, column


def plaintext_findings(
    facts: list[ColumnCategory], policy: Policy, verdicts: Mapping[ColumnKey, str] | None = None
) -> list[Finding]:
    """A finding for every column holding a category of personal data that a protection rule covers,
    when its protection verdict (`verdicts`, by file, sheet and column) is plaintext."""
    findings = []
    for fact in facts:
        rule = policy.rule_for_category(fact.category)
        if rule is None:
            continue
        key = (fact.file, fact.sheet, fact.column)
        if verdicts is not None and verdicts.get(key, "plaintext") != "plaintext":
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


def _share(count: int, total: int) -> float:
    return round(count / total, 4) if total else 0.0


def reversible_hash_finding(
    key: ColumnKey, protection: Protection, hashes: ReversibleHashes, policy: Policy
) -> Finding | None:
    """The pseudonymisation rule's finding for a hash-shaped column whose digests matched found values."""
    rule = policy.reversible_hash_rule()
    if rule is None:
        return None
    file, sheet, column = key
    return Finding(
        rule=rule.id,
        severity=rule.severity,
        file=file,
        sheet=sheet,
        column=column,
        category=hashes.category,
        count=protection.protected,
        share=_share(protection.protected, protection.non_empty),
        message=f"{rule.title}: column '{column}' is {hashes.wording}",
        first_row=None,
        details={
            "algorithm": hashes.algorithm,
            "digests_sampled": hashes.sampled,
            "digests_compared": hashes.compared,
            "digests_matched": hashes.matched,
        },
    )


def age_histogram(partial: RetentionPartial, rule: RetentionRule, as_of: date) -> list[dict[str, object]]:
    """Age bands with rows, oldest last; `overdue` marks bands whose every age is past the rule's limit
    (the bands are cut at it, so every overdue row is in one)."""
    limit = first_overdue_age(rule.max_age, as_of)
    bands, lower = [], float("-inf")
    for label, upper in age_bands(rule.max_age, as_of):
        if partial.histogram.get(label):
            bands.append({"label": label, "count": partial.histogram[label], "overdue": lower >= limit})
        lower = upper
    return bands


def retention_check(rule: RetentionRule, partial: RetentionPartial, as_of: date) -> dict[str, object]:
    """What one retention rule saw in one table, overdue or not (the report lists every check)."""
    return {
        "rule": rule.id,
        "date_column": partial.date_column,
        "max_age": str(rule.max_age),
        "cutoff": rule.max_age.cutoff(as_of).isoformat(),
        "rows": partial.rows,
        "dated": partial.dated,
        "undated": partial.undated,
        "unparseable": partial.unparseable,
        "unparseable_rows": list(partial.unparseable_rows),
        "overdue": partial.overdue,
        "oldest": partial.oldest.date().isoformat() if partial.oldest else None,
    }


NOT_APPLIED_SEVERITY = "info"


def not_applied_findings(
    file: str, sheet: str | None, partials: Mapping[str, RetentionPartial], policy: Policy
) -> list[Finding]:
    """An info finding for every retention rule that covers the table but could not be applied to it
    (no date column), so that the tables not checked are named."""
    findings = []
    table = file + (f" [{sheet}]" if sheet else "")
    for rule_id, partial in sorted(partials.items()):
        rule = policy.rule(rule_id)
        if partial.date_column or not isinstance(rule, RetentionRule) or not rule.enabled:
            continue
        findings.append(
            Finding(
                rule=rule.id,
                severity=NOT_APPLIED_SEVERITY,
                file=file,
                sheet=sheet,
                column="",
                category=None,
                count=0,
                share=0.0,
                message=f"rule {rule.id} could not be applied to {table}: {partial.not_applied}",
                first_row=None,
                details={"not_applied": partial.not_applied},
            )
        )
    return findings


def retention_findings(
    file: str, sheet: str | None, partials: Mapping[str, RetentionPartial], policy: Policy, as_of: date
) -> list[Finding]:
    """A finding for every retention rule with overdue rows in one table."""
    findings = []
    for rule_id, partial in sorted(partials.items()):
        rule = policy.rule(rule_id)
        if not isinstance(rule, RetentionRule) or not rule.enabled or not partial.overdue:
            continue
        escalation = rule.escalate if rule.escalate is not None and partial.escalated else None
        severity = rule.severity
        if escalation is not None and severity_rank(escalation.severity) > severity_rank(severity):
            severity = escalation.severity
        cutoff = rule.max_age.cutoff(as_of)
        oldest = partial.oldest.date().isoformat() if partial.oldest else None
        message = (
            f"{rule.title}: {partial.overdue} of {partial.rows} row(s) dated before {cutoff.isoformat()} "
            f"(older than {rule.max_age} on {as_of.isoformat()}) in column '{partial.date_column}'; "
            f"oldest {oldest}"
        )
        if escalation is not None:
            message += f"; {partial.escalated} older than {escalation.after}"
        if partial.unparseable:
            message += f"; {partial.unparseable} date(s) could not be read"
        details: dict[str, object] = {
            "overdue": partial.overdue,
            "rows_checked": partial.rows,
            "max_age": str(rule.max_age),
            "as_of": as_of.isoformat(),
            "cutoff": cutoff.isoformat(),
            "oldest": oldest,
            "histogram": age_histogram(partial, rule, as_of),
            "rows": list(partial.overdue_rows),
            "unparseable": partial.unparseable,
            "undated": partial.undated,
        }
        if rule.escalate is not None:
            details["escalated"] = partial.escalated
        findings.append(
            Finding(
                rule=rule.id,
                severity=severity,
                file=file,
                sheet=sheet,
                column=partial.date_column,
                category=None,
                count=partial.overdue,
                share=_share(partial.overdue, partial.rows),
                message=message,
                first_row=partial.overdue_rows[0] if partial.overdue_rows else None,
                details=details,
            )
        )
    return findings
