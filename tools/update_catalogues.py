"""Collect every message the reports translate and bring the gettext catalogues up to date.

    python tools/update_catalogues.py

Messages are the strings in `_()` and `N_()` calls of the modules that render for a reader (the
terminal summary, the HTML and Markdown reports, scanner/i18n.py), the default policy's rule texts as
written (titles, rationales, remediation, with `{max_age}` placeholders: scanner/i18n.py fills them
after translating) and the severity names. This writes `scanner/locale/ccscan.pot` and adds the new
ids, untranslated, to each `scanner/locale/<lang>/LC_MESSAGES/ccscan.po` (obsolete ones are dropped);
a translator then fills them in. tests/test_i18n.py fails while a shipped catalogue misses one.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from recognizers.registry import default_entries, recognizer_class
from rules.policy import REVIEW_PREFIX, load_default_policy
from rules.severity import SEVERITIES
from scanner.i18n import DEFAULT_LANGUAGE, DOMAIN, LANGUAGES

SOURCES = (
    "scanner/terminal.py",
    "scanner/i18n.py",
    "scanner/reports/*.py",
    "scanner/classify.py",  # why a reading is only possible
    "scanner/rules_command.py",
    "rules/protection.py",  # protection verdicts' sentences (rules/wording.py)
    "rules/pseudonymisation.py",
)
KEYWORDS = frozenset({"_", "N_"})


def _source_messages(path: Path) -> list[str]:
    """The string literals passed to `_()` or `N_()` in one module, f-strings included (Babel's own
    extractor does not look inside f-strings, where the HTML report calls `_`)."""
    calls = [
        node
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in KEYWORDS
    ]
    calls.sort(key=lambda node: (node.lineno, node.col_offset))
    return [
        node.args[0].value
        for node in calls
        if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
    ]


def message_ids() -> list[str]:
    """Every message id, in a stable order: source strings first, then the policy's texts."""
    ids: dict[str, None] = {}
    for pattern in SOURCES:
        for path in sorted(ROOT.glob(pattern)):
            ids |= dict.fromkeys(_source_messages(path))
    ids |= dict.fromkeys(SEVERITIES)
    # the checks named in a `possible` reading's reason ("passes the {check}; …")
    ids |= dict.fromkeys(
        check.name
        for entry in default_entries()
        if (check := getattr(recognizer_class(entry), "COLUMN_CHECK", None)) is not None
    )
    ids[REVIEW_PREFIX] = None
    for templates in load_default_policy().templates.values():
        ids |= dict.fromkeys((templates.title, templates.rationale, templates.remediation))
    return list(ids)


def main() -> None:
    template = Catalog(domain=DOMAIN, project="ccscan")
    for message in message_ids():
        template.add(message)
    locale = ROOT / "scanner" / "locale"
    with (locale / f"{DOMAIN}.pot").open("wb") as pot:
        write_po(pot, template, width=100, omit_header=False)
    for lang in LANGUAGES:
        if lang == DEFAULT_LANGUAGE:
            continue
        path = locale / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        if path.is_file():
            with path.open("rb") as po:
                catalogue = read_po(po, locale=lang.replace("nb", "nb_NO"), domain=DOMAIN)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalogue = Catalog(locale=lang.replace("nb", "nb_NO"), domain=DOMAIN, project="ccscan")
        catalogue.update(template, no_fuzzy_matching=True)
        catalogue.obsolete.clear()
        with path.open("wb") as po:
            write_po(po, catalogue, width=100, ignore_obsolete=True)
        missing = sum(1 for message in catalogue if message.id and not message.string)
        print(f"{path.relative_to(ROOT)}: {len(catalogue)} messages, {missing} untranslated")


if __name__ == "__main__":
    main()
