"""Policy: the rules a scan is judged by, loaded from YAML (the default pack ships in this package).

A protection rule turns personal data of one category, found in plain text in a column, into a
finding with the rule's id, severity, rationale, references and remediation.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from recognizers.entities import CATEGORIES
from rules.severity import severity_rank

DEFAULT_POLICY = "default_policy.yaml"


class PolicyError(ValueError):
    """A policy file that cannot be used; the message names the file or rule and the problem."""


@dataclass(frozen=True)
class ProtectionRule:
    id: str
    category: str
    title: str
    severity: str
    rationale: str
    remediation: str
    gdpr: tuple[str, ...] = ()
    iso27001: tuple[str, ...] = ()
    soc2: tuple[str, ...] = ()


@dataclass(frozen=True)
class Policy:
    protection: tuple[ProtectionRule, ...]

    def rule_for_category(self, category: str) -> ProtectionRule | None:
        return next((rule for rule in self.protection if rule.category == category), None)

    def rule(self, rule_id: str) -> ProtectionRule | None:
        return next((rule for rule in self.protection if rule.id == rule_id), None)


def _protection_rule(entry: dict, source: str) -> ProtectionRule:
    rule_id = entry.get("id", "?")
    required = ("id", "category", "title", "severity", "rationale", "remediation")
    missing = [key for key in required if not entry.get(key)]
    if missing:
        raise PolicyError(f"{source}: rule {rule_id}: missing {', '.join(missing)}")
    if entry["category"] not in CATEGORIES:
        raise PolicyError(f"{source}: rule {rule_id}: unknown category {entry['category']!r}")
    try:
        severity_rank(entry["severity"])
    except ValueError as error:
        raise PolicyError(f"{source}: rule {rule_id}: {error}") from None
    return ProtectionRule(
        id=entry["id"],
        category=entry["category"],
        title=entry["title"],
        severity=entry["severity"],
        rationale=" ".join(str(entry["rationale"]).split()),
        remediation=" ".join(str(entry["remediation"]).split()),
        gdpr=tuple(entry.get("gdpr", ())),
        iso27001=tuple(entry.get("iso27001", ())),
        soc2=tuple(entry.get("soc2", ())),
    )


def parse_policy(text: str, source: str) -> Policy:
    """A Policy from YAML text; `source` names the file in error messages."""
    try:
        document = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        raise PolicyError(f"{source}: not valid YAML ({error.__class__.__name__})") from None
    if not isinstance(document, dict):
        raise PolicyError(f"{source}: expected a mapping at the top level")
    return Policy(protection=tuple(_protection_rule(entry, source) for entry in document.get("protection", ())))


def load_default_policy() -> Policy:
    """The default policy pack shipped with ccscan."""
    text = resources.files("rules").joinpath(DEFAULT_POLICY).read_text(encoding="utf-8")
    return parse_policy(text, DEFAULT_POLICY)


def load_policy(path: Path) -> Policy:
    """A policy file from disk."""
    return parse_policy(path.read_text(encoding="utf-8"), str(path))
