"""The larger-text toggle: keys and buttons on the form screen, kept as a setting."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication
from pytestqt.qtbot import QtBot

from fieldkit.context import AppContext
from fieldkit.gui.interviews import InterviewsWorkspace
from fieldkit.settings import Settings
from tests.gui.interviews.conftest import question
from tests.gui.interviews.test_filling_in import start_attendee_interview

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise",
                                       "This plugin does not support grabbing")


def test_larger_text_by_keys_and_buttons_is_remembered(
        qtbot: QtBot, ctx: AppContext, workspace: InterviewsWorkspace) -> None:
    screen = start_attendee_interview(qtbot, workspace)
    control = workspace.text_size
    assert control is not None and control.percent == 100
    label = question(screen.page_container, "consent").label
    normal = label.font().pointSizeF()
    interface = screen.back_button.font().pointSizeF()
    assert not control.smaller.isEnabled()

    focus = QApplication.focusWidget() or screen
    qtbot.keyClick(focus, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert control.percent == 125
    assert label.font().pointSizeF() == pytest.approx(normal * 1.25)
    assert label.font().bold()  # still the question's own look
    assert screen.back_button.font().pointSizeF() == interface  # the interface stays
    qtbot.mouseClick(control.larger, Qt.MouseButton.LeftButton)
    assert control.percent == 150
    assert label.font().pointSizeF() == pytest.approx(normal * 1.5)
    assert json.loads(ctx.paths.settings_file.read_text())["question_text_size"] == 150
    assert Settings.load(ctx.paths.settings_file).get("question_text_size") == 150

    # New questions on the next page come at the same size.
    yes = question(screen.page_container, "consent").findChild(QAbstractButton, "choice_yes")
    assert yes is not None
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.next_button, Qt.MouseButton.LeftButton)
    name = question(screen.page_container, "attendee_name").label
    assert name.font().pointSizeF() == pytest.approx(normal * 1.5)

    qtbot.keyClick(screen.next_button, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert control.percent == 125
    qtbot.keyClick(screen.next_button, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert control.percent == 100 and not control.smaller.isEnabled()
    assert name.font().pointSizeF() == pytest.approx(normal)
