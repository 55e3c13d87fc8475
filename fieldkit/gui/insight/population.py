"""The Population view of the Insight workspace (F8): who lives in the chosen census
areas beside who the project's interviews reach.

Pick a loaded census table, its areas, the form and question compared, and the
question that places an interview (an area code or a postcode); *Compare* runs
:func:`fieldkit.census.compare.compare` off the UI thread for all chosen areas
together and for each area on its own. Shown: per census category the residents'
share beside the project's share with its 95% Wilson interval, the ratio and a flag
in words (communities under-represented among service users; communities the
project meets that the census barely shows); bars side by side for one area or all
of them; small multiples across the areas; the unmapped choices; and the census
attribution under every figure. The table exports to CSV/XLSX with the attribution.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QFont
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
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fieldkit.gui.insight.charts import Bars, ChartPanel, beside_chart, nice_top
from fieldkit.gui.insight.export import write_table
from fieldkit.gui.insight.formatting import decimal, number, percent
from fieldkit.gui.insight.pickers import picker
from fieldkit.gui.insight.tables import ExportTable
from fieldkit.i18n import N_, _, current_language, isolate

if TYPE_CHECKING:
    from fieldkit.census.compare import CompareRow, Comparison
    from fieldkit.census.tables import LoadedTable
    from fieldkit.exports.form_choices import FormChoice
    from fieldkit.gui.coordinator.insight_tab import InsightTab
    from fieldkit.gui.tasks import Progress
    from fieldkit.insight import FieldInfo

#: Flags of a census category, in words people act on.
FLAGS = {
    "under_represented": N_("fewer among our interviews than live here"),
    "small_in_census": N_("more in our data than the census shows"),
    "absent_in_census": N_("in our data, not in the census"),
}
FLAG_COLOURS = {"under_represented": "#D55E00", "small_in_census": "#0072B2",
                "absent_in_census": "#0072B2"}
COLUMNS = (N_("Census category"), N_("Residents"), N_("Share of residents"),
           N_("Our interviews"), N_("Our share"), N_("95% interval"), N_("Ratio"),
           N_("Flag"))
#: How places are read from the interviews: a question holding an area code, or a postcode.
PLACES = (("code", N_("holds an area code")), ("postcode", N_("holds a postcode")))
#: Areas drawn as small multiples (each is one more comparison to count).
MAX_MULTIPLES = 12
#: Fields offered first for the comparison (the crosswalks shipped).
DEFAULT_FIELDS = ("ethnicity", "nationality", "main_language")
DEFAULT_PLACES = ("postcode", "area", "ward", "lsoa")


@dataclass(frozen=True)
class Areas:
    table: str
    areas: list[tuple[str, str]]  # (code, name)


@dataclass(frozen=True)
class Picks:
    tables: list[LoadedTable]
    forms: list[FormChoice]


@dataclass
class Compared:
    """All chosen areas together (``combined``) and each on its own."""

    combined: Comparison
    per_area: dict[str, Comparison] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    language: str = "en"


def flag_text(flag: str | None) -> str:
    return _(FLAGS[flag]) if flag in FLAGS else ""


def interval_text(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return ""
    # Translators: a 95% interval of a share, e.g. "3.4%–12.5%".
    return _("{low}–{high}").format(low=percent(low, 1), high=percent(high, 1))


def leaf_rows(rows: list[CompareRow]) -> list[CompareRow]:
    """Rows with no sub-groups after them: each resident counted once in a chart."""
    parents = {r.parent for r in rows if r.parent}
    return [r for r in rows if r.category not in parents]


def short_label(row: CompareRow) -> str:
    """A category without its broad group's prefix when it has one ("Other White"),
    so chart labels stay short; the table keeps the full label."""
    prefix = f"{row.parent}: "
    return row.category[len(prefix):] if row.parent and row.category.startswith(prefix) \
        else row.category


class PopulationView(QWidget):
    def __init__(self, tab: InsightTab) -> None:
        super().__init__(tab)
        self.setObjectName("populationView")
        self.tab = tab
        self.ctx = tab.ctx
        self.tables: list[LoadedTable] = []
        self.forms: list[FormChoice] = []
        self.fields: list[FieldInfo] = []
        self.compared: Compared | None = None
        self.file_dialog: QFileDialog | None = None
        self._filling = False
        self._token: object | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        picks = QGridLayout()
        self.table_label, self.table_combo = QLabel(), picker("populationTable")
        self.form_label, self.form_combo = QLabel(), picker("populationForm")
        self.field_label, self.field_combo = QLabel(), picker("populationField")
        self.place_label, self.place_combo = QLabel(), picker("populationPlaceField")
        self.place_kind = picker("populationPlaceKind")
        for code, _name in PLACES:
            self.place_kind.addItem("", code)
        self.areas_label = QLabel()
        self.area_list = QListWidget()
        self.area_list.setObjectName("populationAreas")
        self.area_list.setFlow(QListWidget.Flow.LeftToRight)
        self.area_list.setWrapping(True)
        self.area_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.area_list.setMaximumHeight(self.fontMetrics().height() * 3 + 16)
        for column, (label, combo) in enumerate(((self.table_label, self.table_combo),
                                                 (self.form_label, self.form_combo),
                                                 (self.field_label, self.field_combo))):
            label.setBuddy(combo)
            picks.addWidget(label, 0, 2 * column)
            picks.addWidget(combo, 0, 2 * column + 1)
        self.place_label.setBuddy(self.place_combo)
        picks.addWidget(self.place_label, 1, 0)
        picks.addWidget(self.place_combo, 1, 1)
        picks.addWidget(self.place_kind, 1, 2, 1, 2)
        picks.addWidget(self.areas_label, 2, 0, Qt.AlignmentFlag.AlignTop)
        picks.addWidget(self.area_list, 2, 1, 1, 5)
        picks.setColumnStretch(5, 1)
        self.table_combo.currentIndexChanged.connect(lambda _i: self._table_changed())
        self.form_combo.currentIndexChanged.connect(lambda _i: self._form_changed())
        buttons = QHBoxLayout()
        self.compare_button = QPushButton()
        self.compare_button.setObjectName("populationCompare")
        self.compare_button.clicked.connect(self.compare)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("populationCancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setObjectName("populationProgress")
        self.progress.setMaximumWidth(200)
        self.status = QLabel()
        self.status.setObjectName("populationStatus")
        self.status.setWordWrap(True)
        for widget in (self.compare_button, self.cancel_button, self.progress):
            buttons.addWidget(widget)
        buttons.addWidget(self.status, 1)
        picks.addLayout(buttons, 1, 4, 1, 2)

        self.results = QTabWidget()
        self.results.setObjectName("populationResults")
        # -- the table -------------------------------------------------------------
        table_page = QWidget()
        table_layout = QVBoxLayout(table_page)
        show = QHBoxLayout()
        self.shown_label = QLabel()
        self.shown_combo = picker("populationShown")
        self.shown_label.setBuddy(self.shown_combo)
        self.shown_combo.currentIndexChanged.connect(lambda _i: self._show())
        show.addWidget(self.shown_label)
        show.addWidget(self.shown_combo)
        show.addStretch(1)
        self.summary = QLabel()
        self.summary.setObjectName("populationSummary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("populationRows")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.unmapped = QLabel()
        self.unmapped.setObjectName("populationUnmapped")
        self.unmapped.setWordWrap(True)
        self.export_button = QPushButton()
        self.export_button.setObjectName("populationExport")
        self.export_button.clicked.connect(self.choose_export)
        table_layout.addLayout(show)
        table_layout.addWidget(self.summary)
        table_layout.addWidget(self.table, 1)
        table_layout.addWidget(self.unmapped)
        table_layout.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignLeading)
        # -- residents beside interviews, as bars -------------------------------------
        self.chart_panel = ChartPanel("populationChart")
        # -- small multiples across the areas -----------------------------------------
        self.multiples = QWidget()
        self.multiples.setObjectName("populationMultiples")
        self.multiples_layout = QGridLayout(self.multiples)
        self.multiples_note = QLabel()
        self.multiples_note.setObjectName("populationMultiplesNote")
        self.multiples_note.setWordWrap(True)
        multiples_page = QWidget()
        multiples_outer = QVBoxLayout(multiples_page)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.multiples)
        multiples_outer.addWidget(self.multiples_note)
        multiples_outer.addWidget(scroll, 1)
        self.panels: list[ChartPanel] = []
        for page in (table_page, self.chart_panel, multiples_page):
            self.results.addTab(page, "")

        self.attribution = QLabel()
        self.attribution.setObjectName("populationAttribution")
        self.attribution.setWordWrap(True)
        self.attribution.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.source = QLabel()
        self.source.setObjectName("populationSource")
        self.source.setWordWrap(True)
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addLayout(picks)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.source)
        layout.addWidget(self.attribution)
        self._set_busy(False)
        self.retranslate()

    # -- texts ------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.table_label.setText(_("Census &table:"))
        self.form_label.setText(_("F&orm:"))
        self.field_label.setText(_("Compare &question:"))
        self.place_label.setText(_("&Place by:"))
        for index, (_code, name) in enumerate(PLACES):
            self.place_kind.setItemText(index, _(name))
        self.areas_label.setText(_("Areas:"))
        self.compare_button.setText(_("&Compare with the census"))
        self.cancel_button.setText(_("Cancel"))
        self.shown_label.setText(_("Areas shown:"))
        self.export_button.setText(_("Export table…"))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.results.setTabText(0, _("Residents and interviews"))
        self.results.setTabText(1, _("Chart"))
        self.results.setTabText(2, _("Across areas"))
        self._show()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LayoutDirectionChange and self.compared is not None:
            self._draw()  # the charts' mirroring follows the direction
        super().changeEvent(event)

    # -- what can be compared ---------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the loaded census tables and the forms with interviews."""
        store = self.ctx.store

        def work(_progress: Progress) -> Picks:
            from fieldkit.census.tables import loaded_tables
            from fieldkit.exports.form_choices import form_choices

            return Picks(loaded_tables(store), [f for f in form_choices(store) if f.total])

        self.tab.run(work, self._picks_loaded, self.status, key="population-picks")

    def _picks_loaded(self, picks: Picks) -> None:
        table, form = self.table_combo.currentData(), self.form_combo.currentData()
        self.tables, self.forms = picks.tables, picks.forms
        self._filling = True
        self.table_combo.clear()
        for loaded in picks.tables:
            self.table_combo.addItem(_("{table} {title} ({year}, {level})").format(
                table=loaded.table, title=loaded.title, year=loaded.year,
                level=loaded.level), (loaded.table, loaded.level))
        self.form_combo.clear()
        for choice in picks.forms:
            self.form_combo.addItem(_("{title} ({count})").format(
                title=choice.title, count=number(choice.total)), choice.form_id)
        for combo, value in ((self.table_combo, table), (self.form_combo, form)):
            combo.setCurrentIndex(max(combo.findData(value), 0))
        self._filling = False
        self._table_changed()
        self._form_changed()
        self._show()

    def _table_changed(self) -> None:
        if self._filling:
            return
        chosen = self.table_combo.currentData()
        self.area_list.clear()
        if chosen is None:
            return
        store = self.ctx.store
        code, level = chosen

        def work(_progress: Progress) -> Areas:
            from sqlalchemy import select

            from fieldkit.store.census_models import CensusCount, CensusTable

            with store.session() as session:
                rows = session.execute(
                    select(CensusCount.area_code, CensusCount.area_name)
                    .join(CensusTable, CensusTable.id == CensusCount.table_id)
                    .where(CensusTable.table_code == code, CensusTable.level == level)
                    .order_by(CensusCount.area_name, CensusCount.area_code)).all()
            return Areas(code, [(str(a), str(n or a)) for a, n in rows])

        self.tab.run(work, self._areas_loaded, self.status, key="population-areas")

    def _areas_loaded(self, areas: Areas) -> None:
        ticked = set(self.chosen_areas())
        self.area_list.clear()
        for code, name in areas.areas:
            item = QListWidgetItem(_("{name} ({code})").format(name=name, code=code))
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code in ticked
                               else Qt.CheckState.Unchecked)
            self.area_list.addItem(item)
        self._update_button()

    def _form_changed(self) -> None:
        if self._filling:
            return
        form_id = self.form_combo.currentData()
        if form_id is None:
            self._fill_fields([])
            return
        store = self.ctx.store

        def work(_progress: Progress) -> list[FieldInfo]:
            from fieldkit.insight import measurable_fields

            return measurable_fields(store, form_id)

        self.tab.run(work, self._fill_fields, self.status, key="population-fields")

    def _fill_fields(self, fields: list[FieldInfo]) -> None:
        self.fields = fields
        language = current_language()
        chosen, place = self.field_combo.currentData(), self.place_combo.currentData()
        self._filling = True
        self.field_combo.clear()
        self.place_combo.clear()
        for info in fields:
            label = info.label(language)
            if info.kind == "select":
                self.field_combo.addItem(label, info.name)
            if info.kind in ("select", "text") and not info.in_repeat and not info.multiple:
                self.place_combo.addItem(label, info.name)
        chosen = chosen or next((n for n in DEFAULT_FIELDS
                                 if self.field_combo.findData(n) >= 0), None)
        place = place or next((n for n in DEFAULT_PLACES
                               if self.place_combo.findData(n) >= 0), None)
        for combo, value in ((self.field_combo, chosen), (self.place_combo, place)):
            combo.setCurrentIndex(max(combo.findData(value), 0))
        if place == "postcode" and self.place_combo.currentData() == "postcode":
            self.place_kind.setCurrentIndex(self.place_kind.findData("postcode"))
        self._filling = False
        self._update_button()

    def chosen_areas(self) -> list[str]:
        return [self.area_list.item(r).data(Qt.ItemDataRole.UserRole)
                for r in range(self.area_list.count())
                if self.area_list.item(r).checkState() == Qt.CheckState.Checked]

    def choose(self, *, table: str | None = None, areas: list[str] | None = None,
               form: str | None = None, field_name: str | None = None,
               place: str | None = None, place_kind: str | None = None) -> None:
        """Set the picks as a person would (for tests and screenshots)."""
        if table is not None:
            index = next((i for i in range(self.table_combo.count())
                          if self.table_combo.itemData(i)[0] == table), -1)
            self.table_combo.setCurrentIndex(index)
        if form is not None:
            self.form_combo.setCurrentIndex(self.form_combo.findData(form))
        for combo, value in ((self.field_combo, field_name), (self.place_combo, place),
                             (self.place_kind, place_kind)):
            if value is not None:
                combo.setCurrentIndex(combo.findData(value))
        if areas is not None:
            for row in range(self.area_list.count()):
                item = self.area_list.item(row)
                item.setCheckState(Qt.CheckState.Checked
                                   if item.data(Qt.ItemDataRole.UserRole) in areas
                                   else Qt.CheckState.Unchecked)
        self._update_button()

    def _update_button(self) -> None:
        busy = self.tab.busy("population")
        self.compare_button.setEnabled(not busy and self.table_combo.count() > 0
                                       and self.field_combo.count() > 0
                                       and self.place_combo.count() > 0)

    # -- comparing -----------------------------------------------------------------------

    def compare(self) -> None:
        chosen = self.table_combo.currentData()
        areas = self.chosen_areas()
        form_id, field_name = self.form_combo.currentData(), self.field_combo.currentData()
        place = self.place_combo.currentData()
        if chosen is None or form_id is None or field_name is None or place is None:
            return
        if not areas:
            self.status.setText(_("Tick the areas to compare."))
            return
        table = chosen[0]
        postcodes = self.place_kind.currentData() == "postcode"
        names = {self.area_list.item(r).data(Qt.ItemDataRole.UserRole):
                 self.area_list.item(r).text() for r in range(self.area_list.count())}
        store, language = self.ctx.store, current_language()

        def work(progress: Progress) -> Compared:
            from fieldkit.census.compare import compare

            def one(codes: list[str]) -> Comparison:
                return compare(store, table=table, areas=codes, form_id=form_id,
                               field=field_name,
                               area_field=None if postcodes else place,
                               postcode_field=place if postcodes else None)

            each = areas[:MAX_MULTIPLES] if len(areas) > 1 else []
            progress(0, 1 + len(each))
            result = Compared(one(areas), names=names, language=language)
            for n, code in enumerate(each, start=1):
                progress(n, 1 + len(each))
                result.per_area[code] = one([code])
            return result

        self._set_busy(True)
        self.status.setText(_("Counting the interviews in the areas…"))
        token = self._token = object()

        def progress(done: int, total: int) -> None:
            if self._token is token:
                self.progress.setRange(0, total)
                self.progress.setValue(done)

        self.tab.run(work, self._compared, self.status, key="population",
                     on_progress=progress, after_failure=lambda: self._set_busy(False))

    def cancel(self) -> None:
        """Stop waiting for the running comparison: its result will not be shown."""
        self._token = None
        self.tab.run(lambda _p: None, lambda _r: None, key="population")
        self._set_busy(False)
        self.status.setText(_("Cancelled."))

    def _set_busy(self, busy: bool) -> None:
        self.progress.setRange(0, 0)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.compare_button.setEnabled(not busy)

    def _compared(self, compared: Compared) -> None:
        self._set_busy(False)
        self._update_button()
        self.compared = compared
        self.status.setText("")
        self._filling = True
        self.shown_combo.clear()
        self.shown_combo.addItem(_("all chosen areas together"), None)
        for code in compared.per_area:
            self.shown_combo.addItem(compared.names.get(code, code), code)
        self._filling = False
        self._show()

    # -- showing ---------------------------------------------------------------------------

    def shown(self) -> Comparison | None:
        if self.compared is None:
            return None
        code = self.shown_combo.currentData()
        return self.compared.per_area.get(code, self.compared.combined) if code \
            else self.compared.combined

    def _show(self) -> None:
        if self._filling:
            return
        from fieldkit.census import ATTRIBUTION

        result = self.shown()
        self.results.setEnabled(result is not None)
        self.export_button.setEnabled(result is not None)
        if not self.tables and not self.tab.busy("population-picks"):
            self.status.setText(_("No census table is loaded yet: a table (Nomis bulk "
                                  "CSV) must be imported into this project first."))
        if result is None:
            self.table.setRowCount(0)
            self.summary.setText("")
            self.unmapped.setText("")
            self.source.setText("")
            self.attribution.setText("")
            self.chart_panel.show_empty(_("Compare to see the chart."))
            self._clear_multiples()
            return
        self._fill_table(result)
        self.summary.setText(_(
            "{table} {title}: {residents} residents in {areas}; {own} answers of our "
            "interviews there that map to a census category ({unplaced} not placed in an "
            "area, {elsewhere} in other areas). A flag means the residents' share lies "
            "outside the 95% interval of ours.").format(
            table=result.table, title=result.title, residents=number(result.census_total),
            areas=", ".join(result.areas), own=number(result.own_total),
            unplaced=number(result.own_unplaced), elsewhere=number(result.own_elsewhere)))
        unmapped = [_("{choice} ({count})").format(choice=u["label"] or u["choice"],
                                                   count=number(int(str(u["own_n"]))))
                    for u in result.unmapped]
        self.unmapped.setText(_("Not mapped to a census category (answers): {choices}. "
                                "They are left out until the crosswalk maps them.").format(
            choices=", ".join(unmapped)) if unmapped else _("Every choice is mapped to a "
                                                            "census category."))
        self.source.setText(_("Our figures: {source}").format(source=result.source))
        self.attribution.setText(ATTRIBUTION)
        self._draw()

    def _fill_table(self, result: Comparison) -> None:
        self.table.setRowCount(len(result.rows))
        bold = QFont(self.table.font())
        bold.setBold(True)
        for index, row in enumerate(result.rows):
            label = row.category if not row.parent else "    " + short_label(row)
            texts = [label, number(row.census_n), percent(row.census_share, 1),
                     number(row.own_n), percent(row.own_share, 1),
                     interval_text(row.own_low, row.own_high),
                     decimal(row.ratio, 2) if row.ratio is not None else "",
                     flag_text(row.flag)]
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if not row.parent:
                    item.setFont(bold)
                if column == len(texts) - 1 and row.flag in FLAG_COLOURS:
                    item.setForeground(QColor(FLAG_COLOURS[row.flag]))
                self.table.setItem(index, column, item)

    def _bars(self, result: Comparison, rows: list[CompareRow]) -> list[Bars]:
        return [Bars(_("Residents (census {year})").format(year=self._year(result)),
                     [r.census_share or 0.0 for r in rows]),
                Bars(_("Our interviews"), [r.own_share or 0.0 for r in rows])]

    def _year(self, result: Comparison) -> str:
        return next((str(t.year) for t in self.tables if t.table == result.table), "")

    def _draw(self) -> None:
        result = self.shown()
        if result is None or self.compared is None:
            return
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        rows = leaf_rows(result.rows)
        if not result.own_total and not result.census_total:
            self.chart_panel.show_empty(_("No figures to draw for these areas."))
        else:
            chart, legend = beside_chart(
                _("{title}: residents beside our interviews").format(title=result.title),
                [short_label(r) for r in rows], self._bars(result, rows), rtl=rtl)
            self.chart_panel.set_chart(chart, legend)
            self.chart_panel.view.setMinimumHeight(max(320, 26 * len(rows)))
        self._draw_multiples(rtl)

    def _clear_multiples(self) -> None:
        for panel in self.panels:
            self.multiples_layout.removeWidget(panel)
            panel.deleteLater()
        self.panels = []
        self.multiples_note.setText("")

    def _draw_multiples(self, rtl: bool) -> None:
        """One small chart per area, broad groups only, on one shared scale."""
        assert self.compared is not None
        self._clear_multiples()
        per_area = self.compared.per_area
        if not per_area:
            self.multiples_note.setText(_("Tick two areas or more to compare them side by "
                                          "side."))
            return
        broad = {code: [r for r in c.rows if not r.parent] for code, c in per_area.items()}
        top = nice_top(max([max(r.census_share or 0.0, r.own_share or 0.0)
                            for rows in broad.values() for r in rows] + [0.01]))
        columns = 3 if len(per_area) > 4 else 2
        for index, (code, result) in enumerate(per_area.items()):
            panel = ChartPanel("populationMultiple")
            panel.view.setMinimumHeight(240)
            chart, legend = beside_chart(self.compared.names.get(code, code),
                                         [r.category for r in broad[code]],
                                         self._bars(result, broad[code]), rtl=rtl, top=top)
            panel.set_chart(chart, legend)
            self.multiples_layout.addWidget(panel, index // columns, index % columns)
            self.panels.append(panel)
        chosen = len(self.compared.combined.areas)
        note = _("Each area's residents beside our interviews there, broad groups, on one "
                 "scale.")
        if chosen > len(per_area):
            note += " " + _("The first {shown} of {chosen} areas.").format(
                shown=number(len(per_area)), chosen=number(chosen))
        self.multiples_note.setText(note)

    # -- export -----------------------------------------------------------------------------

    def export_table(self) -> ExportTable:
        """Every comparison counted (all areas together, then each area), as rows."""
        from fieldkit.census import ATTRIBUTION

        assert self.compared is not None
        headers = [_("Areas")] + [_(c) for c in COLUMNS[:5]] + [
            _("95% interval: low"), _("95% interval: high"), _("Ratio"), _("Flag")]
        body: list[list[str | int | float | None]] = []
        every = [(_("all chosen areas together"), self.compared.combined)] + [
            (self.compared.names.get(code, code), c)
            for code, c in self.compared.per_area.items()]
        for name, result in every:
            body += [[name, r.category, r.census_n, r.census_share, r.own_n, r.own_share,
                      r.own_low, r.own_high, r.ratio, flag_text(r.flag)]
                     for r in result.rows]
        source = _("{own}. Census: {attribution}").format(
            own=self.compared.combined.source, attribution=ATTRIBUTION)
        return ExportTable(_("Population"), headers, body, frozenset({3, 5, 6, 7}), source)

    def choose_export(self) -> None:
        dialog = QFileDialog(self, _("Export table"))
        dialog.setObjectName("populationExportDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters([_("Excel workbook (*.xlsx)"), _("CSV file (*.csv)")])
        dialog.setDefaultSuffix("xlsx")
        dialog.filterSelected.connect(
            lambda f: dialog.setDefaultSuffix("csv" if "*.csv" in f else "xlsx"))
        dialog.fileSelected.connect(lambda name: self.export(Path(name)))
        dialog.finished.connect(dialog.deleteLater)
        self.file_dialog = dialog
        dialog.open()

    def export(self, path: Path) -> None:
        table = self.export_table()
        self.status.setText(_("Writing {path}…").format(path=isolate(path)))

        def work(_progress: Progress) -> Path:
            return write_table(path, table)

        self.tab.run(work, lambda written: self.status.setText(
            _("Written: {path}").format(path=isolate(written))), self.status,
            key="population-export")
