"""The column prefilter: each recognizer's Rust candidate matches every text its Presidio patterns match
(else the fast engine would miss it), and the derived candidates skip the look-alikes that used to reach
Python by the thousand (timestamps, UUIDs, recording URLs)."""

from __future__ import annotations

import csv
import random
import re
from pathlib import Path

import polars as pl
import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st
from presidio_analyzer import Pattern

from benchmarks.corpus import build_corpus
from benchmarks.generate_exports import generate
from benchmarks.synthetic import accounts as synthetic_accounts
from benchmarks.synthetic import national_ids as synthetic_ids
from recognizers.candidates import (
    ANSWERED_TEXT,
    BOUNDARIES,
    LONGEST_LEAD,
    UntranslatablePattern,
    first_characters,
    rust_candidate,
    whole_cell_regex,
)
from recognizers.network import EMAIL_PATTERN
from recognizers.payment_cards import PaymentCardRecognizer
from recognizers.registry import default_recognizers
from scanner.batch_scan import DIGITS_ONLY, distinct_candidates
from scanner.detector import build_detector

RECOGNIZERS = default_recognizers()


def _derived(recognizer) -> bool:
    try:
        return recognizer.CANDIDATE == rust_candidate(recognizer.patterns)
    except UntranslatablePattern:
        return False


DERIVED = [r for r in RECOGNIZERS if _derived(r)]
NUMBER_RECOGNIZERS = (
    "VatNumberRecognizer",
    "NoFodselsnummerRecognizer",
    "SePersonnummerRecognizer",
    "DkCprRecognizer",
    "FiHetuRecognizer",
    "IsKennitalaRecognizer",
    "NordicPhoneRecognizer",
    "PaymentCardRecognizer",
    "NoBankAccountRecognizer",
    "NordicIbanRecognizer",
    "NoOrgnrRecognizer",
    "SeOrgnrRecognizer",
    "DkCvrRecognizer",
    "FiYtunnusRecognizer",
    "IsKennitalaOrgRecognizer",
    "NordicPassportRecognizer",
)


def _pattern_matches(recognizer, text: str) -> bool:
    flags = recognizer.global_regex_flags
    return any(regex.search(pattern.regex, text, flags=flags) for pattern in recognizer.patterns)


def _misses(recognizer, texts: list[str]) -> list[str]:
    """Texts its candidate does not match where `recognizer` finds something: for a derived candidate,
    any pattern match; for a hand-written one (names, addresses, dates: patterns that a word list
    checks), any result."""
    series = pl.Series(texts, dtype=pl.String)
    outside = series.filter(~series.str.contains(recognizer.CANDIDATE)).to_list()
    if recognizer in DERIVED:
        return [text for text in outside if _pattern_matches(recognizer, text)]
    return [text for text in outside if recognizer.analyze(text, [])]


@pytest.fixture(scope="module")
def texts(tmp_path_factory) -> list[str]:
    """Every note and cell of the labelled corpus and of a generated export pair: planted identifiers in
    every written form, decoys, timestamps, UUIDs and URLs."""
    folder = tmp_path_factory.mktemp("exports")
    generate(folder, rows=400, seed=11)
    cells = [item.text for item in build_corpus(seed=3, size=2000)]
    for path in sorted(Path(folder).glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            cells += [cell for row in csv.reader(handle) for cell in row if cell]
    return cells


def test_the_number_recognizers_derive_their_candidate_from_their_patterns():
    assert sorted(type(r).__name__ for r in DERIVED) == sorted(NUMBER_RECOGNIZERS)


@pytest.mark.parametrize("recognizer", RECOGNIZERS, ids=lambda r: type(r).__name__)
def test_candidate_matches_every_corpus_text_a_pattern_matches(recognizer, texts):
    assert _misses(recognizer, texts) == []


# Runs of digits (the lengths identifiers come in) between the characters the boundaries care about:
# separators, letters (ASCII, Nordic, hetu century signs), "+", "(", line breaks.
_TOKEN = st.one_of(
    st.text("0123456789", min_size=1, max_size=12),
    st.sampled_from(
        list(" -+.,:/()\u00a0\n") + ["00", "+47 ", "(+46) ", "(0)", "AB", "x", "æ", "_", "@", "NO"]
    ),
)
_TEXT = st.lists(_TOKEN, min_size=1, max_size=8).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXT, min_size=50, max_size=50))
def test_candidate_is_a_superset_on_random_digit_text(batch):
    for recognizer in DERIVED:
        assert _misses(recognizer, batch) == [], type(recognizer).__name__


LOOK_ALIKES = {
    "iso timestamp": "2016-02-10T00:49:10",
    "uuid": "ff338685-17ae-467a-8d79-c8336ea8bf07",
    "recording url": "https://rec.example.com/2016/02/10/ff338685-17ae-467a-8d79-c8336ea8bf07.wav",
    "time range": "10:15-10:45",
    "amount": "12 345,50",
}


@pytest.mark.parametrize("text", LOOK_ALIKES.values(), ids=LOOK_ALIKES.keys())
def test_look_alikes_reach_no_number_recognizer(text):
    reached = [type(r).__name__ for r in DERIVED if pl.Series([text]).str.contains(r.CANDIDATE)[0]]
    assert reached == []


def test_a_bare_hand_written_candidate_would_have_let_them_through():
    # what the phone recognizer's candidate was before it was derived: seven digits with separators
    assert pl.Series(list(LOOK_ALIKES.values())).str.contains("\\d(?:[ \u00a0-]?\\d){6}").sum() >= 3


def test_boundaries_are_kept_not_dropped():
    phone = next(r for r in DERIVED if type(r).__name__ == "NordicPhoneRecognizer")
    found = pl.Series(["ring 912 34 567", "A912 34 567", "+47 912 34 567", "x-912 34 567"])
    assert found.str.contains(phone.CANDIDATE).to_list() == [True, False, True, False]


_BOUNDARY_TEXT = st.lists(
    st.sampled_from([*"09٣ -+.,:/()\u00a0_xæ", "(+", "(+46)", "(0)", "12)"]), max_size=8
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(_BOUNDARY_TEXT, min_size=20, max_size=20))
def test_every_boundary_holds_exactly_where_its_lookaround_does(texts):
    """A boundary's Rust form is consuming, so it can only be asked whether it matches up to (a
    lookbehind) or from (a lookahead) a marked position: there it must agree with Python's lookaround,
    or a whole-cell answer would see a match the patterns do not make, or miss one."""
    for python, rust in BOUNDARIES.items():
        if python.startswith("(?<"):
            marked, expected = (
                [t + "Q" for t in texts],
                [bool(regex.search(python + "Q", t + "Q")) for t in texts],
            )
            found = pl.Series(marked).str.contains(f"(?:{rust})Q").to_list()
        else:
            marked, expected = (
                ["Q" + t for t in texts],
                [bool(regex.search("Q" + python, "Q" + t)) for t in texts],
            )
            found = pl.Series(marked).str.contains(f"Q(?:{rust})").to_list()
        assert found == expected, python


@settings(max_examples=300, deadline=None)
@given(st.lists(_BOUNDARY_TEXT, min_size=20, max_size=20))
def test_no_lookbehind_needs_more_than_the_longest_lead_consumed(texts):
    """Where a lookbehind holds, its Rust form matches consuming at most LONGEST_LEAD characters: the
    free-text path looks that far (and two of a trail) after a match for one it may have missed."""
    for python, rust in BOUNDARIES.items():
        if not python.startswith("(?<"):
            continue
        holds = [t + "Q" for t in texts if regex.search(python + "Q", t + "Q")]
        shortest = pl.Series(holds, dtype=pl.String).str.extract(f"^.*((?:{rust})Q)$", 1).str.len_chars() - 1
        assert shortest.max() is None or shortest.max() <= LONGEST_LEAD, python


def test_backreferences_become_copies_of_their_group():
    candidate = rust_candidate([Pattern("p", r"(?<!\w)\d{4}(?P<sep>[ -])\d{4}(?P=sep)\d{4}", 0.5)])
    assert "(?P=" not in candidate and "(?P<" not in candidate
    assert pl.Series(["1234 5678 9012", "1234-5678 9012", "x1234 5678 9012"]).str.contains(
        candidate
    ).to_list() == [
        True,
        True,
        False,
    ]


def test_an_unknown_lookaround_is_refused_rather_than_guessed():
    with pytest.raises(UntranslatablePattern):
        rust_candidate([Pattern("p", r"(?<!\d\d)\d{8}", 0.5)])


# --- bare-number ceilings -------------------------------------------------------------------------------

CEILINGS = [(r, n, c) for r in RECOGNIZERS for n, c in r.BARE_NUMBER_CEILINGS.items()]


def _bare_numbers(length: int, rng: random.Random) -> list[str]:
    """Random digit strings of `length` (never "00"-prefixed, as DIGITS_ONLY requires) and every generated
    identifier, account and business number whose compact form has that many digits."""
    numbers = [str(rng.randrange(10 ** (length - 1), 10**length)) for _ in range(4_000)]
    numbers += ["0" + str(rng.randrange(10 ** (length - 2), 10 ** (length - 1))) for _ in range(1_000)]
    for generators, forms in (
        (synthetic_ids.GENERATORS, synthetic_ids.WRITTEN_FORMS),
        (synthetic_accounts.GENERATORS, synthetic_accounts.WRITTEN_FORMS),
    ):
        for kind, generate_one in generators.items():
            if "compact" in forms.get(kind, ()) or "long" in forms.get(kind, ()):
                for form in {"compact", "long"} & set(forms[kind]):
                    numbers += [
                        value
                        for value in (generate_one(rng, form) for _ in range(200))
                        if len(value) == length
                    ]
    return [n for n in numbers if re.fullmatch(DIGITS_ONLY, n)]


@pytest.mark.parametrize(
    ("recognizer", "length", "ceiling"), CEILINGS, ids=[f"{type(r).__name__}-{n}" for r, n, _ in CEILINGS]
)
def test_bare_number_ceiling_bounds_every_score(recognizer, length, ceiling):
    numbers = _bare_numbers(length, random.Random(length))
    scores = [result.score for number in numbers for result in recognizer.analyze(number, [])]
    assert scores, "no bare number of this length was even matched: the ceiling is never exercised"
    assert max(scores) <= ceiling


def test_a_bare_number_column_without_context_skips_the_recognizers_that_cannot_report_it():
    detector = build_detector(0.5)
    names = [type(r).__name__ for r in detector.recognizers]
    skips = dict(zip(names, detector.bare_number_skips("call_ref")))
    assert skips["SeOrgnrRecognizer"] == (10,) and skips["NordicPhoneRecognizer"] == tuple(range(7, 14))
    with_context = dict(zip(names, detector.bare_number_skips("orgnr")))
    assert with_context["SeOrgnrRecognizer"] == ()
    assert dict(zip(names, build_detector(0.3).bare_number_skips("call_ref")))["SeOrgnrRecognizer"] == ()


CHECKED = [r for r in RECOGNIZERS if r.COLUMN_CHECK]


@pytest.mark.parametrize("recognizer", CHECKED, ids=lambda r: type(r).__name__)
def test_the_digit_sums_hold_for_every_bare_number_that_passes_the_column_check(recognizer):
    """The whole-column test the scanner skips by must be a necessary condition of the check."""
    check = recognizer.COLUMN_CHECK
    for length, test in check.digit_sums.items():
        numbers = _bare_numbers(length, random.Random(length))
        passing = [n for n in numbers if check.reason in recognizer.check(n).reasons]
        assert passing, "no bare number passes: the digit sums are never exercised"
        assert all(test.passes(n) for n in passing)


@pytest.mark.parametrize("recognizer", CHECKED, ids=lambda r: type(r).__name__)
def test_bare_numbers_that_pass_the_column_check_reach_the_recognizer_under_a_neutral_header(recognizer):
    check = recognizer.COLUMN_CHECK
    detector = build_detector(0.5)
    index = [type(r) for r in detector.recognizers].index(type(recognizer))
    for length in check.shapes:
        numbers = _bare_numbers(length, random.Random(length))
        frame = pl.DataFrame({"value": numbers})
        candidates = distinct_candidates(frame, "value", detector)
        reached = {
            v
            for v, recognizers in zip(candidates["__ccscan_value"], candidates["recognizers"])
            if index in recognizers
        }
        passing = {n for n in numbers if check.reason in recognizer.check(n).reasons}
        assert passing and passing <= reached


# --- context-free ceilings ------------------------------------------------------------------------------

CONTEXT_FREE = [r for r in RECOGNIZERS if r.CONTEXT_FREE_CEILING is not None]


def test_the_recognizers_whose_every_match_needs_context_say_so():
    assert sorted(type(r).__name__ for r in CONTEXT_FREE) == [
        "DateOfBirthRecognizer",
        "DkCvrRecognizer",
        "NoOrgnrRecognizer",
        "NordicPassportRecognizer",
    ]


@pytest.mark.parametrize("recognizer", CONTEXT_FREE, ids=lambda r: type(r).__name__)
def test_context_free_ceiling_bounds_every_score_before_context(recognizer, texts):
    assert all(pattern.score <= recognizer.CONTEXT_FREE_CEILING for pattern in recognizer.patterns)
    scores = [result.score for text in texts for result in recognizer.analyze(text, [])]
    assert len(scores) > 20, "the corpus hardly exercises this recognizer: the ceiling is not checked"
    assert max(scores) <= recognizer.CONTEXT_FREE_CEILING


def _cased(word: str, pattern: int) -> str:
    """`word` with the letters whose bit is set in `pattern` upper-cased ("FØDT", "fØdT" …)."""
    return "".join(char.upper() if pattern >> index & 1 else char for index, char in enumerate(word))


@pytest.mark.parametrize("recognizer", CONTEXT_FREE, ids=lambda r: type(r).__name__)
def test_every_context_word_in_any_case_keeps_the_cell_a_candidate(recognizer):
    """The cell filter lowercases in polars what the enhancer lowercases in Python: a context word in any
    mix of cases and with a final "." still lets the cell through, on its own or inside a phrase."""
    detector = build_detector(0.5)
    index = next(i for i, r in enumerate(detector.recognizers) if type(r) is type(recognizer))
    needles = detector.context_needles("notes")[index]
    assert needles, "a recognizer that needs context must ask the cell for its words"
    rng = random.Random(5)
    cells = [
        f"x {_cased(word.rstrip('*'), rng.getrandbits(len(word)))}{rng.choice(['', '.', ':'])} y"
        for word in recognizer.context
        for _ in range(3)
    ]
    lowered = pl.Series(cells, dtype=pl.String).str.to_lowercase()
    assert lowered.str.contains_any(list(needles)).all()
    assert (
        not pl.Series(["kunden ringte 12.03.2024 om 12345678"])
        .str.to_lowercase()
        .str.contains_any(list(needles))[0]
    )
    # distinct_candidates drops a recognizer's bare-number skip where it asks for a word: no bare number
    # may hold one of its needles
    assert not any(needle.isdigit() for needle in needles)


def test_a_context_word_in_the_header_lifts_the_condition():
    detector = build_detector(0.5)
    names = [type(r).__name__ for r in detector.recognizers]
    plain = dict(zip(names, detector.context_needles("notes")))
    assert plain["DateOfBirthRecognizer"] and plain["NordicPassportRecognizer"] and plain["DkCvrRecognizer"]
    assert plain["NordicPhoneRecognizer"] is None  # a phone written with +47 needs no word
    assert dict(zip(names, detector.context_needles("date_of_birth")))["DateOfBirthRecognizer"] is None
    assert dict(zip(names, detector.context_needles("cvr")))["DkCvrRecognizer"] is None
    assert dict(zip(names, build_detector(0.3).context_needles("notes")))["DateOfBirthRecognizer"] is None


@pytest.fixture(scope="module")
def engines():
    return build_detector(0.5), build_detector(0.5, engine="reference")


@settings(max_examples=150, deadline=None)
@given(
    word=st.sampled_from(
        [
            "født",
            "Født",
            "FØDT",
            "född",
            "FÖDELSEDAG",
            "birth",
            "pass",
            "PASSNR",
            "cvr",
            "CVR-nr.",
            "org.nr",
            "Org.Nr.",
            "syntynyt",
            "fæddur",
            "order",
            "ringte",
            "",
        ]
    ),
    value=st.sampled_from(
        [
            "12.03.1985",
            "1985-03-12",
            "3. marts 1985",
            "AB1234567",
            "12345678",
            "29 40 15 33",
            "912 345 674",
            "13 58 56 28",
            "13585628",
        ]
    ),
    glue=st.sampled_from([" ", ": ", " nr ", ", ", " den "]),
)
def test_fast_engine_keeps_what_the_reference_finds_with_context_words(engines, word, value, glue):
    """A note with a context word (any case) before an identifier-shaped value: the fast engine's
    candidate selection plus analysis finds the same entities as Presidio's full pipeline."""
    fast, reference = engines
    cell = f"Kunden {word}{glue}{value} i dag"
    assert _fast_types(fast, cell) == {entity.type for entity in reference.analyze_cell(cell, "notes")}


def _fast_types(detector, cell: str) -> set[str]:
    rows = distinct_candidates(pl.DataFrame({"notes": [cell]}), "notes", detector).rows()
    return {
        entity.type
        for text, _, _, indexes in rows
        for entity in detector.analyze_cell(text, "notes", indexes)
    }


@pytest.mark.parametrize(
    ("word", "value", "entity"),
    [
        ("FØDT", "12.03.1985", "DATE_OF_BIRTH"),
        ("PASSNR", "AB1234567", "FI_PASSPORT"),
        ("CVR-nr.", "13 58 56 28", "DK_CVR"),
    ],
)
def test_these_notes_are_findings_with_their_word_and_not_without(engines, word, value, entity):
    """The property above is not vacuous: these shapes are reported with a context word, not without."""
    fast, _ = engines
    assert entity in _fast_types(fast, f"Kunden {word} {value} i dag")
    assert entity not in _fast_types(fast, f"Kunden {value} i dag")


@pytest.mark.parametrize(
    "text",
    [
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "4111 1111-1111 1111",
        "3782 822463 10005",
        "3782-822463 10005",
        "3782 82246 310005",
        "4111 1111 1111 1111 12/27",
        "4111 1111 1111 1111 / 5555-5555-5555-4444",
    ],
)
def test_card_patterns_with_several_separator_groups_have_whole_cell_forms(text):
    """Each separator group is written out in its own branch: a text is matched whole by the Rust form
    exactly when Python's regex finds it whole as its first match."""
    for pattern in PaymentCardRecognizer.PATTERNS:
        whole = pl.Series([text]).str.extract(whole_cell_regex(pattern), 1).item()
        first = regex.search(pattern.regex, text, flags=PaymentCardRecognizer().global_regex_flags)
        assert (whole == text) == (first is not None and first.group() == text), pattern.name


def test_an_email_pattern_with_long_repeats_of_word_characters_compiles_whole_cell():
    """Unicode \\w{0,62} passes the Rust engine's size limit; the whole-cell forms use ASCII classes."""
    whole = pl.Series(["kari.nordmann@example.no"]).str.extract(whole_cell_regex(EMAIL_PATTERN), 1)
    assert whole.item() == "kari.nordmann@example.no"


@pytest.mark.parametrize("recognizer", default_recognizers(), ids=lambda r: type(r).__name__)
def test_first_characters_hold_the_first_character_of_every_match(recognizer, texts):
    """first_characters (the vectorised free-text path looks for a missed match only where one can
    start) holds the first character of every match of every pattern in the corpus and the exports,
    and never a space or a line end."""
    notes = [note for note in texts if re.match(ANSWERED_TEXT, note)]
    for pattern in recognizer.patterns:
        try:
            first = first_characters(pattern, recognizer.global_regex_flags)
        except UntranslatablePattern:
            continue
        python = regex.compile(pattern.regex, recognizer.global_regex_flags)
        starts = {note[match.start()] for note in notes for match in python.finditer(note)}
        assert pl.Series(sorted(starts), dtype=pl.String).str.contains(first).all(), pattern.name
        assert not pl.Series([" ", "\n", "\t"]).str.contains(first).any()
