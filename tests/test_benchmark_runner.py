"""The throughput runner measures what it says on a tiny export; no assertion here is about speed."""

import json
import sys
import textwrap
from pathlib import Path

import pytest

from benchmarks.generate_exports import CALL_COLUMNS, CALLS_FILE, CRM_COLUMNS, CRM_FILE
from benchmarks.measure import run_measured
from benchmarks.throughput import call_export, export, main, spread_sample

ROWS, SAMPLE = 300, 20
COLUMNS = {CALLS_FILE: len(CALL_COLUMNS), CRM_FILE: len(CRM_COLUMNS)}
EXPORTS = pytest.mark.parametrize("name", [CALLS_FILE, CRM_FILE])


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> tuple[dict, dict]:
    folder = tmp_path_factory.mktemp("throughput")
    printed = main(
        [
            "--rows",
            str(ROWS),
            "--reference-sample",
            str(SAMPLE),
            "--out-dir",
            str(folder),
            "--json",
            str(folder / "results.json"),
            "--workers",
            "1",
            "--read-repeats",
            "1",
        ]
    )
    return printed, json.loads((folder / "results.json").read_text(encoding="utf-8"))


def test_results_json_is_what_the_runner_returned(results):
    printed, written = results
    assert written == printed


def test_one_run_measures_the_call_export_and_the_crm_export_with_notes(results):
    assert list(results[1]["exports"]) == [CALLS_FILE, CRM_FILE]


@EXPORTS
def test_file_facts_count_every_cell(results, name):
    file = results[1]["exports"][name]["file"]
    columns = COLUMNS[name]
    assert (file["rows"], file["columns"], file["cells"]) == (ROWS, columns, ROWS * columns)
    assert file["bytes"] > ROWS * 100


@EXPORTS
def test_bare_reads_see_every_row_in_positive_time(results, name):
    for kind in ("eager", "streaming"):
        read = results[1]["exports"][name]["bare_read"][kind]
        assert read["rows"] == ROWS
        assert read["seconds"] > 0 and read["cpu_seconds"] > 0
        assert read["rows_per_s"] > 0 and read["mb_per_s"] > 0
        assert read["peak_rss_mib"] > 10


@EXPORTS
def test_scan_reads_every_row_and_finds_personal_data(results, name):
    (scan,) = results[1]["exports"][name]["scans"]
    assert scan["workers"] == 1 and scan["engine"] == "vectorised" and scan["exit_code"] in (0, 1)
    assert scan["rows_scanned"] == ROWS
    assert scan["columns_with_personal_data"] >= 3
    assert scan["seconds"] > 0 and scan["cpu_seconds"] > 0 and scan["rows_per_s"] > 0
    assert scan["startup_seconds"] > 0 and scan["startup_cpu_seconds"] > 0
    assert scan["peak_rss_mib"] >= scan["largest_process_rss_mib"] > 50
    assert set(scan["ratios"]) == {
        "scan_over_bare_read",
        "scan_over_streaming_read",
        "scan_without_startup_over_bare_read",
        "scan_cpu_over_bare_read_cpu",
        "reference_over_scan_per_cell",
        "reference_cpu_over_scan_cpu_per_cell",
    }
    assert all(ratio >= 0 for ratio in scan["ratios"].values())


@EXPORTS
def test_reference_is_a_spread_sample_extrapolated_per_cell(results, name):
    reference, columns = results[1]["exports"][name]["reference"], COLUMNS[name]
    assert (reference["sample_rows"], reference["sample_cells"]) == (SAMPLE, SAMPLE * columns)
    assert reference["seconds_per_cell"] > 0 and reference["cpu_seconds_per_cell"] > 0
    assert reference["seconds"] == pytest.approx(reference["seconds_per_cell"] * ROWS * columns, rel=1e-3)
    extrapolated_cpu = reference["cpu_seconds_per_cell"] * ROWS * columns
    assert reference["cpu_seconds"] == pytest.approx(extrapolated_cpu, rel=1e-3)
    assert reference["entity_cells_in_sample"] > 0
    assert reference["fast_engine_identical"] is True
    assert reference["engine"] == "vectorised" and reference["cells_differing"] == 0


@EXPORTS
def test_stages_time_the_default_engine_on_every_row(results, name):
    from scanner.batch_scan import STAGES

    stages = results[1]["exports"][name]["stages"]
    assert stages["rows"] == ROWS and set(stages["stages"]) == set(stages["stages_cpu"]) == set(STAGES)
    assert all(seconds >= 0 for seconds in (*stages["stages"].values(), *stages["stages_cpu"].values()))
    assert sum(stages["stages"].values()) <= stages["seconds"]
    assert sum(stages["stages_cpu"].values()) <= stages["cpu_seconds"]
    # the phone and national-ID columns are answered in polars, the notes in Python
    assert stages["values_vectorised"] > 0 and stages["values_python"] > 0


@EXPORTS
def test_candidate_floor_runs_every_pattern_on_every_row(results, name):
    measured = results[1]["exports"][name]
    floor, reference = measured["candidate_floor"], measured["reference"]
    assert floor["rows"] == ROWS and floor["patterns"] >= 15
    # the phone, national-ID and name columns match their recognizers' candidates in every row
    assert floor["cells_matched"] >= 3 * ROWS
    assert floor["seconds"] > 0 and floor["cpu_seconds"] > 0 and floor["rows_per_s"] > 0
    ratios = floor["ratios"]
    assert ratios["floor_over_bare_read"] == round(
        floor["seconds"] / measured["bare_read"]["eager"]["seconds"], 2
    )
    assert ratios["reference_over_floor_per_cell"] == round(reference["seconds"] / floor["seconds"], 1)


@EXPORTS
def test_design_floor_extracts_and_checks_every_row_timed_apart(results, name):
    measured = results[1]["exports"][name]
    design = measured["design_floor"]
    assert design["rows"] == ROWS and design["recognizers"] == 18
    # the phone and national-ID columns hold a candidate of several recognizers in every row
    assert design["values_checked"] >= 2 * ROWS
    assert set(design["parts"]) == set(design["parts_cpu"]) == {"extract", "checks"}
    assert all(seconds > 0 for seconds in design["parts"].values())
    assert design["seconds"] == pytest.approx(sum(design["parts"].values()), abs=0.002)
    ratios, eager = design["ratios"], measured["bare_read"]["eager"]["seconds"]
    assert ratios["design_floor_over_bare_read"] == round(design["seconds"] / eager, 2)
    assert ratios["extract_over_bare_read"] == round(design["parts"]["extract"] / eager, 2)


def test_machine_facts_are_recorded(results):
    machine = results[1]["machine"]
    assert machine["cores"] >= 1 and machine["memory_total_mib"] > 0
    assert machine["python"].count(".") == 2 and machine["polars"]
    assert machine["date"].startswith("20")


def test_an_existing_export_of_the_same_rows_and_seed_is_reused(tmp_path):
    first = call_export(tmp_path, 30, seed=3)
    written = first.stat().st_mtime_ns
    assert call_export(tmp_path, 30, seed=3) == first and first.stat().st_mtime_ns == written
    assert call_export(tmp_path, 30, seed=4) != first
    # the CRM export comes from the same generation
    assert export(tmp_path, 30, seed=3, name=CRM_FILE).parent == first.parent
    assert first.stat().st_mtime_ns == written


def test_sample_rows_are_spread_over_the_whole_file(tmp_path):
    source = tmp_path / "numbers.csv"
    source.write_text("n\n" + "".join(f"{i}\n" for i in range(100)), encoding="utf-8")
    assert spread_sample(source, 4, tmp_path / "sample.csv") == 4
    assert (tmp_path / "sample.csv").read_text(encoding="utf-8").split() == ["n", "0", "25", "50", "75"]


def test_peak_memory_sums_the_processes_of_the_tree():
    # a parent holding 60 MiB starts a child holding 120 MiB; both stay alive together for a moment
    program = textwrap.dedent("""
        import subprocess, sys
        held = b"x" * (60 * 2**20)
        child = subprocess.Popen([sys.executable, "-c",
                                  "import time; held = b'x' * (120 * 2**20); time.sleep(0.6)"])
        child.wait()
    """)
    measured = run_measured(
        [sys.executable, "-c", program], cwd=Path.cwd(), poll_seconds=0.02, tree_seconds=0.02
    )
    assert measured.returncode == 0 and measured.processes == 2
    assert measured.largest_process_rss_mib >= 120
    assert measured.peak_rss_mib >= 180
    assert measured.sampled_tree_rss_mib >= 180


def test_memory_run_scans_both_sizes_and_compares_their_peaks(tmp_path):
    results = main(["--memory-run", "--rows", "40", "--memory-rows", "120", "--out-dir", str(tmp_path)])
    small, large = results["memory_runs"]
    assert (small["rows_scanned"], large["rows_scanned"]) == (40, 120)
    assert large["file"]["bytes"] > 2 * small["file"]["bytes"]
    ratio = results["peak_rss_ratio_large_over_small"]["workers=1"]
    assert ratio == round(large["peak_rss_mib"] / small["peak_rss_mib"], 3) and ratio > 0
