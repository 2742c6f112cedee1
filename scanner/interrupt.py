"""A Ctrl-C that cannot be lost.

Python's own SIGINT handler raises KeyboardInterrupt in whatever code runs at that moment; when that is
a finaliser (`__del__`, as in the `regex` package Presidio uses) or a callback, Python prints
"Exception ignored" and carries on, and the scan ended with a report and exit 0 as if never
interrupted. Here the handler also records the interrupt, and the scan looks at the record between
batches and before it writes anything (`raise_if_interrupted`).
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

_interrupted = False


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    global _interrupted
    _interrupted = True
    raise KeyboardInterrupt


@contextmanager
def handled() -> Iterator[None]:
    """Take SIGINT (main thread only; elsewhere Python keeps its own handler) and swallowed Ctrl-Cs for
    the duration: a swallowed one is recorded, not printed as "Exception ignored … Traceback"; any other
    unraisable exception goes to the hook there was. Both are given back afterwards (a command run
    inside another program, as the tests do, leaves it as it was)."""
    global _interrupted
    _interrupted = False
    previous_hook = sys.unraisablehook

    def quiet_when_interrupted(unraisable: Any) -> None:
        global _interrupted
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            _interrupted = True
            return
        previous_hook(unraisable)

    sys.unraisablehook = quiet_when_interrupted
    main_thread = threading.current_thread() is threading.main_thread()
    previous_handler = signal.signal(signal.SIGINT, _on_sigint) if main_thread else None
    try:
        yield
    finally:
        sys.unraisablehook = previous_hook
        if main_thread:
            signal.signal(signal.SIGINT, previous_handler)


def raise_if_interrupted() -> None:
    """Raise KeyboardInterrupt again if a Ctrl-C came and was swallowed on its way."""
    if _interrupted:
        raise KeyboardInterrupt
