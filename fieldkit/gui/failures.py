"""What the GUI does with a failure of background work: one line for a failure the
person can fix (bad input, a file that cannot be read or written), the crash handler
for a bug. Shared by the coordinator tabs and the laptop's sync round trip, so both
say the same thing the same way."""

from __future__ import annotations

import sys

from fieldkit.errors import FieldkitError, OptionError
from fieldkit.i18n import isolate

__all__ = ["failure_line", "report_unexpected"]


def failure_line(exc: BaseException) -> str | None:
    """The one line for a failure the person can fix; None for a bug.

    A file error names the file, isolated (:func:`fieldkit.i18n.isolate`) so that a
    Latin path keeps its order in a right-to-left interface."""
    if isinstance(exc, OptionError):  # said beside a dialog's field, not as "--code: ..."
        return exc.reason[:1].upper() + exc.reason[1:]
    if isinstance(exc, FieldkitError):
        return str(exc)
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
        return f"{isolate(exc.filename)}: {reason}" if exc.filename else reason
    return None


def report_unexpected(exc: BaseException) -> None:
    """A bug: to the crash handler (sys.excepthook), as an exception in a slot would."""
    sys.excepthook(type(exc), exc, exc.__traceback__)
