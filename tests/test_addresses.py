"""Nordic addresses: street and house number, postal code and town, in every country's writing; decoys;
the candidate superset."""

import re
from random import Random

import pytest

from benchmarks.people_corpus import LANGUAGES, postal_code_town, street_address
from recognizers.addresses import NordicAddressRecognizer, check_postal_code_town

ADDRESS = NordicAddressRecognizer()


def found(text: str) -> list[tuple[str, str, float]]:
    return sorted((text[r.start : r.end], r.entity_type, r.score) for r in ADDRESS.analyze(text, []))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bor i Storgata 12B nå", [("Storgata 12B", "NORDIC_ADDRESS", 0.6)]),
        ("Karl Johans gate 1", [("Karl Johans gate 1", "NORDIC_ADDRESS", 0.6)]),
        ("Øvre Slottsgate 3", [("Øvre Slottsgate 3", "NORDIC_ADDRESS", 0.6)]),
        ("Sergels torg 12", [("Sergels torg 12", "NORDIC_ADDRESS", 0.6)]),
        ("Mannerheimintie 10 A", [("Mannerheimintie 10 A", "NORDIC_ADDRESS", 0.6)]),
        ("Hovedgaden 49", [("Hovedgaden 49", "NORDIC_ADDRESS", 0.6)]),
        ("Frederiksberg Allé 3", [("Frederiksberg Allé 3", "NORDIC_ADDRESS", 0.6)]),
        (
            "Storgata 12B, 0150 Oslo",
            [("0150 Oslo", "POSTAL_CODE_TOWN", 0.7), ("Storgata 12B, 0150 Oslo", "NORDIC_ADDRESS", 0.85)],
        ),
        (
            "Kungsgatan 5, 114 55 Stockholm",
            [
                ("114 55 Stockholm", "POSTAL_CODE_TOWN", 0.7),
                ("Kungsgatan 5, 114 55 Stockholm", "NORDIC_ADDRESS", 0.85),
            ],
        ),
        (
            "Laugavegur 22, 101 Reykjavík",
            [
                ("101 Reykjavík", "POSTAL_CODE_TOWN", 0.7),
                ("Laugavegur 22, 101 Reykjavík", "NORDIC_ADDRESS", 0.85),
            ],
        ),
        ("2100 København Ø", [("2100 København Ø", "POSTAL_CODE_TOWN", 0.7)]),
        ("N-0150 OSLO", [("N-0150 OSLO", "POSTAL_CODE_TOWN", 0.7)]),
        ("FI-00100 Helsinki", [("FI-00100 Helsinki", "POSTAL_CODE_TOWN", 0.7)]),
        ("postnummer 4321 Fjellbygd", [("4321 Fjellbygd", "POSTAL_CODE_TOWN", 0.3)]),
    ],
)
def test_addresses_get_span_type_and_score(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2024 Kunden ringte",
        "Oslo-kampanjen 2024",
        "Boarding at Gate 12",
        "Arbeidsplass 3",
        "120 Kunder fikk brev",
        "Flytter til Bergen",
        "Oslo",
        "Kunden har 2 Abonnement",
    ],
)
def test_decoys_are_not_addresses(text):
    assert [item for item in found(text) if item[2] >= 0.5] == []


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("0150 Oslo", "NO/DK"),
        ("114 55 Stockholm", "SE"),
        ("00100 Helsinki", "FI/SE"),
        ("101 Reykjavík", "IS"),
        ("SE-114 55 Stockholm", "SE"),
        ("DK-2100 København", "DK"),
    ],
)
def test_postal_code_shape_names_the_country(text, country):
    assert check_postal_code_town(text).flags == {"country": country}


def test_an_icelandic_code_or_a_year_before_an_unknown_word_is_not_an_address():
    assert not check_postal_code_town("120 Kunder").valid
    assert not check_postal_code_town("1985 Kunden").valid
    assert check_postal_code_town("1985 Hamar").valid


def test_candidate_matches_every_generated_address():
    rng = Random(11)
    candidate = re.compile(NordicAddressRecognizer.CANDIDATE)
    texts = []
    for _ in range(400):
        lang = rng.choice(LANGUAGES)
        texts.append(
            rng.choice(("Ny adresse: {a}, {c}.", "flyttet til {a}", "sendes til {c}", "{a}")).format(
                a=street_address(rng, lang), c=postal_code_town(rng, lang)
            )
        )
    hits = [text for text in texts if found(text)]
    assert len(hits) == len(texts)
    assert all(candidate.search(text) for text in hits)
