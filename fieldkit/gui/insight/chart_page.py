"""The Charts page of the Insight workspace: which chart (shares over time by group,
the make-up of one group by period, an age pyramid, interviews over time) with its
picks, the alert it was opened from, and the figures it draws as a table to export.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCharts import QChart
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from fieldkit.gui.insight.charts import (
    Bars,
    ChartPanel,
    Line,
    composition_chart,
    line_chart,
    pyramid_chart,
)
from fieldkit.gui.insight.formatting import band_text, number, p_value, period_label
from fieldkit.gui.insight.pickers import picker
from fieldkit.gui.insight.tables import (
    ExportTable,
    ProfileRow,
    period_columns,
    period_headers,
    unit_name,
)
from fieldkit.i18n import N_, _, isolate, ngettext

if TYPE_CHECKING:
    from fieldkit.context import AppContext
    from fieldkit.gui.coordinator.insight_tab import InsightTab
    from fieldkit.gui.insight.view import Built, InsightView
    from fieldkit.gui.tasks import Progress
    from fieldkit.insight import Alert
    from fieldkit.insight.pyramid import AgeSex

__all__ = ["CHARTS", "ChartPage"]

#: Chart kinds, in the order offered.
CHARTS = (("shares", N_("Shares over time, by group")),
          ("composition", N_("Make-up of one group, by period")),
          ("pyramid", N_("Age pyramid of one group (people)")),
          ("interviews", N_("Interviews over time, by group")))
#: Lines drawn at most in a chart over groups (the largest groups; an alert's always).
MAX_LINES = 8
#: Sex codes drawn left and right of an age pyramid (the default household survey's).
PYRAMID_SIDES = ("male", "female")


def share_columns(periods: int, first: int) -> frozenset[int]:
    """The share columns of a table whose periods (count, of, share each) start at
    column ``first``."""
    return frozenset(first + 3 * n + 2 for n in range(periods))


class ChartPage(QWidget):
    def __init__(self, view: InsightView) -> None:
        super().__init__(view)
        self.setObjectName("insightCharts")
        self.view = view
        #: The alert whose chart is shown (None: a chart picked by hand).
        self.shown_alert: Alert | None = None
        #: Ages and sexes of the built profile's people, counted when first charted.
        self.age_sex: AgeSex | None = None
        #: The figures of the chart shown, for export (None: no chart).
        self.figures: ExportTable | None = None
        self._filling = False
        chart_layout = QVBoxLayout(self)
        chart_picks = QHBoxLayout()
        self.chart_combo = picker("insightChart")
        self.chart_combo.setMinimumContentsLength(30)  # the chart kinds' names in full
        for code, _name in CHARTS:
            self.chart_combo.addItem("", code)
        self.chart_measure = picker("insightChartMeasure")
        self.chart_category = picker("insightChartCategory")
        self.chart_group = picker("insightChartGroup")
        self.chart_period = picker("insightChartPeriod")
        for combo in (self.chart_combo, self.chart_measure, self.chart_category,
                      self.chart_group, self.chart_period):
            chart_picks.addWidget(combo)
            combo.currentIndexChanged.connect(lambda _i, c=combo: self._chart_picked(c))
        chart_picks.addStretch(1)
        self.alert_note = QLabel()
        self.alert_note.setObjectName("insightAlertNote")
        self.alert_note.setWordWrap(True)
        self.alert_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bold = QFont(self.alert_note.font())
        bold.setBold(True)
        self.alert_note.setFont(bold)
        self.chart_panel = ChartPanel("insightChartPanel")
        self.export_button = QPushButton()
        self.export_button.setObjectName("insightExportChart")
        self.export_button.clicked.connect(lambda: view.choose_export("chart"))
        chart_layout.addLayout(chart_picks)
        chart_layout.addWidget(self.alert_note)
        chart_layout.addWidget(self.chart_panel, 1)
        chart_layout.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignLeading)


    # -- what the view shares ------------------------------------------------------------

    @property
    def built(self) -> Built | None:
        return self.view.built

    @property
    def rows(self) -> list[ProfileRow]:
        return self.view.rows

    @property
    def tab(self) -> InsightTab:
        return self.view.tab

    @property
    def ctx(self) -> AppContext:
        return self.view.ctx

    def reset(self) -> None:
        """A new profile: no alert shown, ages and sexes to count again."""
        self.shown_alert = None
        self.age_sex = None
        self.figures = None

    def show_empty(self, text: str) -> None:
        self.figures = None
        self.export_button.setEnabled(False)
        self.chart_panel.show_empty(text)

    def retranslate(self) -> None:
        for index, (_code, name) in enumerate(CHARTS):
            self.chart_combo.setItemText(index, _(name))
        self.export_button.setText(_("Export chart figures…"))

    def _measures(self) -> list[str]:
        seen: list[str] = []
        for row in self.rows:
            if row.measure is not None and row.measure not in seen:
                seen.append(row.measure)
        return seen

    def fill(self) -> None:
        assert self.built is not None
        profile = self.built.profile
        self._filling = True
        keep = {c: c.currentData() for c in (self.chart_measure, self.chart_group,
                                             self.chart_period)}
        self.chart_measure.clear()
        for measure in self._measures():
            self.chart_measure.addItem(profile.measure_label(measure, self.built.language),
                                       measure)
        self.chart_group.clear()
        for group in profile.groups:
            self.chart_group.addItem(profile.group_label(group, self.built.language), group)
        self.chart_period.clear()
        for period in profile.periods:
            self.chart_period.addItem(period_label(period), period)
        for combo, value in keep.items():
            index = combo.findData(value)
            combo.setCurrentIndex(index if index >= 0 else
                                  combo.count() - 1 if combo is self.chart_period else 0)
        self._fill_categories()
        self._filling = False

    def _fill_categories(self) -> None:
        measure = self.chart_measure.currentData()
        keep = self.chart_category.currentData()
        self.chart_category.clear()
        seen: set[str] = set()
        for row in self.rows:
            if row.measure == measure and row.category not in seen and row.category:
                seen.add(row.category)
                self.chart_category.addItem(row.category_label, row.category)
        self.chart_category.setCurrentIndex(max(self.chart_category.findData(keep), 0))

    def _chart_picked(self, combo: QComboBox) -> None:
        if self._filling or self.built is None:
            return
        if combo is self.chart_measure:
            self._filling = True
            self._fill_categories()
            self._filling = False
        self.shown_alert = None
        self.draw()

    def show_chart(self, kind: str, *, measure: str | None = None,
                   category: str | None = None, group: str | None = None,
                   period: str | None = None) -> None:
        """Show chart ``kind`` (one of :data:`CHARTS`) with these picks."""
        self._filling = True
        self.shown_alert = None
        self.chart_combo.setCurrentIndex(self.chart_combo.findData(kind))
        if measure is not None:
            self.chart_measure.setCurrentIndex(self.chart_measure.findData(measure))
            self._fill_categories()
        for combo, value in ((self.chart_category, category), (self.chart_group, group),
                             (self.chart_period, period)):
            if value is not None:
                combo.setCurrentIndex(combo.findData(value))
        self._filling = False
        self.draw()

    def open_alert(self, alert: Alert) -> None:
        """Show the chart behind ``alert``: its measure and category over time, its
        group drawn bold, and the alert's figures above the chart (the group's
        interviews over time, for a count alert)."""
        if alert.measure:
            self.show_chart("shares", measure=alert.measure, category=alert.category,
                            group=alert.group)
        else:
            self.show_chart("interviews", group=alert.group)
        self.shown_alert = alert
        self.draw()

    def draw(self) -> None:
        if self.built is None:
            return
        kind = self.chart_combo.currentData()
        measure_picks = kind in ("shares", "composition")
        self.chart_measure.setVisible(measure_picks)
        self.chart_category.setVisible(kind == "shares")
        self.chart_group.setVisible(kind in ("composition", "pyramid"))
        self.chart_period.setVisible(kind == "pyramid")
        self.alert_note.setVisible(self.shown_alert is not None)
        if self.shown_alert is not None:
            a = self.shown_alert
            # Translators: an alert, then its test's p-value and FDR q-value.
            self.alert_note.setText(_("{text} ({p}; {q})").format(
                text=isolate(a.text), p=p_value("p", a.p_value), q=p_value("q", a.q_value)))
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        draw = {"shares": self._shares_chart, "composition": self._composition_chart,
                "pyramid": self._pyramid_chart, "interviews": self._interviews_chart}
        draw[kind](rtl)

    def _groups_drawn(self, size: dict[str, int]) -> list[str]:
        """The largest groups (by interviews), the alert's group always among them."""
        assert self.built is not None
        groups = sorted(self.built.profile.groups, key=lambda g: -size.get(g, 0))
        chosen = groups[:MAX_LINES]
        wanted = self.shown_alert.group if self.shown_alert else None
        if wanted is not None and wanted not in chosen and wanted in groups:
            chosen[-1] = wanted
        return [g for g in self.built.profile.groups if g in chosen]

    def _group_sizes(self) -> dict[str, int]:
        assert self.built is not None
        size: dict[str, int] = {}
        for (group, _period), n in self.built.profile.interviews.items():
            size[group] = size.get(group, 0) + n
        return size

    def _shares_chart(self, rtl: bool) -> None:
        assert self.built is not None
        profile = self.built.profile
        measure, category = self.chart_measure.currentData(), self.chart_category.currentData()
        if measure is None or category is None:
            self.show_empty(_("Tick a measure and build the profile to chart "
                                          "its shares."))
            return
        wanted = self.shown_alert.group if self.shown_alert else None
        lines = []
        drawn_cells: list[dict[str, tuple[int, int]]] = []
        for group in self._groups_drawn(self._group_sizes()):
            row = self._row(group, measure, category)
            everyone = self._row(group, None, None)
            # A category nobody answered in a period with interviews: 0 of them.
            drawn_cells.append(row.cells if row else {
                p: (0, 0) for p in (everyone.cells if everyone else {})})
            values = [row.share(p) if row else _share_zero(self._row(group, None, None), p)
                      for p in profile.periods]
            lines.append(Line(profile.group_label(group, self.built.language), values,
                              highlighted=group == wanted))
        unit = next((r.unit for r in self.rows if r.measure == measure), "households")
        title = _("{category} — share of each group's {unit}").format(
            category=f"{self.chart_measure.currentText()}: {self.chart_category.currentText()}",
            unit=unit_name(unit))
        chart, legend = line_chart(title, [period_label(p) for p in profile.periods], lines,
                                   shares=True, rtl=rtl)
        figures = [[line.name, *period_columns(cells, profile.periods)]
                   for line, cells in zip(lines, drawn_cells, strict=True)]
        headers = [_("Group"), *period_headers(profile.periods, period_label)]
        self._set(chart, legend, title, headers, figures,
                  shares=share_columns(len(profile.periods), 1))

    def _interviews_chart(self, rtl: bool) -> None:
        assert self.built is not None
        profile = self.built.profile
        wanted = self.shown_alert.group if self.shown_alert else None
        lines = [Line(profile.group_label(g, self.built.language),
                      [float(profile.interviews.get((g, p), 0)) for p in profile.periods],
                      highlighted=g == wanted)
                 for g in self._groups_drawn(self._group_sizes())]
        title = _("Interviews per period, by group")
        chart, legend = line_chart(title, [period_label(p) for p in profile.periods], lines,
                                   shares=False, rtl=rtl)
        self._set(chart, legend, title,
                  [_("Group"), *(period_label(p) for p in profile.periods)],
                  [[line.name, *(int(v or 0) for v in line.values)] for line in lines],
                  shares=frozenset())

    def _composition_chart(self, rtl: bool) -> None:
        assert self.built is not None
        profile = self.built.profile
        measure, group = self.chart_measure.currentData(), self.chart_group.currentData()
        rows = [r for r in self.rows if r.measure == measure and r.group == group
                and r.area is None]
        if not rows:
            self.show_empty(_("Tick a measure and build the profile to chart "
                                          "its make-up."))
            return
        bars = [Bars(r.category_label, [float(r.cells.get(p, (0, 0))[0])
                                        for p in profile.periods]) for r in rows]
        title = _("{measure} of {group} (share of {unit})").format(
            measure=self.chart_measure.currentText(), group=self.chart_group.currentText(),
            unit=unit_name(rows[0].unit))
        chart, legend = composition_chart(title, [period_label(p) for p in profile.periods],
                                          bars, rtl=rtl)
        headers = [_("Category"), *period_headers(profile.periods, period_label)]
        self._set(chart, legend, title, headers,
                  [[r.category_label, *period_columns(r.cells, profile.periods)]
                   for r in rows], shares=share_columns(len(profile.periods), 1))

    def _pyramid_chart(self, rtl: bool) -> None:
        """People of one group in one period by age band, men to one side and women
        to the other (counted apart from the profile: ages and sexes of the same
        people, see fieldkit.insight.pyramid)."""
        assert self.built is not None
        if self.age_sex is None:
            self._count_ages_and_sexes()
            return
        group, period = self.chart_group.currentData(), self.chart_period.currentData()
        counts = self.age_sex
        sides = [s for s in PYRAMID_SIDES if s in counts.sexes] or counts.sexes[:2]
        if len(sides) < 2 or not counts.bands:
            self.show_empty(_("No ages and sexes of people are recorded in "
                                          "this form's interviews."))
            return
        language = self.built.language
        left, right = (Bars(counts.sex_label(code, language),
                            [counts.count(group, period, code, band) for band in counts.bands])
                       for code in sides)
        drawn = int(sum(left.values) + sum(right.values))
        others = sum(counts.count(group, period, code, band) for code in counts.sexes
                     if code not in sides for band in counts.bands)
        title = ngettext("{group}, {period}: {count} person by age", "{group}, {period}: "
                         "{count} people by age", drawn).format(
            group=self.chart_group.currentText(), period=self.chart_period.currentText(),
            count=number(drawn))
        if others:
            title += " " + ngettext("({count} more of another sex or not saying)",
                                    "({count} more of another sex or not saying)",
                                    others).format(count=number(others))
        chart, legend = pyramid_chart(title, [band_text(b) for b in counts.bands],
                                      left, right, rtl=rtl)
        # The table lists every sex recorded, also those the pyramid cannot draw.
        self._set(chart, legend, title,
                  [_("Age"), *(counts.sex_label(c, language) for c in counts.sexes)],
                  [[band_text(band), *(counts.count(group, period, c, band)
                                       for c in counts.sexes)]
                   for band in reversed(counts.bands)], shares=frozenset())

    def _count_ages_and_sexes(self) -> None:
        assert self.built is not None
        query, store = self.built.profile.query, self.ctx.store
        built = self.built

        def work(_progress: Progress) -> AgeSex:
            from fieldkit.insight.pyramid import age_sex_counts

            return age_sex_counts(store, query)

        def done(counts: AgeSex) -> None:
            if self.built is built:
                self.age_sex = counts
                self.draw()

        self.show_empty(_("Counting ages and sexes…"))
        self.tab.run(work, done, self.chart_panel.empty, key="pyramid")

    def _set(self, chart: QChart, legend: list[tuple[str, QColor]], title: str,
             headers: list[str], rows: list[list[str | int | float | None]], *,
             shares: frozenset[int]) -> None:
        """Show ``chart`` and keep its figures (``rows`` under ``headers``) for export."""
        assert self.built is not None
        self.chart_panel.set_chart(chart, legend)
        self.figures = ExportTable(_("Chart"), headers, rows, shares,
                                   f"{title}. {self.built.profile.source}")
        self.export_button.setEnabled(True)

    def _row(self, group: str, measure: str | None, category: str | None
             ) -> ProfileRow | None:
        for row in self.rows:
            if (row.group == group and row.measure == measure and row.category == category
                    and row.area is None):
                return row
        return None



def _share_zero(interviews: ProfileRow | None, period: str) -> float | None:
    """A category never counted in a period that had interviews: 0%, not a gap."""
    return 0.0 if interviews is not None and period in interviews.cells else None
