"""Names that come from the data leak no value: a national ID used as a file name, a zip member's name,
an Excel sheet name, a column header or a JSON key is masked the same way in the terminal and in all four
report formats, and baselines and diffs still match the masked names. A masked national ID keeps only
its shape: separators and the last character.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from scanner.cli import main
from scanner.masking import mask_names, mask_value

# valid national IDs of nobody (generated): NO fødselsnummer, SE personnummer, DK CPR
FNR = "15108695088"
PNR = "811228-9874"
CPR = "010203-4000"
ROWS = "kunde_id;navn\n1001;Kari Testesen\n"


def _inputs(folder: Path) -> Path:
    folder.mkdir()
    (folder / f"kunder_{FNR}.csv").write_text(ROWS, encoding="utf-8")
    with zipfile.ZipFile(folder / "bundle.zip", "w") as archive:
        archive.writestr(f"calls/{PNR}.csv", ROWS)
    workbook = openpyxl.Workbook()
    workbook.active.title = CPR
    workbook.active.append(["kunde_id", "navn"])
    workbook.active.append(["1001", "Kari Testesen"])
    workbook.save(folder / "crm.xlsx")
    (folder / "keys.ndjson").write_text(json.dumps({FNR: "Kari Testesen", "note": "x"}) + "\n")
    return folder


def _digits(text: str) -> list[str]:
    return [value for value in (FNR, PNR, CPR, PNR.replace("-", ""), CPR.replace("-", "")) if value in text]


@pytest.mark.parametrize(
    ("format_name", "suffix"), [("json", "json"), ("html", "html"), ("sarif", "sarif"), ("markdown", "md")]
)
def test_no_name_from_the_data_reaches_an_output_unmasked(tmp_path, format_name, suffix):
    folder = _inputs(tmp_path / "in")
    report = tmp_path / f"report.{suffix}"
    result = CliRunner().invoke(
        main,
        [
            "scan",
            str(folder),
            "-o",
            str(report),
            "--format",
            format_name,
            "--fail-on",
            "critical",
            "--explain",
        ],
    )
    assert result.exit_code == 0, result.output
    assert _digits(result.output) == []
    assert _digits(report.read_text()) == []


def test_names_are_masked_to_their_shape_and_the_rest_of_the_name_stays(tmp_path):
    folder = _inputs(tmp_path / "in")
    CliRunner().invoke(main, ["scan", str(folder), "-o", str(tmp_path / "r.json"), "--fail-on", "critical"])
    files = json.loads((tmp_path / "r.json").read_text())["files"]
    places = {(Path(entry["path"]).name, entry.get("sheet")) for entry in files}
    assert places == {
        ("kunder_**********8.csv", None),
        ("******-***4.csv", None),  # bundle.zip!calls/811228-9874.csv
        ("crm.xlsx", "******-***0"),
        ("keys.ndjson", None),
    }
    keys = next(entry for entry in files if entry["path"].endswith("keys.ndjson"))
    assert [column["name"] for column in keys["columns"]] == ["**********8", "note"]
    assert any(entry["path"].endswith("bundle.zip!calls/******-***4.csv") for entry in files)


def test_a_baseline_and_a_diff_match_masked_names_across_runs(tmp_path):
    folder = _inputs(tmp_path / "in")
    runner = CliRunner()
    first, second, baseline = tmp_path / "first.json", tmp_path / "second.json", tmp_path / "baseline.json"
    runner.invoke(main, ["scan", str(folder), "-o", str(first), "--fail-on", "critical"])
    assert json.loads(first.read_text())["findings"], "the planted names hold findings"
    runner.invoke(main, ["baseline", "create", str(first), "-o", str(baseline)])
    runner.invoke(main, ["scan", str(folder), "-o", str(second), "--baseline", str(baseline)])
    again = json.loads(second.read_text())
    assert again["findings"] == [] and again["baseline"]["stale"] == []
    assert again["baseline"]["known"] == len(json.loads(first.read_text())["findings"])
    changes = runner.invoke(main, ["diff", str(first), str(second), "--format", "json"])
    diff = json.loads(changes.output)
    assert (diff["columns_removed"], diff["columns_added"], diff["protection_changed"]) == ([], [], [])


@pytest.mark.parametrize(
    ("entity_type", "value", "masked"),
    [
        ("NO_FODSELSNUMMER", FNR, "**********8"),
        ("SE_PERSONNUMMER", PNR, "******-***4"),
        ("SE_PERSONNUMMER", "19811228-9874", "********-***4"),
        ("DK_CPR", CPR, "******-***0"),
        ("FI_HETU", "131052-308T", "******-***T"),
    ],
)
def test_a_masked_national_id_keeps_only_its_separators_and_last_character(entity_type, value, masked):
    assert mask_value(value, entity_type) == masked


def test_name_masking_masks_value_like_parts_only():
    assert mask_names("export_2024-05-01.csv") == "export_****-**-*1.csv"
    assert mask_names("kari.testesen@example.no.csv") == "k***@example.no.csv"
    assert mask_names("calls 2024.csv") == "calls 2024.csv"  # four digits are a year, not a value
