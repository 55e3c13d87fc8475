"""Importing data bundles: files dropped on the workspace or chosen in a dialog,
imported off the UI thread with a progress bar and Cancel, one result row per
bundle that stays until cleared."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.gui.coordinator.base import CoordinatorTab, number
from fieldkit.gui.tasks import Progress
from fieldkit.i18n import N_, _, isolate, ngettext

if TYPE_CHECKING:
    from fieldkit.context import AppContext
    from fieldkit.sync.bundle_in import BundleReport

COLUMNS = (N_("File"), N_("Result"), N_("New"), N_("Updated"), N_("Unchanged"),
           N_("Conflicts"), N_("Details"))
DETAILS = len(COLUMNS) - 1


class ImportTab(CoordinatorTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("coordinatorImport")
        self.file_dialog: QFileDialog | None = None
        self._cancel = threading.Event()
        self._current = ""  # the file being imported (written by the worker)
        self.reports: list[BundleReport] = []

        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        buttons = QHBoxLayout()
        self.choose_button = QPushButton()
        self.choose_button.setObjectName("chooseBundles")
        self.choose_button.clicked.connect(self.choose_files)
        self.clear_button = QPushButton()
        self.clear_button.setObjectName("clearResults")
        self.clear_button.clicked.connect(self.clear_results)
        buttons.addWidget(self.choose_button)
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)

        self.progress_row = QWidget()
        row = QHBoxLayout(self.progress_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("importProgress")
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelImport")
        self.cancel_button.clicked.connect(self.cancel)
        row.addWidget(self.progress_label, 1)
        row.addWidget(self.progress_bar, 1)
        row.addWidget(self.cancel_button)
        self.progress_row.hide()

        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("importResults")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DETAILS, QHeaderView.ResizeMode.Stretch)

        layout.addWidget(self.intro)
        layout.addLayout(buttons)
        layout.addWidget(self.progress_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.retranslate()

    def title(self) -> str:
        return _("Import bundles")

    def retranslate(self) -> None:
        self.intro.setText(_("Drop data bundles (.zip files from the laptops) anywhere on "
                             "this workspace, or choose them. Each bundle is checked and "
                             "imported on its own; a rejected bundle changes nothing."))
        self.choose_button.setText(_("&Choose bundles…"))
        self.clear_button.setText(_("Clear list"))
        self.cancel_button.setText(_("Cancel"))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self._fill_table()

    # -- starting ---------------------------------------------------------------------

    def choose_files(self) -> None:
        dialog = QFileDialog(self, _("Choose data bundles"))
        dialog.setObjectName("bundleDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters([_("Data bundles (*.fkbundle *.zip)"), _("All files (*)")])
        dialog.filesSelected.connect(lambda files: self.import_files([Path(f) for f in files]))
        dialog.finished.connect(dialog.deleteLater)
        self.file_dialog = dialog
        dialog.open()

    def import_files(self, paths: Sequence[Path]) -> bool:
        """Import ``paths`` in the background; False (and a message) if another import
        is still running or nothing to import was given."""
        if self.busy("import"):
            self.summary.setText(_("An import is running; wait for it or cancel it."))
            return False
        files = list(paths)
        if not files:
            self.summary.setText(_("No bundle files were given."))
            return False
        from fieldkit.sync.bundle_in import import_bundles

        self._cancel.clear()
        self._current = ""
        self.choose_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress_bar.setRange(0, len(files))
        self.progress_bar.setValue(0)
        self._show_progress(0, len(files))
        self.progress_row.show()
        store = self.ctx.store

        def work(progress: Progress) -> tuple[list[BundleReport], int]:
            def each(done: int, total: int, file: str) -> None:
                self._current = file
                progress(done, total)

            return import_bundles(store, files, progress=each,
                                  cancelled=self._cancel.is_set), len(files)

        self.run(work, self._finished, self.summary, key="import",
                 on_progress=self._show_progress,
                 after_failure=self._stopped)
        return True

    def cancel(self) -> None:
        """Stop after the bundle being imported (each bundle is all or nothing)."""
        self._cancel.set()
        self.cancel_button.setEnabled(False)
        self.progress_label.setText(_("Cancelling after this bundle…"))

    def _show_progress(self, done: int, total: int) -> None:
        self.progress_bar.setValue(done)
        if self._cancel.is_set():
            return
        name = Path(self._current).name if self._current else ""
        self.progress_label.setText(
            _("Importing {done} of {total}: {file}").format(
                done=number(min(done + 1, total)), total=number(total), file=isolate(name))
            if name else _("Imported {done} of {total}").format(
                done=number(done), total=number(total)))

    def _stopped(self) -> None:
        self.progress_row.hide()
        self.choose_button.setEnabled(True)

    def _finished(self, result: tuple[list[BundleReport], int]) -> None:
        reports, total = result
        self._stopped()
        self.reports.extend(reports)
        self._fill_table()
        accepted = sum(r.accepted for r in reports)
        rejected = len(reports) - accepted
        text = ngettext("{n} bundle imported: {accepted} accepted, {rejected} rejected.",
                        "{n} bundles imported: {accepted} accepted, {rejected} rejected.",
                        len(reports)).format(n=number(len(reports)),
                                             accepted=number(accepted),
                                             rejected=number(rejected))
        if len(reports) < total:
            text += " " + ngettext(
                "Cancelled: {n} bundle was not started.",
                "Cancelled: {n} bundles were not started.",
                total - len(reports)).format(n=number(total - len(reports)))
        self.summary.setText(text)
        if accepted:
            self.changed.emit()

    # -- the result list --------------------------------------------------------------

    def clear_results(self) -> None:
        self.reports.clear()
        self.summary.setText("")
        self._fill_table()

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self.reports))
        for row, report in enumerate(self.reports):
            c = report.counts
            if not report.accepted:
                result, details = _("Rejected"), report.reason
            elif report.already_imported:
                result, details = _("Accepted"), _("Imported before; nothing new.")
            else:
                result = _("Accepted")
                details = _("Laptop {device}, bundle {seq}").format(
                    device=isolate((report.device_id or "")[:8]), seq=number(report.seq or 0))
            counts = ("", "", "", "") if not report.accepted else (
                number(c.interviews_new), number(c.interviews_updated),
                number(c.interviews_unchanged), number(c.conflicts))
            cells = (Path(report.file).name, result, *counts, details)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if 2 <= column < DETAILS:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setToolTip(report.file if column == 0 else
                                report.device_id or "" if column == DETAILS and report.accepted
                                else text)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
