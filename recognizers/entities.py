"""The categories ccscan reports entity types in, and the category of each type.

`type` in a report is the specific entity (for example `NO_FODSELSNUMMER`); `category` is one of
`CATEGORIES`, the coarse list that policy rules and report summaries work with. Each recognizer class
declares its types with their categories (`ENTITIES`, see `recognizers.base.DeclaredRecognizer`); the
registry checks the declarations when it is built (recognizers/registry.py), so that no type a scan
reports is left without one.
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
OTHER = "OTHER"


def category_of(entity_type: str) -> str:
    """The category a recognizer declares for `entity_type`; OTHER for a type no recognizer class
    loaded in this process declares (another tool's, as in the benchmarks)."""
    from recognizers.registry import declared_categories  # the registry imports every recognizer

    return declared_categories().get(entity_type, OTHER)
