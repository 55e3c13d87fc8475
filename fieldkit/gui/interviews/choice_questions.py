"""Widgets for choices: one answer (buttons, a row of them for likert and the
like, or a searchable list when there are many), and several answers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from fieldkit.forms import QuestionState
from fieldkit.gui.interviews.question_widgets import (
    LONG_LIST,
    ROW_APPEARANCES,
    FocusOut,
    QuestionWidget,
)
from fieldkit.i18n import _


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


