"""The interview list: search, a status filter, the table, and "New interview"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldkit.gui.interviews.list_model import ANSWERED_COLUMN, LABEL_COLUMN, InterviewListModel
from fieldkit.gui.interviews.statuses import STATUS_NAMES
from fieldkit.i18n import _

if TYPE_CHECKING:
    # A type only: importing the service (SQLAlchemy) here would slow start-up.
    from fieldkit.interviews import InterviewSummary


class _Table(QTableView):
    """Enter/Return opens the current row, as a double-click does."""

    activated_row = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class InterviewListScreen(QWidget):
    open_requested = Signal(str)  # interview uuid
    new_requested = Signal()
    filters_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("interviewList")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        bar = QHBoxLayout()
        self.search_label = QLabel()
        self.search = QLineEdit()
        self.search.setObjectName("interviewSearch")
        self.search.setClearButtonEnabled(True)
        self.search_label.setBuddy(self.search)
        self.status_label = QLabel()
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        self.status_label.setBuddy(self.status_filter)
        self.new_button = QPushButton()
        self.new_button.setObjectName("newInterview")
        self.new_button.setDefault(False)
        bar.addWidget(self.search_label)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.status_label)
        bar.addWidget(self.status_filter)
        bar.addSpacing(12)
        bar.addWidget(self.new_button)
        layout.addLayout(bar)

        self.model = InterviewListModel()
        self._any_at_all = False
        self.table = _Table()
        self.table.setObjectName("interviewTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(LABEL_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ANSWERED_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)

        self.empty = QLabel()
        self.empty.setObjectName("emptyList")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty)

        self.search.textChanged.connect(lambda _text: self.filters_changed.emit())
        self.status_filter.currentIndexChanged.connect(lambda _i: self.filters_changed.emit())
        self.new_button.clicked.connect(self.new_requested.emit)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        self.table.activated_row.connect(self._open)
        self.retranslate()

    # -- filters ---------------------------------------------------------------------

    @property
    def status(self) -> str | None:
        value = self.status_filter.currentData()
        return value if isinstance(value, str) and value else None

    @property
    def search_text(self) -> str:
        return self.search.text()

    def set_rows(self, rows: Sequence[InterviewSummary], *, any_at_all: bool) -> None:
        self.model.set_rows(rows)
        self._any_at_all = any_at_all
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self._show_empty_text()

    def _show_empty_text(self) -> None:
        self.empty.setText(
            _("No interviews match the search.") if self._any_at_all else
            _("No interviews yet. Start one with “New interview”."))

    def _open(self, row: int | QModelIndex) -> None:
        index = row if isinstance(row, int) else row.row()
        if 0 <= index < self.model.rowCount():
            self.open_requested.emit(self.model.summary(index).uuid)

    def retranslate(self) -> None:
        self.search_label.setText(_("&Search:"))
        self.search.setPlaceholderText(_("Label or interviewer"))
        self.status_label.setText(_("S&tatus:"))
        self.new_button.setText(_("&New interview…"))
        current = self.status_filter.currentIndex()
        self.status_filter.blockSignals(True)
        self.status_filter.clear()
        self.status_filter.addItem(_("All"), "")
        for status, name in STATUS_NAMES.items():
            self.status_filter.addItem(_(name), status)
        self.status_filter.setCurrentIndex(max(current, 0))
        self.status_filter.blockSignals(False)
        self._show_empty_text()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0,
                                          self.model.columnCount() - 1)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
