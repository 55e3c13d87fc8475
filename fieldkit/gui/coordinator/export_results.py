"""The Export tab's result: the line that says what was written where, the interviews
and rows per form and table, and the files written (activate one, or *Open folder*,
to see them). It works on the widgets of ``ui/export_tab.ui``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from fieldkit.gui.locale_numbers import number
from fieldkit.gui.uiloader import child
from fieldkit.i18n import N_, _, isolate, ngettext

if TYPE_CHECKING:
    from fieldkit.exports import ExportResult

COLUMNS = (N_("Form"), N_("Interviews"), N_("Table"), N_("Rows"))


class ExportResults(QObject):
    def __init__(self, form: QWidget, status: QLabel, parent: QObject) -> None:
        super().__init__(parent)
        self.result: ExportResult | None = None
        self.status = status
        self.open_button = child(form, QPushButton, "openExportFolder")
        self.results = child(form, QWidget, "results")
        self.table = table = child(form, QTableWidget, "exportCounts")
        self.files = files = child(form, QListWidget, "exportFiles")
        self.open_button.clicked.connect(self.open_folder)
        files.itemActivated.connect(self.open_folder)
        table.setColumnCount(len(COLUMNS))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rows = table.fontMetrics().height() * 9
        table.setMinimumHeight(rows)
        files.setMinimumHeight(rows)
        self.show(None, {})

    def retranslate(self, titles: dict[str, str]) -> None:
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.show(self.result, titles)

    def folder(self) -> Path | None:
        """The folder the last export wrote into."""
        if self.result is None:
            return None
        out = self.result.out
        return out if out.is_dir() else out.parent

    def open_folder(self, _item: object = None) -> None:
        folder = self.folder()
        if folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def show(self, result: ExportResult | None, titles: dict[str, str]) -> None:
        """Show ``result`` (None: no result, hidden); ``titles``: form id -> title."""
        self.result = result
        self.results.setVisible(result is not None)
        self.open_button.setVisible(result is not None)
        if result is None:
            return
        self.status.setText(ngettext(
            "Exported {n} interview to {path}.", "Exported {n} interviews to {path}.",
            result.interviews).format(n=number(result.interviews), path=isolate(result.out)))
        self.files.clear()
        for path in result.files:
            entry = QListWidgetItem(path.name)
            entry.setToolTip(str(path))
            self.files.addItem(entry)
        rows = [(form, n, table, count) for form in result.forms
                for n, (table, count) in enumerate(form.tables.items())]
        self.table.setRowCount(len(rows))
        for row, (form, n, table, count) in enumerate(rows):
            cells = (titles.get(form.form_id, form.form_id) if n == 0 else "",
                     number(form.interviews) if n == 0 else "", table, number(count))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(form.form_id if column == 0 else text)
                if column in (1, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)
