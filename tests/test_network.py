"""Email and IP addresses: one test per rule, then properties over every generated written form, then the
false-positive corpus."""

import random

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from presidio_analyzer.predefined_recognizers import EmailRecognizer as PresidioEmailRecognizer
from recognizer_checks import candidate_misses, decoy_rates

from benchmarks.synthetic.accounts import GENERATORS, WRITTEN_FORMS
from benchmarks.synthetic.phones import DECOYS as DIGIT_DECOYS
from recognizers import network
from recognizers.analyzer import build_analyzer
from recognizers.base import SCAN_LANGUAGE
from recognizers.network import EmailAddressRecognizer, IpAddressRecognizer, check_email, check_ip

EMAIL, IP = EmailAddressRecognizer(), IpAddressRecognizer()


def found(recognizer, text: str) -> list[tuple[str, float]]:
    """(matched text, score) of every result, before context."""
    return [(text[r.start : r.end], r.score) for r in recognizer.analyze(text, [])]


# --- email ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    ["kari.nordmann@example.no", "o'brien@firma.example.se", "jørgen+kundeservice@blåbær.dk", "a1@b2.fi"],
)
def test_well_formed_address_scores_085(address):
    assert found(EMAIL, address) == [(address, 0.85)]


def test_address_inside_quotes_and_a_sentence_ends_before_the_full_stop():
    assert found(EMAIL, "Send til 'kari@example.no'.") == [("kari@example.no", 0.85)]


@pytest.mark.parametrize(
    "text",
    [
        "kari@example",  # no top-level domain
        "kari@example.n",  # one-letter top-level domain
        "kari@example.123",  # digits are not a top-level domain
        "kari@-example.no",  # label starting with a hyphen
        "kari@example-.no",
        "kari@exa_mple.no",  # underscore is not allowed in a host name
        "kari..nordmann@example.no",
        "icon@2x.png",  # an image name, not a mailbox
        "@example.no",
    ],
)
def test_malformed_address_is_not_reported(text):
    assert found(EMAIL, text) == []


def test_local_part_over_64_characters_is_rejected():
    assert check_email("a" * 65 + "@example.no").valid is False
    assert check_email("a" * 64 + "@example.no").valid is True


def test_reserved_example_domains_are_flagged_as_test_values():
    assert check_email("kari@example.com").flags == {"test_identifier": True}
    assert check_email("kari@mail.example.org").flags == {"test_identifier": True}
    assert check_email("kari@service.test").flags == {"test_identifier": True}
    assert check_email("kari@example.no").flags == {}


def test_email_domain_is_checked_offline_without_presidios_tldextract_recognizer():
    assert not issubclass(EmailAddressRecognizer, PresidioEmailRecognizer)
    assert not hasattr(network, "tldextract")


# --- IP -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "version", "scope"),
    [
        ("192.168.1.20", 4, "private"),
        ("85.167.42.201", 4, "public"),
        ("2001:4860:4860::8888", 6, "public"),
        ("fe80::1ff:fe23:4567:890a", 6, "private"),
        ("2a02:2121:1:2:3:4:5:6", 6, "public"),
    ],
)
def test_ip_address_scores_06_with_version_and_scope(text, version, scope):
    assert found(IP, text) == [(text, 0.6)]
    assert (check_ip(text).flags["version"], check_ip(text).flags["scope"]) == (version, scope)


def test_ipv4_mapped_ipv6_is_judged_as_its_ipv4_address():
    assert found(IP, "::ffff:85.167.42.201") == [("::ffff:85.167.42.201", 0.6)]


@pytest.mark.parametrize(
    "text",
    [
        "0.0.0.0",
        "127.0.0.1",
        "255.255.255.255",
        "255.255.255.0",
        "224.0.0.251",
        "240.1.2.3",
        "::",
        "::1",
        "ff02::1",
    ],
)
def test_addresses_that_never_point_at_a_persons_device_are_rejected(text):
    assert found(IP, text) == []


@pytest.mark.parametrize("text", ["1.2.3.4", "4.12.3.0", "10.0.0.1"])
def test_ipv4_with_every_part_below_20_reads_as_a_version_and_needs_context(text):
    assert found(IP, text) == [(text, 0.3)]


@pytest.mark.parametrize(
    "text",
    [
        "01.02.03.04",  # leading zeros: not how addresses are written
        "256.1.1.1",
        "1.2.3.4.5",
        "v5.2.103.7",
        "10.0.19045.2006",  # a Windows build number
        "2024-01-15 10:22:33",
        "00:1a:2b:3c:4d:5e",  # a MAC address
        "std::vector",
        "cafe::beef",  # hex words, no digit
    ],
)
def test_things_that_are_not_ip_addresses_are_not_found(text):
    assert found(IP, text) == []


def test_documentation_ranges_are_flagged_as_test_values():
    assert check_ip("203.0.113.42").flags["test_identifier"] is True
    assert check_ip("2001:db8::1").flags["test_identifier"] is True


def test_version_word_pushes_an_address_shaped_version_below_the_threshold():
    analyzer = build_analyzer(recognizers=[IpAddressRecognizer()])
    assert [r.score for r in analyzer.analyze("fra 85.167.42.201", language=SCAN_LANGUAGE)] == [0.6]
    assert analyzer.analyze("versjon 85.167.42.201", language=SCAN_LANGUAGE) == []


def test_ip_word_lifts_a_version_like_address_over_the_threshold():
    analyzer = build_analyzer(recognizers=[IpAddressRecognizer()])
    assert [r.score for r in analyzer.analyze("IP 10.0.0.1", language=SCAN_LANGUAGE)] == [0.65]


# --- every written form ---------------------------------------------------------------------------------

SEEDS = st.integers(min_value=0, max_value=2**32 - 1)
KIND_FORMS = [(kind, form) for kind in ("email", "ip") for form in WRITTEN_FORMS[kind]]
SENTENCES = {
    "nb": "Kunden skrev fra {} i går.",
    "sv": "Kunden skrev från {}, ärendet är stängt.",
    "da": "Kunden skrev fra {} i går.",
    "fi": "Asiakas kirjoitti osoitteesta {} eilen.",
    "is": "Viðskiptavinurinn skrifaði frá {}.",
    "en": "The customer wrote from ({}).",
}
RECOGNIZER = {"email": (EMAIL, 0.85), "ip": (IP, 0.6)}


@pytest.mark.parametrize(("kind", "form"), KIND_FORMS)
@settings(max_examples=40, deadline=None)
@given(seed=SEEDS)
def test_generated_value_alone_in_a_cell_is_found(kind, form, seed):
    value = GENERATORS[kind](random.Random(seed), form)
    recognizer, score = RECOGNIZER[kind]
    assert found(recognizer, value) == [(value, score)]


@pytest.mark.parametrize(("kind", "form"), KIND_FORMS)
@settings(max_examples=40, deadline=None)
@given(seed=SEEDS, language=st.sampled_from(sorted(SENTENCES)))
def test_generated_value_inside_a_sentence_is_found_in_every_language(kind, form, seed, language):
    value = GENERATORS[kind](random.Random(seed), form)
    recognizer, score = RECOGNIZER[kind]
    assert found(recognizer, SENTENCES[language].format(value)) == [(value, score)]


@pytest.mark.parametrize(("kind", "form"), KIND_FORMS)
def test_candidate_prefilter_matches_every_generated_value(kind, form):
    rng = random.Random(f"{kind}/{form}")
    values = [GENERATORS[kind](rng, form) for _ in range(200)]
    assert candidate_misses(RECOGNIZER[kind][0].CANDIDATE, values) == []


# --- false positives ------------------------------------------------------------------------------------

DECOYS = {kind: generate for kind, generate in DIGIT_DECOYS.items() if kind != "ipv4"}
DECOYS_PER_KIND = 10_000


@pytest.mark.parametrize("decoy", DECOYS)
def test_decoys_are_not_reported_without_context(decoy):
    rng = random.Random(decoy)
    cells = pl.Series([DECOYS[decoy](rng) for _ in range(DECOYS_PER_KIND)])
    for recognizer in (EMAIL, IP):
        reported, _ = decoy_rates(recognizer, cells, decoy)
        assert reported == 0.0
