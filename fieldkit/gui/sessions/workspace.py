"""The Advice sessions workspace: the list of sessions with the check-in of the one
chosen, follow-ups across sessions, and figures over a period."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fieldkit.i18n import _

if TYPE_CHECKING:
    from fieldkit.attendance.records import SessionInfo
    from fieldkit.attendance.service import AttendanceService
    from fieldkit.context import AppContext
    from fieldkit.gui.sessions.checkin_panel import CheckInPanel
    from fieldkit.gui.sessions.figures_tab import FiguresTab
    from fieldkit.gui.sessions.followups_tab import FollowUpsTab
    from fieldkit.gui.workspaces import WorkspaceSpec
    from fieldkit.projects import ProjectOverview


#: The session list's starting width, in pixels (the splitter can change it).
LIST_WIDTH = 190


class SessionsWorkspace(QWidget):
    changed = Signal()

    def __init__(self, spec: WorkspaceSpec, ctx: AppContext,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.ctx = ctx
        self.setObjectName(f"workspace_{spec.key}")
        self.project_id: str | None = None
        self.service: AttendanceService | None = None
        self.sessions: list[SessionInfo] = []
        self.checkin: CheckInPanel | None = None
        self.followups: FollowUpsTab | None = None
        self.figures: FiguresTab | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("sessionTabs")
        layout.addWidget(self.tabs, 1)

        sessions_page = QWidget()
        sessions_layout = QVBoxLayout(sessions_page)
        sessions_layout.setContentsMargins(0, 0, 0, 0)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.new_button = QPushButton()
        self.new_button.setObjectName("newSession")
        left_layout.addWidget(self.new_button)
        # Narrow, so the check-in grid has the width: a session is its date over its
        # name (elided; name and venue in full as the tooltip) beside its count.
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("sessionList")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        left_layout.addWidget(self.table, 1)
        self.split.addWidget(left)
        self.placeholder = QLabel()
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.split.addWidget(self.placeholder)
        self.split.setStretchFactor(0, 0)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([LIST_WIDTH, 1000])
        sessions_layout.addWidget(self.split)
        self.tabs.addTab(sessions_page, "")
        self.new_button.clicked.connect(self.ask_new_session)
        self.table.currentCellChanged.connect(lambda row, *_a: self.open_row(row))
        QShortcut(QKeySequence("Ctrl+Shift+N"), self).activated.connect(self.ask_new_session)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.retranslate()

    # -- what the main window calls --------------------------------------------------------

    def set_overview(self, overview: ProjectOverview, store_text: str) -> None:
        if overview.project_id != self.project_id:
            self.project_id = overview.project_id
            self.service = None
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.refresh()

    def retranslate(self) -> None:
        self.heading.setText(_(self.spec.title))
        self.new_button.setText(_("New session… (Ctrl+Shift+N)"))
        self.tabs.setTabText(0, _("Sessions and check-in"))
        if self.tabs.count() > 1:
            self.tabs.setTabText(1, _("Follow-ups"))
            self.tabs.setTabText(2, _("Figures"))
        self.table.setHorizontalHeaderLabels([_("Session"), _("People")])
        self.placeholder.setText(_("Choose a session on the left, or create one, to check "
                                   "people in."))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- service and tabs -------------------------------------------------------------------

    def _service(self) -> AttendanceService | None:
        if self.service is None and self.project_id is not None:
            from fieldkit.attendance.service import AttendanceService
            from fieldkit.gui.sessions.figures_tab import FiguresTab
            from fieldkit.gui.sessions.followups_tab import FollowUpsTab

            self.service = AttendanceService(self.ctx.store, self.project_id)
            language = self.ctx.ui_language
            while self.tabs.count() > 1:
                self.tabs.removeTab(1)
            self.followups = FollowUpsTab(self.service, language)
            self.figures = FiguresTab(self.service, language)
            self.followups.changed.connect(self.changed.emit)
            self.tabs.addTab(self.followups, "")
            self.tabs.addTab(self.figures, "")
            self.checkin = None
            self.retranslate()
        return self.service

    def _tab_changed(self, index: int) -> None:
        if index == 1 and self.followups is not None:
            self.followups.refresh()
        elif index == 2 and self.figures is not None:
            self.figures.refresh()

    def refresh(self) -> None:
        service = self._service()
        if service is None:
            return
        current = self.checkin.session.uuid if self.checkin and self.checkin.session else None
        self.sessions = list(reversed(service.sessions()))  # newest first
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.sessions))
        for row, s in enumerate(self.sessions):
            name = " · ".join(x for x in (s.title, s.venue) if x)
            item = QTableWidgetItem("\n".join(x for x in (
                s.date.isoformat() if s.date else "", s.title) if x))
            item.setToolTip(name)
            self.table.setItem(row, 0, item)
            count = QTableWidgetItem(str(s.attendances))
            count.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(row, 1, count)
            if s.uuid == current:
                self.table.selectRow(row)
        self.table.resizeRowsToContents()
        self.table.blockSignals(False)
        self._tab_changed(self.tabs.currentIndex())

    def open_row(self, row: int) -> None:
        if 0 <= row < len(self.sessions):
            self.open_session(self.sessions[row].uuid)

    def open_session(self, uuid: str) -> CheckInPanel | None:
        from fieldkit.gui.sessions.checkin_panel import CheckInPanel

        service = self._service()
        session = next((s for s in self.sessions if s.uuid == uuid), None) \
            or (service.session(uuid) if service else None)
        if service is None or session is None:
            return None
        if self.checkin is None:
            self.checkin = CheckInPanel(service, self.ctx.ui_language)
            self.checkin.changed.connect(self._counts_changed)
            self.split.replaceWidget(1, self.checkin)
            self.placeholder.hide()
        self.tabs.setCurrentIndex(0)
        self.checkin.show_session(session)
        self.checkin.grid.setFocus()
        return self.checkin

    def _counts_changed(self) -> None:
        if self.checkin is None or self.checkin.session is None or self.checkin.model is None:
            return
        uuid = self.checkin.session.uuid
        for row, s in enumerate(self.sessions):
            if s.uuid == uuid:
                item = self.table.item(row, 1)
                if item is not None:
                    item.setText(str(self.checkin.model.attendance_count()))

    def ask_new_session(self) -> None:
        from fieldkit.forms.language_names import form_language
        from fieldkit.gui.sessions.new_session_dialog import NewSessionDialog

        service = self._service()
        if service is None:
            return
        form = service.session_form
        ui = self.ctx.ui_language
        language = ui if form_language(form.languages, ui) else "en"
        dialog = NewSessionDialog(form, language, self)
        dialog.accepted.connect(lambda: self.create_from(dialog))
        dialog.finished.connect(dialog.deleteLater)
        self.new_dialog = dialog
        dialog.open()

    def create_from(self, dialog: object) -> list[str]:
        from fieldkit.gui.sessions.new_session_dialog import NewSessionDialog

        assert isinstance(dialog, NewSessionDialog)
        service = self._service()
        if service is None:
            return []
        made = service.writer.create_sessions(dialog.values(), count=dialog.count.value())
        self.refresh()
        self.open_session(made[0])
        self.changed.emit()
        return made
