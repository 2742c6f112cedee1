"""Reports in the reader's language (--lang): catalogues complete, English unchanged, JSON stays English."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner
from report_samples import scan

from rules.policy import load_policy, parse_policy
from rules.wording import english
from scanner.classify import POSSIBLE_NO_WORD, POSSIBLE_TOO_FEW
from scanner.cli import main
from scanner.i18n import LANGUAGES, catalogue_path, translations, translator
from scanner.reports import render
from scanner.reports.describe import possible_reason, protection_text, rule_summary
from scanner.terminal import print_summary
from tools.update_catalogues import message_ids

COMPLETE = ("nb", "sv", "da", "fi")  # every shipped catalogue translates every message


def _catalogue(lang: str):
    with catalogue_path(lang).open("rb") as po:
        return read_po(po, locale=lang.replace("nb", "nb_NO"))


@pytest.mark.parametrize("lang", COMPLETE)
def test_every_message_is_translated_in_the_complete_catalogues(lang):
    catalogue = _catalogue(lang)
    missing = [
        message for message in message_ids() if not (catalogue.get(message) and catalogue[message].string)
    ]
    assert missing == []


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_translations_keep_every_placeholder_of_their_message(lang):
    placeholder = re.compile(r"\{[a-z_]+\}")
    broken = [
        message.id
        for message in _catalogue(lang)
        if message.id
        and message.string
        and sorted(placeholder.findall(message.id)) != sorted(placeholder.findall(message.string))
    ]
    assert broken == []


@pytest.fixture(scope="module")
def norwegian(tmp_path_factory) -> dict:
    _, report = scan(tmp_path_factory.mktemp("nb"), "--lang", "nb")
    return report


def test_the_summary_speaks_norwegian(norwegian):
    out = io.StringIO()
    print_summary(norwegian, ["r.html"], out)
    lines = out.getvalue().strip().splitlines()
    assert lines[0] == "2 høy, 2 middels, 1 lav: feiler med --fail-on high"
    assert lines[1].startswith("ccscan: 1 fil(er), 1 tabell(er), 3 rader, 6 kolonner")
    assert lines[3].split()[:3] == ["regel", "tittel", "alvorlighet"]
    assert "Fødselsnumre lagret i klartekst" in out.getvalue()
    assert lines[-1] == "rapport: r.html"


def test_markdown_and_html_speak_the_reports_language_and_json_stays_english(norwegian):
    policy = load_policy(())
    markdown = render("markdown", norwegian, policy)
    assert markdown.startswith("### ccscan: 5 funn (2 høy, 2 middels, 1 lav)")
    assert "<summary>Hva du bør gjøre</summary>" in markdown
    page = render("html", norwegian, policy)
    assert '<html lang="nb">' in page and "<h2>Oversikt</h2>" in page and "<h2>Datainventar</h2>" in page
    assert "Hvorfor det betyr noe" in page and "Tiltak" in page
    swedish = {**norwegian, "config": {**norwegian["config"], "lang": "sv"}}
    assert "<h2>Översikt</h2>" in render("html", swedish, policy)
    english = {**norwegian, "config": {**norwegian["config"], "lang": "en"}}
    assert "<h2>Overview</h2>" in render("html", english, policy)
    document = json.loads(render("json", norwegian, policy))
    assert {"findings", "files", "summary"} <= document.keys()
    assert document["findings"][0]["message"].startswith("National identity numbers stored in plain text")
    sarif = render("sarif", norwegian, policy)
    assert "Fødselsnumre" not in sarif


def test_a_rule_overridden_to_6_months_is_titled_in_words_of_the_language():
    policy = parse_policy("retention: [{id: CC-RET-LEAD, max_age: 6m}]", "site.yaml")
    assert (
        rule_summary(policy, "CC-RET-LEAD", "nb").title
        == "Potensielle kunder som ikke er kontaktet på 6 måneder"
    )
    assert rule_summary(policy, "CC-RET-LEAD", "sv").title == "Leads som inte kontaktats på 6 månader"
    assert rule_summary(policy, "CC-RET-LEAD", "nb").rationale.startswith(
        "Forfalt etter 6 måneder uten kontakt, høy etter 36 måneder."
    )
    default = rule_summary(load_policy(()), "CC-RET-CDR", "sv")
    assert default.rationale.startswith(
        "Standardvärde att se över: förfallna efter 24 månader, hög efter 5 år."
    )
    assert rule_summary(policy, "CC-RET-LEAD", "en").title == "Leads not contacted for 6 months"


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


@pytest.fixture(scope="module")
def samples_in_norwegian(tmp_path_factory) -> dict:
    """The bundled samples: plain, hashed (reversible), encrypted columns and `possible` readings."""
    report_path = tmp_path_factory.mktemp("samples-nb") / "report.json"
    samples = Path(__file__).resolve().parents[1] / "scanner" / "samples"
    result = CliRunner().invoke(
        main, ["scan", str(samples), "-o", str(report_path), "--quiet", "--lang", "nb"]
    )
    assert result.exit_code == 1, result.output
    return json.loads(report_path.read_text(encoding="utf-8"))


def test_the_protection_sentence_built_again_from_the_reports_counts_is_the_recorded_one(
    samples_in_norwegian,
):
    """The reports translate a protection verdict by building its sentence again from the counts the JSON
    records: in English that must give the JSON's own `wording`, for every column and every verdict."""
    columns = [column for entry in samples_in_norwegian["files"] for column in entry["columns"]]
    judged = [column for column in columns if column.get("protection")]
    assert {column["protection"]["verdict"] for column in judged} >= {
        "plaintext",
        "hashed",
        "ciphertext",
        "none",
    }
    assert any(column["protection"].get("reversible") for column in judged)
    for column in judged:
        protection = column["protection"]
        assert protection_text(column) == f"{protection['verdict']} — {protection['wording']}"


def test_protection_sentences_and_possible_readings_speak_the_reports_language(samples_in_norwegian):
    policy = load_policy(())
    possible = [
        item
        for entry in samples_in_norwegian["files"]
        for c in entry["columns"]
        for item in c.get("possible", ())
    ]
    assert possible, "the samples hold readings without evidence"
    english = (
        "personal data in plain text",
        "no plaintext personal data",
        "pseudonymised, reversible",
        "look like",
        "no context word",
        "passes the",
        "Possible:",
        "not findings",
        "(e.g.",
    )
    for name in ("html", "markdown"):
        page = render(name, samples_in_norwegian, policy)
        assert [phrase for phrase in english if phrase in page] == [], name
    page = render("html", samples_in_norwegian, policy)
    assert (
        "personopplysninger i klartekst i" in page and "usaltede SHA-256-sjekksummer av telefonnumre" in page
    )
    assert "består CPR mod 11-kontrollen; intet kontekstord, kolonneord eller skilletegn" in page
    markdown = render("markdown", samples_in_norwegian, policy)
    assert f"<summary>Mulige: {len(possible)} treff, ikke funn</summary>" in markdown


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_every_possible_reason_is_translated_with_its_check(lang):
    _ = translator(lang)
    for check in ("CPR mod 11 check", "Luhn check"):
        for reason in (
            english(POSSIBLE_NO_WORD, check=check),
            english(POSSIBLE_TOO_FEW, passing=3, candidates=12, digits=10, check=check, minimum=20),
        ):
            translated = possible_reason(reason, _)
            assert translated != reason and _(check) in translated
            assert possible_reason(reason) == reason  # English: as recorded
