"""`ccscan rules`: list, show and validate the policy rules, from the same loader the scan uses.

    ccscan rules list [--policy FILE]...
    ccscan rules show CC-RET-LEAD [--policy FILE]...
    ccscan rules validate site-policy.yaml...

Exit codes: 0 fine; 2 a policy file that cannot be used (one line naming the file and the rule) or an
unknown rule id.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import click

from rules.policy import (
    REFERENCE_LABELS,
    PolicyError,
    Rule,
    kind_of,
    load_default_policy,
    load_policy,
)
from rules.retention import RetentionRule
from scanner.errors import UsageError

WIDTH = 100
REVIEW_NOTE = "default numbers to review"

policy_option = click.option(
    "--policy",
    "policies",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Policy file laid over the default rules, as with 'ccscan scan --policy' (repeatable).",
)


def _status(rule: Rule) -> str:
    notes = [] if rule.enabled else ["disabled"]
    if rule.default:
        notes.append("review")
    return ", ".join(notes)


@click.group()
def rules() -> None:
    """The policy rules: what is a violation, why, and what to do (see README, Policy)."""


@rules.command("list")
@policy_option
def list_rules(policies: tuple[Path, ...]) -> None:
    """Every rule: id, kind, severity, title; 'review' marks default numbers to review."""
    policy = load_policy(policies)
    rows = [("id", "kind", "severity", "title", "status")]
    rows += [(rule.id, kind_of(rule), rule.severity, rule.title, _status(rule)) for rule in policy.rules()]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    click.echo(f"\n{len(rows) - 1} rules from {', '.join(policy.sources)}; 'review': {REVIEW_NOTE}.")


def _field(label: str, text: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=f"{label}: ", subsequent_indent="  ")


def _retention_lines(rule: RetentionRule) -> list[str]:
    scope = []
    if rule.files:
        scope.append("files matching " + ", ".join(rule.files))
    if rule.columns:
        scope.append("tables with column(s) " + ", ".join(rule.columns))
    if rule.without_columns:
        scope.append("tables without column(s) " + ", ".join(rule.without_columns))
    date_columns = ", ".join(rule.date_columns)
    if len(rule.date_columns) > 1:
        date_columns = "first present of " + date_columns
    lines = [
        _field("applies to", "; ".join(scope) or "every table with the date column"),
        _field("date column", date_columns),
        _field("max age", str(rule.max_age)),
    ]
    if rule.where:
        lines.append(_field("where", "; ".join(str(condition) for condition in rule.where)))
    if rule.escalate:
        lines.append(
            _field("escalate", f"{rule.escalate.severity} when rows are older than {rule.escalate.after}")
        )
    return lines


def describe_rule(rule: Rule) -> str:
    """Every field of a rule as text, as `ccscan rules show` prints it."""
    lines = [f"{rule.id}: {rule.title}", _field("kind", kind_of(rule)), _field("severity", rule.severity)]
    status = "enabled" if rule.enabled else "disabled"
    lines.append(_field("status", status + (f"; {REVIEW_NOTE}" if rule.default else "")))
    if hasattr(rule, "category"):
        lines.append(_field("category", rule.category))
    if isinstance(rule, RetentionRule):
        lines += _retention_lines(rule)
    lines.append(_field("why", rule.rationale))
    for field, label in REFERENCE_LABELS:
        if getattr(rule, field):
            lines.append(_field(label, ", ".join(getattr(rule, field))))
    lines.append(_field("remediation", rule.remediation))
    return "\n".join(lines)


@rules.command("show")
@click.argument("rule_id")
@policy_option
def show_rule(rule_id: str, policies: tuple[Path, ...]) -> None:
    """Everything about one rule: scope, limits, rationale, references, remediation."""
    rule = load_policy(policies).rule(rule_id)
    if rule is None:
        raise UsageError(f"no rule {rule_id} (see 'ccscan rules list')")
    click.echo(describe_rule(rule))


def _without_legal_reference(files: tuple[Path, ...]) -> tuple[Path, str] | None:
    """The first file, and the rule in it, that leaves a rule without a GDPR reference."""
    uncited = {rule.id for rule in load_default_policy().rules() if not rule.gdpr}
    for index, path in enumerate(files):
        now = [rule.id for rule in load_policy(files[: index + 1]).rules() if not rule.gdpr]
        added = [rule_id for rule_id in now if rule_id not in uncited]
        if added:
            return path, added[0]
    return None


@rules.command("validate")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False, exists=True)
)
def validate(files: tuple[Path, ...]) -> None:
    """Check policy FILES against the schema, laid over the default rules in order; every rule must
    cite the GDPR (a rule without it shows no article in the reports)."""
    policy = load_policy(files)
    uncited = _without_legal_reference(files)
    if uncited:
        source, rule_id = uncited
        raise PolicyError(
            f'{source}: rule {rule_id}: no legal reference: add gdpr: ["Art. 5(1)(e)"] with the GDPR '
            "article(s) the rule serves (and iso27001, soc2 for the controls)"
        )
    defaults = {rule.id: rule for rule in load_default_policy().rules()}
    added = sum(1 for rule in policy.rules() if rule.id not in defaults)
    changed = sum(1 for rule in policy.rules() if rule.id in defaults and defaults[rule.id] != rule)
    names = ", ".join(str(path) for path in files)
    click.echo(f"{names}: valid; {added} rule(s) added, {changed} default rule(s) changed")
