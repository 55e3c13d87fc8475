"""ODK submission instances in: `fieldkit submissions import` (F7 item 1), Qt-free.

The entry point is :func:`import_submissions` (see :mod:`fieldkit.submissions.service`).
Names are loaded on first use: the command line imports this package's ``commands``
module at start-up, which must not pull in SQLAlchemy or the form engine.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fieldkit.submissions.service import SOURCE, SubmissionReport, import_submissions

__all__ = ["SOURCE", "SubmissionReport", "import_submissions"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("fieldkit.submissions.service"), name)
    raise AttributeError(name)
