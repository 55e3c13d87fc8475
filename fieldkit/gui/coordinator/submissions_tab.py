"""Importing ODK submissions (from ODK Collect, Central, Briefcase, KoboToolbox):
files, folders or zips chosen in a dialog, imported off the UI thread with a
progress line and Cancel, one result row per instance file that stays until cleared.
The work is :func:`fieldkit.submissions.import_submissions`, as on the command line."""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

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
    from fieldkit.submissions import SubmissionReport

COLUMNS = (N_("File"), N_("Result"), N_("Form"), N_("Details"))
DETAILS = len(COLUMNS) - 1
RESULTS = {"imported": N_("Imported"), "unchanged": N_("Unchanged"),
           "rejected": N_("Refused")}
#: A field path in a reason (``/data/roster/member[2]/age``).
_FIELD_PATH = re.compile(r"(?<!\S)/[^\s:]+")


def _isolate_paths(text: str) -> str:
    """Field paths in a reason laid out on their own, so a right-to-left sentence
    does not reorder "/data/rent" into "data/rent/"."""
    return _FIELD_PATH.sub(lambda m: isolate(m.group(0)), text)


class SubmissionsTab(CoordinatorTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("coordinatorSubmissions")
        self.file_dialog: QFileDialog | None = None
        self._cancel = threading.Event()
        self._current = ""  # the file being imported (written by the worker)
        self._done = 0
        self.reports: list[SubmissionReport] = []

        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        buttons = QHBoxLayout()
        self.files_button = QPushButton()
        self.files_button.setObjectName("chooseSubmissionFiles")
        self.files_button.clicked.connect(self.choose_files)
        self.folder_button = QPushButton()
        self.folder_button.setObjectName("chooseSubmissionFolder")
        self.folder_button.clicked.connect(self.choose_folder)
        self.clear_button = QPushButton()
        self.clear_button.setObjectName("clearSubmissionResults")
        self.clear_button.clicked.connect(self.clear_results)
        buttons.addWidget(self.files_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)

        self.progress_row = QWidget()
        row = QHBoxLayout(self.progress_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("submissionProgress")
        self.progress_bar.setRange(0, 0)  # how many files a folder holds is not known
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelSubmissions")
        self.cancel_button.clicked.connect(self.cancel)
        row.addWidget(self.progress_label, 1)
        row.addWidget(self.progress_bar, 1)
        row.addWidget(self.cancel_button)
        self.progress_row.hide()

        self.summary = QLabel()
        self.summary.setObjectName("submissionSummary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("submissionResults")
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
        return _("ODK submissions")

    def retranslate(self) -> None:
        self.intro.setText(_(
            "Bring in submissions collected with ODK Collect, ODK Central, ODK Briefcase "
            "or KoboToolbox: instance XML files, folders of them or zips. Each becomes a "
            "finalized interview of its form, which must be in this project in the same "
            "version. An instance that does not fit its form is refused and changes "
            "nothing; one imported before is left as it is."))
        self.files_button.setText(_("Choose &files…"))
        self.folder_button.setText(_("Choose a f&older…"))
        self.clear_button.setText(_("Clear list"))
        self.cancel_button.setText(_("Cancel"))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self._fill_table()

    # -- starting ---------------------------------------------------------------------

    def choose_files(self) -> None:
        dialog = QFileDialog(self, _("Choose ODK submissions"))
        dialog.setObjectName("submissionFileDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters([_("ODK submissions (*.xml *.zip)"), _("All files (*)")])
        dialog.filesSelected.connect(lambda files: self.import_paths([Path(f) for f in files]))
        dialog.finished.connect(dialog.deleteLater)
        self.file_dialog = dialog
        dialog.open()

    def choose_folder(self) -> None:
        dialog = QFileDialog(self, _("Choose a folder of ODK submissions"))
        dialog.setObjectName("submissionFolderDialog")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.filesSelected.connect(lambda files: self.import_paths([Path(f) for f in files]))
        dialog.finished.connect(dialog.deleteLater)
        self.file_dialog = dialog
        dialog.open()

    def import_paths(self, paths: Sequence[Path]) -> bool:
        """Import ``paths`` in the background; False (and a message) if an import is
        still running or nothing was given."""
        if self.busy("import"):
            self.summary.setText(_("An import is running; wait for it or cancel it."))
            return False
        chosen = list(paths)
        if not chosen:
            self.summary.setText(_("Nothing was chosen to import."))
            return False
        from fieldkit.submissions import import_submissions

        self._cancel.clear()
        self._current = ""
        self._done = 0
        self.files_button.setEnabled(False)
        self.folder_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self._show_progress(0, 0)
        self.progress_row.show()
        store = self.ctx.store
        attachments = self.ctx.paths.attachments_dir

        def work(progress: Progress) -> list[SubmissionReport]:
            done = 0

            def each(report: SubmissionReport) -> None:
                nonlocal done
                done += 1
                self._current = report.file
                progress(done, 0)

            return import_submissions(store, chosen, attachments_root=attachments,
                                      on_file=each, cancelled=self._cancel.is_set)

        self.run(work, self._finished, self.summary, key="import",
                 on_progress=self._show_progress, after_failure=self._stopped)
        return True

    def cancel(self) -> None:
        """Stop after the file being imported (each file is all or nothing)."""
        self._cancel.set()
        self.cancel_button.setEnabled(False)
        self.progress_label.setText(_("Cancelling after this file…"))

    def _show_progress(self, done: int, _total: int) -> None:
        self._done = done
        if self._cancel.is_set():
            return
        name = Path(self._current.rpartition(":")[2] or self._current).name
        self.progress_label.setText(
            ngettext("{n} file read; last: {file}", "{n} files read; last: {file}", done)
            .format(n=number(done), file=isolate(name)) if done
            else _("Looking for submissions…"))

    def _stopped(self) -> None:
        self.progress_row.hide()
        self.files_button.setEnabled(True)
        self.folder_button.setEnabled(True)

    def _finished(self, reports: list[SubmissionReport]) -> None:
        self._stopped()
        self.reports.extend(reports)
        self._fill_table()
        counts = {s: sum(r.status == s for r in reports) for s in RESULTS}
        text = _("Imported {imported}, unchanged {unchanged}, refused {rejected}.").format(
            **{s: number(n) for s, n in counts.items()})
        if self._cancel.is_set():
            text += " " + _("Cancelled: the files after these were not read.")
        self.summary.setText(text)
        if counts["imported"]:
            self.changed.emit()

    # -- the result list --------------------------------------------------------------

    def clear_results(self) -> None:
        self.reports.clear()
        self.summary.setText("")
        self._fill_table()

    def _details(self, report: SubmissionReport) -> str:
        if report.status == "rejected":
            return _isolate_paths(report.reason)
        if report.status == "unchanged":
            return _("Imported before; nothing new.")
        parts = [_("Interview {id}").format(id=isolate(report.interview[:8]))]
        if report.attachments:
            parts.append(ngettext("{n} attachment", "{n} attachments", report.attachments)
                         .format(n=number(report.attachments)))
        if report.attachments_missing:
            parts.append(_("not found beside it: {names}").format(
                names=", ".join(isolate(n) for n in report.attachments_missing)))
        if report.duplicates:
            parts.append(ngettext("may be the same household as {n} other interview",
                                  "may be the same household as {n} other interviews",
                                  report.duplicates).format(n=number(report.duplicates)))
        return "; ".join(parts)

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self.reports))
        for row, report in enumerate(self.reports):
            shown = Path(report.file.rpartition(".zip:")[2] or report.file).name
            form = (f"{report.form_id} ({report.form_version})" if report.form_version
                    else report.form_id)
            cells = (shown, _(RESULTS[report.status]), form, self._details(report))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(report.file if column == 0 else text)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
