"""Recall of national IDs per type and per kind of evidence, and decoy rates, scanned as columns.

    python -m benchmarks.evidence [--cells N] [--seed S]

Unlike the item corpus (benchmarks.corpus, one cell at a time), column statistics need whole columns:
each case here is one generated column, scanned with `scan_batch` in two batches, merged and classified
as a scan does. Evidence kinds (issue #16):
- header: bare identifiers under their own header (`fnr`, `personnummer`, `cpr`, `hetu`, `kennitala`);
- word: in a call note in one of six languages, after a context word of the identifier's country;
- separator: written with the identifier's own separator or grouping, under a neutral header (`value`);
- column: bare digits under a neutral header, a whole column of them (column statistics);
- none: bare digits in a call note without any context word: not a finding; the `possible` tier must
  hold them (a CPR issued without mod 11 passes no check to count and is left out of this kind).
Decoys (timestamps, epochs, order numbers, amounts, UUIDs, random digits) fill neutral columns; their
rate is the share of cells reported as a national ID.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from random import Random

import polars as pl

from benchmarks.synthetic import decoys
from benchmarks.synthetic import national_ids as ids
from recognizers.entities import category_of
from scanner.batch_scan import scan_batch
from scanner.classify import classify_table
from scanner.detector import Detector, build_detector
from scanner.profile import ColumnProfile, TableProfile

DEFAULT_CELLS = 200
NEUTRAL_HEADER = "value"
NOTE_HEADER = "notes"
# kind -> (header, forms written with a separator, the country's context word)
KINDS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "no_fodselsnummer": ("fnr", ("space", "hyphen"), "fødselsnummer"),
    "no_d_nummer": ("fnr", ("space", "hyphen"), "d-nummer"),
    "no_h_nummer": ("fnr", ("space", "hyphen"), "fnr"),
    "no_fh_nummer": ("fnr", ("space", "hyphen"), "fnr"),
    "se_personnummer": ("personnummer", ("hyphen", "plus", "long_hyphen"), "personnummer"),
    "se_samordningsnummer": ("samordningsnummer", ("hyphen", "long_hyphen"), "samordningsnummer"),
    "dk_cpr": ("cpr", ("hyphen", "space"), "CPR-nr."),
    "dk_cpr_without_mod11": ("cpr", (), "CPR-nr."),
    "fi_hetu": ("hetu", ("standard",), "henkilötunnus"),
    "is_kennitala": ("kennitala", ("hyphen", "space"), "kt."),
}
BARE_FORMS = {"fi_hetu": ()}  # a HETU always has its century sign
NOTES_WITH_WORD = (
    "Kunden ringte, {word} {value}, ønsker ny avtale",
    "Kunden ringde, {word} {value}, vill ha ny faktura",
    "Kunden ringede, {word} {value}, vil opsige",
    "Asiakas soitti, {word} {value}, haluaa uuden sopimuksen",
    "Viðskiptavinur hringdi, {word} {value}, vill nýjan samning",
    "The customer called, {word} {value}, wants a new contract",
)
NOTES_WITHOUT_WORD = (
    "Kunden ringte i dag om {value}, ønsker ny avtale",
    "Kunden ringde idag om {value}, vill ha ny faktura",
    "Kunden ringede i dag om {value}, vil opsige",
    "Asiakas soitti tänään: {value}, haluaa uuden sopimuksen",
    "Viðskiptavinur hringdi í dag: {value}, vill nýjan samning",
    "The customer called today about {value}, wants a new contract",
)
DECOYS: dict[str, Callable[[Random], str]] = {
    "timestamp YYMMDDHHMM": lambda rng: decoys.call_ref(rng),
    "timestamp YYYYMMDDHHMM": lambda rng: decoys.call_ref_long(rng),
    "epoch": lambda rng: decoys.epoch(rng),
    "order number": lambda rng: decoys.order_no(rng),
    "customer number": lambda rng: decoys.customer_no(rng),
    "amount": lambda rng: decoys.amount(rng),
    "uuid": lambda rng: decoys.uuid(rng),
    "random 10 digits": lambda rng: str(rng.randrange(10**9, 10**10)),
    "random 10-12 digits": lambda rng: str(rng.randrange(10**9, 10**12)),
}


@dataclass
class Outcome:
    cells: int
    found: int  # cells holding a national ID finding
    possible: int  # cells holding a national ID in the `possible` tier


def national_cells(column: ColumnProfile) -> tuple[int, int]:
    """Cells with a national-ID finding, and national-ID readings in the possible tier."""
    found = max(
        (e.count for e in column.entities.values() if category_of(e.type) == "NATIONAL_ID"), default=0
    )
    found = max(found, column.cells_with({t for t in column.entities if category_of(t) == "NATIONAL_ID"}))
    possible = max(
        (e.count for e in getattr(column, "possible", {}).values() if category_of(e.type) == "NATIONAL_ID"),
        default=0,
    )
    return found, possible


def scan_column(detector: Detector, header: str, values: Sequence[str]) -> Outcome:
    half = len(values) // 2
    profile = TableProfile()
    for first, part in ((half, values[half:]), (0, values[:half])):  # merged out of order, as workers may
        profile = profile.merge(scan_batch(pl.DataFrame({header: list(part)}), first + 1, detector))
    found, possible = national_cells(classify_table(profile).columns[header])
    return Outcome(len(values), found, possible)


def evidence_cases(rng: Random, cells: int) -> dict[tuple[str, str], tuple[str, list[str]]]:
    """(kind, evidence) -> (header, values)."""
    cases: dict[tuple[str, str], tuple[str, list[str]]] = {}
    for kind, (header, separated, word) in KINDS.items():
        generate = ids.GENERATORS[kind]
        bare = BARE_FORMS.get(kind, tuple(f for f in ("compact", "long") if f in ids.WRITTEN_FORMS[kind]))
        forms = bare or separated
        cases[kind, "header"] = (header, [generate(rng, rng.choice(forms)) for _ in range(cells)])
        cases[kind, "word"] = (
            NOTE_HEADER,
            [
                rng.choice(NOTES_WITH_WORD).format(word=word, value=generate(rng, rng.choice(forms)))
                for _ in range(cells)
            ],
        )
        if separated:
            cases[kind, "separator"] = (
                NEUTRAL_HEADER,
                [generate(rng, rng.choice(separated)) for _ in range(cells)],
            )
        if bare and kind != "dk_cpr_without_mod11":
            cases[kind, "column"] = (NEUTRAL_HEADER, [generate(rng, rng.choice(bare)) for _ in range(cells)])
            cases[kind, "none"] = (
                NOTE_HEADER,
                [
                    rng.choice(NOTES_WITHOUT_WORD).format(value=generate(rng, rng.choice(bare)))
                    for _ in range(cells)
                ],
            )
    return cases


def run(seed: int = 0, cells: int = DEFAULT_CELLS) -> tuple[dict, dict]:
    detector = build_detector(0.5)
    rng = Random(seed)
    evidence = {key: scan_column(detector, *case) for key, case in evidence_cases(rng, cells).items()}
    decoy_rates = {
        kind: scan_column(detector, NEUTRAL_HEADER, [make(rng) for _ in range(cells * 10)])
        for kind, make in DECOYS.items()
    }
    return evidence, decoy_rates


def report(evidence: dict, decoy_rates: dict) -> str:
    kinds = ("header", "word", "separator", "column", "none")
    lines = [
        "National-ID recall by evidence (cells reported as a national ID / cells; 'none': reported or in the"
        " possible tier)",
        f"  {'':<24}" + "".join(f"{kind:>11}" for kind in kinds),
    ]
    for kind in KINDS:
        row = []
        for evidence_kind in kinds:
            outcome = evidence.get((kind, evidence_kind))
            if outcome is None:
                row.append(f"{'-':>11}")
                continue
            held = outcome.found + outcome.possible if evidence_kind == "none" else outcome.found
            share = held / outcome.cells
            row.append(f"{share:>11.1%}")
        lines.append(f"  {kind:<24}" + "".join(row))
    none = [o for (_, e), o in evidence.items() if e == "none"]
    found, cells = sum(o.found for o in none), sum(o.cells for o in none)
    lines.append(
        f"  no-evidence identifiers: {sum(o.possible for o in none)} of {cells - found} not reported are in the"
        f" possible tier ({found} reported: their own checks are evidence enough, e.g. a bare fødselsnummer)"
    )
    lines += ["", "Decoy columns under a neutral header: cells reported as a national ID (possible tier)"]
    for kind, outcome in decoy_rates.items():
        lines.append(
            f"  {kind:<24}{outcome.found / outcome.cells:>8.2%}  ({outcome.possible / outcome.cells:.2%})"
            f"  of {outcome.cells}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cells", type=int, default=DEFAULT_CELLS, help="cells per evidence column")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print(report(*run(args.seed, args.cells)))


if __name__ == "__main__":
    main()
