"""Recognizers compiled to polars expressions, for the vectorised engine (scanner/vectorised.py).

A compiled check is the recognizer's `check` for texts that one of its patterns matched whole (the
cell is the match): it takes the column of such texts and gives, per text, the Verdict `check`
gives, as a struct of valid, entity, score, reasons and flags. Patterns, context words, scores,
weights and numbering plans stay declared on the recognizers; the engine derives the rest.

COMPILED is the one list: a recognizer that is not in it (or is taken out of it, should its
compiled check drift from its `check` after a change) is analysed by Presidio in Python, value by
value, as before. tests/test_vectorised_equivalence.py holds every entry equal to its recognizer.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import polars as pl

from recognizers.bank_accounts import NoBankAccountRecognizer, NordicIbanRecognizer
from recognizers.business_ids import (
    DkCvrRecognizer,
    FiYtunnusRecognizer,
    IsKennitalaOrgRecognizer,
    NoOrgnrRecognizer,
    SeOrgnrRecognizer,
    VatNumberRecognizer,
)
from recognizers.national_ids.dk_cpr import DkCprRecognizer
from recognizers.national_ids.fi_hetu import FiHetuRecognizer
from recognizers.national_ids.is_kennitala import IsKennitalaRecognizer
from recognizers.national_ids.no_fodselsnummer import NoFodselsnummerRecognizer
from recognizers.national_ids.se_personnummer import SePersonnummerRecognizer
from recognizers.network import EmailAddressRecognizer, IpAddressRecognizer
from recognizers.passports import NordicPassportRecognizer
from recognizers.payment_cards import PaymentCardRecognizer
from recognizers.phones import NordicPhoneRecognizer
from recognizers.vectorised import accounts, business_ids, cards, national_ids, network, phones

CompiledCheck = Callable[[pl.DataFrame, datetime.date], pl.DataFrame]

COMPILED: dict[type, CompiledCheck] = {
    NoFodselsnummerRecognizer: national_ids.fodselsnummer_verdicts,
    SePersonnummerRecognizer: national_ids.personnummer_verdicts,
    DkCprRecognizer: national_ids.cpr_verdicts,
    FiHetuRecognizer: national_ids.hetu_verdicts,
    IsKennitalaRecognizer: national_ids.kennitala_verdicts,
    NordicPhoneRecognizer: phones.phone_verdicts,
    NoBankAccountRecognizer: accounts.kontonummer_verdicts,
    SeOrgnrRecognizer: accounts.se_orgnr_verdicts,
    EmailAddressRecognizer: network.email_verdicts,
    IpAddressRecognizer: network.ip_verdicts,
    PaymentCardRecognizer: cards.card_verdicts,
    NordicIbanRecognizer: accounts.iban_verdicts,
    NoOrgnrRecognizer: business_ids.no_orgnr_verdicts,
    DkCvrRecognizer: business_ids.dk_cvr_verdicts,
    FiYtunnusRecognizer: business_ids.fi_ytunnus_verdicts,
    IsKennitalaOrgRecognizer: business_ids.is_kennitala_org_verdicts,
    VatNumberRecognizer: business_ids.vat_verdicts,
    NordicPassportRecognizer: business_ids.passport_verdicts,
}
