from hypothesis import given, settings
from hypothesis import strategies as st
from presidio_analyzer import Pattern

from recognizers.analyzer import build_analyzer
from recognizers.base import SCAN_LANGUAGE, CheckedPatternRecognizer, Verdict
from recognizers.context import ContextMatcher, find_context_word, header_words


class EightDigits(CheckedPatternRecognizer):
    """A test recognizer: any eight digits, weak alone."""

    ENTITIES = {"PHONE_NUMBER": "PHONE"}
    PATTERNS = [Pattern("eight digits", r"(?<!\d)\d{8}(?!\d)", 0.3)]
    CONTEXT = ("telefon*", "tlf", "kt.")
    NEGATIVE_CONTEXT = ("ordre",)
    CANDIDATE = r"\d{8}"

    def check(self, text: str) -> Verdict:
        return Verdict(True, reasons=("eight digits",))


def _scores(text: str, header: str = "") -> list[float]:
    analyzer = build_analyzer(recognizers=[EightDigits()])
    return [
        r.score for r in analyzer.analyze(text, language=SCAN_LANGUAGE, context=[header], score_threshold=0)
    ]


def test_replacing_a_recognizers_patterns_takes_effect_after_it_has_compiled_them():
    recognizer = EightDigits()
    assert len(recognizer.analyze("91234567", [])) == 1
    recognizer.patterns = [Pattern("nine digits", r"(?<!\d)\d{9}(?!\d)", 0.3)]  # same length, new pattern
    assert recognizer.analyze("91234567", []) == [] and len(recognizer.analyze("912345678", [])) == 1


def test_context_word_before_the_match_raises_score():
    assert _scores("tlf 91234567") == [0.65]


def test_context_word_after_the_match_raises_score():
    assert _scores("91234567 er telefonnummeret") == [0.65]


def test_context_word_glued_by_colon_counts():
    assert _scores("tlf:91234567") == [0.65]


def test_no_substring_match_inside_other_words():
    assert _scores("kontakt 91234567") == [0.3]


def test_column_header_is_context():
    assert _scores("91234567", header="kunde_telefon") == [0.65]


def test_negative_word_lowers_score():
    assert _scores("ordre 91234567") == []  # lowered to 0.0, which Presidio drops


def test_words_beyond_the_window_do_not_count():
    assert _scores("tlf a b c d e f 91234567") == [0.3]


def test_header_words_split_snake_camel_and_dots():
    assert header_words("customer_fnr") == ("customer", "fnr")
    assert header_words("mobileNo") == ("mobile", "no")
    assert header_words("customer.phone") == ("customer.phone", "customer", "phone")


def test_stems_and_phrases():
    assert find_context_word(["henkilötunnuksen"], ["henkilötunnu*"]) == "henkilötunnu*"
    assert find_context_word(["national", "id"], ["national id"]) == "national id"
    assert find_context_word(["kt."], ["kt."]) == "kt."
    assert find_context_word(["kontakt"], ["kt.", "kt"]) is None


def test_nearest_word_before_the_match_decides():
    assert _scores("ring om ordre 91234567") == []  # "ordre" is nearer than "ring": lowered to 0
    assert _scores("ordre sendt, tlf 91234567") == [0.65]


def test_header_decides_only_without_words_in_the_text():
    assert _scores("ordre 91234567", header="telefon") == []
    assert _scores("91234567", header="ordre_nr") == []


def test_context_does_not_cross_a_sentence_end():
    assert _scores("Samme sak som 26.03.2019. Tlf 91234567") == [0.65]
    assert _scores("Ring meg i morgen. 91234567") == [0.3]


def test_abbreviations_stay_in_the_sentence():
    assert _scores("kt. 91234567") == [0.65]


def test_negative_word_names_the_first_number_after_it_not_one_past_another_number():
    assert _scores("ordre 12345, 91234567") == [0.3]  # "ordre" names 12345
    assert _scores("ordre 12345678, 91234567") == [0.3]  # the order number itself is lowered to 0


def test_positive_word_still_reaches_past_another_number():
    assert _scores("tlf 12345, 91234567") == [0.65]


# --- the matcher's lookups equal the plain definition ----------------------------------------------------


def _naive_match_at(context_words, words, position):
    """A context word that is words[position] (whole, or through a `stem*`), or a phrase ending there."""
    forms = {words[position].lower(), words[position].lower().rstrip(".")}
    hits = []
    for index, word in enumerate(context_words):
        lower = word.lower()
        if lower.endswith("*"):
            hits += [index] if any(form.startswith(lower[:-1]) for form in forms) else []
        elif " " in lower:
            length = lower.count(" ") + 1
            if (
                position + 1 >= length
                and " ".join(words[position + 1 - length : position + 1]).lower() == lower
            ):
                hits.append(index)
        elif lower in forms:
            hits.append(index)
    return context_words[min(hits)] if hits else None


_VOCABULARY = [
    "tlf",
    "tlf.",
    "Telefon",
    "telefonnummer",
    "ring",
    "ringte",
    "mobil",
    "kontakt",
    "person",
    "nr",
    "fnr",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["tlf", "telefon*", "ring*", "mobil", "kontakt person", "nr", "t*", "fnr", "ringte"]),
        min_size=1,
        max_size=6,
        unique=True,
    ),
    st.lists(st.sampled_from(_VOCABULARY), min_size=1, max_size=6),
)
def test_match_at_equals_the_plain_definition(context_words, words):
    matcher = ContextMatcher(tuple(context_words))
    for position in range(len(words)):
        assert matcher.match_at(words, position) == _naive_match_at(tuple(context_words), words, position)
