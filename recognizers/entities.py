"""Entity types ccscan reports and the fixed category each belongs to.

`type` in a report is the specific entity (for example `NO_FODSELSNUMMER`); `category` is one of
`CATEGORIES`, the coarse list that policy rules and report summaries work with.
"""

CATEGORIES: tuple[str, ...] = (
    "NATIONAL_ID",
    "PHONE",
    "EMAIL",
    "PAYMENT_CARD",
    "BANK_ACCOUNT",
    "PERSON",
    "ADDRESS",
    "DATE_OF_BIRTH",
    "IP_ADDRESS",
    "BUSINESS_ID",
    "SPECIAL_CATEGORY",
    "OTHER",
)

ENTITY_CATEGORY: dict[str, str] = {
    # national identity numbers
    "NO_FODSELSNUMMER": "NATIONAL_ID",
    "NO_D_NUMMER": "NATIONAL_ID",
    "NO_H_NUMMER": "NATIONAL_ID",
    "NO_FH_NUMMER": "NATIONAL_ID",
    "SE_PERSONNUMMER": "NATIONAL_ID",
    "SE_SAMORDNINGSNUMMER": "NATIONAL_ID",
    "DK_CPR": "NATIONAL_ID",
    "FI_HETU": "NATIONAL_ID",
    "IS_KENNITALA": "NATIONAL_ID",
    # identity documents: government identifiers of a person
    "SE_PASSPORT": "NATIONAL_ID",
    "DK_PASSPORT": "NATIONAL_ID",
    "FI_PASSPORT": "NATIONAL_ID",
    "PHONE_NUMBER": "PHONE",
    "EMAIL_ADDRESS": "EMAIL",
    "CREDIT_CARD": "PAYMENT_CARD",
    "IBAN_CODE": "BANK_ACCOUNT",
    "NO_BANK_ACCOUNT": "BANK_ACCOUNT",
    "IP_ADDRESS": "IP_ADDRESS",
    "NO_ORGNR": "BUSINESS_ID",
    "SE_ORGNR": "BUSINESS_ID",
    "DK_CVR": "BUSINESS_ID",
    "FI_YTUNNUS": "BUSINESS_ID",
    "IS_KENNITALA_ORG": "BUSINESS_ID",
    "PERSON": "PERSON",
}


def category_of(entity_type: str) -> str:
    """The report category of an entity type; unknown types are OTHER."""
    return ENTITY_CATEGORY.get(entity_type, "OTHER")
