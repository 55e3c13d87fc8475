"""Exports for analysis: the coordinator ticks the forms (each with its interview
count), the statuses and an optional start day, picks a format (CSV in a folder or a
.zip, Excel, SPSS, Stata), the label language, what happens to personal data and
codes or labels for choices, and where to write; the export runs off the UI thread
with a progress bar and Cancel, through ``fieldkit.exports.run_export`` (which
stages the files, so a failed or cancelled export leaves nothing behind, and audits
it with this computer's login name). The result lists the files written (activate
one, or *Open folder*, to see them) and the interviews and rows per form.

After an export that worked, the choices of how and where (format, zip, personal
data, codes or labels, label language, statuses, path) are remembered in
``ui_state.json`` (not the settings: those are the Preferences dialog's, one per
entry) and shown again the next time; the forms and the start day are not, as they
depend on the data. A remembered choice no longer offered falls back to the default.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QWidget,
)

from fieldkit.errors import InvalidInput
from fieldkit.exports import destination
from fieldkit.exports.remembered import STATE_KEY, RememberedExport, read_remembered
from fieldkit.gui.coordinator.base import CoordinatorTab, actor_name, number
from fieldkit.gui.coordinator.export_forms import FormTicks, Loaded
from fieldkit.gui.coordinator.export_how import ExportHow
from fieldkit.gui.coordinator.export_results import ExportResults
from fieldkit.gui.tasks import Progress
from fieldkit.gui.uiloader import child, load_ui
from fieldkit.i18n import _, isolate
from fieldkit.remembered import UiValue, load_ui_state, save_ui_state

if TYPE_CHECKING:
    from fieldkit.context import AppContext
    from fieldkit.exports import ExportRequest, ExportResult
    from fieldkit.exports.form_choices import FormChoice

class ExportTab(CoordinatorTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("coordinatorExport")
        self._cancel = threading.Event()
        self._exporting: dict[str, UiValue] = {}  # the choices of the running export

        form = load_ui("export_tab.ui", self)
        self.scroll_area = child(form, QScrollArea, "scrollArea")
        self.intro = child(form, QLabel, "intro")
        # -- what: forms, statuses, day
        self.what_box = child(form, QGroupBox, "whatBox")
        self.ticks = FormTicks(form, self)
        self.ticks.changed.connect(self._ticks_changed)
        self.ticks.since_changed.connect(self.refresh)
        self.status_label = child(form, QLabel, "statusLabel")
        # -- how: format, label language, codes or labels
        self.how_box = child(form, QGroupBox, "howBox")
        self.how = ExportHow(form, self)
        # -- where, and go
        self.selection = child(form, QLabel, "exportSelection")
        self.export_button = child(form, QPushButton, "startExport")
        self.export_button.clicked.connect(self.start_export)
        self.how.out_edit.returnPressed.connect(self.export_button.click)
        self.progress_row = child(form, QWidget, "progressRow")
        self.progress_label = child(form, QLabel, "progressLabel")
        self.progress_bar = child(form, QProgressBar, "exportProgress")
        self.cancel_button = child(form, QPushButton, "cancelExport")
        self.cancel_button.clicked.connect(self.cancel)
        self.progress_row.hide()
        # -- the result
        self.status = child(form, QLabel, "exportStatus")
        self.shown = ExportResults(form, self.status, self)
        self._restore()
        self.retranslate()

    def title(self) -> str:
        return _("Export")

    def retranslate(self) -> None:
        # The fixed texts are the .ui file's, translated as it loads and on a change.
        self.how.retranslate()
        self.ticks.show_counts()
        self.shown.retranslate(self._titles())

    # -- loading ----------------------------------------------------------------------

    @property
    def forms(self) -> list[FormChoice]:
        return self.ticks.forms

    def since(self) -> date | None:
        return self.ticks.since()

    def ticked_statuses(self) -> tuple[str, ...]:
        return self.ticks.ticked_statuses()

    def refresh(self) -> None:
        store, since = self.ctx.store, self.since()

        def work(_progress: object) -> Loaded:
            from fieldkit.exports.form_choices import form_choices

            later = ({c.form_id: c for c in form_choices(store, since)}
                     if since is not None else None)
            return Loaded(form_choices(store), later)

        self.run(work, self.ticks.load, self.status)

    def _ticks_changed(self) -> None:
        self.how.fill_languages(self.ticks.ticked_forms() or self.forms)
        self._show_selection()

    def _show_selection(self) -> None:
        self.selection.setText(self.ticks.selection_text())
        self.export_button.setEnabled(self.ticks.selected_interviews() > 0
                                      and not self.busy("export"))

    def request(self) -> ExportRequest | str:
        """The export the tab describes, or why it cannot run (one line)."""
        from fieldkit.exports import ExportRequest

        if self.ticks.selected_interviews() == 0:
            return self.ticks.selection_text()
        try:
            out = self.how.out()
        except InvalidInput as problem:
            return str(problem)
        return ExportRequest(
            format=self.how.export_format(), out=out,
            forms=tuple(c.form_id for c in self.ticks.ticked_forms()),
            statuses=self.ticked_statuses(), since=self.since(),
            language=self.how.language_combo.currentData(), personal=self.how.personal(),
            choices=self.how.choices(), actor=actor_name())

    # -- running ----------------------------------------------------------------------

    def start_export(self) -> bool:
        """Run the export the tab describes; False (and why) if it cannot start."""
        if self.busy("export"):
            return False
        request = self.request()
        if isinstance(request, str):
            self.status.setText(request)
            return False
        if destination.replaces_something(request.out):
            if not self._confirm_replace(request.out):
                return False
            from dataclasses import replace

            request = replace(request, force=True)
        self.how.out_edit.setText(str(request.out))
        self._exporting = self._choices(request)
        self.shown.show(None, {})
        self._cancel.clear()
        self.cancel_button.setEnabled(True)
        self.progress_bar.setRange(0, 0)  # busy until the first count arrives
        self.progress_label.setText(_("Preparing the export…"))
        self.progress_row.show()
        self.status.setText("")
        store, cancelled = self.ctx.store, self._cancel.is_set

        def work(progress: Progress) -> ExportResult:
            from fieldkit.exports import run_export

            return run_export(store, request, progress=progress, cancelled=cancelled)

        self.run(work, self._finished, self.status, key="export",
                 on_progress=self._show_progress, after_failure=self._stopped)
        self._show_selection()
        return True

    def _confirm_replace(self, out: Path) -> bool:
        """Ask before replacing (the command line refuses without --force)."""
        from PySide6.QtWidgets import QMessageBox

        text = (_("The folder {path} already holds files. Files of the same names will be "
                  "replaced. Export anyway?") if out.is_dir() else
                _("{path} already exists. Replace it?")).format(path=isolate(out))
        answer = QMessageBox.question(
            self, _("Replace existing files?"), text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def cancel(self) -> None:
        """Stop the export; the service removes what it had written."""
        self._cancel.set()
        self.cancel_button.setEnabled(False)
        self.progress_label.setText(_("Cancelling…"))

    def _show_progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        if not self._cancel.is_set():
            self.progress_label.setText(_("Exported {done} of {total} interviews").format(
                done=number(done), total=number(total)))

    def _stopped(self) -> None:
        self.progress_row.hide()
        self._show_selection()

    def _finished(self, result: ExportResult) -> None:
        save_ui_state(self.ctx.paths.ui_state_file, STATE_KEY, self._exporting)
        self._stopped()
        self.shown.show(result, self._titles())
        # Once the layout made room for the results (after this event).
        QTimer.singleShot(0, lambda: self.scroll_area.ensureWidgetVisible(self.shown.results))

    # -- remembered choices -----------------------------------------------------------

    def _choices(self, request: ExportRequest) -> dict[str, UiValue]:
        """What to remember of ``request``: the choices as shown (labels stay ticked
        under SPSS, say), not the forms or the start day, which follow the data."""
        return RememberedExport(
            format=request.format, zip=self.how.zip_box.isChecked(), personal=request.personal,
            choices="labels" if self.how.labels_button.isChecked() else "codes",
            language=request.language, statuses=tuple(request.statuses),
            path=str(request.out)).to_json()

    def _restore(self) -> None:
        """Show the choices of the last export; anything not offered now is skipped
        (fieldkit.exports.remembered checks them)."""
        state = read_remembered(load_ui_state(self.ctx.paths.ui_state_file).get(STATE_KEY))
        self.how.remember(state)
        if state.statuses:
            for status, box in self.ticks.status_boxes.items():
                box.setChecked(status in state.statuses)

    # -- the result -------------------------------------------------------------------

    @property
    def file_dialog(self) -> QFileDialog | None:
        return self.how.file_dialog

    @property
    def result(self) -> ExportResult | None:
        return self.shown.result

    def folder(self) -> Path | None:
        return self.shown.folder()

    def _titles(self) -> dict[str, str]:
        return {c.form_id: c.title for c in self.forms}
