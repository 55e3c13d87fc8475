from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from fieldkit.cli import build_parser, make_context
from fieldkit.context import AppContext
from fieldkit.gui.fonts import apply_app_font, register_bundled_fonts
from fieldkit.gui.main_window import MainWindow
from fieldkit.gui.qt_i18n import apply_language
from fieldkit.projects import current_project


@pytest.fixture
def ctx() -> Iterator[AppContext]:
    context = make_context(build_parser().parse_args(["gui"]))
    yield context
    context.close()


def open_window(qtbot: QtBot, ctx: AppContext, language: str = "en") -> MainWindow:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    register_bundled_fonts()
    apply_app_font(0)
    ctx.ui_language = apply_language(app, language)
    window = MainWindow(ctx, current_project(ctx.store).id)
    qtbot.addWidget(window)
    window.refresh()
    with qtbot.waitExposed(window):
        window.show()
    return window


@pytest.fixture(autouse=True)
def english_qt_afterwards(qapp: QApplication) -> Iterator[None]:
    yield
    apply_language(qapp, "en")
