"""The Insight workspace: pick a form, the field that makes the groups, the measures
and the period; *Build* counts the interviews off the UI thread (the profile, then
the trend alerts) and shows a table of groups × periods, charts and the alerts,
each of which opens the chart behind it. Every table exports to CSV or XLSX with
its source line; the profile's source line is shown under the results.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fieldkit.gui.insight.chart_page import ChartPage
from fieldkit.gui.insight.export import write_table
from fieldkit.gui.insight.formatting import (
    band_text,
    count_share,
    number,
    p_value,
    period_label,
)
from fieldkit.gui.insight.pickers import picker
from fieldkit.gui.insight.tables import (
    ExportTable,
    ProfileRow,
    alerts_table,
    profile_rows,
    profile_table,
    unit_name,
)
from fieldkit.i18n import N_, _, current_language, isolate, ngettext

if TYPE_CHECKING:
    from fieldkit.exports.form_choices import FormChoice
    from fieldkit.gui.coordinator.insight_tab import InsightTab
    from fieldkit.gui.tasks import Progress
    from fieldkit.insight import AlertRun, FieldInfo, Profile

#: (code, name) of the periods offered, in order.
PERIODS = (("month", N_("month")), ("quarter", N_("quarter")), ("half", N_("half-year")),
           ("year", N_("year")))
ALERT_COLUMNS = (N_("Alert"), N_("p-value"), N_("q-value (FDR)"))


@dataclass(frozen=True)
class Built:
    profile: Profile
    alerts: AlertRun
    language: str


@dataclass(frozen=True)
class Fields:
    form_id: str
    fields: list[FieldInfo]


class InsightView(QWidget):
    def __init__(self, tab: InsightTab) -> None:
        super().__init__(tab)
        self.setObjectName("insightView")
        self.tab = tab
        self.ctx = tab.ctx
        self.forms: list[FormChoice] = []
        self.fields: list[FieldInfo] = []
        self.built: Built | None = None
        self.rows: list[ProfileRow] = []
        self.file_dialog: QFileDialog | None = None
        self._filling = False
        self._build_token: object | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        # -- what to count -----------------------------------------------------------
        picks = QGridLayout()
        self.form_label, self.form_combo = QLabel(), picker("insightForm")
        self.by_label, self.by_combo = QLabel(), picker("insightBy")
        self.period_label, self.period_combo = QLabel(), picker("insightPeriod")
        for code, _name in PERIODS:
            self.period_combo.addItem("", code)
        self.period_combo.setCurrentIndex(2)  # half-years: the "twice a year"
        self.date_label, self.date_combo = QLabel(), picker("insightDate")
        self.area_label, self.area_combo = QLabel(), picker("insightArea")
        self.measures_label = QLabel()
        self.measure_list = QListWidget()
        self.measure_list.setObjectName("insightMeasures")
        self.measure_list.setFlow(QListWidget.Flow.LeftToRight)
        self.measure_list.setWrapping(True)
        self.measure_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        # Two lines of measures; the rest scrolls (the results need the height).
        self.measure_list.setMaximumHeight(self.fontMetrics().height() * 2 + 12)
        for n, (label, combo) in enumerate(((self.form_label, self.form_combo),
                                            (self.by_label, self.by_combo),
                                            (self.period_label, self.period_combo))):
            label.setBuddy(combo)
            picks.addWidget(label, 0, 2 * n)
            picks.addWidget(combo, 0, 2 * n + 1)
        for n, (label, combo) in enumerate(((self.date_label, self.date_combo),
                                            (self.area_label, self.area_combo))):
            label.setBuddy(combo)
            picks.addWidget(label, 1, 2 * n)
            picks.addWidget(combo, 1, 2 * n + 1)
        picks.addWidget(self.measures_label, 2, 0, Qt.AlignmentFlag.AlignTop)
        picks.addWidget(self.measure_list, 2, 1, 1, 6)
        picks.setColumnStretch(6, 1)
        self.form_combo.currentIndexChanged.connect(lambda _i: self._form_changed())
        buttons = QHBoxLayout()
        self.build_button = QPushButton()
        self.build_button.setObjectName("insightBuild")
        self.build_button.clicked.connect(self.build)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("insightCancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setObjectName("insightProgress")
        self.progress.setRange(0, 0)  # counting has no steps to show: busy
        self.progress.setMaximumWidth(200)
        self.status = QLabel()
        self.status.setObjectName("insightStatus")
        self.status.setWordWrap(True)
        buttons.addWidget(self.build_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.progress)
        buttons.addWidget(self.status, 1)
        picks.addLayout(buttons, 1, 4, 1, 3)
        self._set_busy(False)

        # -- what was found: table, charts, alerts -----------------------------------
        self.results = QTabWidget()
        self.results.setObjectName("insightResults")
        self.table_page = QWidget()
        table_layout = QVBoxLayout(self.table_page)
        self.unit_note = QLabel()
        self.unit_note.setObjectName("insightUnit")
        self.unit_note.setWordWrap(True)
        self.table = QTableWidget(0, 0)
        self.table.setObjectName("insightTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.export_table_button = QPushButton()
        self.export_table_button.setObjectName("insightExportTable")
        self.export_table_button.clicked.connect(lambda: self.choose_export("profile"))
        table_layout.addWidget(self.unit_note)
        table_layout.addWidget(self.table, 1)
        table_layout.addWidget(self.export_table_button, 0, Qt.AlignmentFlag.AlignLeading)

        self.charts = ChartPage(self)

        self.alert_page = QWidget()
        alert_layout = QVBoxLayout(self.alert_page)
        self.alert_intro = QLabel()
        self.alert_intro.setObjectName("insightAlertIntro")
        self.alert_intro.setWordWrap(True)
        self.alert_table = QTableWidget(0, len(ALERT_COLUMNS))
        self.alert_table.setObjectName("insightAlerts")
        self.alert_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.alert_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.alert_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.alert_table.verticalHeader().hide()
        self.alert_table.setWordWrap(True)
        header = self.alert_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.alert_table.cellActivated.connect(lambda row, _c: self.open_alert(row))
        self.alert_table.cellDoubleClicked.connect(lambda row, _c: self.open_alert(row))
        self.export_alerts_button = QPushButton()
        self.export_alerts_button.setObjectName("insightExportAlerts")
        self.export_alerts_button.clicked.connect(lambda: self.choose_export("alerts"))
        alert_layout.addWidget(self.alert_intro)
        alert_layout.addWidget(self.alert_table, 1)
        alert_layout.addWidget(self.export_alerts_button, 0, Qt.AlignmentFlag.AlignLeading)
        for page in (self.table_page, self.charts, self.alert_page):
            self.results.addTab(page, "")

        self.source = QLabel()
        self.source.setObjectName("insightSource")
        self.source.setWordWrap(True)
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout.addLayout(picks)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.source)
        self.retranslate()
        self._show_results()

    # -- texts ------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.form_label.setText(_("&Form:"))
        self.by_label.setText(_("&Groups by:"))
        self.period_label.setText(_("&Period:"))
        self.date_label.setText(_("&Date:"))
        self.area_label.setText(_("&Areas:"))
        self.measures_label.setText(_("Measures:"))
        for index, (_code, name) in enumerate(PERIODS):
            self.period_combo.setItemText(index, _(name))
        self.charts.retranslate()
        self.build_button.setText(_("&Build profile"))
        self.cancel_button.setText(_("Cancel"))
        self.export_table_button.setText(_("Export table…"))
        self.export_alerts_button.setText(_("Export alerts…"))
        self.alert_table.setHorizontalHeaderLabels([_(c) for c in ALERT_COLUMNS])
        self.results.setTabText(0, _("Table"))
        self.results.setTabText(1, _("Charts"))
        self._alerts_title()
        if self.fields:
            self._fill_fields(self.fields)
        if self.built is not None:
            self._show_results()

    def _alerts_title(self) -> None:
        count = len(self.built.alerts.alerts) if self.built else 0
        self.results.setTabText(2, _("Alerts ({count})").format(count=number(count))
                                if self.built else _("Alerts"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LayoutDirectionChange and self.built is not None:
            self.charts.draw()  # the charts' mirroring follows the direction
        super().changeEvent(event)

    # -- forms and their fields ---------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the forms that have interviews (the fields follow the form)."""
        store = self.ctx.store

        def work(_progress: Progress) -> list[FormChoice]:
            from fieldkit.exports.form_choices import form_choices

            return form_choices(store)

        self.tab.run(work, self._forms_loaded, self.status, key="forms")

    def _forms_loaded(self, forms: list[FormChoice]) -> None:
        current = self.form_combo.currentData()
        self.forms = [f for f in forms if f.total > 0]
        self._filling = True
        self.form_combo.clear()
        for form in self.forms:
            self.form_combo.addItem(_("{title} ({count})").format(
                title=form.title, count=number(form.total)), form.form_id)
        index = self.form_combo.findData(current)
        self._filling = False
        if not self.forms:
            self.fields = []
            self._fill_fields([])
            self.built = None
            self._show_results()
            return
        if index < 0:  # at first the survey with the most interviews (not attendances)
            biggest = max(self.forms, key=lambda f: (not f.any_status, f.total))
            self.form_combo.setCurrentIndex(self.form_combo.findData(biggest.form_id))
        else:
            self.form_combo.setCurrentIndex(index)
        if index < 0 or not self.fields:
            self._form_changed()

    def _form_changed(self) -> None:
        if self._filling:
            return
        form_id = self.form_combo.currentData()
        if form_id is None:
            return
        if self.built is not None and self.built.profile.query.form_id != form_id:
            self.built = None  # another form's figures under this form's name: no
            self._show_results()
        store = self.ctx.store

        def work(_progress: Progress) -> Fields:
            from fieldkit.insight import measurable_fields

            return Fields(form_id, measurable_fields(store, form_id))

        self.tab.run(work, lambda f: self._fill_fields(f.fields), self.status, key="fields")

    def _fill_fields(self, fields: list[FieldInfo]) -> None:
        """Offer the form's fields: groups from single-choice fields outside repeats,
        measures from choices, numbers and derived measures, dates, areas."""
        self.fields = fields
        language = current_language()
        by = self.by_combo.currentData()
        date = self.date_combo.currentData()
        area = self.area_combo.currentData()
        ticked = set(self.chosen_measures())
        self._filling = True
        for combo in (self.by_combo, self.date_combo, self.area_combo):
            combo.clear()
        self.measure_list.clear()
        self.date_combo.addItem(_("interview start"), None)
        self.area_combo.addItem(_("none"), None)
        for info in fields:
            label = info.label(language)
            if info.kind == "select" and not info.multiple:
                # A roster question groups a household by person 1's answer.
                self.by_combo.addItem(_("{field} (person 1)").format(field=label)
                                      if info.in_repeat else label, info.name)
            if info.kind in ("select", "number", "derived"):
                item = QListWidgetItem(_("{field} ({unit})").format(
                    field=label, unit=unit_name(info.unit)))
                item.setData(Qt.ItemDataRole.UserRole, info.name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if info.name in ticked
                                   else Qt.CheckState.Unchecked)
                self.measure_list.addItem(item)
            if info.kind == "date" and not info.in_repeat:
                self.date_combo.addItem(label, info.name)
            if info.kind in ("text", "select") and not info.in_repeat and not info.multiple:
                self.area_combo.addItem(label, info.name)
        if by is None:  # at first the field a community is most likely told by
            by = next((n for n in DEFAULT_GROUPS if self.by_combo.findData(n) >= 0), None)
        for combo, value in ((self.by_combo, by), (self.date_combo, date),
                             (self.area_combo, area)):
            combo.setCurrentIndex(max(combo.findData(value), 0))
        if not ticked:  # a first look: household types and the roster's age and sex
            for row in range(self.measure_list.count()):
                item = self.measure_list.item(row)
                if item.data(Qt.ItemDataRole.UserRole) in DEFAULT_MEASURES:
                    item.setCheckState(Qt.CheckState.Checked)
        self._filling = False
        if self.measure_list.count():  # two rows of measures exactly, the rest scrolls
            self.measure_list.setMaximumHeight(2 * self.measure_list.sizeHintForRow(0)
                                               + 2 * self.measure_list.frameWidth() + 2)
        self.build_button.setEnabled(self.by_combo.count() > 0 and not self.tab.busy("build"))
        self._show_results()

    def chosen_measures(self) -> list[str]:
        return [self.measure_list.item(r).data(Qt.ItemDataRole.UserRole)
                for r in range(self.measure_list.count())
                if self.measure_list.item(r).checkState() == Qt.CheckState.Checked]

    def choose(self, *, form: str | None = None, by: str | None = None,
               measures: list[str] | None = None, period: str | None = None,
               date: str | None = None, area: str | None = None) -> None:
        """Set the picks as a person would (for tests and the screenshot tour)."""
        if form is not None:
            self.form_combo.setCurrentIndex(self.form_combo.findData(form))
        for combo, value in ((self.by_combo, by), (self.period_combo, period),
                             (self.date_combo, date), (self.area_combo, area)):
            if value is not None:
                combo.setCurrentIndex(combo.findData(value))
        if measures is not None:
            for row in range(self.measure_list.count()):
                item = self.measure_list.item(row)
                item.setCheckState(Qt.CheckState.Checked
                                   if item.data(Qt.ItemDataRole.UserRole) in measures
                                   else Qt.CheckState.Unchecked)

    # -- building the profile ----------------------------------------------------------

    def build(self) -> None:
        form_id = self.form_combo.currentData()
        by = self.by_combo.currentData()
        if form_id is None or by is None:
            return
        from fieldkit.insight import AlertSettings, ProfileQuery

        query = ProfileQuery(form_id, by, tuple(self.chosen_measures()),
                             period=self.period_combo.currentData(),
                             date_field=self.date_combo.currentData(),
                             area_field=self.area_combo.currentData())
        settings = AlertSettings.from_settings(self.ctx.settings)
        language = current_language()
        store = self.ctx.store

        def work(progress: Progress) -> Built:
            from fieldkit.insight import build_profile, find_alerts

            progress(0, 2)
            profile = build_profile(store, query)
            progress(1, 2)
            alerts = find_alerts(profile, settings, language)
            progress(2, 2)
            return Built(profile, alerts, language)

        self._set_busy(True)
        self.status.setText(_("Counting the interviews…"))
        token = self._build_token = object()  # a cancelled run's progress is not shown

        def progress(done: int, total: int) -> None:
            if self._build_token is token:
                self._progress(done, total)

        self.tab.run(work, self._built, self.status, key="build",
                     on_progress=progress, after_failure=lambda: self._set_busy(False))

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        if done == 1:
            self.status.setText(_("Testing for changes…"))

    def cancel(self) -> None:
        """Stop waiting for the running count: its result will not be shown."""
        self._build_token = None
        self.tab.run(lambda _p: None, lambda _r: None, key="build")  # a newer, empty run
        self._set_busy(False)
        self.status.setText(_("Cancelled."))

    def _set_busy(self, busy: bool) -> None:
        self.progress.setRange(0, 0)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.build_button.setEnabled(not busy and self.by_combo.count() > 0)

    def _built(self, built: Built) -> None:
        self._set_busy(False)
        self.built = built
        self.charts.reset()
        self.status.setText("")
        self._show_results()

    # -- showing what was found ---------------------------------------------------------

    def _show_results(self) -> None:
        """The table, charts and alerts of the last profile, or why there are none."""
        built = self.built
        has_data = built is not None and bool(built.profile.groups)
        if not self.forms:
            self.status.setText(_("No interviews in this project yet: once bundles are "
                                  "imported, their forms can be profiled here."))
        elif self.fields and self.by_combo.count() == 0:
            self.status.setText(_("This form has no single-choice question to make "
                                  "groups by."))
        elif built is not None and not built.profile.groups:
            self.status.setText(_("No finished interviews of this form to count."))
        self.results.setEnabled(has_data)
        self.export_table_button.setEnabled(has_data)
        self._alerts_title()
        if built is None or not has_data:
            self.rows = []
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            self.alert_table.setRowCount(0)
            self.unit_note.setText("")
            self.alert_intro.setText("")
            self.charts.alert_note.setText("")
            self.source.setText("")
            self.export_alerts_button.setEnabled(False)
            self.charts.show_empty(_("Build a profile to see its charts."))
            return
        self.rows = profile_rows(built.profile, built.language, band_text)
        self._fill_table(built.profile)
        self._fill_alerts(built.alerts)
        self.charts.fill()
        self.charts.draw()
        self.source.setText(_("Source: {source}").format(source=built.profile.source))

    def _fill_table(self, profile: Profile) -> None:
        with_area = any(r.area is not None for r in self.rows)
        fixed = [_("Group")] + ([_("Area")] if with_area else []) + [_("Measure"),
                                                                        _("Category")]
        headers = fixed + [period_label(p) for p in profile.periods]
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(self.rows))
        bold = QFont(self.table.font())
        bold.setBold(True)
        previous: ProfileRow | None = None
        for row_index, row in enumerate(self.rows):
            # A group, area or measure is named on its first line only: easier to scan.
            same_group = previous is not None and previous.group == row.group
            same_area = same_group and previous is not None and previous.area == row.area
            same_measure = same_area and previous is not None and \
                previous.measure == row.measure
            previous = row
            texts = ["" if same_group else row.group_label] + (
                ["" if same_area else row.area or ""] if with_area else []) + [
                "" if same_measure else _("{measure} ({unit})").format(
                    measure=row.measure_label, unit=unit_name(row.unit)),
                row.category_label]
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if row.measure is None:
                    item.setFont(bold)
                self.table.setItem(row_index, column, item)
            for n, period in enumerate(profile.periods):
                if period not in row.cells:
                    continue
                count, _total = row.cells[period]
                text = number(count) if row.measure is None else count_share(
                    count, row.share(period))
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if row.measure is None:
                    item.setFont(bold)
                self.table.setItem(row_index, len(fixed) + n, item)
        self.unit_note.setText(_(
            "For each group: its {unit} in each period, then each measure's categories: "
            "the count and, in brackets, its share of the group's {unit} (or people, for "
            "questions about each person) counted in that period. Each measure's unit "
            "is named beside it.").format(unit=unit_name(profile.unit)))

    def _fill_alerts(self, run: AlertRun) -> None:
        self.alert_table.setRowCount(len(run.alerts))
        for row, alert in enumerate(run.alerts):
            for column, text in enumerate((alert.text, p_value("", alert.p_value),
                                           p_value("", alert.q_value))):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.alert_table.setItem(row, column, item)
        self.alert_table.resizeRowsToContents()
        self.export_alerts_button.setEnabled(True)
        tests = ngettext("{count} test", "{count} tests", run.tests).format(
            count=number(run.tests))
        if run.alerts:
            intro = ngettext(
                "{count} change stands out ({tests}, false discovery rate controlled). "
                "Open an alert to see its chart.",
                "{count} changes stand out ({tests}, false discovery rate controlled). "
                "Open an alert to see its chart.", len(run.alerts))
        else:
            intro = _("No change stands out ({tests}, false discovery rate controlled): "
                      "the shifts seen are within what chance gives, or too small, or "
                      "from too few interviews.")
        self.alert_intro.setText(intro.format(count=number(len(run.alerts)), tests=tests))

    # -- charts -----------------------------------------------------------------------

    def open_alert(self, row: int) -> None:
        """Show the chart behind alert ``row`` of the alert list."""
        assert self.built is not None
        self.charts.open_alert(self.built.alerts.alerts[row])
        self.results.setCurrentWidget(self.charts)

    def show_chart(self, kind: str, **picks: str | None) -> None:
        """Show chart ``kind`` with these picks (see :meth:`ChartPage.show_chart`)."""
        self.charts.show_chart(kind, **picks)

    # -- export -------------------------------------------------------------------------

    def export_tables(self) -> dict[str, ExportTable]:
        """The tables as shown, for export."""
        assert self.built is not None
        profile, language = self.built.profile, self.built.language
        tables = {"profile": profile_table(profile, self.rows, period_label),
                  "alerts": alerts_table(self.built.alerts, profile.source, period_label,
                                         lambda m: profile.measure_label(m, language))}
        if self.charts.figures is not None:
            tables["chart"] = self.charts.figures
        return tables

    def choose_export(self, which: str) -> None:
        dialog = QFileDialog(self, _("Export table"))
        dialog.setObjectName("insightExportDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters([_("Excel workbook (*.xlsx)"), _("CSV file (*.csv)")])
        dialog.setDefaultSuffix("xlsx")
        dialog.filterSelected.connect(
            lambda f: dialog.setDefaultSuffix("csv" if "*.csv" in f else "xlsx"))
        dialog.fileSelected.connect(lambda name: self.export(which, Path(name)))
        dialog.finished.connect(dialog.deleteLater)
        self.file_dialog = dialog
        dialog.open()

    def export(self, which: str, path: Path) -> None:
        """Write table ``which`` ("profile", "alerts" or the "chart"'s figures) to
        ``path`` off the UI thread."""
        table = self.export_tables()[which]
        self.status.setText(_("Writing {path}…").format(path=isolate(path)))

        def work(_progress: Progress) -> Path:
            return write_table(path, table)

        self.tab.run(work, lambda written: self.status.setText(
            _("Written: {path}").format(path=isolate(written))), self.status, key="export")


#: Fields grouped by when a form's fields are first offered (the first the form has).
DEFAULT_GROUPS = ("community", "ethnicity", "nationality", "main_language", "language")
#: Measures ticked when a form's fields are first offered.
DEFAULT_MEASURES = frozenset({"household_type", "age", "sex"})
