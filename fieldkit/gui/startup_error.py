"""Showing an error found before the app proper could start (e.g. an unwritable
data folder), for a user who started fieldkit from a menu and sees no terminal."""

from __future__ import annotations

import os
import sys


def can_show_dialogs() -> bool:
    if os.environ.get("QT_QPA_PLATFORM", "") in ("offscreen", "minimal"):
        return False  # nobody would see it, and a modal dialog would wait forever
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    else:  # a platform check mypy understands: no "unreachable" on Linux
        return True


def show_startup_error(message: str) -> None:
    if not can_show_dialogs():
        return
    from PySide6.QtWidgets import QApplication

    from fieldkit.gui.crash import show_environment_problem

    QApplication.instance() or QApplication([sys.argv[0]])
    show_environment_problem(message)
