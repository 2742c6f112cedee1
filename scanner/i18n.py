"""Reports in the reader's language: gettext catalogues, one per language, read at run time.

The catalogues are `scanner/locale/<lang>/LC_MESSAGES/ccscan.po`, plain gettext PO files a translator
edits without touching code (`tools/update_catalogues.py` adds new message ids to them). They are read
with Babel and compiled in memory on first use, so a plain `pip install .` needs no build step. English
is the source language: its messages are the ids themselves. A message a catalogue lacks is shown in
English, never left out. The JSON and SARIF reports stay English (their field names are an interface).
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable
from functools import cache
from importlib import resources

import click
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from rules.retention import Age
from rules.wording import N_, Translate

__all__ = ["N_", "Translate"]  # the marker and the translator type live with the rules' sentences

LANGUAGES: tuple[str, ...] = ("en", "nb", "sv", "da", "fi")
DEFAULT_LANGUAGE = "en"
DOMAIN = "ccscan"


def catalogue_path(lang: str) -> resources.abc.Traversable:
    return resources.files("scanner").joinpath("locale", lang, "LC_MESSAGES", f"{DOMAIN}.po")


@cache
def translations(lang: str = DEFAULT_LANGUAGE) -> gettext.NullTranslations:
    """The messages of `lang`; English (the ids themselves) for `en` or a language without a catalogue.
    Raises ValueError for a language ccscan does not ship."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r} (expected one of {', '.join(LANGUAGES)})")
    path = catalogue_path(lang)
    if lang == DEFAULT_LANGUAGE or not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as po:
        catalogue = read_po(po, locale=lang.replace("nb", "nb_NO"), domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def translator(lang: str | None) -> Callable[..., str]:
    """`_` for one language: `_("Findings")`, `_("{count} rows", count=3)` (formatted after lookup)."""
    lookup = translations(lang or DEFAULT_LANGUAGE).gettext

    def _(message: str, **values: object) -> str:
        text = lookup(message)
        return text.format(**values) if values else text

    return _


ENGLISH = translator(DEFAULT_LANGUAGE)


def report_language(report: dict) -> str:
    """The language a report document asks its renderings in (`config.lang`), English by default."""
    return (report.get("config") or {}).get("lang") or DEFAULT_LANGUAGE


def age_words(lang: str | None) -> Callable[[Age], str]:
    """`12 months` in `lang`: the words a retention rule's title and rationale put its numbers in."""
    _ = translator(lang)
    units = {
        "d": (N_("{amount} day"), N_("{amount} days")),
        "w": (N_("{amount} week"), N_("{amount} weeks")),
        "m": (N_("{amount} month"), N_("{amount} months")),
        "y": (N_("{amount} year"), N_("{amount} years")),
    }

    def words(age: Age) -> str:
        one, many = units[age.unit]
        return _(one if age.amount == 1 else many, amount=age.amount)

    return words


def lang_option(help: str) -> Callable:
    """`--lang` (and CCSCAN_LANG) as every command that writes for a reader takes it."""
    return click.option(
        "--lang",
        type=click.Choice(LANGUAGES),
        default=DEFAULT_LANGUAGE,
        show_default=True,
        envvar="CCSCAN_LANG",
        help=help,
    )
