"""The compiled numbering plans give the type phonenumbers.number_type gives, for every Nordic number."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from phonenumbers import PhoneNumber, PhoneNumberType

from recognizers.numbering_plans import NORDIC_CALLING_CODES, NUMBERING_PLANS, kind_name


def library_kind(calling_code: int, nsn: str) -> str | None:
    phone_type = phonenumbers.number_type(PhoneNumber(country_code=calling_code, national_number=int(nsn)))
    return None if phone_type == PhoneNumberType.UNKNOWN else kind_name(phone_type)


def example_numbers() -> list[tuple[int, str]]:
    """phonenumbers' example number of every type of every region of the five calling codes, and each
    with its last digit changed and one digit more or less (lengths and patterns at their edges)."""
    examples = set()
    for code in NORDIC_CALLING_CODES:
        for region in phonenumbers.COUNTRY_CODE_TO_REGION_CODE[code]:
            for phone_type in PhoneNumberType.values():
                example = phonenumbers.example_number_for_type(region, phone_type)
                if example is None:
                    continue
                nsn = str(example.national_number)
                examples.update((code, variant) for variant in (nsn, nsn[:-1] + str((int(nsn[-1]) + 1) % 10), nsn + "0", nsn[:-1]))
    return sorted((code, nsn) for code, nsn in examples if nsn and nsn[0] != "0")


EXAMPLES = example_numbers()


def test_the_examples_cover_every_kind_the_plans_name() -> None:
    kinds = {library_kind(code, nsn) for code, nsn in EXAMPLES}
    assert {"mobile", "fixed_line", "toll_free", "premium_rate", None} <= kinds
    assert len(EXAMPLES) > 100


@pytest.mark.parametrize(("calling_code", "nsn"), EXAMPLES)
def test_same_kind_as_phonenumbers_for_every_example(calling_code: int, nsn: str) -> None:
    assert NUMBERING_PLANS[str(calling_code)].kind(nsn) == library_kind(calling_code, nsn)


@settings(max_examples=3000, deadline=None)
@given(st.sampled_from(NORDIC_CALLING_CODES), st.from_regex(r"\A[1-9][0-9]{4,11}\Z"))
def test_same_kind_as_phonenumbers_for_random_digits(calling_code: int, nsn: str) -> None:
    assert NUMBERING_PLANS[str(calling_code)].kind(nsn) == library_kind(calling_code, nsn)


def test_every_region_of_the_five_calling_codes_has_its_plan():
    # region_for asks how many regions share the code, as phonenumbers does of its own list
    for code in NORDIC_CALLING_CODES:
        assert [plan.region for plan in NUMBERING_PLANS[str(code)].regions] == list(phonenumbers.COUNTRY_CODE_TO_REGION_CODE[code])


def test_shared_calling_codes_pick_the_territory_as_phonenumbers_does() -> None:
    # +47 79 is Svalbard (SJ), +358 18 is Åland (AX): the region decides which plan types the number
    svalbard = NUMBERING_PLANS["47"].region_for("79123456")
    aland = NUMBERING_PLANS["358"].region_for("181234567")
    assert (svalbard.region if svalbard else None) == phonenumbers.region_code_for_number(phonenumbers.parse("+4779123456"))
    assert (aland.region if aland else None) == phonenumbers.region_code_for_number(phonenumbers.parse("+358181234567"))
