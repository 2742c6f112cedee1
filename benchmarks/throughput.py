"""Throughput of ccscan on contact-center exports: against reading the file, and against Presidio per cell.

    python -m benchmarks.throughput --rows 400000 [--out-dir DIR] [--seed S] [--json results.json]
        [--exports call_records.csv crm_contacts.csv] [--workers N [N ...]] [--batch-rows N]
        [--reference-sample 300]
    python -m benchmarks.throughput --memory-run --rows 20000 [--memory-rows 200000] [--workers N ...]

The exports (`benchmarks.generate_exports`: call_records.csv, about 280 bytes a row, and
crm_contacts.csv, one customer a row with free-text notes, semicolon-separated with a BOM, about 400
bytes a row) are generated into `--out-dir`, or reused when a previous run left them for the same rows
and seed. On each file in turn (both by default, one table each), every measurement runs in a child
process of its own, so that its peak memory is its own (see `benchmarks.measure` for what "peak RSS"
sums):
- bare read: `pl.scan_csv(path, separator=…, infer_schema=False).collect()`, and polars' streaming read
  (`collect_batches`; the scanner reads bounded blocks instead, see scanner/readers/csv_reader.py, as
  fast within a factor of two), each timed inside its child (`--read-repeats` times, median; interpreter
  start and `import polars` excluded);
- ccscan: `python -m scanner scan FILE -o REPORT --quiet --workers N`, wall time from start to exit,
  including interpreter start and building the analyzer; that fixed cost is measured apart as the
  scan of a one-row file with the same header;
- Presidio reference: `--reference-sample` rows spread evenly over the file; every non-empty cell is
  analysed by the reference engine (the full Presidio pipeline, cell by cell, nothing shared between
  equal values), timed without building the analyzer, and extrapolated per cell (rows × columns) to the
  whole file. The fast engine then scans the same sample (so that child's peak memory holds both
  engines), and the runner checks that both found the same entity types in the same columns, in as
  many cells, with the same best score.
- candidate-pattern floor: every recognizer's candidate pattern (`Detector.candidate_patterns`, Rust
  regexes) run once with `str.contains` on every column of every batch the scanner reads, and nothing
  else (no grouping, no analysis), in one process. A scan that loses no finding has at least to look
  at every cell for every kind of personal data; this is what that look costs with polars, so the
  ratios it gets are the best any scan built on these patterns could reach on this machine.
- extraction and checks floor: the vectorised engine's own first and checking steps alone, in one
  process: per batch, the distinct candidate values of every column with their recognizers
  (batch_scan.column_candidates, as the scan extracts them), then each compiled check
  (recognizers/vectorised) on the distinct values its recognizer's candidate matched, a note whole as one
  value (the scan checks its spans). No whole-cell regex, span, context, reading, profile or policy:
  what any scan that checks every candidate in polars costs before it decides anything.
Ratios: scan / bare read (wall over median eager read; also without the scan's fixed cost) and
reference / scan (extrapolated reference time over the scan's whole wall time, i.e. per cell; the scan
pays its start-up, the reference does not). `--memory-run` scans two sizes of the call export instead
(default `--rows` and ten times as many) and prints both peaks and their ratio. Times are wall-clock on whatever else the
machine is doing: the load average at the start is recorded with the machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import polars as pl

from benchmarks.generate_exports import CALLS_FILE, CRM_FILE, LABELS_FILE, LABELS_VERSION, generate
from benchmarks.measure import Measured, machine_info, run_measured

REPOSITORY = Path(__file__).resolve().parents[1]
DEFAULT_OUT_DIR = Path(tempfile.gettempdir()) / "ccscan-benchmark"
MB = 1_000_000  # file sizes and MB/s in decimal megabytes; memory in MiB
MEMORY_RUN_FACTOR = 10
# 1: findings at or above --fail-on, which the export is made to have (but also a Python traceback)
SCAN_EXIT_CODES = (0, 1)
PROBE = "import sys; from benchmarks.throughput import probe; probe(sys.argv[1:])"
SAMPLE_ROW = "__benchmark_row"
# Each export's field separator as the generator writes it: the bare read is told, as the scanner sniffs it.
SEPARATORS = {CALLS_FILE: ",", CRM_FILE: ";"}
EXPORTS = tuple(SEPARATORS)


def export(out_dir: Path, rows: int, seed: int, name: str = CALLS_FILE) -> Path:
    """The export `name` (one of `EXPORTS`) of `rows` rows for `seed`: reused when present, generated
    (with the others) otherwise."""
    folder = out_dir / f"exports-{rows}-seed{seed}"
    path, labels = folder / name, folder / LABELS_FILE
    # the generator writes labels.json last, so its presence means the CSVs are complete
    if path.exists() and labels.exists():
        written = json.loads(labels.read_text(encoding="utf-8"))
        if (written.get("rows"), written.get("seed"), written.get("labels_version")) == (
            rows,
            seed,
            LABELS_VERSION,
        ):
            return path
    generate(folder, rows, seed)
    return path


def call_export(out_dir: Path, rows: int, seed: int) -> Path:
    """The call-record export of `rows` rows for `seed`: reused when present, generated otherwise."""
    return export(out_dir, rows, seed, CALLS_FILE)


def separator_of(path: Path) -> str:
    """The field separator of a generated export (a comma for any other file)."""
    return SEPARATORS.get(path.name, ",")


def spread_sample(path: Path, sample_rows: int, out: Path) -> int:
    """Write `sample_rows` rows spread evenly over the CSV at `path` (with its header) to `out`."""
    separator = separator_of(path)
    total = pl.scan_csv(path, separator=separator, infer_schema=False).select(pl.len()).collect().item()
    wanted = sorted({index * total // sample_rows for index in range(min(sample_rows, total))})
    sample = (
        pl.scan_csv(path, separator=separator, infer_schema=False)
        .with_row_index(SAMPLE_ROW)
        .filter(pl.col(SAMPLE_ROW).is_in(wanted))
        .drop(SAMPLE_ROW)
        .collect()
    )
    sample.write_csv(out)
    return sample.height


def first_row_copy(path: Path, out: Path) -> None:
    """The header and first data row of the CSV at `path`, for measuring the scan's fixed cost."""
    pl.scan_csv(path, separator=separator_of(path), infer_schema=False).head(1).collect().write_csv(out)


# Child processes -------------------------------------------------------------------------------------


def _read_probe(kind: str, path: Path, repeats: int, batch_rows: int) -> dict:
    seconds, cpu_seconds, rows = [], [], 0
    separator = separator_of(path)
    for _ in range(repeats):
        started, cpu_started = time.perf_counter(), time.process_time()
        if kind == "eager":
            rows = pl.scan_csv(path, separator=separator, infer_schema=False).collect().height
        else:
            lazy = pl.scan_csv(path, separator=separator, infer_schema=False)
            batches = lazy.collect_batches(chunk_size=batch_rows)
            rows = sum(batch.height for batch in batches)
        seconds.append(time.perf_counter() - started)
        cpu_seconds.append(time.process_time() - cpu_started)  # all of polars' threads
    return {"seconds": seconds, "cpu_seconds": cpu_seconds, "rows": rows}


def _reference_probe(path: Path) -> dict:
    # imported here so that Presidio and spaCy load in this child only
    from recognizers.analyzer import DEFAULT_THRESHOLD
    from scanner.batch_scan import VALUE, distinct_entities
    from scanner.detector import build_detector
    from scanner.readers import open_tables

    with open_tables(path) as tables:
        frame = pl.concat(list(next(tables).batches(1_000_000)))
    started = time.perf_counter()
    reference = build_detector(DEFAULT_THRESHOLD, engine="reference")
    built, cpu_built = time.perf_counter(), time.process_time()
    by_cell: dict[tuple[str, int], tuple] = {}
    for name in frame.columns:
        for row, value in enumerate(frame.get_column(name)):
            if value is None or not value.strip():
                continue
            found = reference.analyze_cell(value, name)
            if found:
                by_cell[(name, row)] = found
    analysed, cpu_analysed = time.perf_counter(), time.process_time()
    # the default engine on the same cells: (type, score, span, reasons, flags) per cell, compared
    engine = build_detector(DEFAULT_THRESHOLD)
    engine_by_cell: dict[tuple[str, int], tuple] = {}
    for name in frame.columns:
        candidates, entities = distinct_entities(frame, name, engine, 0, Counter())
        # the findings: the engine's readings at or above the threshold (those below are the possible
        # tier's, which the fast engine looks for only where a bare number passes its check digit)
        by_value = {
            value: tuple(entity for entity in readings if entity.score >= DEFAULT_THRESHOLD)
            for value, readings in zip(candidates.get_column(VALUE).to_list(), entities)
        }
        for row, value in enumerate(frame.get_column(name)):
            if by_value.get(value):
                engine_by_cell[(name, row)] = by_value[value]
    differing = {
        key for key in by_cell.keys() | engine_by_cell.keys() if by_cell.get(key) != engine_by_cell.get(key)
    }
    return {
        "rows": frame.height,
        "columns": frame.width,
        "build_seconds": built - started,
        "analysis_seconds": analysed - built,
        "analysis_cpu_seconds": cpu_analysed - cpu_built,
        "entity_cells": sum(len(found) for found in by_cell.values()),
        "engine": "vectorised" if engine.vectorised else "fast",
        "cells_differing": len(differing),
        "columns_differing": sorted({name for name, _ in differing}),
        "fast_engine_identical": not differing,
    }


def _stages_probe(path: Path, batch_rows: int) -> dict:
    from recognizers.analyzer import DEFAULT_THRESHOLD
    from scanner.batch_scan import CPU, STAGES, scan_batch
    from scanner.detector import build_detector
    from scanner.readers import open_tables

    detector = build_detector(DEFAULT_THRESHOLD)
    stages: Counter[str] = Counter(dict.fromkeys([*STAGES, *(stage + CPU for stage in STAGES)], 0.0))
    rows, read_seconds = 0, 0.0
    started, cpu_started = time.perf_counter(), time.process_time()
    with open_tables(path) as tables:
        batches = next(tables).batches(batch_rows)
        while True:
            read_started = time.perf_counter()
            frame = next(batches, None)
            read_seconds += time.perf_counter() - read_started
            if frame is None:
                break
            scan_batch(frame, rows + 1, detector, stages=stages)
            rows += frame.height
    counts = detector.vectorised.counts if detector.vectorised else Counter()
    return {
        "rows": rows,
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu_started,
        "read_seconds": read_seconds,
        "stages": {stage: stages[stage] for stage in STAGES},
        "stages_cpu": {stage: stages[stage + CPU] for stage in STAGES},
        "values_vectorised": counts["vectorised"],
        "values_python": counts["fallback"],
    }


def _floor_probe(path: Path, batch_rows: int) -> dict:
    from recognizers.analyzer import DEFAULT_THRESHOLD
    from scanner.detector import build_detector
    from scanner.readers import open_tables

    patterns = build_detector(DEFAULT_THRESHOLD).candidate_patterns
    rows = matches = 0
    seconds = cpu_seconds = 0.0
    with open_tables(path) as tables:
        for frame in next(tables).batches(batch_rows):
            rows += frame.height
            started, cpu_started = time.perf_counter(), time.process_time()
            counts = frame.select(
                pl.col(name).str.contains(pattern).sum().alias(f"{column}/{index}")
                for column, name in enumerate(frame.columns)
                for index, pattern in enumerate(patterns)
            )
            seconds += time.perf_counter() - started
            cpu_seconds += time.process_time() - cpu_started
            matches += sum(counts.row(0))
    return {
        "rows": rows,
        "patterns": len(patterns),
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "cells_matched": matches,
    }


def _checked(values: pl.DataFrame, today: object, recognizer: object) -> int:
    """How many of `values` (text, recognizers) the compiled `recognizer`'s check read: those its
    candidate matched."""
    own = values.filter(pl.col("recognizers").list.contains(recognizer.index))
    return recognizer.check(own.select("text"), today).height if own.height else 0


def _design_floor_probe(path: Path, batch_rows: int) -> dict:
    import datetime

    from recognizers.analyzer import DEFAULT_THRESHOLD
    from scanner.batch_scan import VALUE, column_candidates
    from scanner.detector import build_detector
    from scanner.readers import open_tables
    from scanner.threads import in_threads
    from scanner.vectorised import compiled_recognizers

    detector = build_detector(DEFAULT_THRESHOLD)
    compiled, today = compiled_recognizers(detector), datetime.date.today()
    rows = checked = 0
    seconds = {"extract": 0.0, "checks": 0.0}
    cpu_seconds = {"extract": 0.0, "checks": 0.0}
    with open_tables(path) as tables:
        for frame in next(tables).batches(batch_rows):
            rows += frame.height
            started, cpu_started = time.perf_counter(), time.process_time()
            candidates = column_candidates(frame, frame.columns, detector)
            values = pl.concat([part.select(VALUE, "recognizers") for part in candidates.values()])
            extracted, cpu_extracted = time.perf_counter(), time.process_time()
            checked += sum(in_threads(partial(_checked, values.rename({VALUE: "text"}), today), compiled))
            seconds["extract"] += extracted - started
            seconds["checks"] += time.perf_counter() - extracted
            cpu_seconds["extract"] += cpu_extracted - cpu_started
            cpu_seconds["checks"] += time.process_time() - cpu_extracted
    return {
        "rows": rows,
        "seconds": sum(seconds.values()),
        "cpu_seconds": sum(cpu_seconds.values()),
        "parts": seconds,
        "parts_cpu": cpu_seconds,
        "recognizers": len(compiled),
        "values_checked": checked,
    }


def probe(argv: list[str]) -> None:
    """Entry point of the measured child processes: `read eager|streaming PATH REPEATS BATCH_ROWS`,
    `reference SAMPLE_PATH`, `stages PATH BATCH_ROWS`, `floor PATH BATCH_ROWS` or `design PATH BATCH_ROWS`.
    Prints one JSON object."""
    if argv[0] == "reference":
        result = _reference_probe(Path(argv[1]))
    elif argv[0] == "stages":
        result = _stages_probe(Path(argv[1]), int(argv[2]))
    elif argv[0] == "floor":
        result = _floor_probe(Path(argv[1]), int(argv[2]))
    elif argv[0] == "design":
        result = _design_floor_probe(Path(argv[1]), int(argv[2]))
    else:
        result = _read_probe(argv[1], Path(argv[2]), int(argv[3]), int(argv[4]))
    print(json.dumps(result))


def _run_child(argv: Sequence[str]) -> Measured:
    measured = run_measured([sys.executable, *argv], cwd=REPOSITORY)
    if measured.returncode not in SCAN_EXIT_CODES:
        command = " ".join(argv[:4])
        raise RuntimeError(f"{command} … exited {measured.returncode}: {measured.stderr[-2000:]}")
    return measured


def _memory(measured: Measured) -> dict:
    return {
        "peak_rss_mib": round(measured.peak_rss_mib, 1),
        "largest_process_rss_mib": round(measured.largest_process_rss_mib, 1),
        "sampled_tree_rss_mib": round(measured.sampled_tree_rss_mib, 1),
        "processes": measured.processes,
    }


def _rates(seconds: float, rows: int, size: int) -> dict:
    return {
        "seconds": round(seconds, 4),
        "rows_per_s": round(rows / seconds),
        "mb_per_s": round(size / MB / seconds, 2),
    }


# Measurements ----------------------------------------------------------------------------------------


def measure_read(kind: str, path: Path, repeats: int, batch_rows: int) -> dict:
    """One bare polars read of `path` (`eager` or `streaming`), median of `repeats`, in a child process."""
    measured = _run_child(["-c", PROBE, "read", kind, str(path), str(repeats), str(batch_rows)])
    result = json.loads(measured.stdout)
    median = statistics.median(result["seconds"])
    return {
        **_rates(median, result["rows"], path.stat().st_size),
        "cpu_seconds": round(statistics.median(result["cpu_seconds"]), 4),
        "repeats": result["seconds"],
        "rows": result["rows"],
        **_memory(measured),
    }


def measure_scan(
    path: Path, workers: int, batch_rows: int | None, report: Path, engine: str = "vectorised"
) -> dict:
    """ccscan's full scan of `path` as a child process: wall time, peak memory, what it found."""
    options = ["--workers", str(workers), "--engine", engine]
    options += ["--batch-rows", str(batch_rows)] if batch_rows else []
    report.unlink(missing_ok=True)
    measured = _run_child(["-m", "scanner", "scan", str(path), "-o", str(report), "--quiet", *options])
    if not report.exists():
        raise RuntimeError(f"the scan of {path} wrote no report: {measured.stderr[-2000:]}")
    summary = json.loads(report.read_text(encoding="utf-8"))["summary"]
    return {
        "workers": workers,
        "engine": engine,
        **_rates(measured.seconds, summary["rows"], path.stat().st_size),
        "cpu_seconds": round(measured.cpu_seconds, 2),
        **_memory(measured),
        "exit_code": measured.returncode,
        "rows_scanned": summary["rows"],
        "columns_with_personal_data": summary["columns_with_personal_data"],
        "findings_by_severity": summary["findings_by_severity"],
    }


def measure_reference(sample: Path, rows: int, columns: int, size: int) -> dict:
    """The reference engine cell by cell on the sample file, extrapolated per cell to `rows` rows."""
    measured = _run_child(["-c", PROBE, "reference", str(sample)])
    result = json.loads(measured.stdout)
    sample_cells = result["rows"] * result["columns"]
    per_cell = result["analysis_seconds"] / sample_cells
    cpu_per_cell = result["analysis_cpu_seconds"] / sample_cells
    return {
        "sample_rows": result["rows"],
        "sample_cells": sample_cells,
        "sample_seconds": round(result["analysis_seconds"], 3),
        "build_seconds": round(result["build_seconds"], 3),
        "seconds_per_cell": per_cell,
        "cpu_seconds_per_cell": cpu_per_cell,
        **_rates(per_cell * rows * columns, rows, size),
        "cpu_seconds": round(cpu_per_cell * rows * columns, 4),
        "entity_cells_in_sample": result["entity_cells"],
        "engine": result["engine"],
        "cells_differing": result["cells_differing"],
        "columns_differing": result["columns_differing"],
        "fast_engine_identical": result["fast_engine_identical"],
        **_memory(measured),
    }


def measure_floor(path: Path, batch_rows: int) -> dict:
    """The candidate patterns alone on every cell of `path`, in the scanner's batches (see the module
    docstring); the time excludes reading and building the analyzer."""
    measured = _run_child(["-c", PROBE, "floor", str(path), str(batch_rows)])
    result = json.loads(measured.stdout)
    return {
        **_rates(result["seconds"], result["rows"], path.stat().st_size),
        "cpu_seconds": round(result["cpu_seconds"], 4),
        "rows": result["rows"],
        "patterns": result["patterns"],
        "cells_matched": result["cells_matched"],
        **_memory(measured),
    }


def measure_design_floor(path: Path, batch_rows: int) -> dict:
    """The engine's own extraction and its compiled checks alone on `path` (see the module docstring),
    each timed apart; reading and building the analyzer excluded."""
    measured = _run_child(["-c", PROBE, "design", str(path), str(batch_rows)])
    result = json.loads(measured.stdout)
    return {
        **_rates(result["seconds"], result["rows"], path.stat().st_size),
        "cpu_seconds": round(result["cpu_seconds"], 4),
        "rows": result["rows"],
        "parts": {part: round(seconds, 3) for part, seconds in result["parts"].items()},
        "parts_cpu": {part: round(seconds, 3) for part, seconds in result["parts_cpu"].items()},
        "recognizers": result["recognizers"],
        "values_checked": result["values_checked"],
        **_memory(measured),
    }


def measure_stages(path: Path, batch_rows: int) -> dict:
    """The default engine's scan of every batch of `path` in one process, timed per stage
    (batch_scan.STAGES, wall and CPU seconds) and apart from reading; how many distinct values each
    path answered."""
    measured = _run_child(["-c", PROBE, "stages", str(path), str(batch_rows)])
    result = json.loads(measured.stdout)
    return {
        "rows": result["rows"],
        **_rates(result["seconds"], result["rows"], path.stat().st_size),
        "cpu_seconds": round(result["cpu_seconds"], 3),
        "read_seconds": round(result["read_seconds"], 3),
        "stages": {stage: round(seconds, 3) for stage, seconds in result["stages"].items()},
        "stages_cpu": {stage: round(seconds, 3) for stage, seconds in result["stages_cpu"].items()},
        "values_vectorised": result["values_vectorised"],
        "values_python": result["values_python"],
        **_memory(measured),
    }


def _file_facts(path: Path, rows: int, seed: int) -> dict:
    columns = len(pl.scan_csv(path, separator=separator_of(path), infer_schema=False).collect_schema())
    return {
        "path": str(path),
        "rows": rows,
        "columns": columns,
        "cells": rows * columns,
        "bytes": path.stat().st_size,
        "seed": seed,
    }


def measure_export(path: Path, args: argparse.Namespace, batch_rows: int) -> dict:
    """Every measurement of the module docstring on one export, with the ratios between them."""
    file = _file_facts(path, args.rows, args.seed)
    results: dict = {
        "file": file,
        "bare_read": {
            kind: measure_read(kind, path, args.read_repeats, batch_rows) for kind in ("eager", "streaming")
        },
        "scans": [],
        "candidate_floor": measure_floor(path, batch_rows),
        "design_floor": measure_design_floor(path, batch_rows),
        "stages": measure_stages(path, batch_rows),
    }
    with tempfile.TemporaryDirectory(prefix="ccscan-throughput-") as scratch:
        work = Path(scratch)
        first_row_copy(path, work / "one_row.csv")
        for engine in args.engines:
            for workers in args.workers:
                scan = measure_scan(path, workers, args.batch_rows, work / "report.json", engine)
                startup = measure_scan(
                    work / "one_row.csv", workers, args.batch_rows, work / "startup.json", engine
                )
                scan["startup_seconds"] = startup["seconds"]
                scan["startup_cpu_seconds"] = startup["cpu_seconds"]
                results["scans"].append(scan)
        spread_sample(path, args.reference_sample, work / "sample.csv")
        results["reference"] = measure_reference(
            work / "sample.csv", file["rows"], file["columns"], file["bytes"]
        )
    eager, streaming, reference, floor = (
        results["bare_read"]["eager"],
        results["bare_read"]["streaming"],
        results["reference"],
        results["candidate_floor"],
    )
    floor["ratios"] = {
        "floor_over_bare_read": round(floor["seconds"] / eager["seconds"], 2),
        "floor_cpu_over_bare_read_cpu": round(floor["cpu_seconds"] / eager["cpu_seconds"], 2),
        "reference_over_floor_per_cell": round(reference["seconds"] / floor["seconds"], 1),
    }
    design = results["design_floor"]
    design["ratios"] = {
        "design_floor_over_bare_read": round(design["seconds"] / eager["seconds"], 2),
        "extract_over_bare_read": round(design["parts"]["extract"] / eager["seconds"], 2),
        "design_floor_cpu_over_bare_read_cpu": round(design["cpu_seconds"] / eager["cpu_seconds"], 2),
    }
    for scan in results["scans"]:
        after_startup = max(scan["seconds"] - scan["startup_seconds"], 0)
        scan["ratios"] = {
            "scan_over_bare_read": round(scan["seconds"] / eager["seconds"], 2),
            "scan_over_streaming_read": round(scan["seconds"] / streaming["seconds"], 2),
            "scan_without_startup_over_bare_read": round(after_startup / eager["seconds"], 2),
            "scan_cpu_over_bare_read_cpu": round(scan["cpu_seconds"] / eager["cpu_seconds"], 2),
            "reference_over_scan_per_cell": round(reference["seconds"] / scan["seconds"], 1),
            "reference_cpu_over_scan_cpu_per_cell": round(reference["cpu_seconds"] / scan["cpu_seconds"], 1),
        }
    return results


def throughput(args: argparse.Namespace) -> dict:
    from scanner.plan import DEFAULT_BATCH_ROWS  # loads Presidio: only when measuring throughput

    paths = [export(args.out_dir, args.rows, args.seed, name) for name in args.exports]
    return {
        "machine": machine_info(REPOSITORY),
        "settings": {
            "workers": args.workers,
            "engines": args.engines,
            "batch_rows": args.batch_rows,
            "reference_sample": args.reference_sample,
            "read_repeats": args.read_repeats,
        },
        "exports": {
            path.name: measure_export(path, args, args.batch_rows or DEFAULT_BATCH_ROWS) for path in paths
        },
    }


def memory_run(args: argparse.Namespace) -> dict:
    sizes = (args.rows, args.memory_rows or MEMORY_RUN_FACTOR * args.rows)
    paths = {rows: call_export(args.out_dir, rows, args.seed) for rows in sizes}
    machine = machine_info(REPOSITORY)
    runs = []
    with tempfile.TemporaryDirectory(prefix="ccscan-memory-") as scratch:
        for workers in args.workers:
            for rows, path in paths.items():
                scan = measure_scan(path, workers, args.batch_rows, Path(scratch) / "report.json")
                runs.append({"file": _file_facts(path, rows, args.seed), **scan})
    ratios = {}
    for workers in args.workers:
        small, large = (run for run in runs if run["workers"] == workers)
        ratios[f"workers={workers}"] = round(large["peak_rss_mib"] / small["peak_rss_mib"], 3)
    return {
        "machine": machine,
        "settings": {"workers": args.workers, "batch_rows": args.batch_rows, "rows": list(sizes)},
        "memory_runs": runs,
        "peak_rss_ratio_large_over_small": ratios,
    }


# Output ----------------------------------------------------------------------------------------------


def _line(label: str, entry: dict) -> str:
    return (
        f"{label:<44}{entry['seconds']:>10.2f}{entry['cpu_seconds']:>10.2f}{entry['rows_per_s']:>12,}"
        f"{entry['mb_per_s']:>9.2f}{entry['peak_rss_mib']:>10.0f}"
        f"{entry['largest_process_rss_mib']:>10.0f}"
    )


HEADER = f"{'':<44}{'wall s':>10}{'cpu s':>10}{'rows/s':>12}{'MB/s':>9}{'peak MiB':>10}{'1 proc':>10}"


def print_machine(machine: dict) -> None:
    print(
        f"machine: {machine['usable_cores']} cores, {machine['cpu_model']}, "
        f"{machine['memory_total_mib']} MiB memory, "
        f"python {machine['python']}, polars {machine['polars']}, "
        f"load {machine['load_average_1m_at_start']} at start, git {(machine['git']['head'] or '?')[:7]}"
        f"{' with uncommitted changes' if machine['git']['uncommitted_changes'] else ''}"
    )


def print_throughput(results: dict) -> None:
    print_machine(results["machine"])
    for measured in results["exports"].values():
        print()
        print_export(measured, results["settings"]["read_repeats"])


def print_export(results: dict, repeats: int) -> None:
    file, reference = results["file"], results["reference"]
    print(
        f"{Path(file['path']).name}: {file['rows']:,} rows × {file['columns']} columns, "
        f"{file['bytes'] / MB:.1f} MB (seed {file['seed']})"
    )
    print(HEADER)
    print(_line(f"bare read, eager (median of {repeats})", results["bare_read"]["eager"]))
    print(_line(f"bare read, streaming (median of {repeats})", results["bare_read"]["streaming"]))
    for scan in results["scans"]:
        print(
            _line(f"ccscan scan --engine {scan['engine']}, {scan['workers']} worker(s)", scan)
            + f"   (startup {scan['startup_seconds']:.1f} s, {scan['startup_cpu_seconds']:.1f} s cpu)"
        )
    print(
        _line(f"Presidio reference, {reference['sample_rows']} rows extrapolated", reference)
        + f"   ({reference['seconds_per_cell'] * 1000:.2f} ms/cell)"
    )
    floor = results["candidate_floor"]
    print(_line(f"candidate patterns alone ({floor['patterns']} per column)", floor))
    design = results["design_floor"]
    print(_line(f"extraction + {design['recognizers']} compiled checks alone", design))
    stages = results["stages"]
    print(
        _line(
            "scan stages in one process (default engine)",
            {**stages, "largest_process_rss_mib": stages["largest_process_rss_mib"]},
        )
    )
    print(
        "  stages, wall (cpu) seconds: "
        + ", ".join(
            f"{stage} {seconds:.2f} ({stages['stages_cpu'][stage]:.2f})"
            for stage, seconds in stages["stages"].items()
        )
        + f"; reading {stages['read_seconds']:.2f}"
    )
    answered = stages["values_vectorised"] + stages["values_python"]
    print(
        f"  distinct candidate values: {stages['values_vectorised']:,} answered in polars, "
        f"{stages['values_python']:,} in Python ({stages['values_python'] / max(answered, 1):.0%} fallback)"
    )
    print(
        f"sample findings identical ({reference['engine']} engine vs Presidio, cell by cell: type, score, "
        f"span, reasons, flags): {reference['fast_engine_identical']} "
        f"({reference['cells_differing']} cells differ{', in ' + ', '.join(reference['columns_differing']) if reference['columns_differing'] else ''})"
    )
    for scan in results["scans"]:
        ratios = scan["ratios"]
        print(
            f"--engine {scan['engine']}, {scan['workers']} worker(s): scan / bare read {ratios['scan_over_bare_read']}× "
            f"(streaming {ratios['scan_over_streaming_read']}×, without startup "
            f"{ratios['scan_without_startup_over_bare_read']}×; "
            f"cpu {ratios['scan_cpu_over_bare_read_cpu']}×); "
            f"reference / scan per cell {ratios['reference_over_scan_per_cell']}× "
            f"(cpu {ratios['reference_cpu_over_scan_cpu_per_cell']}×)"
        )
    ratios = floor["ratios"]
    print(
        f"candidate-pattern floor: {ratios['floor_over_bare_read']}× the bare read "
        f"(cpu {ratios['floor_cpu_over_bare_read_cpu']}×), reference / floor per cell "
        f"{ratios['reference_over_floor_per_cell']}×"
    )
    ratios = design["ratios"]
    print(
        f"extraction and checks floor: {ratios['design_floor_over_bare_read']}× the bare read "
        f"(cpu {ratios['design_floor_cpu_over_bare_read_cpu']}×; extraction {design['parts']['extract']:.2f} s "
        f"= {ratios['extract_over_bare_read']}×, checks {design['parts']['checks']:.2f} s on "
        f"{design['values_checked']:,} (column value, recognizer) pairs)"
    )


def print_memory_run(results: dict) -> None:
    print_machine(results["machine"])
    print(HEADER)
    for run in results["memory_runs"]:
        file = run["file"]
        print(_line(f"{file['rows']:,} rows, {file['bytes'] / MB:.1f} MB, {run['workers']} worker(s)", run))
    for workers, ratio in results["peak_rss_ratio_large_over_small"].items():
        print(f"{workers}: peak RSS large / small = {ratio}")


def main(argv: Sequence[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, required=True, help="rows of each export")
    parser.add_argument(
        "--exports", nargs="+", choices=EXPORTS, default=list(EXPORTS), help="measure these exports, in turn"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--out-dir", type=Path, default=DEFAULT_OUT_DIR, help="where exports are generated and kept"
    )
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[1], help="scan with each of these worker counts"
    )
    parser.add_argument(
        "--engines", nargs="+", default=["vectorised"], help="scan with each of these --engine values"
    )
    parser.add_argument("--batch-rows", type=int, help="the scanner's --batch-rows (default: its own)")
    parser.add_argument(
        "--reference-sample", type=int, default=300, help="rows analysed by the reference engine"
    )
    parser.add_argument("--read-repeats", type=int, default=3, help="bare reads per kind (median reported)")
    parser.add_argument(
        "--memory-run", action="store_true", help="scan --rows and --memory-rows rows; compare the peaks"
    )
    parser.add_argument(
        "--memory-rows", type=int, help=f"larger size of the memory run (default {MEMORY_RUN_FACTOR}× --rows)"
    )
    args = parser.parse_args(argv)
    if args.memory_run:
        results = memory_run(args)
        print_memory_run(results)
    else:
        results = throughput(args)
        print_throughput(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
