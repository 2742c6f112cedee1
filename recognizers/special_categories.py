"""Special categories of personal data (GDPR Art. 9) named in free text: SPECIAL_CATEGORY_<SUBCATEGORY>.

Lexicons per language (recognizers/data/special_categories_<lang>.tsv) list the words that reveal
health, religion or belief, ethnic origin, trade-union membership, sexual orientation, political opinion,
biometric or genetic data: whole words ("hiv"), stems for inflected forms ("diabet*" → diabetiker,
"masennu*" → masennuksen) and phrases ("seksuell* legning", "medlem i LO"). A word written with
capitals in the lexicon ("HIV", "FrP", the "LO" of "medlem i LO") must match with those capitals. Trade
unions and parties are also listed by name; a short or everyday name ("LO", "3F", "Høyre", "Vision")
only in a phrase that makes it one ("medlem af 3F", "stemmer på Høyre"). A match scores 0.75 and carries its subcategory
as a flag; a negation in the three words before it ("ikke", "inte", "ei", "ekki", "not", "without" …)
lowers it to 0.35, below the threshold, with the reason kept. A capitalised match that is a first name
("Kristen", "Christian") is a person, not a belief.

>>> check_special_category("diabetiker").flags
{'subcategory': 'health'}
>>> check_special_category("ikke diabetiker").score
0.35
"""

from __future__ import annotations

import re
from functools import cache

import regex
from presidio_analyzer import Pattern

from recognizers.base import REJECT, SCAN_LANGUAGE, CheckedPatternRecognizer, Verdict
from recognizers.lexicons import SPECIAL_SUBCATEGORIES, first_names, special_category_terms

MATCH_SCORE = 0.75
NEGATED_SCORE = 0.35

NEGATIONS: tuple[str, ...] = (
    "ikke",
    "ikkje",
    "inte",
    "ej",
    "ingen",
    "inget",
    "intet",
    "uten",
    "utan",
    "uden",
    "aldri",
    "aldrig",
    "ei",
    "eivät",
    "emme",
    "ette",
    "ilman",
    "ekki",
    "engin",
    "enginn",
    "ekkert",
    "án",
    "aldrei",
    "not",
    "no",
    "never",
    "without",
    "none",
    "don't",
    "doesn't",
    "didn't",
    "isn't",
    "wasn't",
    "hasn't",
)
# A negation word, then at most two other words, then the term: "ikke fått påvist diabetes".
_NEGATION_PREFIX = rf"(?:(?i:{'|'.join(re.escape(word) for word in NEGATIONS)})\s+(?:[\w'’-]+\s+){{0,2}}?)"
# Not a group of a hyphenated hex code: "deaf" is also four hex digits, and one UUID in 20 000 has it as
# a group ("9f1c2b7e-deaf-4a1b-…"), which made call-ID and recording-URL columns "health data".
_NOT_IN_HEX_CODE = r"(?<![0-9A-Fa-f]{4}-)"


def entity_of(subcategory: str) -> str:
    """The entity type of a subcategory: health → SPECIAL_CATEGORY_HEALTH."""
    return f"SPECIAL_CATEGORY_{subcategory.upper()}"


def _word_regex(word: str) -> str:
    body = re.escape(word[:-1]) + r"\w*" if word.endswith("*") else re.escape(word)
    return f"(?-i:{body})" if word != word.lower() else body


def term_regex(term: str) -> str:
    """A lexicon term as a regex: words joined by whitespace, `stem*` open-ended, a word written with
    capitals exact and the others in any case ("medlem i LO" finds "Medlem i LO", not "medlem i lo")."""
    return r"\s+".join(_word_regex(word) for word in term.split())


@cache
def _terms_by_subcategory() -> dict[str, str]:
    """Per subcategory, the alternation of its terms in all six languages (longest first)."""
    terms: dict[str, set[str]] = {subcategory: set() for subcategory in SPECIAL_SUBCATEGORIES}
    for subcategory, term in special_category_terms():
        terms[subcategory].add(term)
    return {
        subcategory: "|".join(term_regex(term) for term in sorted(found, key=lambda t: (-len(t), t)))
        for subcategory, found in terms.items()
    }


@cache
def _term_at_end() -> dict[str, re.Pattern[str]]:
    return {
        subcategory: re.compile(rf"(?<!\w)(?:{alternation})$", re.IGNORECASE)
        for subcategory, alternation in _terms_by_subcategory().items()
    }


def check_special_category(text: str) -> Verdict:
    """One match: an optional negation prefix, then a lexicon term."""
    for subcategory, term_pattern in _term_at_end().items():
        term = term_pattern.search(text)
        if term is None:
            continue
        word = term.group()
        if word[0].isupper() and word in first_names():
            return REJECT
        reasons = [f"{subcategory.replace('_', ' ')} term from the special-category lexicon"]
        negated = term.start() > 0
        if negated:
            reasons.append("negation word before the term")
        return Verdict(
            valid=True,
            entity=entity_of(subcategory),
            score=NEGATED_SCORE if negated else MATCH_SCORE,
            reasons=tuple(reasons),
            flags={"subcategory": subcategory},
            span=(term.start(), term.end()),
        )
    return REJECT


# The end of an ASCII word, in the Rust engine: its lazy DFA runs an ASCII boundary at literal speed,
# where a Unicode one, or (?:$|\W) after every term, made the candidate ~300 times slower on notes.
ASCII_WORD_END = r"(?-u:\b)"


@cache
def _folded_from_outside_ascii() -> frozenset[str]:
    """The ASCII letters that Python's `regex`, ignoring case as the pattern does, matches with a
    character outside ASCII ("s": ſ, "k": the Kelvin sign, "i": İ): a term ending in one of them may end,
    in a text, in a character after which an ASCII word end never holds. Asked of `regex` for every
    character of the Basic Multilingual Plane whose case mappings hold an ASCII letter."""
    return frozenset(
        letter.lower()
        for char in map(chr, range(0x80, 0x10000))
        for letter in {*char.lower(), *char.upper(), *char.casefold()}
        if letter.isascii() and letter.isalpha() and regex.fullmatch(letter, char, regex.IGNORECASE)
    )


def _literal(word: str) -> str:
    """A lexicon word as a candidate literal: its stem without the `*`, exact where written with capitals."""
    escaped = re.escape(word.rstrip("*"))
    return f"(?-i:{escaped})" if word != word.lower() else escaped


@cache
def special_category_candidate() -> str:
    """Rust-regex candidate: the literal start of every term at the start of a word, case-insensitive
    unless written with capitals. The pattern's term never follows a word character: its lookbehind
    (?<!\\w), or the whitespace after a negation prefix. A term of several words whose first word is
    whole (not a stem) starts with its first two words ("samme\\s+kjønn", "teknisk\\s+landsforbund").

    Both bounds matter on notes: "bekreftet" and "bekræftet" (confirmed) hold "kreft" and "kræft"
    (cancer), and "Teknisk feil" or "samme dag" are everyday words. Without them 15 929 distinct values
    of a 400 000-row call export were candidates, all analysed in Python and none a finding; with them
    31. A whole one-word term ending in an ASCII letter or digit is followed by the end of an ASCII word
    (ASCII_WORD_END): the pattern's (?!\\w) holds only before a character that is no word character in
    Unicode, which is none in ASCII either; unless, case ignored, its last letter may be written outside
    ASCII ("religiouſ"). "Kristen" (Christian) then no longer starts the surname
    "Kristensen": 3 176 distinct values of a 400 000-row CRM export were candidates, 4 are. Plain
    literals, and no \\w* after a stem, keep the compiled union small (a union with the stems' \\w*
    exceeds the Rust engine's size limit).

    Known gap: the Rust engine folds case by Unicode's simple folding, Python's `regex` also matches an
    "i" with "İ" (U+0130): a term written with "İ" for an "i" ("ROMANİ") is found by the pattern and
    missed by this candidate."""
    heads = set()
    for _, term in special_category_terms():
        first, *rest = term.split()
        if first.endswith("*"):
            heads.add(_literal(first))
        elif rest:
            heads.add(rf"{_literal(first)}\s+{_literal(rest[0])}")
        elif re.fullmatch(r"[A-Za-z0-9]", first[-1]) and (
            first != first.lower() or first[-1] not in _folded_from_outside_ascii()
        ):
            heads.add(rf"{_literal(first)}{ASCII_WORD_END}")
        else:
            heads.add(_literal(first))
    return rf"(?:^|\W)(?i:{'|'.join(sorted(heads))})"


class SpecialCategoryRecognizer(CheckedPatternRecognizer):
    """Art. 9 words in notes and transcripts, one entity type per subcategory."""

    ENTITIES = dict.fromkeys(map(entity_of, SPECIAL_SUBCATEGORIES), "SPECIAL_CATEGORY")

    def __init__(self, supported_language: str = SCAN_LANGUAGE, **kwargs: object) -> None:
        # The lexicons are read on first construction, not at import.
        # One pass over the text for every term; `check` tells the subcategory.
        terms = "|".join(_terms_by_subcategory().values())
        self.PATTERNS = [
            Pattern(
                "special_category_term",
                rf"(?<!\w){_NEGATION_PREFIX}?{_NOT_IN_HEX_CODE}(?:{terms})(?!\w)",
                MATCH_SCORE,
            )
        ]
        self.CANDIDATE = special_category_candidate()
        super().__init__(supported_language, **kwargs)

    def check(self, text: str) -> Verdict:
        return check_special_category(text)
