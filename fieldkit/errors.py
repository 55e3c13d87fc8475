"""Errors that reach the user, each with the exit code DESIGN.md assigns to it.

Anything raised as a :class:`FieldkitError` is shown as one clear line (no
traceback) by the command line and as a message box by the GUI.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_REJECTED = 3
EXIT_ENVIRONMENT = 4


class FieldkitError(Exception):
    """Base for errors caused by the user's input or environment, not by a bug."""

    exit_code = EXIT_INVALID


class InvalidInput(FieldkitError):
    """The input is understood but not valid (e.g. a form with errors)."""

    exit_code = EXIT_INVALID


class UsageError(FieldkitError):
    """The command was called the wrong way."""

    exit_code = EXIT_USAGE


class OptionError(UsageError):
    """A wrong value for one option (``--code``). The command line shows it as
    ``--code: <reason>``; a dialog shows the reason beside the field it came from."""

    def __init__(self, option: str, reason: str) -> None:
        super().__init__(f"{option}: {reason}")
        self.option = option
        self.reason = reason


class RejectedInput(FieldkitError):
    """A pack or bundle was refused; the store is unchanged."""

    exit_code = EXIT_REJECTED


class EnvironmentProblem(FieldkitError):
    """Something outside fieldkit stops it: an unwritable folder, a missing library,
    a store in use by another running copy, a store from a newer fieldkit."""

    exit_code = EXIT_ENVIRONMENT
