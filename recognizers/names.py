"""Names of people in free text and in name columns (PERSON), and of employees (EMPLOYEE_NAME).

A name is a run of capitalised words that holds a first name or surname from the shipped lists
(recognizers/data: Nordic and English name statistics) — "Kari Nordmann", "Anna-Karin Lindqvist",
"Jón Sigurðsson" (a patronymic is known by its ending). How sure the match is depends on its neighbours:
- a first name followed by a surname: 0.8 ("Kari Hansen ringte");
- a first name alone, or followed by an unknown capitalised word: 0.6 ("ring Kari tilbake");
- a cue word just before raises it ("snakket med", "talade med", "kunden", "hr.", "spoke with");
- a first name that is also an everyday word, town or brand ("Per", "Dag", "Hamar", "Max") counts only
  with a surname or a cue word; mid-sentence and capitalised it scores 0.4, so a header such as
  `fornavn` or a context word (navn, name) lifts it;
- a surname alone counts only after a title or cue ("fru Hansen", "kunden Lindqvist"): 0.7;
- unlisted words count only after a cue, two of them or one after a title ("kunden Yusra Fjellheim",
  "fru Fjellheim"): 0.55; one unknown word after a cue is more often a company ("snakket med Telenor").
An employee cue ("saksbehandler", "agent", "handläggare", "mvh", "overført til") makes the name an
EMPLOYEE_NAME: the personal data of staff, reported apart from customers.

>>> check_name("snakket med Kari Hansen").score, check_name("snakket med Kari Hansen").span
(0.85, (12, 23))
>>> check_name("Per telefon").valid  # a sentence starting with the preposition "Per"
False

The pattern matches up to two lowercase words before the capitalised run, so that `check` sees the cue
and narrows the result to the name itself (`Verdict.span`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers.addresses import ADDRESS_CONTEXT, STREET_WORDS
from recognizers.base import REJECT, CheckedPatternRecognizer, Verdict
from recognizers.lexicons import first_names, name_words, surnames, towns

UPPER = "A-ZÀ-ÖØ-Þ"
LOWER = "a-zß-öø-ÿ"
# One capitalised word or a hyphenated pair ("Anne-Lise").
NAME_WORD = rf"[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?"
TITLES: tuple[str, ...] = ("hr", "herr", "fru", "frk", "mr", "mrs", "ms", "dr")
# Lowercase words before a run keep their punctuation, so that `check` sees a sentence end ("ringte.").
_PREFIX_WORD = rf"[{LOWER}][{LOWER}/'’]*[.:,]?"
# Inside a run, a word may end a label ("Navn:"); a full stop ends the run unless it ends a title.
_RUN_WORD = rf"(?:(?i:{'|'.join(TITLES)})\.[ \t]+)?{NAME_WORD}:?"
# The first word of a two-word cue may open a sentence ("Snakket med Kari").
_CUE_VERB = "(?i:snakket|snakka|pratet|talte|snakkede|talade|pratade|ringte|ringde|spoke|talked|talaði|ræddi)"
# The run is atomic (all its capitalised words or none), so that a run a street word follows ("Karl
# Johans gate 1") is not retried shorter as a name.
NAME_RUN = (
    rf"(?-i:(?<!\w)(?:{_CUE_VERB}\s+)?(?:{_PREFIX_WORD}\s+){{0,2}}"
    rf"(?>{_RUN_WORD}(?:[ \t]+{_RUN_WORD}){{0,4}})(?![\w-])(?![ \t]+(?:{'|'.join(STREET_WORDS)})\b))"
)

# A cell that is nothing but a name: 1–3 capitalised words, or "Surname, First". Rust and Python alike.
NAME_CELL = rf"^\s*{NAME_WORD}(?:,? {NAME_WORD}){{0,2}}\s*$"

SURNAME_ENDINGS: tuple[str, ...] = (
    "sen",
    "son",
    "dóttir",
    "dottir",
    "nen",
    "ström",
    "qvist",
    "kvist",
    "gaard",
    "gård",
)

PERSON_CUES: frozenset[str] = frozenset(
    {
        # Norwegian, Danish, Swedish
        "snakket med",
        "snakka med",
        "pratet med",
        "talte med",
        "snakkede med",
        "talade med",
        "pratade med",
        "ringte til",
        "ringde till",
        "kunden",
        "kunde",
        "kund",
        "kontaktperson",
        "kontakt",
        "navn",
        "namn",
        "heter",
        "heiter",
        "hedder",
        "heitir",
        "nimeltä",
        "named",
        *TITLES,
        "frøken",
        "fröken",
        # Finnish, Icelandic
        "asiakas",
        "asiakkaan",
        "puhui",
        "puhuin",
        "herra",
        "rouva",
        "nimi",
        "viðskiptavinur",
        "viðskiptavinurinn",
        "talaði við",
        "ræddi við",
        "nafn",
        # English
        "spoke with",
        "spoke to",
        "talked to",
        "talked with",
        "customer",
        "caller",
        "contact",
        "name",
        "mr",
        "mrs",
        "ms",
        "miss",
    }
)
EMPLOYEE_CUES: frozenset[str] = frozenset(
    {
        "agent",
        "agenten",
        "saksbehandler",
        "saksbehandleren",
        "handläggare",
        "handläggaren",
        "sagsbehandler",
        "sagsbehandleren",
        "medarbeider",
        "medarbetare",
        "medarbejder",
        "kollega",
        "agentti",
        "käsittelijä",
        "asiakaspalvelija",
        "starfsmaður",
        "fulltrúi",
        "mvh",
        "hilsen",
        "vh",
        "hälsningar",
        "terveisin",
        "kveðja",
        "regards",
        "overført til",
        "overført",
        "överförd till",
        "overflyttet til",
        "siirretty",
        "transferred to",
        "eskalert til",
        "escalated to",
        "assigned to",
        "tildelt",
    }
)
# Words that say "name" (whole words of a header, `kunde_navn` or `firstName`, or of nearby text).
NAME_WORDS: tuple[str, ...] = (
    "navn",
    "fornavn",
    "etternavn",
    "mellomnavn",
    "namn",
    "förnamn",
    "efternamn",
    "efternavn",
    "nimi",
    "etunimi",
    "sukunimi",
    "nafn",
    "fornafn",
    "eftirnafn",
    "name",
    "firstname",
    "lastname",
    "surname",
    "fullname",
    "forename",
)
# Header words of a column that holds customers' names when its values look like names.
PERSON_HEADER_WORDS: tuple[str, ...] = NAME_WORDS + (
    "kontaktperson",
    "kontakt",
    "contact",
    "customer",
    "kunde",
    "kund",
    "asiakas",
    "viðskiptavinur",
    "person",
)
# Header words of a column that holds staff names when its values look like names.
EMPLOYEE_HEADER_WORDS: tuple[str, ...] = (
    "agent",
    "saksbehandler",
    "handläggare",
    "sagsbehandler",
    "medarbeider",
    "medarbetare",
    "medarbejder",
    "operator",
    "operatør",
    "employee",
    "ansatt",
    "anställd",
    "ansat",
    "agentti",
    "käsittelijä",
    "starfsmaður",
    "handler",
    "handled",
)

# Score of a name by the kind of its head word and whether a cue word comes just before it.
SCORES: dict[tuple[str, bool], float] = {
    ("full", False): 0.8,
    ("full", True): 0.85,
    ("first", False): 0.6,
    ("first", True): 0.8,
    ("word", False): 0.4,
    ("word", True): 0.7,
    ("surname", True): 0.7,
    ("unknown", True): 0.55,
}
REASONS: dict[str, str] = {
    "full": "first name and surname from name lists",
    "first": "first name from name list",
    "word": "first name that is also a common word or place",
    "surname": "surname from name list",
    "unknown": "capitalised words after a cue word",
}

_TOKEN = re.compile(r"\S+")


@dataclass(frozen=True)
class _Token:
    text: str
    start: int

    @property
    def bare(self) -> str:
        return self.text.rstrip(".:,")

    @property
    def closes(self) -> bool:
        """A word that ends a sentence or a label: the name cannot go on past it."""
        return self.text[-1] in ".:,"


def name_role(word: str) -> str:
    """'first', 'word' (a first name that is also an everyday word, town or brand), 'surname' or 'other'."""
    parts = word.split("-")
    if word in name_words() or parts[0] in name_words():
        return "word"
    if word in first_names() or parts[0] in first_names():
        return "first"
    if any(part in surnames() or part.endswith(SURNAME_ENDINGS) for part in parts):
        return "surname"
    return "other"


def _cue(words: list[str]) -> str | None:
    """The cue phrase that ends `words` (last two words or the last one), lower-cased."""
    lowered = [word.lower().rstrip(".:,") for word in words]
    for size in (2, 1):
        phrase = " ".join(lowered[-size:])
        if len(lowered) >= size and (phrase in PERSON_CUES or phrase in EMPLOYEE_CUES):
            return phrase
    return None


def _name_tokens(run: list[_Token]) -> tuple[list[_Token], list[str], bool]:
    """The name inside a run of capitalised words: from its first listed word over the name words
    that follow; and whether a capitalised word that is not a name came before it ("Telia Max")."""
    roles = [name_role(token.bare) for token in run]
    head = next((i for i, role in enumerate(roles) if role != "other"), None)
    if head is None:
        # Only unknown words: after a cue they may be an unlisted name ("kunden Yusra Fjellheim").
        names = []
        for token in run[:3]:
            names.append(token)
            if token.closes:
                break
        return names, ["unknown"] * len(names), False
    names, kinds = [run[head]], [roles[head]]
    for token, role in zip(run[head + 1 :], roles[head + 1 :]):
        if names[-1].closes:
            break
        if role == "other":
            # An unknown capitalised word after first names only: an unlisted surname ("Kari Nordmann").
            if all(kind in ("first", "word") for kind in kinds):
                names.append(token)
            break
        names.append(token)
        kinds.append(role)
    return names, kinds, head > 0


def _unlisted_name(names: list[_Token], cue: str | None) -> bool:
    """Unknown capitalised words after a cue pass as a name if they are two or more ("kunden Yusra
    Fjellheim") or one after a title ("fru Fjellheim"); one word alone is more often a company
    ("snakket med Telenor") and a town is never one."""
    if names[0].bare.casefold() in towns():
        return False
    return len(names) >= 2 or cue in TITLES


def check_name(text: str) -> Verdict:
    """Classify one match of `NAME_RUN`: up to two words before, then a run of capitalised words."""
    tokens = [_Token(m.group(), m.start()) for m in _TOKEN.finditer(text)]
    split = len(tokens)
    while split and tokens[split - 1].text[0].isupper():
        split -= 1
    prefix, run = tokens[:split], tokens[split:]
    # A full stop after the last word before the run ends a sentence: no cue reaches across it.
    sentence_end = bool(prefix) and prefix[-1].text.endswith(".") and prefix[-1].bare.lower() not in TITLES
    cue = _cue([token.text for token in prefix]) if prefix and not sentence_end else None
    mid_sentence = bool(prefix) and not sentence_end
    # Capitalised cue words open the run: "Kunden Kari Hansen", "Mvh Kari", "Hr. Lindqvist".
    while run and _cue([run[0].text]):
        cue, mid_sentence, run = _cue([run[0].text]), True, run[1:]
    names, kinds, after_other_word = _name_tokens(run)
    if not names or kinds[0] == "unknown" and not _unlisted_name(names, cue):
        return REJECT
    kind = "full" if kinds[0] in ("first", "word") and "surname" in kinds[1:] else kinds[0]
    cued = cue is not None
    if kind == "word" and not cued and (not mid_sentence or after_other_word):
        return REJECT
    score = SCORES.get((kind, cued))
    if score is None:
        return REJECT
    employee = cue in EMPLOYEE_CUES
    reasons = [REASONS[kind]]
    if cued:
        reasons.append(f"{'employee ' if employee else ''}cue '{cue}' before the name")
    return Verdict(
        valid=True,
        entity="EMPLOYEE_NAME" if employee else "PERSON",
        score=score,
        reasons=tuple(reasons),
        span=(names[0].start, names[-1].start + len(names[-1].bare)),
    )


@cache
def name_candidate() -> str:
    """Rust-regex candidate: a listed name not inside a longer word, a capitalised word with a surname
    ending, or a cue word before a capitalised word.

    Every name `check_name` accepts has a listed first name or surname, or a word with a surname ending,
    at its head, or follows a cue word; so the candidate is a superset of the findings. Letters around
    a name are excluded with one class each side rather than Unicode `\\b`, which the fast regex engines
    cannot run on non-ASCII text.
    """
    listed = sorted(first_names() | surnames() | name_words(), key=lambda name: (-len(name), name))
    alternation = "|".join(re.escape(name) for name in listed)
    endings = "|".join(SURNAME_ENDINGS)
    cues = "|".join(
        re.escape(cue).replace("\\ ", " ").replace(" ", r"\s+") for cue in sorted(PERSON_CUES | EMPLOYEE_CUES)
    )
    return (
        rf"(?:^|[^\p{{L}}])(?:{alternation})(?:$|[^\p{{L}}])|[{UPPER}][{LOWER}]*(?:{endings})(?:$|[^\p{{L}}])"
        rf"|(?i:{cues})[.:,]?\s+[{UPPER}]"
    )


class PersonNameRecognizer(CheckedPatternRecognizer):
    """Names of people (PERSON) and of staff (EMPLOYEE_NAME) from the shipped name lists and cue words."""

    ENTITIES = dict.fromkeys(("PERSON", "EMPLOYEE_NAME"), "PERSON")
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("capitalised_name_words", NAME_RUN, SCORES[("first", False)])
    ]
    CONTEXT = NAME_WORDS
    # In an address or place column a listed name is a place ("Solbakken 12, Aune"; Aune is also a
    # first name and a surname). Not "by" (created_by holds staff), and only in the header: in notes
    # "ny adresse" says nothing about the name after it.
    NEGATIVE_HEADER = (*ADDRESS_CONTEXT, "ort", "stad", "town", "city", "kommune", "kommun", "kunta")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        # Built from the name lists on first use, not at import.
        self.CANDIDATE = name_candidate()

    def check(self, text: str) -> Verdict:
        return check_name(text)
