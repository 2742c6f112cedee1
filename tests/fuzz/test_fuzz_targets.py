"""The fuzz targets, run in the normal suite without atheris: over the seed corpus and over hypothesis
examples shaped like CSV and JSON (quotes, delimiters, line ends, NUL, invalid UTF-8, deep nesting,
truncation). Plus properties of the recognizers and masking on arbitrary text.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import fuzz_csv
import fuzz_json
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scanner.detector import Detector, build_detector
from scanner.masking import mask_value

CORPUS = Path(__file__).parent / "corpus"
FAST = settings(
    max_examples=int(__import__("os").environ.get("FUZZ_EXAMPLES", 60)),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@pytest.mark.parametrize("seed", sorted(CORPUS.glob("csv/*")), ids=lambda path: path.name)
def test_csv_target_reads_every_seed(seed: Path) -> None:
    fuzz_csv.fuzz_one_input(seed.read_bytes())


@pytest.mark.parametrize("seed", sorted(CORPUS.glob("json/*")), ids=lambda path: path.name)
def test_json_target_reads_every_seed(seed: Path) -> None:
    fuzz_json.fuzz_one_input(seed.read_bytes())


# Characters that shape CSV records, and some that break text.
CSV_PIECES = st.sampled_from(
    [",", ";", "\t", "|", '"', '""', "\n", "\r\n", "\r", " ", "a", "Ø", "1", "\x00", "\x1f"]
)
ENCODINGS = st.sampled_from(["utf-8", "utf-16", "cp1252"])


@st.composite
def csv_bytes(draw: st.DrawFn) -> bytes:
    text = "".join(draw(st.lists(CSV_PIECES | st.text(max_size=6), max_size=80)))
    data = text.encode(draw(ENCODINGS), errors="replace")
    if draw(st.booleans()):  # a stray invalid byte somewhere
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b"\xff" + data[at:]
    return data


@FAST
@given(csv_bytes())
def test_csv_target_never_fails_on_csv_like_bytes(data: bytes) -> None:
    fuzz_csv.fuzz_one_input(data)


@FAST
@given(st.binary(max_size=300))
def test_csv_target_never_fails_on_any_bytes(data: bytes) -> None:
    fuzz_csv.fuzz_one_input(data)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def json_bytes(draw: st.DrawFn) -> bytes:
    records = draw(
        st.lists(st.dictionaries(st.text(max_size=5), JSON_VALUES, max_size=4) | JSON_VALUES, max_size=6)
    )
    if draw(st.booleans()):
        text = "\n".join(json.dumps(record, ensure_ascii=draw(st.booleans())) for record in records)
    else:
        text = json.dumps(records, indent=draw(st.sampled_from([None, 2])))
    depth = draw(st.integers(0, 3)) * 400  # nesting around and past Python's recursion limit
    text = "[" * depth + text + "]" * draw(st.integers(0, depth))
    cut = draw(st.integers(0, len(text)))
    if draw(st.booleans()):  # truncated, or with a character inserted
        text = (
            text[:cut]
            if draw(st.booleans())
            else text[:cut] + draw(st.sampled_from(['"', ",", "}", "\x00", "\n"])) + text[cut:]
        )
    return text.encode()


@FAST
@given(json_bytes())
def test_json_target_never_fails_on_json_like_bytes(data: bytes) -> None:
    fuzz_json.fuzz_one_input(data)


@cache
def _detector() -> Detector:
    return build_detector(0.5)


@st.composite
def texts_with_identifiers(draw: st.DrawFn) -> str:
    """Free text with digit runs, emails and phone-like numbers spliced in."""
    pieces = (
        st.text(max_size=10)
        | st.from_regex(r"\+?\d[\d \-.]{5,14}\d", fullmatch=True)
        | st.from_regex(r"[a-z]{1,6}\.[a-z]{1,6}@example\.(no|se|dk)", fullmatch=True)
    )
    return " ".join(draw(st.lists(pieces, max_size=5)))


@FAST
@given(texts_with_identifiers(), st.sampled_from(["", "fnr", "telefon", "notat", "ordre"]))
def test_recognizers_give_sane_results_and_never_put_the_match_in_a_reason(text: str, header: str) -> None:
    for found in _detector().analyze_cell(text, header):
        start, end = found.span
        assert 0 <= start < end <= len(text)
        assert 0 <= found.score <= 1
        matched = text[start:end]
        digits = re.sub(r"\D", "", matched)
        for reason in found.reasons:
            assert matched not in reason
            assert len(digits) < 6 or digits not in re.sub(r"\D", "", reason)


@FAST
@given(st.text(max_size=40), st.sampled_from(["", "EMAIL_ADDRESS", "NO_FODSELSNUMMER", "PHONE_NUMBER"]))
def test_masking_never_shows_more_than_five_characters(value: str, entity_type: str) -> None:
    masked = mask_value(value, entity_type)
    if entity_type in ("", "EMAIL_ADDRESS") and "@" in value:  # an email keeps its domain
        local = value.strip().rpartition("@")[0]
        assert len(local) <= 1 or local not in masked
    else:
        assert sum(character.isalnum() for character in masked) <= 5
