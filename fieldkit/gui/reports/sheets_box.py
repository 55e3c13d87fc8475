"""The Reports view's box for the fact sheet and the feedback to participants: the
language, the feedback's community and variants, *Make fact sheet…*, *Make
feedback…*, *Cancel* and *Open*. Each is made by ``fieldkit report facts`` or
``report feedback`` in a process of its own (off the UI thread, in any language), so
a statement or paragraph not written in the language is reported in the box as the
command reports it (one line), and nothing is written. *Statements…* and
*Feedback…* open the dialogs where the statements and the feedback's paragraphs and
figures are written (built when first opened)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QProcess, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from fieldkit.i18n import UI_LANGUAGES, _, current_language, isolate, language_name

if TYPE_CHECKING:
    from fieldkit.gui.reports.feedback_dialog import FeedbackDialog
    from fieldkit.gui.reports.statements_dialog import StatementsDialog
    from fieldkit.gui.reports.tab import ReportsView


class SheetsBox(QGroupBox):
    def __init__(self, view: ReportsView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.setObjectName("reportSheets")
        self.process: QProcess | None = None
        self.made: Path | None = None
        self.language = QComboBox()
        self.language.setObjectName("sheetsLanguage")
        for code in UI_LANGUAGES:
            self.language.addItem(language_name(code), code)
        self.language.setCurrentIndex(max(self.language.findData(current_language()), 0))
        self.community = QLineEdit()
        self.community.setObjectName("feedbackCommunity")
        self.large_print = QCheckBox()
        self.large_print.setObjectName("feedbackLargePrint")
        self.easy_read = QCheckBox()
        self.easy_read.setObjectName("feedbackEasyRead")
        self.language_label, self.community_label = QLabel(), QLabel()
        form = QFormLayout(self)
        form.addRow(self.language_label, self.language)
        form.addRow(self.community_label, self.community)
        variants = QHBoxLayout()
        variants.addWidget(self.large_print)
        variants.addWidget(self.easy_read)
        variants.addStretch(1)
        form.addRow("", variants)
        buttons = QHBoxLayout()
        self.facts_button = QPushButton()
        self.facts_button.setObjectName("makeFactSheet")
        self.facts_button.clicked.connect(lambda: self._choose("facts"))
        self.feedback_button = QPushButton()
        self.feedback_button.setObjectName("makeFeedback")
        self.feedback_button.clicked.connect(lambda: self._choose("feedback"))
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelSheet")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button = QPushButton()
        self.open_button.setObjectName("openSheet")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_sheet)
        for button in (self.facts_button, self.feedback_button, self.cancel_button,
                       self.open_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        writing = QHBoxLayout()
        self.statements_button = QPushButton()
        self.statements_button.setObjectName("editStatements")
        self.statements_button.clicked.connect(self.edit_statements)
        self.items_button = QPushButton()
        self.items_button.setObjectName("editFeedback")
        self.items_button.clicked.connect(self.edit_feedback)
        writing.addWidget(self.statements_button)
        writing.addWidget(self.items_button)
        writing.addStretch(1)
        form.addRow(writing)
        form.addRow(buttons)
        self.statements: StatementsDialog | None = None
        self.feedback_items: FeedbackDialog | None = None
        self.status = QLabel()
        self.status.setObjectName("sheetsStatus")
        self.status.setWordWrap(True)
        form.addRow(self.status)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Fact sheet and feedback to participants"))
        self.language_label.setText(_("Language"))
        self.community_label.setText(_("Feedback for"))
        self.community.setPlaceholderText(_("a community's code, e.g. roma (none: everyone)"))
        self.large_print.setText(_("Large print"))
        self.easy_read.setText(_("Easy read"))
        self.facts_button.setText(_("Make fact sheet…"))
        self.feedback_button.setText(_("Make feedback…"))
        self.cancel_button.setText(_("Cancel"))
        self.open_button.setText(_("Open"))
        self.statements_button.setText(_("Statements…"))
        self.items_button.setText(_("Feedback…"))
        for dialog in (self.statements, self.feedback_items):
            if dialog is not None:
                dialog.retranslate()

    def edit_statements(self) -> None:
        """The fact sheet's statements (its module loaded on first use)."""
        if self.statements is None:
            from fieldkit.gui.reports.statements_dialog import StatementsDialog

            self.statements = StatementsDialog(self.view)
        else:
            self.statements.reload()
        self.statements.open()

    def edit_feedback(self) -> None:
        """The feedback's paragraphs and figures for the chosen form."""
        if self.feedback_items is None:
            from fieldkit.gui.reports.feedback_dialog import FeedbackDialog

            self.feedback_items = FeedbackDialog(self.view)
        else:
            self.feedback_items.take_forms()  # the tab's forms may have changed
        self.feedback_items.open()

    def _choose(self, kind: str) -> None:
        name = _("fact-sheet") if kind == "facts" else _("feedback")
        suggested = str(Path.home() / f"{name}-{self.language.currentData()}.pdf")
        path, _filter = QFileDialog.getSaveFileName(self, _("Save as"), suggested,
                                                    _("PDF (*.pdf)"))
        if path:
            self.make(kind, Path(path))

    def make(self, kind: str, path: Path) -> None:
        """Make the fact sheet (``facts``) or the feedback (``feedback``) into ``path``."""
        from fieldkit.gui.open_folder import launch_command

        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        ctx = self.view.ctx
        program, args = launch_command(ctx.paths.data_dir, ctx.db_url)
        args += ["--lang", str(self.language.currentData()), "report", kind,
                 "--out", str(path)]
        if kind == "feedback":
            form = self.view.form_id.currentData()
            if not form:
                self.status.setText(_("Choose the form in the report settings first."))
                return
            args += ["--form", str(form)]
            if self.community.text().strip():
                args += ["--community", self.community.text().strip()]
            if self.large_print.isChecked():
                args.append("--large-print")
            if self.easy_read.isChecked():
                args.append("--easy-read")
        process = QProcess(self)
        process.setProgram(program)
        process.setArguments(args)
        process.finished.connect(lambda code, _status: self._finished(process, code, path))
        self.process = process
        self.made = None
        self._busy(True)
        self.status.setText(_("Making {path}…").format(path=isolate(path.name)))
        process.start()

    def _busy(self, busy: bool) -> None:
        self.facts_button.setEnabled(not busy)
        self.feedback_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.open_button.setEnabled(not busy and self.made is not None)

    def _finished(self, process: QProcess, code: int, path: Path) -> None:
        if process is not self.process:
            return  # cancelled
        self.process = None
        err = bytes(process.readAllStandardError().data()).decode("utf-8", "replace")
        out = bytes(process.readAllStandardOutput().data()).decode("utf-8", "replace")
        if code == 0 and path.exists():
            self.made = path
            self._busy(False)
            lines = [line for line in (*err.splitlines(), *out.splitlines()) if line.strip()]
            self.status.setText("\n".join(lines))
            return
        self._busy(False)
        lines = [line.removeprefix("fieldkit: ") for line in err.splitlines() if line.strip()]
        self.status.setText("\n".join(lines) or _(
            "It could not be made (exit code {code}).").format(code=code))

    def cancel(self) -> None:
        process = self.process
        if process is None:
            return
        self.process = None
        process.kill()
        process.waitForFinished(3000)
        self._busy(False)
        self.status.setText(_("Cancelled: nothing was written."))

    def open_sheet(self) -> None:
        if self.made is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.made)))
