"""The same inputs give byte-identical reports, apart from the timestamp (and the batch size the
config records), whatever the batch size and the number of worker processes.

The inputs include the cases where batching could show: a CSV that switches from polars to the
tolerant reader part way (where depends on the batch size), NDJSON whose later records add columns,
a JSON array that breaks part way, repeated values spread over batches, and archives.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from scanner.cli import main

ROWS = 30
REFERENCE_BATCH_ROWS = 7


def _contacts(count: int) -> str:
    lines = ["kunde_id;navn;epost;telefon;notat"]
    for i in range(count):
        # a few values repeat across batches; notes mix context words and order numbers
        email = f"kunde{i % 7}@example.no" if i % 3 else f"person.{i}@example.se"
        lines.append(
            f"{1000 + i};Kari {i};{email};+47 9{i % 5}{i:06d};ordre {i * 7919 % 100000:05d} ring tilbake"
        )
    return "\n".join(lines) + "\n"


def _write_inputs(folder: Path) -> None:
    folder.mkdir()
    (folder / "contacts.csv").write_text(_contacts(ROWS), encoding="utf-8")
    malformed = _contacts(ROWS).splitlines()
    malformed[17] += ";extra kari.extra@example.no"  # longer than the header: polars hands over here
    malformed[25] = '9999;"never closed'
    (folder / "malformed.csv").write_text("\n".join(malformed) + "\n", encoding="utf-8")
    records = [{"id": str(i), "kontakt": {"epost": f"n{i}@example.dk"}} for i in range(ROWS)]
    for i in range(20, ROWS):
        records[i]["telefon"] = f"+45 2{i:07d}"  # a column first seen late in the file
    (folder / "events.ndjson").write_text("\n".join(json.dumps(record) for record in records) + "\n")
    text = json.dumps(records[:24])
    (folder / "broken.json").write_text(text[: len(text) * 3 // 4])
    workbook = openpyxl.Workbook()
    for line in _contacts(ROWS).splitlines():
        workbook.active.append(line.split(";"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    (folder / "kunder.xlsx").write_bytes(buffer.getvalue())
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr("inner/contacts.csv.gz", gzip.compress(_contacts(ROWS).encode()))
    (folder / "bundle.zip").write_bytes(archive.getvalue())


def _scan(inputs: Path, out: Path, batch_rows: int, workers: int) -> dict[str, str]:
    """Every report format of one scan, by file name, with the timestamp replaced."""
    formats = [arg for name in _formats() for arg in ("--format", name)]
    result = CliRunner().invoke(
        main,
        [
            "scan",
            str(inputs),
            "--output-dir",
            str(out),
            *formats,
            "--batch-rows",
            str(batch_rows),
            "--workers",
            str(workers),
            "--quiet",
        ],
    )
    assert result.exit_code in (1, 2), result.output
    json_report = next(out.glob("*.json"))
    scanned_at = json.loads(json_report.read_text())["scanned_at"]
    return {path.name: path.read_text().replace(scanned_at, "<scanned_at>") for path in sorted(out.iterdir())}


def _formats() -> list[str]:
    option = next(param for param in main.commands["scan"].params if param.name == "formats")
    return list(option.type.choices)


def _without_batch_rows(text: str) -> str:
    return re.sub(r'"batch_rows": \d+', '"batch_rows": <n>', text)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("determinism")
    _write_inputs(root / "in")
    return root / "in", _scan(root / "in", root / "reference", REFERENCE_BATCH_ROWS, 1)


@pytest.mark.parametrize(("batch_rows", "workers"), [(1, 1), (50_000, 1), (REFERENCE_BATCH_ROWS, 2)])
def test_reports_are_identical_whatever_the_batch_size_and_workers(
    reference, tmp_path, batch_rows, workers
) -> None:
    inputs, expected = reference
    reports = _scan(inputs, tmp_path / "out", batch_rows, workers)
    assert list(reports) == list(expected)
    assert _without_batch_rows(reports["ccscan-report.json"]) == _without_batch_rows(
        expected["ccscan-report.json"]
    )
    if batch_rows == REFERENCE_BATCH_ROWS:  # same config: every format, byte for byte
        assert reports == expected


def test_the_inputs_exercise_what_batching_could_change(reference) -> None:
    _, expected = reference
    files = {Path(entry["path"]).name: entry for entry in json.loads(expected["ccscan-report.json"])["files"]}
    malformed = files["malformed.csv"]
    assert (malformed["rows"], malformed["rows_unreadable"]) == (ROWS - 1, 1)
    assert "(extra fields)" in [column["name"] for column in malformed["columns"]]
    assert "telefon" in [column["name"] for column in files["events.ndjson"]["columns"]]
    assert files["broken.json"]["errors"] == ["not valid JSON"]
    assert files["broken.json"]["rows"] > 0
