from __future__ import annotations

from datetime import date

import pytest

from fieldkit.insight.periods import (
    days_in,
    period_label,
    period_of_month,
    period_range,
    periods_between,
    previous_period,
    year_before,
)


@pytest.mark.parametrize(("month", "period", "key"), [
    ("2026-03", "month", "2026-03"), ("2026-03", "quarter", "2026Q1"),
    ("2026-07", "quarter", "2026Q3"), ("2026-06", "half", "2026H1"),
    ("2026-07", "half", "2026H2"), ("2026-12", "year", "2026"),
    ("2026-13", "half", None), ("26-01", "month", None), ("", "year", None),
])  # fmt: skip
def test_months_fold_into_periods(month: str, period: str, key: str | None) -> None:
    assert period_of_month(month, period) == key


def test_previous_and_year_before() -> None:
    assert previous_period("2026H1") == "2025H2"
    assert previous_period("2026Q1") == "2025Q4"
    assert previous_period("2026-01") == "2025-12"
    assert previous_period("2026") == "2025"
    assert year_before("2026Q3") == "2025Q3"
    assert year_before("2026-03") == "2025-03"
    assert periods_between("2025H1", "2026H2") == ["2025H1", "2025H2", "2026H1", "2026H2"]


def test_ranges_and_days_surveyed() -> None:
    assert period_range("2024H1") == (date(2024, 1, 1), date(2024, 6, 30))
    assert period_range("2025Q4") == (date(2025, 10, 1), date(2025, 12, 31))
    assert days_in("2024H1") == 182  # a leap year
    assert days_in("2026H1", date(2026, 3, 2), date(2026, 6, 29)) == 120
    assert days_in("2025H2", date(2026, 3, 2)) == 0


def test_labels() -> None:
    assert period_label("2026H1") == "2026 H1"
    assert period_label("2026Q3") == "2026 Q3"
    assert period_label("2026") == "2026"
    assert period_label("2026-03", "en") == "Mar 2026"
    assert period_label("2026-03", "pl") != "2026-03"
