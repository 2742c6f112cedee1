"""Write the name and town lists in recognizers/data/ from Faker's locale data (development time only).

    pip install faker   # into a throw-away environment; ccscan never imports Faker
    python tools/extract_name_lists.py

Faker (MIT licence) ships the public name statistics of the Nordic countries in its person providers
(no_NO, sv_SE, da_DK, fi_FI, is_IS, en_US, en_GB) and town names in its address providers (sv_SE,
da_DK, fi_FI). This script copies them, one name a line, sorted, so that the lists ship with ccscan as
plain data; recognizers/data/README.md records the sources and licences. `name_words.txt` lists the
first names that are also everyday words, towns or brands (spaCy's stop words of the six languages, the
town lists, and a hand list): alone and capitalised they are often a sentence start or a place, so they
count as names only with a surname or a cue word.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import faker

DATA = Path(__file__).resolve().parent.parent / "recognizers" / "data"

PERSON_LOCALES: dict[str, tuple[str, ...]] = {
    "no": ("no_NO",),
    "sv": ("sv_SE",),
    "da": ("da_DK",),
    "fi": ("fi_FI",),
    "is": ("is_IS",),
    "en": ("en_US", "en_GB"),
}
# is_IS has no surname list: Icelanders carry patronymics (first name + -son / -dóttir), which the
# recognizer knows by their ending.
SURNAME_LOCALES: dict[str, tuple[str, ...]] = {
    lang: locales for lang, locales in PERSON_LOCALES.items() if lang != "is"
}
TOWN_LOCALES: dict[str, str] = {"sv": "sv_SE", "da": "da_DK", "fi": "fi_FI"}
SPACY_STOP_WORDS = ("nb", "sv", "da", "fi", "is", "en")

# First names that are everyday words in one of the six languages but are not in spaCy's stop-word
# lists (nouns, adjectives, months): Norwegian/Danish/Swedish, Finnish, Icelandic, English.
EVERYDAY_WORD_NAMES: tuple[str, ...] = (
    "Are",
    "Ask",
    "Bo",
    "Dag",
    "Ebbe",
    "Even",
    "Liv",
    "Mai",
    "Sol",
    "Sten",
    "Stig",
    "Tor",
    "Vår",
    "Björn",
    "Ulf",
    "Saga",
    "Tilde",
    "Signe",
    "Viking",
    "Storm",
    "Frode",
    "Aamu",
    "Aarre",
    "Armas",
    "Helmi",
    "Ilta",
    "Into",
    "Kaino",
    "Kukka",
    "Lempi",
    "Lumi",
    "Onni",
    "Rauha",
    "Satu",
    "Sulo",
    "Suvi",
    "Taimi",
    "Toivo",
    "Tuuli",
    "Tyyne",
    "Usko",
    "Valo",
    "Oiva",
    "Tähti",
    "Björk",
    "Dagur",
    "Harpa",
    "Hekla",
    "Hrafn",
    "Katla",
    "Lilja",
    "Máni",
    "Rós",
    "Sól",
    "Sóley",
    "Sunna",
    "Von",
    "Fjóla",
    "Stjarna",
    "April",
    "Art",
    "August",
    "Bill",
    "Carol",
    "Chase",
    "Dean",
    "Faith",
    "Frank",
    "Grace",
    "Guy",
    "Hope",
    "Hunter",
    "Iris",
    "Ivy",
    "Jack",
    "Joy",
    "June",
    "Mark",
    "Max",
    "Pat",
    "Ray",
    "Rich",
    "Rose",
    "Summer",
    "Will",
    "Holly",
    "Amber",
    "Crystal",
    "Destiny",
    "Dale",
    "Glen",
    "Rod",
    "Wade",
    "Elisa",  # Finnish operator
)


def _names(locale: str, attribute: str) -> set[str]:
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    return {name for name in getattr(provider, attribute) if name[:1].isupper()}


def _write(name: str, values: set[str]) -> None:
    (DATA / name).write_text("\n".join(sorted(values)) + "\n", encoding="utf-8")
    print(f"{name}: {len(values)}")


def main() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    first_names: set[str] = set()
    for lang, locales in PERSON_LOCALES.items():
        names = set().union(*(_names(locale, "first_names") for locale in locales))
        first_names |= names
        _write(f"first_names_{lang}.txt", names)
    for lang, locales in SURNAME_LOCALES.items():
        _write(f"surnames_{lang}.txt", set().union(*(_names(locale, "last_names") for locale in locales)))
    towns: set[str] = set()
    for lang, locale in TOWN_LOCALES.items():
        provider = importlib.import_module(f"faker.providers.address.{locale}").Provider
        cities = {city.strip() for city in provider.cities}
        towns |= cities
        _write(f"towns_{lang}.txt", cities)
    # towns_extra.txt is compiled by hand (Norwegian, Icelandic and more Swedish towns); read, not written.
    towns |= set((DATA / "towns_extra.txt").read_text(encoding="utf-8").splitlines())
    stop_words = set()
    for lang in SPACY_STOP_WORDS:
        stop_words |= importlib.import_module(f"spacy.lang.{lang}.stop_words").STOP_WORDS
    everyday = {name for name in first_names if name.lower() in stop_words or name in towns}
    everyday |= set(EVERYDAY_WORD_NAMES)
    _write("name_words.txt", everyday)
    print(f"from Faker {faker.VERSION}")


if __name__ == "__main__":
    main()
