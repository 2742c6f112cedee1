"""The peer benchmark's scoring and mapping, on small synthetic counts; no peer needs to be installed."""

from collections import Counter

import polars as pl
import pytest

from benchmarks.generate_exports import CALLS_FILE, CRM_FILE, PlantedCounts
from benchmarks.peers import (
    PeerMissing,
    Score,
    ccscan_counts,
    comma_copy,
    find_piilint,
    main,
    not_scored,
    piilint_counts,
    planted_cells,
    planted_values,
    presidio_counts,
    score,
    total,
)
from benchmarks.synthetic.notes import Label


def test_a_note_with_two_phones_plants_two_values_in_one_cell():
    planted = PlantedCounts()
    two_phones = [Label(0, 8, "PHONE_NUMBER"), Label(12, 20, "PHONE_NUMBER"), Label(25, 30, "decoy:order_no")]
    planted.add_labels("notes", two_phones)
    planted.add_labels("notes", [Label(0, 18, "IBAN_CODE"), Label(20, 28, "PHONE_NUMBER")])
    planted.add_labels("notes", [])
    assert planted_values(planted.as_dict()) == {("notes", "PHONE"): 3, ("notes", "BANK_ACCOUNT"): 1}
    # a cell counts once per category it holds; decoys have none
    assert planted_cells(planted.cells_as_dict()) == {("notes", "PHONE"): 2, ("notes", "BANK_ACCOUNT"): 1}


def test_decoys_and_protected_values_are_planted_in_no_category():
    planted = PlantedCounts()
    planted.add("order_no", "decoy:order_no")
    planted.add("hashed_phone", "protected:sha256")
    planted.add("national_id", "DK_CPR")
    planted.add("national_id", "NO_D_NUMMER")
    assert planted_values(planted.as_dict()) == {("national_id", "NATIONAL_ID"): 2}
    assert planted_cells(planted.cells_as_dict()) == {("national_id", "NATIONAL_ID"): 2}


def test_a_column_scores_at_most_what_was_planted_in_it():
    planted = {("phone", "PHONE"): 10, ("notes", "PHONE"): 4}
    reported = {("phone", "PHONE"): 12, ("notes", "PHONE"): 1, ("order_no", "PHONE"): 5}
    (phone,) = score(Counter(reported), Counter(planted), ["PHONE"]).values()
    # 10 + 1 found; the 2 extra in phone and all 5 in the decoy column are false
    assert phone == Score(planted=14, reported=18, found=11)
    assert phone.recall == pytest.approx(11 / 14) and phone.precision == pytest.approx(11 / 18)


def test_a_category_nobody_reported_has_no_precision_and_zero_recall():
    (entry,) = score(Counter({}), Counter({("national_id", "NATIONAL_ID"): 7}), ["NATIONAL_ID"]).values()
    assert (entry.found, entry.recall, entry.precision) == (0, 0.0, None)


def test_the_total_sums_the_scored_categories():
    scores = {"PHONE": Score(10, 8, 8), "EMAIL": Score(5, 6, 5)}
    assert total(scores) == Score(planted=15, reported=14, found=13)


def test_what_is_reported_outside_the_scored_categories_is_listed_by_column():
    reported = Counter({("agent_name", "PERSON"): 3, ("phone", "PHONE"): 2})
    assert not_scored(reported, ["PHONE"]) == {"agent_name: PERSON": 3}


def test_piilint_entities_map_to_categories_and_dob_stays_apart():
    report = {
        "findings": [
            {"column": "phone", "entity": "PHONE", "matched_count": 9},
            {"column": "notes", "entity": "IBAN", "matched_count": 2},
            {"column": "notes", "entity": "BSN_NL", "matched_count": 1},
            {"column": "notes", "entity": "SSN_US", "matched_count": 1},
            {"column": "started_at", "entity": "DOB", "matched_count": 4},
        ]
    }
    mapped, unmapped = piilint_counts(report)
    assert mapped == {("phone", "PHONE"): 9, ("notes", "BANK_ACCOUNT"): 2, ("notes", "NATIONAL_ID"): 2}
    assert unmapped == {("started_at", "DOB"): 4}


def test_presidio_entity_types_map_to_categories_and_urls_stay_apart():
    counts = {
        "notes": {"PHONE_NUMBER": 3, "US_BANK_NUMBER": 2, "US_DRIVER_LICENSE": 1, "URL": 4},
        "email": {"EMAIL_ADDRESS": 5},
    }
    mapped, unmapped = presidio_counts(counts)
    assert mapped == {
        ("notes", "PHONE"): 3,
        ("notes", "BANK_ACCOUNT"): 2,
        ("notes", "NATIONAL_ID"): 1,
        ("email", "EMAIL"): 5,
    }
    assert unmapped == {("notes", "URL"): 4}


def test_ccscan_counts_are_its_report_cells_per_category():
    report = {
        "files": [
            {
                "columns": [
                    {"name": "caller", "categories": {"PHONE": 20}},
                    {"name": "notes", "categories": {"PHONE": 3, "NATIONAL_ID": 2}},
                    {"name": "call_ref", "categories": {}},
                ]
            }
        ]
    }
    assert ccscan_counts(report) == {
        ("caller", "PHONE"): 20,
        ("notes", "PHONE"): 3,
        ("notes", "NATIONAL_ID"): 2,
    }


def test_the_crm_export_is_rewritten_with_commas_and_the_call_export_kept(tmp_path):
    crm = tmp_path / CRM_FILE
    crm.write_text("\ufeffname;notes\nOla;ring meg, takk\nKari;\n", encoding="utf-8")
    copy = comma_copy(crm, tmp_path)
    assert copy != crm and copy.name == CRM_FILE
    assert pl.read_csv(copy, infer_schema=False).rows() == [("Ola", "ring meg, takk"), ("Kari", None)]
    calls = tmp_path / CALLS_FILE
    calls.write_text("caller\n+4791234567\n", encoding="utf-8")
    assert comma_copy(calls, tmp_path) == calls


def test_a_missing_peer_stops_the_benchmark_with_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PeerMissing, match="piilint is not installed"):
        find_piilint(tmp_path / "no-venv")
    with pytest.raises(SystemExit) as stopped:
        main(["--rows", "10", "--out-dir", str(tmp_path), "--peers-venv", str(tmp_path / "no-venv")])
    message = str(stopped.value.code)
    assert message.startswith("benchmarks.peers: piilint is not installed") and "\n" not in message
    # it stopped before generating anything
    assert not any(tmp_path.iterdir())
