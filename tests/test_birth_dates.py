"""Dates of birth: every written form, calendar validity, timestamps, birth words and headers that lift a
date, order words that do not, and the candidate superset."""

import re
from datetime import date, timedelta
from random import Random

import pytest

from benchmarks.people_corpus import LANGUAGES, written_date
from recognizers.analyzer import build_analyzer
from recognizers.base import SCAN_LANGUAGE
from recognizers.birth_dates import DateOfBirthRecognizer, check_birth_date

DOB = DateOfBirthRecognizer()


@pytest.fixture(scope="module")
def analyzer():
    return build_analyzer(recognizers=[DateOfBirthRecognizer()])


def found(text: str) -> list[tuple[str, float]]:
    return [(text[r.start : r.end], r.score) for r in DOB.analyze(text, [])]


@pytest.mark.parametrize(
    "written",
    [
        "14.03.1985",
        "4.3.1985",
        "14/03/85",
        "14-03-1985",
        "1985-03-14",
        "14. mars 1985",
        "3 maj 1979",
        "5. maaliskuuta 1990",
        "1. apríl 1970",
        "March 14, 1985",
        "14 March 1985",
    ],
)
def test_every_written_form_is_a_date_that_needs_context(written):
    assert found(f"født {written} i Oslo") == [(written, 0.3)]


@pytest.mark.parametrize("text", ["31.02.1985", "29.02.1985", "2024-13-01", "00.01.1985", "14.03.1985.12"])
def test_impossible_dates_and_longer_numbers_are_not_dates(text):
    assert found(text) == []


@pytest.mark.parametrize(
    "text", ["15.01.2024 10:15", "2024-03-14T10:15:00Z", "2024-03-14 10:15", "1.2.3.4.2024"]
)
def test_timestamps_are_never_birth_dates(text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "header", "reported"),
    [
        ("Kunden er født 14.03.1985.", "notat", True),
        ("Kunden är född den 3 maj 1979", "anteckning", True),
        ("Asiakas on syntynyt 5.6.1990", "muistiinpano", True),
        ("Verified DOB 1985-03-14 with caller", "notes", True),
        ("14.03.1985", "fodselsdato", True),
        ("1985-03-14", "birth_date", True),
        ("1985-03-14", "date_of_birth", True),
        ("Ringte 14.03.2024 om saken", "notat", False),
        ("14.03.2024", "created_date", False),
        ("Forfall 14.03.2024, faktura sendt", "notat", False),
    ],
)
def test_birth_words_and_headers_decide(analyzer, text, header, reported):
    results = analyzer.analyze(text, language=SCAN_LANGUAGE, context=[header], score_threshold=0.5)
    assert bool(results) is reported


def test_reasons_say_the_date_is_valid_without_the_date():
    assert check_birth_date("14.03.1985").reasons == ("valid calendar date",)


def test_candidate_matches_every_written_birth_date():
    rng = Random(7)
    candidate = re.compile(DateOfBirthRecognizer.CANDIDATE)
    texts = []
    for _ in range(500):
        day = date(1930, 1, 1) + timedelta(days=rng.randint(0, 30000))
        written = written_date(rng, rng.choice(LANGUAGES), day)
        texts.append(
            rng.choice(("født {d}", "{d}", "DOB: {d}.", "born {d}, verified", "({d})")).format(d=written)
        )
    hits = [text for text in texts if found(text)]
    assert len(hits) == len(texts)
    assert all(candidate.search(text) for text in hits)
