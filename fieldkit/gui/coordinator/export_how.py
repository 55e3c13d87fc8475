"""The Export tab's "How" and "where": format (and .zip), label language, codes or
labels, what happens to personal data, and the path to write to, kept in step with
the format. It works on the widgets of ``ui/export_tab.ui``; the rules are
:mod:`fieldkit.exports.destination`'s."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from fieldkit.exports import destination
from fieldkit.exports.remembered import RememberedExport
from fieldkit.gui.uiloader import child
from fieldkit.i18n import N_, _

if TYPE_CHECKING:
    from collections.abc import Sequence

    from fieldkit.exports.form_choices import FormChoice

#: (format, name shown) in the order offered.
FORMAT_NAMES = (
    ("csv", N_("CSV: one file per form and per repeat")),
    ("xlsx", N_("Excel workbook (.xlsx)")),
    ("sav", N_("SPSS (.sav)")),
    ("dta", N_("Stata (.dta)")),
)
#: (choice, name, what it does in one line) for personal data.
PERSONAL = (
    ("keep", N_("Keep as entered"),
     N_("Names and other personal answers are written as the interviewers typed them: "
        "keep the files safe.")),
    ("pseudonymise", N_("Pseudonymise"),
     N_("Each personal answer becomes a code (P-…), the same in every export of this "
        "project; the code cannot be turned back into the name.")),
    ("drop", N_("Leave out"),
     N_("Personal answers are not written at all; the codebook lists what was left out.")),
)


class ExportHow(QObject):
    def __init__(self, form: QWidget, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self.file_dialog: QFileDialog | None = None
        # The remembered label language, until the forms (and their languages) load.
        self._remembered_language: str | None = None
        self.format_combo = child(form, QComboBox, "exportFormat")
        for fmt, _name in FORMAT_NAMES:
            self.format_combo.addItem("", fmt)
        self.zip_box = child(form, QCheckBox, "asZip")
        self.format_combo.currentIndexChanged.connect(lambda _i: self.format_changed())
        self.zip_box.toggled.connect(lambda _on: self.format_changed())
        self.language_combo = child(form, QComboBox, "labelLanguage")
        self.codes_button = child(form, QRadioButton, "choiceCodes")
        self.labels_button = child(form, QRadioButton, "choiceLabels")
        self.choices_hint = child(form, QLabel, "choicesHint")
        personal = child(form, QGridLayout, "personalGrid")
        personal.setColumnStretch(1, 1)  # the hints take the width
        self.personal_group = QButtonGroup(self)
        self.personal_buttons: dict[str, QRadioButton] = {}
        self.personal_hints: dict[str, QLabel] = {}
        for index, (choice, _name, _hint) in enumerate(PERSONAL):
            button = QRadioButton()
            button.setObjectName(f"personal_{choice}")
            hint = QLabel()
            hint.setWordWrap(True)
            self.personal_group.addButton(button)
            self.personal_buttons[choice] = button
            self.personal_hints[choice] = hint
            personal.addWidget(button, index, 0, Qt.AlignmentFlag.AlignTop)
            personal.addWidget(hint, index, 1, Qt.AlignmentFlag.AlignTop)
        self.personal_buttons["pseudonymise"].setChecked(True)  # the safer default
        self.out_edit = child(form, QLineEdit, "exportPath")
        child(form, QPushButton, "browseExport").clicked.connect(self.choose_path)

    def retranslate(self) -> None:
        for index, (_fmt, name) in enumerate(FORMAT_NAMES):
            self.format_combo.setItemText(index, _(name))
        for choice, name, hint in PERSONAL:
            self.personal_buttons[choice].setText(_(name))
            self.personal_hints[choice].setText(_(hint))
        self.format_changed()

    # -- what is chosen ---------------------------------------------------------------

    def export_format(self) -> str:
        return str(self.format_combo.currentData())

    def as_zip(self) -> bool:
        return destination.can_zip(self.export_format()) and self.zip_box.isChecked()

    def suffix(self) -> str:
        """The suffix the path must have ("" for a folder)."""
        return destination.suffix_for(self.export_format(), self.as_zip())

    def personal(self) -> str:
        return next(c for c, b in self.personal_buttons.items() if b.isChecked())

    def choices(self) -> str:
        """Codes or labels for the export (SPSS and Stata always keep the codes)."""
        labels = (self.labels_button.isChecked()
                  and self.export_format() in destination.LABEL_FORMATS)
        return "labels" if labels else "codes"

    def out(self) -> Path:
        """Where to write; InvalidInput says what is wrong with the typed path."""
        return destination.resolve(self.out_edit.text(), self.suffix())

    # -- keeping the choices in step --------------------------------------------------

    def format_changed(self) -> None:
        fmt = self.export_format()
        self.zip_box.setEnabled(destination.can_zip(fmt))
        stats = fmt not in destination.LABEL_FORMATS
        self.codes_button.setEnabled(not stats)
        self.labels_button.setEnabled(not stats)
        self.choices_hint.setText(
            _("SPSS and Stata files keep the codes and carry the labels as value labels.")
            if stats else "")
        self.choices_hint.setVisible(stats)
        suffix = self.suffix()
        self.out_edit.setPlaceholderText(
            _("a file name ending in {suffix}").format(suffix=suffix) if suffix
            else _("a folder: one file per form and per repeat goes into it"))
        text = self.out_edit.text().strip()
        if text and destination.follow_format(text, suffix) != text:
            self.out_edit.setText(destination.follow_format(text, suffix))

    def fill_languages(self, forms: Sequence[FormChoice]) -> None:
        """The languages of ``forms`` (the ticked ones, or all), each code once (the
        export matches by code)."""
        from fieldkit.exports.labels import language_key

        chosen = self.language_combo.currentData()
        if forms and self._remembered_language is not None:
            # Once, when the languages are known; one no ticked form has is dropped.
            chosen, self._remembered_language = self._remembered_language, None
        self.language_combo.blockSignals(True)
        self.language_combo.clear()
        self.language_combo.addItem(_("Each form's default language"), None)
        seen: set[str] = set()
        for choice in forms:
            for name in choice.languages:
                code = language_key(name)
                if code not in seen:
                    seen.add(code)
                    self.language_combo.addItem(name, code)
        index = self.language_combo.findData(chosen) if chosen is not None else 0
        self.language_combo.setCurrentIndex(max(index, 0))
        self.language_combo.blockSignals(False)

    def choose_path(self) -> None:
        suffix = self.suffix()
        start = (self.out_edit.text().strip()
                 or str(Path.home() / f"export-{date.today().isoformat()}{suffix}"))
        if suffix:
            dialog = QFileDialog(self._parent, _("Export to file"), start)
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setNameFilter(_("Excel workbooks (*.xlsx)") if suffix == ".xlsx"
                                 else _("Zip files (*.zip)"))
            dialog.setDefaultSuffix(suffix[1:])
        else:
            dialog = QFileDialog(self._parent, _("Export into folder"), str(Path(start).parent))
            dialog.setFileMode(QFileDialog.FileMode.Directory)
            dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setObjectName("exportDialog")
        dialog.fileSelected.connect(self.out_edit.setText)
        dialog.finished.connect(dialog.deleteLater)
        self.file_dialog = dialog
        dialog.open()

    # -- remembered -------------------------------------------------------------------

    def remember(self, state: RememberedExport) -> None:
        """Show the remembered choices; anything not offered now is skipped
        (fieldkit.exports.remembered checks them)."""
        index = self.format_combo.findData(state.format) if state.format else -1
        if index >= 0:
            self.format_combo.setCurrentIndex(index)
        if state.zip is not None:
            self.zip_box.setChecked(state.zip)
        if state.personal in self.personal_buttons:
            self.personal_buttons[state.personal].setChecked(True)
        if state.choices is not None:
            button = self.labels_button if state.choices == "labels" else self.codes_button
            button.setChecked(True)
        if state.language:
            self._remembered_language = state.language
        if state.path is not None:
            self.out_edit.setText(state.path)
