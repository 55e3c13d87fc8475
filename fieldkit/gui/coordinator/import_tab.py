"""Importing data bundles: files dropped on the workspace or chosen in a dialog,
imported off the UI thread with a progress bar and Cancel, one result row per
bundle that stays until cleared."""

from __future__ import annotations

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
    from fieldkit.sync.bundle_in import BundleReport

COLUMNS = (N_("File"), N_("Result"), N_("New"), N_("Updated"), N_("Unchanged"),
           N_("Conflicts"), N_("Details"))
DETAILS = len(COLUMNS) - 1


class ImportTab(FileImportTab["BundleReport"]):
    COLUMNS = COLUMNS
    CENTRED = frozenset(range(2, DETAILS))

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, name="coordinatorImport", row=_cells,
                         cancelling_text=lambda: _("Cancelling after this bundle…"),
                         buttons=[("chooseBundles", self.choose_files)],
                         clear_name="clearResults", progress_name="importProgress",
                         cancel_name="cancelImport", summary_name="importSummary",
                         table_name="importResults")
        self.choose_button = self.choose_buttons[0]
        self.retranslate()

    def title(self) -> str:
        return _("Import bundles")

    def retranslate(self) -> None:
        self.intro.setText(_("Drop data bundles (.zip files from the laptops) anywhere on "
                             "this workspace, or choose them. Each bundle is checked and "
                             "imported on its own; a rejected bundle changes nothing."))
        self.choose_button.setText(_("&Choose bundles…"))
        super().retranslate()

    def choose_files(self) -> None:
        self.open_dialog(_("Choose data bundles"), "bundleDialog",
                         filters=[_("Data bundles (*.fkbundle *.zip)"), _("All files (*)")],
                         chosen=lambda files: self.import_files([Path(f) for f in files]))

    def import_files(self, paths: Sequence[Path]) -> bool:
        """Import ``paths`` in the background; False (and a message) if another import
        is still running or nothing to import was given."""
        files = list(paths)
        if not self.can_start(bool(files), _("No bundle files were given.")):
            return False
        from fieldkit.sync.bundle_in import import_bundles

        self.progress_bar.setRange(0, len(files))
        self.progress_bar.setValue(0)
        store = self.ctx.store

        def work(progress: Progress) -> tuple[list[BundleReport], int]:
            def each(done: int, total: int, file: str) -> None:
                self._current = file
                progress(done, total)

            return import_bundles(store, files, progress=each,
                                  cancelled=self._cancel.is_set), len(files)

        self.start(work, self._finished, self._show_progress)
        return True

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

    def _finished(self, result: tuple[list[BundleReport], int]) -> None:
        reports, total = result
        self.add_results(reports)
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


def _cells(report: BundleReport) -> list[tuple[str, str]]:
    """A bundle's row; the details' tooltip is the whole laptop id."""
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
    cells = [(Path(report.file).name, report.file), (result, result)]
    cells += [(n, n) for n in counts]
    cells.append((details, report.device_id or "" if report.accepted else details))
    return cells
