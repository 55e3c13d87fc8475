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
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.exports.options import DEFAULT_STATUSES as EXPORT_DEFAULT_STATUSES
from fieldkit.exports.remembered import STATE_KEY, RememberedExport, read_remembered
from fieldkit.gui.coordinator.base import CoordinatorTab, actor_name, number
from fieldkit.gui.interviews.statuses import status_name
from fieldkit.gui.tasks import Progress
from fieldkit.i18n import N_, _, isolate, ngettext
from fieldkit.remembered import UiValue, load_ui_state, save_ui_state
from fieldkit.statuses import INTERVIEW_STATUSES

if TYPE_CHECKING:
    from fieldkit.context import AppContext
    from fieldkit.exports import ExportRequest, ExportResult
    from fieldkit.exports.form_choices import FormChoice

#: (format, name shown) in the order offered.
FORMAT_NAMES = (
    ("csv", N_("CSV: one file per form and per repeat")),
    ("xlsx", N_("Excel workbook (.xlsx)")),
    ("sav", N_("SPSS (.sav)")),
    ("dta", N_("Stata (.dta)")),
)
#: The statuses offered (the store's, in its order) and those ticked at first.
STATUSES = INTERVIEW_STATUSES
DEFAULT_STATUSES = EXPORT_DEFAULT_STATUSES
#: (choice, name, what it does in one line) for personal data.
PERSONAL = (
    ("keep", N_("Keep as entered"),
     N_("Names and other personal answers are written as the interviewers typed them: "
        "keep the files safe.")),
    ("pseudonymise", N_("Pseudonymise"),
     N_("Each personal answer becomes a code (P-…), the same in every export of this "
        "project; the code cannot be turned back into the name.")),
    ("drop", N_("Leave out"),
     N_("Personal answers are not written at all; the codebook lists what was left out.")),
)
RESULT_COLUMNS = (N_("Form"), N_("Interviews"), N_("Table"), N_("Rows"))


@dataclass(frozen=True)
class Loaded:
    #: Every form with interviews, and the same counted from the chosen day on.
    forms: list[FormChoice]
    since: dict[str, FormChoice] | None


class ExportTab(CoordinatorTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("coordinatorExport")
        self.forms: list[FormChoice] = []
        self.counted: dict[str, FormChoice] = {}  # what the chosen day leaves
        self._unticked: set[str] = set()  # forms the coordinator unticked
        self._cancel = threading.Event()
        self.file_dialog: QFileDialog | None = None
        self.result: ExportResult | None = None
        # The remembered label language, until the forms (and their languages) load.
        self._remembered_language: str | None = None
        self._exporting: dict[str, UiValue] = {}  # the choices of the running export

        # Scrolls on a small laptop screen rather than squeezing the results.
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget()
        self.scroll_area.setWidget(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll_area)
        layout = QVBoxLayout(page)
        self.intro = QLabel()
        self.intro.setWordWrap(True)

        # -- what: forms, statuses, day ----------------------------------------------
        self.what_box = QGroupBox()
        what = QVBoxLayout(self.what_box)
        self.form_list = QListWidget()
        self.form_list.setObjectName("exportForms")
        # Long form titles wrap instead of hiding their counts behind a scroll bar.
        self.form_list.setWordWrap(True)
        self.form_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_list.itemChanged.connect(self._form_ticked)
        # A few forms per project: room for six, leaving the height to the results.
        self.form_list.setMaximumHeight(self.form_list.fontMetrics().height() * 8)
        self.status_label = QLabel()
        status_grid = QGridLayout()
        self.status_boxes: dict[str, QCheckBox] = {}
        for n, status in enumerate(STATUSES):
            box = QCheckBox()
            box.setObjectName(f"status_{status}")
            box.setChecked(status in DEFAULT_STATUSES)
            box.toggled.connect(lambda _on: self._show_counts())
            self.status_boxes[status] = box
            status_grid.addWidget(box, n // 2, n % 2)
        self.since_box = QCheckBox()
        self.since_box.setObjectName("useSince")
        self.since_date = QDateEdit()
        self.since_date.setObjectName("sinceDate")
        self.since_date.setCalendarPopup(True)
        self.since_date.setDate(QDate.currentDate())
        self.since_date.setEnabled(False)
        self.since_box.toggled.connect(self.since_date.setEnabled)
        self.since_box.toggled.connect(lambda _on: self.refresh())
        self.since_date.dateChanged.connect(lambda _day: self._since_changed())
        since_row = QHBoxLayout()
        since_row.addWidget(self.since_box)
        since_row.addWidget(self.since_date)
        since_row.addStretch(1)
        what.addWidget(self.form_list, 1)
        what.addWidget(self.status_label)
        what.addLayout(status_grid)
        what.addLayout(since_row)

        # -- how: format, label language, codes or labels -------------------------------
        self.how_box = QGroupBox()
        how = QFormLayout(self.how_box)
        how.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.format_combo = QComboBox()
        self.format_combo.setObjectName("exportFormat")
        for fmt, _name in FORMAT_NAMES:
            self.format_combo.addItem("", fmt)
        self.zip_box = QCheckBox()
        self.zip_box.setObjectName("asZip")
        self.format_combo.currentIndexChanged.connect(lambda _i: self._format_changed())
        self.zip_box.toggled.connect(lambda _on: self._format_changed())
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("labelLanguage")
        self.codes_button = QRadioButton()
        self.codes_button.setObjectName("choiceCodes")
        self.codes_button.setChecked(True)
        self.labels_button = QRadioButton()
        self.labels_button.setObjectName("choiceLabels")
        self.choices_group = QButtonGroup(self)
        self.choices_group.addButton(self.codes_button)
        self.choices_group.addButton(self.labels_button)
        choices_row = QHBoxLayout()
        choices_row.addWidget(self.codes_button)
        choices_row.addWidget(self.labels_button)
        choices_row.addStretch(1)
        self.choices_hint = QLabel()
        self.choices_hint.setObjectName("choicesHint")
        self.choices_hint.setWordWrap(True)
        choices = QVBoxLayout()
        choices.addLayout(choices_row)
        choices.addWidget(self.choices_hint)
        self.format_label = QLabel()
        self.language_label = QLabel()
        self.choices_label = QLabel()
        self.format_label.setBuddy(self.format_combo)
        self.language_label.setBuddy(self.language_combo)
        how.addRow(self.format_label, self.format_combo)
        how.addRow("", self.zip_box)
        how.addRow(self.language_label, self.language_combo)
        how.addRow(self.choices_label, choices)

        # -- personal data: the full width, so each choice's line reads at a glance ---
        self.personal_box = QGroupBox()
        personal = QGridLayout(self.personal_box)
        personal.setColumnStretch(1, 1)
        self.personal_group = QButtonGroup(self)
        self.personal_buttons: dict[str, QRadioButton] = {}
        self.personal_hints: dict[str, QLabel] = {}
        for index, (choice, _name, _hint) in enumerate(PERSONAL):
            button = QRadioButton()
            button.setObjectName(f"personal_{choice}")
            hint = QLabel()
            hint.setWordWrap(True)
            self.personal_group.addButton(button)
            self.personal_buttons[choice] = button
            self.personal_hints[choice] = hint
            personal.addWidget(button, index, 0, Qt.AlignmentFlag.AlignTop)
            personal.addWidget(hint, index, 1, Qt.AlignmentFlag.AlignTop)
        self.personal_buttons["pseudonymise"].setChecked(True)  # the safer default

        columns = QHBoxLayout()
        columns.addWidget(self.what_box, 1)
        columns.addWidget(self.how_box, 1)

        # -- where, and go -----------------------------------------------------------
        self.out_label = QLabel()
        self.out_edit = QLineEdit()
        self.out_edit.setObjectName("exportPath")
        # A path reads left to right in every language.
        self.out_edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.out_label.setBuddy(self.out_edit)
        self.browse_button = QPushButton()
        self.browse_button.setObjectName("browseExport")
        self.browse_button.clicked.connect(self.choose_path)
        self.export_button = QPushButton()
        self.export_button.setObjectName("startExport")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.out_edit.returnPressed.connect(self.export_button.click)
        where = QHBoxLayout()
        where.addWidget(self.out_label)
        where.addWidget(self.out_edit, 1)
        where.addWidget(self.browse_button)
        where.addWidget(self.export_button)
        self.selection = QLabel()
        self.selection.setObjectName("exportSelection")
        self.selection.setWordWrap(True)

        self.progress_row = QWidget()
        row = QHBoxLayout(self.progress_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("exportProgress")
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelExport")
        self.cancel_button.clicked.connect(self.cancel)
        row.addWidget(self.progress_label, 1)
        row.addWidget(self.progress_bar, 1)
        row.addWidget(self.cancel_button)
        self.progress_row.hide()

        # -- the result --------------------------------------------------------------
        self.status = QLabel()
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bold = QFont(self.status.font())
        bold.setBold(True)
        self.status.setFont(bold)
        self.open_button = QPushButton()
        self.open_button.setObjectName("openExportFolder")
        self.open_button.clicked.connect(self.open_folder)
        self.open_button.hide()
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.open_button)
        self.result_table = QTableWidget(0, len(RESULT_COLUMNS))
        self.result_table.setObjectName("exportCounts")
        self.result_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.result_table.verticalHeader().hide()
        self.result_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.result_table.horizontalHeader().setStretchLastSection(True)
        self.file_list = QListWidget()
        self.file_list.setObjectName("exportFiles")
        self.file_list.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.file_list.itemActivated.connect(self.open_folder)
        self.results = QWidget()
        results = QHBoxLayout(self.results)
        results.setContentsMargins(0, 0, 0, 0)
        results.addWidget(self.result_table, 3)
        results.addWidget(self.file_list, 2)
        rows = self.result_table.fontMetrics().height() * 9
        self.result_table.setMinimumHeight(rows)
        self.file_list.setMinimumHeight(rows)
        self.results.hide()

        layout.addWidget(self.intro)
        layout.addLayout(columns)
        layout.addWidget(self.personal_box)
        layout.addWidget(self.selection)
        layout.addLayout(where)
        layout.addWidget(self.progress_row)
        layout.addLayout(status_row)
        # The results take the spare height; before there are any, the end does.
        layout.addWidget(self.results, 100)
        layout.addStretch(1)
        self._restore()
        self.retranslate()
        self._format_changed()

    def title(self) -> str:
        return _("Export")

    def retranslate(self) -> None:
        self.intro.setText(_("Write the project's interviews as files for analysis, with a "
                             "codebook that explains every column. Files of the same name "
                             "in that place are replaced."))
        self.what_box.setTitle(_("What to export"))
        self.how_box.setTitle(_("How"))
        self.status_label.setText(_("Only interviews that are:"))
        self.since_box.setText(_("Only those started on or after"))
        self.format_label.setText(_("&Format:"))
        for index, (_fmt, name) in enumerate(FORMAT_NAMES):
            self.format_combo.setItemText(index, _(name))
        self.zip_box.setText(_("Put the files in one .zip file"))
        self.language_label.setText(_("&Labels in:"))
        self.choices_label.setText(_("Choice answers as:"))
        self.codes_button.setText(_("Codes"))
        self.labels_button.setText(_("Labels"))
        for choice, name, hint in PERSONAL:
            self.personal_buttons[choice].setText(_(name))
            self.personal_hints[choice].setText(_(hint))
        self.personal_box.setTitle(_("Personal data"))
        self.out_label.setText(_("&Save to:"))
        self.browse_button.setText(_("&Browse…"))
        self.export_button.setText(_("&Export"))
        self.cancel_button.setText(_("Cancel"))
        self.open_button.setText(_("&Open folder"))
        self.result_table.setHorizontalHeaderLabels([_(c) for c in RESULT_COLUMNS])
        self._fill_languages()
        self._format_changed()
        self._show_counts()
        self._show_result()

    # -- loading ----------------------------------------------------------------------

    def since(self) -> date | None:
        if not self.since_box.isChecked():
            return None
        day = self.since_date.date()
        return date(day.year(), day.month(), day.day())

    def refresh(self) -> None:
        store, since = self.ctx.store, self.since()

        def work(_progress: object) -> Loaded:
            from fieldkit.exports.form_choices import form_choices

            later = ({c.form_id: c for c in form_choices(store, since)}
                     if since is not None else None)
            return Loaded(form_choices(store), later)

        self.run(work, self._loaded, self.status)

    def _since_changed(self) -> None:
        if self.since_box.isChecked():
            self.refresh()

    def _loaded(self, loaded: Loaded) -> None:
        self.forms = loaded.forms
        self.counted = (loaded.since if loaded.since is not None
                        else {c.form_id: c for c in loaded.forms})
        self.form_list.blockSignals(True)
        self.form_list.clear()
        for choice in self.forms:
            item = QListWidgetItem()
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked if choice.form_id in self._unticked
                               else Qt.CheckState.Checked)
            item.setData(Qt.ItemDataRole.UserRole, choice.form_id)
            item.setToolTip(choice.form_id)
            self.form_list.addItem(item)
        self.form_list.blockSignals(False)
        self._fill_languages()
        self._show_counts()

    def ticked_forms(self) -> list[FormChoice]:
        ticked = []
        for row, choice in enumerate(self.forms):
            item = self.form_list.item(row)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                ticked.append(choice)
        return ticked

    def ticked_statuses(self) -> tuple[str, ...]:
        return tuple(s for s in STATUSES if self.status_boxes[s].isChecked())

    def _form_ticked(self, item: QListWidgetItem) -> None:
        form_id = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked:
            self._unticked.discard(form_id)
        else:
            self._unticked.add(form_id)
        self._fill_languages()
        self._show_counts()

    def _fill_languages(self) -> None:
        """The ticked forms' languages, each code once (the export matches by code)."""
        chosen = self.language_combo.currentData()
        if self.forms and self._remembered_language is not None:
            # Once, when the languages are known; one no ticked form has is dropped.
            chosen, self._remembered_language = self._remembered_language, None
        self.language_combo.blockSignals(True)
        self.language_combo.clear()
        self.language_combo.addItem(_("Each form's default language"), None)
        from fieldkit.exports.labels import language_key

        seen: set[str] = set()
        for choice in self.ticked_forms() or self.forms:
            for name in choice.languages:
                code = language_key(name)
                if code not in seen:
                    seen.add(code)
                    self.language_combo.addItem(name, code)
        index = self.language_combo.findData(chosen) if chosen is not None else 0
        self.language_combo.setCurrentIndex(max(index, 0))
        self.language_combo.blockSignals(False)

    def selected_interviews(self) -> int:
        statuses = self.ticked_statuses()
        return sum(self.counted[c.form_id].interviews(statuses)
                   for c in self.ticked_forms() if c.form_id in self.counted)

    def _show_counts(self) -> None:
        statuses = self.ticked_statuses()
        for row, choice in enumerate(self.forms):
            item = self.form_list.item(row)
            counted = self.counted.get(choice.form_id)
            n = counted.interviews(statuses) if counted is not None else 0
            self.form_list.blockSignals(True)
            if choice.any_status:
                text = ngettext("{title}: {n} record, at any status",
                                "{title}: {n} records, at any status", n)
                item.setToolTip(_("Advice sessions and attendances stay open while "
                                  "follow-ups are due, so they are exported whatever "
                                  "their status."))
            else:
                text = ngettext("{title}: {n} interview", "{title}: {n} interviews", n)
            item.setText(text.format(title=isolate(choice.title), n=number(n)))
            self.form_list.blockSignals(False)
        ticked = self.ticked_forms()
        for status, box in self.status_boxes.items():
            n = sum(self.counted[c.form_id].counts.get(status, 0)
                    for c in ticked if c.form_id in self.counted
                    and not self.counted[c.form_id].any_status)
            box.setText(_("{status} ({n})").format(status=status_name(status), n=number(n)))
        self._show_selection()

    def _show_selection(self) -> None:
        busy = self.busy("export")
        n = self.selected_interviews()
        if not self.forms:
            text = _("No interviews in this project yet: import bundles first.")
        elif not self.ticked_forms():
            text = _("Tick at least one form to export.")
        elif not self.ticked_statuses():
            text = _("Tick at least one status.")
        elif n == 0:
            text = _("Nothing to export: the ticked forms have no interviews with the ticked "
                     "statuses{since}.").format(
                since=_(" started on or after {day}").format(day=isolate(self.since()))
                if self.since() else "")
        else:
            forms = len(self.ticked_forms())
            text = ngettext("{n} interview of", "{n} interviews of", n).format(
                n=number(n)) + " " + ngettext("{forms} form will be exported.",
                                              "{forms} forms will be exported.",
                                              forms).format(forms=number(forms))
        self.selection.setText(text)
        self.export_button.setEnabled(n > 0 and not busy)

    # -- format and path --------------------------------------------------------------

    def export_format(self) -> str:
        return str(self.format_combo.currentData())

    def as_zip(self) -> bool:
        return self.export_format() != "xlsx" and self.zip_box.isChecked()

    def _suffix(self) -> str:
        """The suffix the path must have ("" for a folder)."""
        return ".xlsx" if self.export_format() == "xlsx" else ".zip" if self.as_zip() else ""

    def _format_changed(self) -> None:
        fmt = self.export_format()
        self.zip_box.setEnabled(fmt != "xlsx")
        stats = fmt in ("sav", "dta")
        self.codes_button.setEnabled(not stats)
        self.labels_button.setEnabled(not stats)
        self.choices_hint.setText(
            _("SPSS and Stata files keep the codes and carry the labels as value labels.")
            if stats else "")
        self.choices_hint.setVisible(stats)
        suffix = self._suffix()
        self.out_edit.setPlaceholderText(
            _("a file name ending in {suffix}").format(suffix=suffix) if suffix
            else _("a folder: one file per form and per repeat goes into it"))
        # Keep a typed path in step with the format (report.zip -> report.xlsx).
        text = self.out_edit.text().strip()
        if text:
            path = Path(text)
            old = path.suffix.lower()
            if (old in (".zip", ".xlsx") and old != suffix) or (suffix and not old):
                self.out_edit.setText(str(path.with_suffix(suffix)))

    def choose_path(self) -> None:
        suffix = self._suffix()
        start = self.out_edit.text().strip() or str(Path.home() / self._default_name())
        if suffix:
            dialog = QFileDialog(self, _("Export to file"), start)
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setNameFilter(_("Excel workbooks (*.xlsx)") if suffix == ".xlsx"
                                 else _("Zip files (*.zip)"))
            dialog.setDefaultSuffix(suffix[1:])
        else:
            dialog = QFileDialog(self, _("Export into folder"), str(Path(start).parent))
            dialog.setFileMode(QFileDialog.FileMode.Directory)
            dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setObjectName("exportDialog")
        dialog.fileSelected.connect(self.out_edit.setText)
        dialog.finished.connect(dialog.deleteLater)
        self.file_dialog = dialog
        dialog.open()

    def _default_name(self) -> str:
        return f"export-{date.today().isoformat()}{self._suffix()}"

    def _out_path(self) -> Path | str:
        """The path to write to, or what is wrong with the typed one (one line)."""
        text = self.out_edit.text().strip()
        if not text:
            return _("Choose where to write the export: type a path or use Browse….")
        if "\0" in text:
            return _("{path}: not a possible file name; choose another.").format(
                path=isolate(text.replace("\0", "")))
        path = Path(text).expanduser()
        if not path.is_absolute():
            return _("{path}: type the full path (from the top folder), or use Browse….")\
                .format(path=isolate(text))
        suffix = self._suffix()
        if suffix and path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        elif not suffix and path.suffix.lower() in (".zip", ".xlsx"):
            return _("{path} looks like a file name; give a folder, or tick \"Put the files "
                     "in one .zip file\".").format(path=isolate(path))
        if not path.parent.is_dir():
            return _("{folder}: there is no such folder; choose a folder that exists.")\
                .format(folder=isolate(path.parent))
        return path

    def request(self) -> ExportRequest | str:
        """The export the tab describes, or why it cannot run (one line)."""
        from fieldkit.exports import ExportRequest

        if self.selected_interviews() == 0:
            return self.selection.text()
        out = self._out_path()
        if isinstance(out, str):
            return out
        personal = next(c for c, b in self.personal_buttons.items() if b.isChecked())
        labels = self.labels_button.isChecked() and self.export_format() in ("csv", "xlsx")
        return ExportRequest(
            format=self.export_format(), out=out,
            forms=tuple(c.form_id for c in self.ticked_forms()),
            statuses=self.ticked_statuses(), since=self.since(),
            language=self.language_combo.currentData(), personal=personal,
            choices="labels" if labels else "codes", actor=actor_name())

    # -- running ----------------------------------------------------------------------

    def start_export(self) -> bool:
        """Run the export the tab describes; False (and why) if it cannot start."""
        if self.busy("export"):
            return False
        request = self.request()
        if isinstance(request, str):
            self.status.setText(request)
            return False
        self.out_edit.setText(str(request.out))
        self._exporting = self._choices(request)
        self.result = None
        self._show_result()
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
        self.result = result
        save_ui_state(self.ctx.paths.ui_state_file, STATE_KEY, self._exporting)
        self._stopped()
        self._show_result()
        # Once the layout made room for the results (after this event).
        QTimer.singleShot(0, lambda: self.scroll_area.ensureWidgetVisible(self.results))

    # -- remembered choices -----------------------------------------------------------

    def _choices(self, request: ExportRequest) -> dict[str, UiValue]:
        """What to remember of ``request``: the choices as shown (labels stay ticked
        under SPSS, say), not the forms or the start day, which follow the data."""
        return RememberedExport(
            format=request.format, zip=self.zip_box.isChecked(), personal=request.personal,
            choices="labels" if self.labels_button.isChecked() else "codes",
            language=request.language, statuses=tuple(request.statuses),
            path=str(request.out)).to_json()

    def _restore(self) -> None:
        """Show the choices of the last export; anything not offered now is skipped
        (fieldkit.exports.remembered checks them)."""
        state = read_remembered(load_ui_state(self.ctx.paths.ui_state_file).get(STATE_KEY))
        index = self.format_combo.findData(state.format) if state.format else -1
        if index >= 0:
            self.format_combo.setCurrentIndex(index)
        if state.zip is not None:
            self.zip_box.setChecked(state.zip)
        if state.personal in self.personal_buttons:
            self.personal_buttons[state.personal].setChecked(True)
        if state.choices is not None:
            button = self.labels_button if state.choices == "labels" else self.codes_button
            button.setChecked(True)
        if state.statuses:
            for status, box in self.status_boxes.items():
                box.setChecked(status in state.statuses)
        if state.language:
            self._remembered_language = state.language
        if state.path is not None:
            self.out_edit.setText(state.path)

    # -- the result -------------------------------------------------------------------

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

    def _show_result(self) -> None:
        result = self.result
        self.results.setVisible(result is not None)
        self.open_button.setVisible(result is not None)
        if result is None:
            return
        self.status.setText(ngettext(
            "Exported {n} interview to {path}.", "Exported {n} interviews to {path}.",
            result.interviews).format(n=number(result.interviews), path=isolate(result.out)))
        self.file_list.clear()
        for path in result.files:
            entry = QListWidgetItem(path.name)
            entry.setToolTip(str(path))
            self.file_list.addItem(entry)
        titles = {c.form_id: c.title for c in self.forms}
        rows = [(form, n, table, count) for form in result.forms
                for n, (table, count) in enumerate(form.tables.items())]
        self.result_table.setRowCount(len(rows))
        for row, (form, n, table, count) in enumerate(rows):
            cells = (titles.get(form.form_id, form.form_id) if n == 0 else "",
                     number(form.interviews) if n == 0 else "", table, number(count))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(form.form_id if column == 0 else text)
                if column in (1, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.result_table.setItem(row, column, item)
