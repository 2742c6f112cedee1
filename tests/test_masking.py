from scanner.masking import mask_value


def test_identifier_keeps_first_two_and_last_three():
    assert mask_value("01019012345") == "01******345"


def test_separators_stay_visible():
    assert mask_value("010190-12345") == "01****-**345"


def test_email_keeps_first_letter_and_domain():
    assert mask_value("ola.nordmann@example.no", "EMAIL_ADDRESS") == "o***@example.no"


def test_short_values_keep_at_most_two_characters():
    assert mask_value("91234567") == "******67"
    assert mask_value("1234") == "****"


def test_never_more_than_five_characters_visible():
    for value in ("NO93 8601 1117 947", "+47 912 34 567", "131052-308T", "4111 1111 1111 1111"):
        masked = mask_value(value)
        assert sum(c.isalnum() for c in masked) <= 5, masked
        assert len(masked) == len(value)
