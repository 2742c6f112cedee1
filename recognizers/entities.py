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
    # staff names (agents, case handlers): personal data of employees, reported apart from customers
    "EMPLOYEE_NAME": "PERSON",
    "NORDIC_ADDRESS": "ADDRESS",
    "POSTAL_CODE_TOWN": "ADDRESS",
    "DATE_OF_BIRTH": "DATE_OF_BIRTH",
    # GDPR Art. 9, one type per subcategory (recognizers/special_categories.py)
    "SPECIAL_CATEGORY_HEALTH": "SPECIAL_CATEGORY",
    "SPECIAL_CATEGORY_RELIGION": "SPECIAL_CATEGORY",
    "SPECIAL_CATEGORY_ETHNIC_ORIGIN": "SPECIAL_CATEGORY",
    "SPECIAL_CATEGORY_TRADE_UNION": "SPECIAL_CATEGORY",
    "SPECIAL_CATEGORY_SEXUAL_ORIENTATION": "SPECIAL_CATEGORY",
    "SPECIAL_CATEGORY_POLITICAL_OPINION": "SPECIAL_CATEGORY",
    "SPECIAL_CATEGORY_BIOMETRIC": "SPECIAL_CATEGORY",
    "SPECIAL_CATEGORY_GENETIC": "SPECIAL_CATEGORY",
}


def category_of(entity_type: str) -> str:
    """The report category of an entity type; unknown types are OTHER."""
    return ENTITY_CATEGORY.get(entity_type, "OTHER")
