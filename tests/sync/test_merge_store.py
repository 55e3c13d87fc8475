"""Rows written straight to the driver are what SQLAlchemy would have written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.dialects import sqlite

from fieldkit.store.models import Answer
from fieldkit.sync.merge_store import _sqlite_time, _when

_process = Answer.__table__.c.updated_at.type.dialect_impl(sqlite.dialect()).bind_processor(
    sqlite.dialect())


@given(st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
                    timezones=st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30)),
                                               timezone(-timedelta(hours=3))])))
def test_answer_times_are_stored_as_sqlalchemy_stores_them(moment: datetime) -> None:
    assert _process is not None
    for text in (moment.isoformat(), moment.isoformat(timespec="microseconds"),
                 moment.replace(tzinfo=None).isoformat()):
        assert _sqlite_time(text) == _process(_when(text))


def test_unreadable_times_are_stored_as_the_epoch() -> None:
    assert _process is not None
    for text in ("", "yesterday", "XXXXXXXXXXTxxxxxxxxxxxxxxx+00:00"):
        assert _sqlite_time(text) == "1970-01-01 00:00:00.000000" == _process(_when(text))
