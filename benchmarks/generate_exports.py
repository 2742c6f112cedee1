"""Realistic contact-center exports of any size, with planted personal data and decoys.

    python -m benchmarks.generate_exports --rows N --out DIR [--seed S]

Writes, deterministically for a seed:
- `crm_contacts.csv`: semicolon-separated, UTF-8 with BOM, as spreadsheet-minded CRMs export. One
  contact per row: names from small lists of Nordic names, the country and its national identity number
  in one column, a phone in mixed writings, email, address, status, last contact, opt-out, IBAN, a call
  note in the country's language; decoy columns (order number, amount, epoch); the phone as a SHA-256
  hash and the national ID as a Fernet-like token (protected values).
- `call_records.csv`: comma-separated, one call per row (about 280 bytes: 400 000 rows ≈ 110 MB): ids,
  call reference YYMMDDHHMM, times, caller and callee phones, agent, queue, recording URL, a note, and
  the customer's national identity number in about one row in five.
- `labels.json`: how many values of each entity type (or `decoy:<kind>`, or `protected:<how>` for the
  hashed and encrypted columns) were planted in each column (`columns`), and how many cells of each
  column hold each set of planted types (`cells`, keys such as "PHONE_NUMBER+decoy:order_no"): the
  unit of a report that counts cells, as ccscan's does. Name columns are labelled PERSON (the agent's
  EMPLOYEE_NAME), the street and house number NORDIC_ADDRESS; postcodes, towns and names inside
  notes are not labelled.

Rows are written in chunks, so memory stays flat for millions of rows. All values are fake: generated
identifiers with valid check digits, example-domain emails, random hashes and tokens.
"""

from __future__ import annotations

import argparse
import base64
import csv
import datetime
import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from random import Random

from benchmarks.synthetic.decoys import amount, epoch, order_no, timestamp, uuid
from benchmarks.synthetic.notes import (
    COUNTRIES,
    LANGUAGE_OF_COUNTRY,
    Label,
    call_note,
    decoy_note,
    iban,
    national_id,
    phone,
)

CHUNK_ROWS = 10_000
CRM_FILE, CALLS_FILE, LABELS_FILE = "crm_contacts.csv", "call_records.csv", "labels.json"
CRM_COLUMNS = (
    "customer_id",
    "first_name",
    "last_name",
    "country",
    "national_id",
    "phone",
    "email",
    "address",
    "postcode",
    "city",
    "status",
    "last_contact_at",
    "opt_out",
    "iban",
    "notes",
    "order_no",
    "amount",
    "created_epoch",
    "hashed_phone",
    "national_id_encrypted",
)
CALL_COLUMNS = (
    "call_id",
    "call_ref",
    "started_at",
    "ended_at",
    "duration_s",
    "direction",
    "caller",
    "callee",
    "agent_id",
    "agent_name",
    "queue",
    "recording_url",
    "notes",
    "customer_national_id",
)
NATIONAL_ID_SHARE_IN_CALLS = 0.2
CALLS_PER_CUSTOMER = 3
# Customers who call are kept in memory to call again; capped so that memory stays flat for any row count.
MOST_CALLING_CUSTOMERS = 100_000
NOTE_SHARES = {"call": 0.4, "decoy": 0.2}  # the rest of the rows have no note
COUNTRY_WEIGHTS = {"NO": 0.3, "SE": 0.3, "DK": 0.2, "FI": 0.15, "IS": 0.05}

FIRST_NAMES: dict[str, tuple[str, ...]] = {
    "NO": (
        "Ola",
        "Kari",
        "Nora",
        "Emma",
        "Jakob",
        "Lars",
        "Ingrid",
        "Sigrid",
        "Henrik",
        "Maja",
        "Bjørn",
        "Solveig",
        "Håkon",
        "Ida",
        "Magnus",
    ),
    "SE": (
        "Anna",
        "Erik",
        "Lars",
        "Karin",
        "Maria",
        "Johan",
        "Elsa",
        "Oscar",
        "Astrid",
        "Nils",
        "Linnea",
        "Gustav",
        "Ebba",
        "Axel",
        "Märta",
    ),
    "DK": (
        "Mette",
        "Søren",
        "Jens",
        "Anne",
        "Mads",
        "Freja",
        "Rasmus",
        "Line",
        "Kasper",
        "Ida",
        "Frederik",
        "Sofie",
        "Niels",
        "Camilla",
        "Anders",
    ),
    "FI": (
        "Mikko",
        "Aino",
        "Juha",
        "Laura",
        "Matti",
        "Emilia",
        "Sanna",
        "Antti",
        "Eino",
        "Helmi",
        "Ville",
        "Kaisa",
        "Timo",
        "Siiri",
        "Jukka",
    ),
    "IS": (
        "Jón",
        "Guðrún",
        "Sigurður",
        "Anna",
        "Guðmundur",
        "Kristín",
        "Gunnar",
        "Sigríður",
        "Ólafur",
        "Helga",
        "Einar",
        "Margrét",
        "Björn",
        "Katrín",
        "Stefán",
    ),
}
LAST_NAMES: dict[str, tuple[str, ...]] = {
    "NO": (
        "Hansen",
        "Johansen",
        "Olsen",
        "Larsen",
        "Andersen",
        "Pedersen",
        "Nilsen",
        "Kristiansen",
        "Jensen",
        "Berg",
        "Haugen",
        "Dahl",
        "Bakken",
        "Solberg",
        "Lie",
    ),
    "SE": (
        "Andersson",
        "Johansson",
        "Karlsson",
        "Nilsson",
        "Eriksson",
        "Larsson",
        "Olsson",
        "Persson",
        "Svensson",
        "Gustafsson",
        "Lindberg",
        "Holm",
        "Sjöberg",
        "Ström",
        "Åberg",
    ),
    "DK": (
        "Jensen",
        "Nielsen",
        "Hansen",
        "Pedersen",
        "Andersen",
        "Christensen",
        "Larsen",
        "Sørensen",
        "Rasmussen",
        "Jørgensen",
        "Madsen",
        "Kristensen",
        "Olsen",
        "Thomsen",
        "Møller",
    ),
    "FI": (
        "Korhonen",
        "Virtanen",
        "Mäkinen",
        "Nieminen",
        "Mäkelä",
        "Hämäläinen",
        "Laine",
        "Heikkinen",
        "Koskinen",
        "Järvinen",
        "Lehtonen",
        "Lehtinen",
        "Saarinen",
        "Salminen",
        "Heinonen",
    ),
    # Icelandic surnames are patronymics: the father's name in the genitive + son/dóttir.
    "IS": (
        "Jónsson",
        "Jónsdóttir",
        "Sigurðsson",
        "Sigurðardóttir",
        "Guðmundsson",
        "Guðmundsdóttir",
        "Ólafsson",
        "Ólafsdóttir",
        "Einarsson",
        "Einarsdóttir",
        "Gunnarsson",
        "Gunnarsdóttir",
    ),
}
STREETS: dict[str, tuple[str, ...]] = {
    "NO": ("Storgata", "Kirkegata", "Parkveien", "Skolegata", "Strandveien", "Bjørnstjerne Bjørnsons gate"),
    "SE": ("Storgatan", "Drottninggatan", "Kungsgatan", "Skolgatan", "Järnvägsgatan", "Södra vägen"),
    "DK": ("Vestergade", "Østergade", "Nørregade", "Algade", "Søndergade", "Strandvejen"),
    "FI": ("Mannerheimintie", "Hämeenkatu", "Kauppakatu", "Koulukatu", "Rantatie", "Puistokatu"),
    "IS": ("Laugavegur", "Hverfisgata", "Skólavörðustígur", "Aðalstræti", "Bankastræti", "Hafnargata"),
}
POST_TOWNS: dict[str, tuple[tuple[str, str], ...]] = {
    "NO": (
        ("0150", "Oslo"),
        ("5003", "Bergen"),
        ("7010", "Trondheim"),
        ("4006", "Stavanger"),
        ("9008", "Tromsø"),
    ),
    "SE": (
        ("111 22", "Stockholm"),
        ("411 04", "Göteborg"),
        ("211 20", "Malmö"),
        ("753 20", "Uppsala"),
        ("581 83", "Linköping"),
    ),
    "DK": (
        ("1050", "København K"),
        ("8000", "Aarhus C"),
        ("5000", "Odense C"),
        ("9000", "Aalborg"),
        ("6700", "Esbjerg"),
    ),
    "FI": (
        ("00100", "Helsinki"),
        ("02100", "Espoo"),
        ("33100", "Tampere"),
        ("20100", "Turku"),
        ("90100", "Oulu"),
    ),
    "IS": (
        ("101", "Reykjavík"),
        ("200", "Kópavogur"),
        ("220", "Hafnarfjörður"),
        ("600", "Akureyri"),
        ("230", "Reykjanesbær"),
    ),
}
EMAIL_DOMAINS = ("example.com", "example.net", "example.org")
ASCII_FOLD = str.maketrans(
    {
        "æ": "ae",
        "ø": "o",
        "å": "a",
        "ä": "a",
        "ö": "o",
        "ð": "d",
        "þ": "th",
        "á": "a",
        "é": "e",
        "í": "i",
        "ó": "o",
        "ú": "u",
        "ý": "y",
    }
)
STATUSES = ("lead", "customer", "customer", "customer", "former")
QUEUES = ("support", "billing", "sales", "cancellations", "technical")
# The company's own switchboard numbers, the other end of every call.
SWITCHBOARD = {
    "NO": "+4721000000",
    "SE": "+46812345600",
    "DK": "+4570100000",
    "FI": "+358981000000",
    "IS": "+3545100000",
}
FERNET_VERSION = b"\x80"
TYPE_SET_SEPARATOR = "+"
# Raised whenever what labels.json counts changes, so that runners regenerate exports labelled the old way.
LABELS_VERSION = 2


def _country(rng: Random) -> str:
    return rng.choices(COUNTRIES, weights=[COUNTRY_WEIGHTS[c] for c in COUNTRIES])[0]


def _note(rng: Random, country: str) -> tuple[str, list[Label]]:
    draw = rng.random()
    language = LANGUAGE_OF_COUNTRY[country]
    if draw < NOTE_SHARES["call"]:
        return call_note(rng, language)
    if draw < NOTE_SHARES["call"] + NOTE_SHARES["decoy"]:
        return decoy_note(rng, language)
    return "", []


def _fernet_like(rng: Random, seconds: int, plaintext_length: int) -> str:
    """A token shaped like Fernet's (version, timestamp, IV, AES blocks, HMAC) filled with random bytes."""
    blocks = plaintext_length // 16 + 1
    random_part = rng.randbytes(16 + 16 * blocks + 32)
    return base64.urlsafe_b64encode(FERNET_VERSION + seconds.to_bytes(8, "big") + random_part).decode()


class PlantedCounts:
    """Counts of planted values per column and entity type (or `decoy:<kind>`, `protected:<how>`), and
    of cells per column and set of entity types planted together in one cell ("A+B", sorted): a scanner
    that reports cells is scored against the second, one that reports matches against the first."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter[str]] = defaultdict(Counter)
        self.cells: dict[str, Counter[str]] = defaultdict(Counter)

    def add(self, column: str, entity_type: str) -> None:
        self.counts[column][entity_type] += 1
        self.cells[column][entity_type] += 1

    def add_labels(self, column: str, labels: Sequence[Label]) -> None:
        self.counts[column].update(label.entity_type for label in labels)
        if labels:
            self.cells[column][TYPE_SET_SEPARATOR.join(sorted({label.entity_type for label in labels}))] += 1

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {column: dict(sorted(counts.items())) for column, counts in self.counts.items()}

    def cells_as_dict(self) -> dict[str, dict[str, int]]:
        return {column: dict(sorted(cells.items())) for column, cells in self.cells.items()}


def crm_contact(rng: Random, number: int, counts: PlantedCounts) -> list[str]:
    """One contact row (values in `CRM_COLUMNS` order); counts what it plants in `counts`."""
    country = _country(rng)
    first, last = rng.choice(FIRST_NAMES[country]), rng.choice(LAST_NAMES[country])
    identity, identity_type = national_id(rng, country)
    phone_number, _ = phone(rng, country)
    mailbox = f"{first}.{last}".lower().translate(ASCII_FOLD)
    email = f"{mailbox}{rng.randrange(100)}@{rng.choice(EMAIL_DOMAINS)}"
    postcode, city = rng.choice(POST_TOWNS[country])
    account, _ = iban(rng, country)
    note, note_labels = _note(rng, country)
    last_contact = timestamp(rng)
    for column, entity_type in (
        ("first_name", "PERSON"),
        ("last_name", "PERSON"),
        ("national_id", identity_type),
        ("phone", "PHONE_NUMBER"),
        ("email", "EMAIL_ADDRESS"),
        ("address", "NORDIC_ADDRESS"),
        ("iban", "IBAN_CODE"),
        ("order_no", "decoy:order_no"),
        ("amount", "decoy:amount"),
        ("created_epoch", "decoy:epoch"),
        ("hashed_phone", "protected:sha256"),
        ("national_id_encrypted", "protected:fernet"),
    ):
        counts.add(column, entity_type)
    counts.add_labels("notes", note_labels)
    return [
        str(number),
        first,
        last,
        country,
        identity,
        phone_number,
        email,
        f"{rng.choice(STREETS[country])} {rng.randrange(1, 120)}",
        postcode,
        city,
        rng.choice(STATUSES),
        f"{last_contact:%Y-%m-%d %H:%M}",
        rng.choice(("true", "false", "false", "false")),
        account,
        note,
        order_no(rng, country),
        amount(rng, country),
        epoch(rng, country),
        hashlib.sha256(re.sub(r"\D", "", phone_number).encode()).hexdigest(),
        _fernet_like(rng, int(last_contact.replace(tzinfo=datetime.UTC).timestamp()), len(identity)),
    ]


@dataclass(frozen=True)
class Customer:
    """Who is on the other end of a call: the same phone and national ID every time they call."""

    country: str
    phone: str
    national_id: str
    national_id_type: str


class CallRecords:
    """Call rows for a fixed set of customers, each of whom calls about `CALLS_PER_CUSTOMER` times (more
    when `MOST_CALLING_CUSTOMERS` caps the set)."""

    def __init__(self, rng: Random, rows: int, counts: PlantedCounts) -> None:
        self.rng, self.counts = rng, counts
        self.customer_count = min(max(1, rows // CALLS_PER_CUSTOMER), MOST_CALLING_CUSTOMERS)
        self.customers: dict[int, Customer] = {}

    def _customer(self) -> Customer:
        number = self.rng.randrange(self.customer_count)
        if number not in self.customers:
            country = _country(self.rng)
            phone_number, _ = phone(self.rng, country)
            self.customers[number] = Customer(country, phone_number, *national_id(self.rng, country))
        return self.customers[number]

    def row(self) -> list[str]:
        """One call (values in `CALL_COLUMNS` order); counts what it plants."""
        rng, customer = self.rng, self._customer()
        country = customer.country
        started = timestamp(rng) + datetime.timedelta(seconds=rng.randrange(60))
        duration = int(rng.expovariate(1 / 240)) + 5
        inbound = rng.random() < 0.7
        caller, callee = (customer.phone, SWITCHBOARD[country])
        if not inbound:
            caller, callee = callee, caller
        agent = rng.randrange(1, 400)
        first = FIRST_NAMES[country][agent % len(FIRST_NAMES[country])]
        last = LAST_NAMES[country][agent % len(LAST_NAMES[country])]
        call_id = uuid(rng, country)
        note, note_labels = _note(rng, country)
        identity = customer.national_id if rng.random() < NATIONAL_ID_SHARE_IN_CALLS else ""
        if identity:
            self.counts.add("customer_national_id", customer.national_id_type)
        for column, entity_type in (
            ("caller", "PHONE_NUMBER"),
            ("callee", "PHONE_NUMBER"),
            ("agent_name", "EMPLOYEE_NAME"),
            ("call_ref", "decoy:call_ref"),
        ):
            self.counts.add(column, entity_type)
        self.counts.add_labels("notes", note_labels)
        return [
            call_id,
            f"{started:%y%m%d%H%M}",
            started.isoformat(),
            (started + datetime.timedelta(seconds=duration)).isoformat(),
            str(duration),
            "inbound" if inbound else "outbound",
            caller,
            callee,
            f"A{agent:04d}",
            f"{first} {last}",
            f"{QUEUES[agent % len(QUEUES)]}_{country.lower()}",
            f"https://rec.example.com/{started:%Y/%m/%d}/{call_id}.wav",
            note,
            identity,
        ]


def _chunks(make_row: Callable[[], list[str]], rows: int) -> Iterator[list[list[str]]]:
    for start in range(0, rows, CHUNK_ROWS):
        yield [make_row() for _ in range(min(CHUNK_ROWS, rows - start))]


def write_csv(
    path: Path,
    columns: Sequence[str],
    make_row: Callable[[], list[str]],
    rows: int,
    delimiter: str,
    encoding: str,
) -> None:
    """Write `rows` rows of `make_row()` under `columns`, one chunk at a time."""
    with path.open("w", encoding=encoding, newline="") as out:
        writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
        writer.writerow(columns)
        for chunk in _chunks(make_row, rows):
            writer.writerows(chunk)


def generate(out: Path, rows: int, seed: int = 0) -> dict[str, dict[str, dict[str, int]]]:
    """Write both exports with `rows` rows each and the labels file into `out`; return the labels."""
    out.mkdir(parents=True, exist_ok=True)
    crm_rng, calls_rng = Random(f"{seed}:crm"), Random(f"{seed}:calls")
    crm_counts, calls_counts = PlantedCounts(), PlantedCounts()
    first_customer_id = crm_rng.randrange(10**7, 9 * 10**7)
    customer_ids = iter(range(first_customer_id, first_customer_id + rows))
    write_csv(
        out / CRM_FILE,
        CRM_COLUMNS,
        lambda: crm_contact(crm_rng, next(customer_ids), crm_counts),
        rows,
        ";",
        "utf-8-sig",
    )
    calls = CallRecords(calls_rng, rows, calls_counts)
    write_csv(out / CALLS_FILE, CALL_COLUMNS, calls.row, rows, ",", "utf-8")
    labels = {CRM_FILE: crm_counts.as_dict(), CALLS_FILE: calls_counts.as_dict()}
    cells = {CRM_FILE: crm_counts.cells_as_dict(), CALLS_FILE: calls_counts.cells_as_dict()}
    (out / LABELS_FILE).write_text(
        json.dumps(
            {"labels_version": LABELS_VERSION, "seed": seed, "rows": rows, "columns": labels, "cells": cells},
            indent=2,
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return labels


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, required=True, help="rows in each export")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    generate(args.out, args.rows, args.seed)
    for name in (CRM_FILE, CALLS_FILE):
        path = args.out / name
        print(f"{path}: {args.rows} rows, {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
