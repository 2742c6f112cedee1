"""The default recognizer set: Nordic identifiers, phones, accounts, cards, business ids, email, IP,
names, addresses, dates of birth and special-category words.

Presidio's US-only recognizers (driver licence, bank number, ITIN, passport, SSN) are left out: on
contact-center exports they flag timestamps and order numbers. The list is never empty: Presidio would
load its predefined recognizers into an empty registry.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from recognizers.addresses import NordicAddressRecognizer
from recognizers.bank_accounts import NoBankAccountRecognizer, NordicIbanRecognizer
from recognizers.birth_dates import DateOfBirthRecognizer
from recognizers.business_ids import (
    DkCvrRecognizer,
    FiYtunnusRecognizer,
    IsKennitalaOrgRecognizer,
    NoOrgnrRecognizer,
    SeOrgnrRecognizer,
)
from recognizers.names import PersonNameRecognizer
from recognizers.national_ids.dk_cpr import DkCprRecognizer
from recognizers.national_ids.fi_hetu import FiHetuRecognizer
from recognizers.national_ids.is_kennitala import IsKennitalaRecognizer
from recognizers.national_ids.no_fodselsnummer import NoFodselsnummerRecognizer
from recognizers.national_ids.se_personnummer import SePersonnummerRecognizer
from recognizers.network import EmailAddressRecognizer, IpAddressRecognizer
from recognizers.passports import NordicPassportRecognizer
from recognizers.payment_cards import PaymentCardRecognizer
from recognizers.phones import NordicPhoneRecognizer
from recognizers.special_categories import SpecialCategoryRecognizer

DEFAULT_RECOGNIZER_CLASSES: tuple[type[EntityRecognizer], ...] = (
    NoFodselsnummerRecognizer,
    SePersonnummerRecognizer,
    DkCprRecognizer,
    FiHetuRecognizer,
    IsKennitalaRecognizer,
    NordicPhoneRecognizer,
    EmailAddressRecognizer,
    IpAddressRecognizer,
    PaymentCardRecognizer,
    NoBankAccountRecognizer,
    NordicIbanRecognizer,
    NoOrgnrRecognizer,
    SeOrgnrRecognizer,
    DkCvrRecognizer,
    FiYtunnusRecognizer,
    IsKennitalaOrgRecognizer,
    NordicPassportRecognizer,
    PersonNameRecognizer,
    NordicAddressRecognizer,
    DateOfBirthRecognizer,
    SpecialCategoryRecognizer,
)


def default_recognizers() -> list[EntityRecognizer]:
    """Fresh instances of every recognizer ccscan scans with by default."""
    return [recognizer_class() for recognizer_class in DEFAULT_RECOGNIZER_CLASSES]
