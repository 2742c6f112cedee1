"""Names of people and staff: the word rules, cue words, decoys, the candidate superset, the column-level
decision over merged batches, and masking."""

from random import Random

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.people_corpus import LANGUAGES, build_columns, build_notes, person_name
from recognizers.analyzer import build_analyzer
from recognizers.base import SCAN_LANGUAGE
from recognizers.names import PERSON_CUES, PersonNameRecognizer, check_name, name_candidate, name_role
from scanner.classify import classify_person_column
from scanner.masking import mask_value
from scanner.name_columns import SKETCH_SIZE, NameColumnCounts, name_column_counts
from scanner.profile import ColumnProfile

NAMES = PersonNameRecognizer()


def found(text: str) -> list[tuple[str, str, float]]:
    """(matched text, entity type, score) of every result, before context."""
    return [(text[r.start : r.end], r.entity_type, r.score) for r in NAMES.analyze(text, [])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kari Hansen ringte om regningen", [("Kari Hansen", "PERSON", 0.8)]),
        ("snakket med Kari Hansen i dag", [("Kari Hansen", "PERSON", 0.85)]),
        ("Snakket med Per i dag", [("Per", "PERSON", 0.7)]),
        ("ring Kari tilbake", [("Kari", "PERSON", 0.6)]),
        ("Kunden heter Kari Nordmann", [("Kari Nordmann", "PERSON", 0.8)]),
        ("Anna-Karin Lindqvist ringde", [("Anna-Karin Lindqvist", "PERSON", 0.8)]),
        ("Jón Sigurðsson hringdi", [("Jón Sigurðsson", "PERSON", 0.8)]),
        ("Talade med Eva Andersson om fakturan", [("Eva Andersson", "PERSON", 0.85)]),
        ("Asiakas Matti Virtanen soitti", [("Matti Virtanen", "PERSON", 0.85)]),
        ("Spoke with John Smith about billing", [("John Smith", "PERSON", 0.85)]),
        ("fru Hansen ringte", [("Hansen", "PERSON", 0.7)]),
        ("Hr. Lindqvist ringde", [("Lindqvist", "PERSON", 0.7)]),
        ("Kunden Yusra Fjellheim ba om ny kode", [("Yusra Fjellheim", "PERSON", 0.55)]),
        ("Navn: Per", [("Per", "PERSON", 0.7)]),
    ],
)
def test_names_in_notes_get_span_type_and_score(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Overført til saksbehandler Ola Nordmann.", [("Ola Nordmann", "EMPLOYEE_NAME", 0.8)]),
        ("Mvh Kari", [("Kari", "EMPLOYEE_NAME", 0.8)]),
        ("Överförd till handläggare Lisa", [("Lisa", "EMPLOYEE_NAME", 0.8)]),
        ("Transferred to agent Emma Jones", [("Emma Jones", "EMPLOYEE_NAME", 0.85)]),
    ],
)
def test_a_staff_cue_makes_the_name_an_employee_name(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Per telefon ble det avtalt ny dato",  # a sentence opening with a name that is a word
        "Hans bil er på verksted",
        "Kunden vil bytte til Telia Max",  # a product
        "Oslo-kampanjen gir rabatt",  # a town as a campaign
        "Flytter butikken til Bergen",  # a town alone (also a surname)
        "Vi åpner i Lund",
        "Snakket med Telenor om nummeroverføring",  # one unknown word after a cue: a company
        "snakket med Oslo kommune",
        "Will call back tomorrow",
        "Mark the ticket as solved",
        "bor i Karl Johans gate 1",  # a street named after a person
        "Kunden ringte. Per telefon ble det avtalt",  # a cue does not reach across a sentence end
    ],
)
def test_decoys_are_not_names(text):
    assert [item for item in found(text) if item[2] >= 0.5] == []


def test_a_name_that_is_a_word_counts_mid_sentence_only_with_context():
    assert found("ringte Per tilbake") == [("Per", "PERSON", 0.4)]
    analyzer = build_analyzer(recognizers=[PersonNameRecognizer()])
    lifted = analyzer.analyze(
        "ringte Per tilbake", language=SCAN_LANGUAGE, context=["fornavn"], score_threshold=0.5
    )
    assert [(r.entity_type, r.score) for r in lifted] == [("PERSON", 0.75)]
    assert (
        analyzer.analyze("ringte Per tilbake", language=SCAN_LANGUAGE, context=["notat"], score_threshold=0.5)
        == []
    )


@pytest.mark.parametrize(
    ("word", "role"),
    [
        ("Kari", "first"),
        ("Per", "word"),
        ("Hamar", "word"),
        ("Hansen", "surname"),
        ("Sigurðsdóttir", "surname"),
        ("Virtanen", "surname"),
        ("Kunden", "other"),
        ("Anne-Lise", "first"),
    ],
)
def test_word_roles_come_from_the_lists_and_endings(word, role):
    assert name_role(word) == role


def test_reasons_never_contain_the_name():
    verdict = check_name("snakket med Kari Hansen")
    assert verdict.reasons == ("first name and surname from name lists", "cue 'snakket med' before the name")
    assert not any("Kari" in reason or "Hansen" in reason for reason in verdict.reasons)


def _texts(rng: Random, count: int) -> list[str]:
    cues = sorted(PERSON_CUES)
    texts = []
    for _ in range(count):
        lang = rng.choice(LANGUAGES)
        name = person_name(rng, lang, rng.choice(("full", "first", "unlisted")))
        texts.append(
            rng.choice(
                ("{n} ringte", "ringte til {n} i dag", "{c} {n} ringte", "{c}: {n}", "Mvh {n}")
            ).format(n=name, c=rng.choice(cues).capitalize() if rng.random() < 0.5 else rng.choice(cues))
        )
    return texts


def test_candidate_matches_every_text_with_a_name():
    texts = _texts(Random(3), 600)
    with_names = [text for text in texts if found(text)]
    matched = pl.Series(with_names).str.contains(name_candidate())
    assert len(with_names) > 400 and matched.all()


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Kari",
                "Per",
                "Hansen",
                "kunden",
                "snakket",
                "med",
                "Telia",
                "Oslo",
                "ringte",
                ".",
                "Mvh",
                "Fjellheim",
                "Yusra",
                "fru",
                "Hr.",
                "agent",
                "Navn:",
                "i",
                "gate",
                "12",
            ]
        ),
        min_size=1,
        max_size=8,
    )
)
def test_candidate_is_a_superset_for_any_mix_of_words(words):
    text = " ".join(words)
    if found(text):
        assert pl.Series([text]).str.contains(name_candidate()).item()


# --- the column-level decision ------------------------------------------------------------------------


def _column(header: str, values: list[str], split: int) -> ColumnProfile:
    """The column profile as the scan builds it: counts of two batches, merged in reverse order."""
    frame = pl.DataFrame({header: values})
    first = name_column_counts(frame.slice(0, split), 1)[header]
    second = name_column_counts(frame.slice(split), split + 1)[header]
    non_empty = sum(1 for value in values if value.strip())
    return ColumnProfile(name=header, position=0, non_empty=non_empty, names=second.merge(first))


def test_name_counts_merge_to_the_same_counters_in_any_split():
    rng = Random(5)
    values = [person_name(rng, "no") for _ in range(400)] + ["Oslo", "Telia Max", "12345", ""] * 25
    whole = name_column_counts(pl.DataFrame({"c": values}), 1)["c"]
    for split in (1, 137, 250, 499):
        assert _column("c", values, split).names == whole
    assert whole.shaped == 450 and whole.listed >= 300 and len(whole.sketch) == SKETCH_SIZE


def test_distinct_estimate_is_exact_below_the_sketch_size_and_close_above():
    few = name_column_counts(
        pl.DataFrame({"c": [f"Kari Hansen{'' if i % 2 else 'sen'}" for i in range(300)]}), 1
    )["c"]
    assert few.distinct == 2
    many = name_column_counts(
        pl.DataFrame(
            {
                "c": [
                    f"Kari {chr(65 + i % 26)}{chr(97 + i // 26 % 26)}{chr(97 + i // 676)}sen"
                    for i in range(5000)
                ]
            }
        ),
        1,
    )["c"]
    assert 4000 < many.distinct < 6000


COLUMNS = build_columns(seed=4, rows=120)


@pytest.mark.parametrize("case", COLUMNS, ids=lambda case: case.header)
def test_column_decision_on_benchmark_columns(case):
    column = classify_person_column(_column(case.header, list(case.values), 50))
    assert sorted(column.entities) == ([case.expected] if case.expected else [])


def test_a_staff_header_relabels_cell_level_person_matches():
    column = _column("agent", ["Kari Hansen", "Ola Nordmann"] * 20, 10)
    column.entity("PERSON").add_cells(
        40, 0.8, [1, 2], "K*** H*****", ["first name and surname from name lists"], []
    )
    decided = classify_person_column(column)
    assert list(decided.entities) == ["EMPLOYEE_NAME"]
    assert decided.entities["EMPLOYEE_NAME"].count == 40
    assert (
        "column: header word 'agent', 100% of values shaped like names"
        in decided.entities["EMPLOYEE_NAME"].reasons
    )


def test_column_examples_are_masked_unless_values_are_shown():
    counts = name_column_counts(pl.DataFrame({"navn": ["Kari Hansen", "Ola Nordmann"]}), 1)["navn"]
    assert counts.examples == ((1, "K*** H*****"), (2, "O** N*******"))
    shown = name_column_counts(pl.DataFrame({"navn": ["Kari Hansen"]}), 1, show_values=True)["navn"]
    assert shown.examples == ((1, "Kari Hansen"),)


def test_empty_counts_merge_as_identity():
    counts = name_column_counts(pl.DataFrame({"navn": ["Kari Hansen"]}), 1)["navn"]
    assert NameColumnCounts().merge(counts) == counts == counts.merge(NameColumnCounts())


# --- masking and the corpus ---------------------------------------------------------------------------


def test_names_are_masked_to_initials():
    assert mask_value("Kari Nordmann", "PERSON") == "K*** N*******"
    assert mask_value("Ola", "EMPLOYEE_NAME") == "O**"


def test_people_corpus_labels_point_at_planted_values():
    notes = build_notes(seed=2, per_language=10)
    assert notes == build_notes(seed=2, per_language=10)
    labels = [(note.text[label.start : label.end], label.type) for note in notes for label in note.labels]
    assert labels and all(text.strip() == text and text for text, _ in labels)
    assert {kind for _, kind in labels} >= {"PERSON", "NORDIC_ADDRESS", "DATE_OF_BIRTH"}


def test_a_name_columns_first_rows_are_its_first_rows_when_cell_matches_start_further_down():
    rng = Random(11)
    values = [person_name(rng, "no") for _ in range(300)]
    column = _column("navn", values, 64)
    # the per-cell recognizer matched a few names from row 29 on; the column decision counts all 300
    column.entity("PERSON").add_cells(3, 0.8, [29, 40, 41], "K*** H*****", ["first name and surname"], [])
    person = classify_person_column(column).entities["PERSON"]
    assert person.count == 300
    assert person.rows == tuple(range(1, 11))
    assert [row for row, _ in person.examples] == [1, 2, 3]


@pytest.mark.parametrize("header", ["adresse", "postadresse", "delivery_address", "poststed", "ort", "city"])
@pytest.mark.parametrize("cell", ["Solbakken 12, Aune", "Bakken, Aune", "Aunevegen 3, 7021 Aune"])
def test_a_place_named_like_a_person_in_an_address_column_is_not_a_person(header, cell):
    analyzer = build_analyzer(recognizers=[PersonNameRecognizer()])
    assert analyzer.analyze(cell, language=SCAN_LANGUAGE, context=[header], score_threshold=0.5) == []


def test_an_address_word_in_notes_or_staff_headers_does_not_hide_a_name():
    analyzer = build_analyzer(recognizers=[PersonNameRecognizer()])
    note = analyzer.analyze(
        "Ny adresse registrert, snakket med Kari Hansen", language=SCAN_LANGUAGE, context=["notat"]
    )
    assert [(r.entity_type, r.score >= 0.5) for r in note] == [("PERSON", True)]
    # the same cell without an address header is still read as a name
    plain = analyzer.analyze("Bakken, Aune", language=SCAN_LANGUAGE, context=["kunde"], score_threshold=0.5)
    assert [r.entity_type for r in plain] == ["PERSON"]
    staff = analyzer.analyze(
        "Kari Hansen", language=SCAN_LANGUAGE, context=["created_by"], score_threshold=0.5
    )
    assert [r.entity_type for r in staff] == ["PERSON"]
