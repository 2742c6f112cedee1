"""Sentences the rules write for a reader, in any language the reports are written in.

A rule's sentence (a protection verdict, a reversible-hash finding) is built by a function that takes
the translator as `_` (`_(message, **values)`: look the message up, then fill in its `{placeholders}`).
The JSON report records it in English (`english`); the HTML and Markdown reports and the terminal
summary build it again from the report's counts with the reader's translator (scanner/i18n.py).
tools/update_catalogues.py collects the `_()` and `N_()` strings of these modules as message ids.
"""

from __future__ import annotations

from collections.abc import Callable

Translate = Callable[..., str]


def english(message: str, **values: object) -> str:
    """The translator of the source language: the message itself, its placeholders filled in."""
    return message.format(**values) if values else message


def N_(message: str) -> str:
    """Marks a message id kept in a table, translated where it is used."""
    return message
