"""Creating a session, and a recurring series, in the New session dialog by keyboard."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fieldkit.gui.sessions import SessionsWorkspace
from fieldkit.gui.sessions.new_session_dialog import NewSessionDialog
from tests.gui.sessions.conftest import focused, press, type_keys

TAB = Qt.Key.Key_Tab


def open_dialog(qtbot: QtBot, workspace: SessionsWorkspace) -> NewSessionDialog:
    qtbot.keyClick(workspace, Qt.Key.Key_N,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = workspace.new_dialog
    assert isinstance(dialog, NewSessionDialog)
    qtbot.waitUntil(dialog.isVisible)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.edits["title"])
    return dialog


def fill_in(qtbot: QtBot, title: str, when: str, *, start: str, end: str, venue: str) -> None:
    """Title, date, start and end, venue, then organiser, partners, advisers and
    interpreters left empty: the worker's way through the dialog with Tab."""
    type_keys(qtbot, title)
    press(qtbot, TAB)
    type_keys(qtbot, when)           # digits only: each part moves on to the next when full
    press(qtbot, TAB)
    type_keys(qtbot, start)
    press(qtbot, TAB)
    type_keys(qtbot, end)
    press(qtbot, TAB)
    type_keys(qtbot, venue)
    for _field in ("organiser", "partners", "advisers", "interpreters"):
        press(qtbot, TAB)
    assert focused().objectName() == "session_interpreters"
    press(qtbot, TAB)


def test_a_fortnightly_series_by_keyboard(qtbot: QtBot, workspace: SessionsWorkspace) -> None:
    service = workspace._service()
    assert service is not None
    known = len(service.sessions())
    dialog = open_dialog(qtbot, workspace)
    fill_in(qtbot, "Bulgarian Roma drop-in", "20260203", start="0930", end="1200",
            venue="St Mark's Hall")
    # Languages: English is ticked already; Space ticks the one under the cursor.
    assert focused().objectName() == "session_languages"
    names = [dialog.languages.item(i).data(Qt.ItemDataRole.UserRole)
             for i in range(dialog.languages.count())]
    press(qtbot, Qt.Key.Key_Home)
    for code in ("ro", "bg"):
        while dialog.languages.currentItem().data(Qt.ItemDataRole.UserRole) != code:
            press(qtbot, Qt.Key.Key_Down)
        press(qtbot, Qt.Key.Key_Space)
        names.remove(code)
    press(qtbot, TAB)
    # Repeats: every two weeks; the number of sessions opens up, 6 by default.
    assert focused().objectName() == "session_recurrence"
    assert not dialog.count.isEnabled()
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)
    assert dialog.recurrence.currentData() == "fortnightly"
    assert dialog.count.isEnabled() and dialog.count.value() == 6
    press(qtbot, TAB)
    assert focused().objectName() == "session_count"
    type_keys(qtbot, "4")
    press(qtbot, TAB)
    assert focused().objectName() == "session_notes"
    type_keys(qtbot, "Bring the housing leaflets")
    press(qtbot, TAB)                # Tab leaves the notes, it does not type a tab
    assert dialog.notes.toPlainText() == "Bring the housing leaflets"
    press(qtbot, Qt.Key.Key_Return)  # OK
    qtbot.waitUntil(lambda: not dialog.isVisible())

    made = [s for s in service.sessions()][known:]
    assert [s.date for s in made] == [date(2026, 2, 3), date(2026, 2, 17), date(2026, 3, 3),
                                      date(2026, 3, 17)]
    first = made[0]
    assert {s.series for s in made} == {first.series} and first.series
    assert first.title == "Bulgarian Roma drop-in" and first.venue == "St Mark's Hall"
    assert (first.start_time, first.end_time) == ("09:30", "12:00")
    assert set(first.languages) == {"en", "ro", "bg"}
    assert first.value("recurrence") == "fortnightly"
    assert first.value("notes") == "Bring the housing leaflets"
    # The first of them is open for check-in, the grid ready for typing.
    panel = workspace.checkin
    assert panel is not None and panel.session is not None and panel.session.uuid == first.uuid
    # (the window's focus, which it has again once the window manager reactivates it)
    assert workspace.window().focusWidget() is panel.grid


def test_one_session_and_what_it_needs(qtbot: QtBot, workspace: SessionsWorkspace) -> None:
    service = workspace._service()
    assert service is not None
    known = len(service.sessions())
    dialog = open_dialog(qtbot, workspace)
    press(qtbot, Qt.Key.Key_Return)  # nothing filled in: it says what is missing, stays open
    assert dialog.isVisible()
    assert "name and a venue" in dialog.problem.text()
    fill_in(qtbot, "Advice drop-in", "20260407", start="1000", end="1300", venue="Library")
    assert dialog.count.value() == 1 and not dialog.count.isEnabled()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    [made] = service.sessions()[known:]
    assert (made.title, made.date, made.venue) == ("Advice drop-in", date(2026, 4, 7), "Library")
    assert made.languages == ("en",) and not made.series


def test_escape_creates_nothing(qtbot: QtBot, workspace: SessionsWorkspace) -> None:
    service = workspace._service()
    assert service is not None
    known = len(service.sessions())
    dialog = open_dialog(qtbot, workspace)
    type_keys(qtbot, "Not this one")
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert len(service.sessions()) == known
