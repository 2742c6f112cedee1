"""Identity-check words are context; a word naming one country's identifier decides between readings.

Every number is generated with valid check digits; no value is printed.
"""

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum.exceptions import ValidationError

from benchmarks.synthetic import national_ids as ids
from recognizers.business_ids import check_is_kennitala_org
from recognizers.entities import category_of
from recognizers.national_ids import dk_cpr, se_personnummer
from scanner.detector import build_detector

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
seeds = st.integers(0, 2**32)


@pytest.fixture(scope="module")
def detector():
    return build_detector(0.5)


def national(detector, text: str, header: str = "notes") -> set[str]:
    return {e.type for e in detector.analyze_cell(text, header, None) if category_of(e.type) == "NATIONAL_ID"}


IDENTITY_SENTENCES = {
    "en": ["Identity verified, {}", "ID checked: {}", "Caller confirmed with {}", "verified ID {}"],
    "nb": ["Kunden legitimert med {}", "ID-sjekk ok, {}", "Identitet bekreftet med {}"],
    "sv": ["Kunden legitimerad, {}", "ID-kontroll gjord: {}", "Identitet bekräftad med {}"],
    "da": ["Kunden legitimeret, {}", "ID-tjek ok: {}", "Identitet bekræftet med {}"],
    "fi": ["Asiakas tunnistettu: {}", "Henkilöllisyys tarkistettu {}"],
    "is": ["Skilríki skoðuð, {}", "Auðkenni staðfest með {}"],
}
OFFICIAL_NAMES = [
    "personal identification number",
    "civil registration number",
    "CPR number",
    "national identity number",
    "social security number",
    "ID number",
]


@pytest.mark.parametrize(
    "sentence",
    [s for sentences in IDENTITY_SENTENCES.values() for s in sentences],
    ids=lambda s: s.split()[0],
)
@FAST
@given(seed=seeds)
def test_identity_check_words_lift_a_bare_personnummer(detector, sentence, seed):
    value = ids.personnummer(random.Random(seed), "compact")
    assert "SE_PERSONNUMMER" in national(detector, sentence.format(value))
    assert not national(detector, f"Kunden ringde idag, {value} ok")  # no word: not a finding


@pytest.mark.parametrize("name", OFFICIAL_NAMES)
@FAST
@given(seed=seeds)
def test_the_official_english_names_are_context(detector, name, seed):
    rng = random.Random(seed)
    value = ids.cpr(rng, "compact") if "CPR" in name or "civil" in name else ids.personnummer(rng, "compact")
    assert national(detector, f"The caller gave their {name} {value}.")


@pytest.mark.parametrize("glued", ["identityx {}", "unidentity {}", "legitimertx {}", "cprx {}", "xkt {}"])
def test_context_words_match_whole_words_only(detector, glued):
    rng = random.Random(glued)
    for _ in range(20):
        value = ids.personnummer(rng, "compact")
        assert not national(detector, glued.format(value))


def _both_cpr_and_personnummer(rng: random.Random) -> str:
    """Ten digits that are a valid CPR (with mod 11) and a valid personnummer."""
    while True:
        value = ids.cpr(rng, "compact")
        try:
            se_personnummer.validate(value)
        except ValidationError:
            continue
        return value


@FAST
@given(seed=seeds)
def test_a_word_naming_one_country_decides_between_two_readings_of_the_same_digits(detector, seed):
    value = _both_cpr_and_personnummer(random.Random(seed))
    assert national(detector, value, "cpr") == {"DK_CPR"}
    assert national(detector, f"CPR-nr. {value}") == {"DK_CPR"}
    swedish = {se_personnummer.validate(value).entity}  # a samordningsnummer when the day is + 60
    assert national(detector, value, "pnr") == swedish
    assert national(detector, f"pnr: {value}") == swedish


def _kennitala_not_a_cpr(rng: random.Random) -> str:
    """A kennitala whose digits are no CPR (the CPR century table puts the birth date in the future)."""
    while True:
        value = ids.kennitala(rng, "compact")
        try:
            dk_cpr.validate(value)
        except ValidationError:
            return value


@FAST
@given(seed=seeds)
def test_under_a_cpr_header_a_number_that_is_no_cpr_is_not_reported_as_a_kennitala(detector, seed):
    value = _kennitala_not_a_cpr(random.Random(seed))
    assert "IS_KENNITALA" not in national(detector, value, "cpr")
    assert "IS_KENNITALA" not in national(detector, f"CPR-nr. {value}")
    assert national(detector, value, "kennitala") == {"IS_KENNITALA"}


@FAST
@given(seed=seeds)
def test_a_kennitala_column_lists_only_kennitala(detector, seed):
    rng = random.Random(seed)
    for _ in range(10):
        assert national(detector, ids.kennitala(rng, "compact"), "kennitala") == {"IS_KENNITALA"}


def _samordningsnummer_and_icelandic_organisation(rng: random.Random, form: str) -> str:
    """A samordningsnummer whose ten digits are also a valid Icelandic organisation's kennitala (day 61-71
    read as day + 40): 0.6 % of 10-digit samordningsnummer."""
    while True:
        value = ids.samordningsnummer(rng, form)
        if check_is_kennitala_org(value.replace("-", "")).valid:
            return value


def entities(detector, text: str, header: str = "notes") -> set[str]:
    return {e.type for e in detector.analyze_cell(text, header, None)}


@FAST
@given(seed=seeds, form=st.sampled_from(["compact", "hyphen"]))
def test_a_swedish_word_decides_a_samordningsnummer_that_is_also_an_icelandic_organisation(
    detector, seed, form
):
    value = _samordningsnummer_and_icelandic_organisation(random.Random(seed), form)
    assert national(detector, f"Kunden ringde, samordningsnummer {value}, vill ha ny faktura") == {
        "SE_SAMORDNINGSNUMMER"
    }
    assert national(detector, value, "samordningsnummer") == {"SE_SAMORDNINGSNUMMER"}
    # the Icelandic word, or none: the organisation's reading (its score needs the hyphen or a word)
    assert entities(detector, f"Fyrirtækið, kt. {value}") == {"IS_KENNITALA_ORG"}
    assert not national(detector, f"Kunden ringde idag om {value}")
