"""A plain horizontal bar chart drawn with QPainter (no QtCharts dependency);
bars grow from the start edge, so they run right to left in Sorani or Farsi."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR_COLOUR = QColor("#2f6f9f")


class BarChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.items: list[tuple[str, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_items(self, title: str, items: list[tuple[str, int]]) -> None:
        self.title = title
        self.items = items[:10]
        self.setAccessibleName(title)
        self.setAccessibleDescription("; ".join(f"{k}: {v}" for k, v in self.items))
        self.updateGeometry()
        self.update()

    def _line(self) -> int:
        return self.fontMetrics().height() + 6

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(320, self._line() * (len(self.items) + 1) + 8)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        metrics = self.fontMetrics()
        line = self._line()
        width = self.width()
        rtl = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        align = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
        bold = painter.font()
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(QRectF(0, 0, width, line), align | Qt.AlignmentFlag.AlignVCenter,
                         self.title)
        painter.setFont(self.font())
        label_width = min(width * 0.45, max((metrics.horizontalAdvance(k) for k, _v in self.items),
                                            default=0) + 8)
        top = max((v for _k, v in self.items), default=0) or 1
        number_width = metrics.horizontalAdvance("0000") + 6
        room = max(width - label_width - number_width, 10)
        for i, (label, value) in enumerate(self.items):
            y = line * (i + 1)
            length = room * value / top
            if rtl:
                label_rect = QRectF(width - label_width, y, label_width - 4, line)
                bar = QRectF(width - label_width - length, y + 3, length, line - 6)
                number_rect = QRectF(bar.left() - number_width, y, number_width - 4, line)
                number_align = Qt.AlignmentFlag.AlignRight
            else:
                label_rect = QRectF(0, y, label_width - 4, line)
                bar = QRectF(label_width, y + 3, length, line - 6)
                number_rect = QRectF(bar.right() + 4, y, number_width, line)
                number_align = Qt.AlignmentFlag.AlignLeft
            elided = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(label_width - 4))
            painter.drawText(label_rect, align | Qt.AlignmentFlag.AlignVCenter, elided)
            painter.fillRect(bar, BAR_COLOUR)
            painter.drawText(number_rect, number_align | Qt.AlignmentFlag.AlignVCenter,
                             str(value))
        painter.end()
