"""Policy: the rules a scan is judged by, loaded from YAML (the default pack ships in this package).

Three kinds of rule, each with a stable id, a title, a severity, a rationale citing the GDPR and the
ISO/IEC 27001:2022 and SOC 2 controls it serves, and a remediation line:
- `protection`: personal data of one category found in plain text in a column;
- `pseudonymisation`: a column of unsalted digests of values found elsewhere in the same scan;
- `retention`: rows older than a maximum age (see rules/retention.py).

`rules/policy_schema.json` is the format. Files given with `--policy` are laid over the default pack in
order: a rule with a known id changes only the fields it names (`{id: CC-RET-LEAD, max_age: 6m}`,
`{id: CC-PLAIN-PHONE, enabled: false}`), a new id adds a rule. A retention rule's texts name its numbers
as `{max_age}`, `{escalate_after}` and `{escalate_severity}`, so that an overlay changing the numbers
changes the title and rationale with them; an overlay that sets `max_age` or `escalate` has reviewed
the default numbers, so the rule is no longer `default` (marked "review") unless it says so. Any problem is one line naming the file
and the rule: `site.yaml: rule CC-RET-LEAD: max_age: '12 months' is not a number followed by d, w, m or y`.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import jsonschema
import polars as pl
import yaml

from recognizers.entities import CATEGORIES
from rules.retention import Age, Condition, Escalation, RetentionCheck, RetentionRule

DEFAULT_POLICY = "default_policy.yaml"
POLICY_SCHEMA = "policy_schema.json"
SECTIONS: tuple[str, ...] = ("protection", "pseudonymisation", "retention")
RULE_DEFINITIONS = {section: f"{section}_rule" for section in SECTIONS}  # their names in the schema's $defs
UNKNOWN_FIELDS = re.compile(r"^(?:Additional|Unevaluated) properties are not allowed")
PARAMETER = re.compile(r"\{(max_age|escalate_after|escalate_severity)\}")
REVIEW_PREFIX = "Default to review: "
DEFAULT_NUMBERS = frozenset({"max_age", "escalate"})  # an overlay setting these has reviewed them


class PolicyError(ValueError):
    """A policy file that cannot be used; the message names the file or rule and the problem."""


# The standards a rule cites, as (RuleText field, label): how every report and `ccscan rules` name them.
REFERENCE_LABELS = (("gdpr", "GDPR"), ("iso27001", "ISO/IEC 27001:2022"), ("soc2", "SOC 2"))


def _identity(text: str) -> str:
    return text


@dataclass(frozen=True)
class RuleTemplates:
    """A rule's texts as written, before its numbers are put in: what a translation catalogue keys on
    (scanner/i18n.py), so that a Norwegian report says "6 måneder" for a rule overridden to 6m."""

    title: str
    rationale: str
    remediation: str
    default: bool = False
    max_age: Age | None = None
    escalate: Escalation | None = None

    def render(
        self, translate: Callable[[str], str] = _identity, age_words: Callable[[Age], str] = Age.words
    ) -> tuple[str, str, str]:
        """(title, rationale, remediation) with the numbers in, in the language of `translate`."""
        parameters = {"max_age": age_words(self.max_age)} if self.max_age else {}
        if self.escalate is not None:
            parameters["escalate_after"] = age_words(self.escalate.after)
            parameters["escalate_severity"] = translate(self.escalate.severity)
        title, rationale, remediation = (
            _filled(translate(text), parameters) for text in (self.title, self.rationale, self.remediation)
        )
        return title, _rationale(rationale, self.default, translate(REVIEW_PREFIX)), remediation


@dataclass(frozen=True, kw_only=True)
class RuleText:
    """What every rule says about itself: id, title, severity, why, what to do, and the references."""

    id: str
    title: str
    severity: str
    rationale: str
    remediation: str
    gdpr: tuple[str, ...] = ()
    iso27001: tuple[str, ...] = ()
    soc2: tuple[str, ...] = ()
    default: bool = False
    enabled: bool = True


@dataclass(frozen=True, kw_only=True)
class ProtectionRule(RuleText):
    """Personal data of `category` in plain text."""

    category: str


@dataclass(frozen=True, kw_only=True)
class PseudonymisationRule(RuleText):
    """Unsalted hashes of identifiers found in the same scan."""


Rule = ProtectionRule | PseudonymisationRule | RetentionRule


@dataclass(frozen=True)
class Policy:
    protection: tuple[ProtectionRule, ...]
    pseudonymisation: tuple[PseudonymisationRule, ...] = ()
    retention: tuple[RetentionRule, ...] = ()
    sources: tuple[str, ...] = (DEFAULT_POLICY,)
    # rule id -> its texts as written (see RuleTemplates); the rules hold them rendered in English
    templates: Mapping[str, RuleTemplates] = field(default_factory=dict, compare=False)

    def rules(self) -> tuple[Rule, ...]:
        return (*self.protection, *self.pseudonymisation, *self.retention)

    def rule(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules() if rule.id == rule_id), None)

    def rule_for_category(self, category: str) -> ProtectionRule | None:
        return next((rule for rule in self.protection if rule.category == category and rule.enabled), None)

    def reversible_hash_rule(self) -> PseudonymisationRule | None:
        return next((rule for rule in self.pseudonymisation if rule.enabled), None)

    def retention_rules_for(self, location: str, sheet: str | None = None) -> tuple[RetentionRule, ...]:
        """The enabled retention rules whose file globs cover the table at `location` (a sheet: by its
        own name)."""
        return tuple(rule for rule in self.retention if rule.enabled and rule.covers_file(location, sheet))

    def retention_check(self, location: str, sheet: str | None, as_of: date) -> RetentionCheck:
        """Every enabled retention rule that may cover the table: by its columns (seen batch by batch),
        or by its name."""
        named = self.retention_rules_for(location, sheet)
        return RetentionCheck(
            tuple(rule for rule in self.retention if rule.enabled),
            as_of,
            frozenset(rule.id for rule in named),
        )


def kind_of(rule: Rule) -> str:
    """`protection`, `pseudonymisation` or `retention`."""
    if isinstance(rule, ProtectionRule):
        return "protection"
    return "pseudonymisation" if isinstance(rule, PseudonymisationRule) else "retention"


@cache
def policy_schema() -> dict:
    return json.loads(resources.files("rules").joinpath(POLICY_SCHEMA).read_text(encoding="utf-8"))


@cache
def _overlay_schema() -> dict:
    """The schema with only `id` required in a rule: what one file laid over others must satisfy."""
    schema = copy.deepcopy(policy_schema())
    for definition in RULE_DEFINITIONS.values():
        schema["$defs"][definition]["required"] = ["id"]
    return schema


def _in_rule(error: jsonschema.ValidationError) -> bool:
    path = error.absolute_path
    return len(path) >= 2 and path[0] in SECTIONS


def _problem(error: jsonschema.ValidationError) -> str:
    """The violation in words, prefixed by where it is inside the rule (`where.status.equals: ...`)."""
    inside = list(error.absolute_path)[2:] if _in_rule(error) else list(error.absolute_path)
    prefix = ".".join(str(part) for part in inside) + ": " if inside else ""
    if error.validator == "required":
        return f"missing {error.message.split(' ')[0]}"
    if error.validator == "pattern" and "description" in error.schema:
        return f"{prefix}{error.instance!r} is not {error.schema['description']}"
    if isinstance(error.instance, bool) and error.validator == "type":
        return f"{prefix}{error.message} (YAML reads yes/no/on/off and NO unquoted as true/false: quote it)"
    return prefix + UNKNOWN_FIELDS.sub("unknown field(s)", error.message)


def _rule_id(document: dict, error: jsonschema.ValidationError) -> str | None:
    if not _in_rule(error):
        return None
    section, index = error.absolute_path[0], error.absolute_path[1]
    entry = document[section][index]
    return str(entry["id"]) if isinstance(entry, dict) and entry.get("id") else f"#{index + 1} of {section}"


def _validate(document: dict, schema: dict, source: str, sources: dict[str, str] | None = None) -> None:
    """Raise PolicyError with one line for the most relevant schema violation, if any; a rule's line
    names the file it came from (`sources`, by rule id), else `source`."""
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(document))
    # a field that fails its own check is also "unevaluated"; report the failed check, not that
    specific = [error for error in errors if error.validator != "unevaluatedProperties"]
    error = jsonschema.exceptions.best_match(specific or errors)
    if error is None:
        return
    rule_id = _rule_id(document, error)
    if rule_id is None:
        raise PolicyError(f"{source}: {_problem(error)}")
    raise PolicyError(f"{(sources or {}).get(rule_id, source)}: rule {rule_id}: {_problem(error)}")


def _read_document(text: str, source: str) -> dict:
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise PolicyError(f"{source}: not valid YAML{where}") from None
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise PolicyError(
            f"{source}: expected a mapping with protection, pseudonymisation and retention lists"
        )
    return document


def _lay_over(base: dict, overlay: dict, source: str, sources: dict[str, str]) -> dict:
    """`overlay`'s rules over `base`'s: known ids field by field, new ids appended."""
    merged = {key: value for key, value in base.items() if key not in SECTIONS}
    merged |= {key: value for key, value in overlay.items() if key not in SECTIONS}
    ids = {section: {entry["id"] for entry in base.get(section, ())} for section in SECTIONS}
    for section in SECTIONS:
        rules = [dict(entry) for entry in base.get(section, ())]
        seen: set[str] = set()
        for entry in overlay.get(section, ()):
            rule_id = entry["id"]
            if rule_id in seen:
                raise PolicyError(f"{source}: rule {rule_id}: defined twice")
            seen.add(rule_id)
            other = next((name for name in SECTIONS if name != section and rule_id in ids[name]), None)
            if other:
                raise PolicyError(f"{source}: rule {rule_id}: already a {other} rule")
            sources[rule_id] = source
            index = next((i for i, rule in enumerate(rules) if rule["id"] == rule_id), None)
            if index is None:
                rules.append(dict(entry))
            else:
                reviewed = "default" not in entry and DEFAULT_NUMBERS & entry.keys()
                rules[index] = rules[index] | entry | ({"default": False} if reviewed else {})
        merged[section] = rules
    return merged


def _text(value: object) -> str:
    return " ".join(str(value).split())


def _filled(text: str, parameters: dict[str, str]) -> str:
    """`text` with the rule's numbers in place of `{max_age}` and the like; other braces stay as written."""
    return PARAMETER.sub(lambda match: parameters.get(match.group(1), match.group(0)), text)


def _rationale(text: str, default: bool, prefix: str = REVIEW_PREFIX) -> str:
    """A default rule's rationale starts with "Default to review: ", written once here, not in each rule."""
    if not default:
        return text[:1].upper() + text[1:]
    if text.lower().startswith(prefix.lower()):
        return text
    return prefix + text


def templates_of(
    entry: dict, max_age: Age | None = None, escalate: Escalation | None = None
) -> RuleTemplates:
    """A rule entry's texts as written."""
    return RuleTemplates(
        title=_text(entry["title"]),
        rationale=_text(entry["rationale"]),
        remediation=_text(entry["remediation"]),
        default=bool(entry.get("default", False)),
        max_age=max_age,
        escalate=escalate,
    )


def _common(entry: dict, templates: RuleTemplates | None = None) -> dict:
    default = bool(entry.get("default", False))
    title, rationale, remediation = (templates or templates_of(entry)).render()
    return {
        "id": entry["id"],
        "title": title,
        "severity": entry["severity"],
        "rationale": rationale,
        "remediation": remediation,
        "gdpr": tuple(entry.get("gdpr", ())),
        "iso27001": tuple(entry.get("iso27001", ())),
        "soc2": tuple(entry.get("soc2", ())),
        "default": default,
        "enabled": bool(entry.get("enabled", True)),
    }


def _retention_rule(entry: dict, source: str) -> RetentionRule:
    rule_id = entry["id"]
    applies_to = entry.get("applies_to", {})
    date_columns = entry["date_column"]
    where = []
    for column, tests in entry.get("where", {}).items():
        for operator, value in tests.items():
            if operator == "matches":
                try:
                    pl.Series([""], dtype=pl.String).str.contains(value)
                except pl.exceptions.PolarsError:
                    problem = f"where.{column}.matches: not a valid regular expression"
                    raise PolicyError(f"{source}: rule {rule_id}: {problem}") from None
            if isinstance(value, list):
                value = tuple(str(item) for item in value)
            elif not isinstance(value, bool):
                value = str(value)
            where.append(Condition(str(column), operator, value))
    max_age = Age.parse(entry["max_age"])
    escalate = None
    if "escalate" in entry:
        escalate = Escalation(Age.parse(entry["escalate"]["after"]), entry["escalate"]["severity"])
        reference = date(2000, 1, 1)
        if escalate.after.cutoff(reference) >= max_age.cutoff(reference):
            problem = f"escalate.after ({escalate.after}) must be longer than max_age ({max_age})"
            raise PolicyError(f"{source}: rule {rule_id}: {problem}")
    return RetentionRule(
        **_common(entry, templates_of(entry, max_age, escalate)),
        max_age=max_age,
        date_columns=(date_columns,) if isinstance(date_columns, str) else tuple(date_columns),
        files=tuple(applies_to.get("files", ())),
        columns=tuple(applies_to.get("columns", ())),
        without_columns=tuple(applies_to.get("without_columns", ())),
        columns_one_of=tuple(tuple(group) for group in applies_to.get("columns_one_of", ())),
        where=tuple(where),
        escalate=escalate,
    )


def _policy(document: dict, sources: dict[str, str], files: tuple[str, ...]) -> Policy:
    # a rule no overlay touched comes from the default pack
    _validate(document, policy_schema(), DEFAULT_POLICY, sources)
    protection = tuple(
        ProtectionRule(category=entry["category"], **_common(entry))
        for entry in document.get("protection", ())
    )
    for category in CATEGORIES:
        enabled = [rule.id for rule in protection if rule.category == category and rule.enabled]
        if len(enabled) > 1:
            origin = sources.get(enabled[-1], DEFAULT_POLICY)
            raise PolicyError(
                f"{origin}: rule {enabled[-1]}: a second enabled protection rule for {category}"
            )
    retention = document.get("retention", ())
    retention_rules = tuple(
        _retention_rule(entry, sources.get(entry["id"], DEFAULT_POLICY)) for entry in retention
    )
    templates = {
        entry["id"]: templates_of(entry)
        for section in ("protection", "pseudonymisation")
        for entry in document.get(section, ())
    }
    templates |= {
        rule.id: templates_of(entry, rule.max_age, rule.escalate)
        for entry, rule in zip(retention, retention_rules)
    }
    return Policy(
        protection=protection,
        pseudonymisation=tuple(
            PseudonymisationRule(**_common(entry)) for entry in document.get("pseudonymisation", ())
        ),
        retention=retention_rules,
        sources=files,
        templates=templates,
    )


def _default_document() -> dict:
    text = resources.files("rules").joinpath(DEFAULT_POLICY).read_text(encoding="utf-8")
    return _read_document(text, DEFAULT_POLICY)


def parse_policy(text: str, source: str) -> Policy:
    """The default pack with the policy in YAML `text` laid over it; `source` names it in errors."""
    return _layered([(text, source)])


def _layered(files: Sequence[tuple[str, str]]) -> Policy:
    document, sources = _default_document(), {}
    names = [DEFAULT_POLICY]
    for text, source in files:
        overlay = _read_document(text, source)
        _validate(overlay, _overlay_schema(), source)
        document = _lay_over(document, overlay, source, sources)
        names.append(source)
    return _policy(document, sources, tuple(names))


def load_default_policy() -> Policy:
    """The default policy pack shipped with ccscan."""
    return _layered([])


def load_policy(paths: Sequence[Path] = ()) -> Policy:
    """The default pack with the policy files at `paths` laid over it, in order."""
    files = []
    for path in paths:
        try:
            files.append((Path(path).read_text(encoding="utf-8"), str(path)))
        except OSError as error:
            raise PolicyError(f"{path}: cannot read the policy file ({error.strerror or error})") from None
        except UnicodeDecodeError:
            raise PolicyError(f"{path}: not a UTF-8 text file") from None
    return _layered(files)
