"""A main window whose practice project holds the default forms, on the Advice
sessions workspace, with one earlier session of people who may come back."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from fieldkit.attendance.service import AttendanceService
from fieldkit.context import AppContext
from fieldkit.gui.main_window import MainWindow
from fieldkit.gui.sessions import SessionsWorkspace
from fieldkit.projects import current_project
from fieldkit.store.models import Form
from tests.gui.conftest import open_window
from tests.interviews.conftest import default_form_rows  # noqa: F401 - a fixture

EARLIER = [("Hristo Petrov", "1980"), ("Ștefan Lăcătuș", "1975"), ("Yordan Tsvetanov", ""),
           ("Maria Căldărar", "1990")]


@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext,
           default_form_rows: list[dict[str, object]]) -> MainWindow:  # noqa: F811
    project_id = current_project(ctx.store).id
    with ctx.store.session() as session:
        session.add_all([Form(project_id=project_id, **row) for row in default_form_rows])
    service = AttendanceService(ctx.store, project_id)
    [earlier] = service.writer.create_sessions({
        "title": "Roma advice drop-in", "session_date": date(2026, 1, 5), "start_time": "10:00",
        "venue": "Community Centre", "languages": "en ro bg"})
    for name, year in EARLIER:
        service.writer.add_attendance(earlier, {"consent": "yes", "attendee_name": name,
                                                "year_of_birth": year,
                                                "preferred_language": "ro"})
    window = open_window(qtbot, ctx)
    with qtbot.waitActive(window):
        window.activateWindow()
    return window


@pytest.fixture
def workspace(qtbot: QtBot, window: MainWindow) -> SessionsWorkspace:
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page = window.stack.currentWidget()
    assert isinstance(page, SessionsWorkspace)
    return page


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_keys(qtbot: QtBot, text: str) -> None:
    """Type ``text`` into the focused widget; QTest cannot type letters outside
    Latin-1 (it aborts), so those arrive as key events carrying the text, as an
    input method delivers them."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(focused(), char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(focused(), QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                        char))


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
          ) -> None:
    qtbot.keyClick(focused(), key, modifier)
