"""Scanning the call table in PostgreSQL against exporting it and scanning the export.

    python -m benchmarks.database_scan --url postgresql://postgres@/bench?host=/tmp/pg \
        --csv call_records.csv [--json results.json]

`--csv` is the call table of `benchmarks.generate_exports` (400 000 rows ≈ 110 MB); it is loaded into a
typed table `calls` (uuid, bigint call reference, timestamps, integer duration, text) with psql's
`\\copy`. Then, each as a child process with its wall time, CPU time and peak memory:
- `COPY calls TO` a CSV file (psql's `\\copy`): what an export costs before any scan;
- `ccscan scan` of the table in the database, at two batch sizes (memory follows the batch, not the
  table);
- `ccscan scan` of the exported CSV file: the scan of an export, for the same rows.
The URL's role must be allowed to create the table; the scans read it through the same URL.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from benchmarks.measure import Measured, machine_info, run_measured

CALLS_TABLE = """
DROP TABLE IF EXISTS calls;
CREATE TABLE calls (
  call_id uuid PRIMARY KEY, call_ref bigint, started_at timestamp, ended_at timestamp, duration_s integer,
  direction text, caller text, callee text, agent_id text, agent_name text, queue text,
  recording_url text, notes text, customer_national_id text
)
"""
BATCH_ROWS = (50_000, 10_000)


def _psql(url: str, command: str) -> Measured:
    measured = run_measured(["psql", "--no-psqlrc", "-v", "ON_ERROR_STOP=1", "-q", url, "-c", command])
    if measured.returncode:
        raise RuntimeError(f"psql failed: {measured.stderr.strip()[-500:]}")
    return measured


def load_calls(url: str, csv: Path) -> None:
    """The call export as the typed table `calls`, analysed (so its row estimate is right)."""
    _psql(url, CALLS_TABLE)
    _psql(url, f"\\copy calls FROM '{csv}' CSV HEADER")
    _psql(url, "ANALYZE calls")


def _facts(measured: Measured) -> dict:
    return {
        "seconds": round(measured.seconds, 2),
        "cpu_seconds": round(measured.cpu_seconds, 2),
        "peak_rss_mib": round(measured.peak_rss_mib, 1),
    }


def _scan(target: str, report: Path, *options: str) -> dict:
    argv = [sys.executable, "-m", "scanner", "scan", target, "-o", str(report), "--quiet", *options]
    measured = run_measured(argv)
    if not report.exists():
        raise RuntimeError(f"the scan of {target} wrote no report: {measured.stderr[-1000:]}")
    document = json.loads(report.read_text(encoding="utf-8"))
    summary = document["summary"]
    errors = [error for entry in document["files"] for error in entry["errors"]]
    if errors:
        raise RuntimeError(f"the scan of {target} reported errors: {errors}")
    return _facts(measured) | {
        "rows": summary["rows"],
        "rows_per_second": round(summary["rows"] / measured.seconds),
        "columns_with_personal_data": summary["columns_with_personal_data"],
        "findings_by_severity": summary["findings_by_severity"],
    }


def measure(url: str, csv: Path, folder: Path) -> dict:
    load_calls(url, csv)
    export = folder / "calls_export.csv"
    copy = _psql(url, f"\\copy calls TO '{export}' CSV HEADER")
    results: dict = {"copy_to_csv": _facts(copy) | {"bytes": export.stat().st_size}}
    for batch_rows in BATCH_ROWS:
        results[f"scan_database_batch_{batch_rows}"] = _scan(
            url, folder / "database.json", "--include", "public.calls", "--batch-rows", str(batch_rows)
        )
    results["scan_csv_export"] = _scan(str(export), folder / "export.json")
    return results


def print_results(results: dict) -> None:
    for name, facts in results.items():
        if name == "machine":
            continue
        rate = f", {facts['rows_per_second']} rows/s" if "rows_per_second" in facts else ""
        print(
            f"{name:32} {facts['seconds']:8.2f} s  CPU {facts['cpu_seconds']:8.2f} s  "
            f"peak RSS {facts['peak_rss_mib']:7.1f} MiB{rate}"
        )


def main(argv: Sequence[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", required=True, help="PostgreSQL URL of a database the role may create in")
    parser.add_argument("--csv", type=Path, required=True, help="call_records.csv of generate_exports")
    parser.add_argument("--json", type=Path, help="write the results here too")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ccscan-db-bench-") as folder:
        Path(folder).chmod(0o777)  # psql's \copy writes as the caller, the server never touches it
        results = measure(args.url, args.csv.resolve(), Path(folder))
    results["machine"] = machine_info(Path(__file__).resolve().parents[1])
    print_results(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return results


if __name__ == "__main__":
    try:
        main()
    except (RuntimeError, subprocess.SubprocessError) as error:
        print(f"database_scan: {error}", file=sys.stderr)
        sys.exit(2)
