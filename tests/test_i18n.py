"""Reports in the reader's language (--lang): catalogues complete, English unchanged, JSON stays English."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po
from report_samples import scan

from scanner.i18n import LANGUAGES, catalogue_path, translations, translator

COMPLETE = ("nb", "sv")  # catalogues that must translate every message


def _catalogue(lang: str):
    with catalogue_path(lang).open("rb") as po:
        return read_po(po, locale=lang.replace("nb", "nb_NO"))


def test_an_unknown_language_is_refused_and_english_is_the_ids():
    with pytest.raises(ValueError, match="unknown language 'de'"):
        translations("de")
    assert translator("en")("{count} rows", count=3) == f"{3} rows"
    assert set(LANGUAGES) == {"en", "nb", "sv", "da", "fi"}


def test_the_language_comes_from_the_option_the_environment_or_the_config_file(tmp_path, monkeypatch):
    _, report = scan(tmp_path, "--lang", "sv")
    assert report["config"]["lang"] == "sv"
    _, report = scan(tmp_path, env={"CCSCAN_LANG": "nb"})
    assert report["config"]["lang"] == "nb"
    (tmp_path / "ccscan.toml").write_text('lang = "da"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _, report = scan(tmp_path)
    assert report["config"]["lang"] == "da"
    result, _ = scan(tmp_path, "--lang", "de")
    assert result.exit_code == 2 and "--lang" in result.output
