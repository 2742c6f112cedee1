"""`ccscan rules`: list, show and validate the policy rules, from the same loader the scan uses.

    ccscan rules list [--policy FILE]... [--lang nb]
    ccscan rules show CC-RET-LEAD [--policy FILE]... [--lang nb]
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
    Policy,
    PolicyError,
    Rule,
    kind_of,
    load_default_policy,
    load_policy,
)
from rules.retention import RetentionRule
from scanner.errors import UsageError
from scanner.i18n import DEFAULT_LANGUAGE, ENGLISH, N_, Translate, lang_option, translator
from scanner.reports.describe import rule_summary

WIDTH = 100
REVIEW_NOTE = N_("default numbers to review")
KINDS = (N_("protection"), N_("pseudonymisation"), N_("retention"))  # kind_of's answers, for the catalogues

policy_option = click.option(
    "--policy",
    "policies",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Policy file laid over the default rules, as with 'ccscan scan --policy' (repeatable).",
)
LANG = lang_option(
    "Language of the rules' titles, rationales, remediation and labels (ids stay as they are)."
)


def _status(rule: Rule, _: Translate = ENGLISH) -> str:
    notes = [] if rule.enabled else [_("disabled")]
    if rule.default:
        notes.append(_("review"))
    return ", ".join(notes)


@click.group()
def rules() -> None:
    """The policy rules: what is a violation, why, and what to do (see README, Policy)."""


@rules.command("list")
@policy_option
@LANG
def list_rules(policies: tuple[Path, ...], lang: str) -> None:
    """Every rule: id, kind, severity, title; 'review' marks default numbers to review."""
    _ = translator(lang)
    policy = load_policy(policies)
    rows = [(_("id"), _("kind"), _("severity"), _("title"), _("status"))]
    rows += [
        (
            rule.id,
            _(kind_of(rule)),
            _(rule.severity),
            rule_summary(policy, rule.id, lang).title,
            _status(rule, _),
        )
        for rule in policy.rules()
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    click.echo(
        "\n"
        + _(
            "{count} rules from {sources}; 'review': {note}.",
            count=len(rows) - 1,
            sources=", ".join(policy.sources),
            note=_(REVIEW_NOTE),
        )
    )


def _field(label: str, text: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=f"{label}: ", subsequent_indent="  ")


def _retention_lines(rule: RetentionRule, _: Translate) -> list[str]:
    scope = []
    if rule.files:
        scope.append(_("files matching {globs}", globs=", ".join(rule.files)))
    if rule.columns:
        scope.append(_("tables with column(s) {names}", names=", ".join(rule.columns)))
    if rule.without_columns:
        scope.append(_("tables without column(s) {names}", names=", ".join(rule.without_columns)))
    date_columns = ", ".join(rule.date_columns)
    if len(rule.date_columns) > 1:
        date_columns = _("first present of {names}", names=date_columns)
    lines = [
        _field(_("applies to"), "; ".join(scope) or _("every table with the date column")),
        _field(_("date column"), date_columns),
        _field(_("max age"), str(rule.max_age)),
    ]
    if rule.where:
        lines.append(_field(_("where"), "; ".join(str(condition) for condition in rule.where)))
    if rule.escalate:
        escalate = _(
            "{severity} when rows are older than {after}",
            severity=_(rule.escalate.severity),
            after=rule.escalate.after,
        )
        lines.append(_field(_("escalate"), escalate))
    return lines


def describe_rule(rule: Rule, policy: Policy | None = None, lang: str = DEFAULT_LANGUAGE) -> str:
    """Every field of a rule as text, as `ccscan rules show` prints it, in `lang` (the policy's texts
    translated as the reports translate them; a custom rule's texts as its file wrote them)."""
    _ = translator(lang)
    summary = rule_summary(policy, rule.id, lang) if policy is not None else None
    title, rationale, remediation = (
        (summary.title, summary.rationale, summary.remediation)
        if summary is not None
        else (rule.title, rule.rationale, rule.remediation)
    )
    lines = [
        f"{rule.id}: {title}",
        _field(_("kind"), _(kind_of(rule))),
        _field(_("severity"), _(rule.severity)),
    ]
    status = _("enabled") if rule.enabled else _("disabled")
    lines.append(_field(_("status"), status + (f"; {_(REVIEW_NOTE)}" if rule.default else "")))
    if hasattr(rule, "category"):
        lines.append(_field(_("category"), rule.category))
    if isinstance(rule, RetentionRule):
        lines += _retention_lines(rule, _)
    lines.append(_field(_("why"), rationale))
    for field, label in REFERENCE_LABELS:
        if getattr(rule, field):
            lines.append(_field(label, ", ".join(getattr(rule, field))))
    lines.append(_field(_("remediation"), remediation))
    return "\n".join(lines)


@rules.command("show")
@click.argument("rule_id")
@policy_option
@LANG
def show_rule(rule_id: str, policies: tuple[Path, ...], lang: str) -> None:
    """Everything about one rule: scope, limits, rationale, references, remediation."""
    policy = load_policy(policies)
    rule = policy.rule(rule_id)
    if rule is None:
        raise UsageError(f"no rule {rule_id} (see 'ccscan rules list')")
    click.echo(describe_rule(rule, policy, lang))


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
