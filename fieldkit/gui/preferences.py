"""Preferences, built from the setting declarations in fieldkit.settings."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fieldkit import i18n
from fieldkit.gui.locale_numbers import number
from fieldkit.gui.uiloader import child, load_ui
from fieldkit.i18n import _
from fieldkit.settings import Setting, Settings, SettingValue


def _choice_text(setting: Setting, value: SettingValue,
                 reviewed: dict[str, tuple[int, int]] | None = None) -> str:
    if setting.name == "ui_language":
        if value == "":
            return _("Same as the system ({language})").format(
                language=i18n.language_name(i18n.system_language()))
        done, total = (reviewed or {}).get(str(value), (0, 0))
        if total:
            # Translators: a language in the list of interface languages, with how much
            # of its translation native speakers have checked.
            return _("{language} ({percent}% reviewed)").format(
                language=i18n.language_name(str(value)), percent=number(done * 100 // total))
        return i18n.language_name(str(value))
    return str(value)


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(_("Preferences"))
        self.setMinimumWidth(560)
        QVBoxLayout(self)
        form = load_ui("preferences.ui", self)
        self.settings_layout = child(form, QVBoxLayout, "settingsLayout")
        buttons = child(form, QDialogButtonBox, "buttons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.editors: dict[str, QWidget] = {}
        from fieldkit.catalogs.review import progress

        self.reviewed = {code: (done, total) for code, done, total in progress()}
        for index, (setting, value) in enumerate(settings):
            editor = self._editor(setting, value)
            editor.setObjectName(f"setting_{setting.name}")
            editor.setToolTip(_(setting.help))
            self.editors[setting.name] = editor
            # Title, control, then the explanation: stacked, so long translations wrap
            # instead of being squeezed beside the control.
            title = QLabel(_(setting.title))
            bold = QFont(title.font())
            bold.setBold(True)
            title.setFont(bold)
            title.setBuddy(editor)
            help_label = QLabel(_(setting.help))
            help_label.setWordWrap(True)
            help_font = QFont(help_label.font())
            help_font.setPointSizeF(help_font.pointSizeF() * 0.9)
            help_label.setFont(help_font)  # smaller, but full contrast: it must be readable
            if index:
                self.settings_layout.addSpacing(12)
            self.settings_layout.addWidget(title)
            self.settings_layout.addWidget(editor)
            self.settings_layout.addWidget(help_label)

    def _editor(self, setting: Setting, value: SettingValue) -> QWidget:
        if setting.choices is not None:
            combo = QComboBox()
            for choice in setting.choices():
                combo.addItem(_choice_text(setting, choice, self.reviewed), choice)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            return combo
        if setting.type is bool:
            box = QCheckBox()
            box.setChecked(bool(value))
            return box
        if setting.type is int:
            spin = QSpinBox()
            spin.setRange(setting.minimum or 0, setting.maximum or 999)
            if setting.name == "font_size":
                spin.setSpecialValueText(_("System size"))
            spin.setValue(int(value))
            return spin
        raise TypeError(f"no editor for setting {setting.name}")

    def values(self) -> dict[str, SettingValue]:
        out: dict[str, SettingValue] = {}
        for name, editor in self.editors.items():
            if isinstance(editor, QComboBox):
                out[name] = editor.currentData()
            elif isinstance(editor, QCheckBox):
                out[name] = editor.isChecked()
            elif isinstance(editor, QSpinBox):
                out[name] = editor.value()
        return out
