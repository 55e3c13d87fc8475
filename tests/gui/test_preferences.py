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
    assert "Polski (0% reviewed)" in names and "دری (0% reviewed)" in names
    assert "کوردی (سۆرانی) (0% reviewed)" in names
    assert "English" in names  # the source language has nothing to review
    assert names[0].startswith("Same as the system")


def test_language_list_shows_how_much_native_speakers_reviewed(
        qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    from fieldkit.catalogs import review

    monkeypatch.setattr(review, "progress", lambda: [("so", 250, 1000)])
    dialog = PreferencesDialog(ctx.settings)
    qtbot.addWidget(dialog)
    combo = dialog.editors["ui_language"]
    assert isinstance(combo, QComboBox)
    names = [combo.itemText(i) for i in range(combo.count())]
    assert "Soomaali (25% reviewed)" in names and "Polski" in names


def test_about_shows_review_progress_per_language(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    from fieldkit.catalogs import review
    from fieldkit.gui.about import review_text

    monkeypatch.setattr(review, "progress", lambda: [("so", 250, 1000), ("pl", 0, 900)])
    text = review_text()
    plain = text.replace("\u2068", "").replace("\u2069", "")
    assert "Soomaali: 250 of 1,000 reviewed" in plain and "Polski: 0 of 900 reviewed" in plain


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
