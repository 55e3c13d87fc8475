"""Progress: interviews received and finalized per interviewer, their last bundle,
and each quota's target against what is done."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QLabel,
    QProgressBar,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.gui.coordinator.base import CoordinatorTab, local_time, make_table, number
from fieldkit.i18n import N_, _

if TYPE_CHECKING:
    from fieldkit.context import AppContext
    from fieldkit.sync.review import InterviewerProgress, QuotaProgress

PEOPLE_COLUMNS = (N_("Interviewer"), N_("Interviews received"), N_("Finalised"),
                  N_("Laptops"), N_("Last bundle"))
QUOTA_COLUMNS = (N_("Quota"), N_("Assigned to"), N_("Done"))
Loaded = tuple[list["InterviewerProgress"], list["QuotaProgress"]]



class ProgressTab(CoordinatorTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("coordinatorProgress")
        self.people: list[InterviewerProgress] = []
        self.quotas: list[QuotaProgress] = []
        layout = QVBoxLayout(self)
        self.people_heading = QLabel()
        self.quota_heading = QLabel()
        bold = QFont(self.people_heading.font())
        bold.setBold(True)
        for heading in (self.people_heading, self.quota_heading):
            heading.setFont(bold)
        self.status = QLabel()
        self.status.setObjectName("progressStatus")
        self.status.setWordWrap(True)
        self.status.hide()  # shown only to say what went wrong
        self.people_table = make_table("interviewerProgress", len(PEOPLE_COLUMNS), single=False)
        self.quota_table = make_table("quotaProgress", len(QUOTA_COLUMNS), single=False)
        self.no_quotas = QLabel()
        self.no_quotas.setObjectName("noQuotas")
        self.no_quotas.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addWidget(self.people_heading)
        layout.addWidget(self.people_table, 3)
        layout.addWidget(self.quota_heading)
        layout.addWidget(self.no_quotas)
        layout.addWidget(self.quota_table, 2)
        self.retranslate()

    def title(self) -> str:
        return _("Progress")

    def retranslate(self) -> None:
        self.people_heading.setText(_("Interviewers"))
        self.quota_heading.setText(_("Quotas"))
        self.no_quotas.setText(_("No quotas yet. Add them in the Quotas tab."))
        self.people_table.setHorizontalHeaderLabels([_(c) for c in PEOPLE_COLUMNS])
        self.quota_table.setHorizontalHeaderLabels([_(c) for c in QUOTA_COLUMNS])
        self._fill()

    def refresh(self) -> None:
        store = self.ctx.store

        def work(_progress: object) -> Loaded:
            from fieldkit.sync.review import interviewer_progress, quota_progress

            return interviewer_progress(store), quota_progress(store)

        self.run(work, self._loaded, self.status, after_failure=self.status.show)

    def _loaded(self, loaded: Loaded) -> None:
        self.people, self.quotas = loaded
        self._fill()

    def _fill(self) -> None:
        self.people_table.setRowCount(len(self.people))
        for row, person in enumerate(self.people):
            cells = (person.name, number(person.interviews), number(person.finalized),
                     number(person.devices),
                     local_time(person.last_bundle_at) or _("none yet"))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (1, 2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.people_table.setItem(row, column, item)
        self.quota_table.setRowCount(len(self.quotas))
        for row, quota in enumerate(self.quotas):
            what = _("{form}: {field} = {value}").format(
                form=quota.form_id, field=quota.path, value=quota.value)
            self.quota_table.setItem(row, 0, QTableWidgetItem(what))
            self.quota_table.setItem(row, 1, QTableWidgetItem(
                quota.interviewer or _("everyone")))
            bar = QProgressBar()
            bar.setObjectName(f"quota_{quota.quota_id}")
            bar.setRange(0, quota.target)
            bar.setValue(min(quota.done, quota.target))
            # Not Qt's "%v": it would not say when a target is passed.
            bar.setFormat(_("{done} of {target}").format(done=number(quota.done),
                                                          target=number(quota.target)))
            self.quota_table.setCellWidget(row, 2, bar)
        self.no_quotas.setVisible(not self.quotas)
        self.quota_table.setVisible(bool(self.quotas))
