"""Figures over a period, with bar charts, exported to CSV or XLSX in one click."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from fieldkit.gui.sessions.charts import BarChart
from fieldkit.i18n import _

if TYPE_CHECKING:
    from fieldkit.attendance.figures import Figures
    from fieldkit.attendance.service import AttendanceService


def _day(edit: QDateEdit) -> date:
    q = edit.date()
    return date(q.year(), q.month(), q.day())


class FiguresTab(QScrollArea):
    def __init__(self, service: AttendanceService, language: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figures")
        self.setWidgetResizable(True)
        self.service = service
        self.language = language
        self.figures: Figures | None = None
        body = QWidget()
        layout = QVBoxLayout(body)
        bar = QHBoxLayout()
        self.whole = QCheckBox(_("All sessions"))
        self.whole.setChecked(True)
        self.date_from = QDateEdit(QDate.currentDate().addMonths(-6))
        self.date_to = QDateEdit(QDate.currentDate())
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.from_label = QLabel(_("From"))
        self.to_label = QLabel(_("to"))
        self.csv_button = QPushButton(_("Export CSV…"))
        self.xlsx_button = QPushButton(_("Export XLSX…"))
        for widget in (self.whole, self.from_label, self.date_from, self.to_label, self.date_to):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.csv_button)
        bar.addWidget(self.xlsx_button)
        layout.addLayout(bar)
        self.numbers = QGridLayout()
        layout.addLayout(self.numbers)
        self.charts = [BarChart(), BarChart(), BarChart()]
        for i, chart in enumerate(self.charts):
            chart.setObjectName(f"chart{i}")
            layout.addWidget(chart)
        layout.addStretch(1)
        self.setWidget(body)
        self.whole.toggled.connect(self.refresh)
        self.date_from.dateChanged.connect(self.refresh)
        self.date_to.dateChanged.connect(self.refresh)
        self.csv_button.clicked.connect(lambda: self.ask_export("csv"))
        self.xlsx_button.clicked.connect(lambda: self.ask_export("xlsx"))

    def period(self) -> tuple[date | None, date | None]:
        if self.whole.isChecked():
            return None, None
        return _day(self.date_from), _day(self.date_to)

    def refresh(self) -> None:
        from fieldkit.attendance.labels import choice_labels
        from fieldkit.attendance.report_text import count_lines

        for widget in (self.date_from, self.date_to, self.from_label, self.to_label):
            widget.setEnabled(not self.whole.isChecked())
        figures = self.figures = self.service.figures(*self.period())
        while self.numbers.count():
            item = self.numbers.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()  # type: ignore[union-attr]
        for i, (label, number) in enumerate(count_lines(figures)):
            caption = QLabel(label)
            value = QLabel(f"<b>{number}</b>")
            value.setObjectName(f"figure_{i}")
            self.numbers.addWidget(caption, i // 3, (i % 3) * 2)
            self.numbers.addWidget(value, i // 3, (i % 3) * 2 + 1)
        form = self.service.attendee_form
        for chart, (title, name, counts) in zip(self.charts, (
                (_("Languages"), "preferred_language", figures.languages),
                (_("Issues raised"), "issues", figures.issues),
                (_("Referred to"), "referral_to", figures.referrals)), strict=True):
            labels = choice_labels(form, name, self.language)
            chart.set_items(title, [(labels.get(k, k), v) for k, v in counts.items()])

    def ask_export(self, kind: str) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export figures"), f"session-figures.{kind}",
            "CSV (*.csv)" if kind == "csv" else "Excel (*.xlsx)")
        if path:
            self.export(kind, Path(path))

    def export(self, kind: str, path: Path) -> None:
        from fieldkit.attendance.export import write_csv, write_xlsx

        if self.figures is None:
            self.refresh()
        assert self.figures is not None
        write = write_csv if kind == "csv" else write_xlsx
        write(path, self.figures, self.service.attendee_form, self.language)
