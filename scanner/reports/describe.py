"""How every report format names things: a finding's place, a rule's texts and references.

Renderers read the JSON report document and the policy; these helpers keep the wording the same in
HTML, SARIF and Markdown. Nothing here sees a found value: findings carry counts, column names and
row numbers, never cell contents.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from rules.policy import REFERENCE_LABELS, Policy
from rules.protection import protection_wording
from rules.pseudonymisation import reversible_wording
from rules.severity import SEVERITIES, severity_rank
from scanner.classify import POSSIBLE_NO_WORD, POSSIBLE_TOO_FEW
from scanner.exit_codes import fails_as_incomplete, scan_outcome
from scanner.i18n import DEFAULT_LANGUAGE, ENGLISH, N_, Translate, age_words, report_language, translator

# The fields of a finding every format shows; anything else a rule adds (retention ages, protection)
# is shown as the rule's extra facts.
FINDING_FIELDS = frozenset(
    {"rule", "severity", "file", "sheet", "column", "category", "count", "share", "message", "first_row"}
)
# a finding's extra facts as the reports label them (marked for the catalogues: scanner/i18n.py)
FACT_LABELS = {
    "rows": N_("first overdue rows"),  # only retention findings list rows
    "overdue": N_("overdue"),
    "rows_checked": N_("rows checked"),
    "max_age": N_("max age"),
    "as_of": N_("as of"),
    "cutoff": N_("cutoff"),
    "oldest": N_("oldest"),
    "unparseable": N_("unparseable"),
    "undated": N_("undated"),
    "escalated": N_("escalated"),
    "algorithm": N_("algorithm"),
    "digests_sampled": N_("digests sampled"),
    "digests_compared": N_("digests compared"),
    "digests_matched": N_("digests matched"),
}


@dataclass(frozen=True)
class RuleSummary:
    """What a rule says about itself, for any format."""

    id: str
    title: str
    severity: str | None
    rationale: str
    remediation: str
    references: tuple[
        tuple[str, str, tuple[str, ...]], ...
    ]  # (policy key, label, items): ("soc2", "SOC 2", ...)

    def reference_line(self) -> str:
        """`GDPR Art. 5(1)(f), Art. 32(1)(a); SOC 2 C1.1` — empty when the rule cites nothing."""
        return "; ".join(f"{label} {', '.join(items)}" for _, label, items in self.references)


def rule_summary(policy: Policy, rule_id: str, lang: str | None = None) -> RuleSummary:
    """The policy's texts for `rule_id`, in `lang` (the catalogue's translation of what the policy
    wrote, with the rule's numbers put in); a rule the policy does not know still gets a usable entry."""
    rule = policy.rule(rule_id)
    if rule is None:
        return RuleSummary(rule_id, rule_id, None, "", "", ())
    references = tuple(
        (key, label, tuple(getattr(rule, key))) for key, label in REFERENCE_LABELS if getattr(rule, key)
    )
    title, rationale, remediation = rule.title, rule.rationale, rule.remediation
    templates = policy.templates.get(rule_id)
    if lang and lang != DEFAULT_LANGUAGE and templates is not None:
        title, rationale, remediation = templates.render(translator(lang), age_words(lang))
    return RuleSummary(rule.id, title, rule.severity, rationale, remediation, references)


def fired_rules(report: Mapping, policy: Policy, lang: str | None = None) -> list[RuleSummary]:
    """The rules behind the report's findings, most severe first, then by id, in `lang` (English
    unless given: SARIF stays English; the HTML and Markdown reports pass the report's language)."""
    ids = sorted({finding["rule"] for finding in report["findings"]})
    texts = [rule_summary(policy, rule_id, lang) for rule_id in ids]
    worst: dict[str, int] = {}
    for finding in report["findings"]:
        worst[finding["rule"]] = max(worst.get(finding["rule"], 0), severity_rank(finding["severity"]))
    return sorted(texts, key=lambda text: (-worst[text.id], text.id))


def table_label(entry: Mapping) -> str:
    """`exports/crm.xlsx [Kunder]` for a sheet, the path alone otherwise."""
    return entry["file" if "file" in entry else "path"] + (
        f" [{entry['sheet']}]" if entry.get("sheet") else ""
    )


def extra_facts(finding: Mapping) -> dict[str, object]:
    """A finding's facts beyond the common fields (for example a retention rule's overdue rows)."""
    return {key: value for key, value in finding.items() if key not in FINDING_FIELDS}


def severity_counts(report: Mapping) -> list[tuple[str, int]]:
    """(severity, findings) from critical down to info."""
    counts = report["summary"]["findings_by_severity"]
    return [(level, counts.get(level, 0)) for level in reversed(SEVERITIES)]


def incomplete_summary(report: Mapping, _: Translate = ENGLISH) -> str | None:
    """`incomplete scan: 2 table(s) not read in full` when the scan did not read all it was given."""
    tables = {(entry["path"], entry.get("sheet")) for entry in report.get("incomplete", ())}
    unreadable = sum(1 for entry in report["files"] if entry["errors"])
    if not tables and not unreadable:
        return None
    return _(
        "incomplete scan: {count} input(s) or table(s) not read in full", count=max(len(tables), unreadable)
    )


def unscanned(report: Mapping) -> list[Mapping]:
    """The report's `incomplete` entries that are not a table's read error (listed with the errors):
    rows skipped, cells cut, columns dropped."""
    errors = {
        (entry["path"], entry.get("sheet"), error) for entry in report["files"] for error in entry["errors"]
    }
    return [
        entry
        for entry in report.get("incomplete", ())
        if (entry["path"], entry.get("sheet"), entry["reason"]) not in errors
    ]


def verdict(report: Mapping) -> str:
    """One line, as the exit code decides: an incomplete scan (unless allowed), else findings at or
    above --fail-on."""
    _ = translator(report_language(report))
    fail_on = report["config"]["fail_on"]
    unreadable, failing = scan_outcome(report)
    if fails_as_incomplete(report):
        if unreadable:
            return _("{count} table(s) could not be read: the scan fails", count=unreadable)
        return _("{incomplete}: the scan fails", incomplete=incomplete_summary(report, _))
    if failing:
        return _("{count} finding(s) at or above '{level}': the scan fails", count=failing, level=fail_on)
    return _("no finding at or above '{level}': the scan passes", level=fail_on)


def thousands(number: int) -> str:
    """`400 000`: digits grouped in threes by spaces, as the reports print row counts."""
    return f"{number:,}".replace(",", " ")


SAMPLED_COUNTS = N_("cell counts, shares and retention counts of a sampled table are of its scanned rows")


def sampled_tables(report: Mapping) -> list[Mapping]:
    """The tables --sample scanned in part."""
    return [entry for entry in report["files"] if entry.get("sample")]


def sample_line(entry: Mapping, _: Translate = ENGLISH) -> str | None:
    """`sampled: 3 072 of 400 000 rows, spread over the file` for a table --sample scanned in part."""
    sample = entry.get("sample")
    if not sample:
        return None
    scanned, rows = thousands(sample["rows_scanned"]), thousands(entry["rows"])
    if entry.get("sheet"):
        return _("sampled: {scanned} of {rows} rows, spread over the sheet", scanned=scanned, rows=rows)
    return _("sampled: {scanned} of {rows} rows, spread over the file", scanned=scanned, rows=rows)


def humanize(key: str, _: Translate = ENGLISH) -> str:
    """`rows_checked` → `rows checked`; `rows` of a (retention) finding → `first overdue rows`."""
    return _(FACT_LABELS[key]) if key in FACT_LABELS else key.replace("_", " ")


POSSIBLE_NOTE = N_(
    "possible: readings that pass every check of their type but have no evidence (no context or header"
    " word, no separator, no column statistics); not findings, they never fail a scan"
)
NO_EVIDENCE_REASON = N_("no evidence")
VERDICT_LABELS = {
    "plaintext": N_("plaintext"),
    "masked": N_("masked"),
    "hashed": N_("hashed"),
    "ciphertext": N_("ciphertext"),
    "tokenized": N_("tokenized"),
    "empty": N_("empty"),
    "none": N_("none"),
}


def possible_readings(report: Mapping) -> list[tuple[Mapping, Mapping, Mapping]]:
    """(table entry, column, possible entry) for every `possible` reading in the report."""
    return [
        (entry, column, possible)
        for entry in report["files"]
        for column in entry.get("columns", ())
        for possible in column.get("possible", ())
    ]


def possible_line(possible: Mapping, _: Translate = ENGLISH) -> str:
    """`37 SE_PERSONNUMMER: passes the Luhn check; no context word … (e.g. 85******39)`."""
    examples = ", ".join(possible["examples"])
    line = f"{possible['count']} {possible['type']}: {possible_reason(possible['reason'], _)}"
    return line + (_(" (e.g. {examples})", examples=examples) if examples else "")


@cache
def _template_pattern(template: str) -> re.Pattern[str]:
    """The English sentences `template` gives, its placeholders captured by name."""
    parts = re.split(r"\{(\w+)\}", template)
    return re.compile(
        "".join(re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)" for index, part in enumerate(parts))
    )


def possible_reason(reason: str, _: Translate = ENGLISH) -> str:
    """A `possible` reading's reason (recorded in English, scanner/classify.py) in `_`'s language."""
    if reason == NO_EVIDENCE_REASON:
        return _(NO_EVIDENCE_REASON)
    for template in (POSSIBLE_NO_WORD, POSSIBLE_TOO_FEW):
        match = _template_pattern(template).fullmatch(reason)
        if match:
            values = match.groupdict()
            return _(template, **(values | {"check": _(values["check"])}))
    return reason


def protection_text(column: Mapping, _: Translate = ENGLISH) -> str:
    """`hashed — no plaintext personal data detected; …`: a column's protection verdict and its sentence
    in `_`'s language, built again from the counts the report records ("" when it has none)."""
    protection = column.get("protection") or {}
    if not protection:
        return ""
    reversible = protection.get("reversible")
    if reversible:
        wording = reversible_wording(
            reversible["algorithm"],
            reversible["category"],
            reversible["digests_matched"],
            reversible["digests_compared"],
            reversible.get("complete", True),
            _,
        )
    else:
        wording = protection_wording(
            protection["shapes"], column["non_empty"], protection["plaintext"], protection["protected"], _
        )
    verdict = protection["verdict"]
    return f"{_(VERDICT_LABELS[verdict]) if verdict in VERDICT_LABELS else verdict} — {wording}"
