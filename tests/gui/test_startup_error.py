from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from fieldkit.gui import startup_error


def test_no_dialog_where_nobody_could_see_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert not startup_error.can_show_dialogs()
    startup_error.show_startup_error("must not block")  # returns at once


def test_dialog_on_a_desktop(qapp: QApplication, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setenv("DISPLAY", ":0")
    assert startup_error.can_show_dialogs()
    shown: list[str] = []
    monkeypatch.setattr("fieldkit.gui.crash.show_environment_problem", shown.append)
    startup_error.show_startup_error("Cannot write to the folder /x")
    assert shown == ["Cannot write to the folder /x"]
