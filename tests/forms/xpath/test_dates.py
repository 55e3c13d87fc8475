"""ODK date and time functions, date arithmetic and comparisons."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from fieldkit.forms.xpath import XPathEvaluationError, evaluate

Ev = Callable[..., Any]


class TestClock:
    def test_today_and_now_use_the_injected_clock(self, ev: Ev) -> None:
        assert ev("today()") == "2024-03-05"
        assert ev("now()") == "2024-03-05T14:30:15.250+02:00"

    def test_naive_clock_gives_no_offset(self) -> None:
        def clock() -> datetime:
            return datetime(2023, 12, 31, 23, 59, 59)

        assert evaluate("now()", clock=clock) == "2023-12-31T23:59:59.000"
        assert evaluate("today()", clock=clock) == "2023-12-31"

    def test_default_clock_is_the_system_clock(self) -> None:
        before = datetime.now().astimezone().date().isoformat()
        today = evaluate("today()")
        after = datetime.now().astimezone().date().isoformat()
        assert today in (before, after)  # (the date may roll over mid-test)

    def test_today_as_number_and_in_arithmetic(self, ev: Ev) -> None:
        assert ev("number(today())") == 19787.0
        assert ev("today() + 1") == 19788.0
        assert ev("date(today() + 1)") == "2024-03-06"
        assert ev("decimal-date-time(now())") == pytest.approx(
            19787 + (14.5 * 3600 + 15.25) / 86400
        )


class TestDateConversions:
    @pytest.mark.parametrize(
        ("expression", "expected"),
        [
            ("date(0)", "1970-01-01"),
            ("date(19724)", "2024-01-02"),
            ("date(19724.9)", "2024-01-02"),
            ("date(-1)", "1969-12-31"),
            ("date('19724')", "2024-01-02"),  # untyped instance values are strings
            ("date('2024-01-02')", "2024-01-02"),
            ("date('2024-01-02T23:59:00+05:00')", "2024-01-02"),
            ("date(/data/grp/c)", "2024-01-15"),
            ("date('')", ""),
            ("date(/data/empty)", ""),
        ],
    )
    def test_date(self, expression: str, expected: str, ev: Ev) -> None:
        assert ev(expression) == expected

    def test_date_of_nan_is_nan(self, ev: Ev) -> None:
        assert math.isnan(ev("date(number(''))"))

    @pytest.mark.parametrize("argument", ["'soon'", "'2023-02-30'", "true()", "1 div 0"])
    def test_date_errors(self, argument: str, ev: Ev) -> None:
        with pytest.raises(XPathEvaluationError, match="date"):
            ev(f"date({argument})")

    def test_date_time(self, ev: Ev) -> None:
        assert ev("date-time(19724.5)") == "2024-01-02T12:00:00.000+02:00"
        assert ev("date-time('2024-01-02T10:20:30.4-03:00')") == "2024-01-02T10:20:30.400-03:00"
        assert ev("date-time('2024-01-02')") == "2024-01-02T00:00:00.000+02:00"
        assert ev("date-time('')") == ""

    def test_decimal_date_time(self, ev: Ev) -> None:
        assert ev("decimal-date-time('1970-01-02T06:00:00')") == 1.25
        assert ev("decimal-date-time('2024-01-02')") == 19724.0
        assert ev("decimal-date-time(19724.5)") == 19724.5
        assert ev("decimal-date-time('')") == ""
        with pytest.raises(XPathEvaluationError, match="can't be converted"):
            ev("decimal-date-time('noon')")

    def test_decimal_time(self, ev: Ev) -> None:
        assert ev("decimal-time('12:00:00.000+02:00')") == 0.5
        assert ev("decimal-time('18:00')") == 0.75
        assert ev("decimal-time('2024-01-02T06:00:00Z')") == 0.25
        assert ev("decimal-time(19724.75)") == 0.75
        assert ev("decimal-time('')") == ""
        with pytest.raises(XPathEvaluationError):
            ev("decimal-time('25:00')")


class TestDateArithmeticAndComparison:
    def test_difference_in_days(self, ev: Ev) -> None:
        assert ev("today() - /data/grp/c") == 50.0
        assert ev("date('2024-03-01') - date('2024-02-01')") == 29.0  # leap year
        assert ev("int((today() - '1990-03-06') div 365.25)") == 33.0

    def test_comparisons(self, ev: Ev) -> None:
        assert ev("/data/grp/c < today()") is True
        assert ev("/data/grp/c >= '2024-01-15'") is True
        assert ev("/data/grp/c = '2024-01-15'") is True
        assert ev("/data/grp/c = date(19737)") is True
        assert ev("/data/grp/c = 19737") is True
        assert ev("'2024-01-02' < '2024-02-01'") is True
        assert ev("'2024-12-31' > '2025-01-01'") is False
        assert ev("now() > today()") is True

    def test_add_days(self, ev: Ev) -> None:
        assert ev("date(/data/grp/c + 30)") == "2024-02-14"
        assert ev("format-date(date(/data/grp/c + 365), '%Y-%m-%d')") == "2025-01-14"


class TestFormatDate:
    @pytest.mark.parametrize(
        ("pattern", "expected"),
        [
            ("%Y-%m-%d", "2024-03-05"),
            ("%y", "24"),
            ("%n/%e", "3/5"),
            ("%b %d", "Mar 05"),
            ("%a", "Tue"),
            ("%H:%M:%S.%3", "14:30:15.250"),
            ("%h", "14"),
            ("100%% sure", "100% sure"),
            ("no tokens", "no tokens"),
            ("trailing %", "trailing %"),
        ],
    )
    def test_tokens(self, pattern: str, expected: str, ev: Ev) -> None:
        assert ev(f"format-date-time(now(), '{pattern}')") == expected

    def test_format_date(self, ev: Ev) -> None:
        assert ev("format-date(/data/grp/c, '%e %b %Y')") == "15 Jan 2024"
        assert ev("format-date(0, '%a %d/%m/%Y')") == "Thu 01/01/1970"
        assert ev("format-date(19724.5, '%H:%M')") == "12:00"
        assert ev("format-date('2024-02-29T07:05:09', '%h:%M:%S')") == "7:05:09"
        assert ev("format-date('0987-06-05', '%Y %y')") == "0987 87"

    def test_format_time_values(self, ev: Ev) -> None:
        assert ev("format-date-time('09:41:00.000+02:00', '%H:%M')") == "09:41"

    def test_empty_values_format_as_empty(self, ev: Ev) -> None:
        assert ev("format-date(/data/empty, '%Y')") == ""
        assert ev("format-date(number('x'), '%Y')") == ""

    def test_errors(self, ev: Ev) -> None:
        with pytest.raises(XPathEvaluationError, match="unsupported date format token '%Q'"):
            ev("format-date(today(), '%Q')")
        with pytest.raises(XPathEvaluationError, match="can't be converted"):
            ev("format-date('yesterday', '%Y')")
