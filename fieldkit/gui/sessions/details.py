"""Per-attendee details beside the grid: issues, advice, outcome, referral, follow-up.
The questions come from the attendee form (those the grid does not show) and use
the interview screen's question widgets; each answer is saved as it is given."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from fieldkit.gui.interviews.question_factory import widget_for
from fieldkit.gui.interviews.question_widgets import QuestionWidget
from fieldkit.i18n import _

if TYPE_CHECKING:
    from fieldkit.attendance.service import AttendanceService


class AttendeeDetails(QScrollArea):
    #: An answer was saved for this attendance uuid.
    changed = Signal(str)

    def __init__(self, service: AttendanceService, names: list[str], language: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attendeeDetails")
        self.setWidgetResizable(True)
        self.service = service
        self.names = names
        self.language = language
        self.uuid: str | None = None
        self.widgets: dict[str, QuestionWidget] = {}
        self._show_empty()

    def _show_empty(self) -> None:
        label = QLabel(_("Choose a person in the list to record what they needed."))
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.setWidget(label)
        self.widgets = {}

    def show_attendance(self, uuid: str | None) -> None:
        self.uuid = uuid
        if uuid is None:
            self._show_empty()
            return
        handle = self.service.writer.handle(uuid)
        if self.language and self.language in handle.form.languages:
            handle.session.set_language(self.language)  # shown only, not saved
        body = QWidget()
        layout = QVBoxLayout(body)
        self.widgets = {}
        paths = {q.name: p for p, q in handle.form.questions.items()}
        for name in self.names:
            state = handle.session.state(paths[name])
            widget = widget_for(state)
            widget.answered.connect(self._answered)
            layout.addWidget(widget)
            widget.setVisible(state.relevant)
            self.widgets[state.path] = widget
        layout.addStretch(1)
        self.setWidget(body)

    def _answered(self, path: str, value: object) -> None:
        from fieldkit.forms import AnswerError

        if self.uuid is None:
            return
        widget = self.widgets[path]
        try:
            self.service.writer.set_answer(self.uuid, path, value)
        except AnswerError as exc:
            widget.set_error(exc.problem.message)
            return
        widget.set_error(None)
        session = self.service.writer.handle(self.uuid).session
        for other_path, other in self.widgets.items():
            state = session.state(other_path)
            other.setVisible(state.relevant)
            if other is not widget:
                other.show_state(state)
        self.changed.emit(self.uuid)

    def first_editor(self) -> QWidget | None:
        for widget in self.widgets.values():
            if widget.isVisible():
                return widget.focus_widget()
        return None
