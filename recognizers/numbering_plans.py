"""The numbering plans of the Nordic calling codes, compiled once from phonenumbers' metadata.

`phonenumbers.number_type` takes the same steps on every call: it picks the region of a shared calling
code (+47 is Norway and Svalbard, +358 Finland and Åland), then tries each number type's pattern in a
fixed order, looking every pattern up by its text (about 50 µs a number). `NumberingPlan.kind` takes
those steps with the patterns compiled up front and gives the same answer
(tests/test_numbering_plans.py compares the two on every kind of number and on random digits).

The tables are phonenumbers' own metadata, so a new phonenumbers release brings its plan changes here;
they are also regexes a whole-column engine can run.

>>> NUMBERING_PLANS["47"].kind("91234567")
'mobile'
>>> NUMBERING_PLANS["47"].kind("12345678") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from phonenumbers import COUNTRY_CODE_TO_REGION_CODE, PhoneMetadata, PhoneNumberType

# The calling codes of the five countries (and the territories that share them).
NORDIC_CALLING_CODES: tuple[int, ...] = (47, 46, 45, 358, 354)

# phonenumbers' _number_type_helper order: the special types first, fixed line and mobile last; each
# name is both the metadata attribute and the kind reported.
SPECIAL_TYPES: tuple[str, ...] = (
    "premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager", "uan", "voicemail",
)


def kind_name(phone_type: int) -> str:
    """'mobile', 'fixed_line', 'fixed_line_or_mobile', 'toll_free' … from phonenumbers' type."""
    return PhoneNumberType.to_string(phone_type).lower()


@dataclass(frozen=True)
class NumberDesc:
    """One number type of one region: its possible lengths (empty: any) and its pattern, compiled."""

    lengths: frozenset[int]
    pattern: re.Pattern[str] | None

    @classmethod
    def of(cls, desc: object) -> NumberDesc:
        text = getattr(desc, "national_number_pattern", None) if desc is not None else None
        lengths = frozenset(getattr(desc, "possible_length", None) or ()) if desc is not None else frozenset()
        return cls(lengths, re.compile(text) if text else None)

    def matches(self, nsn: str) -> bool:
        """phonenumbers' _is_number_matching_desc: the length is possible and the pattern matches whole."""
        if self.pattern is None or (self.lengths and len(nsn) not in self.lengths):
            return False
        return self.pattern.fullmatch(nsn) is not None


@dataclass(frozen=True)
class RegionPlan:
    """The number types of one region, in the order phonenumbers tries them."""

    region: str
    leading_digits: re.Pattern[str] | None
    general: NumberDesc
    special: tuple[tuple[str, NumberDesc], ...]
    fixed_line: NumberDesc
    mobile: NumberDesc
    same_mobile_and_fixed_line: bool

    @classmethod
    def of(cls, region: str) -> RegionPlan | None:
        metadata = PhoneMetadata.metadata_for_region(region, None)
        if metadata is None:
            return None
        return cls(
            region=region,
            leading_digits=re.compile(metadata.leading_digits) if metadata.leading_digits is not None else None,
            general=NumberDesc.of(metadata.general_desc),
            special=tuple((name, NumberDesc.of(getattr(metadata, name))) for name in SPECIAL_TYPES),
            fixed_line=NumberDesc.of(metadata.fixed_line),
            mobile=NumberDesc.of(metadata.mobile),
            same_mobile_and_fixed_line=bool(metadata.same_mobile_and_fixed_line_pattern),
        )

    def kind(self, nsn: str) -> str | None:
        """phonenumbers' _number_type_helper, by name; None for UNKNOWN."""
        if not self.general.matches(nsn):
            return None
        for name, desc in self.special:
            if desc.matches(nsn):
                return name
        if self.fixed_line.matches(nsn):
            if self.same_mobile_and_fixed_line or self.mobile.matches(nsn):
                return "fixed_line_or_mobile"
            return "fixed_line"
        if not self.same_mobile_and_fixed_line and self.mobile.matches(nsn):
            return "mobile"
        return None


@dataclass(frozen=True)
class NumberingPlan:
    """The regions of one calling code, in phonenumbers' order (the main country first)."""

    calling_code: int
    regions: tuple[RegionPlan, ...]

    @classmethod
    def of(cls, calling_code: int) -> NumberingPlan:
        # every region of the five codes has metadata, so this list is phonenumbers' own list (whose
        # length region_code_for_number looks at)
        plans = (RegionPlan.of(region) for region in COUNTRY_CODE_TO_REGION_CODE.get(calling_code, ()))
        return cls(calling_code, tuple(plan for plan in plans if plan is not None))

    def region_for(self, nsn: str) -> RegionPlan | None:
        """phonenumbers' region_code_for_number: the only region, or the first whose leading digits
        match (or, without leading digits, that holds the number)."""
        if len(self.regions) == 1:
            return self.regions[0]
        for plan in self.regions:
            if plan.leading_digits is not None:
                if plan.leading_digits.match(nsn):
                    return plan
            elif plan.kind(nsn) is not None:
                return plan
        return None

    def kind(self, nsn: str) -> str | None:
        """The type phonenumbers.number_type gives the number `nsn` (ASCII digits, no leading 0) under this
        calling code, by name ('mobile', 'fixed_line' …); None when it is not a valid number."""
        plan = self.region_for(nsn)
        return plan.kind(nsn) if plan is not None else None


NUMBERING_PLANS: dict[str, NumberingPlan] = {str(code): NumberingPlan.of(code) for code in NORDIC_CALLING_CODES}
