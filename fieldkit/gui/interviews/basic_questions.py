"""Widgets for typed answers (text, numbers, dates), notes and acknowledgements,
and the line shown for a question type fieldkit cannot show."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from fieldkit.gui.interviews.number_input import NumberValidator, parse_number, show_number
from fieldkit.gui.interviews.question_widgets import (
    NO_DATE,
    FocusOut,
    QuestionWidget,
)
from fieldkit.i18n import _


class TextQuestion(QuestionWidget):
    def build(self) -> None:
        self._sent = self._state.value
        multiline = "multiline" in (self._state.appearance or "").split()
        self.multiline = multiline
        if multiline:
            self.plain = QPlainTextEdit()
            self.plain.setTabChangesFocus(True)
            self.plain.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
            self.plain.installEventFilter(FocusOut(self))
            self.editor_area.addWidget(self.plain)
        else:
            self.line = QLineEdit()
            self.line.editingFinished.connect(self.commit)
            self.line.installEventFilter(FocusOut(self))
            self.editor_area.addWidget(self.line)

    def focus_widget(self) -> QWidget | None:
        return self.plain if self.multiline else self.line

    def text(self) -> str:
        return self.plain.toPlainText() if self.multiline else self.line.text()

    def set_value(self, value: str) -> None:
        if self.text() != value:
            if self.multiline:
                self.plain.setPlainText(value)
            else:
                self.line.setText(value)
        self._sent = value

    def commit(self) -> None:
        text = self.text()
        if text == self._sent:
            return
        self._sent = text
        self._send(text if text.strip() else None)


class NumberQuestion(QuestionWidget):
    def build(self) -> None:
        self.decimal = self._state.type == "decimal"
        self.line = QLineEdit()
        self.line.setValidator(NumberValidator(decimal=self.decimal, parent=self.line))
        self.line.setInputMethodHints(
            Qt.InputMethodHint.ImhFormattedNumbersOnly if self.decimal
            else Qt.InputMethodHint.ImhDigitsOnly)
        self.line.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 18)
        self.line.editingFinished.connect(self.commit)
        self.line.installEventFilter(FocusOut(self))
        self._shown = ""
        row = QHBoxLayout()
        row.addWidget(self.line)
        row.addStretch(1)
        self.editor_area.addLayout(row)

    def focus_widget(self) -> QWidget | None:
        return self.line

    def set_value(self, value: str) -> None:
        text = show_number(value, self.locale()) if value else ""
        parsed = parse_number(self.line.text(), decimal=self.decimal)
        same = value and parsed is not None and Decimal(parsed) == Decimal(value)
        if not same and self.line.text() != text:
            self.line.setText(text)
        self._shown = self.line.text()

    def commit(self) -> None:
        text = self.line.text()
        if text == self._shown:
            return
        self._shown = text
        if not text.strip():
            self._send(None)
            return
        number = parse_number(text, decimal=self.decimal)
        if number is None:
            self.set_error(_("Write a number here.") if self.decimal
                           else _("Write a whole number here."))
            return
        self._send(number)


class DateQuestion(QuestionWidget):
    def build(self) -> None:
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setMinimumDate(NO_DATE)
        self.date.setSpecialValueText(_("Not answered"))
        self.date.setDisplayFormat(self.date.locale().dateFormat(
            self.date.locale().FormatType.ShortFormat))
        self.date.editingFinished.connect(self.commit)
        calendar = self.date.calendarWidget()
        calendar.clicked.connect(lambda _d: self.commit())
        self.today = QPushButton(_("Today"))
        self.today.setObjectName("dateToday")
        self.today.clicked.connect(lambda: self._pick(QDate.currentDate()))
        self.clear_button = QPushButton(_("Clear answer"))
        self.clear_button.setObjectName("clearAnswer")
        self.clear_button.clicked.connect(lambda: self._pick(NO_DATE))
        row = QHBoxLayout()
        row.addWidget(self.date)
        row.addWidget(self.today)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        self.editor_area.addLayout(row)

    def focus_widget(self) -> QWidget | None:
        return self.date

    def _pick(self, date: QDate) -> None:
        self.date.setDate(date)
        self.commit()

    def set_value(self, value: str) -> None:
        date = QDate.fromString(value[:10], Qt.DateFormat.ISODate) if value else NO_DATE
        self.date.blockSignals(True)
        self.date.setDate(date if date.isValid() else NO_DATE)
        if not value:
            self.date.calendarWidget().setCurrentPage(QDate.currentDate().year(),
                                                      QDate.currentDate().month())
        self.date.blockSignals(False)
        self.clear_button.setEnabled(bool(value) and not self._state.readonly)

    def commit(self) -> None:
        date = self.date.date()
        value = "" if date == NO_DATE else date.toString(Qt.DateFormat.ISODate)
        if value != self._state.value[:10]:
            self._send(value or None)


class NoteQuestion(QuestionWidget):
    """Text for the interviewer to read out or follow; nothing to answer."""


class AcknowledgeQuestion(QuestionWidget):
    def build(self) -> None:
        self.check = QCheckBox(_("Done"))
        self.check.toggled.connect(lambda on: self._send(True if on else None))
        self.editor_area.addWidget(self.check)

    def focus_widget(self) -> QWidget | None:
        return self.check

    def set_value(self, value: str) -> None:
        self.check.blockSignals(True)
        self.check.setChecked(bool(value))
        self.check.blockSignals(False)


class UnsupportedQuestion(QuestionWidget):
    """A type the screen cannot edit yet: said plainly, never left out."""

    def build(self) -> None:
        self.notice = QLabel(
            _("This question type ({type}) is not supported on screen yet; it is left "
              "unanswered.").format(type=self._state.type))
        self.notice.setObjectName("unsupported")
        self.notice.setWordWrap(True)
        self.notice.setFrameShape(QFrame.Shape.StyledPanel)
        self.editor_area.addWidget(self.notice)

    def set_value(self, value: str) -> None:
        if value:
            self.notice.setText(
                _("This question type ({type}) is not supported on screen yet. Saved "
                  "answer: {value}").format(type=self._state.type, value=value))
