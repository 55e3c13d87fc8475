"""Question widgets for times, dates with times, typed coordinates, ranges,
rankings and attached files. Like the others, they only emit ``answered``;
an attachment's answer is the :class:`AttachmentSource` picked, which the form
screen copies into the data folder through the interview service."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from PySide6.QtCore import QDateTime, QEvent, QLocale, QObject, Qt, QTime
from PySide6.QtGui import QKeyEvent
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
    QWidget,
)

from fieldkit.forms import QuestionState
from fieldkit.gui.interviews.number_input import NumberValidator, parse_number, show_number
from fieldkit.gui.interviews.question_widgets import NO_DATE, FocusOut, QuestionWidget
from fieldkit.i18n import _

#: The date and time a dateTime question shows when it has no answer.
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


def _ascii_digits(text: str) -> str:
    """``text`` with digits of any script written as ASCII digits."""
    return "".join(str(unicodedata.decimal(c)) if unicodedata.decimal(c, None) is not None
                   else c for c in text)


_TIME = re.compile(r"^(\d{1,2})(?:\s*[:.h]\s*(\d{2}))?\s*(\D*)$")


def parse_time(text: str, locale: QLocale) -> QTime | None:
    """The time typed in ``text`` ("9:30", "0930", "21.15", "9 pm", in any script's
    digits, or the locale's own short format), None if it is not a time."""
    text = text.strip()
    found = locale.toTime(text, QLocale.FormatType.ShortFormat)
    if found.isValid():
        return found
    plain = _ascii_digits(text)
    digits = re.match(r"^(\d{3,4})(\D*)$", plain)
    if digits is not None:  # "930", "0930": the last two digits are the minutes
        plain = f"{digits.group(1)[:-2]}:{digits.group(1)[-2:]}{digits.group(2)}"
    match = _TIME.match(plain)
    if match is None:
        return None
    hour = int(match.group(1))
    minute = int(match.group(2) or 0)
    marker = match.group(3).strip().casefold().replace(".", "")
    am = {locale.amText().casefold().replace(".", ""), "am", "a"}
    pm = {locale.pmText().casefold().replace(".", ""), "pm", "p"}
    if marker in pm - {""} and 1 <= hour <= 12:
        hour = hour % 12 + 12
    elif marker in am - {""} and 1 <= hour <= 12:
        hour = hour % 12
    elif marker:
        return None
    time = QTime(hour, minute)
    return time if time.isValid() else None


class TimeQuestion(QuestionWidget):
    """A time typed in a box ("9:30", "0930", "21.15" or the respondent locale's
    format). An empty box is "Not answered", so midnight (00:00) is an answer."""

    def build(self) -> None:
        self.line = QLineEdit()
        self.line.setObjectName("timeEdit")
        example = self.locale().toString(QTime(14, 30), QLocale.FormatType.ShortFormat)
        self.line.setPlaceholderText(_("Not answered (type a time, e.g. {time})")
                                     .format(time=example))
        self.line.setMinimumWidth(self.fontMetrics().horizontalAdvance(
            self.line.placeholderText()) + 24)
        self.line.editingFinished.connect(self.commit)
        self.line.installEventFilter(FocusOut(self))
        self.now = QPushButton(_("Now"))
        self.now.setObjectName("timeNow")
        self.now.clicked.connect(lambda: self._pick(QTime.currentTime()))
        self.clear_button = _clear_button(self)
        self.editor_area.addLayout(_row(self.line, self.now, self.clear_button))
        self._shown = ""

    def focus_widget(self) -> QWidget | None:
        return self.line

    def _show(self, time: QTime) -> str:
        return self.locale().toString(time, QLocale.FormatType.ShortFormat)

    def _pick(self, time: QTime) -> None:
        self.line.setText(self._show(QTime(time.hour(), time.minute())))
        self.commit()

    def set_value(self, value: str) -> None:
        time = QTime.fromString(value[:5], "HH:mm") if value else QTime()
        text = self._show(time) if time.isValid() else ""
        if self.line.text() != text:
            self.line.setText(text)
        self._shown = self.line.text()
        self.clear_button.setVisible(bool(value))

    def commit(self) -> None:
        text = self.line.text()
        if text == self._shown:
            return
        if not text.strip():
            self._shown = text
            if self._state.value:
                self._send(None)
            return
        time = parse_time(text, self.locale())
        if time is None:
            self.set_error(_("“{text}” is not a time; type it like {example}.").format(
                text=text, example=self._show(QTime(14, 30))))
            return
        self.set_error(None)
        self._shown = text
        value = time.toString("HH:mm") + ":00.000" + _offset()
        if value[:5] != self._state.value[:5]:
            self._send(value)
        else:
            self.set_value(self._state.value)


class _FocusIn(QObject):
    """Calls ``callback`` when the watched editor takes the focus."""

    def __init__(self, owner: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(owner)
        self.callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.FocusIn:
            self.callback()
        return False


class DateTimeQuestion(QuestionWidget):
    """A date and time typed in the respondent locale's short formats. Unanswered,
    it says so; taking the focus it offers the current minute to type over, which
    is saved only once the interviewer changes it (or presses Now)."""

    def build(self) -> None:
        self.when = QDateTimeEdit()
        locale = self.locale()
        self.when.setDisplayFormat(locale.dateFormat(QLocale.FormatType.ShortFormat) + " "
                                   + locale.timeFormat(QLocale.FormatType.ShortFormat))
        self.when.setCalendarPopup(True)
        self.when.setMinimumDateTime(NO_DATETIME)
        self.when.setSpecialValueText(_("Not answered"))
        self.when.editingFinished.connect(self.commit)
        self.when.dateTimeChanged.connect(self._touch)
        self.when.calendarWidget().clicked.connect(lambda _d: self.commit())
        self.when.installEventFilter(_FocusIn(self, self._offer_now))
        self.now = QPushButton(_("Now"))
        self.now.setObjectName("dateTimeNow")
        self.now.clicked.connect(self._now)
        self.clear_button = _clear_button(self)
        self.editor_area.addLayout(_row(self.when, self.now, self.clear_button))
        self._touched = False

    def focus_widget(self) -> QWidget | None:
        return self.when

    def _touch(self) -> None:
        self._touched = True

    def _show_quietly(self, when: QDateTime) -> None:
        self.when.blockSignals(True)
        self.when.setDateTime(when)
        self.when.blockSignals(False)

    @staticmethod
    def _this_minute() -> QDateTime:
        now = QDateTime.currentDateTime()
        return QDateTime(now.date(), QTime(now.time().hour(), now.time().minute()))

    def _offer_now(self) -> None:
        if not self._state.value and self.when.dateTime() == NO_DATETIME:
            self._show_quietly(self._this_minute())  # to type over, not an answer yet
            self._touched = False

    def _now(self) -> None:
        self._show_quietly(self._this_minute())
        self._touched = True
        self.commit()

    def set_value(self, value: str) -> None:
        shown = NO_DATETIME
        if value:
            found = QDateTime.fromString(value[:16], "yyyy-MM-ddTHH:mm")
            shown = found if found.isValid() else NO_DATETIME
        self._show_quietly(shown)
        self._touched = False
        self.clear_button.setVisible(bool(value))

    def commit(self) -> None:
        when = self.when.dateTime()
        if not self._state.value and not self._touched:
            if when != NO_DATETIME and not self.when.hasFocus():
                self._show_quietly(NO_DATETIME)  # the offered minute was not taken
            return
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
        for line in self.lines[:-1]:
            line.installEventFilter(self)
        self.clear_button = _clear_button(self)
        self.editor_area.addLayout(_row(self.clear_button))
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
        self.clear_button = _clear_button(self)
        self.editor_area.addWidget(self.list)
        self.editor_area.addLayout(_row(self.up, self.down, self.keep, self.clear_button))

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
