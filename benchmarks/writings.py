"""Recall of phones, payment cards and IBANs in every writing, per evidence kind, and the decoy rates.

    python -m benchmarks.writings [--per-case N] [--seed S]      (also printed by benchmarks.precision_recall)

Each case is one generated value in one writing, placed in a cell (under a neutral header, a negative
header such as `customer_number`, or a phone header) or in a sentence of one of the six languages (with
or without a phone word), and scanned by ccscan's analyzer at its default threshold. A case is found
when a result of the expected entity type covers the planted value.

- phones written with "+"/"00": every region phonenumbers knows, personal and business types, every
  "+"/"00" writing; evidence: the calling code (under a neutral or negative header, in a sentence);
- Nordic phones written nationally, by evidence: a phone header, a phone word in the sentence, the
  number's own grouping (no word at all), or none (printed, not a target: without evidence a number
  stays silent);
- cards of each scheme in each writing, alone or followed by an expiry, a CVC or a second card;
- IBANs of every country in python-stdnum's registry, compact, grouped, with the country code apart,
  and Norwegian ones grouped like the account;
- decoys (timestamps, epochs, order numbers, amounts, UUIDs …) in cells and sentences: the share
  reported as a phone or a card.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from random import Random

import phonenumbers
from phonenumbers import PhoneNumberType

from benchmarks.synthetic import accounts, phones
from recognizers.analyzer import DEFAULT_THRESHOLD, build_analyzer
from recognizers.base import SCAN_LANGUAGE

DEFAULT_PER_CASE = 10
TARGET = 0.99
DECOY_TARGET = 0.001
PHONE_TYPES = ("PHONE_NUMBER", "BUSINESS_PHONE")

# Sentences without a word that names a phone, a card or an account.
NEUTRAL_SENTENCES: dict[str, str] = {
    "nb": "Kunden oppga {} i skjemaet i går.",
    "sv": "Kunden angav {} i formuläret igår.",
    "da": "Kunden opgav {} i formularen i går.",
    "fi": "Asiakas antoi tiedon {} lomakkeella eilen.",
    "is": "Viðskiptavinurinn gaf upp {} í gær.",
    "en": "The customer gave {} on the form yesterday.",
}
PHONE_SENTENCES: dict[str, str] = {
    "nb": "Ring kunden på {} i morgen.",
    "sv": "Kunden ringde från {} igår.",
    "da": "Kunden ringede fra {} i går.",
    "fi": "Soita asiakkaalle numeroon {} huomenna.",
    "is": "Sími viðskiptavinarins er {}.",
    "en": "Please phone the customer on {} tomorrow.",
}
NEUTRAL_HEADERS = ("value", "field_7", "kolonne_3")
NEGATIVE_HEADERS = ("customer_number", "kundenummer", "order_id")
PHONE_HEADERS = ("telefon", "mobil", "phone", "puhelin", "sími", "msisdn")
# National writings that are the plan's own grouping, per region (benchmarks.synthetic.phones forms).
GROUPING_FORMS: dict[str, frozenset[str]] = {
    "NO": frozenset({"national", "grouped_3_2_3", "grouped_2_2_2_2"}),
    "DK": frozenset({"national", "grouped_2_2_2_2"}),
    "SE": frozenset({"national", "national_spaces", "area_hyphen_subscriber", "area_3_rest"}),
    "FI": frozenset({"national", "national_spaces", "area_hyphen_subscriber", "area_3_rest"}),
    "IS": frozenset({"national"}),
}
BUSINESS_TYPE_NAMES = {PhoneNumberType.to_string(t).lower() for t in phones.BUSINESS_TYPES}


@dataclass(frozen=True)
class Case:
    """One planted value: the text and header scanned, the spans and entity expected, and its row."""

    text: str
    header: str
    spans: tuple[tuple[int, int], ...]
    entities: tuple[str, ...]
    group: str
    row: str
    evidence: str


def _placed(rng: Random, value: str, where: str) -> tuple[str, str, int]:
    """`value` in a cell or a sentence: (text, header, offset of the value)."""
    if where == "sentence":
        template = rng.choice(list(NEUTRAL_SENTENCES.values()))
    elif where == "phone_sentence":
        template = rng.choice(list(PHONE_SENTENCES.values()))
    else:
        headers = {
            "cell": NEUTRAL_HEADERS,
            "negative_header": NEGATIVE_HEADERS,
            "phone_header": PHONE_HEADERS,
        }
        return value, rng.choice(headers[where]), 0
    offset = template.index("{}")
    return template.format(value), "notes", offset


def _case(rng: Random, value: str, spans, where: str, entities, group: str, row: str, evidence: str) -> Case:
    text, header, offset = _placed(rng, value, where)
    shifted = tuple((offset + start, offset + end) for start, end in spans)
    return Case(text, header, shifted, tuple(entities), group, row, evidence)


def phone_cases(rng: Random, per_case: int) -> Iterable[Case]:
    """ "+"/"00" phones of every region: one value per region, type and writing, `per_case` // 5 + 1 times."""
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for phone_type in phones.PERSONAL_TYPES + phones.BUSINESS_TYPES:
            for _ in range(max(1, per_case // 5)):
                number = phones.region_number(rng, region, phone_type)
                if number is None:
                    continue
                entity = "BUSINESS_PHONE" if phone_type in phones.BUSINESS_TYPES else "PHONE_NUMBER"
                for form in phones.region_forms(region):
                    value = phones.written_with_calling_code(number, form)
                    where = rng.choice(("cell", "negative_header", "sentence"))
                    row = f"{region} {PhoneNumberType.to_string(phone_type).lower()}"
                    yield _case(rng, value, [(0, len(value))], where, [entity], "phone +/00", row, where)


def nordic_national_cases(rng: Random, per_case: int) -> Iterable[Case]:
    """Nordic phones written nationally, in every national writing, with each kind of evidence."""
    for kind, (region, *_) in phones.NSN_SHAPES.items():
        # "+46 (0)70 …" is written with its calling code: measured with the regions above
        national = [
            f
            for f in phones.WRITTEN_FORMS[kind]
            if f not in phones.INTERNATIONAL_FORMS and f != "trunk_in_parentheses"
        ]
        national += ["country_code_without_plus"]
        for form in national:
            own = "grouping" if form in GROUPING_FORMS[region] else "none"
            evidences = ["phone_header", "phone_sentence", own]
            for evidence in evidences:
                for _ in range(per_case):
                    value = phones.phone_number(rng, kind, form)
                    where = (
                        evidence
                        if evidence in ("phone_header", "phone_sentence")
                        else rng.choice(("cell", "sentence"))
                    )
                    yield _case(
                        rng, value, [(0, len(value))], where, PHONE_TYPES, "phone national", kind, evidence
                    )


def card_cases(rng: Random, per_case: int) -> Iterable[Case]:
    """Cards of every scheme in every form and trailer, in a cell or a sentence."""
    for scheme in accounts.CARD_PREFIXES:
        for form in ("compact", "grouped", "hyphen"):
            for trailer in accounts.CARD_TRAILERS:
                for _ in range(per_case):
                    value, spans = accounts.card_with_trailer(rng, form, scheme, trailer)
                    where = rng.choice(("cell", "sentence"))
                    yield _case(
                        rng, value, spans, where, ["CREDIT_CARD"], "card", f"{scheme} {form}", trailer
                    )


def iban_cases(rng: Random, per_case: int) -> Iterable[Case]:
    """IBANs of every registry country in every writing, in a cell or a sentence."""
    for country in accounts.IBAN_REGISTRY_COUNTRIES:
        forms = accounts.IBAN_FORMS + (accounts.NO_IBAN_FORMS if country == "NO" else ())
        for form in forms:
            for _ in range(max(1, per_case // 3)):
                value = accounts.any_iban(rng, country, form)
                where = rng.choice(("cell", "sentence"))
                yield _case(rng, value, [(0, len(value))], where, ["IBAN_CODE"], "iban", country, form)


def decoy_cases(rng: Random, per_case: int) -> Iterable[Case]:
    """Every decoy kind in a neutral cell, under a negative header and in a sentence."""
    for kind, generate in phones.DECOYS.items():
        for where in ("cell", "negative_header", "sentence"):
            for _ in range(per_case * 10):
                value = generate(rng)
                yield _case(rng, value, [(0, len(value))], where, (), "decoy", kind, where)


CASES: dict[str, Callable[[Random, int], Iterable[Case]]] = {
    "phone +/00": phone_cases,
    "phone national": nordic_national_cases,
    "card": card_cases,
    "iban": iban_cases,
    "decoy": decoy_cases,
}


@dataclass
class Tally:
    cases: int = 0
    found: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.cases if self.cases else 0.0


def measure(per_case: int = DEFAULT_PER_CASE, seed: int = 0) -> dict[str, dict[tuple[str, str], Tally]]:
    """Per case group: {(row, evidence): tally}; for decoys `found` counts values reported as a phone
    or a card."""
    analyzer = build_analyzer()
    tallies: dict[str, dict[tuple[str, str], Tally]] = defaultdict(lambda: defaultdict(Tally))
    for group, make in CASES.items():
        for case in make(Random(f"{seed}:{group}"), per_case):
            results = analyzer.analyze(
                case.text, language=SCAN_LANGUAGE, context=[case.header], score_threshold=DEFAULT_THRESHOLD
            )
            if group == "decoy":
                hit = any(r.entity_type in (*PHONE_TYPES, "CREDIT_CARD") for r in results)
            else:
                hit = all(
                    any(r.entity_type in case.entities and r.start <= s and e <= r.end for r in results)
                    for s, e in case.spans
                )
            tally = tallies[group][(case.row, case.evidence)]
            tally.cases += 1
            tally.found += hit
    return tallies


def _rollup(rows: dict[tuple[str, str], Tally], key: Callable[[str, str], str]) -> dict[str, Tally]:
    merged: dict[str, Tally] = defaultdict(Tally)
    for (row, evidence), tally in rows.items():
        merged[key(row, evidence)].cases += tally.cases
        merged[key(row, evidence)].found += tally.found
    return dict(sorted(merged.items()))


def _lines(title: str, rows: dict[str, Tally], target: float | None, rate: str = "recall") -> list[str]:
    lines = [title, f"  {'':<34}{'cases':>7}{'found':>7}{rate:>9}"]
    for name, tally in rows.items():
        mark = "" if target is None else ("  ✓" if tally.recall >= target else "  below target")
        lines.append(f"  {name:<34}{tally.cases:>7}{tally.found:>7}{tally.recall:>9.2%}{mark}")
    return lines


def report(tallies: dict[str, dict[tuple[str, str], Tally]]) -> str:
    """The printed tables: per type and per evidence kind, the regions and countries below target."""
    out: list[str] = [f"Phones, cards and IBANs in every writing (threshold {DEFAULT_THRESHOLD})"]
    intl = tallies["phone +/00"]
    out += _lines("\nphones +/00 — by type", _rollup(intl, lambda row, _: row.split(" ", 1)[1]), TARGET)
    out += _lines("phones +/00 — by where the number stands", _rollup(intl, lambda _, where: where), TARGET)
    regions = _rollup(intl, lambda row, _: row.split(" ")[0])
    below = {name: t for name, t in regions.items() if t.recall < TARGET}
    out.append(f"  regions at or above {TARGET:.0%}: {len(regions) - len(below)} of {len(regions)}")
    out += _lines("  regions below target", below, TARGET) if below else []
    national = tallies["phone national"]
    out += _lines(
        "\nNordic phones written nationally — by evidence (none: no target, stays silent)",
        _rollup(national, lambda _, evidence: evidence),
        None,
    )
    with_evidence = {key: t for key, t in national.items() if key[1] != "none"}
    out += _lines(
        "Nordic phones written nationally, with evidence — by kind",
        _rollup(with_evidence, lambda r, _: r),
        TARGET,
    )
    cards = tallies["card"]
    out += _lines("\ncards — by scheme and form", _rollup(cards, lambda row, _: row), TARGET)
    out += _lines("cards — by what follows the number", _rollup(cards, lambda _, trailer: trailer), TARGET)
    ibans = tallies["iban"]
    out += _lines("\nIBANs — by writing", _rollup(ibans, lambda _, form: form), TARGET)
    countries = _rollup(ibans, lambda row, _: row)
    below = {name: t for name, t in countries.items() if t.recall < TARGET}
    out.append(f"  countries at or above {TARGET:.0%}: {len(countries) - len(below)} of {len(countries)}")
    out += _lines("  countries below target", below, TARGET) if below else []
    decoys = tallies["decoy"]
    out += _lines(
        f"\ndecoys reported as a phone or a card (target ≤ {DECOY_TARGET:.1%})",
        _rollup(decoys, lambda row, _: row),
        None,
        rate="rate",
    )
    out += _lines("decoys — by where they stand", _rollup(decoys, lambda _, where: where), None, rate="rate")
    return "\n".join(out)


def as_dict(tallies: dict[str, dict[tuple[str, str], Tally]]) -> dict[str, object]:
    return {
        group: {
            f"{row} | {evidence}": {"cases": t.cases, "found": t.found} for (row, evidence), t in rows.items()
        }
        for group, rows in tallies.items()
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-case", type=int, default=DEFAULT_PER_CASE)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    tallies = measure(args.per_case, args.seed)
    print(report(tallies))
    print(
        f"\n{sum(t.cases for rows in tallies.values() for t in rows.values())} cases in "
        f"{time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
