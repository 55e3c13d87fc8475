"""Answers: Python values normalised to ODK text, type checks per bind type."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest

from fieldkit.forms import AnswerError, FormSession, SessionError

FORM = """
| survey |
| | type | name | label |
| | text | t | T |
| | integer | i | I |
| | decimal | d | D |
| | date | dt | Date |
| | time | tm | Time |
| | datetime | dtm | DateTime |
| | geopoint | gp | Where |
| | select_one yn | one | One |
| | select_multiple col | many | Many |
| | acknowledge | ack | OK? |
| | note | nt | A note |

| choices |
| | list_name | name | label |
| | yn | yes | Yes |
| | yn | no | No |
| | col | red | Red |
| | col | blue | Blue |
"""

Make = Callable[..., FormSession]


@pytest.mark.parametrize(
    ("path", "given", "stored"),
    [
        ("/data/t", "  spaced ", "  spaced "),
        ("/data/i", 42, "42"),
        ("/data/i", "-7", "-7"),
        ("/data/i", 3.0, "3"),
        ("/data/d", 2.5, "2.5"),
        ("/data/d", Decimal("10.25"), "10.25"),
        ("/data/d", 3, "3"),
        ("/data/dt", date(2024, 2, 29), "2024-02-29"),
        ("/data/dt", "2024-02-29", "2024-02-29"),
        ("/data/tm", time(9, 5), "09:05:00.000"),
        ("/data/tm", "09:05:00.000+01:00", "09:05:00.000+01:00"),
        (
            "/data/dtm",
            datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=2))),
            "2024-01-02T03:04:05.000+02:00",
        ),
        ("/data/gp", (51.5, -0.12, 10, 5), "51.5 -0.12 10 5"),
        ("/data/gp", "51.5 -0.12 0 0", "51.5 -0.12 0 0"),
        ("/data/one", "yes", "yes"),
        ("/data/many", ["blue", "red", "blue"], "blue red"),
        ("/data/many", "red  blue", "red blue"),
        ("/data/ack", True, "OK"),
    ],
)
def test_values_are_normalised(session_of: Make, path: str, given: object, stored: str) -> None:
    session = session_of(FORM)
    session.answer(path, given)
    assert session.value(path) == stored


@pytest.mark.parametrize(
    ("path", "given"),
    [
        ("/data/i", "4.5"),
        ("/data/i", True),
        ("/data/i", 4.5),
        ("/data/d", "1,5"),
        ("/data/d", float("nan")),
        ("/data/dt", "2024-02-30"),
        ("/data/dt", "17/05/2024"),
        ("/data/tm", "9 o'clock"),
        ("/data/dtm", "2024-01-02"),
        ("/data/gp", "91 0"),
        ("/data/gp", "north"),
        ("/data/one", "maybe"),
        ("/data/one", ["yes", "no"]),
        ("/data/many", ["red", "green"]),
    ],
)
def test_bad_values_raise_and_change_nothing(session_of: Make, path: str, given: object) -> None:
    session = session_of(FORM)
    with pytest.raises(AnswerError) as caught:
        session.answer(path, given)
    assert caught.value.problem.path == path
    assert caught.value.problem.kind in {"type", "choice"}
    assert caught.value.problem.message
    assert session.value(path) == ""


def test_note_is_read_only(session_of: Make) -> None:
    session = session_of(FORM)
    assert session.readonly("/data/nt")
    with pytest.raises(AnswerError) as caught:
        session.answer("/data/nt", "x")
    assert caught.value.problem.kind == "readonly"


def test_clear_and_unknown_paths(session_of: Make) -> None:
    session = session_of(FORM)
    session.answer("/data/t", "x")
    assert session.clear("/data/t") == frozenset({"/data/t"})
    assert session.value("/data/t") == ""
    with pytest.raises(SessionError):
        session.value("/data/nope")
    with pytest.raises(SessionError):
        session.value("/other/t")
    with pytest.raises(SessionError):
        session.answer("/data/meta", "x")


def test_answer_reports_only_what_changed(session_of: Make) -> None:
    session = session_of(FORM)
    assert session.answer("/data/t", "x") == frozenset({"/data/t"})
    assert session.answer("/data/t", "x") == frozenset()
