"""Widgets for times and dates with times: typed in the respondent's way, offered
"now", written as ODK writes them (with this computer's UTC offset)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QDateTime, QEvent, QLocale, QObject, QTime
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QLineEdit,
    QPushButton,
    QWidget,
)

from fieldkit.gui.interviews.question_widgets import (
    NO_DATE,
    FocusOut,
    QuestionWidget,
    clear_button_for,
    row_of,
)
from fieldkit.i18n import _

#: The date and time a dateTime question shows when it has no answer.
NO_DATETIME = QDateTime(NO_DATE, QTime(0, 0))


def _offset() -> str:
    """This computer's UTC offset now, as ODK writes it (+01:00)."""
    text = datetime.now().astimezone().strftime("%z")
    return f"{text[:3]}:{text[3:]}" if len(text) == 5 else ""


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
        self.clear_button = clear_button_for(self)
        self.editor_area.addLayout(row_of(self.line, self.now, self.clear_button))
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
        self.clear_button = clear_button_for(self)
        self.editor_area.addLayout(row_of(self.when, self.now, self.clear_button))
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


