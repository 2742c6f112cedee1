"""National and business IDs as exports really write them (issue #16, item 5).

Every number is generated with valid check digits; no value is printed.
"""

import datetime
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.synthetic import national_ids as ids
from recognizers.checksums import luhn_check_digit
from recognizers.entities import category_of
from scanner.detector import build_detector

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
seeds = st.integers(0, 2**32)
# sentences without any context word, in the six languages
PLAIN = (
    "Kunden ringte i dag om {}, ønsker ny avtale",
    "Kunden ringde idag om {}, vill ha ny faktura",
    "Kunden ringede i dag om {}, vil opsige",
    "Asiakas soitti tänään: {}, haluaa uuden sopimuksen",
    "Viðskiptavinur hringdi í dag: {}, vill nýjan samning",
    "The customer called today about {}, wants a new contract",
)


@pytest.fixture(scope="module")
def detector():
    return build_detector(0.5)


def types(detector, text: str, header: str = "notes") -> set[str]:
    return {entity.type for entity in detector.analyze_cell(text, header, None)}


def national(found: set[str]) -> set[str]:
    return {t for t in found if category_of(t) == "NATIONAL_ID"}


def fodselsnummer_written(rng: random.Random, writing: str) -> str:
    digits = ids.fodselsnummer(rng, "compact")
    date, individual = digits[:6], digits[6:]
    grouped = {
        "DDMMYY NNNNN": f"{date} {individual}",
        "DD.MM.YY NNNNN": f"{date[:2]}.{date[2:4]}.{date[4:]} {individual}",
        "DD MM YY NNNNN": f"{date[:2]} {date[2:4]} {date[4:]} {individual}",
        "DD.MM.YY-NNNNN": f"{date[:2]}.{date[2:4]}.{date[4:]}-{individual}",
    }
    return grouped[writing]


@pytest.mark.parametrize("writing", ["DDMMYY NNNNN", "DD.MM.YY NNNNN", "DD MM YY NNNNN", "DD.MM.YY-NNNNN"])
@FAST
@given(seed=seeds, sentence=st.sampled_from(PLAIN))
def test_a_fodselsnummer_with_its_date_written_out_is_found_anywhere(detector, writing, seed, sentence):
    value = fodselsnummer_written(random.Random(seed), writing)
    assert national(types(detector, value, "value")) == {"NO_FODSELSNUMMER"}
    assert national(types(detector, sentence.format(value))) == {"NO_FODSELSNUMMER"}


def test_a_date_and_a_number_that_fail_the_check_digits_are_no_fodselsnummer(detector):
    rng = random.Random(4)
    for _ in range(200):
        value = fodselsnummer_written(rng, "DD.MM.YY NNNNN")
        wrong = value[:-1] + str((int(value[-1]) + 1) % 10)
        assert "NO_FODSELSNUMMER" not in types(detector, wrong, "value")


def _centenarian_personnummer(rng: random.Random) -> str:
    """A 12-digit personnummer of someone who turned 100 this year or earlier, written with "+"."""
    today = datetime.date.today()
    birth = datetime.date(1900, 1, 1) + datetime.timedelta(
        days=rng.randrange((today.year - 1900 - 100) * 365)
    )
    first9 = f"{birth:%y%m%d}{rng.randrange(1000):03d}"
    return f"{birth:%Y%m%d}+{first9[6:]}{luhn_check_digit(first9)}"


@FAST
@given(seed=seeds)
def test_a_12_digit_personnummer_written_with_plus_is_found_for_a_centenarian(detector, seed):
    value = _centenarian_personnummer(random.Random(seed))
    assert national(types(detector, value, "value")) == {"SE_PERSONNUMMER"}


def test_a_12_digit_personnummer_with_plus_before_the_100th_year_is_not_one(detector):
    rng = random.Random(8)
    young = [ids.personnummer(rng, "long") for _ in range(300)]
    young = [v for v in young if int(v[:4]) > datetime.date.today().year - 100][:50]
    assert young
    for value in young:
        assert "SE_PERSONNUMMER" not in types(detector, f"{value[:8]}+{value[8:]}", "value")


def _orgnr(rng: random.Random) -> str:
    from stdnum.no import orgnr

    while True:
        candidate = f"{rng.randrange(80_000_000, 100_000_000)}{rng.randrange(10)}"
        if orgnr.is_valid(candidate):
            return candidate


def _cvr(rng: random.Random) -> str:
    from stdnum.dk import cvr

    while True:
        candidate = f"{rng.randrange(10_000_000, 100_000_000)}"
        if cvr.is_valid(candidate):
            return candidate


@pytest.mark.parametrize(
    "writing", ["NO {a} {b} {c} MVA", "{a}{b}{c}MVA", "NO{a}{b}{c}MVA", "{a} {b} {c} MVA", "{a}{b}{c} mva"]
)
@FAST
@given(seed=seeds, sentence=st.sampled_from(PLAIN))
def test_an_organisation_number_in_its_vat_writing_is_found(detector, writing, seed, sentence):
    number = _orgnr(random.Random(seed))
    value = writing.format(a=number[:3], b=number[3:6], c=number[6:])
    assert "NO_ORGNR" in types(detector, value, "value")
    assert "NO_ORGNR" in types(detector, sentence.format(value))


@pytest.mark.parametrize("header", ["mva", "mva_nummer", "orgnr", "MvaNummer", "leverandør_mva"])
def test_vat_and_organisation_headers_name_an_organisation_number(detector, header):
    rng = random.Random(header)
    for _ in range(20):
        assert "NO_ORGNR" in types(detector, _orgnr(rng), header)


@pytest.mark.parametrize("writing", ["DK{n}", "DK {n}", "CVR DK{n}", "dk{n}"])
@FAST
@given(seed=seeds)
def test_a_cvr_number_with_its_country_prefix_is_found(detector, writing, seed):
    value = writing.format(n=_cvr(random.Random(seed)))
    assert "DK_CVR" in types(detector, value, "value")


def test_a_vat_prefix_with_a_wrong_check_digit_is_nothing(detector):
    rng = random.Random(3)
    for _ in range(100):
        number = _cvr(rng)
        wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
        assert "DK_CVR" not in types(detector, f"DK{wrong}", "value")


@FAST
@given(seed=seeds)
def test_a_context_word_glued_with_a_colon_is_context_but_letters_glued_to_the_number_are_not(detector, seed):
    value = ids.personnummer(random.Random(seed), "compact")
    assert "SE_PERSONNUMMER" in types(detector, f"pnr:{value}")
    assert not national(types(detector, f"is{value}"))
    assert not national(types(detector, f"abc{value}def"))
