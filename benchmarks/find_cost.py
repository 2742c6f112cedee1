"""Cost of `ccscan find` against `ccscan scan` of the same export, and memory by number of subjects.

    python -m benchmarks.find_cost --rows 400000 [--subjects 10000] [--out-dir DIR] [--json FILE]

On the call-record export (`benchmarks.generate_exports`, reused when present), three child processes,
each measured by `benchmarks.measure.run_measured` (wall time from start to exit, CPU, peak RSS):
- `ccscan scan FILE --quiet`;
- `ccscan find --subjects S FILE --quiet` with `--subjects` subjects: one in ten a customer of the
  export (the phone of a caller, the national ID of a customer), the rest generated people who are not
  in it, each with a national ID and a phone;
- the same search with ten of those subjects, to show what the subjects themselves cost in memory.
Targets (issue #17): the search costs at most 1.5 times the scan; memory grows only by the subjects'
keys. Times are wall-clock on whatever else the machine is doing.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from pathlib import Path
from random import Random

import polars as pl

from benchmarks.generate_exports import CALLS_FILE, COUNTRY_WEIGHTS, generate
from benchmarks.measure import machine_info, run_measured
from benchmarks.synthetic.notes import national_id, phone
from recognizers.canonical import NotAnIdentifier, national_id_writings, phone_readings

REPOSITORY = Path(__file__).resolve().parents[1]
DEFAULT_OUT_DIR = Path(tempfile.gettempdir()) / "ccscan-benchmark"
FOUND_SHARE = 0.1
SMALL_SUBJECTS = 10


def _usable(national: str, number: str) -> bool:
    try:
        national_id_writings(national), phone_readings(number)
    except NotAnIdentifier:
        return False
    return True


def write_subjects(export: Path, count: int, path: Path, seed: int = 0) -> int:
    """`count` subjects into `path` (CSV); returns how many were taken from the export."""
    rng = Random(f"{seed}:subjects")
    calls = pl.read_csv(
        export, infer_schema=False, columns=["direction", "caller", "callee", "customer_national_id"]
    )
    # the customer is the caller of an inbound call and the callee of an outbound one (the other is the
    # company's own switchboard, on a fifth of all rows)
    customer_phone = pl.when(pl.col("direction") == "inbound").then("caller").otherwise("callee")
    customers = (
        calls.filter(pl.col("customer_national_id").is_not_null())
        .select(customer_phone.alias("phone"), "customer_national_id")
        .unique(subset="customer_national_id", maintain_order=True)
    )
    from_export = [
        (national, number)
        for number, national in customers.head(count * 4).iter_rows()
        if _usable(national, number)
    ][: int(count * FOUND_SHARE)]
    countries, weights = list(COUNTRY_WEIGHTS), list(COUNTRY_WEIGHTS.values())
    generated = []
    while len(from_export) + len(generated) < count:
        country = rng.choices(countries, weights)[0]
        national, number = national_id(rng, country)[0], phone(rng, country)[0]
        if _usable(national, number):
            generated.append((national, number))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["label", "national_id", "phone"])
        for index, (national, number) in enumerate(from_export + generated):
            writer.writerow([f"REQ-{index:05d}", national, number])
    return len(from_export)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=400_000)
    parser.add_argument("--subjects", type=int, default=10_000)
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    export = args.out_dir / CALLS_FILE
    labels = args.out_dir / "labels.json"
    if not (export.exists() and labels.exists() and json.loads(labels.read_text())["rows"] == args.rows):
        generate(args.out_dir, args.rows, args.seed)
    many, few = args.out_dir / "subjects.csv", args.out_dir / "subjects_small.csv"
    taken = write_subjects(export, args.subjects, many, args.seed)
    with many.open(encoding="utf-8") as source:
        few.write_text("".join(line for _, line in zip(range(SMALL_SUBJECTS + 1), source)), encoding="utf-8")
    with tempfile.TemporaryDirectory() as scratch:
        command = [sys.executable, "-m", "scanner"]
        runs = {
            "scan": [*command, "scan", str(export), "-o", f"{scratch}/scan.json", "--quiet"],
            "find": [
                *command,
                "find",
                "--subjects",
                str(many),
                str(export),
                "-o",
                f"{scratch}/find.json",
                "-q",
            ],
            "find_small": [
                *command,
                "find",
                "--subjects",
                str(few),
                str(export),
                "-o",
                f"{scratch}/f.json",
                "-q",
            ],
        }
        measured = {name: run_measured(argv, cwd=REPOSITORY) for name, argv in runs.items()}
        found = json.loads(Path(f"{scratch}/find.json").read_text())["summary"]
    for name, result in measured.items():
        if result.returncode not in (0, 1):
            raise SystemExit(f"{name} failed ({result.returncode}): {result.stderr[-2000:]}")
    results = {
        "machine": machine_info(REPOSITORY),
        "rows": args.rows,
        "subjects": args.subjects,
        "subjects_from_export": taken,
        "found": found,
        "runs": {
            name: {
                "seconds": round(result.seconds, 2),
                "cpu_seconds": round(result.cpu_seconds, 2),
                "peak_rss_mib": round(result.peak_rss_mib, 1),
            }
            for name, result in measured.items()
        },
    }
    results["find_over_scan"] = round(measured["find"].seconds / measured["scan"].seconds, 3)
    results["memory_of_subjects_mib"] = round(
        measured["find"].peak_rss_mib - measured["find_small"].peak_rss_mib, 1
    )
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
