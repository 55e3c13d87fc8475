"""The themes chart of the Focus groups workspace (Qt Charts, imported only when the
Themes tab is first opened): coded passages per theme, one bar per group or per
community, drawn horizontally so long theme names fit, mirrored for right-to-left
interfaces as the Insight charts are (value axis from the right, categories on the
right, the legend a row of widgets under the chart)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QCategoryAxis,
    QChart,
    QHorizontalBarSeries,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor

from fieldkit.gui.insight.charts import ChartPanel, colour
from fieldkit.gui.locale_numbers import number

__all__ = ["ChartPanel", "theme_chart"]


def _top(value: int) -> int:
    """An axis end that divides into whole-number ticks (at least 4)."""
    top = max(value, 4)
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000):
        if top <= 5 * step:
            return -(-top // step) * step
    return top


def theme_chart(title: str, themes: Sequence[str], columns: Sequence[str],
                counts: Sequence[Sequence[int]], *,
                rtl: bool) -> tuple[QChart, list[tuple[str, QColor]]]:
    """``counts[c][t]``: passages of theme ``t`` in column ``c`` (a group or a
    community). The first theme is drawn at the top."""
    chart = QChart()
    chart.setTitle(title)
    chart.legend().hide()  # the panel's legend mirrors; the chart's own does not
    chart.setMargins(QMargins(12, 8, 16, 8))
    chart.setBackgroundRoundness(0)
    series = QHorizontalBarSeries()
    legend: list[tuple[str, QColor]] = []
    order = list(reversed(range(len(themes))))  # Qt draws the first category at the bottom
    for index, (name, values) in enumerate(zip(columns, counts, strict=True)):
        bar_set = QBarSet(name)
        bar_set.setColor(colour(index))
        bar_set.setBorderColor(colour(index))
        bar_set.append([float(values[t]) for t in order])
        series.append(bar_set)
        legend.append((name, colour(index)))
    chart.addSeries(series)
    category = QBarCategoryAxis()
    category.append([themes[t] for t in order])
    value = QCategoryAxis()
    value.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    top = _top(max((v for values in counts for v in values), default=0))
    step = max(1, top // 4)
    value.setRange(0, top)
    value.setStartValue(0)
    for tick in range(0, top + 1, step):
        value.append(number(tick), tick)  # the interface's digits
    for axis in (category, value):
        axis.setTruncateLabels(False)
    chart.addAxis(value, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(category, Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(value)
    series.attachAxis(category)
    value.setReverse(rtl)
    return chart, legend
