"""Figures of the Insight workspace as people read them: counts and shares in the
interface language's digits and percent sign, periods ("2026H1") as words."""

from __future__ import annotations

import re

from PySide6.QtCore import QDate, QLocale

from fieldkit.gui.locale_numbers import number
from fieldkit.i18n import _

__all__ = ["band_text", "count_share", "decimal", "number", "p_value", "percent",
           "period_label"]

_HALF = re.compile(r"^(\d{4})H([12])$")
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def _year(text: str) -> str:
    # Years without a group separator ("2026", not "2,026"), in the interface's digits.
    locale = QLocale()
    locale.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator)
    return locale.toString(int(text))


def period_label(period: str) -> str:
    """``2026H1`` → "2026 H1", ``2026Q3`` → "2026 Q3", ``2026-03`` → "Mar 2026",
    ``2026`` → "2026", in the interface's language and digits; anything else as is."""
    if m := _HALF.match(period):
        # Translators: a half-year, e.g. "2026 H1" (first half of 2026).
        return _("{year} H{half}").format(year=_year(m[1]), half=number(int(m[2])))
    if m := _QUARTER.match(period):
        # Translators: a quarter of a year, e.g. "2026 Q3".
        return _("{year} Q{quarter}").format(year=_year(m[1]), quarter=number(int(m[2])))
    if m := _MONTH.match(period):
        month = QDate(int(m[1]), int(m[2]), 1)
        if month.isValid():
            return QLocale().toString(month, "MMM yyyy")
    if m := _YEAR.match(period):
        return _year(m[1])
    return period


def percent(share: float | None, decimals: int = 0) -> str:
    """A share (0..1) as a percentage with the locale's digits and percent sign;
    an empty string when there is no share (no interviews in that period)."""
    if share is None:
        return ""
    locale = QLocale()
    return locale.toString(share * 100, "f", decimals) + locale.percent()


def count_share(count: int, share: float | None) -> str:
    """A table cell: the count and, in brackets, its share, e.g. "52 (43%)"."""
    if share is None:
        return number(count)
    # Translators: a table cell, a count and its share of the group, e.g. "52 (43%)".
    return _("{count} ({share})").format(count=number(count), share=percent(share))


def decimal(value: float, places: int) -> str:
    """``value`` with ``places`` decimals in the interface's digits."""
    return QLocale().toString(value, "f", places)


_DIGITS = re.compile(r"\d+")


def band_text(code: str) -> str:
    """A band of numbers (``18-24``, ``75+``, ``<0``) in the interface's digits, with an
    en dash; in a right-to-left interface its numbers read from the right, as its
    digits do."""
    if code.startswith("<"):
        return "< " + _DIGITS.sub(lambda m: number(int(m[0])), code[1:])
    return _DIGITS.sub(lambda m: number(int(m[0])), code).replace("-", "\u2013")


def p_value(name: str, value: float | None) -> str:
    """A p- or q-value as people read it ("p = 0.004", "p < 0.001"; without ``name``
    just the figure): not more exactly below 0.001, as test models are not that exact."""
    if value is None:
        return ""
    small = value < 0.001
    figure = _("< {value}").format(value=decimal(0.001, 3)) if small else decimal(value, 3)
    if not name:
        return figure
    if small:
        return f"{name} {figure}"
    # Translators: a test's result, e.g. "p = 0.004" or "q = 0.03".
    return _("{name} = {value}").format(name=name, value=figure)
