"""ccscan against open-source peers on the same generated exports, in the same run: time, memory, recall.

    python -m benchmarks.peers --rows 20000 [--seed S] [--out-dir DIR] [--peers-venv DIR]
        [--presidio-rows 2000] [--json out.json]

The peer is piilint (PyPI: "Local-first PII scanner for notebooks, CSV, JSON, Parquet …"), installed in a
virtual environment of its own, never as a ccscan dependency:

    python3 -m venv /work/peers-venv && /work/peers-venv/bin/pip install piilint

`--peers-venv` (default `$CCSCAN_PEERS_VENV`, else /work/peers-venv) is where its `piilint` command is
looked for, then the PATH; without it the module stops with a one-line message.

Files: both exports of `benchmarks.generate_exports` (reused as `benchmarks.throughput` does). piilint
reads every `.csv` as comma-separated, so the semicolon-separated CRM export is rewritten once with
commas (same cells, same header) and both tools scan that copy: the same bytes for both.

The baseline is Presidio as a new user gets it (ccscan's own dependency, nothing to install): the stock
`AnalyzerEngine` with the predefined English recognizers over a blank spaCy pipeline (no model can be
downloaded here, so no NER), fed column by column through Presidio's `BatchAnalyzerEngine.analyze_dict`
(the column name as context), scored at its default threshold 0 and at 0.5. At about a millisecond a
cell it would take hours on a large export, so it scans an export of its own of `--presidio-rows`
rows (the same generator and seed, its own labels): its rows/s compare, its seconds do not.

Each tool runs as a child process (`benchmarks.measure.run_measured`: wall and CPU seconds, peak RSS of
its process tree): `python -m scanner scan FILE -o REPORT --quiet` (default settings, one worker) and
`piilint scan FILE --format json --sample ROWS` (default settings; `--sample` with every row, since
piilint otherwise reads only the first 50 000 rows of a file above 250 MB).

Scoring: both reports count per column, not per cell position, so recall and precision are counted per
(column, category) and summed per category: true positives = min(reported, planted), false positives
= reported − that, missed = planted − that. Each tool is scored in the unit it reports: ccscan's report
counts cells per category (`columns[].categories`), scored against the cells planted with that category
(labels.json `cells`); piilint counts matches per entity (`matched_count`), scored against the values
planted (labels.json `columns`). A miss and a false positive of the same category in the same column
cancel out (notes, where decoys sit beside identifiers): the scores are upper bounds of what a per-span
match would give, the same way for both tools.
Presidio counts results (matches) like piilint. Categories are ccscan's
(`recognizers.entities.category_of`); piilint's entities map to them by `PIILINT_CATEGORY`, Presidio's
by `benchmarks.precision_recall.PRESIDIO_CATEGORY`. Only categories planted in the exports are scored
(national ID, phone, email, bank account, payment card, business ID, person, address: name columns and
street addresses, not names inside notes); piilint's DOB and Presidio's dates, URLs and UUIDs have no
category here: what a tool reports of those is listed apart, by column, not scored. Without a spaCy
model (none can be downloaded here) neither peer looks for names or addresses. piilint drops
emails on example.com/.org/.net as test data, and the exports' emails are all there (`CAVEATS`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import polars as pl

from benchmarks.generate_exports import CALLS_FILE, CRM_FILE, LABELS_FILE, TYPE_SET_SEPARATOR
from benchmarks.measure import Measured, machine_info, run_measured
from benchmarks.throughput import DEFAULT_OUT_DIR, MB, REPOSITORY, export, separator_of

DEFAULT_PEERS_VENV = Path("/work/peers-venv")
DEFAULT_PRESIDIO_ROWS = 2000
PRESIDIO_THRESHOLDS = (0.0, 0.5)  # Presidio's default, and the usual one
PRESIDIO_PROBE = "import sys; from benchmarks.peers import presidio_probe; presidio_probe(sys.argv[1])"
PEERS_VENV_VARIABLE = "CCSCAN_PEERS_VENV"
COMMA_FOLDER = "comma-separated"
# Exit codes that mean "scanned": 1 is "findings at or above the failing severity" for both tools.
SCANNED_EXIT_CODES = (0, 1)
# piilint's entity types (piilint.findings.EntityType) in ccscan's categories. A US, Canadian, British or
# Dutch identifier claims a person's government identifier, so it is a NATIONAL_ID: right when it
# happens to cover a Nordic identity number, a false positive anywhere else. DOB has no category here.
PIILINT_CATEGORY: dict[str, str] = {
    "CREDIT_CARD": "PAYMENT_CARD",
    "SSN_US": "NATIONAL_ID",
    "SIN_CA": "NATIONAL_ID",
    "NINO_UK": "NATIONAL_ID",
    "BSN_NL": "NATIONAL_ID",
    "IBAN": "BANK_ACCOUNT",
    "EMAIL": "EMAIL",
    "PHONE": "PHONE",
    "IP_ADDRESS": "IP_ADDRESS",
    "PERSON": "PERSON",
    "ADDRESS": "ADDRESS",
}
# What a reader of the scores must know about a peer on this data.
CAVEATS = {
    "piilint": "piilint takes addresses on example.com/.org/.net for test data and drops them below its "
    "confidence threshold (piilint.policy.is_test_data); the exports' emails are all on those domains, "
    "so its EMAIL recall here is not its recall on real addresses"
}

# (column, category) -> count
Counts = Counter[tuple[str, str]]


class PeerMissing(Exception):
    """A peer this benchmark needs is not installed where it is looked for."""


# Labels and reports as counts per (column, category) --------------------------------------------------


def label_category(entity_type: str) -> str | None:
    """The category of a planted label's type; None for decoys, protected values and anything else."""
    from recognizers.entities import OTHER, category_of  # loads the recognizer classes

    category = category_of(entity_type)
    return None if category == OTHER else category


def planted_values(columns: Mapping[str, Mapping[str, int]]) -> Counts:
    """Planted values per (column, category), from one file's labels.json `columns`."""
    counts: Counts = Counter()
    for column, types in columns.items():
        for entity_type, count in types.items():
            category = label_category(entity_type)
            if category:
                counts[column, category] += count
    return counts


def planted_cells(cells: Mapping[str, Mapping[str, int]]) -> Counts:
    """Cells per (column, category) holding at least one planted value of it, from one file's labels.json
    `cells` (counts per set of types planted together in a cell)."""
    counts: Counts = Counter()
    for column, type_sets in cells.items():
        for type_set, count in type_sets.items():
            categories = {label_category(entity_type) for entity_type in type_set.split(TYPE_SET_SEPARATOR)}
            for category in categories - {None}:
                counts[column, category] += count
    return counts


def ccscan_counts(report: Mapping) -> Counts:
    """Cells per (column, category) of a ccscan JSON report of one file."""
    (file,) = report["files"]
    return Counter(
        {
            (column["name"], category): cells
            for column in file["columns"]
            for category, cells in column["categories"].items()
        }
    )


def _by_category(
    found: Iterable[tuple[str, str, int]], categories: Mapping[str, str]
) -> tuple[Counts, Counts]:
    """(column, entity, count) triples as counts per (column, category), and those of entities with no
    category here per (column, entity)."""
    mapped: Counts = Counter()
    unmapped: Counts = Counter()
    for column, entity, count in found:
        category = categories.get(entity)
        if category:
            mapped[column, category] += count
        else:
            unmapped[column, entity] += count
    return mapped, unmapped


def piilint_counts(report: Mapping) -> tuple[Counts, Counts]:
    """Matches per (column, category) of a piilint JSON report of one file, and those of entities with no
    category here, per (column, piilint entity)."""
    found = (
        (finding.get("column") or "", finding["entity"], finding["matched_count"])
        for finding in report["findings"]
    )
    return _by_category(found, PIILINT_CATEGORY)


def presidio_counts(counts: Mapping[str, Mapping[str, int]]) -> tuple[Counts, Counts]:
    """Results per (column, category) of `presidio_probe`'s counts at one threshold (column -> entity
    type -> results), and those of entity types with no category here, per (column, entity type)."""
    from benchmarks.precision_recall import PRESIDIO_CATEGORY  # loads Presidio

    found = (
        (column, entity, count) for column, entities in counts.items() for entity, count in entities.items()
    )
    return _by_category(found, PRESIDIO_CATEGORY)


# Scoring ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """One category's counts summed over columns, each column capped at what was planted in it."""

    planted: int
    reported: int
    found: int

    @property
    def recall(self) -> float | None:
        return self.found / self.planted if self.planted else None

    @property
    def precision(self) -> float | None:
        return self.found / self.reported if self.reported else None


def score(reported: Counts, planted: Counts, categories: Iterable[str]) -> dict[str, Score]:
    """Per category: planted, reported and found (Σ over columns of min(reported, planted))."""
    scores = {}
    for category in categories:
        columns = {column for column, of in reported.keys() | planted.keys() if of == category}
        scores[category] = Score(
            planted=sum(planted[column, category] for column in columns),
            reported=sum(reported[column, category] for column in columns),
            found=sum(min(reported[column, category], planted[column, category]) for column in columns),
        )
    return scores


def total(scores: Mapping[str, Score]) -> Score:
    """All scored categories together."""
    return Score(
        planted=sum(entry.planted for entry in scores.values()),
        reported=sum(entry.reported for entry in scores.values()),
        found=sum(entry.found for entry in scores.values()),
    )


def not_scored(reported: Counts, scored: Iterable[str]) -> dict[str, int]:
    """What was reported outside the scored categories, as "column: kind" -> count."""
    kept = set(scored)
    return {
        f"{column}: {kind}": count for (column, kind), count in sorted(reported.items()) if kind not in kept
    }


# Running the tools -----------------------------------------------------------------------------------


def find_piilint(peers_venv: Path | None) -> Path:
    """The piilint command in `peers_venv` (or $CCSCAN_PEERS_VENV, or the default venv), else on the PATH."""
    venv = peers_venv or Path(os.environ.get(PEERS_VENV_VARIABLE, DEFAULT_PEERS_VENV))
    command = venv / "bin" / "piilint"
    if command.exists():
        return command
    found = shutil.which("piilint")
    if found:
        return Path(found)
    raise PeerMissing(
        f"piilint is not installed in {venv} nor on the PATH: python3 -m venv {venv} && "
        f"{venv}/bin/pip install piilint (or pass --peers-venv DIR)"
    )


def presidio_probe(path: str) -> None:
    """Child process: stock Presidio on every non-empty cell of the CSV at `path`, column by column.
    Prints one JSON object: results per threshold, column and entity type, and the build and analysis
    seconds."""
    import time

    # tldextract (Presidio's email recognizer) reads this when first imported: keep it offline.
    os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""
    import spacy
    from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    started = time.perf_counter()
    nlp_engine = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": "blank"}])
    nlp_engine.nlp = {"en": spacy.blank("en")}
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp_engine)
    batch = BatchAnalyzerEngine(AnalyzerEngine(registry=registry, nlp_engine=nlp_engine))
    built = time.perf_counter()
    frame = pl.read_csv(path, infer_schema=False)
    columns = {name: [value or "" for value in frame.get_column(name).to_list()] for name in frame.columns}
    counts: dict[str, dict[str, Counter[str]]] = {str(t): {} for t in PRESIDIO_THRESHOLDS}
    for column in batch.analyze_dict(columns, language="en"):
        for threshold in PRESIDIO_THRESHOLDS:
            counts[str(threshold)][column.key] = Counter(
                result.entity_type
                for results in column.recognizer_results
                for result in results
                if result.score >= threshold
            )
    print(
        json.dumps(
            {
                "rows": frame.height,
                "build_seconds": built - started,
                "analysis_seconds": time.perf_counter() - built,
                "counts": counts,
            }
        )
    )


def comma_copy(path: Path, folder: Path) -> Path:
    """The export at `path` as a comma-separated file of the same name in `folder` (the same file when
    it is already comma-separated)."""
    separator = separator_of(path)
    if separator == ",":
        return path
    copy = folder / COMMA_FOLDER / path.name
    if not copy.exists() or copy.stat().st_mtime < path.stat().st_mtime:
        copy.parent.mkdir(exist_ok=True)
        pl.scan_csv(path, separator=separator, infer_schema=False).collect().write_csv(copy)
    return copy


def _run(argv: Sequence[str], tool: str) -> Measured:
    measured = run_measured(argv, cwd=REPOSITORY)
    if measured.returncode not in SCANNED_EXIT_CODES:
        raise RuntimeError(f"{tool} exited {measured.returncode}: {measured.stderr[-2000:]}")
    return measured


def _costs(measured: Measured, rows: int, size: int) -> dict:
    return {
        "seconds": round(measured.seconds, 3),
        "cpu_seconds": round(measured.cpu_seconds, 3),
        "rows_per_s": round(rows / measured.seconds),
        "mb_per_s": round(size / MB / measured.seconds, 2),
        "peak_rss_mib": round(measured.peak_rss_mib, 1),
        "largest_process_rss_mib": round(measured.largest_process_rss_mib, 1),
    }


def _scored(reported: Counts, planted: Counts, categories: Sequence[str]) -> dict:
    scores = score(reported, planted, categories)
    return {
        "scores": {category: asdict(entry) for category, entry in scores.items()},
        "total": asdict(total(scores)),
        "not_scored": not_scored(reported, categories),
    }


def compare_on(path: Path, labels: Mapping, piilint: Path, rows: int, scratch: Path) -> dict:
    """ccscan and piilint on one file: costs and scores (see the module docstring)."""
    values, cells = planted_values(labels["columns"][path.name]), planted_cells(labels["cells"][path.name])
    categories = sorted({category for _, category in values})
    size = path.stat().st_size
    report = scratch / "ccscan.json"
    report.unlink(missing_ok=True)
    ccscan = _run(
        [sys.executable, "-m", "scanner", "scan", str(path), "-o", str(report), "--quiet"], "ccscan"
    )
    # --sample: piilint reads only 50 000 rows of a file above 250 MB unless told how many to read
    peer = _run([str(piilint), "scan", str(path), "--format", "json", "--sample", str(rows)], "piilint")
    piilint_mapped, piilint_unmapped = piilint_counts(json.loads(peer.stdout))
    piilint_result = _scored(piilint_mapped, values, categories)
    piilint_result["not_scored"].update(not_scored(piilint_unmapped, ()))
    return {
        "file": {"path": str(path), "rows": rows, "bytes": size},
        "categories": categories,
        "ccscan": {
            **_costs(ccscan, rows, size),
            "unit": "cells",
            **_scored(ccscan_counts(json.loads(report.read_text(encoding="utf-8"))), cells, categories),
        },
        "piilint": {**_costs(peer, rows, size), "unit": "matches", **piilint_result},
    }


def presidio_on(path: Path, labels: Mapping, rows: int) -> dict:
    """Stock Presidio on the `rows`-row export at `path`: costs, and scores at each threshold."""
    measured = _run([sys.executable, "-c", PRESIDIO_PROBE, str(path)], "presidio")
    result = json.loads(measured.stdout)
    values = planted_values(labels["columns"][path.name])
    categories = sorted({category for _, category in values})
    scored = {}
    for threshold, counts in result["counts"].items():
        mapped, unmapped = presidio_counts(counts)
        scored[threshold] = _scored(mapped, values, categories)
        scored[threshold]["not_scored"].update(not_scored(unmapped, ()))
    return {
        "file": {"path": str(path), "rows": rows, "bytes": path.stat().st_size},
        **_costs(measured, rows, path.stat().st_size),
        "build_seconds": round(result["build_seconds"], 3),
        "analysis_seconds": round(result["analysis_seconds"], 3),
        "unit": "matches",
        "thresholds": scored,
    }


def _exports(args: argparse.Namespace, rows: int) -> tuple[list[Path], dict]:
    sources = [export(args.out_dir, rows, args.seed, name) for name in (CALLS_FILE, CRM_FILE)]
    labels = json.loads((sources[0].parent / LABELS_FILE).read_text(encoding="utf-8"))
    return [comma_copy(path, path.parent) for path in sources], labels


def peers(args: argparse.Namespace) -> dict:
    piilint = find_piilint(args.peers_venv)
    version = _run([str(piilint), "--version"], "piilint").stdout.strip()
    files, labels = _exports(args, args.rows)
    with tempfile.TemporaryDirectory(prefix="ccscan-peers-") as scratch:
        compared = {path.name: compare_on(path, labels, piilint, args.rows, Path(scratch)) for path in files}
    if args.presidio_rows:
        small_files, small_labels = _exports(args, args.presidio_rows)
        for path in small_files:
            compared[path.name]["presidio"] = presidio_on(path, small_labels, args.presidio_rows)
    return {
        "machine": machine_info(REPOSITORY),
        "peers": {"piilint": {"command": str(piilint), "version": version}},
        "settings": {"rows": args.rows, "seed": args.seed, "presidio_rows": args.presidio_rows},
        "files": compared,
    }


# Output ----------------------------------------------------------------------------------------------


def _share(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def _tools(compared: dict) -> list[tuple[str, dict]]:
    """(label, costs and scores) of every tool measured on one file, in table order."""
    tools = [(tool, compared[tool]) for tool in ("ccscan", "piilint")]
    presidio = compared.get("presidio")
    if presidio:
        for threshold, scored in presidio["thresholds"].items():
            label = f"presidio ≥{float(threshold):g} ({presidio['file']['rows']:,} rows)"
            tools.append((label, {**presidio, **scored}))
    return tools


def print_peers(results: dict) -> None:
    from benchmarks.throughput import print_machine

    print_machine(results["machine"])
    piilint = results["peers"]["piilint"]
    print(f"peer: piilint {piilint['version']} ({piilint['command']}); baseline: stock Presidio")
    for name, compared in results["files"].items():
        file, tools = compared["file"], _tools(compared)
        print(f"\n{name}: {file['rows']:,} rows, {file['bytes'] / MB:.1f} MB")
        print(
            f"{'':<28}{'wall s':>9}{'cpu s':>9}{'rows/s':>10}{'MB/s':>8}{'peak MiB':>10}{'recall':>9}{'precision':>11}"
        )
        for label, entry in tools:
            overall = Score(**entry["total"])
            print(
                f"{label:<28}{entry['seconds']:>9.2f}{entry['cpu_seconds']:>9.2f}{entry['rows_per_s']:>10,}"
                f"{entry['mb_per_s']:>8.2f}{entry['peak_rss_mib']:>10.0f}"
                f"{_share(overall.recall):>9}{_share(overall.precision):>11}"
            )
        print(
            "  per category, recall / precision (found of planted, reported; "
            + ", ".join(f"{label.split()[0]} in {entry['unit']}" for label, entry in tools[:3])
            + "):"
        )
        for category in compared["categories"]:
            print(f"  {category}")
            for label, entry in tools:
                score_ = Score(**entry["scores"][category])
                print(
                    f"    {label:<28}{_share(score_.recall):>7} / {_share(score_.precision):<7}"
                    f"({score_.found:,} of {score_.planted:,}, {score_.reported:,} reported)"
                )
        for label, entry in tools:
            if entry["not_scored"]:
                listed = ", ".join(f"{key} {count:,}" for key, count in entry["not_scored"].items())
                print(f"  not scored, {label}: {listed}")
        print(f"  caveat: {CAVEATS['piilint']}")
        piilint, ccscan = compared["piilint"], compared["ccscan"]
        ratios = [
            f"piilint / ccscan wall time {piilint['seconds'] / ccscan['seconds']:.2f}× "
            f"(cpu {piilint['cpu_seconds'] / ccscan['cpu_seconds']:.2f}×)"
        ]
        if "presidio" in compared:
            presidio = compared["presidio"]
            # Presidio's analysis alone (its start-up left out) against ccscan's whole scan, per row
            analysis_rows_per_s = presidio["file"]["rows"] / presidio["analysis_seconds"]
            per_row = compared["ccscan"]["rows_per_s"] / analysis_rows_per_s
            ratios.append(f"presidio's analysis alone / ccscan's scan, per row {per_row:.1f}×")
        print("  " + "; ".join(ratios))


def main(argv: Sequence[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, required=True, help="rows of each export")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR, help="where exports are kept")
    parser.add_argument(
        "--peers-venv",
        type=Path,
        help=f"virtual environment holding piilint (default ${PEERS_VENV_VARIABLE})",
    )
    parser.add_argument(
        "--presidio-rows",
        type=int,
        default=DEFAULT_PRESIDIO_ROWS,
        help="rows of the exports stock Presidio scans (0: leave it out)",
    )
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args(argv)
    try:
        results = peers(args)
    except PeerMissing as missing:
        raise SystemExit(f"benchmarks.peers: {missing}") from None
    print_peers(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
