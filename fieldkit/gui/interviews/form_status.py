"""An interview's status on its screen: the title line, the banner of a finalised
(or sent) interview, finalising (the problems listed when something is missing) and
reopening a finalised interview with a reason for the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog

from fieldkit.errors import FieldkitError
from fieldkit.gui.interviews.statuses import status_name
from fieldkit.i18n import _, isolate

if TYPE_CHECKING:
    from fieldkit.forms import Problem
    from fieldkit.gui.interviews.form_screen import FormScreen


class InterviewStatus(QObject):
    def __init__(self, screen: FormScreen) -> None:
        super().__init__(screen)
        self.screen = screen
        self.reason_dialog: QInputDialog | None = None
        #: path -> required message, after finalising found it unanswered
        self.flagged: dict[str, str] = {}
        screen.reopen_button.clicked.connect(self.ask_reopen)

    def show_header(self) -> None:
        screen = self.screen
        if screen.handle is None:
            return
        info = screen.handle.info
        parts = [isolate(info.form_title)]
        if info.label:
            parts.append(isolate(info.label))
        parts.append(status_name(info.status))
        screen.title.setText(" · ".join(parts))
        screen.banner.setVisible(screen.read_only)
        screen.reopen_button.setVisible(info.status == "finalized")
        if info.status == "finalized":
            screen.banner_text.setText(_("This interview is finalised: you can look at it "
                                         "but not change it. Reopen it to make a "
                                         "correction."))
        else:
            screen.banner_text.setText(_("This interview has left this laptop and can only "
                                         "be looked at."))

    def finalise(self) -> None:
        screen = self.screen
        handle = screen.handle
        if handle is None:
            return
        screen.commit_pending()
        try:
            problems = handle.finalize()
        except FieldkitError as exc:
            screen.show_notice(str(exc))
            return
        if problems:
            self.flagged = {p.path: p.message for p in problems if p.kind == "required"}
            self.show_problems(problems)
            screen.show_page()
            return
        self.flagged.clear()
        screen.problems.show_problems([], lambda _p: "")
        self.changed()

    def show_problems(self, problems: list[Problem]) -> None:
        handle = self.screen.handle
        assert handle is not None

        def label(path: str) -> str:
            try:
                return handle.session.label(path)
            except FieldkitError:
                return ""

        self.screen.problems.show_problems(problems, label)

    def ask_reopen(self) -> None:
        """Ask why (for the audit log), then make the interview a draft again."""
        dialog = QInputDialog(self.screen)
        dialog.setObjectName("reopenReason")
        dialog.setWindowTitle(_("Reopen interview"))
        dialog.setLabelText(_("Why does this finalised interview need to change? "
                              "The reason is kept in the audit log."))
        dialog.setOkButtonText(_("&Reopen"))
        dialog.setCancelButtonText(_("Cancel"))
        dialog.textValueSelected.connect(self.reopen)
        self.reason_dialog = dialog
        dialog.open()

    def reopen(self, reason: str) -> None:
        from fieldkit.interviews import reopen

        screen = self.screen
        handle = screen.handle
        if handle is None:
            return
        try:
            reopen(screen.store, handle.uuid, handle.info.interviewer_name, reason)
        except FieldkitError as exc:
            screen.show_notice(str(exc))
            return
        handle.reload()
        self.changed()

    def changed(self) -> None:
        """After finalising or reopening: the header, the page and the lists."""
        screen = self.screen
        screen.show_notice("")
        self.show_header()
        screen.reload_page()
        screen.interview_changed.emit()
