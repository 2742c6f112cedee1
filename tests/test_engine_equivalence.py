"""The fast engine finds exactly what Presidio finds when it analyses every cell (the reference engine)."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.generate_exports import generate
from scanner.cli import main
from scanner.detector import CACHED_VALUE_CHARS, CACHED_VALUES, build_detector


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("exports")
    generate(folder, rows=150, seed=7)
    (folder / "labels.json").unlink(missing_ok=True)
    return folder


def _report(folder: Path, out: Path, *options: str) -> dict:
    result = CliRunner().invoke(main, ["scan", str(folder), "--output", str(out), "--quiet", *options])
    assert result.exit_code in (0, 1), result.output
    report = json.loads(out.read_text())
    report.pop("scanned_at")
    report["config"].pop("engine")
    return report


def test_fast_engine_equals_presidio_on_every_cell(exports, tmp_path):
    fast = _report(exports, tmp_path / "fast.json", "--engine", "fast")
    reference = _report(exports, tmp_path / "reference.json", "--engine", "reference")
    assert fast == reference
    assert fast["summary"]["columns_with_personal_data"] >= 5


def test_worker_processes_give_the_same_report(exports, tmp_path):
    single = _report(exports, tmp_path / "one.json", "--batch-rows", "40")
    parallel = _report(exports, tmp_path / "two.json", "--batch-rows", "40", "--workers", "2")
    single["config"].pop("batch_rows"), parallel["config"].pop("batch_rows")
    assert parallel == single


def test_the_fast_engine_remembers_short_values_and_answers_the_same():
    detector = build_detector(0.5)
    cells = ["+47 912 34 567", "070-123 45 67", "Ring meg på 912 34 567. " * 20]
    first = [detector.analyze_cell(cell, "telefon", list(range(len(detector.recognizers)))) for cell in cells]
    second = [
        detector.analyze_cell(cell, "telefon", list(range(len(detector.recognizers)))) for cell in cells
    ]
    assert first == second and first[0][0].type == "PHONE_NUMBER"
    info = detector._cached.cache_info()
    assert (info.hits, info.currsize) == (2, 2)  # the long note is analysed each time, never kept
    assert info.maxsize == CACHED_VALUES and len(cells[2]) > CACHED_VALUE_CHARS


@pytest.fixture(scope="module")
def evidence_export(tmp_path_factory) -> Path:
    """Columns whose findings come from column statistics, the possible tier and the new writings."""
    import random

    import polars as pl

    from benchmarks.synthetic import decoys
    from benchmarks.synthetic import national_ids as ids

    rng = random.Random(16)
    rows = 60
    folder = tmp_path_factory.mktemp("evidence")
    pl.DataFrame(
        {
            "value": [ids.personnummer(rng, rng.choice(("compact", "long"))) for _ in range(rows)],
            "ref": [ids.cpr(rng, "compact") for _ in range(rows)],
            "kt": [ids.kennitala(rng, "compact") for _ in range(rows)],
            "call_ref": [decoys.call_ref(rng) for _ in range(rows)],
            "random": [str(rng.randrange(10**9, 10**12)) for _ in range(rows)],
            "few": [ids.personnummer(rng, "compact") if i < 10 else "" for i in range(rows)],
            "notes": [f"Kunden ringde om {ids.personnummer(rng, 'compact')} idag" for _ in range(rows)],
            "written": [
                f"{v[:2]}.{v[2:4]}.{v[4:6]} {v[6:]}" for v in (ids.fodselsnummer(rng) for _ in range(rows))
            ],
        }
    ).write_csv(folder / "evidence.csv")
    return folder


def test_fast_engine_equals_presidio_on_column_statistics_and_possible(evidence_export, tmp_path):
    fast = _report(evidence_export, tmp_path / "fast.json", "--engine", "fast", "--batch-rows", "25")
    reference = _report(evidence_export, tmp_path / "reference.json", "--engine", "reference")
    fast["config"].pop("batch_rows"), reference["config"].pop("batch_rows")
    assert fast == reference
    columns = {column["name"]: column for column in fast["files"][0]["columns"]}
    assert columns["value"]["categories"] == {"NATIONAL_ID": 60}
    assert columns["ref"]["categories"] == {"NATIONAL_ID": 60}
    assert "NATIONAL_ID" not in columns["call_ref"]["categories"]
    assert [p["type"] for p in columns["few"]["possible"]] == ["SE_PERSONNUMMER"]
    assert columns["notes"]["possible"][0]["count"] == 60
    assert columns["written"]["categories"] == {"NATIONAL_ID": 60}
