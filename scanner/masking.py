"""Masking found values before they reach any output.

Reports, the terminal and logs show masked values only (raw values only behind `--show-values`):
a national ID or identity document keeps only its shape, its separators and last character
(`******-***4`, `**********8`): its other digits are a birth date and a serial, and five of them
narrowed a person down to a few; another identifier keeps its first two and last three characters
(`01******345`), an email its first letter and domain (`o***@example.no`), a name the initial of each
word (`K*** H*****`), and anything shorter than nine characters keeps only its last two. Separators
stay so that the written form is still visible. A special-category match is a lexicon word
("diabetes"), not a value about a person: it is shown as found, and in a snippet only its neighbouring
words are masked (`mask_snippet`).

Names that come from the data (file and folder names, archive members, sheets, columns, JSON keys)
are masked where they look like a value (`mask_names`): a run of six or more digits (separators
allowed) keeps its shape, as a national ID does, and an email address is masked as one. The rest of
the name stays, so `kunder_15108695088.csv` reads `kunder_**********8.csv`, the same on every run, so
that baselines and diffs still match it.
"""

from __future__ import annotations

import re

from recognizers.entities import category_of

MASK = "*"
NAME_TYPES = frozenset({"PERSON", "EMPLOYEE_NAME"})
SPECIAL_CATEGORY_PREFIX = "SPECIAL_CATEGORY"
SNIPPET_NEIGHBOURS = 2
# Digits run together with the separators identifiers are written with, or an email address.
VALUE_LIKE = re.compile(r"\d(?:[\s.\-/()+]?\d){5,}|[^\s@/]+@[^\s@/]+\.\w+")


def _mask_characters(value: str, keep_start: int, keep_end: int) -> str:
    positions = [i for i, c in enumerate(value) if c.isalnum()]
    visible = set(positions[:keep_start]) | set(positions[len(positions) - keep_end :] if keep_end else ())
    return "".join(c if (i in visible or not c.isalnum()) else MASK for i, c in enumerate(value))


def mask_email(value: str) -> str:
    """`ola.nordmann@example.no` → `o***@example.no`."""
    local, _, domain = value.rpartition("@")
    # without a local part it is no email: masked whole (mask_value would send it back here)
    return f"{local[:1]}***@{domain}" if local else _mask_characters(value, 0, 0)


def mask_name(value: str) -> str:
    """`Kari Nordmann` → `K*** N*******`: the initial of each word."""
    return " ".join(_mask_characters(word, 1, 0) for word in value.split())


def mask_shape(value: str) -> str:
    """`811228-9874` → `******-***4`: only the separators and the last character."""
    return _mask_characters(value, 0, 1)


def mask_names(text: str) -> str:
    """`text` (a name from the data) with every value-like part masked, the rest as it is."""
    return VALUE_LIKE.sub(lambda match: _mask_name_part(match.group()), text)


def _mask_name_part(part: str) -> str:
    return mask_email(part) if "@" in part else mask_shape(part)


def mask_value(value: str, entity_type: str = "") -> str:
    """A masked copy of `value` that never shows more than five of its characters (a special-category
    word is shown as it is; a national ID only its shape)."""
    value = value.strip()
    if entity_type.startswith(SPECIAL_CATEGORY_PREFIX):
        return value
    if entity_type and category_of(entity_type) == "NATIONAL_ID":
        return mask_shape(value)
    if entity_type in NAME_TYPES:
        return mask_name(value)
    if entity_type == "EMAIL_ADDRESS" or ("@" in value and entity_type == ""):
        return mask_email(value)
    alnum = sum(c.isalnum() for c in value)
    if alnum >= 9:
        return _mask_characters(value, 2, 3)
    if alnum >= 5:
        return _mask_characters(value, 0, 2)
    return _mask_characters(value, 0, 0)


def mask_snippet(text: str, start: int, end: int, entity_type: str) -> str:
    """The match `text[start:end]` masked; a special-category word with up to two words either side,
    those fully masked: `*** ** diabetiker ** ****`. Never the raw sentence."""
    if not entity_type.startswith(SPECIAL_CATEGORY_PREFIX):
        return mask_value(text[start:end], entity_type)
    before = [_mask_characters(word, 0, 0) for word in text[:start].split()[-SNIPPET_NEIGHBOURS:]]
    after = [_mask_characters(word, 0, 0) for word in text[end:].split()[:SNIPPET_NEIGHBOURS]]
    return " ".join([*before, text[start:end].strip(), *after])
