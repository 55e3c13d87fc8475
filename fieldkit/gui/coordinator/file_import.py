"""What the coordinator's file-import tabs share (data bundles, ODK submissions):
an introduction, buttons that choose files, a progress row with Cancel, a one-line
summary and a table of results, one row per file, that stays until cleared.

A subclass names its objects, says what its columns are, how a result becomes a
row and what Cancel stops after, and starts its import with
:meth:`FileImportTab.start`; the work runs off the UI thread and stops after the
file in hand when Cancel is pressed (each file is all or nothing)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.gui.coordinator.base import CoordinatorTab, make_table
from fieldkit.gui.tasks import Progress
from fieldkit.i18n import _

if TYPE_CHECKING:
    from fieldkit.context import AppContext

R = TypeVar("R")  # one file's result


class FileImportTab(CoordinatorTab, Generic[R]):
    #: Untranslated column names (N_); the last one, the details, takes the width.
    COLUMNS: tuple[str, ...] = ()
    #: Columns whose numbers are centred (counts).
    CENTRED: frozenset[int] = frozenset()

    def __init__(self, ctx: AppContext, parent: QWidget | None, *, name: str,
                 row: Callable[[R], Sequence[tuple[str, str]]],
                 cancelling_text: Callable[[], str],
                 buttons: Sequence[tuple[str, Callable[[], None]]], clear_name: str,
                 progress_name: str, cancel_name: str, summary_name: str,
                 table_name: str) -> None:
        super().__init__(ctx, parent)
        self.setObjectName(name)
        self.file_dialog: QFileDialog | None = None
        self._cancel = threading.Event()
        self._current = ""  # the file being imported (written by the worker)
        self.reports: list[R] = []
        self._row = row  # a result's cells: (text, tooltip) per column
        self._cancelling_text = cancelling_text  # the progress line once Cancel is pressed

        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        row_of_buttons = QHBoxLayout()
        self.choose_buttons: list[QPushButton] = []
        for object_name, slot in buttons:
            button = QPushButton()
            button.setObjectName(object_name)
            button.clicked.connect(slot)
            row_of_buttons.addWidget(button)
            self.choose_buttons.append(button)
        self.clear_button = QPushButton()
        self.clear_button.setObjectName(clear_name)
        self.clear_button.clicked.connect(self.clear_results)
        row_of_buttons.addStretch(1)
        row_of_buttons.addWidget(self.clear_button)

        self.progress_row = QWidget()
        progress = QHBoxLayout(self.progress_row)
        progress.setContentsMargins(0, 0, 0, 0)
        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName(progress_name)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName(cancel_name)
        self.cancel_button.clicked.connect(self.cancel)
        progress.addWidget(self.progress_label, 1)
        progress.addWidget(self.progress_bar, 1)
        progress.addWidget(self.cancel_button)
        self.progress_row.hide()

        self.summary = QLabel()
        self.summary.setObjectName(summary_name)
        self.summary.setWordWrap(True)
        self.table = make_table(table_name, len(self.COLUMNS), single=False)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(
            len(self.COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)

        layout.addWidget(self.intro)
        layout.addLayout(row_of_buttons)
        layout.addWidget(self.progress_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    # -- shared behaviour -------------------------------------------------------------

    def retranslate(self) -> None:
        self.clear_button.setText(_("Clear list"))
        self.cancel_button.setText(_("Cancel"))
        self.table.setHorizontalHeaderLabels([_(c) for c in self.COLUMNS])
        self.fill_table()

    def open_dialog(self, title: str, name: str, *, folder: bool = False,
                    filters: Sequence[str] = (),
                    chosen: Callable[[list[str]], Any]) -> None:
        """A non-modal file (or folder) dialog; ``chosen`` gets the paths picked."""
        dialog = QFileDialog(self, title)
        dialog.setObjectName(name)
        if folder:
            dialog.setFileMode(QFileDialog.FileMode.Directory)
            dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        else:
            dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
            dialog.setNameFilters(list(filters))
        dialog.filesSelected.connect(chosen)
        dialog.finished.connect(dialog.deleteLater)
        self.file_dialog = dialog
        dialog.open()

    def can_start(self, given: bool, nothing_text: str) -> bool:
        """False, with the reason in the summary, if an import is running or nothing
        was ``given``."""
        if self.busy("import"):
            self.summary.setText(_("An import is running; wait for it or cancel it."))
            return False
        if not given:
            self.summary.setText(nothing_text)
            return False
        return True

    def start(self, work: Callable[[Progress], Any], on_done: Callable[[Any], None],
              on_progress: Callable[[int, int], None]) -> None:
        """Run ``work`` off the UI thread with the progress row shown and the choose
        buttons disabled until it ends."""
        self._cancel.clear()
        self._current = ""
        for button in self.choose_buttons:
            button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        on_progress(0, self.progress_bar.maximum())
        self.progress_row.show()

        def finished(result: Any) -> None:
            self.stopped()
            on_done(result)

        self.run(work, finished, self.summary, key="import", on_progress=on_progress,
                 after_failure=self.stopped)

    def cancel(self) -> None:
        """Stop after the file being imported."""
        self._cancel.set()
        self.cancel_button.setEnabled(False)
        self.progress_label.setText(self._cancelling_text())

    def stopped(self) -> None:
        self.progress_row.hide()
        for button in self.choose_buttons:
            button.setEnabled(True)

    def add_results(self, reports: Sequence[R]) -> None:
        self.reports.extend(reports)
        self.fill_table()

    def clear_results(self) -> None:
        self.reports.clear()
        self.summary.setText("")
        self.fill_table()

    def fill_table(self) -> None:
        self.table.setRowCount(len(self.reports))
        for row, report in enumerate(self.reports):
            for column, (text, tip) in enumerate(self._row(report)):
                item = QTableWidgetItem(text)
                if column in self.CENTRED:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setToolTip(tip)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
