"""The word lists that ship in recognizers/data/: first names, surnames, towns, special-category terms.

Read once, on first use (never at import), and cached. Sources and licences: recognizers/data/README.md.
Lists are per language (`first_names_no.txt` …); the recognizers scan every text with all six languages
at once, so the loaders return the union unless a language is asked for.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

LANGUAGES: tuple[str, ...] = ("no", "sv", "da", "fi", "is", "en")
SPECIAL_SUBCATEGORIES: tuple[str, ...] = (
    "health",
    "religion",
    "ethnic_origin",
    "trade_union",
    "sexual_orientation",
    "political_opinion",
    "biometric",
    "genetic",
)


def _lines(name: str) -> list[str]:
    """Non-empty, non-comment lines of a data file; a missing per-language file is an empty list."""
    path = resources.files("recognizers").joinpath("data", name)
    if not path.is_file():
        return []
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


@cache
def first_names() -> frozenset[str]:
    """Every first name of the six languages' lists, as written (capitalised)."""
    return frozenset(name for lang in LANGUAGES for name in _lines(f"first_names_{lang}.txt"))


@cache
def surnames() -> frozenset[str]:
    """Every surname of the lists (Iceland has none: its patronymics are known by their ending)."""
    return frozenset(name for lang in LANGUAGES for name in _lines(f"surnames_{lang}.txt"))


@cache
def name_words() -> frozenset[str]:
    """First names that are also everyday words ("Per", "Dag", "Else", "Will"): weak alone."""
    return frozenset(_lines("name_words.txt"))


@cache
def towns() -> frozenset[str]:
    """Town and postal-town names, case-folded."""
    names = [town for lang in LANGUAGES for town in _lines(f"towns_{lang}.txt")] + _lines("towns_extra.txt")
    return frozenset(town.casefold() for town in names)


@cache
def special_category_terms(language: str | None = None) -> tuple[tuple[str, str], ...]:
    """(subcategory, term) pairs of one language's lexicon, or of all six. `term*` is a stem."""
    languages = (language,) if language else LANGUAGES
    pairs = []
    for lang in languages:
        for line in _lines(f"special_categories_{lang}.tsv"):
            subcategory, term = line.split("\t")
            if subcategory not in SPECIAL_SUBCATEGORIES:
                raise ValueError(f"special_categories_{lang}.tsv: unknown subcategory {subcategory!r}")
            pairs.append((subcategory, term))
    return tuple(pairs)
