import itertools

from rules.counters import MAX_EXAMPLES, MAX_ROWS
from scanner.profile import ColumnProfile, EntityProfile, TableProfile


def _batch(rows_start: int, values: list[str]) -> TableProfile:
    column = ColumnProfile(name="phone", position=0, non_empty=len(values))
    for offset, value in enumerate(values):
        column.entity("PHONE_NUMBER").add_cells(
            1, 0.5 + offset / 100, [rows_start + offset], value, ["r"], []
        )
    return TableProfile(rows=len(values), columns={"phone": column})


def test_merge_is_order_independent():
    batches = [_batch(1, ["a", "b"]), _batch(3, ["c"]), _batch(4, ["d", "e", "f"])]
    merged = []
    for order in itertools.permutations(batches):
        total = TableProfile()
        for batch in order:
            total = total.merge(batch)
        merged.append(total)
    assert all(m == merged[0] for m in merged)
    entity = merged[0].columns["phone"].entities["PHONE_NUMBER"]
    assert merged[0].rows == 6
    assert entity.count == 6
    assert entity.examples == ((1, "a"), (2, "b"), (3, "c"))[:MAX_EXAMPLES]
    assert entity.reasons == {"r": 6}


def test_rows_and_examples_stay_bounded():
    entity = EntityProfile("DK_CPR")
    for row in range(1000, 0, -1):
        entity.add_cells(1, 0.9, [row], f"v{row}", [], [])
    assert entity.rows == tuple(range(1, MAX_ROWS + 1))
    assert [row for row, _ in entity.examples] == [1, 2, 3]


def test_mean_score_weights_repeated_values():
    entity = EntityProfile("EMAIL_ADDRESS")
    entity.add_cells(3, 1.0, [1, 2, 3], "x", [], [])
    entity.add_cells(1, 0.6, [4], "y", [], [])
    assert entity.mean_score == (3 * 1.0 + 0.6) / 4
    assert entity.max_score == 1.0


def test_a_value_valid_for_two_types_counts_once_for_its_category():
    column = ColumnProfile(
        name="id", position=0, type_sets={"DK_CPR+SE_PERSONNUMMER": 3, "SE_PERSONNUMMER": 2}
    )
    other = ColumnProfile(name="id", position=0, type_sets={"DK_CPR": 4})
    merged = column.merge(other)
    assert merged.cells_with({"DK_CPR", "SE_PERSONNUMMER"}) == 9
    assert merged.cells_with({"DK_CPR"}) == 7


def test_an_example_is_made_only_when_it_can_be_kept():
    made: list[int] = []

    def example(row: int):
        return lambda: made.append(row) or f"v{row}"

    lazy, eager = EntityProfile("PHONE_NUMBER"), EntityProfile("PHONE_NUMBER")
    for row in (5, 9, 7, 12, 30, 7, 2):
        lazy.add_cells(1, 0.9, [row], example(row), [], [])
        eager.add_cells(1, 0.9, [row], f"v{row}", [], [])
    assert lazy == eager and lazy.examples == ((2, "v2"), (5, "v5"), (7, "v7"))
    assert made == [5, 9, 7, 7, 2]  # rows 12 and 30 came after three kept examples on earlier rows


def test_values_added_together_count_as_added_one_by_one():
    # rows 4 and 8 mask alike: the group must look past a repeated example to find a third one
    values = [(9, "v9"), (4, "same"), (8, "same"), (11, "v11"), (6, "v6"), (15, "v15")]
    one_by_one, together = EntityProfile("PHONE_NUMBER"), EntityProfile("PHONE_NUMBER")
    for row, text in values:
        one_by_one.add_cells(2, 0.7, [row, row + 100], text, ["r"], ["f"])
    in_order = sorted(values)
    rows = [row for first, _ in in_order for row in (first, first + 100)]
    together.add_values(2 * len(values), 0.7, rows, in_order, ["r"], ["f"])
    assert together == one_by_one
    assert together.examples == ((4, "same"), (6, "v6"), (9, "v9"))
