"""The fact sheet's and feedback's store fixtures, shared with tests/reports."""

from tests.reports.conftest import sheets_dir, sheets_file

__all__ = ["sheets_dir", "sheets_file"]
