"""The benchmark data: the labelled corpus and the generated exports are deterministic and say the truth
about what they planted."""

import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from random import Random

import phonenumbers
import polars as pl
import pytest
from stdnum import iban, luhn
from stdnum.dk import cpr, cvr
from stdnum.fi import hetu, ytunnus
from stdnum.is_ import kennitala
from stdnum.no import fodselsnummer, kontonr
from stdnum.no import orgnr as no_orgnr
from stdnum.se import orgnr as se_orgnr
from stdnum.se import personnummer

from benchmarks.corpus import COLUMNS, Item, build_corpus
from benchmarks.generate_exports import CALL_COLUMNS, CALLS_FILE, CRM_COLUMNS, CRM_FILE, LABELS_FILE, generate
from benchmarks.precision_recall import Prediction, score
from benchmarks.synthetic import national_ids
from benchmarks.synthetic.notes import DECOY_TEMPLATES, LANGUAGES, TEMPLATES, Label, decoy_kind, fill
from recognizers.entities import category_of
from recognizers.national_ids import no_fodselsnummer, se_personnummer


def _nordic_phone(text: str) -> bool:
    for region in ("NO", "SE", "DK", "FI", "IS"):
        try:
            if phonenumbers.is_valid_number(phonenumbers.parse(text, region)):
                return True
        except phonenumbers.NumberParseException:
            continue
    return False


def _kennitala_is_valid(text: str) -> bool:
    """python-stdnum's kennitala strips hyphens only; the written form "DDMMYY RRCM" is compacted first."""
    return kennitala.is_valid(text.replace(" ", ""))


def _entity_from_own_validate(validate: Callable, entity: str) -> Callable[[str], bool]:
    """For identifiers python-stdnum rejects (FH-nummer, samordningsnummer): ccscan's own rule."""
    return lambda text: validate(text).entity == entity


# python-stdnum where it is right for the type; ccscan's own validation where stdnum has a gap.
PERSONAL_CHECKS: dict[str, Callable[[str], bool]] = {
    "NO_FODSELSNUMMER": fodselsnummer.is_valid,
    "NO_D_NUMMER": fodselsnummer.is_valid,
    "NO_H_NUMMER": fodselsnummer.is_valid,
    "NO_FH_NUMMER": _entity_from_own_validate(no_fodselsnummer.validate, "NO_FH_NUMMER"),
    "SE_PERSONNUMMER": personnummer.is_valid,
    "SE_SAMORDNINGSNUMMER": _entity_from_own_validate(se_personnummer.validate, "SE_SAMORDNINGSNUMMER"),
    "DK_CPR": cpr.is_valid,
    "FI_HETU": lambda text: hetu.is_valid(text, allow_temporary=True),
    "IS_KENNITALA": lambda text: _kennitala_is_valid(text),
    "PHONE_NUMBER": _nordic_phone,
    "EMAIL_ADDRESS": lambda text: re.fullmatch(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", text) is not None,
    "IBAN_CODE": iban.is_valid,
    "NO_BANK_ACCOUNT": kontonr.is_valid,
    "CREDIT_CARD": lambda text: luhn.is_valid(re.sub(r"[ -]", "", text)),
    "NO_ORGNR": no_orgnr.is_valid,
    "SE_ORGNR": se_orgnr.is_valid,
    "DK_CVR": cvr.is_valid,
    "FI_YTUNNUS": ytunnus.is_valid,
    "IS_KENNITALA_ORG": kennitala.is_valid,
}
DECOY_SHAPES: dict[str, str] = {
    "order_no": r"[1-9]\d{7,11}",
    "invoice_no": r"[1-9]\d{7,9}",
    "customer_no": r"[1-9]\d{7,11}",
    "call_ref": r"\d{10}",
    "call_ref_long": r"20\d{10}",
    "amount": r"(?:[A-Z]{3} )?[\d .]+,\d\d(?: (?:kr\.?|€))?",
    "uuid": r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}",
    "epoch": r"1\d{9}(?:\d{3})?",
    "date": r"\d{2}[.-]\d{2}[.-]\d{4}|\d{4}-\d{2}-\d{2}",
    "time": r"\d{2}[:.]\d{2}",
    "product_code": r"SKU-\d{5}-[A-Z]|ART \d{7}|P-\d{5}|[A-Z]\d{3}-\d{4}",
    "postcode": r"\d{3,5}|\d{3} \d{2}",
    "case_id": r"CS-20\d\d-\d{6}|INC\d{7}|#\d{5,6}",
}


@pytest.fixture(scope="module")
def corpus():
    return build_corpus(seed=11, size=1200)


def test_the_same_seed_builds_the_same_corpus_and_another_seed_another(corpus):
    assert build_corpus(seed=11, size=1200) == corpus
    assert build_corpus(seed=12, size=1200) != corpus


def test_every_language_has_a_dozen_note_templates_and_decoy_templates():
    every_language = dict.fromkeys(LANGUAGES, True)
    assert {language: len(TEMPLATES[language]) >= 12 for language in LANGUAGES} == every_language
    assert {language: len(DECOY_TEMPLATES[language]) >= 8 for language in LANGUAGES} == every_language


def test_corpus_has_notes_in_every_language_and_cells_of_every_column(corpus):
    sources = {item.source for item in corpus}
    assert {f"note:{language}" for language in LANGUAGES} | {f"column:{c.header}" for c in COLUMNS} == sources


def test_every_label_span_is_exactly_a_valid_planted_value(corpus):
    wrong = []
    for item in corpus:
        for label in item.labels:
            value = item.text[label.start : label.end]
            kind = decoy_kind(label.entity_type)
            valid = (
                re.fullmatch(DECOY_SHAPES[kind], value) is not None
                if kind
                else PERSONAL_CHECKS[label.entity_type](value)
            )
            before, after = item.text[label.start - 1 : label.start], item.text[label.end : label.end + 1]
            if not valid or before.isalnum() or after.isalnum():
                wrong.append((item.text, label))
    assert wrong == []
    assert sum(len(item.labels) for item in corpus) > 1200


def test_decoy_columns_hold_only_decoys_and_personal_columns_only_personal_data(corpus):
    decoy_headers = {column.header for column in COLUMNS if column.is_decoy}
    mislabelled = [
        item.header
        for item in corpus
        if item.source.startswith("column:")
        for label in item.labels
        if (decoy_kind(label.entity_type) is not None) != (item.header in decoy_headers)
    ]
    assert mislabelled == []


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("exports")
    generate(out, rows=600, seed=5)
    return out


def test_exports_have_the_requested_rows_and_columns(exports):
    crm = pl.read_csv(exports / CRM_FILE, infer_schema=False, separator=";")
    calls = pl.read_csv(exports / CALLS_FILE, infer_schema=False, separator=",")
    assert (crm.height, tuple(crm.columns)) == (600, CRM_COLUMNS)
    assert (calls.height, tuple(calls.columns)) == (600, CALL_COLUMNS)


def test_crm_export_starts_with_a_utf8_bom_and_call_records_do_not(exports):
    assert (exports / CRM_FILE).read_bytes()[:3] == b"\xef\xbb\xbf"
    assert (exports / CALLS_FILE).read_bytes()[:4] == b"call"


def test_the_same_seed_writes_the_same_bytes(exports, tmp_path):
    generate(tmp_path, rows=600, seed=5)
    assert [
        (tmp_path / name).read_bytes() == (exports / name).read_bytes()
        for name in (CRM_FILE, CALLS_FILE, LABELS_FILE)
    ] == [True, True, True]


def test_planted_finnish_and_icelandic_ids_validate_with_python_stdnum(exports):
    crm = pl.read_csv(exports / CRM_FILE, infer_schema=False, separator=";")
    finnish = crm.filter(pl.col("country") == "FI")["national_id"].to_list()
    icelandic = crm.filter(pl.col("country") == "IS")["national_id"].to_list()
    assert len(finnish) > 20 and len(icelandic) > 5
    assert [v for v in finnish if not hetu.is_valid(v, allow_temporary=True)] == []
    assert [v for v in icelandic if not _kennitala_is_valid(v)] == []


def test_about_one_call_in_five_carries_a_national_id_and_labels_count_them(exports):
    calls = pl.read_csv(exports / CALLS_FILE, infer_schema=False, separator=",")
    with_id = calls["customer_national_id"].drop_nulls().len()
    labels = json.loads((exports / LABELS_FILE).read_text(encoding="utf-8"))["columns"]
    assert 0.14 < with_id / 600 < 0.26
    assert sum(labels[CALLS_FILE]["customer_national_id"].values()) == with_id
    assert sum(labels[CRM_FILE]["national_id"].values()) == 600


def test_cell_labels_count_each_labelled_note_once_and_every_whole_cell_value(exports):
    written = json.loads((exports / LABELS_FILE).read_text(encoding="utf-8"))
    values, cells = written["columns"], written["cells"]
    crm = pl.read_csv(exports / CRM_FILE, infer_schema=False, separator=";")
    assert cells[CRM_FILE]["phone"] == values[CRM_FILE]["phone"] == {"PHONE_NUMBER": 600}
    assert sum(cells[CRM_FILE]["national_id"].values()) == 600
    # every note with a planted value is one cell, whatever it holds; notes hold more values than cells
    note_cells = sum(cells[CRM_FILE]["notes"].values())
    assert 0 < note_cells <= crm["notes"].drop_nulls().len()
    assert sum(values[CRM_FILE]["notes"].values()) > note_cells
    planted_types = {kind for type_set in cells[CRM_FILE]["notes"] for kind in type_set.split("+")}
    assert planted_types == set(values[CRM_FILE]["notes"])


def test_name_columns_and_street_addresses_are_labelled_and_postcodes_are_not(exports):
    labels = json.loads((exports / LABELS_FILE).read_text(encoding="utf-8"))["columns"]
    assert labels[CRM_FILE]["first_name"] == labels[CRM_FILE]["last_name"] == {"PERSON": 600}
    assert labels[CRM_FILE]["address"] == {"NORDIC_ADDRESS": 600}
    assert labels[CALLS_FILE]["agent_name"] == {"EMPLOYEE_NAME": 600}
    assert "postcode" not in labels[CRM_FILE] and "city" not in labels[CRM_FILE]


def test_protected_columns_look_hashed_and_encrypted(exports):
    crm = pl.read_csv(exports / CRM_FILE, infer_schema=False, separator=";")
    assert crm["hashed_phone"].str.contains(r"^[0-9a-f]{64}$").all()
    assert crm["national_id_encrypted"].str.starts_with("gAAAAA").all()


def test_a_call_record_row_is_about_280_bytes(exports):
    size = (exports / CALLS_FILE).stat().st_size
    assert 250 < size / 600 < 310


def test_a_prediction_counts_as_true_positive_on_a_label_of_its_category_and_false_on_a_decoy():
    text, labels = fill("kt. {id}, ordre {call_ref}", Random(4), "IS")
    (id_start, id_end, _), (ref_start, ref_end, _) = labels
    item = Item(text, "notat", tuple(labels), "note:is")
    predictions = [
        Prediction(id_start, id_end, "DK_CPR", 0.9),
        Prediction(ref_start, ref_end, "SE_PERSONNUMMER", 0.9),
        Prediction(ref_start, ref_end, "PHONE_NUMBER", 0.4),  # below the threshold: not counted
    ]
    scores = score([item], [predictions], category_of, threshold=0.5)
    national_id = scores.by_category["NATIONAL_ID"]
    assert (national_id.matched, national_id.predictions, national_id.labels) == (1, 2, 1)
    assert scores.by_type["IS_KENNITALA"].found == 1
    assert scores.decoys["call_ref"] == Counter({"values": 1, "NATIONAL_ID": 1})


def test_national_id_labels_split_into_bare_digits_without_a_context_word_and_the_rest():
    number, entity = national_ids.fodselsnummer(Random(5), "compact"), "NO_FODSELSNUMMER"
    items = [
        Item(f"{prefix}{number} ringte.", header, (Label(len(prefix), len(prefix) + 11, entity),), "")
        for prefix, header in (("Kunde ", "notat"), ("Kunde ", "fnr"), ("Kunde fnr ", "notat"))
    ]
    found = [Prediction(*items[2].labels[0][:2], entity, 0.9)]
    scores = score(items, [[], [], found], category_of, threshold=0.5)
    bare, other = scores.bare_national_ids[entity], scores.other_national_ids[entity]
    assert (bare.labels, bare.found, other.labels, other.found) == (1, 0, 2, 1)
