"""Periods of a profile: a month, quarter, half-year or year, written ``2026-03``,
``2026Q3``, ``2026H1`` and ``2026``.

Counting happens per calendar month in SQL (``YYYY-MM``); months are folded into
the wanted period here, so one query serves every period length.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date

from fieldkit.i18n import N_, _

__all__ = ["PERIODS", "days_in", "period_label", "period_of_month", "period_range",
           "periods_between", "previous_period", "year_before"]

#: Period lengths, in the order a picker shows them, with their names for people.
PERIODS: dict[str, str] = {"month": N_("month"), "quarter": N_("quarter"),
                           "half": N_("half-year"), "year": N_("year")}
_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}
_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")
_KEY = re.compile(r"^([0-9]{4})(?:-([0-9]{2})|Q([1-4])|H([12]))?$")


def _check(period: str) -> int:
    try:
        return _MONTHS[period]
    except KeyError:
        raise ValueError(f"unknown period length {period!r}") from None


def period_of_month(month: str, period: str) -> str | None:
    """The period (of length ``period``) holding ``month`` (``YYYY-MM``); None when
    ``month`` is not a month (a date field holding something else)."""
    size = _check(period)
    match = _MONTH.match(month)
    if match is None:
        return None
    year, number = int(match.group(1)), int(match.group(2))
    if not 1 <= number <= 12:
        return None
    if size == 1:
        return month
    if size == 3:
        return f"{year}Q{(number - 1) // 3 + 1}"
    if size == 6:
        return f"{year}H{(number - 1) // 6 + 1}"
    return str(year)


def _parse(key: str) -> tuple[int, int, int]:
    """(year, first month, months) of a period key."""
    match = _KEY.match(key)
    if match is None:
        raise ValueError(f"not a period: {key!r}")
    year = int(match.group(1))
    if match.group(2):
        return year, int(match.group(2)), 1
    if match.group(3):
        return year, (int(match.group(3)) - 1) * 3 + 1, 3
    if match.group(4):
        return year, (int(match.group(4)) - 1) * 6 + 1, 6
    return year, 1, 12


def _key(year: int, first: int, months: int) -> str:
    if months == 1:
        return f"{year}-{first:02d}"
    if months == 3:
        return f"{year}Q{(first - 1) // 3 + 1}"
    if months == 6:
        return f"{year}H{(first - 1) // 6 + 1}"
    return str(year)


def _shift(key: str, steps: int) -> str:
    year, first, months = _parse(key)
    index = year * 12 + first - 1 + steps * months
    return _key(index // 12, index % 12 + 1, months)


def previous_period(key: str) -> str:
    """The period just before ``key`` (``2026H1`` -> ``2025H2``)."""
    return _shift(key, -1)


def year_before(key: str) -> str:
    """The same period a year earlier (``2026Q3`` -> ``2025Q3``)."""
    year, first, months = _parse(key)
    return _key(year - 1, first, months)


def period_range(key: str) -> tuple[date, date]:
    """First and last day of the period."""
    year, first, months = _parse(key)
    last_month = first + months - 1
    return date(year, first, 1), date(year, last_month, monthrange(year, last_month)[1])


def periods_between(first: str, last: str) -> list[str]:
    """Every period from ``first`` to ``last`` (same length), gaps included, so a
    period without interviews still shows as one."""
    out = [first]
    while out[-1] < last and len(out) < 10_000:
        out.append(_shift(out[-1], 1))
    return out


def days_in(key: str, first_day: date | None = None, last_day: date | None = None) -> int:
    """Days of the period inside ``[first_day, last_day]`` (the days fieldwork
    covered): a count over a half-covered period is compared as a rate."""
    start, end = period_range(key)
    if first_day is not None and first_day > start:
        start = first_day
    if last_day is not None and last_day < end:
        end = last_day
    return max(0, (end - start).days + 1)


def period_label(key: str, lang: str | None = None) -> str:
    """The period for people: ``2026 H1``, ``2026 Q3``, ``Mar 2026``, ``2026``."""
    year, first, months = _parse(key)
    if months == 12:
        return str(year)
    if months == 6:
        return _("{year} H{half}").format(year=year, half=(first - 1) // 6 + 1)
    if months == 3:
        return _("{year} Q{quarter}").format(year=year, quarter=(first - 1) // 3 + 1)
    # lazy: Babel and its locale data load on first use; only this needs them
    from babel.core import UnknownLocaleError
    from babel.dates import format_date

    try:
        return str(format_date(date(year, first, 1), "MMM y", locale=lang or "en"))
    except (UnknownLocaleError, ValueError):
        return key
