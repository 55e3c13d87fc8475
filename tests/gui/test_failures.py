"""The one line the GUI shows for a failure of background work (the coordinator tabs
and the laptop's sync alike), and None for a bug."""

from __future__ import annotations

import errno

import pytest

from fieldkit.errors import InvalidInput, OptionError
from fieldkit.gui.failures import failure_line


@pytest.mark.parametrize(("exc", "line"), [
    (FileNotFoundError(errno.ENOENT, "No such file or directory", "/tmp/out/a.zip"),
     "\u2068/tmp/out/a.zip\u2069: No such file or directory"),
    (PermissionError(errno.EACCES, "Permission denied", "C:\\داده\\a.zip"),
     "\u2068C:\\داده\\a.zip\u2069: Permission denied"),
    (OSError(errno.ENOSPC, "No space left on device"), "No space left on device"),
    (OSError("disk gone"), "disk gone"),  # neither a file nor the system's reason
    (InvalidInput("a.zip: not a data bundle."), "a.zip: not a data bundle."),
    # A dialog shows the reason beside its field, not as the command line's option.
    (OptionError("--code", "this is not the enrolment code."),
     "This is not the enrolment code."),
    (ValueError("a bug"), None),
    (KeyError("a bug"), None),
])
def test_failure_line(exc: BaseException, line: str | None) -> None:
    assert failure_line(exc) == line
