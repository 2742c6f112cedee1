"""Column statistics and the `possible` tier: bare numbers are judged by their column's pass rate.

Every identifier here is generated (valid check digits, random birth dates); no value is printed.
"""

import random

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.synthetic import decoys
from benchmarks.synthetic import national_ids as ids
from recognizers.column_statistics import MIN_CANDIDATES, column_score, wilson_lower_bound
from recognizers.national_ids.se_personnummer import reads_as_clock_time
from scanner.batch_scan import scan_batch
from scanner.classify import classify_table
from scanner.detector import build_detector
from scanner.profile import TableProfile

NATIONAL = {
    "SE_PERSONNUMMER",
    "SE_SAMORDNINGSNUMMER",
    "DK_CPR",
    "IS_KENNITALA",
    "NO_FODSELSNUMMER",
    "NO_D_NUMMER",
    "NO_H_NUMMER",
    "NO_FH_NUMMER",
}
# bare writings whose only evidence is the column: (generator, form, the type the column must report)
BARE_COLUMNS = {
    "personnummer": (ids.personnummer, "compact", "SE_PERSONNUMMER"),
    "personnummer, 12 digits": (ids.personnummer, "long", "SE_PERSONNUMMER"),
    "cpr": (ids.cpr, "compact", "DK_CPR"),
    "kennitala": (ids.kennitala, "compact", "IS_KENNITALA"),
    "fh-nummer": (ids.fh_nummer, "compact", "NO_FH_NUMMER"),
}
NEUTRAL_HEADERS = ("value", "ref", "id", "nummer", "col_3")
FAST = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def detector():
    return build_detector(0.5)


def scan_column(detector, header: str, values: list[str], batches: int = 2) -> dict:
    """The classified column profile of `values` under `header`, scanned in `batches` merged in reverse."""
    size = max(1, -(-len(values) // batches))
    parts = [
        scan_batch(pl.DataFrame({header: values[start : start + size]}), start + 1, detector)
        for start in range(0, len(values), size)
    ]
    merged = TableProfile()
    for part in reversed(parts):
        merged = merged.merge(part)
    return classify_table(merged).columns[header]


def test_the_score_follows_the_pass_rate_and_the_chance_rate():
    assert column_score(2000, 1987, 0.10) > 0.99
    assert column_score(2000, 205, 0.10) == 0.0  # passing at chance
    assert 0.5 < column_score(2000, 600, 0.10) < 0.9  # 30 %: a mix of identifiers and references
    assert column_score(MIN_CANDIDATES - 1, MIN_CANDIDATES - 1, 0.10) is None  # too few to judge
    assert wilson_lower_bound(10, 10) < 1.0 and wilson_lower_bound(0, 10) == 0.0


@pytest.mark.parametrize("kind", BARE_COLUMNS)
@FAST
@given(
    seed=st.integers(0, 2**32),
    size=st.integers(MIN_CANDIDATES + 5, 120),
    header=st.sampled_from(NEUTRAL_HEADERS),
)
def test_a_column_of_bare_identifiers_under_a_neutral_header_is_reported_whole(
    detector, kind, seed, size, header
):
    generate, form, expected = BARE_COLUMNS[kind]
    rng = random.Random(seed)
    values = [generate(rng, form) for _ in range(size)]
    column = scan_column(detector, header, values)
    assert set(column.entities) & NATIONAL == {expected}
    assert column.entities[expected].count == size
    # a 12-digit personnummer whose last four digits are no clock time is reported on its own (0.85);
    # the column's pass rate is what reports the rest, and every 10-digit value
    needs_the_column = form != "long" or any(reads_as_clock_time(value[-4:]) for value in values)
    column_reasons = [
        r for r in column.entities[expected].reasons if r.startswith("column: ") and "pass the" in r
    ]
    assert bool(column_reasons) == needs_the_column
    assert not column.possible


@FAST
@given(seed=st.integers(0, 2**32))
def test_a_mixed_column_of_10_and_12_digit_personnummer_is_reported_whole(detector, seed):
    rng = random.Random(seed)
    values = [ids.personnummer(rng, rng.choice(("compact", "long"))) for _ in range(120)]
    column = scan_column(detector, "value", values)
    assert set(column.entities) & NATIONAL == {"SE_PERSONNUMMER"}
    assert column.entities["SE_PERSONNUMMER"].count == len(values)


DECOY_VALUES = {
    "call references YYMMDDHHMM": decoys.call_ref,
    "call references YYYYMMDDHHMM": decoys.call_ref_long,
    "epochs": decoys.epoch,
    "order numbers": decoys.order_no,
    "customer numbers": decoys.customer_no,
    "random 10 digits": lambda rng: str(rng.randrange(10**9, 10**10)),
    "random 11 digits": lambda rng: str(rng.randrange(10**10, 10**11)),
    "random 12 digits": lambda rng: str(rng.randrange(10**11, 10**12)),
}


@pytest.mark.parametrize("kind", DECOY_VALUES)
@FAST
@given(seed=st.integers(0, 2**32), header=st.sampled_from(NEUTRAL_HEADERS))
def test_a_column_of_decoys_passing_at_chance_stays_silent(detector, kind, seed, header):
    rng = random.Random(seed)
    values = [DECOY_VALUES[kind](rng) for _ in range(300)]
    column = scan_column(detector, header, values)
    assert not set(column.entities) & NATIONAL
    assert not column.possible


def test_a_few_bare_identifiers_are_possible_not_findings(detector):
    rng = random.Random(5)
    values = [ids.personnummer(rng, "compact") for _ in range(MIN_CANDIDATES - 5)]
    column = scan_column(detector, "value", values)
    assert not set(column.entities) & NATIONAL
    possible = column.possible["SE_PERSONNUMMER"]
    assert possible.count == len(values) and len(possible.examples) == 3
    assert any("too few for column statistics" in reason for reason in possible.reasons)


SENTENCES = {
    "no": "Kunden ringte i dag, {} skal sjekkes",
    "sv": "Kunden ringde idag, {} ska kollas",
    "da": "Kunden ringede i dag, {} skal tjekkes",
    "fi": "Asiakas soitti tänään, {} tarkistetaan",
    "is": "Viðskiptavinur hringdi í dag, {} athugað",
    "en": "The customer called today, {} to be checked",
}


@pytest.mark.parametrize("language", SENTENCES)
@FAST
@given(seed=st.integers(0, 2**32))
def test_a_bare_personnummer_in_a_sentence_without_context_is_possible(detector, language, seed):
    rng = random.Random(seed)
    values = [SENTENCES[language].format(ids.personnummer(rng, "compact")) for _ in range(30)]
    column = scan_column(detector, "notes", values)
    assert "SE_PERSONNUMMER" not in column.entities
    assert column.possible["SE_PERSONNUMMER"].count == len(values)


def test_a_negative_word_in_the_text_keeps_a_number_out_of_the_possible_tier(detector):
    rng = random.Random(9)
    values = [f"Ordre {ids.personnummer(rng, 'compact')} sendt" for _ in range(30)]
    column = scan_column(detector, "notes", values)
    assert "SE_PERSONNUMMER" not in column.entities and "SE_PERSONNUMMER" not in column.possible


def test_batches_and_merge_order_give_the_same_column(detector):
    rng = random.Random(11)
    values = [ids.cpr(rng, "compact") for _ in range(90)] + [decoys.call_ref(rng) for _ in range(10)]
    one = scan_column(detector, "value", values, batches=1)
    many = scan_column(detector, "value", values, batches=7)
    assert one.entities.keys() == many.entities.keys()
    assert {t: e.count for t, e in one.entities.items()} == {t: e.count for t, e in many.entities.items()}
    assert one.entities["DK_CPR"].reasons == many.entities["DK_CPR"].reasons


def test_bare_digit_count_strips_the_white_space_python_strips():
    # the expression decides a cell's bare shape as recognizers.column_statistics.bare_digits does,
    # for every code point up to U+30FF (white space ends at U+3000) around the digits and inside them
    from recognizers.column_statistics import bare_digits
    from scanner.batch_scan import MAX_BARE_CHARS, bare_digit_count

    chars = [chr(point) for point in range(0x3100) if not 0xD800 <= point < 0xE000]
    cells = [f"{c}123{c}" for c in chars] + [f"1{c}2" for c in chars]
    cells += ["", " ", "1" * MAX_BARE_CHARS, "1" * (MAX_BARE_CHARS + 1), " " * (MAX_BARE_CHARS - 1) + "1"]
    counted = pl.DataFrame({"cell": cells}).select(bare_digit_count(pl.col("cell"))).to_series().to_list()
    expected = [bare_digits(cell) if len(cell) <= MAX_BARE_CHARS else None for cell in cells]
    assert [i for i, (a, b) in enumerate(zip(counted, expected)) if a != b] == []
