"""The Themes tab of the Focus groups workspace: the theme × group (or × community)
matrix of coded passages with, per theme, the groups mentioning it and its passages,
and the same counts as a chart. Qt Charts is imported the first time the tab is
shown (it is not needed to take notes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.focus.analysis import theme_counts, theme_matrix, theme_path
from fieldkit.focus.records import FocusData
from fieldkit.gui.locale_numbers import number
from fieldkit.i18n import _

if TYPE_CHECKING:
    from fieldkit.gui.focus.chart import ChartPanel

__all__ = ["ThemesPage"]


def _cell(value: int | str) -> QTableWidgetItem:
    item = QTableWidgetItem(number(value) if isinstance(value, int) else value)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
    return item


class ThemesPage(QWidget):
    def __init__(self, language: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.data = FocusData()
        self.chart: ChartPanel | None = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.by_label = QLabel()
        self.by = QComboBox()
        self.by.setObjectName("themesBy")
        self.by_label.setBuddy(self.by)
        self.by.addItem("", "group")
        self.by.addItem("", "community")
        self.by.currentIndexChanged.connect(self._show)
        row.addWidget(self.by_label)
        row.addWidget(self.by)
        row.addStretch(1)
        layout.addLayout(row)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.matrix = QTableWidget()
        self.matrix.setObjectName("themeMatrix")
        self.matrix.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.split.addWidget(self.matrix)
        layout.addWidget(self.split, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.by_label.setText(_("Co&lumns"))
        self.by.setItemText(0, _("Groups"))
        self.by.setItemText(1, _("Communities"))
        self.hint.setText(_("Coded passages per theme; the last two columns are the "
                            "groups mentioning the theme and its passages in all. A "
                            "passage coded with a sub-theme counts for the sub-theme."))
        self._show()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.chart is None:
            from fieldkit.gui.focus.chart import ChartPanel

            self.chart = ChartPanel("themeChart")
            self.split.addWidget(self.chart)
            self.split.setSizes([200, 300])
            self._show()

    def set_data(self, data: FocusData) -> None:
        self.data = data
        self._show()

    def columns(self) -> list[tuple[str, str]]:
        """(key, heading) of the matrix' columns: group uuids or communities."""
        if self.by.currentData() == "community":
            return [(c, c or _("(no community)"))
                    for c in sorted({g.community for g in self.data.groups})]
        return [(g.uuid, g.title or _("(untitled)")) for g in self.data.groups]

    def _show(self) -> None:
        data = self.data
        by = str(self.by.currentData() or "group")
        matrix = theme_matrix(data, by=by)
        columns = self.columns()
        totals = {r.theme.uuid: r for r in theme_counts(data)}
        names = [theme_path(data, t, self.language) for t in data.themes]
        self.matrix.setRowCount(len(data.themes))
        self.matrix.setColumnCount(len(columns) + 2)
        self.matrix.setHorizontalHeaderLabels(
            [heading for _key, heading in columns] + [_("Groups"), _("Passages")])
        self.matrix.setVerticalHeaderLabels(names)
        for row, theme in enumerate(data.themes):
            counts = matrix.get(theme.uuid, {})
            for column, (key, _heading) in enumerate(columns):
                self.matrix.setItem(row, column, _cell(counts.get(key, 0) or ""))
            total = totals.get(theme.uuid)
            self.matrix.setItem(row, len(columns), _cell(total.groups if total else 0))
            self.matrix.setItem(row, len(columns) + 1, _cell(total.passages if total else 0))
        self._chart(names, columns, matrix)

    def _chart(self, names: list[str], columns: list[tuple[str, str]],
               matrix: dict[str, dict[str, int]]) -> None:
        if self.chart is None:
            return
        if not self.data.codings:
            self.chart.show_empty(_("No passage is coded yet: code notes in the Coding "
                                    "tab and the chart shows them here."))
            return
        from fieldkit.gui.focus.chart import theme_chart

        counts = [[matrix.get(t.uuid, {}).get(key, 0) for t in self.data.themes]
                  for key, _heading in columns]
        title = (_("Coded passages per theme and community")
                 if self.by.currentData() == "community"
                 else _("Coded passages per theme and group"))
        chart, legend = theme_chart(title, names, [h for _k, h in columns], counts,
                                    rtl=self.isRightToLeft())
        self.chart.set_chart(chart, legend)
