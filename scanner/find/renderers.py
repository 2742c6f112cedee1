"""The `ccscan find` report as JSON, Markdown (a request's ticket) or HTML (the DPO's file).

All three render the same document (scanner/find/results.py) and show what it shows: labels,
locations, rows, columns, kinds and categories, never an identifier. The HTML page is self-contained
and forbids every fetch, as the scan's HTML report does.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from html import escape

from scanner.reports.html import CSP, STYLE

FORMATS = ("json", "html", "markdown")
MAX_LISTED_ROWS = 200  # per subject and table in Markdown and HTML; JSON lists every row


def render_find(format_name: str, report: Mapping) -> str:
    if format_name == "json":
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    return {"html": _html, "markdown": _markdown}[format_name](report)


def _where(table: Mapping) -> str:
    place = table["path"]
    if "sheet" in table:
        place += f" (sheet {table['sheet']})"
    return place


def _row_text(row: Mapping) -> str:
    line = f", line {row['line']}" if "line" in row else ""
    line += f", key {row['key']}" if "key" in row else ""
    columns = "; ".join(f"{column['column']}: {', '.join(column['kinds'])}" for column in row["columns"])
    return f"row {row['row']}{line} — {columns}"


def _summary_line(report: Mapping) -> str:
    summary = report["summary"]
    return (
        f"{summary['subjects']} subject(s) searched in {summary['tables']} table(s), {summary['rows']} row(s): "
        f"{summary['subjects_found']} found, {summary['subjects_not_found']} not found."
    )


def _incomplete(report: Mapping) -> list[tuple[str, str]]:
    """(place, why) of every table not wholly searched: an error, or rows that could not be read."""
    found = []
    for table in report["tables"]:
        why = list(table["errors"])
        if table["rows_unreadable"]:
            why.append(f"{table['rows_unreadable']} row(s) could not be read")
        if why:
            found.append((_where(table), "; ".join(why)))
    return found


def _markdown_md(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _markdown(report: Mapping) -> str:
    lines = ["# ccscan find: data-subject search", "", _summary_line(report), ""]
    incomplete = _incomplete(report)
    if incomplete:
        lines += ["**Not searched** (the answer is incomplete until these are read):", ""]
        lines += [f"- `{_markdown_md(place)}`: {_markdown_md(why)}" for place, why in incomplete]
        lines.append("")
    for subject in report["subjects"]:
        lines += [f"## {_markdown_md(subject['label'])}", ""]
        if not subject["found"]:
            lines += ["Nothing held: no identifier of this subject was found in any table searched.", ""]
        for tier, title in (("tables", None), ("name_only", "Found by name alone (lower confidence)")):
            tables = subject.get(tier) or []
            if title and tables:
                lines += [f"### {title}", ""]
            for table in tables:
                lines += [
                    f"- `{_markdown_md(_where(table))}`: {table['rows_matched']} row(s); matched by "
                    f"{', '.join(table['kinds'])}; columns {', '.join(map(_markdown_md, table['columns']))}; "
                    f"the rows also hold: {', '.join(table['categories']) or 'nothing else recognised'}"
                ]
                listed = table["rows"][:MAX_LISTED_ROWS]
                lines += [f"  - {_markdown_md(_row_text(row))}" for row in listed]
                if len(table["rows"]) > len(listed):
                    lines.append(f"  - … {len(table['rows']) - len(listed)} more row(s) in the JSON report")
            if tables:
                lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _html_tables(tables: list) -> str:
    parts = []
    for table in tables:
        rows = "".join(
            f"<tr><td class='n'>{row['row']}</td><td class='n'>{_e(row.get('line', row.get('key', '')))}</td>"
            f"<td>{_e('; '.join(c['column'] + ': ' + ', '.join(c['kinds']) for c in row['columns']))}</td>"
            f"<td>{_e(', '.join(row['categories']))}</td></tr>"
            for row in table["rows"][:MAX_LISTED_ROWS]
        )
        more = len(table["rows"]) - MAX_LISTED_ROWS
        note = f"<p class='note'>… {more} more row(s) in the JSON report</p>" if more > 0 else ""
        parts.append(
            f"<h4>{_e(_where(table))}</h4><p>{table['rows_matched']} row(s); matched by "
            f"{_e(', '.join(table['kinds']))}; the rows also hold: "
            f"{_e(', '.join(table['categories']) or 'nothing else recognised')}</p>"
            "<table><thead><tr><th>row</th><th>line or key</th><th>columns: identifier kinds</th>"
            f"<th>categories in the row</th></tr></thead><tbody>{rows}</tbody></table>{note}"
        )
    return "".join(parts)


def _html(report: Mapping) -> str:
    sections = []
    for subject in report["subjects"]:
        body = (
            _html_tables(subject["tables"])
            if subject["found"]
            else "<p>Nothing held: no identifier of this subject was found in any table searched.</p>"
        )
        if subject.get("name_only"):
            body += "<h3>Found by name alone (lower confidence)</h3>" + _html_tables(subject["name_only"])
        given = ", ".join(subject["identifiers_given"])
        sections.append(f"<h2>{_e(subject['label'])}</h2><p class='meta'>searched by: {_e(given)}</p>{body}")
    errors = "".join(f"<li>{_e(place)}: {_e(why)}</li>" for place, why in _incomplete(report))
    incomplete = (
        f"<div class='banner raw'>Not searched (the answer is incomplete until these are read):<ul>{errors}</ul></div>"
        if errors
        else ""
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">"
        f"<title>ccscan find</title><style>{STYLE}</style></head><body>"
        f"<h1>Data-subject search</h1><p class='meta'>{_e(report['searched_at'])} · ccscan "
        f"{_e(report['tool']['version'])}</p><p>{_e(_summary_line(report))}</p>{incomplete}"
        + "".join(sections)
        + "</body></html>\n"
    )
