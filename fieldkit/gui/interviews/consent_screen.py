"""The consent step before an interview's first answer.

The form's own consent question is shown in the respondent's language (when the
form has one) for the interviewer to read out; the rest is in the interface
language. Keys: 1-4 pick how consent was given, Enter records it. The service
(:meth:`InterviewHandle.record_consent`) checks and stores it; a refusal closes
the interview."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from fieldkit.errors import FieldkitError
from fieldkit.gui.interviews.directions import language_direction
from fieldkit.gui.interviews.question_widgets import HINT_STYLE, PROBLEM_STYLE
from fieldkit.i18n import _, isolate

if TYPE_CHECKING:
    from fieldkit.interviews import InterviewHandle

#: (method, label with its number key); the method values are the service's.
METHODS = ("signed", "verbal", "on_behalf", "refused")


def _method_text(method: str) -> str:
    return {
        "signed": _("1 · Signed the consent form"),
        "verbal": _("2 · Agreed out loud (verbal consent)"),
        "on_behalf": _("3 · Someone agreed on the respondent's behalf"),
        "refused": _("4 · Refused: do not interview"),
    }[method]


class ConsentScreen(QWidget):
    #: Consent was recorded (given or refused); the handle says which.
    recorded = Signal()
    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consentScreen")
        self.handle: InterviewHandle | None = None
        self._recorded_by = ""
        self._recorded_by_name = ""

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        self.heading = QLabel()
        self.heading.setObjectName("consentHeading")
        self.heading.setWordWrap(True)
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)

        # The form's consent question, in the respondent's language and direction.
        self.statement_box = QFrame()
        self.statement_box.setObjectName("consentStatement")
        self.statement_box.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(self.statement_box)
        self.statement = QLabel()
        self.statement.setObjectName("consentQuestion")
        self.statement.setWordWrap(True)
        self.statement.setTextFormat(Qt.TextFormat.PlainText)
        big = QFont(self.statement.font())
        big.setPointSizeF(big.pointSizeF() * 1.2)
        self.statement.setFont(big)
        self.statement_hint = QLabel()
        self.statement_hint.setWordWrap(True)
        self.statement_hint.setTextFormat(Qt.TextFormat.PlainText)
        self.statement_hint.setStyleSheet(HINT_STYLE)
        box.addWidget(self.statement)
        box.addWidget(self.statement_hint)
        layout.addWidget(self.statement_box)

        self.how = QLabel()
        layout.addWidget(self.how)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for number, method in enumerate(METHODS, start=1):
            button = QRadioButton()
            button.setObjectName(f"consent_{method}")
            self.group.addButton(button, number)
            self.buttons[method] = button
            layout.addWidget(button)
            shortcut = QShortcut(QKeySequence(str(number)), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(button.click)

        self.fields = QFormLayout()
        self.given_by = QLineEdit()
        self.given_by.setObjectName("consentGivenBy")
        self.given_by_label = QLabel()
        self.given_by_label.setBuddy(self.given_by)
        self.relationship = QLineEdit()
        self.relationship.setObjectName("consentRelationship")
        self.relationship_label = QLabel()
        self.relationship_label.setBuddy(self.relationship)
        self.fields.addRow(self.given_by_label, self.given_by)
        self.fields.addRow(self.relationship_label, self.relationship)
        layout.addLayout(self.fields)

        self.recorder = QLabel()
        self.recorder.setObjectName("consentRecorder")
        self.recorder.setStyleSheet(HINT_STYLE)
        layout.addWidget(self.recorder)
        self.message = QLabel()
        self.message.setObjectName("consentMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(PROBLEM_STYLE)
        self.message.hide()
        layout.addWidget(self.message)
        layout.addStretch(1)

        row = QHBoxLayout()
        self.back_button = QPushButton()
        self.back_button.setObjectName("consentBack")
        self.record_button = QPushButton()
        self.record_button.setObjectName("recordConsent")
        self.record_button.setDefault(True)
        self.record_button.setAutoDefault(True)
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.record_button)
        layout.addLayout(row)

        self.group.idToggled.connect(self._method_changed)
        self.record_button.clicked.connect(self.record)
        self.back_button.clicked.connect(self.back_requested.emit)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # from any field of the step
            enter = QShortcut(QKeySequence(key), self)
            enter.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            enter.activated.connect(self.record)
        self.retranslate()

    # -- showing ------------------------------------------------------------------------

    def show_for(self, handle: InterviewHandle, *, recorded_by: str = "",
                 recorded_by_name: str = "") -> None:
        from fieldkit.interviews import consent_text

        self.handle = handle
        self._recorded_by, self._recorded_by_name = recorded_by, recorded_by_name
        self.group.setExclusive(False)
        for button in self.buttons.values():
            button.setChecked(False)
        self.group.setExclusive(True)
        self.given_by.clear()
        self.relationship.clear()
        self.message.hide()
        text = consent_text(handle.session)
        self.statement_box.setVisible(text is not None)
        if text is not None:
            self.statement_box.setLayoutDirection(language_direction(text.language))
            self.statement.setText(text.label)
            self.statement_hint.setText(text.hint)
            self.statement_hint.setVisible(bool(text.hint))
        self._method_changed()
        self.retranslate()
        self.buttons["verbal"].setFocus()

    @property
    def method(self) -> str | None:
        checked = self.group.checkedId()
        return METHODS[checked - 1] if checked > 0 else None

    def _method_changed(self, *_args: object) -> None:
        method = self.method
        on_behalf = method == "on_behalf"
        self.given_by.setEnabled(method in ("signed", "verbal", "on_behalf"))
        self.relationship_label.setVisible(on_behalf)
        self.relationship.setVisible(on_behalf)
        self.given_by_label.setText(
            _("&Name of who agreed:") if on_behalf else _("Respondent's &name (optional):"))
        if method == "refused":
            self.record_button.setText(_("&Record refusal and close"))
        else:
            self.record_button.setText(_("&Record consent and begin"))
        self.record_button.setEnabled(method is not None)
        if method == "on_behalf" and self.isVisible() and not self.given_by.hasFocus() \
                and not self.relationship.hasFocus():
            self.given_by.setFocus()  # who agreed is needed next

    # -- recording ------------------------------------------------------------------------------

    def record(self) -> None:
        from fieldkit.interviews import Consent

        handle, method = self.handle, self.method
        if handle is None:
            return
        if method is None:
            self._say(_("Choose how the respondent answered (keys 1 to 4)."))
            return
        consent = Consent(method=method,
                          given_by=self.given_by.text() if method != "refused" else "",
                          relationship=self.relationship.text() if method == "on_behalf"
                          else "", recorded_by=self._recorded_by)
        try:
            handle.record_consent(consent)
        except FieldkitError as exc:
            self._say(str(exc))
            return
        self.message.hide()
        self.recorded.emit()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # -- interface language ----------------------------------------------------------------------

    def retranslate(self) -> None:
        title = self.handle.info.form_title if self.handle is not None else ""
        self.heading.setText(_("Consent · {form}").format(form=isolate(title)))
        self.intro.setText(_("Before the first question: explain the survey and ask the "
                             "respondent whether they agree to take part. Nothing is "
                             "recorded until consent is."))
        self.how.setText(_("How did the respondent answer?"))
        for method, button in self.buttons.items():
            button.setText(_method_text(method))
        self.relationship_label.setText(_("Their &relationship to the respondent:"))
        if self._recorded_by_name:
            self.recorder.setText(_("Recorded by {name}, now.").format(
                name=isolate(self._recorded_by_name)))
        else:
            self.recorder.setText("")
        self.back_button.setText(_("&Back to list"))
        self._method_changed()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
