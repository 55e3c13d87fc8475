"""Interviewers: the roster the pack carries. Add someone (their enrolment code is shown
once, with a slip to print and hand over in person), correct a name, record the
languages they speak, deactivate a lost laptop's interviewer or bring them back."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.gui.coordinator.base import (
    CoordinatorTab,
    actor_name,
    make_table,
    number,
    selected_item,
)
from fieldkit.gui.coordinator.interviewer_dialogs import CodeDialog, LanguagesDialog
from fieldkit.i18n import N_, _, isolate, language_name

if TYPE_CHECKING:
    from fieldkit.context import AppContext
    from fieldkit.sync.project import RosterEntry
    from fieldkit.sync.roster import RosterMember

T = TypeVar("T")
COLUMNS = (N_("Name"), N_("Speaks"), N_("Status"), N_("Laptops"))


def _languages_text(codes: tuple[str, ...]) -> str:
    return ", ".join(language_name(code) for code in codes) or _("not recorded")


class InterviewersTab(CoordinatorTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("coordinatorInterviewers")
        self.members: list[RosterMember] = []
        self.dialog: QDialog | None = None
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = make_table("roster", len(COLUMNS))
        self.table.itemSelectionChanged.connect(self._enable)
        self.empty = QLabel()
        self.empty.setObjectName("noInterviewers")
        self.empty.setWordWrap(True)
        self.add_button = QPushButton()
        self.add_button.setObjectName("addInterviewer")
        self.add_button.clicked.connect(self.ask_name)
        self.rename_button = QPushButton()
        self.rename_button.setObjectName("renameInterviewer")
        self.rename_button.clicked.connect(self.ask_rename)
        self.languages_button = QPushButton()
        self.languages_button.setObjectName("interviewerLanguages")
        self.languages_button.clicked.connect(self.ask_languages)
        self.active_button = QPushButton()
        self.active_button.setObjectName("toggleActive")
        self.active_button.clicked.connect(self.toggle_active)
        self.status = QLabel()
        self.status.setObjectName("rosterStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.rename_button, self.languages_button,
                       self.active_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addWidget(self.intro)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.retranslate()
        self._enable()

    def title(self) -> str:
        return _("Interviewers")

    def retranslate(self) -> None:
        self.intro.setText(_("Everyone on this list can join the project on a laptop with "
                             "the project pack and their own enrolment code. Write a new "
                             "pack after changes, so the laptops learn them."))
        self.empty.setText(_("No interviewers yet. Add the first with Add interviewer."))
        self.add_button.setText(_("&Add interviewer…"))
        self.rename_button.setText(_("Re&name…"))
        self.languages_button.setText(_("&Languages…"))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self._fill()

    # -- loading ----------------------------------------------------------------------

    def refresh(self) -> None:
        store = self.ctx.store

        def work(_progress: object) -> list[RosterMember]:
            from fieldkit.sync.roster import roster

            return roster(store)

        self.run(work, self._loaded, self.status)

    def _loaded(self, members: list[RosterMember], select_id: str | None = None) -> None:
        current = self.selected()
        chosen = select_id or (current.id if current is not None else None)
        self.members = members
        self._fill()
        for row, member in enumerate(members):
            if member.id == chosen:
                self.table.setCurrentCell(row, 0)

    def _fill(self) -> None:
        self.table.setRowCount(len(self.members))
        for row, member in enumerate(self.members):
            cells = (member.name, _languages_text(member.languages),
                     _("active") if member.active else _("deactivated"),
                     number(member.devices))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if not member.active:
                    font = QFont(item.font())
                    font.setItalic(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
        self.empty.setVisible(not self.members)
        self._enable()

    def selected(self) -> RosterMember | None:
        return selected_item(self.table, self.members)

    def _enable(self) -> None:
        member = self.selected()
        idle = not self.busy("write")
        self.add_button.setEnabled(idle)
        for button in (self.rename_button, self.languages_button, self.active_button):
            button.setEnabled(member is not None and idle)
        self.active_button.setText(_("&Reactivate") if member is not None
                                   and not member.active else _("&Deactivate"))

    # -- changes ----------------------------------------------------------------------

    def _write(self, work: Callable[[], T], said: Callable[[T], str],
               chosen: Callable[[T], str] | None = None) -> None:
        """Run a roster change off the UI thread, then re-read the roster and select
        the interviewer it changed (``chosen`` tells which; default: the result's id)."""
        store = self.ctx.store

        def run(_progress: object) -> tuple[T, list[RosterMember]]:
            from fieldkit.sync.roster import roster

            result = work()
            return result, roster(store)

        def finished(loaded: tuple[T, list[RosterMember]]) -> None:
            result, members = loaded
            self.status.setText(said(result))
            select_id = chosen(result) if chosen is not None else getattr(result, "id", None)
            self._loaded(members, select_id if isinstance(select_id, str) else None)
            self.changed.emit()

        self.run(run, finished, self.status, key="write", after_failure=self._enable)
        self._enable()

    def ask_name(self) -> None:
        name, ok = QInputDialog.getText(self, _("Add interviewer"),
                                        _("The interviewer's name, as they will pick it "
                                          "when joining:"))
        if ok and name.strip():
            self.add_interviewer(name)

    def add_interviewer(self, name: str) -> None:
        store = self.ctx.store

        def work() -> tuple[RosterEntry, str, tuple[str, str]]:
            from fieldkit.sync.project import add_interviewer, coordinator_project
            from fieldkit.sync.roster import project_organisation

            entry, code = add_interviewer(store, name)
            return entry, code, (coordinator_project(store).name,
                                 project_organisation(store))

        def done(result: tuple[RosterEntry, str, tuple[str, str]]) -> str:
            entry, code, project = result
            dialog = CodeDialog(project, entry.name, code, self)
            dialog.finished.connect(dialog.deleteLater)
            self.dialog = dialog
            dialog.open()
            return _("Added {name}.").format(name=isolate(entry.name))

        self._write(work, done, lambda result: result[0].id)

    def ask_rename(self) -> None:
        member = self.selected()
        if member is None:
            return
        name, ok = QInputDialog.getText(self, _("Rename interviewer"), _("New name:"),
                                        text=member.name)
        if ok and name.strip() and name.strip() != member.name:
            self.rename(member.id, name)

    def rename(self, interviewer_id: str, name: str) -> None:
        store = self.ctx.store
        actor = actor_name()

        def work() -> RosterMember:
            from fieldkit.sync.roster import rename_interviewer

            return rename_interviewer(store, interviewer_id, name, actor)

        self._write(work, lambda m: _("Renamed to {name}.").format(name=isolate(m.name)))

    def ask_languages(self) -> None:
        member = self.selected()
        if member is None:
            return
        dialog = LanguagesDialog(member.name, member.languages, self)
        dialog.accepted.connect(lambda: self.set_languages(member.id, dialog.codes()))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def set_languages(self, interviewer_id: str, codes: list[str]) -> None:
        store = self.ctx.store
        actor = actor_name()

        def work() -> RosterMember:
            from fieldkit.sync.roster import set_languages

            return set_languages(store, interviewer_id, codes, actor)

        self._write(work, lambda m: _("{name} speaks: {languages}.").format(
            name=isolate(m.name), languages=_languages_text(m.languages)))

    def toggle_active(self) -> None:
        member = self.selected()
        if member is None:
            return
        store = self.ctx.store
        actor = actor_name()
        active = not member.active

        def work() -> RosterMember:
            from fieldkit.sync.roster import set_active

            return set_active(store, member.id, active, actor)

        def said(m: RosterMember) -> str:
            if m.active:
                return _("{name} is active again.").format(name=isolate(m.name))
            return _("{name} is deactivated: bundles from their laptops are refused from "
                     "now on; what they sent stays.").format(name=isolate(m.name))

        self._write(work, said)
