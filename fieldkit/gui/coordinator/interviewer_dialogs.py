"""The Interviewers tab's dialogs: a new interviewer's enrolment code, shown once
with a slip to print, and the languages an interviewer speaks."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldkit.i18n import UI_LANGUAGES, _, current_language, is_rtl, isolate, language_name

if TYPE_CHECKING:
    pass


class CodeDialog(QDialog):
    """Shows a new interviewer's enrolment code, once, with *Print code slip…*."""

    def __init__(self, store_project: tuple[str, str], name: str, code: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("enrolmentCode")
        self.setWindowTitle(_("Enrolment code"))
        self.project, self.organisation = store_project
        self.name, self.code = name, code
        self.file_dialog: QFileDialog | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(_("{name} is on the roster. Their enrolment code is shown only "
                         "now: print the slip or write the code down, and hand it to "
                         "{name} in person.").format(name=isolate(name)))
        intro.setWordWrap(True)
        self.code_label = QLabel(code)
        self.code_label.setObjectName("code")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        self.code_label.setFont(font)
        self.code_label.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        slip_row = QHBoxLayout()
        self.language = QComboBox()
        self.language.setObjectName("slipLanguage")
        for lang in UI_LANGUAGES:
            self.language.addItem(language_name(lang), lang)
        self.language.setCurrentIndex(max(0, self.language.findData(current_language())))
        slip_label = QLabel(_("Slip in:"))
        slip_label.setBuddy(self.language)
        self.print_button = QPushButton(_("&Print code slip…"))
        self.print_button.setObjectName("printSlip")
        self.print_button.clicked.connect(self.choose_slip_file)
        self.copy_button = QPushButton(_("&Copy code"))
        self.copy_button.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(self.code))
        slip_row.addWidget(slip_label)
        slip_row.addWidget(self.language)
        slip_row.addWidget(self.print_button)
        slip_row.addWidget(self.copy_button)
        slip_row.addStretch(1)
        self.slip_result = QLabel()
        self.slip_result.setObjectName("slipResult")
        self.slip_result.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(intro)
        layout.addWidget(self.code_label)
        layout.addLayout(slip_row)
        layout.addWidget(self.slip_result)
        layout.addWidget(buttons)

    def choose_slip_file(self) -> None:
        from fieldkit.gui.coordinator.project_tab import file_stem

        dialog = QFileDialog(self, _("Print code slip"),
                             str(Path.home() / f"{file_stem(self.name)}-code-slip.pdf"))
        dialog.setObjectName("slipDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(_("PDF files (*.pdf)"))
        dialog.setDefaultSuffix("pdf")
        dialog.fileSelected.connect(lambda f: self.write_slip(Path(f)))
        dialog.finished.connect(dialog.deleteLater)
        self.file_dialog = dialog
        dialog.open()

    def write_slip(self, path: Path) -> None:
        from fieldkit.errors import FieldkitError
        from fieldkit.gui.sessions.printing import write_pdf
        from fieldkit.sync.roster import code_slip_html

        lang = str(self.language.currentData())
        html = code_slip_html(project=self.project, organisation=self.organisation,
                              interviewer=self.name, code=self.code, language=lang)
        try:
            write_pdf(html, path, right_to_left=is_rtl(lang), title=self.name,
                      landscape=False)
        except FieldkitError as exc:
            self.slip_result.setText(str(exc))
            return
        self.slip_result.setText(_("Wrote {path}.").format(path=isolate(path)))


class LanguagesDialog(QDialog):
    """Tick the languages an interviewer speaks."""

    def __init__(self, name: str, chosen: tuple[str, ...],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("interviewerLanguages")
        self.setWindowTitle(_("Languages {name} speaks").format(name=name))
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setObjectName("languages")
        codes = list(dict.fromkeys([*UI_LANGUAGES, *chosen]))
        for code in codes:
            item = QListWidgetItem(language_name(code))
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code in chosen
                               else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def codes(self) -> list[str]:
        out = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out
