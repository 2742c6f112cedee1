"""What the user must fix, as one family of errors: the command line prints its one line and exits 2.

Anything else that escapes a command is a bug: `ccscan` says so in one line, without the exception's
message (library messages can quote cell values), and shows the traceback only with `--debug`.

`rules/` and `recognizers/` never import `scanner/`, so their own user errors cannot derive from
`CcscanError`; they raise a ValueError subclass of their own. A policy file's `PolicyError` is listed in
`USER_ERRORS` beside this family; a recognizer registry file or class that cannot be used
(`RegistryError`) becomes a UsageError where scanner/plan.py resolves the registry, and an NLP model that
is not installed (`ModelNotInstalled`) where scanner/run.py builds the detector: importing them here
would import Presidio before every command.
"""

from __future__ import annotations

from rules.policy import PolicyError


class CcscanError(Exception):
    """Something the user must fix; the message is one value-free line naming the source and the problem."""


class UsageError(CcscanError):
    """An option, or a combination of options, that cannot be used."""


class InputError(CcscanError):
    """An input that cannot be scanned at all: a path or URI that does not exist, a missing extra."""


USER_ERRORS: tuple[type[Exception], ...] = (CcscanError, PolicyError)
