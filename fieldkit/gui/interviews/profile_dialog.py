"""Who is interviewing: pick a profile and type its PIN, make a new profile, or
change the chosen profile's PIN.

Shown when an interview starts or resumes. The checks (PIN format, wrong PINs,
waiting after repeated failures) are the core's (:mod:`fieldkit.interviewers`);
this dialog only shows their messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fieldkit.errors import FieldkitError
from fieldkit.gui.interviews.question_widgets import PROBLEM_STYLE
from fieldkit.i18n import _, isolate

if TYPE_CHECKING:
    from fieldkit.interviewers import InterviewerProfile
    from fieldkit.store import Store

#: Digits of any script (a Sorani keyboard types ٠-٩), at most 8.
_PIN_CHARS = r"\p{Nd}{0,8}"


def _pin_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(8)
    edit.setValidator(QRegularExpressionValidator(_PIN_CHARS, edit))
    edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly
                             | Qt.InputMethodHint.ImhSensitiveData)
    edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # digits read left to right
    return edit


def _message() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(PROBLEM_STYLE)
    label.hide()
    return label


class InterviewerDialog(QDialog):
    """Sets :attr:`profile` and accepts once a PIN is right (or a profile is made)."""

    def __init__(self, store: Store, project_id: str, *, can_create: bool,
                 last_id: str | None = None, parent: QWidget | None = None) -> None:
        from fieldkit.interviewers import list_interviewers

        super().__init__(parent)
        self.setObjectName("interviewerDialog")
        self.setWindowTitle(_("Who is interviewing?"))
        self.setMinimumWidth(420)
        self._store = store
        self._project_id = project_id
        self.profile: InterviewerProfile | None = None
        self.busy = False
        self._profiles = list_interviewers(store, project_id)
        self.pages = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

        # -- signing in -----------------------------------------------------------
        self.sign_in_page = QWidget()
        sign_in = QVBoxLayout(self.sign_in_page)
        intro = QLabel(_("Pick your profile and type your PIN."))
        intro.setWordWrap(True)
        sign_in.addWidget(intro)
        fields = QFormLayout()
        self.profile_combo = QComboBox()
        self.profile_combo.setObjectName("profileChoice")
        for profile in self._profiles:
            self.profile_combo.addItem(profile.name, profile.id)
        self.pin_edit = _pin_edit("pinEdit")
        self.repeat_label = QLabel(_("Type the new PIN &again:"))
        self.repeat_edit = _pin_edit("pinRepeat")
        self.repeat_label.setBuddy(self.repeat_edit)
        fields.addRow(_("&Interviewer:"), self.profile_combo)
        fields.addRow(_("&PIN:"), self.pin_edit)
        fields.addRow(self.repeat_label, self.repeat_edit)
        sign_in.addLayout(fields)
        self.pin_message = _message()
        self.pin_message.setObjectName("pinMessage")
        sign_in.addWidget(self.pin_message)
        self.pin_changed = QLabel()  # news, not a problem: plain text
        self.pin_changed.setObjectName("pinChanged")
        self.pin_changed.setWordWrap(True)
        self.pin_changed.hide()
        sign_in.addWidget(self.pin_changed)
        sign_in.addStretch(1)
        row = QHBoxLayout()
        self.new_button = QPushButton(_("&New profile…"))
        self.new_button.setObjectName("newProfile")
        self.new_button.setVisible(can_create)
        self.change_button = QPushButton(_("&Change PIN…"))
        self.change_button.setObjectName("changePin")
        self.sign_in_button = QPushButton(_("&Sign in"))
        self.sign_in_button.setObjectName("signIn")
        cancel = QPushButton(_("Cancel"))
        row.addWidget(self.new_button)
        row.addWidget(self.change_button)
        row.addStretch(1)
        row.addWidget(self.sign_in_button)
        row.addWidget(cancel)
        sign_in.addLayout(row)
        self.pages.addWidget(self.sign_in_page)

        # -- a new profile -------------------------------------------------------------
        self.create_page = QWidget()
        create = QVBoxLayout(self.create_page)
        self.create_intro = QLabel(_("Make your interviewer profile. Your name is saved with "
                                     "every interview you do; the PIN (4 to 8 digits) keeps "
                                     "others from using your profile."))
        self.create_intro.setWordWrap(True)
        create.addWidget(self.create_intro)
        form = QFormLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("profileName")
        self.new_pin = _pin_edit("newPin")
        self.new_pin_repeat = _pin_edit("newPinRepeat")
        form.addRow(_("&Name:"), self.name_edit)
        form.addRow(_("&PIN:"), self.new_pin)
        form.addRow(_("PIN &again:"), self.new_pin_repeat)
        create.addLayout(form)
        self.create_message = _message()
        self.create_message.setObjectName("createMessage")
        create.addWidget(self.create_message)
        create.addStretch(1)
        row = QHBoxLayout()
        self.back_button = QPushButton(_("&Back"))
        self.back_button.setObjectName("backToSignIn")
        self.back_button.setVisible(bool(self._profiles))
        self.create_button = QPushButton(_("&Create profile"))
        self.create_button.setObjectName("createProfile")
        create_cancel = QPushButton(_("Cancel"))
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.create_button)
        row.addWidget(create_cancel)
        create.addLayout(row)
        self.pages.addWidget(self.create_page)

        # -- changing the chosen profile's PIN ------------------------------------------
        self.change_page = QWidget()
        change = QVBoxLayout(self.change_page)
        self.change_intro = QLabel()
        self.change_intro.setWordWrap(True)
        change.addWidget(self.change_intro)
        form = QFormLayout()
        self.current_pin = _pin_edit("currentPin")
        self.changed_pin = _pin_edit("changedPin")
        self.changed_pin_repeat = _pin_edit("changedPinRepeat")
        form.addRow(_("&Current PIN:"), self.current_pin)
        form.addRow(_("&New PIN:"), self.changed_pin)
        form.addRow(_("New PIN &again:"), self.changed_pin_repeat)
        change.addLayout(form)
        self.change_message = _message()
        self.change_message.setObjectName("changeMessage")
        change.addWidget(self.change_message)
        change.addStretch(1)
        row = QHBoxLayout()
        change_back = QPushButton(_("&Back"))
        change_back.setObjectName("backFromChange")
        self.change_pin_button = QPushButton(_("Change &PIN"))
        self.change_pin_button.setObjectName("changePinButton")
        row.addWidget(change_back)
        row.addStretch(1)
        row.addWidget(self.change_pin_button)
        change.addLayout(row)
        self.pages.addWidget(self.change_page)

        self.no_profiles = QLabel(_("There are no interviewer profiles for this project "
                                    "yet. Your coordinator adds them to the project pack."))
        self.no_profiles.setWordWrap(True)
        self.no_profiles.setVisible(not self._profiles and not can_create)
        layout.addWidget(self.no_profiles)

        self.profile_combo.currentIndexChanged.connect(self._profile_chosen)
        self.sign_in_button.clicked.connect(self._sign_in)
        self.new_button.clicked.connect(self.show_create)
        self.back_button.clicked.connect(self.show_sign_in)
        self.create_button.clicked.connect(self._create)
        self.change_button.clicked.connect(self.show_change)
        change_back.clicked.connect(self.show_sign_in)
        self.change_pin_button.clicked.connect(self._change_pin)
        cancel.clicked.connect(self.reject)
        create_cancel.clicked.connect(self.reject)

        if last_id is not None and self.profile_combo.findData(last_id) >= 0:
            self.profile_combo.setCurrentIndex(self.profile_combo.findData(last_id))
        self._profile_chosen()
        if self._profiles or not can_create:
            self.show_sign_in()
        else:
            self.show_create()

    # -- pages --------------------------------------------------------------------------

    def show_sign_in(self) -> None:
        self.pages.setCurrentWidget(self.sign_in_page)
        self.sign_in_button.setDefault(True)
        self.sign_in_button.setEnabled(bool(self._profiles))
        self.create_button.setDefault(False)
        self.change_pin_button.setDefault(False)
        self.pin_edit.setFocus()

    def show_change(self) -> None:
        profile = self._chosen()
        if profile is None or not profile.has_pin:
            return
        self.change_intro.setText(_("Change the PIN of {name}: type the current PIN, "
                                    "then the new one (4 to 8 digits) twice.")
                                  .format(name=isolate(profile.name)))
        for edit in (self.current_pin, self.changed_pin, self.changed_pin_repeat):
            edit.clear()
        self._say(self.change_message, "")
        self.pages.setCurrentWidget(self.change_page)
        self.change_pin_button.setDefault(True)
        self.sign_in_button.setDefault(False)
        self.current_pin.setFocus()

    def show_create(self) -> None:
        self.pages.setCurrentWidget(self.create_page)
        self.create_button.setDefault(True)
        self.sign_in_button.setDefault(False)
        self.name_edit.setFocus()

    def _chosen(self) -> InterviewerProfile | None:
        wanted = self.profile_combo.currentData()
        return next((p for p in self._profiles if p.id == wanted), None)

    def _profile_chosen(self, _index: int = 0) -> None:
        profile = self._chosen()
        needs_pin = profile is not None and not profile.has_pin
        self.repeat_label.setVisible(needs_pin)
        self.repeat_edit.setVisible(needs_pin)
        self.change_button.setEnabled(profile is not None and profile.has_pin)
        self.pin_edit.clear()
        self.repeat_edit.clear()
        self.pin_message.hide()
        self.pin_changed.hide()

    # -- actions ---------------------------------------------------------------------------

    # Hashing a PIN takes most of a second (that is what makes guessing slow), so
    # it runs off the UI thread; :attr:`busy` is True meanwhile.

    def _run(self, work: Callable[[], InterviewerProfile], message: QLabel,
             failed: Callable[[], None],
             succeeded: Callable[[InterviewerProfile], None] | None = None) -> None:
        """``succeeded``: what a result does (by default: it is who is interviewing)."""
        from fieldkit.gui.tasks import run_in_background

        self.busy = True
        self.pages.setEnabled(False)
        self._say(message, "")
        self.pin_changed.hide()

        def done(profile: InterviewerProfile) -> None:
            self._finish()
            if succeeded is not None:
                succeeded(profile)
                return
            self.profile = profile
            self.accept()

        def refused(exc: BaseException) -> None:
            self._finish()
            if not isinstance(exc, FieldkitError):
                raise exc  # a bug: the crash handler reports it
            self._say(message, str(exc))
            failed()

        run_in_background(lambda _progress: work(), on_done=done, on_failed=refused)

    def _finish(self) -> None:
        self.busy = False
        self.pages.setEnabled(True)

    def _sign_in(self) -> None:
        from fieldkit.interviewers import set_pin, sign_in

        profile = self._chosen()
        if profile is None or self.busy:
            return
        pin = self.pin_edit.text()
        if not profile.has_pin and pin != self.repeat_edit.text():
            self._say(self.pin_message, _("The two PINs are not the same."))
            return
        store = self._store

        def work() -> InterviewerProfile:
            if not profile.has_pin:  # a profile from the pack: its first PIN
                set_pin(store, profile.id, pin)
            return sign_in(store, profile.id, pin)

        def again() -> None:
            self.pin_edit.clear()
            self.pin_edit.setFocus()

        self._run(work, self.pin_message, again)

    def _create(self) -> None:
        from fieldkit.interviewers import create_interviewer

        if self.busy:
            return
        pin = self.new_pin.text()
        if pin != self.new_pin_repeat.text():
            self._say(self.create_message, _("The two PINs are not the same."))
            self.new_pin_repeat.clear()
            self.new_pin_repeat.setFocus()
            return
        store, project_id, name = self._store, self._project_id, self.name_edit.text()
        self._run(lambda: create_interviewer(store, project_id, name, pin),
                  self.create_message, self.name_edit.setFocus)

    def _change_pin(self) -> None:
        from fieldkit.interviewers import change_pin

        profile = self._chosen()
        if profile is None or self.busy:
            return
        new = self.changed_pin.text()
        if new != self.changed_pin_repeat.text():
            self._say(self.change_message, _("The two PINs are not the same."))
            self.changed_pin_repeat.clear()
            self.changed_pin_repeat.setFocus()
            return
        store, current = self._store, self.current_pin.text()

        def changed(_profile: InterviewerProfile) -> None:
            self.show_sign_in()
            self.pin_edit.clear()
            self._say(self.pin_message, "")
            self._say(self.pin_changed, _("The PIN of {name} is changed; sign in with "
                                          "the new PIN.").format(name=isolate(profile.name)))

        def again() -> None:
            self.current_pin.clear()
            self.current_pin.setFocus()

        self._run(lambda: change_pin(store, profile.id, current, new),
                  self.change_message, again, changed)

    @staticmethod
    def _say(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))
