"""Clock sanity warnings at import: a bundle from a laptop whose clock is wrong."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fieldkit.sync.bundle_out import iso
from fieldkit.sync.clock_sanity import clock_warnings

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
PROJECT = datetime(2026, 1, 10, tzinfo=UTC)


def _warn(written: datetime, *times: datetime) -> list[str]:
    return clock_warnings(written=iso(written), times=[iso(t) for t in times],
                          project_created=PROJECT, now=NOW)


def test_right_clocks_say_nothing() -> None:
    assert _warn(NOW - timedelta(days=3), NOW - timedelta(days=9), NOW - timedelta(days=4)) \
        == []
    assert _warn(NOW + timedelta(hours=20), NOW) == []  # a time zone set wrong


def test_a_clock_a_year_behind() -> None:
    (warning,) = _warn(NOW - timedelta(days=365), NOW - timedelta(days=366))
    assert "before the project existed" in warning and "2025-05-31" in warning


def test_a_clock_ahead() -> None:
    (warning,) = _warn(NOW + timedelta(days=40), NOW + timedelta(days=40))
    assert "40 days in the future" in warning


def test_a_clock_set_back_before_writing() -> None:
    (warning,) = _warn(NOW - timedelta(days=30), NOW - timedelta(days=2))
    assert "after the bundle was written" in warning
