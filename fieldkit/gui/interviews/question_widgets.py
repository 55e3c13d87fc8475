"""One widget per question on the form screen, chosen by the question's type.

Each widget shows the label (with * when required), the hint, an editor, and a
problem line (constraint, required or type messages, also given to screen readers
as the editor's accessible description). It never talks to the store: it emits
``answered(path, value)`` (``value`` None clears the answer) and the form screen
hands that to the interview service. More types are in more_questions;
question_factory picks the widget for a question."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from fieldkit.forms import QuestionState
from fieldkit.gui.interviews.directions import localise_digits
from fieldkit.gui.interviews.number_input import NumberValidator, parse_number, show_number
from fieldkit.i18n import _

#: A select with more choices than this is a searchable list, not a column of buttons.
LONG_LIST = 15
#: Appearances that lay a select's choices out in a row.
ROW_APPEARANCES = frozenset({"likert", "horizontal", "horizontal-compact", "columns",
                             "columns-pack", "columns-2", "columns-3", "columns-4",
                             "columns-5", "compact"})
PROBLEM_STYLE = "color: #b3261e;"
HINT_STYLE = "color: palette(placeholder-text);"


class QuestionWidget(QFrame):
    """Label, hint, editor and problem line of one question."""

    answered = Signal(str, object)  # path, value (None: clear the answer)
    #: The answer was given with a ``quick`` appearance: go on to the next page.
    advance = Signal()

    def __init__(self, state: QuestionState, parent: QWidget | None = None, *,
                 locale: QLocale | None = None) -> None:
        super().__init__(parent)
        if locale is not None:
            self.setLocale(locale)  # the respondent's digits, dates and times
        self.path = state.path
        self.kind = state.type
        self.setObjectName(f"question_{state.name}")
        self._state = state
        self._error: str | None = None
        self._flagged = False
        self._required_message = ""
        self._outer = QVBoxLayout(self)
        self._outer.setContentsMargins(0, 6, 0, 6)
        self._outer.setSpacing(4)
        self.label = QLabel()
        self.label.setObjectName("questionLabel")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(self.label.font())
        font.setBold(True)
        self.label.setFont(font)
        self.hint = QLabel()
        self.hint.setObjectName("questionHint")
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setStyleSheet(HINT_STYLE)
        self.problem = QLabel()
        self.problem.setObjectName("questionProblem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self._outer.addWidget(self.label)
        self._outer.addWidget(self.hint)
        self.editor_area = QVBoxLayout()
        self.editor_area.setSpacing(2)
        self._outer.addLayout(self.editor_area)
        self._outer.addWidget(self.problem)
        self.build()
        self.show_state(state)
        keys = _PageKeys(self)
        for child in self.findChildren(QWidget):
            child.installEventFilter(keys)

    # -- for subclasses -----------------------------------------------------------------

    def build(self) -> None:
        """Create the editor widgets in :attr:`editor_area`."""

    def set_value(self, value: str) -> None:
        """Show the stored ``value`` in the editor."""

    def focus_widget(self) -> QWidget | None:
        """The widget that takes the focus and carries the accessible description."""
        return None

    def commit(self) -> None:
        """Send what is being typed now (before the page changes)."""

    def update_choices(self, state: QuestionState) -> None:
        """Show the choices of ``state`` (they may follow the language or a filter)."""

    # -- shared -------------------------------------------------------------------------

    @property
    def state(self) -> QuestionState:
        return self._state

    def show_state(self, state: QuestionState) -> None:
        self._state = state
        # The form's words as written (its translations already use the language's
        # digits); answers substituted into them (an address "Flat 12B") stay as given.
        label = state.label
        self.label.setText(f"{label} *" if state.required else label)
        self.label.setVisible(bool(state.label) or state.required)
        self.hint.setText(state.hint)
        self.hint.setVisible(bool(state.hint))
        self.update_choices(state)
        self.set_value(state.value)
        if state.value:
            self._flagged = False
        self._show_problem()
        target = self.focus_widget()
        if target is not None:
            target.setAccessibleName(state.label)

    def digits(self, text: str) -> str:
        """``text`` in the respondent's digits (see :func:`localise_digits`): for
        numbers the screen writes itself, never for the form's text or answers."""
        return localise_digits(text, self.locale())

    @property
    def appearances(self) -> list[str]:
        return (self._state.appearance or "").split()

    def choose_number(self, event: QKeyEvent) -> int | None:
        """The 0-based choice a digit key (1-9, any script's digits) picks, else None."""
        text = event.text()
        digit = unicodedata.decimal(text, None) if len(text) == 1 else None
        no_modifier = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if digit is None or digit == 0 or not no_modifier:
            return None
        return digit - 1

    def has_error(self) -> bool:
        """Whether what was typed could not be saved (see :meth:`set_error`)."""
        return self._error is not None

    def set_error(self, message: str | None) -> None:
        """A problem with what was typed (it was not saved)."""
        self._error = message
        self._show_problem()

    def flag_required(self, message: str) -> None:
        """Show the required message (after finalising found the question unanswered)."""
        self._flagged = True
        self._required_message = message
        self._show_problem()

    def _show_problem(self) -> None:
        state = self._state
        message = self._error or state.constraint_message
        if message is None and self._flagged and not state.value:
            message = self._required_message or _("This question requires an answer.")
        self.problem.setText(message or "")
        self.problem.setVisible(bool(message))
        target = self.focus_widget()
        if target is not None:
            target.setAccessibleDescription(message or "")

    def set_read_only(self, read_only: bool) -> None:
        for child in self.findChildren(QWidget):
            if child not in (self.label, self.hint, self.problem):
                child.setEnabled(not read_only and not self._state.readonly)

    def _send(self, value: object) -> None:
        self.answered.emit(self.path, value)


#: Keys of the form screen that editors would otherwise keep for themselves
#: (Ctrl+Left/Right move by words in a line edit): pages, the index, the roster.
_SCREEN_KEYS = frozenset({Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_J, Qt.Key.Key_Up})


class _PageKeys(QObject):
    """Lets the form screen's Ctrl shortcuts through from any editor on the page."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and event.modifiers() == Qt.KeyboardModifier.ControlModifier \
                and event.key() in _SCREEN_KEYS:
            event.ignore()
            return True
        return False


class FocusOut(QObject):
    """Calls ``commit`` when the watched editor loses the focus."""

    def __init__(self, owner: QuestionWidget) -> None:
        super().__init__(owner)
        self.owner = owner

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.FocusOut:
            self.owner.commit()
        return False


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


class SelectOneQuestion(QuestionWidget):
    """Radio buttons, and a button to take the answer back."""

    def build(self) -> None:
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QRadioButton] = {}
        in_row = bool(ROW_APPEARANCES.intersection(self.appearances))
        self.box: QVBoxLayout | QHBoxLayout = QHBoxLayout() if in_row else QVBoxLayout()
        self.box.setSpacing(12 if in_row else 2)
        if in_row:
            self.box.addStretch(1)  # the buttons go in front of it
        self.editor_area.addLayout(self.box)
        self.clear_button = QPushButton(_("Clear answer"))
        self.clear_button.setObjectName("clearAnswer")
        self.clear_button.setFlat(True)
        self.clear_button.clicked.connect(lambda: self._send(None))
        row = QHBoxLayout()
        row.addWidget(self.clear_button)
        row.addStretch(1)
        self.editor_area.addLayout(row)
        self.group.buttonToggled.connect(self._toggled)

    def update_choices(self, state: QuestionState) -> None:
        values = [c.value for c in state.choices]
        if values != list(self.buttons):
            for button in self.buttons.values():
                self.group.removeButton(button)
                button.deleteLater()
            self.buttons = {}
            in_row = isinstance(self.box, QHBoxLayout)
            for number, choice in enumerate(state.choices):
                button = QRadioButton(choice.label)
                button.setObjectName(f"choice_{choice.value}")
                self.group.addButton(button)
                if in_row:
                    self.box.insertWidget(number, button)
                else:
                    self.box.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
                self.buttons[choice.value] = button
        else:
            for choice in state.choices:
                self.buttons[choice.value].setText(choice.label)
        for number, button in enumerate(self.buttons.values(), start=1):
            if number <= 9:
                button.setToolTip(_("Key {n}").format(n=self.digits(str(number))))

    def focus_widget(self) -> QWidget | None:
        checked = self.group.checkedButton()
        return checked if checked is not None else next(iter(self.buttons.values()), None)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        number = self.choose_number(event)
        buttons = list(self.buttons.values())
        if number is not None and number < len(buttons) and buttons[number].isEnabled():
            buttons[number].setFocus()
            buttons[number].setChecked(True)
            return
        super().keyPressEvent(event)

    def set_value(self, value: str) -> None:
        self.group.blockSignals(True)
        button = self.buttons.get(value)
        if button is not None:
            button.setChecked(True)
        else:
            self.group.setExclusive(False)
            for other in self.buttons.values():
                other.setChecked(False)
            self.group.setExclusive(True)
        self.group.blockSignals(False)
        self.clear_button.setVisible(bool(value))

    def _toggled(self, button: QAbstractButton, checked: bool) -> None:
        if not checked:
            return
        value = next((v for v, b in self.buttons.items() if b is button), None)
        if value is not None and value != self._state.value:
            self._send(value)
            if "quick" in self.appearances:
                self.advance.emit()


class SearchableSelectQuestion(QuestionWidget):
    """A long select_one: an editable list that finds choices as you type."""

    def build(self) -> None:
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.setMaxVisibleItems(15)
        completer = QCompleter(self.combo.model(), self.combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.combo.setCompleter(completer)
        line = self.combo.lineEdit()
        assert line is not None
        line.setPlaceholderText(_("Type to search…"))
        # The combo box has the focus and forwards it to its line (not through
        # the line's event filters): watch the box, or typed text is never saved.
        self.combo.installEventFilter(FocusOut(self))
        self.combo.activated.connect(lambda _i: self.commit())
        completer.activated.connect(lambda _text: self.commit())
        line.returnPressed.connect(self.commit)
        self._values: list[str] = []
        self.editor_area.addWidget(self.combo)

    def update_choices(self, state: QuestionState) -> None:
        values = [c.value for c in state.choices]
        labels = [c.label for c in state.choices]
        current = [self.combo.itemText(i) for i in range(1, self.combo.count())]
        if values == self._values and labels == current:
            return
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem("", "")
        for choice in state.choices:
            self.combo.addItem(choice.label, choice.value)
        self._values = values
        self.combo.blockSignals(False)

    def focus_widget(self) -> QWidget | None:
        return self.combo

    def set_value(self, value: str) -> None:
        index = self.combo.findData(value) if value else 0
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(max(index, 0))
        self.combo.blockSignals(False)

    def commit(self) -> None:
        text = self.combo.currentText().strip()
        if not text:
            if self._state.value:
                self._send(None)
            return
        wanted = text.casefold()
        value = next((self.combo.itemData(i) for i in range(1, self.combo.count())
                      if self.combo.itemText(i).casefold() == wanted), None)
        if value is None:
            self.set_error(_("“{text}” is not one of the choices; pick one from the list.")
                           .format(text=text))
            return
        self.set_error(None)
        if value != self._state.value:
            self._send(value)
        else:
            self.set_value(value)


class SelectMultipleQuestion(QuestionWidget):
    def build(self) -> None:
        self.boxes: dict[str, QCheckBox] = {}
        self.search = QLineEdit()
        self.search.setObjectName("choiceSearch")
        self.search.setPlaceholderText(_("Type to find a choice…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.editor_area.addWidget(self.search)
        self.box = QVBoxLayout()
        self.box.setSpacing(2)
        self.editor_area.addLayout(self.box)

    def _filter(self, text: str) -> None:
        wanted = text.casefold().strip()
        for box in self.boxes.values():
            box.setVisible(not wanted or wanted in box.text().casefold())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        number = self.choose_number(event) if not self.search.hasFocus() else None
        boxes = list(self.boxes.values())
        if number is not None and number < len(boxes) and boxes[number].isEnabled():
            boxes[number].setFocus()
            boxes[number].toggle()
            return
        super().keyPressEvent(event)

    def update_choices(self, state: QuestionState) -> None:
        values = [c.value for c in state.choices]
        if values != list(self.boxes):
            for box in self.boxes.values():
                box.deleteLater()
            self.boxes = {}
            for choice in state.choices:
                box = QCheckBox(choice.label)
                box.setObjectName(f"choice_{choice.value}")
                box.toggled.connect(self._toggled)
                self.box.addWidget(box, 0, Qt.AlignmentFlag.AlignLeft)
                self.boxes[choice.value] = box
        else:
            for choice in state.choices:
                self.boxes[choice.value].setText(choice.label)
        long_list = len(self.boxes) > LONG_LIST or bool(
            {"search", "autocomplete"}.intersection(self.appearances))
        self.search.setVisible(long_list)
        self._filter(self.search.text())

    def focus_widget(self) -> QWidget | None:
        return next(iter(self.boxes.values()), None)

    def set_value(self, value: str) -> None:
        chosen = set(value.split())
        for choice, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(choice in chosen)
            box.blockSignals(False)

    def _toggled(self, _checked: bool) -> None:
        chosen = [v for v, box in self.boxes.items() if box.isChecked()]
        self._send(chosen if chosen else None)


#: The date a date question shows when it has no answer (as "Not answered").
NO_DATE = QDate(1900, 1, 1)


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
