"""The default recognizer set: Nordic identifiers, phones, accounts, cards, email and IP.

Presidio's US-only recognizers (driver licence, bank number, ITIN, passport, SSN) are left out: on
contact-center exports they flag timestamps and order numbers.
"""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer


def default_recognizers() -> list[EntityRecognizer]:
    """Fresh instances of every recognizer ccscan scans with by default."""
    return [recognizer_class() for recognizer_class in DEFAULT_RECOGNIZER_CLASSES]


DEFAULT_RECOGNIZER_CLASSES: list[type[EntityRecognizer]] = []
