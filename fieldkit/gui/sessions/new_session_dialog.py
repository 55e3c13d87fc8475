"""Creating a session (or a recurring series): the session form's questions, laid
out as one dialog so it is filled in quickly, labels in the interface language."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from fieldkit.i18n import _

if TYPE_CHECKING:
    from fieldkit.forms import Form

TEXT_FIELDS = ("title", "venue", "organiser", "partners", "advisers", "interpreters")


class NewSessionDialog(QDialog):
    def __init__(self, form: Form, language: str | None, parent: QWidget | None = None) -> None:
        from fieldkit.attendance.labels import choice_labels, question_label

        super().__init__(parent)
        self.setObjectName("newSessionDialog")
        self.setWindowTitle(_("New advice session"))
        code = language or "en"
        layout = QVBoxLayout(self)
        rows = QFormLayout()
        layout.addLayout(rows)
        self.edits: dict[str, QLineEdit] = {}

        def label(name: str) -> str:
            return question_label(form, name, code)

        self.edits["title"] = QLineEdit()
        rows.addRow(label("title"), self.edits["title"])
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setObjectName("session_date")
        rows.addRow(label("session_date"), self.date)
        self.start = QTimeEdit(QTime(10, 0))
        self.end = QTimeEdit(QTime(13, 0))
        for name, edit in (("start_time", self.start), ("end_time", self.end)):
            edit.setObjectName(f"session_{name}")
            edit.setDisplayFormat("HH:mm")  # typed as stored, whatever the locale
        rows.addRow(label("start_time"), self.start)
        rows.addRow(label("end_time"), self.end)
        for name in TEXT_FIELDS[1:]:
            self.edits[name] = QLineEdit()
            self.edits[name].setObjectName(f"session_{name}")
            rows.addRow(label(name), self.edits[name])
        self.edits["title"].setObjectName("session_title")
        self.languages = QListWidget()
        self.languages.setObjectName("session_languages")
        for value, text in choice_labels(form, "languages", code).items():
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if value == "en"
                               else Qt.CheckState.Unchecked)
            self.languages.addItem(item)
        self.languages.setMaximumHeight(120)
        rows.addRow(label("languages"), self.languages)
        self.recurrence = QComboBox()
        self.recurrence.setObjectName("session_recurrence")
        for value, text in choice_labels(form, "recurrence", code).items():
            self.recurrence.addItem(text, value)
        rows.addRow(label("recurrence"), self.recurrence)
        self.count = QSpinBox()
        self.count.setObjectName("session_count")
        self.count.setRange(1, 52)
        self.count.setValue(1)
        self.count_label = QLabel(_("How many sessions to create"))
        rows.addRow(self.count_label, self.count)
        self.recurrence.currentIndexChanged.connect(self._recurring_changed)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("session_notes")
        self.notes.setTabChangesFocus(True)  # Tab goes on to OK, as everywhere else
        self.notes.setMaximumHeight(70)
        rows.addRow(label("notes"), self.notes)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b3261e;")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._recurring_changed()
        self.edits["title"].setFocus()  # the name first; Tab goes on down the form

    def _recurring_changed(self) -> None:
        repeats = self.recurrence.currentData() not in (None, "none")
        self.count.setEnabled(repeats)
        if not repeats:
            self.count.setValue(1)
        elif self.count.value() == 1:
            self.count.setValue(6)

    def _check(self) -> None:
        if not self.edits["title"].text().strip() or not self.edits["venue"].text().strip():
            self.problem.setText(_("Give the session a name and a venue."))
            return
        self.accept()

    def values(self) -> dict[str, object]:
        q = self.date.date()
        chosen = [self.languages.item(i).data(Qt.ItemDataRole.UserRole)
                  for i in range(self.languages.count())
                  if self.languages.item(i).checkState() == Qt.CheckState.Checked]
        values: dict[str, object] = {n: e.text().strip() for n, e in self.edits.items()}
        values.update(session_date=date(q.year(), q.month(), q.day()),
                      start_time=self.start.time().toString("HH:mm"),
                      end_time=self.end.time().toString("HH:mm"),
                      languages=" ".join(chosen), recurrence=self.recurrence.currentData(),
                      notes=self.notes.toPlainText().strip())
        return values
