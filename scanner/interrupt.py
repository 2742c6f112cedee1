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
from types import FrameType
from typing import Any

_interrupted = False


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    global _interrupted
    _interrupted = True
    raise KeyboardInterrupt


def _quiet_when_interrupted(unraisable: Any, default=sys.unraisablehook) -> None:
    """The swallowed Ctrl-C is not printed as "Exception ignored … Traceback": the scan ends with its
    one line; any other unraisable exception is printed as Python prints it."""
    global _interrupted
    if isinstance(unraisable.exc_value, KeyboardInterrupt):
        _interrupted = True
        return
    default(unraisable)


def install() -> None:
    """Take SIGINT in this process (main thread only; elsewhere Python keeps its own handler)."""
    global _interrupted
    _interrupted = False
    sys.unraisablehook = _quiet_when_interrupted
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _on_sigint)


def raise_if_interrupted() -> None:
    """Raise KeyboardInterrupt again if a Ctrl-C came and was swallowed on its way."""
    if _interrupted:
        raise KeyboardInterrupt
