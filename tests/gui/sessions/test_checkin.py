"""Checking people in at the door, by keyboard only."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fieldkit.attendance.service import AttendanceService
from fieldkit.gui.sessions import SessionsWorkspace
from fieldkit.gui.sessions.checkin_panel import CheckInPanel
from tests.gui.sessions.conftest import press, type_keys

TAB = Qt.Key.Key_Tab


def open_today(workspace: SessionsWorkspace) -> CheckInPanel:
    service = workspace._service()
    assert service is not None
    [today] = service.writer.create_sessions({
        "title": "Roma advice drop-in", "session_date": date(2026, 1, 12),
        "start_time": "10:00", "venue": "Community Centre", "languages": "en ro bg"})
    workspace.refresh()
    panel = workspace.open_session(today)
    assert panel is not None
    return panel


def check_in(qtbot: QtBot, name: str, *, year: str = "", language: str = "",
             adults_children: tuple[str, str] = ("", ""), pick: int = 0) -> None:
    """One person, as a worker types them: consent, name (Down x pick + Enter takes a
    suggestion), year of birth, phone, language, visit type, household, children,
    interpreter; Tab between cells, Tab off the end to the next row."""
    type_keys(qtbot, "y")            # consent: Yes
    press(qtbot, TAB)
    type_keys(qtbot, name)
    if pick:
        for _ in range(pick):
            press(qtbot, Qt.Key.Key_Down)
        press(qtbot, Qt.Key.Key_Return)  # take the suggestion and go on
    else:
        press(qtbot, TAB)
    type_keys(qtbot, year)
    press(qtbot, TAB)
    press(qtbot, TAB)                # phone: not given
    type_keys(qtbot, language)
    press(qtbot, TAB)
    press(qtbot, TAB)                # new or returning: set for us
    type_keys(qtbot, adults_children[0])
    press(qtbot, TAB)
    type_keys(qtbot, adults_children[1])
    press(qtbot, TAB)
    type_keys(qtbot, "n")            # interpreter: No
    press(qtbot, TAB)                # on to the next person's row


def test_sixty_people_checked_in_without_the_mouse(qtbot: QtBot,
                                                   workspace: SessionsWorkspace) -> None:
    panel = open_today(workspace)
    assert panel.grid.hasFocus()
    for i in range(60):
        check_in(qtbot, f"Person Number{i:02d}", year=str(1950 + i), language="Rom",
                 adults_children=("3", "1"))
    model = panel.model
    assert model is not None and model.attendance_count() == 60
    service = workspace.service
    assert service is not None
    records = service.attendances(panel.session.uuid if panel.session else "")
    assert len(records) == 60
    assert {r.value("preferred_language") for r in records} == {"ro"}
    assert all(r.value("consent") == "yes" and r.value("visit_type") == "new" for r in records)
    assert records[59].name == "Person Number59" and records[59].value("year_of_birth") == "2009"
    assert sum(r.number("children") for r in records) == 60
    assert "60 people checked in" in panel.status.text()
    # The row for the next person is current, ready for typing.
    assert panel.grid.currentIndex().row() == 60


def test_returning_people_recognised_across_spelling_and_script(
        qtbot: QtBot, workspace: SessionsWorkspace) -> None:
    panel = open_today(workspace)
    service = workspace.service
    assert service is not None
    earlier = {p.name: p.person for p in service.person_index().people.values()}

    type_keys(qtbot, "y")
    press(qtbot, TAB)
    type_keys(qtbot, "Христо Петров")  # Cyrillic for Hristo Petrov
    assert panel.suggestions.count() >= 1
    assert panel.suggestions.matches[0].person.name == "Hristo Petrov"
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    for _ in range(7):              # the rest of the row, to the next person
        press(qtbot, TAB)
    check_in(qtbot, "Stefan Lacatus", pick=1)         # diacritics left out
    check_in(qtbot, "Jordan Cvetanov", pick=1)        # another transliteration
    check_in(qtbot, "Ana Zamfir")                     # someone new

    records = service.attendances(panel.session.uuid if panel.session else "")
    assert [r.name for r in records] == ["Hristo Petrov", "Ștefan Lăcătuș", "Yordan Tsvetanov",
                                         "Ana Zamfir"]
    assert [r.person for r in records[:3]] == [earlier["Hristo Petrov"],
                                                earlier["Ștefan Lăcătuș"],
                                                earlier["Yordan Tsvetanov"]]
    assert [r.value("visit_type") for r in records] == ["returning"] * 3 + ["new"]
    assert records[0].value("year_of_birth") == "1980"  # known from last time
    figures = service.session_figures(records[0].session_uuid)
    assert (figures.new, figures.returning, figures.anonymous) == (1, 3, 0)


@pytest.mark.parametrize(("known", "typed"), [
    ("Hristo Petrov", "Христо Петров"),    # known in Latin, typed in Cyrillic
    ("Мария Иванова", "Maria Ivanova"),    # known in Cyrillic, typed in Latin
])
def test_a_name_in_the_other_script_is_suggested_and_enter_takes_it(
        qtbot: QtBot, workspace: SessionsWorkspace, known: str, typed: str) -> None:
    service = workspace.service or workspace._service()
    assert service is not None
    [before] = service.writer.create_sessions({
        "title": "Roma advice drop-in", "session_date": date(2026, 1, 8), "start_time": "10:00",
        "venue": "Community Centre", "languages": "bg"})
    service.writer.add_attendance(before, {"consent": "yes", "attendee_name": "Мария Иванова",
                                           "year_of_birth": "1969", "preferred_language": "bg"})
    person = {p.name: p.person for p in service.person_index().people.values()}[known]
    panel = open_today(workspace)

    type_keys(qtbot, "y")
    press(qtbot, TAB)
    type_keys(qtbot, typed)
    # Shown beside the name being typed, the known person first.
    assert panel.suggestion_box.isVisible()
    assert panel.suggestions.matches[0].person.person == person
    assert panel.suggestions.item(0).text().startswith(known)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    assert not panel.suggestion_box.isVisible()
    model = panel.model
    assert model is not None
    assert panel.grid.currentIndex().column() == model.column_of("attendee_name") + 1
    [record] = service.attendances(model.session_uuid)
    assert (record.name, record.person) == (known, person)
    assert record.value("visit_type") == "returning"


def test_suggestions_take_no_room_until_a_name_is_typed(
        qtbot: QtBot, workspace: SessionsWorkspace) -> None:
    panel = open_today(workspace)
    assert not panel.suggestion_box.isVisible()
    type_keys(qtbot, "y")
    press(qtbot, TAB)
    type_keys(qtbot, "Stefan Lacatus")
    assert panel.suggestion_box.isVisible()
    # It floats by the name cell, inside the panel, and Escape ends it with the edit.
    box = panel.suggestion_box.geometry()
    assert panel.rect().contains(box)
    press(qtbot, Qt.Key.Key_Escape)
    assert not panel.suggestion_box.isVisible()
    assert panel.model is not None and panel.model.rows[0].values.get("attendee_name", "") == ""


def test_year_of_birth_confirms_a_suggestion(qtbot: QtBot, workspace: SessionsWorkspace) -> None:
    open_today(workspace)
    service = workspace.service
    assert isinstance(service, AttendanceService)
    found = service.person_index().suggest("Hristo Petroff", year_of_birth="1980")
    assert found[0].confirmed_by == ("year_of_birth",)


def test_a_person_who_declines_is_counted_without_identifiers(
        qtbot: QtBot, workspace: SessionsWorkspace) -> None:
    panel = open_today(workspace)
    type_keys(qtbot, "n")          # consent: No
    press(qtbot, TAB)              # name, year, phone are closed: on to language
    model = panel.model
    assert model is not None and model.attendance_count() == 1
    assert model.rows[0].declined
    assert panel.grid.currentIndex().column() != model.column_of("attendee_name")
    service = workspace.service
    assert service is not None
    [record] = service.attendances(model.session_uuid)
    assert record.anonymous and not record.person


def test_details_of_a_person_are_saved(qtbot: QtBot, workspace: SessionsWorkspace) -> None:
    panel = open_today(workspace)
    check_in(qtbot, "Ana Zamfir")
    panel.grid.setCurrentIndex(panel.grid.model().index(0, 0))
    assert panel.details.uuid is not None
    outcome = next(w for p, w in panel.details.widgets.items() if p.endswith("/followup"))
    outcome.answered.emit(outcome.path, "yes")
    due = next(w for p, w in panel.details.widgets.items() if p.endswith("/followup_date"))
    assert due.isVisibleTo(panel.details)
    due.answered.emit(due.path, date(2026, 1, 20))
    service = workspace.service
    assert service is not None
    [follow] = service.followups()
    assert follow.name == "Ana Zamfir" and follow.due == date(2026, 1, 20)
