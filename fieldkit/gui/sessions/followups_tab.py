"""Follow-ups across sessions: due date, person, session, issues, who; mark done."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.i18n import _

if TYPE_CHECKING:
    from fieldkit.attendance.followups import FollowUp
    from fieldkit.attendance.service import AttendanceService


class FollowUpsTab(QWidget):
    changed = Signal()

    def __init__(self, service: AttendanceService, language: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("followUps")
        self.service = service
        self.language = language
        self.items: list[FollowUp] = []
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.show_done = QCheckBox(_("Show done ones too"))
        self.done_button = QPushButton(_("Mark done (Ctrl+D)"))
        self.done_button.setObjectName("markDone")
        bar.addWidget(self.show_done)
        bar.addStretch(1)
        bar.addWidget(self.done_button)
        layout.addLayout(bar)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("followUpTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.show_done.toggled.connect(self.refresh)
        self.done_button.clicked.connect(self.toggle_done)
        QShortcut(QKeySequence("Ctrl+D"), self).activated.connect(self.toggle_done)

    def refresh(self) -> None:
        from fieldkit.attendance.labels import choice_labels

        form = self.service.attendee_form
        issues = choice_labels(form, "issues", self.language)
        by = choice_labels(form, "followup_by", self.language)
        self.items = self.service.followups(include_done=self.show_done.isChecked())
        self.table.setHorizontalHeaderLabels([_("Due"), _("Person"), _("Session"),
                                              _("Issues"), _("Who follows up"), _("Done")])
        self.table.setRowCount(len(self.items))
        today = date.today()
        for row, f in enumerate(self.items):
            cells = [f.due.isoformat() if f.due else "", f.name or _("(not recorded by name)"),
                     " ".join(x for x in (f.session_date.isoformat() if f.session_date else "",
                                          f.session_title) if x),
                     ", ".join(issues.get(i, i) for i in f.issues), by.get(f.by, f.by),
                     f.done.isoformat() if f.done else ""]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if f.overdue(today):
                    item.setForeground(QBrush(QColor("#b3261e")))
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()

    def toggle_done(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.items):
            return
        item = self.items[row]
        self.service.writer.set_followup_done(item.attendance_uuid,
                                              None if item.done else date.today())
        self.refresh()
        self.table.selectRow(min(row, self.table.rowCount() - 1))
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()
