"""Exports for analysis: CSV, XLSX, SPSS and Stata files with a codebook (Qt-free).

The one entry point is :func:`run_export` (see :mod:`fieldkit.exports.service`).
"""

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
