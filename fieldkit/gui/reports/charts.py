"""A report :class:`~fieldkit.reports.document.Chart` as a Qt Charts chart, drawn into
any painter (a PDF page, an image) through a graphics scene, so its text is real text,
shaped by Qt (Arabic-script letters join), and the PDF stays vector.

As the Insight workspace does (:mod:`fieldkit.gui.insight.charts`), a right-to-left
document runs the category axis from the right and stands the value axis on the right;
axis labels are our own strings, in the document language's digits. The chart's own
legend does not mirror, so the legend is drawn by :mod:`fieldkit.gui.reports.pdf`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QHorizontalBarSeries,
    QLineSeries,
    QStackedBarSeries,
)
from PySide6.QtCore import QMargins, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsScene

from fieldkit.reports.document import Chart

__all__ = ["PALETTE", "colour", "draw_chart"]

#: Okabe–Ito colours (told apart with colour-blindness), as the Insight charts use.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000", "#999999", "#882255", "#44AA99", "#117733")


def colour(index: int) -> QColor:
    return QColor(PALETTE[index % len(PALETTE)])


def nice_top(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k holding ``value``: axes end on round numbers."""
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


def _steps(top: float) -> int:
    """Ticks on round numbers: 4 steps up to a top of 2 × 10^k, else 5."""
    mantissa = top
    while mantissa >= 10:
        mantissa /= 10
    while mantissa < 1:
        mantissa *= 10
    return 4 if round(mantissa, 6) == 2 else 5


def _value_axis(top: float, label: Callable[[float], str], font: QFont) -> QCategoryAxis:
    axis = QCategoryAxis()
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    axis.setRange(0.0, top)
    axis.setStartValue(0.0)
    steps = _steps(top)
    for i in range(steps + 1):
        value = top * i / steps
        axis.append(label(value), value)
    axis.setLabelsFont(font)
    return axis


def _chart(spec: Chart, font: QFont, rtl: bool, label: Callable[[float], str]) -> QChart:
    chart = QChart()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().hide()
    chart.setMargins(QMargins(4, 4, 8, 4))
    chart.setBackgroundRoundness(0)
    chart.setBackgroundVisible(False)
    chart.setFont(font)
    scale = 100.0 if spec.percent else 1.0
    values = [v for s in spec.series for v in s.values if v is not None]
    order = list(range(len(spec.categories)))
    # A bar category axis cannot be reversed: in right to left the categories are put
    # in reverse instead (horizontal bars keep their order top to bottom).
    if rtl and spec.kind != "hbar":
        order.reverse()
    categories = [spec.categories[i] for i in order]
    if spec.kind == "line":
        top = max(values, default=0.0) * scale
        for index, series in enumerate(spec.series):
            line = QLineSeries()
            line.setName(series.name)
            pen = QPen(colour(index))
            pen.setWidthF(2.5)
            line.setPen(pen)
            line.setPointsVisible(True)
            for x, i in enumerate(order):
                value = series.values[i]
                if value is not None:
                    line.append(x, value * scale)
            chart.addSeries(line)
        x_axis: QCategoryAxis | QBarCategoryAxis = QCategoryAxis()
        assert isinstance(x_axis, QCategoryAxis)
        x_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        for x, name in enumerate(categories):
            x_axis.append(name, x)
        x_axis.setRange(-0.5, max(len(categories) - 0.5, 0.5))
    else:
        bar_series = {"bar": QBarSeries, "hbar": QHorizontalBarSeries,
                      "stacked": QStackedBarSeries}[spec.kind]()
        for index, series in enumerate(spec.series):
            bar_set = QBarSet(series.name)
            bar_set.setColor(colour(index))
            bar_set.setBorderColor(colour(index))
            bar_set.append([float(series.values[i] or 0.0) * scale for i in order])
            bar_series.append(bar_set)
        chart.addSeries(bar_series)
        if spec.kind == "stacked":
            sums = [sum(float(s.values[i] or 0.0) for s in spec.series) for i in order]
            top = max(sums, default=0.0) * scale
        else:
            top = max(values, default=0.0) * scale
        x_axis = QBarCategoryAxis()
        x_axis.append(categories)
    top = nice_top(top * 1.05)
    if spec.percent:
        top = min(top, 100.0)
    y_axis = _value_axis(top, label, font)
    x_axis.setLabelsFont(font)
    for axis, title in ((x_axis, spec.x_title), (y_axis, spec.y_title)):
        axis.setTruncateLabels(False)
        if title:
            axis.setTitleText(title)
            axis.setTitleFont(font)
    horizontal, vertical = (y_axis, x_axis) if spec.kind == "hbar" else (x_axis, y_axis)
    chart.addAxis(horizontal, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(vertical, Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
    for drawn in chart.series():
        drawn.attachAxis(x_axis)
        drawn.attachAxis(y_axis)
    if spec.kind == "line" and isinstance(x_axis, QCategoryAxis):
        x_axis.setReverse(False)  # the order is already mirrored above
    if spec.kind == "hbar" and rtl:
        y_axis.setReverse(True)  # bars grow from the right
    return chart


def draw_chart(painter: QPainter, target: QRectF, spec: Chart, *, font: QFont,
               rtl: bool, label: Callable[[float], str], logical_width: float) -> None:
    """Draw ``spec`` into ``target`` of ``painter``. The chart is laid out
    ``logical_width`` scene units wide (the target's width in screen pixels, so its
    fonts come out at their point size) and scaled into ``target``."""
    height = logical_width * target.height() / max(target.width(), 1.0)
    scene = QGraphicsScene()
    chart = _chart(spec, font, rtl, label)
    scene.addItem(chart)
    chart.setGeometry(QRectF(0.0, 0.0, logical_width, height))
    scene.setSceneRect(QRectF(0.0, 0.0, logical_width, height))
    scene.render(painter, target, QRectF(0.0, 0.0, logical_width, height))
    scene.removeItem(chart)
    del chart
