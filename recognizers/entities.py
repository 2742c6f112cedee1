"""The categories ccscan reports entity types in, and the category of each type.

`type` in a report is the specific entity (for example `NO_FODSELSNUMMER`); `category` is one of
`CATEGORIES`, the coarse list that policy rules and report summaries work with. Each recognizer class
declares its types with their categories (`ENTITIES`, see `recognizers.base.DeclaredRecognizer`); the
registry checks the declarations when it is built (recognizers/registry.py), so that no type a scan
reports is left without one.
"""

from collections.abc import Mapping
from functools import cache

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


@cache
def _declared() -> Mapping[str, str]:
    """The registry's live mapping (classes declared later land in it), looked up once: the registry
    imports every recognizer module, which rules/ need not do to import CATEGORIES."""
    from recognizers.registry import declared_categories

    return declared_categories()


def category_of(entity_type: str) -> str:
    """The category a recognizer declares for `entity_type`; OTHER for a type no recognizer class
    loaded in this process declares (another tool's, as in the benchmarks)."""
    return _declared().get(entity_type, OTHER)
