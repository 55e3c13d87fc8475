"""The Interviews workspace: the interview list, and one interview's form screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from fieldkit.gui.interviews.list_screen import InterviewListScreen
from fieldkit.i18n import _, ngettext

if TYPE_CHECKING:
    from fieldkit.context import AppContext
    from fieldkit.gui.interviews.form_screen import FormScreen
    from fieldkit.gui.interviews.new_dialog import NewInterviewDialog
    from fieldkit.gui.workspaces import WorkspaceSpec
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
        layout.addWidget(self.heading)
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
        self._show_facts()

    def _show_facts(self) -> None:
        ov = self._overview
        if ov is None:
            self.facts.setText("")
            return
        by = ov.interviews_by_status
        self.facts.setText(" · ".join((
            ngettext("{n} form", "{n} forms", ov.forms).format(n=ov.forms),
            _("Drafts: {drafts} · Finalised: {finalized} · Sent: {sent}").format(
                drafts=by["draft"], finalized=by["finalized"], sent=by["sent"]),
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
        dialog = NewInterviewDialog(self.ctx.store, project_forms(self.ctx.store,
                                                                  self.project_id), self)
        dialog.accepted.connect(lambda: self._start(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.new_dialog = dialog
        dialog.open()

    def _start(self, dialog: NewInterviewDialog) -> None:
        from fieldkit.interviews import start_interview

        pk = dialog.form_pk
        if pk is None:
            return
        handle = start_interview(self.ctx.store, form_pk=pk, respondent_language=dialog.language,
                                 label=dialog.label)
        self.changed.emit()
        self._show_form(handle)

    def open_interview(self, uuid: str) -> None:
        from fieldkit.interviews import open_interview

        self._show_form(open_interview(self.ctx.store, uuid))

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

            self.form_screen = FormScreen(self.ctx.store,
                                          attachments_dir=self.ctx.paths.attachments_dir)
            self.form_screen.back_requested.connect(self._back_to_list)
            self.form_screen.interview_changed.connect(self.changed.emit)
            from fieldkit.gui.interviews.consultation_warning import ConsultationWarning

            self.consultation_warning = ConsultationWarning(self.form_screen)
            self.stack.addWidget(self.form_screen)
        return self.form_screen

    def _back_to_list(self) -> None:
        self.changed.emit()  # answers were counted, "last changed" moved
        self.show_list()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
