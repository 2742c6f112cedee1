"""The recognizer registry: every type has its declared category, a user's file turns recognizers off and
adds their own classes, and a bad file is one line."""

from __future__ import annotations

import pytest
from report_samples import CRM_CSV, scan
from stdnum.ee import ik
from user_recognizers import DocumentNumberRecognizer, UndeclaredRecognizer

from recognizers.analyzer import build_analyzer
from recognizers.entities import CATEGORIES, category_of
from recognizers.nlp import NerRecognizer
from recognizers.registry import (
    DEFAULT_REGISTRY,
    RegistryError,
    build_recognizers,
    declare,
    registry_entries,
    resolve_registry,
)
from scanner.detector import build_detector


def _isikukood(serial: int) -> str:
    """A generated isikukood of nobody: born 1985-01-01, `serial`, its check digit."""
    number = f"3850101{serial:03d}"
    return number + ik.calc_check_digit(number + "0")


ISIKUKOOD_CSV = "kunde_id;isikukood\n" + "".join(f"{i};{_isikukood(i)}\n" for i in range(1, 6))
DOCUMENTS_CSV = "kunde_id;dokument\n" + "".join(f"{i};AB{1234560 + i}\n" for i in range(1, 6))


def _types(report: dict) -> dict[str, str]:
    """{entity type: category} over every column of the report."""
    return {
        entity["type"]: entity["category"]
        for table in report["files"]
        for column in table["columns"]
        for entity in column["entities"]
    }


def _registry(folder, text: str):
    path = folder / "recognizers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_registered_type_has_its_declared_category():
    recognizers = [*build_recognizers(), NerRecognizer()]
    assert len(recognizers) == len(registry_entries()) + 1
    for recognizer in recognizers:
        declared = type(recognizer).ENTITIES
        assert set(recognizer.supported_entities) <= set(declared), recognizer.name
        for entity_type in recognizer.supported_entities:
            assert declared[entity_type] in CATEGORIES
            assert category_of(entity_type) == declared[entity_type], entity_type


def test_the_default_registry_lists_every_recognizer_once_and_enabled():
    entries = registry_entries()
    assert len({entry.name for entry in entries}) == len({entry.class_path for entry in entries}) == 22
    assert all(entry.enabled and entry.source == DEFAULT_REGISTRY for entry in entries)


def test_a_type_its_class_does_not_declare_is_refused_when_the_analyzer_is_built():
    with pytest.raises(RegistryError, match="^UndeclaredRecognizer reports TEST_UNDECLARED, which its"):
        build_analyzer(recognizers=[UndeclaredRecognizer()])


@pytest.mark.parametrize(
    "entities, message",
    [
        ({}, "declares no entity types"),
        ({"TEST_X": "NO_SUCH_CATEGORY"}, "entity type TEST_X has category 'NO_SUCH_CATEGORY', not one of"),
        ({"PHONE_NUMBER": "OTHER"}, "declares PHONE_NUMBER as OTHER, but NordicPhoneRecognizer declares it"),
    ],
    ids=["no types", "unknown category", "second category for a known type"],
)
def test_a_bad_declaration_is_refused(entities, message):
    category_of("PHONE_NUMBER")  # the default registry's declarations are known
    bad = type("BadRecognizer", (DocumentNumberRecognizer,), {"ENTITIES": entities})
    with pytest.raises(RegistryError, match=message):
        declare(bad)


def test_turning_a_recognizer_off_removes_its_findings_and_only_those(tmp_path):
    _, default = scan(tmp_path / "default", files={"crm.csv": CRM_CSV})
    path = _registry(tmp_path, "recognizers:\n  - name: NordicPhoneRecognizer\n    enabled: false\n")
    result, report = scan(tmp_path / "off", "--recognizers", str(path), files={"crm.csv": CRM_CSV})
    assert result.exit_code in (0, 1), result.output
    assert "PHONE_NUMBER" in _types(default)
    assert _types(report) == {k: v for k, v in _types(default).items() if k != "PHONE_NUMBER"}
    assert report["config"]["recognizers"] == str(path) and "recognizers" not in default["config"]


def test_a_user_recognizer_class_reports_its_type_with_its_declared_category(tmp_path):
    path = _registry(tmp_path, "recognizers:\n  - class: user_recognizers.EeIsikukoodRecognizer\n")
    result, report = scan(tmp_path, "--recognizers", str(path), files={"ee.csv": ISIKUKOOD_CSV})
    assert result.exit_code == 1, result.output  # a plain national ID is a high finding
    (table,) = report["files"]
    column = next(column for column in table["columns"] if column["name"] == "isikukood")
    assert [(e["type"], e["category"], e["count"]) for e in column["entities"]] == [
        ("EE_ISIKUKOOD", "NATIONAL_ID", 5)
    ]
    assert [(f["rule"], f["column"]) for f in report["findings"]] == [("CC-PLAIN-NATIONAL-ID", "isikukood")]


def test_the_recognizer_file_can_come_from_the_config_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _registry(tmp_path, "recognizers:\n  - class: user_recognizers.EeIsikukoodRecognizer\n")
    (tmp_path / "ccscan.toml").write_text('recognizers = "recognizers.yaml"\n', encoding="utf-8")
    _, report = scan(tmp_path, files={"ee.csv": ISIKUKOOD_CSV})
    assert _types(report) == {"EE_ISIKUKOOD": "NATIONAL_ID"}


def test_a_plain_presidio_recognizer_without_candidate_runs_on_the_reference_path(tmp_path):
    path = _registry(tmp_path, "recognizers:\n  - class: user_recognizers.DocumentNumberRecognizer\n")
    assert build_detector(0.5).fast
    assert not build_detector(0.5, recognizers=resolve_registry(path)).fast
    reports = [
        scan(
            tmp_path / engine, "--recognizers", str(path), "--engine", engine, files={"d.csv": DOCUMENTS_CSV}
        )[1]
        for engine in ("fast", "reference")
    ]
    assert _types(reports[0]) == {"TEST_DOCUMENT_NUMBER": "NATIONAL_ID"}
    assert reports[0]["files"][0]["columns"] == reports[1]["files"][0]["columns"]


@pytest.mark.parametrize(
    "text, problem",
    [
        ("recognizers: [\n", "not valid YAML at line 2"),
        ("- name: X\n", "expected a mapping with one key, recognizers (a list)"),
        (
            "recognizers:\n  - class: no_such_package.ThingRecognizer\n",
            "recognizer ThingRecognizer: cannot import",
        ),
        (
            "recognizers:\n  - class: user_recognizers.Missing\n",
            "recognizer Missing: user_recognizers has no class",
        ),
        (
            "recognizers:\n  - class: user_recognizers.NotDeclaredPresidioRecognizer\n",
            "NotDeclaredPresidioRecognizer is not a ccscan recognizer",
        ),
        (
            "recognizers:\n  - class: user_recognizers.UndeclaredRecognizer\n",
            "reports TEST_UNDECLARED, which",
        ),
        ("recognizers:\n  - name: NoSuchRecognizer\n    enabled: false\n", "not a default recognizer, so it"),
        ("recognizers:\n  - name: DkCprRecognizer\n    enabled: no way\n", "enabled must be true or false"),
        ("recognizers:\n  - name: DkCprRecognizer\n    score: 1\n", "unknown field 'score'"),
    ],
    ids=[
        "invalid yaml",
        "not a mapping",
        "module not importable",
        "no such class",
        "not a ccscan recognizer",
        "undeclared type",
        "unknown name without class",
        "enabled not a boolean",
        "unknown field",
    ],
)
def test_a_bad_recognizer_file_is_exit_2_with_one_line(tmp_path, text, problem):
    path = _registry(tmp_path, text)
    result, report = scan(tmp_path, "--recognizers", str(path))
    assert result.exit_code == 2 and report is None
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"ccscan: error: {path}: ") and problem in line, line
