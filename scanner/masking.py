"""Masking found values before they reach any output.

Reports, the terminal and logs show masked values only (raw values only behind `--show-values`):
an identifier keeps its first two and last three characters (`01******345`), an email its first letter
and domain (`o***@example.no`), and anything shorter than nine characters keeps only its last two.
Separators stay so that the written form is still visible.
"""

from __future__ import annotations

MASK = "*"


def _mask_characters(value: str, keep_start: int, keep_end: int) -> str:
    positions = [i for i, c in enumerate(value) if c.isalnum()]
    visible = set(positions[:keep_start]) | set(positions[len(positions) - keep_end :] if keep_end else ())
    return "".join(c if (i in visible or not c.isalnum()) else MASK for i, c in enumerate(value))


def mask_email(value: str) -> str:
    """`ola.nordmann@example.no` → `o***@example.no`."""
    local, _, domain = value.rpartition("@")
    return f"{local[:1]}***@{domain}" if local else mask_value(value)


def mask_value(value: str, entity_type: str = "") -> str:
    """A masked copy of `value` that never shows more than five of its characters."""
    value = value.strip()
    if entity_type == "EMAIL_ADDRESS" or ("@" in value and entity_type == ""):
        return mask_email(value)
    alnum = sum(c.isalnum() for c in value)
    if alnum >= 9:
        return _mask_characters(value, 2, 3)
    if alnum >= 5:
        return _mask_characters(value, 0, 2)
    return _mask_characters(value, 0, 0)
