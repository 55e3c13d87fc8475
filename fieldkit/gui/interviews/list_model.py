"""The interview list as a table model (the view only asks for the rows it shows)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDateTime,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from fieldkit.gui.interviews.statuses import interview_state
from fieldkit.i18n import N_, _

if TYPE_CHECKING:
    # A type only: importing the service (SQLAlchemy) here would slow start-up.
    from fieldkit.interviews import InterviewSummary

_Index = QModelIndex | QPersistentModelIndex


def _changed_text(summary: InterviewSummary) -> str:
    moment = QDateTime.fromSecsSinceEpoch(int(summary.updated_at.timestamp())).toLocalTime()
    return QLocale().toString(moment, QLocale.FormatType.ShortFormat)


#: (heading, cell text) per column; headings are N_-marked.
COLUMNS: tuple[tuple[str, Callable[[InterviewSummary], str]], ...] = (
    (N_("Status"), lambda s: interview_state(s.status, s.consent)),
    (N_("Form"), lambda s: s.form_title),
    (N_("Label"), lambda s: s.label),
    (N_("Respondent language"), lambda s: s.respondent_language),
    (N_("Interviewer"), lambda s: s.interviewer_name),
    (N_("Last changed"), _changed_text),
    (N_("Answered"), lambda s: QLocale().toString(s.answered)),
)
LABEL_COLUMN = 2
ANSWERED_COLUMN = 5


class InterviewListModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[InterviewSummary] = []

    def set_rows(self, rows: Sequence[InterviewSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def summary(self, row: int) -> InterviewSummary:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        summary = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[column][1](summary)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == ANSWERED_COLUMN:
            return int(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == LABEL_COLUMN:
            return summary.label or None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(COLUMNS):
            return _(COLUMNS[section][0])
        return None
