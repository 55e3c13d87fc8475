"""Question widgets for typed coordinates, ranges and rankings. Like the others,
they only emit ``answered``."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QEvent, QLocale, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QWidget,
)

from fieldkit.forms import QuestionState
from fieldkit.gui.interviews.number_input import NumberValidator, parse_number, show_number
from fieldkit.gui.interviews.question_widgets import (
    QuestionWidget,
    clear_button_for,
    row_of,
)
from fieldkit.i18n import _

VALUE_ROLE = Qt.ItemDataRole.UserRole


class GeopointQuestion(QuestionWidget):
    """Latitude and longitude typed in (decimal degrees), altitude and accuracy
    optional; saved as ODK's ``"lat lon alt acc"`` once both coordinates are valid."""

    FIELDS = ("latitude", "longitude", "altitude", "accuracy")

    def build(self) -> None:
        grid = QGridLayout()
        names = (_("Latitude (−90 to 90)"), _("Longitude (−180 to 180)"),
                 _("Altitude in metres (optional)"), _("Accuracy in metres (optional)"))
        self.lines: list[QLineEdit] = []
        width = self.fontMetrics().horizontalAdvance("0") * 16
        for row, (key, name) in enumerate(zip(self.FIELDS, names, strict=True)):
            line = QLineEdit()
            line.setObjectName(key)
            line.setValidator(NumberValidator(decimal=True, parent=line))
            line.setMaximumWidth(width)
            line.editingFinished.connect(self._left_a_box)
            label = QLabel(name)
            label.setBuddy(line)
            grid.addWidget(label, row, 0)
            grid.addWidget(line, row, 1)
            self.lines.append(line)
        grid.setColumnStretch(2, 1)
        self.editor_area.addLayout(grid)
        for line in self.lines[:-1]:
            line.installEventFilter(self)
        self.clear_button = clear_button_for(self)
        self.editor_area.addLayout(row_of(self.clear_button))
        self._shown = ""

    def focus_widget(self) -> QWidget | None:
        return self.lines[0]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # Enter in a box goes on to the point's next box (from the last, to the
        # next question, as anywhere on the page).
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and watched in self.lines[:-1]:
            self.lines[self.lines.index(watched) + 1].setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return super().eventFilter(watched, event)

    def set_value(self, value: str) -> None:
        parts = value.split()
        for i, line in enumerate(self.lines):
            line.setText(show_number(parts[i], self.locale()) if i < len(parts) else "")
        self.clear_button.setVisible(bool(value))

    def _left_a_box(self) -> None:
        if not any(line.hasFocus() for line in self.lines):
            self.commit()  # the focus left the point (moving between its boxes waits)

    def _numbers(self) -> list[Decimal | None] | str:
        out: list[Decimal | None] = []
        for line in self.lines:
            text = line.text().strip()
            if not text:
                out.append(None)
                continue
            number = parse_number(text, decimal=True)
            if not isinstance(number, Decimal):
                return _("Write a number in each box.")
            out.append(number)
        return out

    def commit(self) -> None:
        numbers = self._numbers()
        if isinstance(numbers, str):
            self.set_error(numbers)
            return
        lat, lon, alt, acc = numbers
        if lat is None and lon is None and alt is None and acc is None:
            if self._state.value:
                self._send(None)
            self.set_error(None)
            return
        if lat is None or lon is None:
            self.set_error(_("Write both the latitude and the longitude."))
            return
        if not -90 <= lat <= 90 or not -180 <= lon <= 180:
            self.set_error(_("The latitude must be from −90 to 90 and the longitude from "
                             "−180 to 180."))
            return
        if acc is not None and acc < 0:
            self.set_error(_("The accuracy cannot be less than 0."))
            return
        parts = [lat, lon] + ([alt or Decimal(0), acc] if acc is not None
                              else [alt] if alt is not None else [])
        value = " ".join(str(p) for p in parts)
        self.set_error(None)
        if value != self._state.value:
            self._send(value)


def _decimal(text: str | None, default: str) -> Decimal:
    try:
        return Decimal(text if text else default)
    except InvalidOperation:
        return Decimal(default)


class RangeQuestion(QuestionWidget):
    """A slider over the form's start..end in its steps, with the value beside it."""

    def build(self) -> None:
        params = self._state.parameters
        self.start = _decimal(params.get("start"), "1")
        self.end = _decimal(params.get("end"), "10")
        self.step = abs(_decimal(params.get("step"), "1")) or Decimal(1)
        steps = int(abs(self.end - self.start) / self.step)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, steps)
        self.slider.setPageStep(max(1, steps // 10))
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setMinimumWidth(self.fontMetrics().horizontalAdvance("0") * 30)
        self.slider.valueChanged.connect(self._moved)
        self.slider.sliderReleased.connect(self.take)
        self.slider.installEventFilter(self)
        self.value_label = QLabel()
        self.value_label.setObjectName("rangeValue")
        self.value_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("0") * 8)
        ends = QLabel(_("{start} to {end}").format(start=self._show(self.start),
                                                   end=self._show(self.end)))
        ends.setStyleSheet("color: palette(placeholder-text);")
        self.clear_button = clear_button_for(self)
        self.editor_area.addLayout(row_of(self.slider, self.value_label, ends,
                                        self.clear_button))

    def _show(self, number: Decimal) -> str:
        return show_number(str(number), self.locale())

    def _at(self, position: int) -> Decimal:
        sign = 1 if self.end >= self.start else -1
        return self.start + sign * self.step * position

    def focus_widget(self) -> QWidget | None:
        return self.slider

    def set_value(self, value: str) -> None:
        self.slider.blockSignals(True)
        if value:
            number = _decimal(value, str(self.start))
            self.slider.setValue(int(abs(number - self.start) / self.step))
            self.value_label.setText(self._show(number))
        else:
            self.slider.setValue(0)
            self.value_label.setText(_("Not answered"))
        self.slider.blockSignals(False)
        self.clear_button.setVisible(bool(value))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # Unanswered, a key that cannot move the slider (Home at the start) or a
        # press on its handle answers where it stands: the start is an answer too.
        if watched is self.slider and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) and not self._state.value \
                and event.key() in _RANGE_KEYS:
            before = self.slider.value()
            self.slider.event(event)
            if self.slider.value() == before:
                self.take()
            return True
        return super().eventFilter(watched, event)

    def _moved(self, position: int) -> None:
        self.value_label.setText(self._show(self._at(position)))
        if not self.slider.isSliderDown():  # keys and clicks answer at once
            self.take()

    def take(self) -> None:
        """Answer the value the slider is at."""
        number = self._at(self.slider.value())
        value = str(int(number)) if number == number.to_integral_value() else str(number)
        if value != self._state.value:
            self._send(value)


#: Keys that move a slider: pressed at its end while unanswered, they answer there.
_RANGE_KEYS = frozenset({Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Left, Qt.Key.Key_Right,
                         Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp,
                         Qt.Key.Key_PageDown, Qt.Key.Key_Space})


class RankQuestion(QuestionWidget):
    """The choices in order; Ctrl+Up/Ctrl+Down (or the buttons) move the chosen one.
    Unanswered until the order is kept or changed."""

    def build(self) -> None:
        self.list = QListWidget()
        self.list.setObjectName("rankList")
        self.list.setDragDropMode(QListWidget.DragDropMode.InternalMove)
        self.list.model().rowsMoved.connect(lambda *_a: self.commit())
        self.up = QPushButton(_("Move &up"))
        self.up.setObjectName("rankUp")
        self.up.clicked.connect(lambda: self.move_choice(-1))
        self.down = QPushButton(_("Move do&wn"))
        self.down.setObjectName("rankDown")
        self.down.clicked.connect(lambda: self.move_choice(+1))
        self.keep = QPushButton(_("Keep this order"))
        self.keep.setObjectName("rankKeep")
        self.keep.clicked.connect(self.commit)
        self.clear_button = clear_button_for(self)
        self.editor_area.addWidget(self.list)
        self.editor_area.addLayout(row_of(self.up, self.down, self.keep, self.clear_button))

    def __init__(self, state: QuestionState, parent: QWidget | None = None, *,
                 locale: QLocale | None = None) -> None:
        super().__init__(state, parent, locale=locale)
        # Installed last, so it sees Ctrl+Up before the page lets it through to the
        # form screen (where it means "back to the roster table").
        self.list.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.list and isinstance(event, QKeyEvent) \
                and event.modifiers() == Qt.KeyboardModifier.ControlModifier \
                and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            if event.type() == QEvent.Type.ShortcutOverride:
                event.accept()  # a key for the list, not a shortcut
                return True
            if event.type() == QEvent.Type.KeyPress:
                self.move_choice(-1 if event.key() == Qt.Key.Key_Up else +1)
                return True
        return super().eventFilter(watched, event)

    def focus_widget(self) -> QWidget | None:
        return self.list

    def set_value(self, value: str) -> None:
        labels = {c.value: c.label for c in self._state.choices}
        order = [v for v in value.split() if v in labels]
        order += [v for v in labels if v not in order]
        current = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        for number, choice in enumerate(order, start=1):
            item = QListWidgetItem(f"{self.digits(str(number))}. {labels[choice]}")
            item.setData(VALUE_ROLE, choice)
            self.list.addItem(item)
        self.list.setCurrentRow(max(current, 0))
        self.list.blockSignals(False)
        rows = self.fontMetrics().lineSpacing() + 8
        self.list.setFixedHeight(min(len(order), 10) * rows + 6)
        self.keep.setVisible(not value)
        self.clear_button.setVisible(bool(value))

    def order(self) -> list[str]:
        return [str(self.list.item(i).data(VALUE_ROLE)) for i in range(self.list.count())]

    def move_choice(self, delta: int) -> None:
        row = self.list.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.list.count() or not self.list.isEnabled():
            return
        order = self.order()
        order[row], order[target] = order[target], order[row]
        self.list.setCurrentRow(target)
        self._send(order)
        self.list.setCurrentRow(target)

    def commit(self) -> None:
        order = self.order()
        if order and " ".join(order) != self._state.value:
            self._send(order)


