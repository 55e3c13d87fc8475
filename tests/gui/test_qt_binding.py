"""The Qt binding must not leak references: PySide6 6.12.0 dropped a reference to
None on every call of a void Qt method, and before Python 3.12 that aborts the app
(`Fatal Python error: none_dealloc`) a few thousand clicks into an interview."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot


def test_void_qt_calls_keep_none_alive(qtbot: QtBot) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    before = sys.getrefcount(None)
    for _ in range(500):
        edit.clear()
        edit.setText("x")
    # Other code may take or drop a few references meanwhile, never about 1,000.
    assert abs(sys.getrefcount(None) - before) < 100
