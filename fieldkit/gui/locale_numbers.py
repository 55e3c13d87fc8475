"""Numbers in the interface language's digits (Arabic-Indic in Arabic, Eastern
Arabic-Indic in Sorani, Farsi, Dari and Pashto), for counts in interface text.
Answers and the interview screen's own counters use the respondent language's
digits instead (see ``interviews.directions``)."""

from __future__ import annotations

from PySide6.QtCore import QLocale


def number(n: int) -> str:
    """``n`` in the interface's digits."""
    return QLocale().toString(n)


def decimal(x: float, places: int = 1) -> str:
    """``x`` rounded to ``places`` decimals, in the interface's digits and decimal sign."""
    return QLocale().toString(float(x), "f", places)
