"""The Reports view of the Coordinator workspace: the trend report's settings (saved
per project, the same the command line uses), its period and language, *Make
report…* and *Open the report*.

The report is made by ``fieldkit report trends`` in a process of its own: it runs
off the UI thread, in any language whatever the interface's (a report's words come
from the language's catalogue, which is process-wide), and *Cancel* stops it; the
PDF is written beside its destination and moved into place, so a cancelled report
leaves nothing behind.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QProcess, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fieldkit.i18n import N_, UI_LANGUAGES, _, current_language, isolate, language_name

if TYPE_CHECKING:
    from fieldkit.gui.coordinator.reports_tab import ReportsTab
    from fieldkit.reports.settings import TrendSettings

PERIODS = (("month", N_("month")), ("quarter", N_("quarter")), ("half", N_("half-year")),
           ("year", N_("year")))


def last_half_year(today: date) -> tuple[date, date]:
    """The latest half-year that has ended: the trend report is made twice a year."""
    if today.month > 6:
        return date(today.year, 1, 1), date(today.year, 6, 30)
    return date(today.year - 1, 7, 1), date(today.year - 1, 12, 31)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def _actor() -> str:
    # As the coordinator tabs' actor_name (not imported: the coordinator imports us).
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "coordinator"


def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in text.replace(",", " ").split() if w)


class ReportsView(QWidget):
    def __init__(self, tab: ReportsTab) -> None:
        super().__init__(tab)
        self.tab = tab
        self.ctx = tab.ctx
        self.process: QProcess | None = None
        self.made: Path | None = None
        self._target: Path | None = None
        self._errors: list[str] = []
        self._started = 0.0
        layout = QVBoxLayout(self)

        self.settings_box = QGroupBox()
        form = QFormLayout(self.settings_box)
        self.form_id = QComboBox()
        self.form_id.setObjectName("reportForm")
        self.by = QLineEdit()
        self.by.setObjectName("reportBy")
        self.measures = QLineEdit()
        self.measures.setObjectName("reportMeasures")
        self.period = QComboBox()
        self.period.setObjectName("reportPeriod")
        for key, _name in PERIODS:
            self.period.addItem("", key)
        self.date_field = QLineEdit()
        self.min_count = QSpinBox()
        self.min_count.setObjectName("reportMinCount")
        self.min_count.setRange(3, 1000)
        self.census_table = QLineEdit()
        self.census_areas = QLineEdit()
        self.census_area_field = QLineEdit()
        self.census_postcode_field = QLineEdit()
        self.labels: list[tuple[QLabel, str]] = []
        for text, widget in (
                (N_("Form"), self.form_id), (N_("Groups by"), self.by),
                (N_("Measures"), self.measures), (N_("Periods of"), self.period),
                (N_("Date field"), self.date_field),
                (N_("Smallest count published"), self.min_count),
                (N_("Census table"), self.census_table),
                (N_("Census areas"), self.census_areas),
                (N_("Area field"), self.census_area_field),
                (N_("Postcode field"), self.census_postcode_field)):
            label = QLabel()
            self.labels.append((label, text))
            form.addRow(label, widget)

        self.report_box = QGroupBox()
        report_form = QFormLayout(self.report_box)
        start, end = last_half_year(date.today())
        self.date_from = QDateEdit(_qdate(start))
        self.date_from.setObjectName("reportFrom")
        self.date_to = QDateEdit(_qdate(end))
        self.date_to.setObjectName("reportTo")
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
        self.language = QComboBox()
        self.language.setObjectName("reportLanguage")
        for code in UI_LANGUAGES:
            self.language.addItem(language_name(code), code)
        self.language.setCurrentIndex(max(self.language.findData(current_language()), 0))
        self.spreadsheet = QCheckBox()
        self.spreadsheet.setObjectName("reportSpreadsheet")
        self.spreadsheet.setChecked(True)
        self.from_label, self.to_label, self.language_label = QLabel(), QLabel(), QLabel()
        report_form.addRow(self.from_label, self.date_from)
        report_form.addRow(self.to_label, self.date_to)
        report_form.addRow(self.language_label, self.language)
        report_form.addRow("", self.spreadsheet)

        buttons = QHBoxLayout()
        self.save_button = QPushButton()
        self.save_button.setObjectName("saveReportSettings")
        self.save_button.clicked.connect(self.save)
        self.make_button = QPushButton()
        self.make_button.setObjectName("makeReport")
        self.make_button.clicked.connect(self.choose_and_make)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelReport")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.open_button = QPushButton()
        self.open_button.setObjectName("openReport")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_report)
        for button in (self.save_button, self.make_button, self.cancel_button,
                       self.open_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.progress = QProgressBar()
        self.progress.setObjectName("reportProgress")
        self.progress.setRange(0, 1)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.status = QLabel()
        self.status.setObjectName("reportStatus")
        self.status.setWordWrap(True)

        from fieldkit.gui.reports.sheets_box import SheetsBox

        self.sheets = SheetsBox(self)  # the fact sheet and the feedback (F10)

        layout.addWidget(self.settings_box)
        layout.addWidget(self.report_box)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.sheets)
        layout.addStretch(1)
        self.retranslate()

    def actor(self) -> str:
        """Who is making changes, for the audit log (the dialogs' writes too)."""
        return _actor()

    def retranslate(self) -> None:
        self.settings_box.setTitle(_("Report settings (saved for this project)"))
        self.report_box.setTitle(_("Trend report"))
        for label, text in self.labels:
            label.setText(_(text))
        for index, (_key, name) in enumerate(PERIODS):
            self.period.setItemText(index, _(name))
        self.by.setPlaceholderText(_("a field, e.g. ethnicity"))
        self.measures.setPlaceholderText(_("fields, e.g. household_type tenure (none: all)"))
        self.date_field.setPlaceholderText(_("none: when the interview started"))
        self.census_table.setPlaceholderText(_("e.g. TS021"))
        self.census_areas.setPlaceholderText(_("area codes, e.g. E05002459 E05002460"))
        self.from_label.setText(_("From"))
        self.to_label.setText(_("To"))
        self.language_label.setText(_("Language"))
        self.spreadsheet.setText(_("Also write every table to a spreadsheet (.xlsx)"))
        self.save_button.setText(_("Save settings"))
        self.make_button.setText(_("Make report…"))
        self.cancel_button.setText(_("Cancel"))
        self.open_button.setText(_("Open the report"))
        if hasattr(self, "sheets"):
            self.sheets.retranslate()

    # -- settings --------------------------------------------------------------------

    def refresh(self) -> None:
        store = self.ctx.store

        def load(_progress: Any) -> tuple[TrendSettings, list[str]]:
            from sqlalchemy import select

            from fieldkit.projects import current_project
            from fieldkit.reports.settings import load_settings
            from fieldkit.store.models import Form

            project = current_project(store).id
            with store.session() as session:
                forms = sorted(set(session.scalars(
                    select(Form.form_id).where(Form.project_id == project))))
            return load_settings(store, project), forms

        self.tab.run(load, self._show, self.status)

    def _show(self, loaded: tuple[TrendSettings, list[str]]) -> None:
        settings, forms = loaded
        self.form_id.clear()
        for form_id in forms:
            self.form_id.addItem(form_id, form_id)
        if settings.form and self.form_id.findData(settings.form) < 0:
            self.form_id.addItem(settings.form, settings.form)
        self.form_id.setCurrentIndex(max(self.form_id.findData(settings.form), 0))
        self.by.setText(settings.by)
        self.measures.setText(" ".join(settings.measures))
        self.period.setCurrentIndex(max(self.period.findData(settings.period), 0))
        self.date_field.setText(settings.date_field)
        self.min_count.setValue(settings.min_count)
        self.census_table.setText(settings.census_table)
        self.census_areas.setText(" ".join(settings.census_areas))
        self.census_area_field.setText(settings.census_area_field)
        self.census_postcode_field.setText(settings.census_postcode_field)

    def settings(self) -> TrendSettings:
        from fieldkit.reports.settings import TrendSettings

        return TrendSettings(
            form=str(self.form_id.currentData() or ""), by=self.by.text().strip(),
            measures=_words(self.measures.text()), period=str(self.period.currentData()),
            date_field=self.date_field.text().strip(), min_count=self.min_count.value(),
            census_table=self.census_table.text().strip().upper(),
            census_areas=_words(self.census_areas.text()),
            census_area_field=self.census_area_field.text().strip(),
            census_postcode_field=self.census_postcode_field.text().strip())

    def save(self, then: Any = None) -> None:
        store, settings, actor = self.ctx.store, self.settings(), _actor()

        def work(_progress: Any) -> None:
            from fieldkit.projects import current_project
            from fieldkit.reports.settings import save_settings

            settings.check()
            save_settings(store, current_project(store).id, settings, actor=actor)

        def done(_result: None) -> None:
            if callable(then):
                then()
            else:
                self.status.setText(_("Report settings saved."))

        self.status.clear()
        self.tab.run(work, done, self.status, key="save")

    # -- making the report -----------------------------------------------------------

    def choose_and_make(self) -> None:
        start, end = _pydate(self.date_from.date()), _pydate(self.date_to.date())
        suggested = str(Path.home() / f"trend-report-{start.isoformat()}-{end.isoformat()}"
                                      f"-{self.language.currentData()}.pdf")
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the report"), suggested,
                                                    _("PDF (*.pdf)"))
        if path:
            self.make_report(Path(path))

    def make_report(self, path: Path) -> None:
        """Save the settings, then make the report into ``path`` (a .pdf)."""
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        start, end = _pydate(self.date_from.date()), _pydate(self.date_to.date())
        if end < start:
            self.status.setText(_("The period ends before it starts."))
            return
        self.save(then=lambda: self._start(path, start, end))

    def _start(self, path: Path, start: date, end: date) -> None:
        from fieldkit.gui.open_folder import launch_command

        program, args = launch_command(self.ctx.paths.data_dir, self.ctx.db_url)
        args += ["--lang", str(self.language.currentData()), "report", "trends",
                 "--from", start.isoformat(), "--to", end.isoformat(), "--out", str(path),
                 "--progress"]
        if self.spreadsheet.isChecked():
            args += ["--xlsx", str(path.with_suffix(".xlsx"))]
        process = QProcess(self)
        process.setProgram(program)
        process.setArguments(args)
        process.finished.connect(lambda code, _status: self._finished(process, code, path))
        process.errorOccurred.connect(lambda _error: self._failed_to_start(process))
        process.readyReadStandardError.connect(lambda: self._read_progress(process))
        self._errors = []
        self.process = process
        self._target = path
        self._started = time.time() - 1
        self.made = None
        self.open_button.setEnabled(False)
        self.make_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setRange(0, 0)  # busy: the report's sections take their time
        self.progress.show()
        self.status.setText(_("Making the report…"))
        process.start()

    def _read_progress(self, process: QProcess) -> None:
        """The command's "progress N/M" lines move the bar; other lines are kept."""
        text = bytes(process.readAllStandardError().data()).decode("utf-8", "replace")
        for line in text.splitlines():
            done, _slash, total = line.removeprefix("progress ").partition("/")
            if line.startswith("progress ") and done.isdigit() and total.isdigit():
                self.progress.setRange(0, int(total))
                self.progress.setValue(int(done))
            elif line.strip():
                self._errors.append(line)

    def _idle(self) -> None:
        self.process = None
        self.make_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.hide()

    def _failed_to_start(self, process: QProcess) -> None:
        if process is not self.process or process.state() != QProcess.ProcessState.NotRunning:
            return
        if process.error() == QProcess.ProcessError.FailedToStart:
            self._idle()
            self.status.setText(_("The report could not be started: {reason}").format(
                reason=process.errorString()))

    def _finished(self, process: QProcess, code: int, path: Path) -> None:
        if process is not self.process:
            return  # cancelled
        self._idle()
        self._read_progress(process)
        out = bytes(process.readAllStandardOutput().data()).decode("utf-8", "replace")
        err = "\n".join(self._errors)
        if code == 0 and path.exists():
            self.made = path
            self.open_button.setEnabled(True)
            lines = [line for line in (*err.splitlines(), *out.splitlines()) if line.strip()]
            self.status.setText("\n".join(lines) or _("Wrote {path}.").format(
                path=isolate(path)))
            return
        last = next((line for line in reversed(err.splitlines()) if line.strip()), "")
        # The command's own one-line message, without its "fieldkit: " prefix.
        self.status.setText(last.removeprefix("fieldkit: ") or _(
            "The report could not be made (exit code {code}).").format(code=code))

    def cancel(self) -> None:
        process = self.process
        if process is None:
            return
        self.process = None
        process.kill()
        process.waitForFinished(3000)
        # A killed process cannot remove the files it was writing beside the
        # destination (.fieldkit-*): they are removed here.
        if self._target is not None:
            for left in self._target.parent.glob(".fieldkit-*"):
                if left.suffix in (".pdf", ".xlsx") and left.stat().st_mtime >= self._started:
                    left.unlink(missing_ok=True)
        self._idle()
        self.status.setText(_("Cancelled: no report was written."))

    def open_report(self) -> None:
        if self.made is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.made)))
