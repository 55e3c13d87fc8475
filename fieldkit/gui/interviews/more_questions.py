"""Question widgets for times, dates with times, typed coordinates, ranges,
rankings and attached files. Like the others, they only emit ``answered``;
an attachment's answer is the :class:`AttachmentSource` picked, which the form
screen copies into the data folder through the interview service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from PySide6.QtCore import QDateTime, QLocale, Qt, QTime
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QTimeEdit,
    QWidget,
)

from fieldkit.gui.interviews.number_input import NumberValidator, parse_number, show_number
from fieldkit.gui.interviews.question_widgets import NO_DATE, QuestionWidget
from fieldkit.i18n import _

#: The time a time question shows when it has no answer (as "Not answered").
NO_TIME = QTime(0, 0, 0, 0)
NO_DATETIME = QDateTime(NO_DATE, QTime(0, 0))
VALUE_ROLE = Qt.ItemDataRole.UserRole


def _offset() -> str:
    """This computer's UTC offset now, as ODK writes it (+01:00)."""
    text = datetime.now().astimezone().strftime("%z")
    return f"{text[:3]}:{text[3:]}" if len(text) == 5 else ""


def _row(*widgets: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


def _clear_button(owner: QuestionWidget) -> QPushButton:
    button = QPushButton(_("Clear answer"))
    button.setObjectName("clearAnswer")
    button.clicked.connect(lambda: owner.answered.emit(owner.path, None))
    return button


class TimeQuestion(QuestionWidget):
    """A time typed in the respondent locale's format (00:00 is "Not answered")."""

    def build(self) -> None:
        self.time = QTimeEdit()
        self.time.setDisplayFormat(self.locale().timeFormat(QLocale.FormatType.ShortFormat))
        self.time.setMinimumTime(NO_TIME)
        self.time.setSpecialValueText(_("Not answered"))
        self.time.editingFinished.connect(self.commit)
        self.now = QPushButton(_("Now"))
        self.now.setObjectName("timeNow")
        self.now.clicked.connect(lambda: self._pick(QTime.currentTime()))
        self.clear_button = _clear_button(self)
        self.editor_area.addLayout(_row(self.time, self.now, self.clear_button))

    def focus_widget(self) -> QWidget | None:
        return self.time

    def _pick(self, time: QTime) -> None:
        self.time.setTime(QTime(time.hour(), time.minute()))
        self.commit()

    def set_value(self, value: str) -> None:
        time = QTime.fromString(value[:5], "HH:mm") if value else NO_TIME
        self.time.blockSignals(True)
        self.time.setTime(time if time.isValid() else NO_TIME)
        self.time.blockSignals(False)
        self.clear_button.setVisible(bool(value))

    def commit(self) -> None:
        time = self.time.time()
        if time == NO_TIME:
            return  # "Not answered" is cleared with its button, not by typing
        value = time.toString("HH:mm") + ":00.000" + _offset()
        if value[:5] != self._state.value[:5]:
            self._send(value)


class DateTimeQuestion(QuestionWidget):
    """A date and time typed in the respondent locale's short formats."""

    def build(self) -> None:
        self.when = QDateTimeEdit()
        locale = self.locale()
        self.when.setDisplayFormat(locale.dateFormat(QLocale.FormatType.ShortFormat) + " "
                                   + locale.timeFormat(QLocale.FormatType.ShortFormat))
        self.when.setCalendarPopup(True)
        self.when.setMinimumDateTime(NO_DATETIME)
        self.when.setSpecialValueText(_("Not answered"))
        self.when.editingFinished.connect(self.commit)
        self.now = QPushButton(_("Now"))
        self.now.setObjectName("dateTimeNow")
        self.now.clicked.connect(self._now)
        self.clear_button = _clear_button(self)
        self.editor_area.addLayout(_row(self.when, self.now, self.clear_button))

    def focus_widget(self) -> QWidget | None:
        return self.when

    def _now(self) -> None:
        now = QDateTime.currentDateTime()
        self.when.setDateTime(QDateTime(now.date(), QTime(now.time().hour(),
                                                            now.time().minute())))
        self.commit()

    def set_value(self, value: str) -> None:
        shown = NO_DATETIME
        if value:
            found = QDateTime.fromString(value[:16], "yyyy-MM-ddTHH:mm")
            shown = found if found.isValid() else NO_DATETIME
        self.when.blockSignals(True)
        self.when.setDateTime(shown)
        self.when.blockSignals(False)
        self.clear_button.setVisible(bool(value))

    def commit(self) -> None:
        when = self.when.dateTime()
        if when == NO_DATETIME:
            return
        value = when.toString("yyyy-MM-ddTHH:mm") + ":00.000" + _offset()
        if value[:16] != self._state.value[:16]:
            self._send(value)


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
        self.clear_button = _clear_button(self)
        self.editor_area.addLayout(_row(self.clear_button))
        self._shown = ""

    def focus_widget(self) -> QWidget | None:
        return self.lines[0]

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
        self.slider.sliderReleased.connect(self.commit)
        self.value_label = QLabel()
        self.value_label.setObjectName("rangeValue")
        self.value_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("0") * 8)
        ends = QLabel(_("{start} to {end}").format(start=self._show(self.start),
                                                   end=self._show(self.end)))
        ends.setStyleSheet("color: palette(placeholder-text);")
        self.clear_button = _clear_button(self)
        self.editor_area.addLayout(_row(self.slider, self.value_label, ends,
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

    def _moved(self, position: int) -> None:
        self.value_label.setText(self._show(self._at(position)))
        if not self.slider.isSliderDown():  # keys and clicks answer at once
            self.commit()

    def commit(self) -> None:
        if self.value_label.text() == _("Not answered"):
            return
        number = self._at(self.slider.value())
        value = str(int(number)) if number == number.to_integral_value() else str(number)
        if value != self._state.value:
            self._send(value)


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
        self.clear_button = _clear_button(self)
        self.editor_area.addWidget(self.list)
        self.editor_area.addLayout(_row(self.up, self.down, self.keep, self.clear_button))
        for keys, delta in ((Qt.Key.Key_Up, -1), (Qt.Key.Key_Down, +1)):
            shortcut = QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | keys),
                                 self.list)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda d=delta: self.move_choice(d))

    def focus_widget(self) -> QWidget | None:
        return self.list

    def set_value(self, value: str) -> None:
        labels = {c.value: self.digits(c.label) for c in self._state.choices}
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



@dataclass(frozen=True)
class AttachmentSource:
    """A file the interviewer picked for an image, audio or file question."""

    path: Path


def _size(size: int, locale: QLocale) -> str:
    return locale.formattedDataSize(size)


class AttachmentQuestion(QuestionWidget):
    """Pick a file (copied into the data folder), see its name and size, remove it."""

    #: The folder holding this interview's attachments (set by the form screen).
    folder: Path | None = None

    def build(self) -> None:
        self.file_label = QLabel()
        self.file_label.setObjectName("attachmentName")
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.pick = QPushButton(_("Choose a file…"))
        self.pick.setObjectName("attachmentPick")
        self.pick.clicked.connect(self.choose)
        self.remove = QPushButton(_("Remove"))
        self.remove.setObjectName("attachmentRemove")
        self.remove.clicked.connect(lambda: self._send(None))
        self.editor_area.addWidget(self.file_label)
        self.editor_area.addLayout(_row(self.pick, self.remove))

    def focus_widget(self) -> QWidget | None:
        return self.pick

    def file_filter(self) -> str:
        kind = self._state.type
        if kind == "image":
            return _("Images") + " (*.jpg *.jpeg *.png *.gif *.bmp *.webp)"
        if kind == "audio":
            return _("Sound recordings") + " (*.mp3 *.m4a *.ogg *.oga *.wav *.amr *.aac)"
        if kind == "video":
            return _("Videos") + " (*.mp4 *.webm *.3gp *.mov)"
        return _("All files") + " (*)"

    def ask_for_file(self) -> str:
        """The file the interviewer picks ("" for none); tests replace this."""
        name, _filter = QFileDialog.getOpenFileName(self, _("Attach a file"), "",
                                                    self.file_filter())
        return name

    def choose(self) -> None:
        name = self.ask_for_file()
        if name:
            self._send(AttachmentSource(Path(name)))

    def set_value(self, value: str) -> None:
        if not value:
            self.file_label.setText(_("No file attached."))
        else:
            stored = self.folder / value if self.folder is not None else None
            if stored is not None and stored.is_file():
                self.file_label.setText(_("{name} ({size})").format(
                    name=value, size=_size(stored.stat().st_size, self.locale())))
            else:
                self.file_label.setText(_("{name} (the file is not on this laptop)")
                                        .format(name=value))
        self.remove.setVisible(bool(value))
        self.pick.setText(_("Replace the file…") if value else _("Choose a file…"))
