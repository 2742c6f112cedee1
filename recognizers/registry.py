"""The recognizer registry: which recognizer classes a scan runs, listed in YAML as Presidio's
`default_recognizers.yaml` lists its own, and the category of every entity type they declare.

`default_recognizers.yaml` (shipped in this package) names ccscan's recognizers in the order they run.
A user's file (`ccscan scan --recognizers FILE`, or `recognizers = "FILE"` in the config file) is laid
over it: an entry with a listed name changes the fields it sets (`{name: DkCprRecognizer, enabled:
false}`), a new name adds its class, from ccscan or from the user's own package (`{class:
mypackage.ids.EeIsikukoodRecognizer}`), after the listed ones.

A recognizer class declares the types it reports with their categories (`ENTITIES`, see
`recognizers.base.DeclaredRecognizer`); building the registry checks every declaration, so a type
cannot reach a report without a category. Every problem is one line naming the file and the entry:
`mine.yaml: recognizer EeIsikukoodRecognizer: cannot import mypackage.ids (ModuleNotFoundError: No
module named 'mypackage')`.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path

import yaml
from presidio_analyzer import EntityRecognizer

from recognizers.base import DeclaredRecognizer
from recognizers.entities import CATEGORIES

DEFAULT_REGISTRY = "default_recognizers.yaml"
FIELDS: tuple[str, ...] = ("name", "class", "enabled")


class RegistryError(ValueError):
    """A recognizer file or class that cannot be used; the message names the file, the entry and why."""


@dataclass(frozen=True)
class RecognizerEntry:
    """One recognizer of the registry: its name, the dotted path of its class, whether it runs, and the
    file that last set it."""

    name: str
    class_path: str
    enabled: bool
    source: str


def _read_entries(text: str, source: str) -> list[dict]:
    """The entries of a registry file, each checked for its fields' types."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)  # only a parse error has a position
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise RegistryError(f"{source}: not valid YAML{where}") from None
    if document is None:
        return []
    if not isinstance(document, dict) or set(document) != {"recognizers"}:
        raise RegistryError(f"{source}: expected a mapping with one key, recognizers (a list)")
    entries = document["recognizers"] or []
    if not isinstance(entries, list):
        raise RegistryError(f"{source}: recognizers must be a list")
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise RegistryError(f"{source}: recognizer #{index}: expected a mapping of name, class, enabled")
        label = entry.get("name") or entry.get("class") or f"#{index}"
        unknown = sorted(str(key) for key in entry if key not in FIELDS)
        if unknown:
            raise RegistryError(
                f"{source}: recognizer {label}: unknown field {unknown[0]!r} (known: {', '.join(FIELDS)})"
            )
        for key in ("name", "class"):
            if key in entry and not (isinstance(entry[key], str) and entry[key]):
                raise RegistryError(f"{source}: recognizer {label}: {key} must be a non-empty string")
        if "enabled" in entry and not isinstance(entry["enabled"], bool):
            raise RegistryError(f"{source}: recognizer {label}: enabled must be true or false")
        if "name" not in entry and "class" not in entry:
            raise RegistryError(f"{source}: recognizer #{index}: needs a name or a class")
    return entries


def _lay_over(entries: list[RecognizerEntry], overlay: list[dict], source: str) -> list[RecognizerEntry]:
    """`overlay`'s entries over `entries`: a listed name changes the fields it sets, a new one is added."""
    merged = list(entries)
    seen: set[str] = set()
    for entry in overlay:
        name = entry.get("name") or entry["class"].rpartition(".")[2]
        if name in seen:
            raise RegistryError(f"{source}: recognizer {name}: listed twice")
        seen.add(name)
        index = next((i for i, known in enumerate(merged) if known.name == name), None)
        if index is not None:
            merged[index] = replace(
                merged[index],
                class_path=entry.get("class", merged[index].class_path),
                enabled=entry.get("enabled", merged[index].enabled),
                source=source,
            )
        elif "class" not in entry:
            raise RegistryError(f"{source}: recognizer {name}: not a default recognizer, so it needs a class")
        else:
            merged.append(RecognizerEntry(name, entry["class"], entry.get("enabled", True), source))
    return merged


@cache
def default_entries() -> tuple[RecognizerEntry, ...]:
    """The entries of the shipped `default_recognizers.yaml`."""
    text = resources.files("recognizers").joinpath(DEFAULT_REGISTRY).read_text(encoding="utf-8")
    return tuple(_lay_over([], _read_entries(text, DEFAULT_REGISTRY), DEFAULT_REGISTRY))


def registry_entries(user_file: Path | None = None) -> tuple[RecognizerEntry, ...]:
    """The default entries with `user_file`'s laid over them."""
    if user_file is None:
        return default_entries()
    try:
        text = user_file.read_text(encoding="utf-8")
    except OSError as error:
        raise RegistryError(
            f"{user_file}: cannot read the recognizer file ({error.strerror or error})"
        ) from None
    except UnicodeDecodeError:
        raise RegistryError(f"{user_file}: not UTF-8 text") from None
    return tuple(_lay_over(list(default_entries()), _read_entries(text, str(user_file)), str(user_file)))


# every entity type declared by a recognizer class loaded in this process: its category, and the class
_categories: dict[str, str] = {}
_declared_by: dict[str, str] = {}


def declare(recognizer_class: type) -> None:
    """Check `recognizer_class`'s declaration of its entity types and add them to the known ones.

    Raises RegistryError for a class that is not a declared Presidio recognizer, declares no type, names
    a category outside CATEGORIES, or declares a type another class declares with another category.
    """
    name = recognizer_class.__name__
    if not (
        issubclass(recognizer_class, EntityRecognizer) and issubclass(recognizer_class, DeclaredRecognizer)
    ):
        raise RegistryError(
            f"{name} is not a ccscan recognizer: a Presidio EntityRecognizer with "
            "recognizers.base.DeclaredRecognizer among its bases"
        )
    entities = recognizer_class.ENTITIES
    if not isinstance(entities, Mapping) or not entities:
        raise RegistryError(f"{name} declares no entity types (ENTITIES: {{entity type: category}})")
    for entity_type, category in entities.items():
        if category not in CATEGORIES:
            raise RegistryError(
                f"{name}: entity type {entity_type} has category {category!r}, not one of {', '.join(CATEGORIES)}"
            )
        known = _categories.get(entity_type, category)
        if known != category:
            raise RegistryError(
                f"{name} declares {entity_type} as {category}, but {_declared_by[entity_type]} declares it as {known}"
            )
    for entity_type, category in entities.items():
        _categories.setdefault(entity_type, category)
        _declared_by.setdefault(entity_type, name)


def check_declared(recognizer: EntityRecognizer) -> None:
    """Declare `recognizer`'s class, and check that it reports only types the class declares."""
    declare(type(recognizer))
    undeclared = [t for t in recognizer.supported_entities if t not in type(recognizer).ENTITIES]
    if undeclared:
        raise RegistryError(
            f"{type(recognizer).__name__} reports {undeclared[0]}, which its ENTITIES do not declare"
        )


def recognizer_class(entry: RecognizerEntry) -> type[EntityRecognizer]:
    """The class `entry` names, imported and its declaration checked."""
    module_name, _, class_name = entry.class_path.rpartition(".")
    where = f"{entry.source}: recognizer {entry.name}"
    if not module_name:
        raise RegistryError(
            f"{where}: class {entry.class_path!r} is not a dotted path (package.module.Class)"
        )
    try:
        module = importlib.import_module(module_name)
    except Exception as error:  # noqa: BLE001 - a user's module may fail in any way; name it in one line
        raise RegistryError(
            f"{where}: cannot import {module_name} ({error.__class__.__name__}: {error})"
        ) from None
    found = getattr(module, class_name, None)
    if not isinstance(found, type):
        raise RegistryError(f"{where}: {module_name} has no class {class_name}")
    try:
        declare(found)
    except RegistryError as error:
        raise RegistryError(f"{where}: {error}") from None
    return found


def _instance(entry: RecognizerEntry) -> EntityRecognizer:
    try:
        recognizer = recognizer_class(entry)()
    except RegistryError:
        raise
    except Exception as error:  # noqa: BLE001 - a user's class may fail in any way; name it in one line
        raise RegistryError(
            f"{entry.source}: recognizer {entry.name}: {entry.class_path}() failed ({error.__class__.__name__}: {error})"
        ) from None
    try:
        check_declared(recognizer)
    except RegistryError as error:
        raise RegistryError(f"{entry.source}: recognizer {entry.name}: {error}") from None
    return recognizer


def resolve_registry(user_file: Path | None = None) -> tuple[RecognizerEntry, ...]:
    """The enabled recognizers of the default registry with `user_file` laid over it, in order.

    The entries `user_file` sets are built once here, so that a bad class fails before a scan starts, and
    the types of a user's recognizer have their categories in this process (the one writing the report).
    """
    entries = tuple(entry for entry in registry_entries(user_file) if entry.enabled)
    if not entries:
        raise RegistryError(f"{user_file}: every recognizer is disabled")
    for entry in entries:
        if entry.source != DEFAULT_REGISTRY:
            _instance(entry)
    return entries


def build_recognizers(entries: Sequence[RecognizerEntry] | None = None) -> list[EntityRecognizer]:
    """Fresh instances of the recognizers `entries` name (from `resolve_registry`), or of the default
    registry's enabled ones."""
    chosen = entries if entries is not None else [entry for entry in default_entries() if entry.enabled]
    return [_instance(entry) for entry in chosen]


def default_recognizers() -> list[EntityRecognizer]:
    """Fresh instances of every recognizer ccscan scans with by default."""
    return build_recognizers()


@cache
def _declare_defaults() -> None:
    from recognizers.nlp import NerRecognizer  # spaCy's NER, registered by the analyzer with --nlp-model

    for entry in default_entries():
        recognizer_class(entry)
    declare(NerRecognizer)


def declared_categories() -> Mapping[str, str]:
    """{entity type: category} for every type declared by the default registry's classes (enabled or
    not), by the spaCy NER recognizer, and by any other recognizer class loaded in this process. The
    same mapping on every call, updated in place as more classes are declared."""
    _declare_defaults()
    return _categories
