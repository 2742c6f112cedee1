"""Business identifiers (NO orgnr, SE organisationsnummer, DK CVR, FI Y-tunnus, IS organisation
kennitala) and the context-only passport numbers: one test per rule, then properties over every
generated kind and written form, then the false-positive corpus."""

import random

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from recognizer_checks import candidate_misses, decoy_rates
from stdnum.dk import cvr as stdnum_cvr
from stdnum.fi import ytunnus as stdnum_ytunnus
from stdnum.is_ import kennitala as stdnum_kennitala
from stdnum.no import orgnr as stdnum_orgnr
from stdnum.se import orgnr as stdnum_se_orgnr

from benchmarks.synthetic import national_ids as synthetic_national_ids
from benchmarks.synthetic.accounts import GENERATORS, WRITTEN_FORMS
from benchmarks.synthetic.national_ids import change_one_digit
from benchmarks.synthetic.phones import DECOYS
from recognizers.analyzer import build_analyzer
from recognizers.base import SCAN_LANGUAGE
from recognizers.business_ids import (
    DkCvrRecognizer,
    FiYtunnusRecognizer,
    IsKennitalaOrgRecognizer,
    NoOrgnrRecognizer,
    SeOrgnrRecognizer,
)
from recognizers.checksums import luhn_check_digit
from recognizers.entities import category_of
from recognizers.passports import NordicPassportRecognizer
from scanner.detector import build_detector

NO_ORGNR, SE_ORGNR, DK_CVR = NoOrgnrRecognizer(), SeOrgnrRecognizer(), DkCvrRecognizer()
FI_YTUNNUS, IS_ORG, PASSPORT = FiYtunnusRecognizer(), IsKennitalaOrgRecognizer(), NordicPassportRecognizer()


def found(recognizer, text: str) -> list[tuple[str, str, float]]:
    """(entity, matched text, score) of every result, before context."""
    return [(r.entity_type, text[r.start : r.end], r.score) for r in recognizer.analyze(text, [])]


def analyzed(recognizer, text: str, header: str = "") -> list[tuple[str, float]]:
    analyzer = build_analyzer(recognizers=[recognizer])
    results = analyzer.analyze(text, language=SCAN_LANGUAGE, context=[header] if header else None)
    return [(r.entity_type, r.score) for r in results]


def test_every_business_id_is_in_the_business_id_category():
    entities = {r.supported_entities[0] for r in (NO_ORGNR, SE_ORGNR, DK_CVR, FI_YTUNNUS, IS_ORG)}
    assert {category_of(entity) for entity in entities} == {"BUSINESS_ID"}


# --- Norway ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["923 456 783", "923456783"])
def test_orgnr_with_mod_11_digit_scores_03_and_needs_context(text):
    assert found(NO_ORGNR, text) == [("NO_ORGNR", text, 0.3)]


def test_orgnr_wrong_check_digit_is_rejected():
    assert found(NO_ORGNR, "923 456 784") == []


def test_orgnr_first_digit_other_than_8_or_9_is_not_matched():
    assert stdnum_orgnr.is_valid("123456785")
    assert found(NO_ORGNR, "123456785") == []


def test_orgnr_word_lifts_an_orgnr_over_the_threshold():
    assert analyzed(NoOrgnrRecognizer(), "923456783") == []
    assert analyzed(NoOrgnrRecognizer(), "Org.nr. 923 456 783") == [("NO_ORGNR", 0.65)]


def test_orgnr_inside_a_longer_grouped_number_is_not_found():
    assert found(NO_ORGNR, "1 923 456 783") == []


# --- Sweden ---------------------------------------------------------------------------------------------


def test_se_orgnr_with_hyphen_scores_06_and_without_03():
    assert found(SE_ORGNR, "552100-0009") == [("SE_ORGNR", "552100-0009", 0.6)]
    assert found(SE_ORGNR, "5521000009") == [("SE_ORGNR", "5521000009", 0.3)]


def test_se_orgnr_wrong_luhn_digit_is_rejected():
    assert found(SE_ORGNR, "552100-0008") == []


def test_se_orgnr_digits_3_and_4_below_20_are_rejected_though_stdnum_accepts_them():
    number = "551900000" + str(luhn_check_digit("551900000"))
    assert stdnum_se_orgnr.is_valid(number)
    assert found(SE_ORGNR, number) == []


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1), form=st.sampled_from(["hyphen", "compact"]))
def test_a_valid_personnummer_is_never_an_orgnr_it_is_the_national_id_recognizers(seed, form):
    personnummer = synthetic_national_ids.GENERATORS["se_personnummer"](random.Random(seed), form)
    assert found(SE_ORGNR, personnummer) == []


# --- Denmark, Finland, Iceland --------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["32456782", "32 45 67 82"])
def test_cvr_scores_03_context_only(text):
    assert found(DK_CVR, text) == [("DK_CVR", text, 0.3)]


def test_cvr_word_lifts_a_cvr_over_the_threshold():
    assert analyzed(DkCvrRecognizer(), "CVR-nr. 32456782") == [("DK_CVR", 0.65)]


def test_cvr_starting_with_0_is_not_matched():
    assert found(DK_CVR, "02456789") == []


def test_ytunnus_with_hyphen_scores_06_and_as_8_digits_03():
    assert found(FI_YTUNNUS, "1234567-1") == [("FI_YTUNNUS", "1234567-1", 0.6)]
    assert found(FI_YTUNNUS, "12345671") == [("FI_YTUNNUS", "12345671", 0.3)]


def test_ytunnus_wrong_check_digit_is_rejected():
    assert found(FI_YTUNNUS, "1234567-2") == []


def test_icelandic_organisation_kennitala_with_hyphen_scores_06_and_without_03():
    assert found(IS_ORG, "510185-2189") == [("IS_KENNITALA_ORG", "510185-2189", 0.6)]
    assert found(IS_ORG, "5101852189") == [("IS_KENNITALA_ORG", "5101852189", 0.3)]


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1), form=st.sampled_from(["hyphen", "compact"]))
def test_a_persons_kennitala_is_never_an_organisation_kennitala(seed, form):
    person = synthetic_national_ids.GENERATORS["is_kennitala"](random.Random(seed), form)
    assert found(IS_ORG, person) == []


def test_icelandic_organisation_kennitala_day_72_is_rejected():
    assert stdnum_kennitala.is_valid("720185-2189") is False
    assert found(IS_ORG, "720185-2189") == []


# --- passports ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "entity"),
    [("12345678", "SE_PASSPORT"), ("123456789", "DK_PASSPORT"), ("XP1234567", "FI_PASSPORT")],
)
def test_passport_shape_alone_scores_01(text, entity):
    assert found(PASSPORT, text) == [(entity, text, 0.1)]


@pytest.mark.parametrize("sentence", ["Passnummer: 12345678", "passport no. XP1234567", "Passi XP1234567"])
def test_passport_word_lifts_a_passport_number_to_06(sentence):
    assert [score for _, score in analyzed(NordicPassportRecognizer(), sentence)] == [0.6]


def test_passport_header_lifts_a_passport_number_to_06():
    results = analyzed(NordicPassportRecognizer(), "123456789", header="passport_number")
    assert results == [("DK_PASSPORT", 0.6)]


def test_passport_without_context_is_not_reported():
    assert analyzed(NordicPassportRecognizer(), "Kunden oppga 12345678") == []


def test_finnish_passport_letters_must_be_capitals():
    assert found(PASSPORT, "xp1234567") == []


def test_passport_of_one_repeated_digit_is_rejected():
    assert found(PASSPORT, "11111111") == found(PASSPORT, "AB1111111") == []


# --- every kind, every written form ---------------------------------------------------------------------

RECOGNIZER_AND_ENTITY = {
    "no_orgnr": (NO_ORGNR, "NO_ORGNR"),
    "se_orgnr": (SE_ORGNR, "SE_ORGNR"),
    "dk_cvr": (DK_CVR, "DK_CVR"),
    "fi_ytunnus": (FI_YTUNNUS, "FI_YTUNNUS"),
    "is_kennitala_org": (IS_ORG, "IS_KENNITALA_ORG"),
    "se_passport": (PASSPORT, "SE_PASSPORT"),
    "dk_passport": (PASSPORT, "DK_PASSPORT"),
    "fi_passport": (PASSPORT, "FI_PASSPORT"),
}
KIND_FORMS = [(kind, form) for kind in RECOGNIZER_AND_ENTITY for form in WRITTEN_FORMS[kind]]
CHECKED_KIND_FORMS = [(kind, form) for kind, form in KIND_FORMS if not kind.endswith("_passport")]
SEEDS = st.integers(min_value=0, max_value=2**32 - 1)
SENTENCES = {
    "nb": "Firmaet har nummer {} i registeret.",
    "sv": "Företaget har nummer {} i registret.",
    "da": "Virksomheden har nummer {}, oplyste kunden.",
    "fi": "Yrityksen tunnus on {} rekisterissä.",
    "is": "Fyrirtækið er skráð undir {} hjá okkur.",
    "en": "The company ({}) is registered.",
}


def expected_score(kind: str, form: str) -> float:
    if kind.endswith("_passport"):
        return 0.1
    return 0.6 if form == "hyphen" else 0.3


@pytest.mark.parametrize(("kind", "form"), KIND_FORMS)
@settings(max_examples=40, deadline=None)
@given(seed=SEEDS)
def test_generated_value_alone_in_a_cell_is_found(kind, form, seed):
    value = GENERATORS[kind](random.Random(seed), form)
    recognizer, entity = RECOGNIZER_AND_ENTITY[kind]
    assert found(recognizer, value) == [(entity, value, expected_score(kind, form))]


@pytest.mark.parametrize(("kind", "form"), KIND_FORMS)
@settings(max_examples=40, deadline=None)
@given(seed=SEEDS, language=st.sampled_from(sorted(SENTENCES)))
def test_generated_value_inside_a_sentence_is_found_in_every_language(kind, form, seed, language):
    value = GENERATORS[kind](random.Random(seed), form)
    recognizer, entity = RECOGNIZER_AND_ENTITY[kind]
    expected = [(entity, value, expected_score(kind, form))]
    assert found(recognizer, SENTENCES[language].format(value)) == expected


def digits_a_checksum_covers(kind: str) -> range | None:
    """Every digit, except the kennitala's century digit M, whose weight is 0."""
    return range(9) if kind == "is_kennitala_org" else None


@pytest.mark.parametrize(("kind", "form"), CHECKED_KIND_FORMS)
@settings(max_examples=40, deadline=None)
@given(seed=SEEDS)
def test_a_single_changed_digit_is_rejected(kind, form, seed):
    rng = random.Random(seed)
    changed = change_one_digit(rng, GENERATORS[kind](rng, form), digits_a_checksum_covers(kind))
    assert found(RECOGNIZER_AND_ENTITY[kind][0], changed) == []


@pytest.mark.parametrize(("kind", "form"), KIND_FORMS)
def test_candidate_prefilter_matches_every_generated_value(kind, form):
    rng = random.Random(f"{kind}/{form}")
    values = [GENERATORS[kind](rng, form) for _ in range(200)]
    assert candidate_misses(RECOGNIZER_AND_ENTITY[kind][0].CANDIDATE, values) == []


@pytest.mark.parametrize(
    ("kind", "stdnum_is_valid"),
    [
        ("no_orgnr", stdnum_orgnr.is_valid),
        ("se_orgnr", stdnum_se_orgnr.is_valid),
        ("dk_cvr", stdnum_cvr.is_valid),
        ("fi_ytunnus", stdnum_ytunnus.is_valid),
        ("is_kennitala_org", stdnum_kennitala.is_valid),
    ],
)
def test_generated_values_are_valid_for_python_stdnum(kind, stdnum_is_valid):
    rng = random.Random(f"stdnum {kind}")
    values = [GENERATORS[kind](rng, form) for form in WRITTEN_FORMS[kind] for _ in range(200)]
    assert all(stdnum_is_valid(value) for value in values)


# --- false positives ------------------------------------------------------------------------------------

DECOYS_PER_KIND = 10_000
ALL_RECOGNIZERS = (NO_ORGNR, SE_ORGNR, DK_CVR, FI_YTUNNUS, IS_ORG, PASSPORT)


@pytest.mark.parametrize("decoy", DECOYS)
def test_decoys_are_not_reported_without_context(decoy):
    rng = random.Random(decoy)
    cells = pl.Series([DECOYS[decoy](rng) for _ in range(DECOYS_PER_KIND)])
    for recognizer in ALL_RECOGNIZERS:
        reported, _ = decoy_rates(recognizer, cells, decoy)
        assert reported == 0.0


@pytest.mark.parametrize("engine", ["fast", "reference"])
@pytest.mark.parametrize("header", ["national_id", "notes"])
def test_a_personnummer_that_also_reads_as_an_icelandic_organisation_is_reported_as_the_person(
    engine, header
):
    # 550103-1099: a Swedish personnummer of 1955 whose digits also pass the organisation kennitala rule
    detector = build_detector(0.5, engine=engine)
    types = [entity.type for entity in detector.analyze_cell("Kunden 550103-1099 ringte", header, None)]
    assert types == ["SE_PERSONNUMMER"]
    # one check digit off, it is no personnummer, and the organisation is reported as before
    assert [e.type for e in detector.analyze_cell("Leverandør kt. 550103-1090", header, None)] == [
        "IS_KENNITALA_ORG"
    ]
    # in one cell with the personnummer, the organisation is still reported, where it is
    both = "Kunden 550103-1099 ringte om firma kt. 550103-1090"
    assert [(e.type, e.span) for e in detector.analyze_cell(both, header, None)] == [
        ("IS_KENNITALA_ORG", (39, 50)),
        ("SE_PERSONNUMMER", (7, 18)),
    ]
