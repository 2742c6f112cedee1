"""The HTML report for auditors: one self-contained page (no script, no font, no image, no link out).

It opens offline and as an email attachment, and prints to PDF: an overview, the findings grouped by
rule (rationale, GDPR / ISO/IEC 27001 / SOC 2 references, remediation), retention ages as inline SVG,
and a data inventory per table and column with masked examples. A Content-Security-Policy forbids
every fetch, so even a hostile column name cannot make the page load anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from rules.policy import Policy
from scanner.i18n import Translate, report_language, translator
from scanner.reports.charts import Bar, bar_chart
from scanner.reports.describe import (
    POSSIBLE_NOTE,
    SAMPLED_COUNTS,
    extra_facts,
    fired_rules,
    humanize,
    incomplete_summary,
    possible_line,
    protection_text,
    sample_line,
    sampled_tables,
    severity_counts,
    table_label,
    thousands,
    unscanned,
    verdict,
)

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
# verdicts that say a column's values look protected (scanner/report_schema.json, column.protection)
PROTECTED_VERDICTS = frozenset({"masked", "hashed", "ciphertext", "tokenized"})

STYLE = """
:root { --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --critical: #7a0916; --high: #b42318;
        --medium: #b54708; --low: #175cd3; --info: #475467; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color: var(--ink); max-width: 1100px; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 2px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .4rem; }
.meta, .note { color: var(--muted); }
.banner { padding: .5rem .75rem; border-radius: 6px; margin: .75rem 0; background: #eef4ff; }
.banner.raw { background: #fee4e2; color: var(--high); font-weight: 600; }
.tiles { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0; padding: 0; }
.tile { border: 1px solid var(--line); border-radius: 8px; padding: .6rem .9rem; min-width: 9rem; list-style: none; }
.tile .number { font-size: 1.6rem; font-weight: 700; margin-right: .35rem; }
.tile .what { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: 13px; }
table.compact { width: auto; min-width: 24rem; display: inline-table; margin-right: 1.5rem; vertical-align: top; }
th, td { border: 1px solid var(--line); padding: .3rem .45rem; text-align: left; vertical-align: top;
         overflow-wrap: break-word; }
th { background: #f6f8fa; }
td.n { text-align: right; white-space: nowrap; }
td.path, .example { overflow-wrap: anywhere; }
thead { display: table-header-group; }
tr, .rule, .finding-facts { break-inside: avoid; }
.sev { display: inline-block; padding: 0 .45rem; border-radius: 4px; color: #fff; font-weight: 600;
       font-size: 12px; text-transform: uppercase; }
.sev-critical { background: var(--critical); } .sev-high { background: var(--high); }
.sev-medium { background: var(--medium); } .sev-low { background: var(--low); }
.sev-info { background: var(--info); }
.rule { border: 1px solid var(--line); border-left: 6px solid var(--info); border-radius: 6px;
        padding: .5rem 1rem; margin: 1rem 0; }
.rule.sev-border-critical { border-left-color: var(--critical); }
.rule.sev-border-high { border-left-color: var(--high); }
.rule.sev-border-medium { border-left-color: var(--medium); }
.rule.sev-border-low { border-left-color: var(--low); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .5rem 0; }
dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
code, .example { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12px; }
figure { margin: .5rem 0; } figcaption { color: var(--muted); font-size: 12px; }
.chart { max-width: 640px; } .chart .bar { fill: #98a2b3; } .chart .bar.overdue { fill: var(--high); }
.chart .axis { stroke: var(--muted); }
.chart text { font-size: 12px; text-anchor: middle; fill: var(--ink); }
.error { color: var(--high); }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 11px; }
  table { font-size: 10px; } code, .example { font-size: 9.5px; }
  h2, h3 { break-after: avoid; } nav { display: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _percent(share: float) -> str:
    return f"{share:.1%}"


def _severity(level: str, _: Translate) -> str:
    return f'<span class="sev sev-{_e(level)}">{_e(_(level))}</span>'


def _tile(number: object, what: str) -> str:
    return (
        f'<li class="tile"><span class="number">{_e(number)}</span> <span class="what">{_e(what)}</span></li>'
    )


def _header(report: Mapping, _: Translate) -> str:
    config = report["config"]
    values = (
        f'<p class="banner raw">{_e(_("Raw values are shown (--show-values): handle this report as personal data."))}</p>'
        if config.get("show_values")
        else f'<p class="banner">{_e(_("Found values are masked; this report lists where personal data is, not what it is."))}</p>'
    )
    meta = _(
        "Scanned {scanned_at} by {tool} {version} · score threshold {threshold} · fails at {fail_on}",
        scanned_at=report["scanned_at"],
        tool=report["tool"]["name"],
        version=report["tool"]["version"],
        threshold=config["threshold"],
        fail_on=_(config["fail_on"]),
    )
    incomplete = incomplete_summary(report, _)
    warning = (
        f'<p class="banner raw">{_e(_("{incomplete}: what was not read is listed under Overview; findings cover only what was read.", incomplete=incomplete))}</p>'
        if incomplete
        else ""
    )
    return (
        f"<header><h1>{_e(_('Personal data findings'))}</h1>"
        f'<p class="meta">{_e(meta)}{_sample_setting(config, _)}</p>{warning}{values}</header>'
    )


def _sample_setting(config: Mapping, _: Translate) -> str:
    if not config.get("sample"):
        return ""
    return _e(
        _(" · sample: about {rows} rows of each table, spread over it", rows=thousands(config["sample"]))
    )


def _overview(report: Mapping, _: Translate) -> str:
    summary = report["summary"]
    findings = len(report["findings"])
    tiles = "".join(
        (
            _tile(summary["files"], _("files")),
            _tile(summary["tables"], _("tables")),
            _tile(thousands(summary["rows"]), _("rows")),
            _tile(thousands(summary["rows_scanned"]), _("rows scanned (sample)"))
            if sampled_tables(report)
            else "",
            _tile(summary["columns"], _("columns")),
            _tile(summary["columns_with_personal_data"], _("columns with personal data")),
            _tile(findings, _("findings")),
        )
    )
    severities = "".join(
        f'<tr><td>{_severity(level, _)}</td><td class="n">{count}</td></tr>'
        for level, count in severity_counts(report)
    )
    categories = (
        "".join(
            f'<tr><td>{_e(category)}</td><td class="n">{count}</td></tr>'
            for category, count in summary["columns_by_category"].items()
        )
        or f'<tr><td colspan="2">{_e(_("none"))}</td></tr>'
    )
    unreadable = [
        f'<li class="error">{_e(table_label(entry))}: {_e(error)}</li>'
        for entry in report["files"]
        for error in entry["errors"]
    ]
    problems = (
        f"<h3>{_e(_('Inputs that could not be read'))}</h3><ul>{''.join(unreadable)}</ul>"
        if unreadable
        else ""
    )
    unread = [
        f'<li class="error">{_e(table_label(entry))}: {_e(entry["reason"])}</li>'
        for entry in unscanned(report)
    ]
    problems += f"<h3>{_e(_('Data not scanned'))}</h3><ul>{''.join(unread)}</ul>" if unread else ""
    return (
        f'<section id="overview"><h2>{_e(_("Overview"))}</h2><p><strong>{_e(verdict(report))}.</strong></p>'
        f'<ul class="tiles">{tiles}</ul>'
        f'<table class="compact"><thead><tr><th>{_e(_("Findings by severity"))}</th><th>{_e(_("count"))}</th></tr></thead>'
        f"<tbody>{severities}</tbody></table>"
        f'<table class="compact"><thead><tr><th>{_e(_("Columns with personal data, by category"))}</th>'
        f"<th>{_e(_('columns'))}</th></tr></thead>"
        f"<tbody>{categories}</tbody></table>{problems}{_baseline(report, _)}</section>"
    )


def _baseline(report: Mapping, _: Translate) -> str:
    baseline = report.get("baseline")
    if not baseline:
        return ""
    stale = "".join(
        f"<li><code>{_e(entry['rule'])}</code> {_e(entry.get('category', ''))} · {_e(_('fingerprint'))} "
        f"<code>{_e(entry['fingerprint'][:12])}</code></li>"
        for entry in baseline["stale"]
    )
    compared = _(
        "Compared with {file}: {known} known finding(s) left out, {new} new, {stale} baseline entr(y/ies) "
        "no longer found.",
        file=baseline["file"],
        known=baseline["known"],
        new=len(report["findings"]),
        stale=len(baseline["stale"]),
    )
    return f"<h3>{_e(_('Baseline'))}</h3><p>{_e(compared)}</p>" + (f"<ul>{stale}</ul>" if stale else "")


def _histogram_bars(histogram: object) -> list[Bar]:
    """Age bands of a retention finding (`histogram`: a list of {label, count, overdue}, oldest last)."""
    if not isinstance(histogram, list):
        return []
    return [Bar(str(band["label"]), int(band["count"]), bool(band.get("overdue"))) for band in histogram]


def _fact_value(value: object, _: Translate) -> str:
    if isinstance(value, list):
        return ", ".join(_e(item) for item in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{_e(humanize(str(key), _))}: {_e(item)}" for key, item in value.items())
    return _e(value)


def _finding_facts(finding: Mapping, _: Translate) -> str:
    """Facts a rule adds beyond the common fields, and an age chart when the finding has a histogram."""
    facts = extra_facts(finding)
    bars = _histogram_bars(facts.pop("histogram", None))
    title = _("Age of the records by {column}", column=finding.get("column") or _("date"))
    caption = (
        _("{title}: rows per age band; red bands are entirely past the limit.", title=title)
        if any(bar.overdue for bar in bars)
        else _("{title}: rows per age band.", title=title)
    )
    chart = f"<figure>{bar_chart(bars, title)}<figcaption>{_e(caption)}</figcaption></figure>" if bars else ""
    rows = "".join(
        f"<dt>{_e(humanize(key, _))}</dt><dd>{_fact_value(value, _)}</dd>" for key, value in facts.items()
    )
    if not rows and not chart:
        return ""
    return f'<div class="finding-facts">{f"<dl class=facts>{rows}</dl>" if rows else ""}{chart}</div>'


def _findings(report: Mapping, policy: Policy, _: Translate) -> str:
    heading = f'<section id="findings"><h2>{_e(_("Findings"))}</h2>'
    if not report["findings"]:
        return f"{heading}<p>{_e(_('No findings.'))}</p></section>"
    blocks = []
    for rule in fired_rules(report, policy, report_language(report)):
        own = [finding for finding in report["findings"] if finding["rule"] == rule.id]
        worst = own[0]["severity"]  # findings come sorted, most severe first
        rows, details = [], []
        for finding in own:
            rows.append(
                f'<tr><td>{_severity(finding["severity"], _)}</td><td class="path">{_e(table_label(finding))}</td>'
                f"<td>{_e(finding.get('column', ''))}</td><td>{_e(finding.get('category', ''))}</td>"
                f'<td class="n">{finding["count"]}</td><td class="n">{_percent(finding["share"])}</td>'
                f'<td class="n">{_e(finding.get("first_row", ""))}</td></tr>'
            )
            facts = _finding_facts(finding, _)
            if facts:
                place = f"{table_label(finding)} › {finding.get('column', '')}"
                details.append(f"<h4>{_e(place)}</h4>{facts}")
        references = rule.reference_line()
        columns = (
            _("severity"),
            _("table"),
            _("column"),
            _("category"),
            _("cells"),
            _("share of non-empty"),
            _("first data row"),
        )
        blocks.append(
            f'<article class="rule sev-border-{_e(worst)}"><h3>{_severity(worst, _)} {_e(rule.title)}</h3>'
            f'<dl class="facts"><dt>{_e(_("Rule"))}</dt><dd><code>{_e(rule.id)}</code></dd>'
            + (f"<dt>{_e(_('Why it matters'))}</dt><dd>{_e(rule.rationale)}</dd>" if rule.rationale else "")
            + (f"<dt>{_e(_('References'))}</dt><dd>{_e(references)}</dd>" if references else "")
            + (f"<dt>{_e(_('Remediation'))}</dt><dd>{_e(rule.remediation)}</dd>" if rule.remediation else "")
            + "</dl><table><thead><tr>"
            + "".join(f"<th>{_e(column)}</th>" for column in columns)
            + f"</tr></thead><tbody>{''.join(rows)}</tbody></table>{''.join(details)}</article>"
        )
    note = (
        f'<p class="note">{_e(_("Sampled tables (--sample): {note}.", note=_(SAMPLED_COUNTS)))}</p>'
        if sampled_tables(report)
        else ""
    )
    return f"{heading}{note}{''.join(blocks)}</section>"


def _protection(column: Mapping, _: Translate) -> str:
    """`hashed — no plaintext personal data detected; ...` when the report judged the column."""
    return _e(protection_text(column, _))


def _protected_without_findings(column: Mapping) -> bool:
    return not column["entities"] and (column.get("protection") or {}).get("verdict") in PROTECTED_VERDICTS


def _inventory_table(entry: Mapping, show_values: bool, _: Translate) -> str:
    rows, clean, possible = [], [], []
    sampled = bool(entry.get("sample"))
    table_rows = entry["sample"]["rows_scanned"] if sampled else entry["rows"]
    for column in entry["columns"]:
        if _protected_without_findings(column):
            rows.append(
                f'<tr><td>{_e(column["name"])}</td><td colspan="4">{_e(_("no plaintext personal data detected"))}</td>'
                f"<td>{_protection(column, _)}</td><td></td><td></td></tr>"
            )
            continue
        if not column["entities"]:
            clean.append(column["name"])
            possible += [f"{column['name']}: {possible_line(item, _)}" for item in column.get("possible", ())]
            continue
        span = len(column["entities"])
        for index, entity in enumerate(column["entities"]):
            head = f'<td rowspan="{span}">{_e(column["name"])}</td>' if index == 0 else ""
            tail = f'<td rowspan="{span}">{_protection(column, _)}</td>' if index == 0 else ""
            share_of_rows = entity["count"] / table_rows if table_rows else 0.0
            examples = ", ".join(f'<span class="example">{_e(shown)}</span>' for shown in entity["examples"])
            rows.append(
                f"<tr>{head}<td>{_e(entity['category'])}</td><td><code>{_e(entity['type'])}</code></td>"
                f'<td class="n">{entity["count"]}</td><td class="n">{_percent(share_of_rows)}</td>{tail}'
                f"<td>{examples}</td><td>{_e(', '.join(str(row) for row in entity['rows']))}</td></tr>"
            )
        for item in column.get("possible", ()):
            possible.append(f"{column['name']}: {possible_line(item, _)}")
        for suppressed in column.get("suppressed", ()):
            clean.append(
                _(
                    "{column} ({count} {type} set aside: {reason})",
                    column=column["name"],
                    count=suppressed["count"],
                    type=suppressed["type"],
                    reason=suppressed["reason"],
                )
            )
    columns = (
        _("column"),
        _("category"),
        _("type"),
        _("cells"),
        _("share of scanned rows") if sampled else _("share of rows"),
        _("protection"),
        _("examples (raw)") if show_values else _("examples (masked)"),
        _("first data rows"),
    )
    table = (
        "<table><thead><tr>"
        + "".join(f"<th>{_e(column)}</th>" for column in columns)
        + f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        if rows
        else f"<p>{_e(_('No personal data found.'))}</p>"
    )
    others = (
        f'<p class="note">{_e(_("No personal data found in: {columns}", columns=", ".join(clean)))}</p>'
        if clean
        else ""
    )
    listed = "".join(f"<li>{_e(line)}</li>" for line in possible)
    maybe = f'<p class="note">{_e(_(POSSIBLE_NOTE))}:</p><ul class="note">{listed}</ul>' if possible else ""
    return table + others + maybe


def _retention_checks(entry: Mapping, _: Translate) -> str:
    """Every retention rule checked on the table, overdue or not: the record ages an auditor asks for."""
    checks = entry.get("retention") or []
    rows = "".join(
        f"<tr><td><code>{_e(check.get('rule', ''))}</code></td><td>{_e(check.get('date_column', ''))}</td>"
        f'<td>{_e(check.get("max_age", ""))}</td><td class="n">{_e(check.get("rows", ""))}</td>'
        f'<td class="n">{_e(check.get("overdue", ""))}</td><td>{_e(check.get("oldest") or "")}</td>'
        f'<td class="n">{_e(check.get("unparseable", ""))}</td></tr>'
        for check in checks
    )
    if not rows:
        return ""
    columns = (
        _("retention rule"),
        _("date column"),
        _("max age"),
        _("rows checked (of the scanned rows)") if entry.get("sample") else _("rows checked"),
        _("overdue"),
        _("oldest"),
        _("unreadable dates"),
    )
    return (
        "<table><thead><tr>"
        + "".join(f"<th>{_e(column)}</th>" for column in columns)
        + f"</tr></thead><tbody>{rows}</tbody></table>"
    )


def _sample_note(entry: Mapping, _: Translate) -> str:
    line = sample_line(entry, _)
    if line is None:
        return ""
    method = entry["sample"]["method"]
    return f'<p class="banner"><strong>{_e(line[0].upper() + line[1:])}</strong> ({_e(method)}).</p>'


def _inventory(report: Mapping, _: Translate) -> str:
    show_values = bool(report["config"].get("show_values"))
    parts = []
    for entry in report["files"]:
        problems = "".join(
            f'<p class="error">{_e(_("Could not be read: {error}", error=message))}</p>'
            for message in entry["errors"]
        )
        warnings = "".join(
            f'<p class="note">{_e(_("Warning: {warning}", warning=warning))}</p>'
            for warning in entry["warnings"]
        )
        ignored = (
            f'<p class="note">{_e(_("Columns ignored by configuration: {columns}", columns=", ".join(entry["ignored_columns"])))}</p>'
            if entry.get("ignored_columns")
            else ""
        )
        meta = _(
            "{format} · {rows} rows · {columns} columns",
            format=entry["format"] or _("unreadable"),
            rows=thousands(entry["rows"]),
            columns=len(entry["columns"]),
        )
        parts.append(
            f'<h3>{_e(table_label(entry))}</h3><p class="meta">{_e(meta)}</p>{_sample_note(entry, _)}'
            f"{problems}{warnings}"
            f"{_inventory_table(entry, show_values, _) if entry['columns'] else ''}{ignored}"
            f"{_retention_checks(entry, _)}"
        )
    return f'<section id="inventory"><h2>{_e(_("Data inventory"))}</h2>{"".join(parts)}</section>'


def render(report: Mapping, policy: Policy) -> str:
    """The whole page as text, in the report's language (`config.lang`)."""
    lang = report_language(report)
    _ = translator(lang)
    footer = _(
        "Generated by ccscan {version}, report schema {schema}. Row numbers count data rows from 1, header "
        "excluded.",
        version=report["tool"]["version"],
        schema=report["schema_version"],
    )
    return (
        f'<!DOCTYPE html><html lang="{_e(lang)}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(_('ccscan report {scanned_at}', scanned_at=report['scanned_at']))}</title>"
        f"<style>{STYLE}</style></head><body>"
        f"{_header(report, _)}"
        f'<nav><a href="#overview">{_e(_("Overview"))}</a> · <a href="#findings">{_e(_("Findings"))}</a> · '
        f'<a href="#inventory">{_e(_("Data inventory"))}</a></nav>'
        f"{_overview(report, _)}{_findings(report, policy, _)}{_inventory(report, _)}"
        f'<footer class="note"><p>{_e(footer)}</p></footer>'
        "</body></html>\n"
    )
