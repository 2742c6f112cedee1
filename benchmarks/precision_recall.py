"""Precision and recall of ccscan's analyzer and of Presidio's predefined recognizers on the labelled corpus.

    python -m benchmarks.precision_recall [--size N] [--seed S] [--json out.json]

Both engines scan the same items (`benchmarks.corpus`) with the column header as context:
- ccscan: `build_analyzer()` at `DEFAULT_THRESHOLD`;
- Presidio as a new user gets it: every recognizer `load_predefined_recognizers` loads for en, sv and fi,
  plus the Nordic ones it leaves disabled (SE personnummer, SE organisationsnummer, FI henkilötunnus),
  over blank spaCy pipelines; each item is analysed in all three languages (the Swedish and Finnish
  recognizers only run for their language) and the results are merged. Scored at Presidio's default
  threshold (0: every result) and at 0.5.

Matching: a prediction is a true positive when its span overlaps a labelled span of the same category
(`recognizers.entities.category_of`). Precision = matched predictions / predictions; recall = labels
found / labels. Rows are given per specific entity type and per category. Predictions of types with no
category here (dates, URLs, UUIDs …) are counted apart, not scored. Decoys (order numbers, call
references, amounts …) are labelled too: the script prints the share of decoy values of each kind
reported as a national ID and as a phone, and per decoy column the share of its cells reported as a
national ID (a column counts as reported when more than 5 % of its cells are).

National-ID labels are also split in two: "bare" ones, written as digits only with no national-ID
context word anywhere in their item or header (a number that nothing tells from a timestamp or an order
number, which the false-positive requirements keep below the threshold), and the rest; the recall of
each part is printed next to the headline numbers, which stay those of the full corpus.

Then `benchmarks.writings` measures phones, cards and IBANs in every writing: recall per type, per
region or country and per evidence kind, and the share of decoys reported as a phone or a card.

Last, `benchmarks.evidence` scans whole columns (column statistics need them): national-ID recall per
type and per kind of evidence (header, word, separator, column statistics, none) and decoy rates.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

# tldextract (Presidio's email recognizer) reads this when first imported: keep it offline.
os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""

import spacy
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import (
    FiPersonalIdentityCodeRecognizer,
    SeOrganisationsnummerRecognizer,
    SePersonnummerRecognizer,
)

from benchmarks import evidence, writings
from benchmarks.corpus import DECOY_COLUMNS, Item, build_corpus
from benchmarks.synthetic.notes import Label, decoy_kind
from recognizers.analyzer import DEFAULT_THRESHOLD, build_analyzer
from recognizers.base import SCAN_LANGUAGE
from recognizers.context import WORD, find_context_word, header_words
from recognizers.context_words import NATIONAL_ID
from recognizers.entities import category_of
from recognizers.registry import default_recognizers

# About a minute on one core: Presidio's predefined set costs 5–10 ms per item in three languages.
DEFAULT_SIZE = 6000
PRESIDIO_LANGUAGES = ("en", "sv", "fi")
PRESIDIO_THRESHOLDS = (0.0, 0.5)
COLUMN_REPORTED_SHARE = 0.05
# What Presidio's predefined entity types claim to be, in ccscan's categories. A US or UK identifier
# (SSN, driver licence, passport, NHS) claims a person's government identifier, so it is a NATIONAL_ID:
# right when it happens to cover a Nordic identity number, a false positive anywhere else.
PRESIDIO_CATEGORY: dict[str, str] = {
    "SE_PERSONNUMMER": "NATIONAL_ID",
    "FI_PERSONAL_IDENTITY_CODE": "NATIONAL_ID",
    "US_SSN": "NATIONAL_ID",
    "US_ITIN": "NATIONAL_ID",
    "US_PASSPORT": "NATIONAL_ID",
    "US_DRIVER_LICENSE": "NATIONAL_ID",
    "UK_NHS": "NATIONAL_ID",
    "MEDICAL_LICENSE": "NATIONAL_ID",
    "US_BANK_NUMBER": "BANK_ACCOUNT",
    "IBAN_CODE": "BANK_ACCOUNT",
    "CREDIT_CARD": "PAYMENT_CARD",
    "SE_ORGANISATIONSNUMMER": "BUSINESS_ID",
    "PHONE_NUMBER": "PHONE",
    "EMAIL_ADDRESS": "EMAIL",
    "IP_ADDRESS": "IP_ADDRESS",
    "PERSON": "PERSON",
    "LOCATION": "ADDRESS",
}


class Prediction(NamedTuple):
    """One reported span: where, which entity type, which score."""

    start: int
    end: int
    entity_type: str
    score: float


@dataclass(frozen=True)
class Engine:
    """A named way to scan an item, the category its entity types claim, and the thresholds to score at."""

    name: str
    predict: Callable[[Item], list[Prediction]]
    category: Callable[[str], str | None]
    thresholds: tuple[float, ...]


def ccscan_category(entity_type: str) -> str | None:
    """The category of a ccscan entity type; None (not scored) for types outside the category list."""
    category = category_of(entity_type)
    return None if category == "OTHER" else category


def ccscan_engine() -> Engine | None:
    """ccscan's analyzer at its default threshold; None while the recognizer registry is empty."""
    if not default_recognizers():
        return None
    analyzer = build_analyzer()

    def predict(item: Item) -> list[Prediction]:
        results = analyzer.analyze(
            text=item.text, language=SCAN_LANGUAGE, context=[item.header], score_threshold=DEFAULT_THRESHOLD
        )
        return [Prediction(r.start, r.end, r.entity_type, r.score) for r in results]

    return Engine("ccscan", predict, ccscan_category, (DEFAULT_THRESHOLD,))


def presidio_predefined_analyzer() -> AnalyzerEngine:
    """Presidio's predefined recognizers for en, sv and fi over blank spaCy pipelines (offline)."""
    languages = list(PRESIDIO_LANGUAGES)
    nlp_engine = SpacyNlpEngine(models=[{"lang_code": lang, "model_name": "blank"} for lang in languages])
    nlp_engine.nlp = {lang: spacy.blank(lang) for lang in languages}
    registry = RecognizerRegistry(supported_languages=languages)
    registry.load_predefined_recognizers(languages=languages, nlp_engine=nlp_engine)
    # Shipped but disabled in Presidio's default configuration; a Nordic user turns them on first.
    for recognizer in (
        SePersonnummerRecognizer(),
        SeOrganisationsnummerRecognizer(),
        FiPersonalIdentityCodeRecognizer(),
    ):
        registry.add_recognizer(recognizer)
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=languages)


def presidio_engine() -> Engine:
    """Presidio's predefined set, each item analysed in en, sv and fi and the results merged."""
    analyzer = presidio_predefined_analyzer()

    def predict(item: Item) -> list[Prediction]:
        merged: dict[tuple[int, int, str], float] = {}
        for language in PRESIDIO_LANGUAGES:
            for r in analyzer.analyze(text=item.text, language=language, context=[item.header]):
                key = (r.start, r.end, r.entity_type)
                merged[key] = max(r.score, merged.get(key, 0.0))
        return [Prediction(*key, score) for key, score in merged.items()]

    return Engine("presidio", predict, PRESIDIO_CATEGORY.get, PRESIDIO_THRESHOLDS)


@dataclass
class Tally:
    """Counts for one row of the table. TP and FP count predictions (of the row's type, or merged spans of
    the row's category) that do or do not overlap a label of their category; FN counts labels of the row
    that no prediction of their category overlaps. Recall is (labels − FN) / labels."""

    labels: int = 0
    found: int = 0
    predictions: int = 0
    matched: int = 0

    @property
    def recall(self) -> float | None:
        return self.found / self.labels if self.labels else None

    @property
    def precision(self) -> float | None:
        return self.matched / self.predictions if self.predictions else None

    def as_dict(self) -> dict[str, float | int | None]:
        return {
            "tp": self.matched,
            "fp": self.predictions - self.matched,
            "fn": self.labels - self.found,
            "labels": self.labels,
            "predictions": self.predictions,
            "precision": self.precision,
            "recall": self.recall,
        }


@dataclass
class Scores:
    """Everything measured for one engine at one threshold."""

    by_type: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_category: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    unscored: Counter[str] = field(default_factory=Counter)
    decoys: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    decoy_columns: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    # National-ID labels by type: bare digits without a context word, and the rest (labels and found only).
    bare_national_ids: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    other_national_ids: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))

    def as_dict(self) -> dict[str, object]:
        return {
            "by_type": {name: tally.as_dict() for name, tally in sorted(self.by_type.items())},
            "by_category": {name: tally.as_dict() for name, tally in sorted(self.by_category.items())},
            "national_id_bare_without_context": _recalls(self.bare_national_ids),
            "national_id_other": _recalls(self.other_national_ids),
            "unscored_predictions": dict(self.unscored),
            "decoy_kinds": {kind: _shares(counts) for kind, counts in sorted(self.decoys.items())},
            "decoy_columns": {
                header: {**_shares(counts), "reported_as_national_id": _reported_as_national_id(counts)}
                for header, counts in sorted(self.decoy_columns.items())
            },
        }


def _recalls(tallies: dict[str, Tally]) -> dict[str, dict[str, float | int | None]]:
    return {
        name: {"labels": tally.labels, "found": tally.found, "recall": tally.recall}
        for name, tally in sorted(tallies.items())
    }


def bare_without_context(item: Item, label: Label) -> bool:
    """Whether a label is written as digits only and no national-ID context word is anywhere in its
    item or its header."""
    if not item.text[label.start : label.end].isdigit():
        return False
    words = [*WORD.findall(item.text), *header_words(item.header)]
    return find_context_word(words, NATIONAL_ID) is None


def _shares(counts: Counter[str]) -> dict[str, float | int]:
    total = counts["values"]
    return {"values": total, "national_id": counts["NATIONAL_ID"] / total, "phone": counts["PHONE"] / total}


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans merged into one: two recognizers claiming the same value count once."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _overlaps(start: int, end: int, label: Label) -> bool:
    return start < label.end and label.start < end


def _matches(start: int, end: int, category: str, labels: Iterable[Label]) -> bool:
    """Whether the span overlaps a personal-data label of `category`."""
    return any(
        _overlaps(start, end, label) and category_of(label.entity_type) == category
        for label in labels
        if decoy_kind(label.entity_type) is None
    )


def score(
    items: Sequence[Item],
    predictions: Sequence[list[Prediction]],
    category: Callable[[str], str | None],
    threshold: float,
) -> Scores:
    """Match predictions at or above `threshold` against the labels of each item."""
    scores = Scores()
    decoy_headers = {column.header for column in DECOY_COLUMNS}
    for item, item_predictions in zip(items, predictions, strict=True):
        kept = [(p, category(p.entity_type)) for p in item_predictions if p.score >= threshold]
        spans_by_category: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for prediction, claimed in kept:
            if claimed is None:
                scores.unscored[prediction.entity_type] += 1
                continue
            spans_by_category[claimed].append((prediction.start, prediction.end))
            tally = scores.by_type[prediction.entity_type]
            tally.predictions += 1
            tally.matched += _matches(prediction.start, prediction.end, claimed, item.labels)
        for claimed, spans in spans_by_category.items():
            for start, end in _merged(spans):
                scores.by_category[claimed].predictions += 1
                scores.by_category[claimed].matched += _matches(start, end, claimed, item.labels)
        for label in item.labels:
            reported_as = {claimed for p, claimed in kept if claimed and _overlaps(p.start, p.end, label)}
            kind = decoy_kind(label.entity_type)
            if kind is not None:
                scores.decoys[kind].update(["values", *reported_as])
                continue
            labelled = category_of(label.entity_type)
            tallies = [scores.by_type[label.entity_type], scores.by_category[labelled]]
            if labelled == "NATIONAL_ID":
                bare = bare_without_context(item, label)
                tallies.append(
                    (scores.bare_national_ids if bare else scores.other_national_ids)[label.entity_type]
                )
            for tally in tallies:
                tally.labels += 1
                tally.found += labelled in reported_as
        header = item.source.removeprefix("column:")
        if item.source.startswith("column:") and header in decoy_headers:
            scores.decoy_columns[header].update(["values", *spans_by_category])
    return scores


def _percent(value: float | None) -> str:
    return "     -" if value is None else f"{value:6.1%}"


def format_tally_table(title: str, rows: dict[str, Tally]) -> str:
    """Precision, recall, TP, FP, FN and labels per row."""
    lines = [title, f"  {'':<28}{'precision':>10}{'recall':>8}{'TP':>7}{'FP':>7}{'FN':>7}{'labels':>8}"]
    for name, tally in sorted(rows.items()):
        lines.append(
            f"  {name:<28}{_percent(tally.precision):>10}{_percent(tally.recall):>8}"
            f"{tally.matched:>7}{tally.predictions - tally.matched:>7}{tally.labels - tally.found:>7}"
            f"{tally.labels:>8}"
        )
    return "\n".join(lines)


def format_bare_table(title: str, bare: dict[str, Tally], other: dict[str, Tally]) -> str:
    """Per national-ID type: labels and recall of the bare ones (digits only, no context word) and the rest."""
    lines = [
        title,
        f"  {'':<28}{'bare':>7}{'found':>7}{'recall':>8}{'other':>9}{'found':>7}{'recall':>8}",
    ]
    for name in sorted(set(bare) | set(other)):
        b, o = bare.get(name, Tally()), other.get(name, Tally())
        lines.append(
            f"  {name:<28}{b.labels:>7}{b.found:>7}{_percent(b.recall):>8}"
            f"{o.labels:>9}{o.found:>7}{_percent(o.recall):>8}"
        )
    return "\n".join(lines)


def _reported_as_national_id(counts: Counter[str]) -> bool:
    return _shares(counts)["national_id"] > COLUMN_REPORTED_SHARE


def format_shares_table(title: str, counts_by_run: dict[str, dict[str, Counter[str]]], columns: bool) -> str:
    """Per decoy kind (or decoy column): the share reported as national ID and as phone, by each run."""
    header = "".join(f"{name + ' ID':>20}{name + ' phone':>20}" for name in counts_by_run)
    keys = sorted({key for counts in counts_by_run.values() for key in counts})
    lines = [title, f"  {'':<16}{'values':>7}{header}"]
    for key in keys:
        cells = []
        for counts in counts_by_run.values():
            shares = _shares(counts[key])
            mark = " *" if columns and _reported_as_national_id(counts[key]) else "  "
            cells.append(f"{shares['national_id']:>18.1%}{mark}{shares['phone']:>18.1%}  ")
        lines.append(f"  {key:<16}{next(iter(counts_by_run.values()))[key]['values']:>7}{''.join(cells)}")
    if columns:
        lines.append(f"  * column reported as national ID (> {COLUMN_REPORTED_SHARE:.0%} of its cells)")
        lines.append(
            "  decoy columns reported as national ID: "
            + ", ".join(
                f"{name} {sum(map(_reported_as_national_id, counts.values()))}/{len(counts)}"
                for name, counts in counts_by_run.items()
            )
        )
    return "\n".join(lines)


def run(items: Sequence[Item], engines: Iterable[Engine]) -> tuple[dict[str, Scores], dict[str, float]]:
    """Scan `items` with each engine; the scores per engine and threshold, and the seconds each took."""
    runs: dict[str, Scores] = {}
    seconds: dict[str, float] = {}
    for engine in engines:
        started = time.perf_counter()
        predictions = [engine.predict(item) for item in items]
        seconds[engine.name] = time.perf_counter() - started
        for threshold in engine.thresholds:
            name = engine.name if len(engine.thresholds) == 1 else f"{engine.name}@{threshold:g}"
            runs[name] = score(items, predictions, engine.category, threshold)
    return runs, seconds


def report(runs: dict[str, Scores], seconds: dict[str, float], items: Sequence[Item]) -> str:
    """The printed tables: timings, precision and recall per run, decoy kinds and decoy columns."""
    parts = [
        f"{len(items)} items; scan time: "
        + ", ".join(f"{name} {s:.1f} s ({1000 * s / len(items):.2f} ms/item)" for name, s in seconds.items()),
        "TP/FP: predictions of the row's type (by category: merged overlapping spans) that do / do not "
        "overlap a label of their category; FN: labels of the row no prediction of their category overlaps.",
    ]
    for name, scores in runs.items():
        parts.append(format_tally_table(f"\n{name} — by category", scores.by_category))
        parts.append(format_tally_table(f"{name} — by entity type", scores.by_type))
        parts.append(
            format_bare_table(
                f"{name} — national-ID labels: bare (digits only, no national-ID context word in the item or its "
                "header) vs other",
                scores.bare_national_ids,
                scores.other_national_ids,
            )
        )
        if scores.unscored:
            parts.append("  not scored: " + ", ".join(f"{t} {n}" for t, n in scores.unscored.most_common()))
    parts.append(
        format_shares_table(
            "\nDecoy values reported as national ID / as phone",
            {name: scores.decoys for name, scores in runs.items()},
            columns=False,
        )
    )
    parts.append(
        format_shares_table(
            "\nDecoy columns: share of cells reported as national ID / as phone",
            {name: scores.decoy_columns for name, scores in runs.items()},
            columns=True,
        )
    )
    return "\n".join(parts)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=DEFAULT_SIZE, help="corpus items")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", help="also write the numbers to this JSON file")
    parser.add_argument(
        "--writings-per-case",
        type=int,
        default=writings.DEFAULT_PER_CASE,
        help="phones, cards and IBANs in every writing (benchmarks.writings): values per case, 0 to skip",
    )
    args = parser.parse_args(argv)

    items = build_corpus(args.seed, args.size)
    ccscan = ccscan_engine()
    if ccscan is None:
        print("ccscan: recognizers/registry.py lists no recognizer yet; only Presidio is measured.")
    engines = [engine for engine in (ccscan, presidio_engine()) if engine is not None]
    runs, seconds = run(items, engines)
    print(report(runs, seconds, items))
    shapes = writings.measure(args.writings_per_case, args.seed) if args.writings_per_case else {}
    if shapes:
        print("\n" + writings.report(shapes))
    print("\nWhole columns (benchmarks.evidence: column statistics and the possible tier)\n")
    print(evidence.report(*evidence.run(args.seed)))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(
                {
                    "seed": args.seed,
                    "items": len(items),
                    "seconds": seconds,
                    "runs": {name: scores.as_dict() for name, scores in runs.items()},
                    "writings": writings.as_dict(shapes),
                },
                out,
                indent=2,
            )


if __name__ == "__main__":
    main()
