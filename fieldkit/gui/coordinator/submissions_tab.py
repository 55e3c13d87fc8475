"""Importing ODK submissions (from ODK Collect, Central, Briefcase, KoboToolbox):
files, folders or zips chosen in a dialog, imported off the UI thread with a
progress line and Cancel, one result row per instance file that stays until cleared.
The work is :func:`fieldkit.submissions.import_submissions`, as on the command line."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from fieldkit.gui.coordinator.base import number
from fieldkit.gui.coordinator.file_import import FileImportTab
from fieldkit.gui.tasks import Progress
from fieldkit.i18n import N_, _, isolate, ngettext

if TYPE_CHECKING:
    from fieldkit.context import AppContext
    from fieldkit.submissions import SubmissionReport

COLUMNS = (N_("File"), N_("Result"), N_("Form"), N_("Details"))
RESULTS = {"imported": N_("Imported"), "unchanged": N_("Unchanged"),
           "rejected": N_("Refused")}
#: A field path in a reason (``/data/roster/member[2]/age``).
_FIELD_PATH = re.compile(r"(?<!\S)/[^\s:]+")


def _isolate_paths(text: str) -> str:
    """Field paths in a reason laid out on their own, so a right-to-left sentence
    does not reorder "/data/rent" into "data/rent/"."""
    return _FIELD_PATH.sub(lambda m: isolate(m.group(0)), text)


class SubmissionsTab(FileImportTab["SubmissionReport"]):
    COLUMNS = COLUMNS

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, name="coordinatorSubmissions", row=_cells,
                         cancelling_text=lambda: _("Cancelling after this file…"),
                         buttons=[("chooseSubmissionFiles", self.choose_files),
                                  ("chooseSubmissionFolder", self.choose_folder)],
                         clear_name="clearSubmissionResults",
                         progress_name="submissionProgress",
                         cancel_name="cancelSubmissions", summary_name="submissionSummary",
                         table_name="submissionResults")
        self.files_button, self.folder_button = self.choose_buttons
        self.progress_bar.setRange(0, 0)  # how many files a folder holds is not known
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
        super().retranslate()

    # -- starting ---------------------------------------------------------------------

    def choose_files(self) -> None:
        self.open_dialog(_("Choose ODK submissions"), "submissionFileDialog",
                         filters=[_("ODK submissions (*.xml *.zip)"), _("All files (*)")],
                         chosen=lambda files: self.import_paths([Path(f) for f in files]))

    def choose_folder(self) -> None:
        self.open_dialog(_("Choose a folder of ODK submissions"), "submissionFolderDialog",
                         folder=True,
                         chosen=lambda files: self.import_paths([Path(f) for f in files]))

    def import_paths(self, paths: Sequence[Path]) -> bool:
        """Import ``paths`` in the background; False (and a message) if an import is
        still running or nothing was given."""
        chosen = list(paths)
        if not self.can_start(bool(chosen), _("Nothing was chosen to import.")):
            return False
        from fieldkit.submissions import import_submissions

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

        self.start(work, self._finished, self._show_progress)
        return True

    def _show_progress(self, done: int, _total: int) -> None:
        if self._cancel.is_set():
            return
        name = Path(self._current.rpartition(":")[2] or self._current).name
        self.progress_label.setText(
            ngettext("{n} file read; last: {file}", "{n} files read; last: {file}", done)
            .format(n=number(done), file=isolate(name)) if done
            else _("Looking for submissions…"))

    def _finished(self, reports: list[SubmissionReport]) -> None:
        self.add_results(reports)
        counts = {s: sum(r.status == s for r in reports) for s in RESULTS}
        text = _("Imported {imported}, unchanged {unchanged}, refused {rejected}.").format(
            **{s: number(n) for s, n in counts.items()})
        if self._cancel.is_set():
            text += " " + _("Cancelled: the files after these were not read.")
        self.summary.setText(text)
        if counts["imported"]:
            self.changed.emit()


def _details(report: SubmissionReport) -> str:
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


def _cells(report: SubmissionReport) -> list[tuple[str, str]]:
    """An instance file's row; the file's tooltip is its whole path (in its zip)."""
    shown = Path(report.file.rpartition(".zip:")[2] or report.file).name
    form = (f"{report.form_id} ({report.form_version})" if report.form_version
            else report.form_id)
    texts = (_(RESULTS[report.status]), form, _details(report))
    return [(shown, report.file), *((text, text) for text in texts)]
