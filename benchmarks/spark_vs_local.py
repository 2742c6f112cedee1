"""The local engine against Spark on the same generated files: rows per second, and identical reports.

    python -m benchmarks.spark_vs_local --rows 20000 --files 4 [--master local[2]] [--out-dir DIR]
        [--seed S] [--json results.json]

Writes a multi-file export (`--files` parts of `benchmarks.generate_exports`, a CRM export and a
call-record export of `--rows` rows each per part) into `--out-dir`, reused when a previous run left
the same one, and scans it four ways, each `python -m scanner scan` in a child process of its own:
- local: the local engine, one process (`--workers 1`), and two worker processes (`--workers 2`);
- spark paths: `--engine spark --spark-master MASTER` on the folder: ccscan reads on the driver, the
  batches are scanned in Spark tasks;
- spark uri: the same on the folder's `file://` URI: each file is read and scanned in a Spark task.
Each wall time includes the start-up (interpreter, analyzer, and for Spark the JVM, the session and the
Python workers, each building its analyzer); that fixed cost is measured apart, as the same scan of a
50-row export, and rows/s are given both ways (`rows_per_s` and `rows_per_s_after_start`). The runner
checks that the four reports are equal apart from the time, the engine and the URI's prefix. Times are
wall-clock on whatever else the machine runs: the load average at the start is recorded with the machine.
Peak memory sums the process tree (Spark's JVM and Python workers included); CPU time is not given, as
`wait4` does not see the JVM's.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from benchmarks.generate_exports import LABELS_FILE, generate
from benchmarks.measure import Measured, machine_info, run_measured

REPOSITORY = Path(__file__).resolve().parents[1]
DEFAULT_OUT_DIR = Path(tempfile.gettempdir()) / "ccscan-spark-benchmark"
SCAN_EXIT_CODES = (0, 1)  # 1: findings at or above --fail-on, which the export is made to have
# the export whose scan measures the fixed cost: a few rows, so that every retention rule finds its rows
START_UP_ROWS = 50


def multi_file_export(folder: Path, rows: int, files: int, seed: int) -> Path:
    """`files` parts of `rows` rows per export under `folder`, reused when complete."""
    marker = folder / "complete.json"
    wanted = {"rows": rows, "files": files, "seed": seed}
    if marker.exists() and json.loads(marker.read_text()) == wanted:
        return folder / "export"
    for part in range(files):
        generate(folder / "export" / f"part-{part}", rows, seed + part)
        (folder / "export" / f"part-{part}" / LABELS_FILE).unlink()
    marker.write_text(json.dumps(wanted))
    return folder / "export"


def _scan(target: str, report: Path, options: list[str]) -> tuple[Measured, dict]:
    command = [sys.executable, "-m", "scanner", "scan", target, "-o", str(report), "--quiet", *options]
    measured = run_measured(command, cwd=REPOSITORY)
    if measured.returncode not in SCAN_EXIT_CODES:
        raise RuntimeError(f"{' '.join(command)} exited {measured.returncode}: {measured.stderr[-2000:]}")
    document = json.loads(report.read_text())
    document.pop("scanned_at")
    document["config"].pop("engine")
    return measured, document


def run(rows: int, files: int, master: str, out_dir: Path, seed: int) -> dict:
    export = multi_file_export(out_dir / f"export-{rows}x{files}-seed{seed}", rows, files, seed)
    tiny = multi_file_export(out_dir / f"export-{START_UP_ROWS}x1-seed{seed}", START_UP_ROWS, 1, seed)
    total_rows = 2 * rows * files
    spark = ["--engine", "spark", "--spark-master", master]
    ways = {
        "local, 1 process": ("path", ["--workers", "1"]),
        "local, 2 processes": ("path", ["--workers", "2"]),
        f"spark {master}, paths (read on the driver)": ("path", spark),
        f"spark {master}, file:// URI (read in tasks)": ("uri", spark),
    }
    results, reports = {}, {}
    for name, (kind, options) in ways.items():
        fixed, _ = _scan(tiny.as_uri() if kind == "uri" else str(tiny), out_dir / "tiny.json", options)
        target = export.as_uri() if kind == "uri" else str(export)
        measured, document = _scan(target, out_dir / "report.json", options)
        reports[name] = json.loads(json.dumps(document).replace(export.as_uri(), str(export)))
        after_start = max(measured.seconds - fixed.seconds, 1e-9)
        results[name] = result = {
            "seconds": round(measured.seconds, 2),
            "start_up_seconds": round(fixed.seconds, 2),
            "rows_per_s": round(total_rows / measured.seconds),
            "rows_per_s_after_start": round(total_rows / after_start),
            "peak_rss_mib": round(measured.peak_rss_mib),
        }
        print(
            f"{name:46} {measured.seconds:7.1f} s (start-up {fixed.seconds:5.1f} s) "
            f"{result['rows_per_s']:7} rows/s, {result['rows_per_s_after_start']:7} after start-up",
            flush=True,
        )
    first, *others = reports.values()
    csv_files = list(export.rglob("*.csv"))
    return {
        "machine": machine_info(REPOSITORY),
        "export": {"files": 2 * files, "rows": total_rows, "bytes": sum(p.stat().st_size for p in csv_files)},
        "master": master,
        "results": results,
        "reports_identical": all(report == first for report in others),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000, help="rows of each export of a part")
    parser.add_argument("--files", type=int, default=4, help="parts (each a CRM and a call-record export)")
    parser.add_argument("--master", default="local[2]", help="Spark master for the Spark runs")
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="write the results here")
    arguments = parser.parse_args(argv)
    arguments.out_dir.mkdir(parents=True, exist_ok=True)
    results = run(arguments.rows, arguments.files, arguments.master, arguments.out_dir, arguments.seed)
    print(f"reports identical: {results['reports_identical']}")
    if arguments.json:
        arguments.json.write_text(json.dumps(results, indent=2) + "\n")
    if not results["reports_identical"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
