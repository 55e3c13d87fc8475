"""Layout direction follows the UI language; every visible string goes through
translation (checked with the pseudo-locale)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from fieldkit import i18n
from fieldkit.context import AppContext
from fieldkit.gui.about import AboutDialog
from fieldkit.gui.crash_dialog import CrashDialog
from fieldkit.gui.preferences import PreferencesDialog
from fieldkit.gui.qt_i18n import apply_language
from tests.gui.conftest import open_window


def test_window_is_right_to_left_in_sorani(qtbot: QtBot, ctx: AppContext) -> None:
    window = open_window(qtbot, ctx, "ckb")
    assert QGuiApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    # The navigation column sits on the right of the workspace.
    nav = window.navigation.mapTo(window, window.navigation.rect().topLeft())
    stack = window.stack.mapTo(window, window.stack.rect().topLeft())
    assert nav.x() > stack.x()


def test_counts_are_in_the_interface_languages_digits(qtbot: QtBot,
                                                      ctx: AppContext) -> None:
    """Arabic text with "5 استمارات" beside "الصفحة ٥" reads as two scripts' numbers."""
    window = open_window(qtbot, ctx, "ar")
    facts = window.pages[0].findChild(QLabel, "facts").text()
    digits = [ch for ch in facts if ch.isdigit()]
    assert digits and all("\u0660" <= ch <= "\u0669" for ch in digits), facts


def test_switching_language_live_flips_direction_back(qtbot: QtBot, ctx: AppContext) -> None:
    window = open_window(qtbot, ctx, "fa")
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_language(app, "pl")
    qtbot.waitUntil(lambda: window.layoutDirection() == Qt.LayoutDirection.LeftToRight)


def _visible_texts(root: QWidget) -> list[str]:
    texts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.extend(line for line in widget.text().splitlines() if line.strip())
    return texts


def _untranslated(texts: list[str]) -> list[str]:
    return [t for t in texts if not t.lstrip("&\u200e\u200f").startswith("⟦")]


def test_every_visible_string_is_translatable(qtbot: QtBot, ctx: AppContext) -> None:
    i18n.set_pseudo(True)
    window = open_window(qtbot, ctx)
    shown = [window.windowTitle(), window.status_label.text()]
    shown += [window.navigation.item(i).text() for i in range(window.navigation.count())]
    shown += [action.text() for action in window.menuBar().actions()]
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        shown += [a.text() for a in menu.actions() if not a.isSeparator()]  # type: ignore[union-attr]
    for page in window.pages:
        shown += _visible_texts(page)
    dialogs: list[QWidget] = [
        PreferencesDialog(ctx.settings, window),
        AboutDialog(ctx.paths, window.store_text, window),
        CrashDialog("boom", "details", ctx.paths.log_file, window),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        shown.append(dialog.windowTitle())
        shown += _visible_texts(dialog)
    # Data shown as itself, not as text to translate:
    data = {str(ctx.paths.log_file)}
    assert _untranslated([t for t in shown if t not in data]) == []
    assert len(shown) > 30  # the walk really saw the screens
