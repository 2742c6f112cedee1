from scanner.classify import classify_column
from scanner.profile import ColumnProfile


def _column(
    numeric: int, hits: int, reason: str = "NoFodselsnummerRecognizer: pattern 'x'", entity="NO_FODSELSNUMMER"
):
    column = ColumnProfile(name="order_no", position=0, non_empty=10_000, numeric=numeric)
    column.entity(entity).add_cells(hits, 0.85, [1], "12******345", [reason], [])
    return column


def test_rare_checksum_hits_in_a_numeric_column_are_collisions():
    column = classify_column(_column(numeric=10_000, hits=9))
    assert column.entities == {}
    assert column.suppressed["NO_FODSELSNUMMER"].count == 9


def test_a_column_mostly_of_identifiers_is_kept():
    column = classify_column(_column(numeric=10_000, hits=9_800))
    assert list(column.entities) == ["NO_FODSELSNUMMER"]


def test_context_lifted_hits_are_kept():
    column = classify_column(_column(numeric=10_000, hits=9, reason="context: header word 'fnr'"))
    assert list(column.entities) == ["NO_FODSELSNUMMER"]


def test_free_text_columns_are_not_second_guessed():
    column = classify_column(_column(numeric=100, hits=9))
    assert list(column.entities) == ["NO_FODSELSNUMMER"]


def test_phones_and_emails_are_not_checksum_collisions():
    column = classify_column(_column(numeric=10_000, hits=9, entity="PHONE_NUMBER"))
    assert list(column.entities) == ["PHONE_NUMBER"]
