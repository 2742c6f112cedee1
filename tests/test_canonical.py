"""Canonical forms of a known person's identifiers (recognizers/canonical.py), with generated numbers."""

from __future__ import annotations

from random import Random

import pytest

from recognizers.canonical import (
    NotAnIdentifier,
    customer_number_key,
    email_key,
    name_words,
    national_id_writings,
    phone_readings,
)
from recognizers.checksums import luhn_check_digit
from recognizers.national_ids.fi_hetu import check_character


def _personnummer(seed: int) -> str:
    rng = Random(seed)
    nine = (
        f"{rng.randint(50, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    )
    return nine + str(luhn_check_digit(nine))


def test_a_swedish_number_in_10_and_12_digits_has_one_key_and_both_writings() -> None:
    number = _personnummer(3)
    short = national_id_writings(f"{number[:6]}-{number[6:]}")
    long = national_id_writings(f"19{number[:6]}-{number[6:]}")
    assert short.key == long.key == number
    assert set(short.writings) == set(long.writings) == {number, "19" + number}


def test_separators_never_change_a_national_id() -> None:
    digits = "".join(str(Random(5).randint(0, 9)) for _ in range(11))
    spaced, hyphened = (
        national_id_writings(f"{digits[:6]} {digits[6:]}"),
        national_id_writings(f"{digits[:6]}-{digits[6:]}"),
    )
    assert spaced == hyphened == national_id_writings(digits)


def test_a_hetu_is_kept_whole_in_upper_case() -> None:
    hetu = national_id_writings("131052-308t")
    assert (hetu.tokens, hetu.writings) == (("131052-308T",), ())


def test_a_hyphenated_ten_digit_number_is_read_as_digits_and_as_a_hetu_when_its_check_fits() -> None:
    serial = next(f"{n:03d}" for n in range(2, 900) if check_character(f"131052{n:03d}").isdigit())
    number = f"131052-{serial}{check_character('131052' + serial)}"
    both = national_id_writings(number)
    assert both.key == number.replace("-", "") and both.tokens == (number,)
    assert national_id_writings(number[:-1] + str((int(number[-1]) + 1) % 10)).tokens == ()


def test_letters_in_a_national_id_are_refused_without_quoting_it() -> None:
    with pytest.raises(NotAnIdentifier) as error:
        national_id_writings("AB123456789")
    assert "AB1" not in str(error.value)


def test_a_phone_without_country_code_is_read_in_every_region_that_writes_it_so() -> None:
    assert sorted(reading.key[:3] for reading in phone_readings("912 34 567")) == ["+45", "+47"]
    assert sorted(reading.key[:4] for reading in phone_readings("070-123 45 67")) == ["+358", "+467"]


def test_a_phone_with_country_code_has_its_international_and_national_writings() -> None:
    (reading,) = phone_readings("+46 (0)70-123 45 67")
    assert reading.key == "+46701234567"
    assert set(reading.writings) == {"46701234567", "460701234567", "0046701234567", "00460701234567"}
    assert reading.local == ("0701234567",)


def test_an_invalid_phone_is_refused() -> None:
    with pytest.raises(NotAnIdentifier):
        phone_readings("+47 123")


def test_email_customer_number_and_name_forms() -> None:
    assert email_key(" Kari.N@Example.NO ").key == "kari.n@example.no"
    assert customer_number_key(" C-1002. ").key == "C-1002"
    assert name_words("Anne-Marie  NORDMANN anne") == ("anne", "marie", "nordmann")
