"""Protection: shapes of protected values, look-alikes that stay plain, verdicts, reversible hashes."""

import base64
import hashlib
import json
import random
import string
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from recognizers.entities import CATEGORIES
from rules import pseudonymisation
from rules.protection import VERDICTS, column_shapes, decodes_to_text, protection_partials, protection_verdict
from rules.pseudonymisation import FoundDigests, column_digests, found_digests, reversible_hashes
from scanner.batch_scan import scan_batch
from scanner.cli import main
from scanner.detector import build_detector

RANDOM = random.Random(5)


def _random_bytes(count: int) -> bytes:
    return bytes(RANDOM.randrange(256) for _ in range(count))


def _shape(value: str) -> str | None:
    shapes = column_shapes(pl.Series([value]))
    return next(iter(shapes)) if shapes else None


@pytest.mark.parametrize(
    ("value", "shape"),
    [
        ("-----BEGIN PGP MESSAGE-----\n\nhQEMA5x3fT0aBcdeAQf/Y2VydGFpbmx5\n-----END PGP MESSAGE-----", "pgp"),
        ("vault:v1:8SDd3WHDOjf7mq69CyCqYjBXAiQQAVZRkFM13ok481zoCmHnSeDX9vyf7w==", "vault"),
        ("gAAAAAB" + base64.urlsafe_b64encode(_random_bytes(72)).decode(), "fernet"),
        ("ENC:" + base64.b64encode(_random_bytes(24)).decode(), "enc_prefix"),
        ("ENC(" + base64.b64encode(_random_bytes(18)).decode() + ")", "enc_prefix"),
        ("tok_4eC39HqLyjWDarjtT1zdp7dc", "token"),
        ("$2b$12$" + "".join(RANDOM.choice(string.ascii_letters + "./") for _ in range(53)), "bcrypt"),
        ("$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG", "argon2"),
        ("$6$saltsalt$" + "a1B2" * 21 + "xy", "crypt"),
        ("pbkdf2_sha256$600000$salt$hash=", "pbkdf2"),
        (hashlib.md5(b"4791234567").hexdigest(), "md5"),
        (hashlib.sha1(b"4791234567").hexdigest(), "sha1"),
        (hashlib.sha256(b"4791234567").hexdigest(), "sha256"),
        (hashlib.sha256(b"4791234567").hexdigest().upper(), "sha256"),
        (hashlib.sha512(b"4791234567").hexdigest(), "sha512"),
        ("****1234", "masked"),
        ("XXXX-XXXX-XXXX-1234", "masked"),
        ("+47 *** ** 567", "masked"),
        ("01******345", "masked"),
        ("k***@example.no", "masked"),
        ("K*** T******", "masked"),
        (base64.b64encode(_random_bytes(30)).decode(), "base64"),
        (base64.urlsafe_b64encode(_random_bytes(33)).decode().rstrip("="), "base64"),
        (base64.b64encode(b"Kari Nordmann, +47 912 34 567").decode(), "base64_text"),
        (base64.b64encode("Åse Ødegård ringte om faktura".encode()).decode(), "base64_text"),
    ],
)
def test_each_protected_shape_is_recognised(value, shape):
    assert _shape(value) == shape


@pytest.mark.parametrize(
    "value",
    [
        "507f1f77bcf86cd799439011",  # 24-hex ObjectId: no digest has that length
        "9f86d081884c7d65",  # 16-hex order id
        hashlib.md5(b"x").hexdigest()[:31],
        "12345678901234567890123456789012",  # 32 digits: a number, not a digest
        "aGVsbG8gd29ybGQ=",  # base64 of short text
        "S2FyaQ==",
        "CustomerServiceRepresentative",
        "ENC:+4791234567",  # an encryption prefix before a bare number is not ciphertext
        "ENC(12345678901234567890)",
        "***URGENT*** call the customer back",
        "Ring tilbake på +47 912 34 567",
        "550e8400-e29b-41d4-a716-446655440000",
        "Aa1Aa1Aa1Aa1Aa1Aa1Aa1Aa1Aa1Aa1",  # base64 alphabet, but far too repetitive
        "tok_",
        "",
    ],
)
def test_plaintext_look_alikes_fit_no_protected_shape(value):
    assert _shape(value) is None


def test_known_limit_long_mixed_case_codes_with_digits_read_as_random_base64():
    # Nothing in the characters tells them apart; the wording says "ciphertext, a key or an encoded digest".
    assert _shape("KundeserviceAvdelingenOslo2024") == "base64"


def test_report_schema_lists_the_verdicts():
    schema = json.loads((Path(__file__).resolve().parents[1] / "scanner" / "report_schema.json").read_text())
    assert tuple(schema["$defs"]["protection"]["properties"]["verdict"]["enum"]) == VERDICTS


def test_decodes_to_text_needs_printable_utf8():
    assert decodes_to_text(base64.b64encode("hei på deg\n".encode()).decode())
    assert decodes_to_text(base64.urlsafe_b64encode("ø?ø>ø".encode() * 4).decode().rstrip("="))
    assert not decodes_to_text(base64.b64encode(b"\x00\x01binary\xff\xfe").decode())
    assert not decodes_to_text("not base64 at all!")


def test_shape_counts_add_up_across_batches():
    values = (
        [hashlib.sha256(str(i).encode()).hexdigest() for i in range(300)] + ["****1234"] * 50 + ["plain"] * 40
    )
    RANDOM.shuffle(values)
    whole = column_shapes(pl.Series(values))
    parts: dict[str, int] = {}
    for start in range(0, len(values), 77):
        for shape, count in column_shapes(pl.Series(values[start : start + 77])).items():
            parts[shape] = parts.get(shape, 0) + count
    assert whole == parts == {"masked": 50, "sha256": 300}


def test_protection_partials_cover_every_column():
    frame = pl.DataFrame(
        {"a": ["x", "y"], "b": ["****1234", ""], "c": [None, None]}, schema={c: pl.String for c in "abc"}
    )
    assert protection_partials(frame) == {"a": {}, "b": {"masked": 1}, "c": {}}


@pytest.mark.parametrize(
    ("shapes", "non_empty", "personal", "verdict"),
    [
        ({}, 0, 0, "empty"),
        ({}, 100, 100, "plaintext"),
        ({"sha256": 100}, 100, 0, "hashed"),
        ({"sha256": 98}, 100, 2, "plaintext"),  # two readable identifiers among digests
        ({"masked": 100}, 100, 100, "masked"),  # matches inside masked cells are not readable data
        ({"base64": 70, "fernet": 20}, 100, 0, "ciphertext"),
        ({"token": 60}, 100, 0, "tokenized"),
        ({"sha256": 30}, 100, 0, "none"),  # a minority of hex strings says nothing
        ({"base64_text": 100}, 100, 0, "none"),
        ({}, 100, 0, "none"),
    ],
)
def test_column_verdicts(shapes, non_empty, personal, verdict):
    assert protection_verdict(shapes, non_empty, personal).verdict == verdict


def test_verdict_wording_is_honest():
    hashed = protection_verdict({"sha256": 1000}, 1000, 0)
    assert hashed.wording == (
        "no plaintext personal data detected; 1000 of 1000 non-empty cells look like SHA-256 digests (64 hex characters)"
    )
    mixed = protection_verdict({"sha256": 98}, 100, 2)
    assert mixed.wording.startswith(
        "personal data in plain text in 2 of 100 non-empty cells; 98 other cell(s) look like"
    )
    assert "encrypted" not in protection_verdict({"base64": 10}, 10, 0).wording.split("(")[0]


PHONES = [f"+47 9{n:07d}"[:7] + " " + f"{n:07d}"[-5:-3] + " " + f"{n:07d}"[-3:] for n in range(1000, 1400)]


def _e164(phone: str) -> str:
    return "+" + "".join(c for c in phone if c.isdigit())


def test_unsalted_digests_of_found_phones_are_reversible():
    found = found_digests({"PHONE": PHONES})
    hashed = pl.Series([hashlib.sha256(_e164(p).encode()).hexdigest() for p in PHONES[:50]])
    result = reversible_hashes(column_digests(hashed), found)
    assert result is not None
    assert (result.algorithm, result.category, result.compared, result.matched) == ("sha256", "PHONE", 50, 50)
    assert result.wording.startswith(
        "pseudonymised, reversible: 50 of 50 compared digests are unsalted SHA-256"
    )


@pytest.mark.parametrize(
    ("category", "values", "form", "algorithm"),
    [
        ("EMAIL", ["Kari.Nordmann@Example.no"], lambda v: v.lower(), hashlib.md5),
        ("NATIONAL_ID", ["151086 95088"], lambda v: v.replace(" ", ""), hashlib.sha1),
        ("NATIONAL_ID", ["151086 95088"], lambda v: v, hashlib.sha256),
        ("PHONE", ["0047 912 34 567"], lambda v: "+4791234567", hashlib.md5),
        ("PHONE", ["912 34 567"], lambda v: "91234567", hashlib.sha256),
    ],
)
def test_written_and_normalised_forms_are_hashed(category, values, form, algorithm):
    found = found_digests({category: values})
    digest = algorithm(form(values[0]).encode()).hexdigest()
    result = reversible_hashes((digest,), found)
    assert result is not None and result.category == category


def test_salted_digests_are_not_reported_as_reversible():
    found = found_digests({"PHONE": PHONES})
    salted = pl.Series([hashlib.sha256(b"pepper:" + _e164(p).encode()).hexdigest() for p in PHONES])
    assert reversible_hashes(column_digests(salted), found) is None


def test_the_found_digest_bound_keeps_the_smallest_and_compares_only_within_them(monkeypatch):
    monkeypatch.setattr(pseudonymisation, "MAX_FOUND_DIGESTS", 100)
    whole = found_digests({"PHONE": PHONES})
    assert not whole.complete and len(whole.digests) == 100
    assert list(whole.digests) == sorted(whole.digests)
    halves = [found_digests({"PHONE": PHONES[start : start + 200]}) for start in (0, 200)]
    assert halves[0].merge(halves[1]) == halves[1].merge(halves[0]) == whole
    hashed = pl.Series([hashlib.sha256(_e164(p).encode()).hexdigest() for p in PHONES])
    result = reversible_hashes(column_digests(hashed), whole)
    ceiling = whole.ceiling
    assert result is not None and not result.complete
    assert result.compared == sum(1 for digest in column_digests(hashed) if digest <= ceiling)
    assert result.matched == result.compared
    assert "reached their bound of 100" in result.wording


def test_merging_found_digests_with_an_empty_part_keeps_completeness():
    part = FoundDigests.of(("0a", "0b"), ("PHONE", "EMAIL"), complete=False)
    assert FoundDigests().merge(part) == part.merge(FoundDigests()) == part


def test_a_digest_found_in_two_categories_keeps_the_first_category_whatever_the_merge_order():
    phone = FoundDigests.of(("0a", "0c"), ("PHONE", "PHONE"))
    national_id = FoundDigests.of(("0a", "0b"), ("NATIONAL_ID", "NATIONAL_ID"))
    first = min(("PHONE", "NATIONAL_ID"), key=CATEGORIES.index)
    merged = phone.merge(national_id)
    assert merged == national_id.merge(phone)
    assert merged.digests == ("0a", "0b", "0c") and merged.categories == (first, "NATIONAL_ID", "PHONE")


SECRET_PHONE = "+47 912 34 567"


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    """One scan of a CRM export and a 'pseudonymised' export whose headers lie."""
    folder = tmp_path_factory.mktemp("protection") / "in"
    folder.mkdir()
    phones = [f"+47 9{n:02d} {n % 100:02d} {n % 1000:03d}" for n in range(10, 70)]
    (folder / "crm.csv").write_text(
        "kunde_id;telefon\n" + "".join(f"{i};{p}\n" for i, p in enumerate(phones)), encoding="utf-8"
    )
    lines = ["id,ssn,notes_encrypted,card_masked"]
    for i, phone in enumerate(phones):
        lines.append(f"{i},{hashlib.sha256(_e164(phone).encode()).hexdigest()},{phone},****{1000 + i}")
    (folder / "shared_with_analytics.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report_path = folder.parent / "report.json"
    result = CliRunner().invoke(main, ["scan", str(folder), "--output", str(report_path), "--quiet"])
    return result, json.loads(report_path.read_text()), report_path.read_text(), phones


def _column(report: dict, file_name: str, column: str) -> dict:
    table = next(t for t in report["files"] if t["path"].endswith(file_name))
    return next(c for c in table["columns"] if c["name"] == column)


def test_headers_can_lie_verdicts_come_from_values(scanned):
    _, report, _, _ = scanned
    assert (
        _column(report, "shared_with_analytics.csv", "notes_encrypted")["protection"]["verdict"]
        == "plaintext"
    )
    assert _column(report, "shared_with_analytics.csv", "ssn")["protection"]["verdict"] == "hashed"
    assert _column(report, "shared_with_analytics.csv", "card_masked")["protection"]["verdict"] == "masked"
    rules = {
        (f["rule"], f["column"])
        for f in report["findings"]
        if f["file"].endswith("shared_with_analytics.csv")
    }
    assert ("CC-PLAIN-PHONE", "notes_encrypted") in rules
    assert not any(column == "ssn" and rule.startswith("CC-PLAIN") for rule, column in rules)


def test_a_hash_column_of_found_phones_is_pseudonymised_reversible(scanned):
    _, report, _, phones = scanned
    protection = _column(report, "shared_with_analytics.csv", "ssn")["protection"]
    assert protection["reversible"] == {
        "algorithm": "sha256",
        "category": "PHONE",
        "digests_sampled": len(phones),
        "digests_compared": len(phones),
        "digests_matched": len(phones),
        "complete": True,
    }
    assert protection["wording"].startswith("pseudonymised, reversible")
    (finding,) = [f for f in report["findings"] if f["rule"] == "CC-HASH-REVERSIBLE"]
    assert (finding["column"], finding["category"], finding["count"], finding["severity"]) == (
        "ssn",
        "PHONE",
        len(phones),
        "high",
    )
    assert report["summary"]["reversible_hash_check"] == {
        "found_value_digests": report["summary"]["reversible_hash_check"]["found_value_digests"],
        "bound": 200_000,
        "bound_reached": False,
        "hashed_columns": 1,
        "reversible_columns": 1,
    }


def test_no_digest_of_a_found_value_reaches_the_report(scanned):
    _, _, text, phones = scanned
    for phone in phones:
        for form in (phone, _e164(phone), _e164(phone)[1:]):
            for algorithm in (hashlib.md5, hashlib.sha1, hashlib.sha256):
                assert algorithm(form.encode()).hexdigest() not in text


def test_a_digest_of_a_phone_found_inside_a_note_is_matched():
    """The batch hashes what the detector matched, not the cell: the phone inside the sentence."""
    notes = [f"Ring meg på 9{n:02d} 34 5{n:02d} i morgen" for n in range(10, 40)]
    digests = [hashlib.sha256(f"9{n:02d}345{n:02d}".encode()).hexdigest() for n in range(10, 40)]
    frame = pl.DataFrame({"notat": notes, "kunde_hash": digests})
    profile = scan_batch(frame, 1, build_detector(0.5))
    result = reversible_hashes(profile.columns["kunde_hash"].digests, profile.found_digests)
    assert result is not None and (result.category, result.matched) == ("PHONE", len(notes))
    cell_digest = hashlib.sha256(notes[0].encode()).hexdigest()
    assert cell_digest not in profile.found_digests.digests


def test_digests_repeated_across_parts_are_made_distinct_before_the_bound(monkeypatch):
    """Two batches that found overlapping phones: more rows than the bound, fewer distinct digests."""
    monkeypatch.setattr(pseudonymisation, "MAX_FOUND_DIGESTS", 1_000)
    first = found_digests({"PHONE": PHONES[:70]})  # 9 digests a phone: 3 forms, 3 algorithms
    second = found_digests({"PHONE": PHONES[30:100]})
    assert len(first.digests) + len(second.digests) > 1_000
    merged = first.merge(second)
    whole = found_digests({"PHONE": PHONES[:100]})
    assert merged == whole and merged.complete and len(merged.digests) < 1_000
