"""The sign-in sheet's headings: in each of the session's languages the attendee
form has, and a note naming those it has not."""

from __future__ import annotations

from functools import cache

from fieldkit.attendance.paper import sheet_languages, sign_in_sheet_html
from fieldkit.attendance.records import SessionInfo
from fieldkit.forms import Form, load_form
from fieldkit.packaged import resource


@cache
def attendee_form() -> Form:
    return load_form(resource("forms", "advice_session_attendee.md"))


def session(languages: str) -> SessionInfo:
    return SessionInfo("s1", {"title": "Roma advice drop-in", "session_date": "2026-03-02",
                              "venue": "Community Centre", "languages": languages})


def test_bulgarian_headings_for_a_session_in_bulgarian() -> None:
    html = sign_in_sheet_html(session("bg ro"), attendee_form(), "en")
    assert sheet_languages(session("bg ro"), attendee_form(), "en") == ["en", "bg", "ro"]
    for heading in ("Име или инициали", "Предпочитан език",
                    "Колко души има в домакинството?", "Nume sau inițiale"):
        assert heading in html
    assert 'lang="bg"' in html and "has no text in" not in html


def test_a_language_the_form_lacks_is_named() -> None:
    html = sign_in_sheet_html(session("bg ti"), attendee_form(), "bg")
    assert sheet_languages(session("bg ti"), attendee_form(), "bg") == ["bg"]
    assert "Име или инициали" in html and "Name or initials" not in html
    assert "has no text in: ti" in html
