"""Candidate regexes for the scanner's column prefilter, derived from a recognizer's own patterns.

Presidio runs the patterns with Python's `regex` module; the scanner first runs one Rust regex per
recognizer on whole polars columns, so that cells no pattern can match never reach Python. That
candidate must match every text a pattern matches (a superset), and the tighter it is, the fewer cells
pay for a Python analysis: a bare `\\d{4}[ -]?\\d{4}` also matches every UUID, URL and ISO timestamp.

`rust_candidate(patterns)` rewrites the patterns into the Rust dialect, which has no lookaround and no
backreference:
- each lookbehind/lookahead boundary idiom the recognizers use becomes the equivalent consuming
  alternation (`(?<!\\w)` → `(?:^|\\W)`): a match of the rewrite exists exactly when a match of the
  original exists, since `contains` only asks whether one does;
- a backreference `(?P=sep)` becomes a copy of the group it names (a superset: "12 34-56" passes).
An idiom not in the table raises, so a new pattern cannot silently get a wrong candidate;
tests/test_candidates.py checks the superset on generated identifiers, decoys and random text.
Known gap: Python's `regex` follows a newer Unicode than Rust's `regex` crate, so ten digits added in
Unicode 15.1 (U+11DE0–U+11DE9) are `\\d` to the pattern and not to the candidate; a number written in
them is missed. Unassigned-in-Rust word characters only widen the boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import regex
from presidio_analyzer import Pattern

# A ")" that does not close a bracketed calling code ("(+45)") or trunk 0 ("(0)"): after no digit, or
# after 1-3 digits that "(+" does not open (and not the one "0" of "(0)"), or after 4 digits or more.
_CLOSING_BRACKET = r"(?:^|\D)\)|(?:^|[^\d+(])\d{1,3}\)|\((?:[^\D0]|\d{2,3})\)|(?:^|[^(])\+\d{1,3}\)|\d{4}\)"
# The most characters a lookbehind's Rust form needs to consume before a match: "(+358) " before a
# phone, for the bracketed-calling-code boundary; every other one needs two at most. A match whose lead
# the previous match consumed is missed by a scan for all matches (see span_regex).
LONGEST_LEAD = 7
# Python lookaround (as written in the recognizers' patterns) -> consuming Rust equivalent.
BOUNDARIES: dict[str, str] = {
    # not after a word character or "+", nor after "-" that follows a word character (national IDs)
    r"(?<![\w+])(?<!\w-)": r"(?:^|[^\w+\-]|(?:^|\W)-)",
    # not after a word character, "+" or "-", nor continuing a number ("12 345", "1.5", "10:22")
    r"(?<![\w+\-])(?<!\d[ \u00a0.,:/])": r"(?:^|[^\w+\- \u00a0.,:/]|(?:^|\D)[ \u00a0.,:/])",
    # … nor after a calling code or a trunk 0 in brackets ("(+45) 97 …", "(0)70 …", phones): a ")" is a
    # boundary unless one of those two ends at it
    r"(?<![\w+\-])(?<!\d[ \u00a0.,:/])(?<!\(\+\d{1,3}\)[ \u00a0]?|\(0\)[ \u00a0]?)": (
        r"(?:^|[^\w+\- \u00a0.,:/)]|(?:^|\D)[.,:/]|(?:^|[^\d)])[ \u00a0]|(?:"
        + _CLOSING_BRACKET
        + r")[ \u00a0]?)"
    ),
    r"(?<![\w+\-])(?<!\d[.,:/])": r"(?:^|[^\w+\-.,:/]|(?:^|\D)[.,:/])",
    r"(?<!\w)": r"(?:^|\W)",
    # email: not continuing a local part
    r"(?<![\w.%+-])": r"(?:^|[^\w.%+\-])",
    # IPv4: not continuing a word, a dotted number or an IPv6 address
    r"(?<![\w.:-])": r"(?:^|[^\w.:\-])",
    r"(?<![\w:.])": r"(?:^|[^\w:.])",
    r"(?!\w|-\w)": r"(?:$|[^\w\-]|-(?:$|\W))",
    r"(?!\w|[.,:/]\d|-\w)": r"(?:$|[^\w.,:/\-]|[.,:/](?:$|\D)|-(?:$|\W))",
    r"(?!\w|[ \u00a0.,:/]\d|-\w)": r"(?:$|[^\w \u00a0.,:/\-]|[ \u00a0.,:/](?:$|\D)|-(?:$|\W))",
    r"(?!\w|[ \u00a0-]\d)": r"(?:$|[^\w \u00a0\-]|[ \u00a0\-](?:$|\D))",
    # email: not continuing the domain ("….no-x", "….no.x")
    r"(?![\w-]|\.[^\W_])": r"(?:$|[^\w\-.]|\.(?:$|[\W_]))",
    # IPv4: not continuing a word or a dotted number
    r"(?![\w-]|\.\d)": r"(?:$|[^\w\-.]|\.(?:$|\D))",
    # IPv6: not continuing a word, the address or a dotted number
    r"(?![\w:]|\.\d)": r"(?:$|[^\w:.]|\.(?:$|\D))",
}
# Lookaheads that every match of the rest of their pattern satisfies (the IPv6 pattern's fast fail at
# ordinary text: each of its forms starts with a group or "::"): dropped, exactly, in every form.
IMPLIED_LOOKAHEADS: tuple[str, ...] = (r"(?=[0-9a-f]{0,4}:[0-9a-f:])",)

_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^()]*)\)")
_BACKREFERENCE = re.compile(r"\(\?P=(?P<name>\w+)\)")
_LOOKAROUND = re.compile(r"\(\?<?[=!]")


class UntranslatablePattern(ValueError):
    """A pattern uses a construct the Rust dialect lacks and the table above does not cover."""


def _rust(regex: str) -> str:
    for python, rust in sorted(BOUNDARIES.items(), key=lambda item: -len(item[0])):
        regex = regex.replace(python, rust)
    for lookahead in IMPLIED_LOOKAHEADS:
        regex = regex.replace(lookahead, "")
    bodies = {match["name"]: match["body"] for match in _GROUP.finditer(regex)}
    regex = _BACKREFERENCE.sub(lambda match: f"(?:{bodies[match['name']]})", regex)
    regex = _GROUP.sub(lambda match: f"(?:{match['body']})", regex)
    if _LOOKAROUND.search(regex) or _BACKREFERENCE.search(regex):
        raise UntranslatablePattern(f"no Rust candidate for lookaround or backreference in {regex!r}")
    return regex


def rust_candidate(patterns: Iterable[Pattern], ignore_case: bool = True) -> str:
    """One Rust regex that matches a text whenever one of `patterns` (Python `regex`) matches in it."""
    alternatives = [_rust(pattern.regex) for pattern in patterns]
    if not alternatives:
        raise UntranslatablePattern("a candidate needs at least one pattern")
    union = alternatives[0] if len(alternatives) == 1 else "|".join(f"(?:{a})" for a in alternatives)
    return f"(?i){union}" if ignore_case else union


# A named group that is one character of a class, optional or not: "(?P<sep>[. -]?)".
_CHARACTER_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<class>\[[^\]]*\])(?P<optional>\??)\)")


_GROUP_OPENER = re.compile(r"\((?:\?(?:P<\w+>|[:=!]|<[=!]))?")


def _branch_around(body: str, start: int, end: int) -> tuple[int, int]:
    """The span of the alternation branch of `body` that holds body[start:end]: between the "|" of the
    innermost group around both (or of the top level) that lie before and after it."""
    open_groups, closing, bars, in_class, index = [-1], {-1: len(body)}, {-1: []}, False, 0
    while index < len(body):
        char = body[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            open_groups.append(index)
            bars[index] = []
        elif char == ")":
            closing[open_groups.pop()] = index
        elif char == "|":
            bars[open_groups[-1]].append(index)
        index += 1
    group = max(opened for opened, closed in closing.items() if opened < start and closed >= end)
    if any(start < bar < end for bar in bars[group]):
        raise UntranslatablePattern(f"a backreference in another branch than its group: {body!r}")
    first = 0 if group == -1 else _GROUP_OPENER.match(body, group).end()
    return (
        max([first, *(bar + 1 for bar in bars[group] if bar < start)]),
        min([closing[group], *(bar for bar in bars[group] if bar >= end)]),
    )


def _without_backreference(body: str) -> str:
    """`body` with each separator group and its backreferences written out: the alternation branch that
    holds them becomes one alternative per ASCII character the group may be (the vectorised engine
    answers ASCII texts only), the character first and then none, as the greedy `?` tries them; at most
    one of them can match past the separator, so the order of the branches is kept (exact where what
    precedes the group in its branch matches in one way only, as in every pattern here: "\\d{4}",
    "(?:NO )?[89]\\d\\d"). Any other backreference raises."""
    while reference := _BACKREFERENCE.search(body):
        name = reference["name"]
        groups = [g for g in _CHARACTER_GROUP.finditer(body) if g["name"] == name]
        if len(groups) != 1 or groups[0].start() > reference.start():
            raise UntranslatablePattern(f"a backreference has no whole-cell form: {body!r}")
        (group,) = groups
        last = max(r.end() for r in _BACKREFERENCE.finditer(body) if r["name"] == name)
        low, high = _branch_around(body, group.start(), last)
        members = [chr(code) for code in range(0x20, 0x7F) if re.fullmatch(group["class"], chr(code))]
        choices = [f"\\x{{{ord(member):X}}}" for member in members] + ([""] if group["optional"] else [])
        head, tail = body[low : group.start()], body[group.end() : high]
        alternatives = [head + choice + tail.replace(f"(?P={name})", choice) for choice in choices]
        body = body[:low] + "(?:" + "|".join(alternatives) + ")" + body[high:]
    return body


def _boundaries_and_body(pattern: Pattern) -> tuple[str, str, str]:
    """The pattern's leading lookbehind, its body (separator backreferences written out) and its
    trailing lookahead."""
    regex = pattern.regex
    by_length = sorted(BOUNDARIES, key=len, reverse=True)
    lead = next((b for b in by_length if b.startswith("(?<") and regex.startswith(b)), None)
    trail = next((b for b in by_length if b.startswith("(?!") and regex.endswith(b)), None)
    if lead is None or trail is None:
        raise UntranslatablePattern(f"no leading and trailing boundary in {regex!r}")
    return lead, _without_backreference(regex[len(lead) : len(regex) - len(trail)]), trail


# \w and \d as they are on the texts the vectorised engine answers (printable ASCII, Latin-1 letters):
# a Unicode \w repeated 62 times ("[\w.%+'-]{0,62}" of the email) compiles past the Rust engine's size
# limit. Latin-1 letters: À-Ö, Ø-ö, ø-ÿ (× and ÷ are not letters).
_WORD = "0-9A-Za-z_\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff"
# escape -> (outside a class, inside one)
_NARROW_CLASSES = {
    "w": (f"[{_WORD}]", _WORD),
    "W": (f"[^{_WORD}]", f"[^{_WORD}]"),
    "d": ("[0-9]", "0-9"),
    "D": ("[^0-9]", "[^0-9]"),
}


def _narrow(regex: str) -> str:
    """`regex` with \\w, \\W, \\d and \\D as the classes they are on printable ASCII and Latin-1
    letters (the same there as Unicode's; nested classes inside a class)."""
    out, in_class, index = [], False, 0
    while index < len(regex):
        char = regex[index]
        if char == "\\":
            escape = regex[index : index + 2]
            narrow = _NARROW_CLASSES.get(escape[1:])
            out.append(escape if narrow is None else narrow[in_class])
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        out.append(char)
        index += 1
    return "".join(out)


def pattern_candidate(pattern: Pattern, ignore_case: bool = True) -> str:
    """A Rust regex that matches a text (printable ASCII) whenever `pattern` matches somewhere in it: its
    boundaries as consuming alternations, separator backreferences written out."""
    lead, body, trail = _boundaries_and_body(pattern)
    regex = _narrow(f"{_rust(lead)}(?:{_rust(body)}){_rust(trail)}")
    return f"(?i){regex}" if ignore_case else regex


def whole_cell_regex(pattern: Pattern, ignore_case: bool = True) -> str:
    """A Rust regex whose first group is the match `pattern` finds at the start of a text (printable
    ASCII), for texts that `pattern` matches from their first character.

    The leading lookbehind is always true at the start of a text; the trailing lookahead becomes the
    consuming equivalent after the group. The Rust engine picks the same match as Python's backtracking
    one (leftmost-first), so when the group is the whole text, the whole text is the pattern's first
    and only match.
    """
    _, body, trail = _boundaries_and_body(pattern)
    whole = _narrow(f"^({_rust(body)}){_rust(trail)}")
    return f"(?i){whole}" if ignore_case else whole


def fullmatch_regex(regex: str) -> str:
    """A Rust regex that matches a text (printable ASCII, Latin-1 letters) exactly where Python's
    `re.fullmatch(regex, text)` does, for a regex without lookarounds whose backreferences repeat a
    separator group (payment_cards.CARD): whether a whole text matches does not depend on the order in
    which either engine tries the alternatives."""
    return _narrow(f"^(?:{_rust(_without_backreference(regex))})$")


# The names of the span regex's three groups.
LEAD, BODY, TRAIL = "lead", "body", "trail"


def span_regex(pattern: Pattern, ignore_case: bool = True) -> str:
    """A Rust regex for `pattern`'s matches anywhere in a text (see vectorised free text).

    Group `body` is the match `pattern` finds; `lead` and `trail` consume the characters its lookbehind
    and lookahead look at (a trail two at most, a lead LONGEST_LEAD). Since the Rust engine picks matches
    leftmost-first, as Python's backtracking one does, the first body is Python's first match. A later
    one can be missed only where a match starts within 2 + LONGEST_LEAD characters of the previous
    body's end (its lead consumed by the previous match): the caller checks for that. A lookahead
    inside the body has no Rust form: `_rust` raises UntranslatablePattern and the recognizer stays in
    Python.
    """
    lead, body, trail = _boundaries_and_body(pattern)
    regex = _narrow(f"(?P<{LEAD}>{_rust(lead)})(?P<{BODY}>{_rust(body)})(?P<{TRAIL}>{_rust(trail)})")
    return f"(?i){regex}" if ignore_case else regex


# The characters of the texts the vectorised free-text path answers, as (first, last) code points: those
# that Python's `regex` and Rust's class alike (\d, \w, case folding) and that make no marker of its span
# extraction: tab and line ends, printable ASCII, Latin-1 letters, the euro sign.
ANSWERED_RANGES = (
    (0x09, 0x0A),
    (0x0D, 0x0D),
    (0x20, 0x7E),
    (0xC0, 0xD6),
    (0xD8, 0xF6),
    (0xF8, 0xFF),
    (0x20AC, 0x20AC),
)
ANSWERED_CHARACTERS = "".join(chr(code) for low, high in ANSWERED_RANGES for code in range(low, high + 1))
# A text of them only, in the syntax both engines read (\uXXXX)
ANSWERED_TEXT = "^[" + "".join(f"\\u{low:04X}-\\u{high:04X}" for low, high in ANSWERED_RANGES) + "]*$"


def first_characters(pattern: Pattern, flags: int) -> str:
    """A Rust class of the characters (of ANSWERED_CHARACTERS) that a match of `pattern`, compiled with
    `flags` as its recognizer compiles it, can start with: those Python's `regex` finds to be the start
    of a match (a partial match) of the pattern without its leading lookbehind."""
    lead, _, _ = _boundaries_and_body(pattern)
    rest = regex.compile(pattern.regex[len(lead) :], flags)
    starts = [char for char in ANSWERED_CHARACTERS if rest.match(char, partial=True)]
    return "[" + "".join(f"\\x{{{ord(char):X}}}" for char in starts) + "]" if starts else "[^\\s\\S]"
