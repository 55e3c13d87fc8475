"""The Privacy tab's retention box: months kept after fieldwork ends, the last day of
fieldwork, what that means now (with the warning a month before) and *Pseudonymise
now…* once it has passed. The tab runs the work; the box shows and asks."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fieldkit.gui.coordinator.base import local_time
from fieldkit.i18n import _

if TYPE_CHECKING:
    from fieldkit.privacy.retention import RetentionStatus

__all__ = ["RetentionBox"]


class RetentionBox(QGroupBox):
    #: *Save*: months (None: no period) and the last day of fieldwork (None: unchanged).
    save_requested = Signal(object, object)
    #: *Pseudonymise now…* (the tab asks for confirmation).
    apply_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("retentionBox")
        box = QVBoxLayout(self)
        row = QHBoxLayout()
        self.months_label = QLabel()
        self.months = QSpinBox()
        self.months.setObjectName("retentionMonths")
        self.months.setRange(0, 600)  # 0: no period
        self.months_label.setBuddy(self.months)
        self.ends_check = QCheckBox()
        self.ends_check.setObjectName("fieldworkEndsSet")
        self.ends = QDateEdit()
        self.ends.setObjectName("fieldworkEnds")
        self.ends.setCalendarPopup(True)
        self.ends.setDisplayFormat("yyyy-MM-dd")
        self.ends.setEnabled(False)
        self.ends_check.toggled.connect(self.ends.setEnabled)
        self.save_months = QPushButton()
        self.save_months.setObjectName("saveRetention")
        self.save_months.clicked.connect(self._save)
        self.apply_button = QPushButton()
        self.apply_button.setObjectName("applyRetention")
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply_requested)
        for widget in (self.months_label, self.months, self.ends_check, self.ends,
                       self.save_months):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.apply_button)
        self.text = QLabel()
        self.text.setObjectName("retentionText")
        self.text.setWordWrap(True)
        box.addLayout(row)
        box.addWidget(self.text)
        self.status: RetentionStatus | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Retention of personal fields"))
        self.months_label.setText(_("&Months kept after fieldwork ends (0: no limit):"))
        self.ends_check.setText(_("Fieldwork &ends on"))
        self.save_months.setText(_("Save"))
        self.apply_button.setText(_("Pseudonymise now…"))
        self.show_status(self.status)

    def _save(self) -> None:
        picked = self.ends.date()
        ends = date(picked.year(), picked.month(), picked.day()) \
            if self.ends_check.isChecked() else None
        self.save_requested.emit(self.months.value() or None, ends)

    def show_status(self, status: RetentionStatus | None) -> None:
        self.status = status
        if status is None:
            return
        from fieldkit.privacy.retention import retention_warning

        self.months.setValue(status.months or 0)
        self.ends_check.setChecked(status.fieldwork_ends is not None)
        if status.fieldwork_ends is not None:
            day = status.fieldwork_ends
            self.ends.setDate(QDate(day.year, day.month, day.day))
        if status.done_at is not None:
            text = _("Personal fields were pseudonymised on {day}.").format(
                day=local_time(status.done_at))
        elif status.months is None:
            text = _("No retention period is set: personal fields are kept.")
        elif status.due_on is None:
            text = _("Set the last day of fieldwork; the period counts from it.")
        else:
            text = _("Personal fields are kept until {day}.").format(
                day=status.due_on.isoformat())
        warning = retention_warning(status, in_app=True)
        self.text.setText(f"{text} {warning}" if warning else text)
        self.text.setStyleSheet("font-weight: bold;" if warning else "")
        self.apply_button.setEnabled(status.due)
