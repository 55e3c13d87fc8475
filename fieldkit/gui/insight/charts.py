"""The Insight charts, drawn with Qt Charts (whose text goes through Qt's shaping, so
Arabic-script labels join as they should), mirrored for right-to-left interfaces.

Qt Charts does not mirror a chart for a right-to-left layout direction by itself:
axes stay where they are, time still runs left to right, and the legend keeps its
markers left of their names. So here, in a right-to-left interface, the time (or
category) axis is reversed, the value axis is put on the right, and the legend is a
row of widgets under the chart (laid out by Qt's widget layouts, which do mirror)
instead of the chart's own legend. Axis labels are our own strings
(:class:`QCategoryAxis`), so numbers come in the interface's digits and percent
sign, which the value axis' printf-style formats cannot give.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCharts import (
    QAbstractAxis,
    QBarCategoryAxis,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QPercentBarSeries,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from fieldkit.gui.insight.formatting import number, percent

__all__ = [
    "PALETTE",
    "Bars",
    "ChartPanel",
    "Line",
    "beside_chart",
    "composition_chart",
    "line_chart",
    "pyramid_chart",
]

#: Okabe–Ito colours (told apart by people with colour-blindness), then a few more.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000", "#999999", "#882255", "#44AA99", "#117733")


#: Legend entries per row under a chart.
LEGEND_COLUMNS = 5


def colour(index: int) -> QColor:
    return QColor(PALETTE[index % len(PALETTE)])


@dataclass(frozen=True)
class Line:
    name: str
    #: One value per period (None: no interviews then, no point drawn).
    values: Sequence[float | None]
    highlighted: bool = False


@dataclass(frozen=True)
class Bars:
    name: str
    values: Sequence[float]


def _steps(top: float) -> int:
    """Ticks on an axis ending at ``top`` (from :func:`_nice_top`) fall on round numbers:
    4 of 0.5 up to 2, 5 of 0.2, 0.5 and 1 up to 1, 2.5 and 5."""
    mantissa = top
    while mantissa >= 10:
        mantissa /= 10
    while mantissa < 1:
        mantissa *= 10
    return 4 if round(mantissa, 6) == 2 else 5


def _value_axis(top: float, label: object, steps: int | None = None,
                bottom: float = 0.0) -> QCategoryAxis:
    """A value axis from ``bottom`` to ``top`` labelled by ``label(value)``."""
    axis = QCategoryAxis()
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    axis.setRange(bottom, top)
    axis.setStartValue(bottom)  # else categories below 0 are refused
    span = top - bottom
    steps = steps or _steps(top)
    for i in range(steps + 1):
        value = bottom + span * i / steps
        axis.append(label(value), value)  # type: ignore[operator]
    return axis


def _nice_top(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k that holds ``value`` (axes end on a round number)."""
    if value <= 0:
        return 1.0
    scale = 1.0
    while scale * 10 < value:
        scale *= 10
    while scale > value:
        scale /= 10
    for step in (1, 2, 2.5, 5, 10):
        if step * scale >= value:
            return step * scale
    return 10 * scale


def _new_chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.legend().hide()  # our own legend, which mirrors (see the module's comment)
    chart.setMargins(QMargins(12, 8, 16, 8))
    chart.setBackgroundRoundness(0)
    return chart


def _attach(chart: QChart, x: QAbstractAxis, y: QAbstractAxis, rtl: bool,
            x_edge: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignBottom) -> None:
    """Add the axes; in a right-to-left interface the horizontal axis runs from the
    right and the vertical axis stands on the right."""
    horizontal = x if x_edge == Qt.AlignmentFlag.AlignBottom else y
    vertical = y if horizontal is x else x
    for axis in (x, y):
        axis.setTruncateLabels(False)  # Qt elides labels to "…" in a small chart
    chart.addAxis(horizontal, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(vertical, Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
    for series in chart.series():
        series.attachAxis(x)
        series.attachAxis(y)
    if not isinstance(horizontal, QBarCategoryAxis):  # which ignores setReverse
        horizontal.setReverse(rtl)


def line_chart(title: str, periods: Sequence[str], lines: Sequence[Line], *,
               shares: bool, rtl: bool) -> tuple[QChart, list[tuple[str, QColor]]]:
    """Lines over the periods: shares (0..1, drawn as percentages) or counts."""
    chart = _new_chart(title)
    top = 0.0
    legend: list[tuple[str, QColor]] = []
    for index, line in enumerate(lines):
        series = QLineSeries()
        series.setName(line.name)
        pen = QPen(colour(index))
        pen.setWidthF(4.0 if line.highlighted else 2.0)
        series.setPen(pen)
        series.setPointsVisible(True)
        for x, value in enumerate(line.values):
            if value is not None:
                series.append(x, value)
                top = max(top, value)
        chart.addSeries(series)
        legend.append((line.name, colour(index)))
    x_axis = QCategoryAxis()
    x_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    for x, period in enumerate(periods):
        x_axis.append(period, x)
    # Half a step of room either side: the first and last points are not on the frame.
    x_axis.setRange(-0.5, max(len(periods) - 0.5, 0.5))
    if shares:
        y_axis = _value_axis(min(1.0, _nice_top(top * 1.1)), percent)
    else:
        y_top = max(_nice_top(top * 1.1), 4.0)
        y_axis = _value_axis(y_top, lambda v: number(round(v)))
    _attach(chart, x_axis, y_axis, rtl)
    return chart, legend


def composition_chart(title: str, periods: Sequence[str], bars: Sequence[Bars], *,
                      rtl: bool) -> tuple[QChart, list[tuple[str, QColor]]]:
    """One bar per period, stacked to 100% by category (household types, say)."""
    chart = _new_chart(title)
    # A bar category axis cannot be reversed: the periods are put in reverse instead.
    order = list(reversed(range(len(periods)))) if rtl else list(range(len(periods)))
    series = QPercentBarSeries()
    legend: list[tuple[str, QColor]] = []
    for index, bar in enumerate(bars):
        bar_set = QBarSet(bar.name)
        bar_set.setColor(colour(index))
        bar_set.setBorderColor(colour(index))
        bar_set.append([float(bar.values[i]) for i in order])
        series.append(bar_set)
        legend.append((bar.name, colour(index)))
    chart.addSeries(series)
    x_axis = QBarCategoryAxis()
    x_axis.append([periods[i] for i in order])
    _attach(chart, x_axis, _value_axis(100.0, lambda v: percent(v / 100), steps=4), rtl)
    return chart, legend


def pyramid_chart(title: str, bands: Sequence[str], left: Bars, right: Bars, *,
                  rtl: bool) -> tuple[QChart, list[tuple[str, QColor]]]:
    """An age pyramid: one horizontal bar per band (youngest at the bottom), ``left``
    drawn to the left of the middle and ``right`` to the right (mirrored in a
    right-to-left interface), labelled with counts either way."""
    chart = _new_chart(title)
    series = QHorizontalStackedBarSeries()
    series.setBarWidth(0.9)
    legend: list[tuple[str, QColor]] = []
    for index, (bars, sign) in enumerate(((left, -1.0), (right, 1.0))):
        bar_set = QBarSet(bars.name)
        bar_set.setColor(colour(index))
        bar_set.setBorderColor(colour(index))
        bar_set.append([sign * float(v) for v in bars.values])
        series.append(bar_set)
        legend.append((bars.name, colour(index)))
    chart.addSeries(series)
    y_axis = QBarCategoryAxis()
    y_axis.append(list(bands))
    y_axis.setTruncateLabels(False)  # else Qt elides even "0–4" to "…" beside bars
    top = _nice_top(max([*left.values, *right.values, 1.0]))
    # The axis' labels are its keys: below zero they get an invisible word joiner,
    # so "10" left of the middle and "10" right of it are two labels.
    x_axis = _value_axis(top, lambda v: number(round(abs(v))) + ("\u2060" if v < 0 else ""),
                         steps=2 * _steps(top), bottom=-top)
    _attach(chart, y_axis, x_axis, rtl, x_edge=Qt.AlignmentFlag.AlignLeft)
    return chart, legend


def beside_chart(title: str, categories: Sequence[str], bars: Sequence[Bars], *,
                 rtl: bool, top: float | None = None) -> tuple[QChart, list[tuple[str, QColor]]]:
    """Shares (0..1) side by side, one horizontal row of bars per category (the first
    at the top; long names read along the rows), e.g. residents beside the project's
    interviews. ``top``: the value axis' end (small multiples share one scale)."""
    chart = _new_chart(title)
    series = QHorizontalBarSeries()
    series.setBarWidth(0.8)
    legend: list[tuple[str, QColor]] = []
    # A bar category axis puts its first category at the bottom: given bottom-up.
    order = list(reversed(range(len(categories))))
    for index, bar in enumerate(bars):
        bar_set = QBarSet(bar.name)
        bar_set.setColor(colour(index))
        bar_set.setBorderColor(colour(index))
        bar_set.append([float(bar.values[i]) for i in order])
        series.append(bar_set)
        legend.append((bar.name, colour(index)))
    chart.addSeries(series)
    y_axis = QBarCategoryAxis()
    y_axis.append([categories[i] for i in order])
    if top is None:
        top = min(1.0, _nice_top(max([v for bar in bars for v in bar.values] + [0.01]) * 1.05))
    x_axis = _value_axis(top, percent)
    _attach(chart, y_axis, x_axis, rtl, x_edge=Qt.AlignmentFlag.AlignLeft)
    return chart, legend


def nice_top(value: float) -> float:
    """The round number an axis holding ``value`` ends on (for charts sharing a scale)."""
    return _nice_top(value)


class ChartPanel(QWidget):
    """A chart with its legend under it (a row of swatches and names that follows
    the interface's direction), or a line saying why there is no chart."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.view = QChartView()
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(180)
        self.empty = QLabel()
        self.empty.setObjectName(f"{name}Empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.legend = QWidget()
        self.legend.setObjectName(f"{name}Legend")
        self.legend_layout = QGridLayout(self.legend)
        self.legend_layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.legend)
        self.entries: list[str] = []
        #: The chart shown (None while the panel says why there is none).
        self.chart: QChart | None = None
        self.show_empty("")

    def set_chart(self, chart: QChart, legend: Sequence[tuple[str, QColor]]) -> None:
        old = self.view.chart()
        self.view.setChart(chart)
        self.chart = chart
        if old is not None and old is not chart:
            old.deleteLater()
        self._set_legend(legend)
        self.empty.hide()
        self.view.show()
        self.legend.show()

    def show_empty(self, text: str) -> None:
        self.empty.setText(text)
        self.view.hide()
        self.legend.hide()
        self.empty.show()
        self.entries = []
        self.chart = None

    def _set_legend(self, legend: Sequence[tuple[str, QColor]]) -> None:
        while self.legend_layout.count():
            item = self.legend_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        size = self.fontMetrics().height() * 2 // 3
        for index, (name, swatch_colour) in enumerate(legend):
            entry = QWidget()
            row = QHBoxLayout(entry)
            row.setContentsMargins(0, 0, size, 0)
            swatch = QLabel()
            pixmap = QPixmap(size, size)
            pixmap.fill(swatch_colour)
            swatch.setPixmap(pixmap)
            text = QLabel(name)
            text.setObjectName("legendEntry")
            row.addWidget(swatch)
            row.addWidget(text)
            row.addStretch(1)
            self.legend_layout.addWidget(entry, index // LEGEND_COLUMNS,
                                         index % LEGEND_COLUMNS)
        self.entries = [name for name, _c in legend]
