"""Special categories (Art. 9): the lexicons, a term of each subcategory in each language, stems and
phrases, negation, names that look like beliefs, exact capitals, the candidate superset, and the masked
snippet the report may show."""

from collections import Counter

import polars as pl
import pytest

from recognizers.base import REASONS_KEY
from recognizers.entities import category_of
from recognizers.lexicons import LANGUAGES, SPECIAL_SUBCATEGORIES, special_category_terms
from recognizers.special_categories import (
    SpecialCategoryRecognizer,
    check_special_category,
    entity_of,
    special_category_candidate,
)
from scanner.masking import mask_snippet, mask_value

SPECIAL = SpecialCategoryRecognizer()


def found(text: str) -> list[tuple[str, str, float]]:
    return [(text[r.start : r.end], r.entity_type, r.score) for r in SPECIAL.analyze(text, [])]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_lexicon_has_health_religion_union_orientation_and_politics_without_duplicates(language):
    terms = special_category_terms(language)
    assert {sub for sub, _ in terms} >= {
        "health",
        "religion",
        "trade_union",
        "sexual_orientation",
        "political_opinion",
    }
    assert [term for term, count in Counter(term for _, term in terms).items() if count > 1] == []


def test_every_subcategory_is_an_entity_of_the_special_category():
    assert {category_of(entity_of(sub)) for sub in SPECIAL_SUBCATEGORIES} == {"SPECIAL_CATEGORY"}


@pytest.mark.parametrize(
    ("text", "term", "subcategory"),
    [
        ("Kunden er diabetiker", "diabetiker", "health"),
        ("Hun er sykemeldt ut mars", "sykemeldt", "health"),
        ("Kunden har psykisk sykdom", "psykisk sykdom", "health"),
        ("Kunden har diabetes-utstyr", "diabetes", "health"),
        ("Hon är sjukskriven", "sjukskriven", "health"),
        ("Asiakas on sairauslomalla", "sairauslomalla", "health"),
        ("Hún er í veikindaleyfi", "veikindaleyfi", "health"),
        ("HIV-positiv kunde", "HIV", "health"),
        ("Kunden er muslim", "muslim", "religion"),
        ("Kunden är judisk", "judisk", "religion"),
        ("Asiakas on juutalainen", "juutalainen", "religion"),
        ("Kunden er samisk", "samisk", "ethnic_origin"),
        ("mentioned her ethnic background", "ethnic", "ethnic_origin"),
        ("Han er tillitsvalgt", "tillitsvalgt", "trade_union"),
        ("medlem av Fagforbundet", "Fagforbundet", "trade_union"),
        ("Hän on ammattiliiton jäsen", "ammattiliiton", "trade_union"),
        ("Kunden er homofil", "homofil", "sexual_orientation"),
        ("hennes sexuella läggning", "sexuella läggning", "sexual_orientation"),
        ("Hann er samkynhneigður", "samkynhneigður", "sexual_orientation"),
        ("stemmer på FrP", "FrP", "political_opinion"),
        ("Han röstar på Sverigedemokraterna", "Sverigedemokraterna", "political_opinion"),
        ("Kunden stemmer på Enhedslisten", "Enhedslisten", "political_opinion"),
        ("logger inn med fingeravtrykk", "fingeravtrykk", "biometric"),
        ("Kirjautuminen sormenjäljellä", "sormenjäljellä", "biometric"),
        ("Customer did a genetic test", "genetic test", "genetic"),
    ],
)
def test_terms_are_found_with_their_subcategory(text, term, subcategory):
    assert found(text) == [(term, entity_of(subcategory), 0.75)]
    assert check_special_category(term).flags == {"subcategory": subcategory}


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Kunden har ikke diabetes", "diabetes"),
        ("Kunden har ikke fått påvist diabetes", "diabetes"),
        ("Kunden är inte gravid", "gravid"),
        ("Asiakas ei ole raskaana", "raskaana"),
        ("Hann er ekki í stéttarfélagi", "stéttarfélagi"),
        ("customer is not gay", "gay"),
        ("customer doesn't have diabetes", "diabetes"),
    ],
)
def test_a_negation_within_three_words_lowers_the_score_below_the_threshold(text, term):
    results = SPECIAL.analyze(text, [])
    assert [(text[r.start : r.end], r.score) for r in results] == [(term, 0.35)]
    assert "negation word before the term" in results[0].recognition_metadata[REASONS_KEY]


@pytest.mark.parametrize(
    "text",
    [
        "Kreftforeningen ringte om innsamling",  # a whole word, not a stem
        "Kunden kjøpte sykkel i Kristiansand",
        "Islandsk hest på bildet",
        "Kristen ringte om fakturaen",  # a first name, not a belief
        "Christian Hansen called",
        "hiv deg rundt og ring",  # HIV must be written in capitals
        "hearing aids are not covered",
        "Kortet er sperret etter misbruk",
        "Politiet har ringt",
        "Genomgång av fakturan klar",
        "diagnostikk av ruteren",
        "9f1c2b7e-deaf-4a1b-8c3d-0123456789ab",  # a UUID with a group that spells a health word
        "https://rec.example.com/2024/01/05/9F1C2B7E-4A1B-DEAF-8C3D-0123456789AB.wav",
    ],
)
def test_decoys_are_not_special_categories(text):
    assert found(text) == []


@pytest.mark.parametrize(
    "text", ["Kunden er deaf-blind", "customer is deaf", "DEAF customer, call via relay"]
)
def test_a_hyphen_after_the_word_or_capitals_still_find_it(text):
    assert [(term.lower(), entity) for term, entity, _ in found(text)] == [
        ("deaf", "SPECIAL_CATEGORY_HEALTH")
    ]


def test_the_negation_reason_is_kept():
    verdict = check_special_category("ikke diabetiker")
    assert verdict.reasons == (
        "health term from the special-category lexicon",
        "negation word before the term",
    )
    assert verdict.span == (5, 15)


def test_candidate_matches_every_term_and_its_inflections():
    texts = []
    for _, term in special_category_terms():
        words = [word[:-1] + "ene" if word.endswith("*") else word for word in term.split()]
        texts += [
            " ".join(words),
            "kunden er " + " ".join(words).capitalize() if term == term.lower() else term,
        ]
    hits = [text for text in texts if found(text)]
    assert len(hits) > 0.95 * len(texts)
    assert pl.Series(hits).str.contains(special_category_candidate()).all()


# what may stand before a term (punctuation, a line end, a negation and words between) and after it
BEFORE = ["", "(", "«", "-", "/", "2 ", "kunden er\n", "ikke ", "inte   helt ", "ei ole todettu "]
AFTER = ["", ".", ")", "-blind", " i går", "\tok", "’s", "\u00a0kr", "»", "_", "2", "sen"]


def _written(term: str, capitalise: bool, spaces: str) -> str:
    words = [word[:-1] + "ene" if word.endswith("*") else word for word in term.split()]
    text = spaces.join(words)
    return text.capitalize() if capitalise and term == term.lower() else text


def test_the_candidate_finds_every_term_wherever_the_pattern_does():
    """The candidate (run by the Rust engine before any recognizer) must match every text in which the
    pattern finds a term: each term, inflected, capitalised, its words apart by several spaces or a line
    end, after and before every kind of neighbour."""
    texts, hits = [], []
    for _, term in special_category_terms():
        for number, (before, after) in enumerate((b, a) for b in BEFORE for a in AFTER):
            text = before + _written(term, number % 2 == 1, ["  ", " \n", " "][number % 3]) + after
            texts.append(text)
            if found(text):
                hits.append(text)
    assert len(hits) > 0.9 * len(texts)
    missed = [
        text for text in hits if not pl.Series([text]).str.contains(special_category_candidate()).item()
    ]
    assert missed == []


@pytest.mark.parametrize(
    "text",
    [
        "Fødselsnummer bekreftet, adresse oppdatert.",
        "CPR-nr. bekræftet.",
        "Teknisk feil, logg-id 42.",
        "Ringer tilbake samme dag.",
        "Kunde Mette Kristensen ringte om faktura.",
        "Kundens e-post: henrik.kristensen@example.no",
    ],
)
def test_words_that_hold_a_term_inside_them_or_start_a_phrase_are_no_candidates(text):
    """ "bekreftet" holds "kreft", "samme" starts "samme kjønn", the surname "Kristensen" starts with
    "kristen" (Christian): no finding, and no candidate either, so that notes and CRM columns full of
    them are not analysed in Python one by one."""
    assert found(text) == []
    assert not pl.Series([text]).str.contains(special_category_candidate()).item()


def test_the_report_shows_the_word_and_masks_its_neighbours():
    text = "Kunden sa at hun er diabetiker og trenger hjelp."
    start = text.index("diabetiker")
    assert mask_snippet(text, start, start + 10, "SPECIAL_CATEGORY_HEALTH") == "*** ** diabetiker ** *******"
    assert mask_value("diabetiker", "SPECIAL_CATEGORY_HEALTH") == "diabetiker"
    assert mask_snippet("fnr 15108695088 ok", 4, 15, "NO_FODSELSNUMMER") == "**********8"


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Hon är medlem i Unionen sedan 2019", "Unionen"),
        ("Han är med i IF Metall", "IF Metall"),
        ("Kunden er medlem i LO og vil ha rabatt", "medlem i LO"),
        ("Medlem i LO, ønsker forsikring", "Medlem i LO"),
        ("Kunden er medlem av Fagforbundet", "Fagforbundet"),
        ("Ringte via Fellesforbundet", "Fellesforbundet"),
        ("Kunden er medlem af 3F", "medlem af 3F"),
        ("Hun er i Dansk Metal", "Dansk Metal"),
        ("Asiakas kuuluu JHL:ään", "JHL"),
        ("Asiakas on Akavan jäsen", "Akavan"),
        ("Asiakas on Tehyn jäsen", "Tehyn"),
        ("Hún er í Eflingu, stéttarfélagið Efling", "stéttarfélagið Efling"),
        ("Viðskiptavinur er í BSRB", "BSRB"),
    ],
)
def test_unions_of_all_five_countries_are_found_by_name(text, term):
    assert found(text) == [(term, "SPECIAL_CATEGORY_TRADE_UNION", 0.75)]


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Kunden stemmer på Høyre", "stemmer på Høyre"),
        ("Han er medlem av MDG", "MDG"),
        ("Kunden stemte på Venstre i fjor", "stemte på Venstre"),
        ("Han röstar på SD", "röstar på SD"),
        ("Kunden er medlem af Moderaterne", "Moderaterne"),
        ("Asiakas on keskustapuolueen jäsen", "keskustapuolueen"),
        ("Asiakas äänestää RKP:ta", "RKP"),
        ("Hann kaus Viðreisn", "Viðreisn"),
    ],
)
def test_parties_are_found_by_name(text, term):
    assert found(text) == [(term, "SPECIAL_CATEGORY_POLITICAL_OPINION", 0.75)]


@pytest.mark.parametrize(
    "text",
    [
        "Europeiska unionen har nya regler",  # the union, not a trade union
        "kommunal vård i Malmö",
        "Kunden ser på Høyre side av skjemaet",  # right-hand side, not the party
        "Husk å svinge til venstre",
        "Vision test booked",
        "medlem i lo",  # LO must be written in capitals
        "https://rec.example.com/play.php%3Fid%3D3F",
        "Asiakas asuu keskustassa",  # the town centre
        "Status: LO",
    ],
)
def test_union_and_party_decoys_are_not_special_categories(text):
    assert found(text) == []


def test_a_term_whose_last_letter_is_written_outside_ascii_is_still_a_candidate():
    """Python's pattern, ignoring case, finds "religious" written "religiouſ" (and a "k" written as the
    Kelvin sign); after such a letter an ASCII word end never holds, so those terms keep a candidate
    without it. (An "i" written "İ" Python's pattern finds too, but Rust's simple case folding does not
    match it at all: a known gap of every candidate, see the candidate's docstring.)"""
    outside = {"s": "\u017f", "k": "\u212a"}
    texts = [
        f"Kunden er {term[:-1]}{outside[term[-1]]}. Ring tilbake."
        for _, term in special_category_terms()
        if " " not in term and not term.endswith("*") and term == term.lower() and term[-1] in outside
    ]
    hits = [text for text in texts if found(text)]
    assert len(hits) >= 4
    candidate = special_category_candidate()
    assert pl.Series(hits).str.contains(candidate).all()
