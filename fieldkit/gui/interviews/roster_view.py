"""A repeat as a household roster table: one row per member, read from the
interview service only for the rows on screen (5,000 rows cost what 20 do).

Enter or double-click edits a row (its questions, page by page), Insert or *Add*
adds one, Delete or *Remove* removes the chosen one after asking. A roster whose
size the form sets (``jr:count``) has no add or remove."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldkit.i18n import _, isolate, ngettext

if TYPE_CHECKING:
    from fieldkit.forms import FormSession
    from fieldkit.interviews.roster import RosterColumn, RosterRow



#: Column types whose answers are numbers, shown in the respondent's digits.
_NUMBERS = frozenset({"integer", "int", "decimal", "range"})


def _same(text: str) -> str:
    return text


AnyIndex = QModelIndex | QPersistentModelIndex
_NO_INDEX = QModelIndex()


class RosterModel(QAbstractTableModel):
    """Rows of one repeat collection; each row is read once until :meth:`refresh`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: FormSession | None = None
        self.collection = ""
        self.columns: list[RosterColumn] = []
        self._count = 0
        self._rows: dict[int, RosterRow] = {}
        self.digits: Callable[[str], str] = _same

    def show_roster(self, session: FormSession, collection: str, repeat: str) -> None:
        from fieldkit.interviews.roster import roster_columns

        self.beginResetModel()
        self.session = session
        self.collection = collection
        self.columns = roster_columns(session, repeat)
        self._count = session.repeat_count(collection)
        self._rows.clear()
        self.endResetModel()

    def refresh(self) -> None:
        """Read the rows again (after an answer, an added or a removed row)."""
        if self.session is None:
            return
        self.beginResetModel()
        self._count = self.session.repeat_count(self.collection)
        self._rows.clear()
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = _NO_INDEX) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: AnyIndex = _NO_INDEX) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.columns) + 1

    def row(self, number: int) -> RosterRow:
        from fieldkit.interviews.roster import roster_row

        found = self._rows.get(number)
        if found is None:
            assert self.session is not None
            found = self._rows[number] = roster_row(self.session, self.collection,
                                                    number + 1, self.columns)
        return found

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or self.session is None:
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self.row(index.row())
        if index.column() < len(self.columns):
            cell = row.cells[index.column()]
            # Numbers in the respondent's digits; names and other answers as given.
            if cell and self.columns[index.column()].type in _NUMBERS:
                return self.digits(cell)
            return cell
        if not row.missing:
            return _("Complete")
        return self.digits(ngettext("{n} to answer", "{n} to answer", row.missing)
                           .format(n=row.missing))

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Vertical:
            return self.digits(str(section + 1))
        if section < len(self.columns):
            header = self.columns[section].header
            if role == Qt.ItemDataRole.DisplayRole and len(header) > 28:
                header = header[:27].rstrip() + "…"
            return isolate(header)  # its own direction, whatever the interface's
        return _("Status")


class RosterView(QWidget):
    """The roster table with its buttons; the form screen acts on its signals."""

    edit_requested = Signal(int)  # 1-based row
    add_requested = Signal()
    remove_requested = Signal(int)  # 1-based row

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rosterView")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        self.heading = QLabel()
        self.heading.setObjectName("rosterHeading")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.count = QLabel()
        self.count.setObjectName("rosterCount")
        self.model = RosterModel(self)
        self.table = QTableView()
        self.table.setObjectName("rosterTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no measuring 5,000 rows
        vertical.setDefaultSectionSize(self.fontMetrics().lineSpacing() + 10)
        horizontal = self.table.horizontalHeader()
        horizontal.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        horizontal.setStretchLastSection(True)
        horizontal.setDefaultSectionSize(self.fontMetrics().horizontalAdvance("0") * 22)
        self.table.doubleClicked.connect(lambda index: self.edit_requested.emit(index.row() + 1))
        self.table.installEventFilter(self)
        self.add_button = QPushButton()
        self.add_button.setObjectName("rosterAdd")
        self.edit_button = QPushButton()
        self.edit_button.setObjectName("rosterEdit")
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("rosterRemove")
        self.add_button.clicked.connect(self.add_requested)
        self.edit_button.clicked.connect(self._edit_current)
        self.remove_button.clicked.connect(self._remove_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        self.empty = QLabel()
        self.empty.setObjectName("rosterEmpty")
        self.empty.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addLayout(buttons)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        add = QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | Qt.Key.Key_Plus),
                        self)
        add.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        add.activated.connect(self._add_by_key)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._enable())
        self.editable = True
        self.read_only = False
        self.retranslate()

    # -- showing --------------------------------------------------------------------------

    def show_roster(self, session: FormSession, collection: str, repeat: str, title: str,
                    *, editable: bool, read_only: bool, row: int | None = None) -> None:
        same = self.model.collection == collection and self.model.session is session
        keep = self.table.currentIndex().row() if same else -1
        self.editable = editable
        self.read_only = read_only
        self.heading.setText(title)
        self.heading.setVisible(bool(title))
        if same:
            self.model.refresh()
        else:
            self.model.show_roster(session, collection, repeat)
            self.table.resizeColumnsToContents()  # measures the rows on screen only
        wanted = (row - 1) if row is not None else keep
        count = self.model.rowCount()
        if count:
            target = min(max(wanted, 0), count - 1)
            self.table.setCurrentIndex(self.model.index(target, 0))
            self.table.scrollTo(self.model.index(target, 0))
        self._show_count()
        self._enable()

    def _show_count(self) -> None:
        n = self.model.rowCount()
        self.count.setText(self.model.digits(ngettext("{n} row", "{n} rows", n).format(n=n)))
        self.empty.setText(_("No rows yet. Add one with “Add” (Ctrl++)."))
        self.empty.setVisible(n == 0 and self.editable and not self.read_only)
        self.table.setVisible(n > 0)

    def _enable(self) -> None:
        has_row = self.table.currentIndex().isValid()
        can_change = self.editable and not self.read_only
        self.add_button.setVisible(self.editable)
        self.remove_button.setVisible(self.editable)
        self.add_button.setEnabled(can_change)
        self.remove_button.setEnabled(can_change and has_row)
        self.edit_button.setEnabled(has_row)
        self.edit_button.setText(_("&Open row") if self.read_only else _("&Edit row"))

    def current_row(self) -> int | None:
        index = self.table.currentIndex()
        return index.row() + 1 if index.isValid() else None

    def focus_table(self) -> None:
        if self.table.isVisible():
            self.table.setFocus()
        elif self.add_button.isEnabled():
            self.add_button.setFocus()

    # -- acting ----------------------------------------------------------------------------

    def _edit_current(self) -> None:
        row = self.current_row()
        if row is not None:
            self.edit_requested.emit(row)

    def _remove_current(self) -> None:
        row = self.current_row()
        if row is not None and self.editable and not self.read_only:
            self.remove_requested.emit(row)

    def _add_by_key(self) -> None:
        if self.editable and not self.read_only:
            self.add_requested.emit()

    def eventFilter(self, watched: object, event: object) -> bool:  # noqa: N802
        if watched is self.table and isinstance(event, QKeyEvent) \
                and event.type() == QKeyEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                self._edit_current()
                return True
            if key == Qt.Key.Key_Delete:
                self._remove_current()
                return True
            if key == Qt.Key.Key_Insert:
                self._add_by_key()
                return True
        return False

    def retranslate(self) -> None:
        self.add_button.setText(_("&Add row"))
        self.add_button.setToolTip(_("Add a row (Insert or Ctrl++)"))
        self.remove_button.setText(_("Re&move row…"))
        self.remove_button.setToolTip(_("Remove the chosen row (Delete)"))
        self.edit_button.setToolTip(_("Open the chosen row's questions (Enter)"))
        self.table.setAccessibleName(_("Roster"))
        self._enable()
        if self.model.session is not None:
            self._show_count()


