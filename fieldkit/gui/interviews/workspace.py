"""The Interviews workspace: the interview list, and one interview's form screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from fieldkit.gui.interviews.list_screen import InterviewListScreen
from fieldkit.gui.locale_numbers import number
from fieldkit.i18n import _, isolate, ngettext

if TYPE_CHECKING:
    from collections.abc import Callable

    from fieldkit.context import AppContext
    from fieldkit.gui.interviews.consent_screen import ConsentScreen
    from fieldkit.gui.interviews.form_screen import FormScreen
    from fieldkit.gui.interviews.new_dialog import NewInterviewDialog
    from fieldkit.gui.interviews.profile_dialog import InterviewerDialog
    from fieldkit.gui.interviews.read_aloud import ReadAloud
    from fieldkit.gui.interviews.text_size import TextSizeControl
    from fieldkit.gui.workspaces import WorkspaceSpec
    from fieldkit.interviewers import InterviewerProfile
    from fieldkit.interviews import InterviewHandle
    from fieldkit.projects import ProjectOverview


class InterviewsWorkspace(QWidget):
    #: Interviews were started, finalised or reopened (the window's counts are stale).
    changed = Signal()

    def __init__(self, spec: WorkspaceSpec, ctx: AppContext,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.ctx = ctx
        self.setObjectName(f"workspace_{spec.key}")
        self.project_id: str | None = None
        self._overview: ProjectOverview | None = None
        self.form_screen: FormScreen | None = None
        self.new_dialog: NewInterviewDialog | None = None
        self.profile_dialog: InterviewerDialog | None = None
        self.consent_screen: ConsentScreen | None = None
        self.text_size: TextSizeControl | None = None
        self.read_aloud: ReadAloud | None = None
        #: Who signed in last (the PIN is asked again at every start and resume).
        self.interviewer: InterviewerProfile | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self.facts = QLabel()
        self.facts.setObjectName("facts")
        self.facts.setWordWrap(True)
        self.interviewer_label = QLabel()
        self.interviewer_label.setObjectName("currentInterviewer")
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.interviewer_label, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(top)
        layout.addWidget(self.facts)
        self.stack = QStackedWidget()
        self.list_screen = InterviewListScreen()
        self.stack.addWidget(self.list_screen)
        layout.addWidget(self.stack, 1)

        self.list_screen.filters_changed.connect(self.refresh_list)
        self.list_screen.open_requested.connect(self.open_interview)
        self.list_screen.new_requested.connect(self.ask_new_interview)
        self.retranslate()

    # -- what the main window calls ---------------------------------------------------------

    def set_overview(self, overview: ProjectOverview, store_text: str) -> None:
        self._overview = overview
        self.project_id = overview.project_id
        self._show_facts()
        if self.stack.currentWidget() is self.list_screen:
            self.refresh_list()

    def retranslate(self) -> None:
        self.heading.setText(_(self.spec.title))
        if self.text_size is not None:
            self.text_size.retranslate()
        if self.read_aloud is not None:
            self.read_aloud.retranslate()
        self._show_facts()
        self._show_interviewer()

    def _show_interviewer(self) -> None:
        who = self.interviewer
        self.interviewer_label.setText(
            _("Interviewer: {name}").format(name=isolate(who.name)) if who is not None
            else _("No interviewer signed in"))

    def _show_facts(self) -> None:
        ov = self._overview
        if ov is None:
            self.facts.setText("")
            return
        by = ov.interviews_by_status
        self.facts.setText(" · ".join((
            ngettext("{n} form", "{n} forms", ov.forms).format(n=number(ov.forms)),
            _("Drafts: {drafts} · Finalised: {finalized} · Sent: {sent}").format(
                drafts=number(by["draft"]), finalized=number(by["finalized"]),
                sent=number(by["sent"])),
        )))

    # -- the list ---------------------------------------------------------------------------

    def refresh_list(self) -> None:
        if self.project_id is None:
            return  # shown before the store is open: nothing to list yet
        from fieldkit.interviews import list_interviews

        screen = self.list_screen
        rows = list_interviews(self.ctx.store, self.project_id, status=screen.status,
                               search=screen.search_text)
        any_at_all = bool(rows) or bool(self._overview and self._overview.interviews)
        screen.set_rows(rows, any_at_all=any_at_all)

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list_screen)
        self.refresh_list()
        self.list_screen.table.setFocus()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        if self.stack.currentWidget() is self.list_screen:
            self.refresh_list()
        super().showEvent(event)

    # -- starting and opening interviews -------------------------------------------------------

    def ask_new_interview(self) -> None:
        from fieldkit.gui.interviews.new_dialog import NewInterviewDialog
        from fieldkit.project_forms import project_forms

        if self.project_id is None:
            return
        forms = project_forms(self.ctx.store, self.project_id, include_retired=False)
        dialog = NewInterviewDialog(self.ctx.store, forms, self)
        dialog.accepted.connect(lambda: self._start(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.new_dialog = dialog
        dialog.open()

    def _start(self, dialog: NewInterviewDialog) -> None:
        pk, language, label = dialog.form_pk, dialog.language, dialog.label
        if pk is None:
            return

        def start(profile: InterviewerProfile) -> None:
            from fieldkit.interviews import start_interview

            handle = start_interview(self.ctx.store, form_pk=pk, respondent_language=language,
                                     interviewer_id=profile.id, label=label)
            self.changed.emit()
            self._show_interview(handle)

        self.ask_interviewer(start)

    def open_interview(self, uuid: str) -> None:
        def resume(_profile: InterviewerProfile) -> None:
            from fieldkit.interviews import open_interview

            self._show_interview(open_interview(self.ctx.store, uuid))

        self.ask_interviewer(resume)

    # -- who is interviewing ----------------------------------------------------------------------

    def ask_interviewer(self, then: Callable[[InterviewerProfile], None]) -> None:
        """Ask for the interviewer's profile and PIN; ``then(profile)`` once signed in."""
        from fieldkit.gui.interviews.profile_dialog import InterviewerDialog
        from fieldkit.interviewers import SELF_SERVICE_ROLES

        if self.project_id is None:
            return
        role = self._overview.role if self._overview is not None else ""
        last = self.interviewer.id if self.interviewer is not None else None
        dialog = InterviewerDialog(self.ctx.store, self.project_id,
                                   can_create=role in SELF_SERVICE_ROLES, last_id=last,
                                   parent=self)

        def signed_in() -> None:
            profile = dialog.profile
            if profile is None:
                return
            self.interviewer = profile
            self._show_interviewer()
            then(profile)

        dialog.accepted.connect(signed_in)
        dialog.finished.connect(dialog.deleteLater)
        self.profile_dialog = dialog
        dialog.open()

    # -- consent, then the form ----------------------------------------------------------

    def _show_interview(self, handle: InterviewHandle) -> None:
        consent = handle.consent
        if handle.status == "draft" and (consent is None or not consent.given):
            self._show_consent(handle)
        else:
            self._show_form(handle)

    def _show_consent(self, handle: InterviewHandle) -> None:
        if self.consent_screen is None:
            from fieldkit.gui.interviews.consent_screen import ConsentScreen

            self.consent_screen = ConsentScreen()
            self.consent_screen.back_requested.connect(self._back_to_list)
            self.consent_screen.recorded.connect(self._consent_recorded)
            self.stack.addWidget(self.consent_screen)
        who = self.interviewer
        self.consent_screen.show_for(handle, recorded_by=who.id if who is not None else "",
                                     recorded_by_name=who.name if who is not None else "")
        self.stack.setCurrentWidget(self.consent_screen)

    def _consent_recorded(self) -> None:
        screen = self.consent_screen
        handle = screen.handle if screen is not None else None
        if handle is None:
            return
        if handle.status == "draft":
            self._show_form(handle)
            self.changed.emit()
        else:  # refused: the interview is closed, with nothing in it
            self._back_to_list()

    def _show_form(self, handle: InterviewHandle) -> None:
        screen = self._form_screen()
        screen.show_interview(handle)
        self.stack.setCurrentWidget(screen)
        first = next(iter(screen.widgets.values()), None)
        target = first.focus_widget() if first is not None else None
        (target or screen.next_button).setFocus()

    def _form_screen(self) -> FormScreen:
        if self.form_screen is None:
            from fieldkit.gui.interviews.form_screen import FormScreen
            from fieldkit.gui.interviews.text_size import TextSizeControl

            self.form_screen = FormScreen(self.ctx.store,
                                          attachments_dir=self.ctx.paths.attachments_dir)
            self.text_size = TextSizeControl(self.ctx.settings, self.form_screen,
                                             self.form_screen.set_text_scale)
            self.form_screen.tools.addWidget(self.text_size.smaller)
            self.form_screen.tools.addWidget(self.text_size.larger)
            self._add_media(self.form_screen)
            self.form_screen.back_requested.connect(self._back_to_list)
            self.form_screen.interview_changed.connect(self.changed.emit)
            from fieldkit.gui.interviews.consultation_warning import ConsultationWarning

            self.consultation_warning = ConsultationWarning(self.form_screen)
            self.stack.addWidget(self.form_screen)
        return self.form_screen

    def _add_media(self, screen: FormScreen) -> None:
        """Pictures on the page and the read-aloud button."""
        from fieldkit.gui.interviews.media_view import decorate
        from fieldkit.gui.interviews.read_aloud import ReadAloud
        from fieldkit.interviews.media import MediaFolders
        from fieldkit.interviews.recordings import RecordingFiles, recordings_folder

        media = MediaFolders.for_data_dir(self.ctx.paths.data_dir)
        screen.decorate = lambda widget, state: decorate(widget, state, media)
        recordings = RecordingFiles(self.ctx.store, recordings_folder(self.ctx.paths.data_dir))
        self.read_aloud = ReadAloud(screen, media, recordings=recordings)
        screen.tools.addWidget(self.read_aloud.button)

    def _back_to_list(self) -> None:
        self.changed.emit()  # answers were counted, "last changed" moved
        self.show_list()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
