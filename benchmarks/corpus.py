"""The labelled benchmark corpus: call notes and CRM-style columns with planted personal data and decoys.

Built deterministically from a seed. Half the items are call notes in the six languages (mostly with
planted identifiers, phones, emails and accounts; some with decoy numbers only); the other half are
cells of CRM-style columns, each with its header: personal columns ("fnr", "personnummer", "phone" …)
and decoy columns ("order_id", "call_ref", "created_epoch" …) whose values are not personal data.
Every item carries the labels of what was planted in it (`benchmarks.synthetic.notes.Label`).
"""

from __future__ import annotations

from dataclasses import dataclass
from random import Random

from benchmarks.synthetic.decoys import DECOYS
from benchmarks.synthetic.notes import COUNTRIES, LANGUAGES, SLOTS, Label, call_note, decoy_note

# The header a call-note column carries in each language's exports.
NOTE_HEADER = {
    "no": "notat",
    "sv": "anteckning",
    "da": "notat",
    "fi": "muistiinpano",
    "is": "athugasemd",
    "en": "notes",
}
DECOY_NOTE_SHARE = 0.3


@dataclass(frozen=True)
class Column:
    """A CRM-style column: its header, the slot its values come from and the countries they belong to."""

    header: str
    slot: str
    countries: tuple[str, ...] = COUNTRIES

    @property
    def is_decoy(self) -> bool:
        return self.slot in DECOYS


PERSONAL_COLUMNS: tuple[Column, ...] = (
    Column("fnr", "id", ("NO",)),
    Column("personnummer", "id", ("SE",)),
    Column("cpr", "id", ("DK",)),
    Column("hetu", "id", ("FI",)),
    Column("kennitala", "id", ("IS",)),
    Column("phone", "phone"),
    Column("mobil", "phone", ("NO", "DK")),
    Column("telefon", "phone", ("SE",)),
    Column("puhelin", "phone", ("FI",)),
    Column("email", "email"),
    Column("iban", "iban"),
    Column("kontonummer", "account", ("NO",)),
    Column("orgnr", "orgnr", ("NO", "SE")),
)
DECOY_COLUMNS: tuple[Column, ...] = (
    Column("order_id", "order_no"),
    Column("invoice_no", "invoice_no"),
    Column("customer_no", "customer_no"),
    Column("call_ref", "call_ref"),
    Column("call_started", "call_ref_long"),
    Column("amount", "amount"),
    Column("created_epoch", "epoch"),
    Column("uuid", "uuid"),
    Column("postcode", "postcode"),
    Column("case_id", "case_id"),
)
COLUMNS = PERSONAL_COLUMNS + DECOY_COLUMNS


@dataclass(frozen=True)
class Item:
    """One text to scan: a call note or a column cell, the header passed as context, and its labels.

    `source` names where it came from: "note:<language>" or "column:<header>".
    """

    text: str
    header: str
    labels: tuple[Label, ...]
    source: str


def _notes(seed: int, count: int) -> list[Item]:
    items = []
    for language in LANGUAGES:
        rng = Random(f"{seed}:note:{language}")
        for _ in range(count // len(LANGUAGES)):
            make = decoy_note if rng.random() < DECOY_NOTE_SHARE else call_note
            text, labels = make(rng, language)
            items.append(Item(text, NOTE_HEADER[language], tuple(labels), f"note:{language}"))
    return items


def column_cells(column: Column, rng: Random, count: int) -> list[Item]:
    """`count` cells of `column`, each labelled over its whole text."""
    items = []
    for _ in range(count):
        value, entity_type = SLOTS[column.slot](rng, rng.choice(column.countries))
        label = Label(0, len(value), entity_type)
        items.append(Item(value, column.header, (label,), f"column:{column.header}"))
    return items


def build_corpus(seed: int = 0, size: int = 3000) -> list[Item]:
    """About `size` items: half call notes (even across languages), half column cells (even across
    columns). Each language and column draws from its own seeded generator, so one part does not shift
    another."""
    notes = _notes(seed, size // 2)
    per_column = max(1, (size - len(notes)) // len(COLUMNS))
    cells = [
        item
        for column in COLUMNS
        for item in column_cells(column, Random(f"{seed}:column:{column.header}"), per_column)
    ]
    return notes + cells
