from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QDialog, QSpinBox
from pytestqt.qtbot import QtBot

from fieldkit import i18n
from fieldkit.context import AppContext
from fieldkit.gui import preferences
from fieldkit.gui.preferences import PreferencesDialog
from fieldkit.settings import SETTINGS
from tests.gui.conftest import open_window


def test_one_editor_per_declared_setting(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = PreferencesDialog(ctx.settings)
    qtbot.addWidget(dialog)
    assert set(dialog.editors) == {s.name for s in SETTINGS}
    combo = dialog.editors["ui_language"]
    assert isinstance(combo, QComboBox)
    names = [combo.itemText(i) for i in range(combo.count())]
    assert "Polski" in names and "کوردی (سۆرانی)" in names and "دری" in names
    assert names[0].startswith("Same as the system")


def test_accepting_saves_and_applies(qtbot: QtBot, ctx: AppContext,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, ctx)

    class Accepting(PreferencesDialog):
        def exec(self) -> int:
            combo = self.editors["ui_language"]
            assert isinstance(combo, QComboBox)
            combo.setCurrentIndex(combo.findData("ckb"))
            spin = self.editors["font_size"]
            assert isinstance(spin, QSpinBox)
            spin.setValue(15)
            return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(preferences, "PreferencesDialog", Accepting)
    window.open_preferences()
    saved = json.loads(ctx.paths.settings_file.read_text(encoding="utf-8"))
    assert saved == {"ui_language": "ckb", "font_size": 15}
    assert i18n.current_language() == "ckb"
    assert QGuiApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert QGuiApplication.font().pointSize() == 15


def test_cancel_changes_nothing(qtbot: QtBot, ctx: AppContext,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, ctx)
    monkeypatch.setattr(PreferencesDialog, "exec",
                        lambda self: QDialog.DialogCode.Rejected.value)
    window.open_preferences()
    assert not ctx.paths.settings_file.exists()
    assert i18n.current_language() == "en"
