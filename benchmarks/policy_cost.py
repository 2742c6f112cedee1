"""Per-batch cost of the policy steps (protection shapes, found-value digests, retention) on one frame.

    python -m benchmarks.policy_cost --rows 400000

The frame is a synthetic CRM/call export (fake values, every phone and email distinct): lead status,
ISO and dd.mm.yyyy timestamps, phones, emails, free-text notes, a SHA-256 column, masked cards and
recording links. Prints seconds per step.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import time
from datetime import date, timedelta

import polars as pl

from rules.policy import load_default_policy
from rules.protection import protection_partials
from rules.pseudonymisation import column_digests, found_digests
from rules.retention import retention_partials

AS_OF = date(2025, 6, 30)


def synthetic_frame(rows: int, seed: int = 2026) -> pl.DataFrame:
    generator = random.Random(seed)
    phones = [f"+47 9{n // 100000 % 100:02d} {n // 1000 % 100:02d} {n % 1000:03d}" for n in range(rows)]
    days = [generator.randint(0, 2500) for _ in range(rows)]
    return pl.DataFrame(
        {
            "id": [str(n) for n in range(rows)],
            "status": [generator.choice(["lead", "customer", "prospect"]) for _ in range(rows)],
            "last_contact_at": [f"{AS_OF - timedelta(days=d)} 10:{d % 60:02d}:00" for d in days],
            "call_start": [(AS_OF - timedelta(days=d // 2)).strftime("%d.%m.%Y") + " 09:30" for d in days],
            "telefon": phones,
            "epost": [f"kunde{n}@example.no" for n in range(rows)],
            "notat": [
                generator.choice(["Ring tilbake i morgen", "Ønsker faktura", "Ingen svar"])
                for _ in range(rows)
            ],
            "phone_sha256": [hashlib.sha256(phone.replace(" ", "").encode()).hexdigest() for phone in phones],
            "card_masked": [f"**** **** **** {n % 10000:04d}" for n in range(rows)],
            "recording_url": [f"https://rec.example.no/{n}" if n % 4 == 0 else "" for n in range(rows)],
        }
    )


def measure(frame: pl.DataFrame) -> dict[str, float]:
    policy = load_default_policy()
    rules = policy.retention_rules_for("exports/crm_calls.csv")
    timings = {}
    started = time.perf_counter()
    shapes = protection_partials(frame)
    timings["protection shapes (all columns)"] = time.perf_counter() - started
    started = time.perf_counter()
    for name, counts in shapes.items():
        if "sha256" in counts:
            column_digests(frame[name])
    timings["hash-column digest sample"] = time.perf_counter() - started
    started = time.perf_counter()
    applied = retention_partials(frame, 1, rules, AS_OF)
    timings[f"retention ({len(applied)} rules)"] = time.perf_counter() - started
    started = time.perf_counter()
    # every phone and email is found (the scan hands over what the detector matched)
    found_digests({"PHONE": frame["telefon"].to_list(), "EMAIL": frame["epost"].to_list()})
    timings["found-value digests (phones, emails)"] = time.perf_counter() - started
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=400_000)
    rows = parser.parse_args().rows
    frame = synthetic_frame(rows)
    for step, seconds in measure(frame).items():
        print(f"{step:40s} {seconds:7.2f} s  ({seconds / rows * 1e6:5.2f} µs/row)")


if __name__ == "__main__":
    main()
