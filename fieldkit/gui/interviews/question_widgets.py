"""One widget per question on the form screen, chosen by the question's type.

Each widget shows the label (with * when required), the hint, an editor, and a
problem line (constraint, required or type messages, also given to screen readers
as the editor's accessible description). It never talks to the store: it emits
``answered(path, value)`` (``value`` None clears the answer) and the form screen
hands that to the interview service. The widgets of each kind of question are
in basic_questions, choice_questions, time_questions, more_questions and
attachment_question; question_factory picks the widget for a question."""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldkit.forms import QuestionState
from fieldkit.gui.interviews.directions import localise_digits
from fieldkit.i18n import _

#: A select with more choices than this is a searchable list, not a column of buttons.
LONG_LIST = 15
#: Appearances that lay a select's choices out in a row.
ROW_APPEARANCES = frozenset({"likert", "horizontal", "horizontal-compact", "columns",
                             "columns-pack", "columns-2", "columns-3", "columns-4",
                             "columns-5", "compact"})
PROBLEM_STYLE = "color: #b3261e;"
HINT_STYLE = "color: palette(placeholder-text);"
#: The date a date question shows when it has no answer (as "Not answered").
NO_DATE = QDate(1900, 1, 1)


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


def row_of(*widgets: QWidget) -> QHBoxLayout:
    """The widgets side by side at the start of a line."""
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


def clear_button_for(owner: QuestionWidget) -> QPushButton:
    """A button that takes ``owner``'s answer back."""
    button = QPushButton(_("Clear answer"))
    button.setObjectName("clearAnswer")
    button.clicked.connect(lambda: owner.answered.emit(owner.path, None))
    return button
