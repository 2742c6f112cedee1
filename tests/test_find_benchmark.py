"""The find benchmark's subjects: the requested number, one in ten a customer of the export."""

from __future__ import annotations

import csv
from pathlib import Path

from benchmarks.find_cost import write_subjects
from benchmarks.generate_exports import CALLS_FILE, generate
from scanner.find.results import build_find_report
from scanner.find.search import SearchOptions, search_paths
from scanner.find.subjects import load_subjects


def test_benchmark_subjects_are_usable_and_the_customers_among_them_are_found(tmp_path: Path) -> None:
    generate(tmp_path, 2_000, seed=3)
    subjects_file = tmp_path / "subjects.csv"
    taken = write_subjects(tmp_path / CALLS_FILE, 200, subjects_file, seed=3)
    with subjects_file.open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 200
    assert taken == 20
    subjects = load_subjects(str(subjects_file))
    report = build_find_report(subjects, search_paths([tmp_path / CALLS_FILE], subjects, SearchOptions()), {})
    found = {entry["label"] for entry in report["subjects"] if entry["found"]}
    assert {f"REQ-{index:05d}" for index in range(taken)} <= found
