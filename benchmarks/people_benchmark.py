"""Precision and recall for names, addresses, dates of birth and special categories (issue 8).

    python -m benchmarks.people_benchmark [--seed S] [--per-language N] [--rows N] [--json out.json]

Notes (`benchmarks.people_corpus.build_notes`) are analysed one by one with ccscan's analyzer at the
default threshold, with the note column's header as context, as the scanner does. A prediction is a
true positive when it overlaps a label of the same category (rows "… (category)") or of the same type
(the other rows); precision = true predictions / predictions, recall = labels found / labels. Only the
types of this issue are scored (a phone number in a note is neither right nor wrong here).

Columns (`build_columns`) go through the scan path itself: `scan_batch` on two batches, merged, then
`classify_table`. A column is reported as holding names when any PERSON-category type is left in it;
each column is listed with the type expected and the types reported.

The share of notes that the names recognizer's candidate pattern lets through (and so costs a Presidio
call) is printed too.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from dataclasses import dataclass

import polars as pl

from benchmarks.corpus import build_corpus
from benchmarks.people_corpus import ColumnCase, Label, Note, build_columns, build_notes
from recognizers.analyzer import DEFAULT_THRESHOLD, build_analyzer
from recognizers.base import SCAN_LANGUAGE
from recognizers.entities import category_of
from recognizers.lexicons import first_names, surnames
from recognizers.names import name_candidate
from scanner.batch_scan import scan_batch
from scanner.classify import classify_table
from scanner.detector import build_detector

SCORED_CATEGORIES = ("PERSON", "ADDRESS", "DATE_OF_BIRTH", "SPECIAL_CATEGORY")
# Recall of planted names split by whether the name is in the shipped lists (no predictions of their own).
RECALL_ONLY_ROWS = ("names from the lists", "names not in the lists")


@dataclass
class Tally:
    predictions: int = 0
    true_predictions: int = 0
    labels: int = 0
    found: int = 0

    @property
    def precision(self) -> float:
        return self.true_predictions / self.predictions if self.predictions else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.labels if self.labels else 1.0


def _overlaps(a: tuple[int, int], b: Label) -> bool:
    return a[0] < b.end and b.start < a[1]


def _listed(text: str) -> bool:
    return any(word in first_names() or word in surnames() for word in text.replace("-", " ").split())


def score_notes(notes: list[Note]) -> tuple[dict[str, Tally], float]:
    """Tallies by row name, and the mean analysis time per note in milliseconds."""
    analyzer = build_analyzer()
    tallies: dict[str, Tally] = defaultdict(Tally)
    started = time.perf_counter()
    for note in notes:
        results = analyzer.analyze(
            note.text, language=SCAN_LANGUAGE, context=[note.header], score_threshold=DEFAULT_THRESHOLD
        )
        predictions = [
            (r.start, r.end, r.entity_type)
            for r in results
            if category_of(r.entity_type) in SCORED_CATEGORIES
        ]
        for keyed in (category_of, lambda entity_type: entity_type):
            rows = {keyed(label.type) for label in note.labels} | {keyed(p[2]) for p in predictions}
            for row in rows:
                name = f"{row} (category)" if keyed is category_of else row
                labels = [label for label in note.labels if keyed(label.type) == row]
                own = [p for p in predictions if keyed(p[2]) == row]
                tally = tallies[name]
                tally.labels += len(labels)
                tally.found += sum(any(_overlaps(p[:2], label) for p in own) for label in labels)
                tally.predictions += len(own)
                tally.true_predictions += sum(any(_overlaps(p[:2], label) for label in labels) for p in own)
        for label in note.labels:
            if category_of(label.type) == "PERSON":
                listed = _listed(note.text[label.start : label.end])
                row = "names from the lists" if listed else "names not in the lists"
                tallies[row].labels += 1
                tallies[row].found += any(
                    _overlaps(p[:2], label) for p in predictions if category_of(p[2]) == "PERSON"
                )
    elapsed_ms = (time.perf_counter() - started) * 1000 / max(len(notes), 1)
    return dict(tallies), elapsed_ms


def score_columns(cases: list[ColumnCase]) -> list[tuple[ColumnCase, list[str]]]:
    """Each column with the PERSON-category types the scan reports for it."""
    detector = build_detector(DEFAULT_THRESHOLD)
    by_table: dict[str, list[ColumnCase]] = defaultdict(list)
    for case in cases:
        by_table[case.table].append(case)
    reported = []
    for table_cases in by_table.values():
        frame = pl.DataFrame({case.header: list(case.values) for case in table_cases})
        half = frame.height // 2
        # the second batch first: merging must not depend on the order
        later = scan_batch(frame.slice(half), half + 1, detector)
        profile = later.merge(scan_batch(frame.slice(0, half), 1, detector))
        columns = classify_table(profile).columns
        for case in table_cases:
            types = sorted(t for t in columns[case.header].entities if category_of(t) == "PERSON")
            reported.append((case, types))
    return reported


def candidate_share(notes: list[Note]) -> tuple[float, float, float]:
    """Share of this corpus's notes, of its decoy notes, and of `benchmarks.corpus` notes (identifiers,
    no planted names) that match the names candidate pattern."""
    texts = pl.Series([note.text for note in notes])
    matched = texts.str.contains(name_candidate())
    decoys = pl.Series([note.decoy for note in notes])
    other = pl.Series([item.text for item in build_corpus() if item.source.startswith("note")])
    other_share = float(other.str.contains(name_candidate()).mean())
    return float(matched.mean()), float(matched.filter(decoys).mean()), other_share


def _row(name: str, tally: Tally) -> str:
    if name in RECALL_ONLY_ROWS:
        return f"| {name} | {tally.labels} | - | - | {tally.recall:.3f} |"
    return f"| {name} | {tally.labels} | {tally.predictions} | {tally.precision:.3f} | {tally.recall:.3f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--per-language", type=int, default=120)
    parser.add_argument("--rows", type=int, default=200)
    parser.add_argument("--json", dest="json_path")
    args = parser.parse_args()

    notes = build_notes(args.seed, args.per_language)
    tallies, ms_per_note = score_notes(notes)
    print(
        f"Notes: {len(notes)} in 6 languages ({sum(n.decoy for n in notes)} decoy notes), "
        f"threshold {DEFAULT_THRESHOLD}, {ms_per_note:.2f} ms per note\n"
    )
    print("| row | labels | predictions | precision | recall |\n|---|---|---|---|---|")
    order = [
        "PERSON (category)",
        "PERSON",
        "EMPLOYEE_NAME",
        "names from the lists",
        "names not in the lists",
        "ADDRESS (category)",
        "NORDIC_ADDRESS",
        "POSTAL_CODE_TOWN",
        "DATE_OF_BIRTH (category)",
        "SPECIAL_CATEGORY (category)",
    ]
    order += sorted(name for name in tallies if name.startswith("SPECIAL_CATEGORY_"))
    for name in order:
        if name in tallies:
            print(_row(name, tallies[name]))

    columns = score_columns(build_columns(args.seed, args.rows))
    print("\nColumns (scan_batch on two batches, merged, classify_table):\n")
    print("| table | header | expected | reported |\n|---|---|---|---|")
    for case, types in columns:
        print(f"| {case.table} | {case.header} | {case.expected or '-'} | {', '.join(types) or '-'} |")
    name_columns = [(case, types) for case, types in columns if case.expected]
    found = sum(bool(types) for _, types in name_columns)
    exact = sum(case.expected in types for case, types in name_columns)
    false_columns = sum(bool(types) for case, types in columns if not case.expected)
    print(
        f"\nname columns found: {found}/{len(name_columns)} (right type: {exact}); "
        f"false name columns: {false_columns}/{len(columns) - len(name_columns)}"
    )
    share, decoy_share, other_share = candidate_share(notes)
    print(
        f"names candidate pattern lets through {share:.0%} of these notes ({decoy_share:.0%} of decoy "
        f"notes), {other_share:.1%} of benchmarks.corpus notes"
    )

    if args.json_path:
        document = {
            "notes": {
                name: vars(tally) | {"precision": tally.precision, "recall": tally.recall}
                for name, tally in tallies.items()
            },
            "columns": [
                {"table": c.table, "header": c.header, "expected": c.expected, "reported": types}
                for c, types in columns
            ],
            "candidate_share": share,
        }
        with open(args.json_path, "w", encoding="utf-8") as handle:
            json.dump(document, handle, indent=2, ensure_ascii=False)


if __name__ == "__main__":
    main()
