"""Payment card numbers (CREDIT_CARD): 13-19 digits whose last digit is a Luhn check digit.

The first digits (the IIN) name the card scheme, and each scheme issues only some lengths: Visa 4… (13,
16, 19 digits), Mastercard 51-55 and 2221-2720 (16), American Express 34/37 (15), Discover, Diners,
JCB, UnionPay, Maestro, Dankort 5019, Mir, UATP 1… (15). Written plain or in groups (4-4-4-4, 4-4-4-4-3,
Amex 4-6-5, Diners 4-6-4, UATP 4-5-6) with spaces or hyphens. A number outside every IIN range, a number
of one repeated digit and a run like 4567 8901 2345 … are rejected. A random 16-digit reference fits an
IIN range about a third of the time and Luhn one time in ten (3.6 % pass both), so order words nearby
lower the score. Score 0.85. The schemes' published test numbers are flagged `test_identifier`.

A card is often written with what comes with it: its expiry ("… 12/27") or CVC ("… 123"), or a second
card ("… 1111 / 5555 …"). Those writings are matched whole and the check reports the card alone (its
span); a second card is reported too when it is valid.

>>> check_card("4111 1111 1111 1111").flags
{'brand': 'visa', 'test_identifier': True}
>>> check_card("4111 1111 1111 1112").valid
False
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from typing import ClassVar

from presidio_analyzer import Pattern

from recognizers.base import REJECT, CheckedPatternRecognizer, Verdict
from recognizers.candidates import rust_candidate
from recognizers.checksums import luhn_is_valid
from recognizers.national_ids import DECOY_WORDS

SCORE = 0.85

_ALL = tuple(range(13, 20))
_LONG = tuple(range(16, 20))
# (scheme, lowest IIN, highest IIN, lengths); an IIN is compared on as many digits as its bounds have.
IIN_RANGES: tuple[tuple[str, str, str, tuple[int, ...]], ...] = (
    ("visa", "4", "4", (13, 16, 19)),
    ("mastercard", "51", "55", (16,)),
    ("mastercard", "2221", "2720", (16,)),
    ("american_express", "34", "34", (15,)),
    ("american_express", "37", "37", (15,)),
    ("discover", "6011", "6011", _LONG),
    ("discover", "644", "649", _LONG),
    ("discover", "65", "65", _LONG),
    ("diners_club", "300", "305", (14, *_LONG)),
    ("diners_club", "36", "36", (14, *_LONG)),
    ("diners_club", "38", "39", _LONG),
    ("jcb", "3528", "3589", _LONG),
    ("unionpay", "62", "62", _LONG),
    ("dankort", "5019", "5019", (16,)),
    ("maestro", "5018", "5018", _ALL),
    ("maestro", "5020", "5020", _ALL),
    ("maestro", "5038", "5038", _ALL),
    ("maestro", "5893", "5893", _ALL),
    ("maestro", "6304", "6304", _ALL),
    ("maestro", "6759", "6759", _ALL),
    ("maestro", "6761", "6763", _ALL),
    ("mir", "2200", "2204", _LONG),
    ("uatp", "1", "1", (15,)),
)
# Published by the schemes and payment processors for testing; they appear in test data, not wallets.
TEST_NUMBERS: frozenset[str] = frozenset(
    {
        "4111111111111111",
        "4012888888881881",
        "4242424242424242",
        "4000056655665556",
        "5555555555554444",
        "5105105105105100",
        "2223003122003222",
        "378282246310005",
        "371449635398431",
        "6011111111111117",
        "3530111333300000",
        "36227206271667",
    }
)

# Not inside a word, not after "+" or "-", not continuing a number ("12 345", "1.5", "10:22").
_START = r"(?<![\w+\-])(?<!\d[ \u00a0.,:/])"
# Not followed by more of the number ("… 1234", ",50") or a hyphenated code ("-7", "-abcd").
_END = r"(?!\w|[ \u00a0.,:/]\d|-\w)"
_NON_DIGIT = re.compile(r"\D")
# A card number: plain, 4-4-4-4(-3), Amex 4-6-5 / Diners 4-6-4, UATP 4-5-6, one separator throughout.
CARD = (
    r"(?:\d{13,19}"
    r"|\d{4}(?P<sep>[ -])\d{4}(?P=sep)\d{4}(?P=sep)\d{1,4}(?:(?P=sep)\d{1,3})?"
    r"|\d{4}(?P<amex_sep>[ -])\d{6}(?P=amex_sep)\d{4,5}"
    r"|\d{4}(?P<uatp_sep>[ -])\d{5}(?P=uatp_sep)\d{6})"
)
# What follows a card in a note: its expiry ("12/27", "12/2027"), its CVC, or a second card, after a
# space, a slash or a comma (JOIN); at most two of them ("… 12/27 123").
JOIN = r"(?:[ \u00a0]*[/,][ \u00a0]*|[ \u00a0]+)"
_EXPIRY = r"(?:0[1-9]|1[0-2])/(?:\d\d){1,2}"
TRAILER = rf"(?:{_EXPIRY}|\d{{3,4}}|{CARD})(?:{JOIN}(?:{_EXPIRY}|\d{{3,4}}))?"
_CARD = re.compile(CARD)
_TRAILER_START = re.compile(JOIN)
# an expiry and/or a CVC of 3 digits (index False) or 4 (True, American Express)
CARD_TRAILERS = {
    amex: re.compile(rf"(?:{_EXPIRY}|\d{{{n}}})(?:{JOIN}(?:{_EXPIRY}|\d{{{n}}}))?")
    for amex, n in ((False, 3), (True, 4))
}


def card_scheme(digits: str) -> str | None:
    """The scheme whose IIN range and lengths fit `digits`, or None."""
    for scheme, lowest, highest, lengths in IIN_RANGES:
        if len(digits) in lengths and lowest <= digits[: len(lowest)] <= highest:
            return scheme
    return None


def _is_run(digits: str) -> bool:
    """One repeated digit, or every digit one more (or one less) than the one before, modulo 10."""
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(digits)}
    return steps in ({0}, {1}, {9})


def _check_one(digits: str) -> Verdict:
    scheme = card_scheme(digits)
    if scheme is None or _is_run(digits) or not luhn_is_valid(digits):
        return REJECT
    flags: dict[str, object] = {"brand": scheme}
    if digits in TEST_NUMBERS:
        flags["test_identifier"] = True
    reasons = ("Luhn check digit valid", f"IIN and length fit {scheme.replace('_', ' ')}")
    return Verdict(valid=True, score=SCORE, reasons=reasons, flags=flags)


def check_card(text: str) -> Verdict:
    """A payment card number if its IIN and length fit a scheme and its Luhn digit holds. `text` may
    go on with an expiry, a CVC or a second card (see TRAILER): the card is then the text up to the
    first separator where the part before is a card and the part after is such a trailer. A text that
    reads both ways ("4-4-4-4-3" digits, valid as a 19-digit card and as a 16-digit card with its CVC:
    one in ten 16-digit cards followed by a CVC) is read as the card and its CVC, by far the commoner
    writing in a call note; both readings report the card."""
    whole = _check_one(_NON_DIGIT.sub("", text)) if _CARD.fullmatch(text) else REJECT
    for split in _TRAILER_START.finditer(text):
        head, tail = text[: split.start()], text[split.end() :]
        if not _CARD.fullmatch(head):
            continue
        first = _check_one(_NON_DIGIT.sub("", head))
        if _CARD.fullmatch(tail):
            second = _check_one(_NON_DIGIT.sub("", tail))
            if first.valid and second.valid:
                return replace(first, reasons=(*first.reasons, "followed by a second valid card"))
            if first.valid or second.valid:
                return (
                    replace(first, span=(0, split.start()))
                    if first.valid
                    else replace(second, span=(split.end(), len(text)))
                )
        elif first.valid and _fits_card(tail, str(first.flags["brand"])):
            return replace(first, span=(0, split.start()))
    return whole


def _fits_card(trailer: str, scheme: str) -> bool:
    """Whether `trailer` is an expiry and/or a CVC of `scheme`: 4 digits on American Express, 3 on
    the others ("4111 1111 1111 1111 1111" is not a Visa and its CVC)."""
    return bool(CARD_TRAILERS[scheme == "american_express"].fullmatch(trailer))


class PaymentCardRecognizer(CheckedPatternRecognizer):
    """Card numbers, plain or grouped, checked by IIN range, length and Luhn."""

    ENTITIES: ClassVar[dict[str, str]] = {"CREDIT_CARD": "PAYMENT_CARD"}
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("payment_card", _START + CARD + _END, SCORE),
        Pattern(
            "payment_card_with_expiry_cvc_or_second_card",
            _START + CARD + JOIN + TRAILER.replace("?P<", "?P<t_").replace("?P=", "?P=t_") + _END,
            SCORE,
        ),
    ]
    CONTEXT: ClassVar[tuple[str, ...]] = (
        "kort",
        "kortnummer",
        "kortnr",
        "card",
        "card number",
        "credit card",
        "kreditkort*",
        "betalkort*",
        "betalingskort*",
        "debetkort*",
        "visa",
        "mastercard",
        "amex",
        "maksukortti",
        "luottokortti",
        "kortti",
        "kortnúmer",
        "greiðslukort*",
    )
    # A 16-digit order or tracking number passes IIN and Luhn about 3 % of the time.
    NEGATIVE_CONTEXT: ClassVar[tuple[str, ...]] = DECOY_WORDS
    CANDIDATE: ClassVar[str] = rust_candidate(PATTERNS)

    def check(self, text: str) -> Verdict:
        return check_card(text)
