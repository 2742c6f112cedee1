"""Weighted mod 11 and Luhn: the arithmetic every national-ID module reuses."""

import random

import pytest
from stdnum.dk import cpr
from stdnum.no import fodselsnummer

from recognizers.checksums import luhn_check_digit, luhn_is_valid, mod11_check_digit, weighted_sum

K1_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2)
K2_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def test_weighted_sum_multiplies_digit_by_weight():
    assert weighted_sum("123", (4, 3, 2)) == 1 * 4 + 2 * 3 + 3 * 2


def test_weighted_sum_refuses_digits_and_weights_of_different_length():
    with pytest.raises(ValueError):
        weighted_sum("1234", (4, 3, 2))


def test_mod11_check_digit_is_eleven_minus_the_remainder():
    # Σ = 0·3+1·7+0·6+1·1+9·8+0·9+1·4+2·5+0·2 = 94 ≡ 6 (mod 11) → 11 − 6 = 5
    assert mod11_check_digit("010190120", K1_WEIGHTS) == 5


def test_mod11_check_digit_eleven_becomes_zero():
    assert mod11_check_digit("000000000", K1_WEIGHTS) == 0


def test_mod11_check_digit_ten_means_no_valid_number():
    # Σ = 0·3+1·7+0·6+1·1+9·8+0·9+1·4+2·5+3·2 = 100 ≡ 1 (mod 11) → 10
    assert mod11_check_digit("010190123", K1_WEIGHTS) is None


def test_mod11_check_digit_agrees_with_stdnum_norwegian_check_digits():
    rng = random.Random(11)
    for _ in range(2000):
        first10 = f"{rng.randrange(10**10):010d}"
        k1 = mod11_check_digit(first10[:9], K1_WEIGHTS)
        k2 = mod11_check_digit(first10, K2_WEIGHTS)
        assert ("10" if k1 is None else str(k1)) == fodselsnummer.calc_check_digit1(first10[:9])
        assert ("10" if k2 is None else str(k2)) == fodselsnummer.calc_check_digit2(first10)


def test_mod11_check_digit_makes_the_danish_cpr_sum_zero():
    rng = random.Random(12)
    for _ in range(500):
        first9 = f"{rng.randrange(10**9):09d}"
        check = mod11_check_digit(first9, (4, 3, 2, 7, 6, 5, 4, 3, 2))
        if check is not None:
            assert cpr.checksum(f"{first9}{check}") == 0


def test_luhn_check_digit_completes_a_swedish_personnummer():
    assert luhn_check_digit("850314123") == 9
    assert luhn_is_valid("8503141239")


def test_luhn_rejects_every_single_digit_change():
    number = "8503141239"
    for i in range(10):
        for digit in "0123456789":
            if digit != number[i]:
                assert not luhn_is_valid(number[:i] + digit + number[i + 1 :])


def test_luhn_is_false_for_non_digits_and_empty_text():
    assert not luhn_is_valid("85031412a9")
    assert not luhn_is_valid("")
