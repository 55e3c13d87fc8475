"""One session open for check-in: its facts, the grid, the suggestions for the name
being typed, the selected person's details, and the paper (sign-in sheet, summary)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from fieldkit.gui.locale_numbers import number as ui_number
from fieldkit.gui.sessions.checkin_model import CheckInModel, grid_columns
from fieldkit.gui.sessions.checkin_view import CheckInView, SuggestionBox, SuggestionList
from fieldkit.gui.sessions.details import AttendeeDetails
from fieldkit.i18n import _, is_rtl, ngettext

if TYPE_CHECKING:
    from fieldkit.attendance.matching import PersonIndex
    from fieldkit.attendance.records import SessionInfo
    from fieldkit.attendance.service import AttendanceService


class CheckInPanel(QWidget):
    #: Attendances were added or changed (counts elsewhere are stale).
    changed = Signal()

    def __init__(self, service: AttendanceService, ui_language: str,
                 parent: QWidget | None = None) -> None:
        from fieldkit.attendance.grid import checkin_fields, detail_fields
        from fieldkit.forms.language_names import form_language

        super().__init__(parent)
        self.setObjectName("checkInPanel")
        self.service = service
        self.ui_language = ui_language
        self.session: SessionInfo | None = None
        self.model: CheckInModel | None = None
        self.index: PersonIndex | None = None
        form = service.attendee_form
        self.form_language = form_language(form.languages, ui_language) or form.default_language
        self.columns = grid_columns(form, checkin_fields(form), self.form_language)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.facts = QLabel()
        self.facts.setObjectName("sessionFacts")
        self.facts.setWordWrap(True)
        layout.addWidget(self.facts)
        self.help = QLabel(_("Type in the last row to check a person in. Tab saves and moves "
                             "on; in the name, Down chooses a suggested returning person. "
                             "Ctrl+Enter: next person. Ctrl+D: details of the person."))
        self.help.setWordWrap(True)
        layout.addWidget(self.help)

        # The grid gets the width; suggestions float over it only while a name is typed.
        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("checkInSplit")
        self.suggestions = SuggestionList()
        self.grid = CheckInView(self.suggestions)
        split.addWidget(self.grid)
        self.details = AttendeeDetails(service, detail_fields(form), self.form_language)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setCollapsible(0, False)
        layout.addWidget(split, 1)
        self.suggestion_box = SuggestionBox(self.suggestions, self)
        # The count and the paper share the bottom row, leaving the top to the grid.
        bottom = QHBoxLayout()
        self.status = QLabel()
        self.status.setObjectName("checkInStatus")
        self.status.setWordWrap(True)  # gives way to the buttons in long languages
        bottom.addWidget(self.status, 1)
        self.sheet_button = QPushButton(_("Sign-in sheet (PDF)…"))
        self.sheet_button.setObjectName("printSheet")
        self.summary_button = QPushButton(_("Session summary (PDF)…"))
        self.summary_button.setObjectName("printSummary")
        bottom.addWidget(self.sheet_button)
        bottom.addWidget(self.summary_button)
        layout.addLayout(bottom)

        self.grid.delegate.name_typed.connect(self._name_typed)
        # Leaving the cell (Tab, Enter, Escape, a click) ends the suggestions.
        self.grid.delegate.closeEditor.connect(lambda *_a: self.suggestions.show_matches([]))
        self.sheet_button.clicked.connect(lambda: self.ask_pdf("sheet"))
        self.summary_button.clicked.connect(lambda: self.ask_pdf("summary"))
        self.details.changed.connect(self._details_changed)
        for keys, slot in (("Ctrl+Return", self.grid.go_to_new_row),
                           ("Ctrl+Enter", self.grid.go_to_new_row),
                           ("Ctrl+D", self.focus_details),
                           ("Ctrl+G", self.grid.setFocus)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)

    # -- the session ---------------------------------------------------------------------

    def show_session(self, session: SessionInfo) -> None:
        self.session = session
        self.model = CheckInModel(self.service, session.uuid, self.columns)
        self.model.problem.connect(self._problem)
        self.model.checked_in.connect(lambda _uuid: self._counts_changed())
        self.model.dataChanged.connect(lambda *_args: self.changed.emit())
        self.grid.setModel(self.model)
        self.grid.selectionModel().currentRowChanged.connect(self._row_changed)
        # Short headings (the whole question is the tooltip); columns as wide as the
        # heading or the longest choice, within reason; room for a name and a phone.
        metrics = self.grid.horizontalHeader().fontMetrics()
        for number, column in enumerate(self.columns):
            texts = [column.heading or column.label, *(label for _v, label in column.choices)]
            if column.name == "phone":
                texts.append("07700 900000")
            width = max(metrics.horizontalAdvance(t) for t in texts) + 20
            self.grid.setColumnWidth(number, 170 if column.name == "attendee_name"
                                     else max(56, min(width, 120)))
        self.index = self.service.person_index()
        self.facts.setText(" · ".join(x for x in (
            session.title, session.date.isoformat() if session.date else "",
            "–".join(t for t in (session.start_time, session.end_time) if t), session.venue)
            if x))
        self.details.show_attendance(None)
        self._counts_changed()
        self.grid.go_to_new_row()

    def _counts_changed(self) -> None:
        if self.model is None:
            return
        n = self.model.attendance_count()
        self.status.setText(ngettext("{n} person checked in", "{n} people checked in", n)
                            .format(n=ui_number(n)))
        self.changed.emit()

    def _problem(self, _row: int, message: str) -> None:
        self.status.setText(message)

    def _name_typed(self, text: str, row: int) -> None:
        if self.index is None or self.model is None:
            return
        values = self.model.rows[row].values
        exclude = {r.person for r in self.model.rows if r.person and r is not self.model.rows[row]}
        matches = self.index.suggest(text, year_of_birth=values.get("year_of_birth", ""),
                                     phone=values.get("phone", ""), exclude=exclude)
        self.suggestions.show_matches(matches)
        if matches:
            name_column = self.model.column_of("attendee_name")
            cell = self.grid.visualRect(self.model.index(row, name_column))
            corner = self.grid.viewport().mapTo(self, cell.topLeft())
            self.suggestion_box.place(QRect(corner, cell.size()))

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self.model is None or not current.isValid():
            return
        self.suggestions.show_matches([])
        row = self.model.rows[current.row()]
        self.details.show_attendance(row.uuid if row.uuid and not row.declined else None)

    def _details_changed(self, _uuid: str) -> None:
        self.changed.emit()

    def focus_details(self) -> None:
        current = self.grid.currentIndex()
        if self.model is not None and current.isValid():
            row = self.model.rows[current.row()]
            if self.details.uuid != row.uuid:
                self.details.show_attendance(row.uuid)
        target = self.details.first_editor()
        if target is not None:
            target.setFocus()

    # -- paper ----------------------------------------------------------------------------

    def ask_pdf(self, kind: str) -> None:
        if self.session is None:
            return
        default = f"{kind}-{self.session.date or 'session'}.pdf"
        path, _filter = QFileDialog.getSaveFileName(self, _("Save PDF"), default, "PDF (*.pdf)")
        if path:
            self.write_pdf(kind, Path(path))

    def write_pdf(self, kind: str, path: Path) -> None:
        from fieldkit.attendance.paper import sign_in_sheet_html, summary_html
        from fieldkit.gui.sessions.printing import write_pdf

        if self.session is None:
            return
        session = self.service.session(self.session.uuid) or self.session
        form = self.service.attendee_form
        if kind == "sheet":
            html = sign_in_sheet_html(session, form, self.ui_language)
            title = _("Sign-in sheet")
        else:
            html = summary_html(session, self.service.session_figures(session.uuid),
                                self.service.attendances(session.uuid), form, self.ui_language)
            title = _("Session summary")
        write_pdf(html, path, right_to_left=is_rtl(self.ui_language), title=title)
        self.status.setText(_("Saved {path}").format(path=path))
