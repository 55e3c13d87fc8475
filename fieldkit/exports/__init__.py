"""Exports for analysis: CSV, XLSX, SPSS and Stata files with a codebook (Qt-free).

The one entry point is :func:`run_export` (see :mod:`fieldkit.exports.service`).
Names are loaded on first use: the command line imports this package's
``commands`` module at start-up, which must not pull in SQLAlchemy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fieldkit.exports.service import (
        DEFAULT_STATUSES,
        FORMATS,
        ExportCancelled,
        ExportRequest,
        ExportResult,
        run_export,
    )

__all__ = ["DEFAULT_STATUSES", "FORMATS", "ExportCancelled", "ExportRequest", "ExportResult",
           "run_export"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("fieldkit.exports.service"), name)
    raise AttributeError(name)
