"""The keyboard-first check-in grid.

Type in any cell to start; Tab saves the cell and opens the next one; after the
last column, Tab goes on to the next person's row. In the name cell, matching
people from earlier sessions are listed as you type: Down/Up choose one, Enter or
Tab takes it (their known name, year of birth, phone and language come with them).
Enter on a cell that is not being edited goes to the next person's row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRegularExpression,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldkit.gui.locale_numbers import number
from fieldkit.gui.sessions.checkin_model import CheckInModel, GridColumn
from fieldkit.i18n import _, ngettext

if TYPE_CHECKING:
    from fieldkit.attendance.matching import Match

Index = QModelIndex | QPersistentModelIndex


class SuggestionList(QListWidget):
    """Earlier people whose names match what is typed; never takes the focus."""

    #: Filled (True) or emptied (False).
    filled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestions")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.matches: list[Match] = []

    def show_matches(self, matches: list[Match]) -> None:
        self.clear()
        self.matches = matches
        for match in matches:
            self.addItem(QListWidgetItem(describe(match)))
        self.setCurrentRow(-1)
        self.filled.emit(bool(matches))

    def move(self, step: int) -> None:  # type: ignore[override]
        if not self.matches:
            return
        row = self.currentRow() + step
        self.setCurrentRow(max(-1, min(row, len(self.matches) - 1)))

    def chosen(self) -> Match | None:
        row = self.currentRow()
        return self.matches[row] if 0 <= row < len(self.matches) else None


class SuggestionBox(QFrame):
    """*Seen before*, floating beside the name cell while there are suggestions: it
    takes no room from the grid when there are none, and sits where the eyes are."""

    MAX_ROWS = 6
    MARGINS = (6, 4, 6, 6)  # left, top, right, bottom

    def __init__(self, suggestions: SuggestionList, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionBox")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.suggestions = suggestions
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*self.MARGINS)
        layout.setSpacing(2)
        self.title = QLabel()
        self.title.setObjectName("suggestionsTitle")
        layout.addWidget(self.title)
        layout.addWidget(suggestions)
        suggestions.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        suggestions.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        suggestions.filled.connect(lambda full: None if full else self.hide())
        self.retranslate()
        self.hide()

    def retranslate(self) -> None:
        self.title.setText("<b>{}</b> · {}".format(_("Seen before"),
                                                  _("Down chooses, Enter takes.")))

    def place(self, cell: QRect) -> None:
        """Show under ``cell`` (the name cell, in the parent's coordinates), or over
        it when there is no room below; as wide as the suggestions need."""
        parent = self.parentWidget()
        listing = self.suggestions
        if parent is None or listing.count() == 0:
            self.hide()
            return
        rows = min(listing.count(), self.MAX_ROWS)
        listing.setFixedHeight(rows * max(listing.sizeHintForRow(0), 1)
                               + 2 * listing.frameWidth())
        wanted = (max(listing.sizeHintForColumn(0), self.title.sizeHint().width())
                  + 2 * listing.frameWidth() + self.MARGINS[0] + self.MARGINS[2] + 8)
        width = min(max(cell.width(), wanted), parent.width())
        height = self.sizeHint().height()
        rtl = parent.layoutDirection() == Qt.LayoutDirection.RightToLeft
        x = cell.right() + 1 - width if rtl else cell.left()
        x = max(0, min(x, parent.width() - width))
        y = cell.bottom() + 1
        if y + height > parent.height():
            y = max(0, cell.top() - height)
        self.setGeometry(x, y, width, height)
        self.raise_()
        self.show()


def describe(match: Match) -> str:
    p = match.person
    parts = [p.name]
    others = sorted(n for n in p.names if n != p.name)
    if others:
        parts.append(_("also written {names}").format(names=", ".join(others[:2])))
    if p.year_of_birth:
        parts.append(_("born {year}").format(year=p.year_of_birth))
    parts.append(ngettext("{n} visit", "{n} visits", p.visits).format(n=number(p.visits)))
    if p.last_visit:
        # Isolated left to right: a right-to-left line would show 05-01-2026.
        parts.append(_("last {date}").format(date=f"\u2066{p.last_visit.isoformat()}\u2069"))
    if match.confirmed_by:
        parts.append("✔ " + _("same year of birth or phone"))
    if match.differs_in:
        parts.append("✖ " + _("different year of birth or phone: ask"))
    return " · ".join(parts)


class NameEditor(QLineEdit):
    """The name cell's editor: arrow keys walk the suggestion list."""

    def __init__(self, suggestions: SuggestionList, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("nameEditor")
        self.suggestions = suggestions
        self.accepted: Match | None = None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.suggestions.matches:
            self.suggestions.move(1 if key == Qt.Key.Key_Down else -1)
            return
        if key == Qt.Key.Key_Escape and self.suggestions.chosen() is not None:
            self.suggestions.setCurrentRow(-1)
            return
        super().keyPressEvent(event)


class CheckInDelegate(QStyledItemDelegate):
    #: The name being typed changed: (text, row).
    name_typed = Signal(str, int)

    def __init__(self, suggestions: SuggestionList, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.suggestions = suggestions

    def _column(self, index: Index) -> GridColumn:
        model = index.model()
        assert isinstance(model, CheckInModel)
        return model.columns[index.column()]

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: Index) -> QWidget:
        column = self._column(index)
        if column.kind == "select_one":
            combo = QComboBox(parent)
            combo.setObjectName(f"editor_{column.name}")
            combo.addItem("", "")
            for value, label in column.choices:
                combo.addItem(label, value)
            combo.setAccessibleName(column.label)
            return combo
        if column.name == "attendee_name":
            editor = NameEditor(self.suggestions, parent)
            row = index.row()
            editor.textEdited.connect(lambda text: self.name_typed.emit(text, row))
            editor.setAccessibleName(column.label)
            return editor
        line = QLineEdit(parent)
        line.setObjectName(f"editor_{column.name}")
        line.setAccessibleName(column.label)
        if column.kind in ("integer", "int"):
            # Not QIntValidator: an empty cell must be left with Tab too.
            line.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,4}"), line))
        return line

    def setEditorData(self, editor: QWidget, index: Index) -> None:  # noqa: N802
        value = str(index.data(Qt.ItemDataRole.EditRole) or "")
        if isinstance(editor, QComboBox):
            found = editor.findData(value)
            editor.setCurrentIndex(max(found, 0))
        elif isinstance(editor, QLineEdit):
            editor.setText(value)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,  # noqa: N802
                     index: Index) -> None:
        assert isinstance(model, CheckInModel)
        if isinstance(editor, NameEditor):
            match = self.suggestions.chosen()
            self.suggestions.show_matches([])
            if match is not None:
                model.link_person(index.row(), match, editor.text())
                return
            model.setData(index, editor.text())
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text())

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:  # noqa: N802
        # Enter in the name cell with a suggestion chosen: take it, go on like Tab.
        if (isinstance(editor, NameEditor) and event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and self.suggestions.chosen() is not None):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.EditNextItem)
            return True
        return super().eventFilter(editor, event)


class CheckInView(QTableView):
    """The grid. Enter (not editing) or Ctrl+Enter: go to the next person's empty row."""

    def __init__(self, suggestions: SuggestionList, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checkInGrid")
        self.delegate = CheckInDelegate(suggestions, self)
        self.setItemDelegate(self.delegate)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setMinimumSectionSize(40)
        self.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setAlternatingRowColors(True)

    def checkin_model(self) -> CheckInModel:
        model = self.model()
        assert isinstance(model, CheckInModel)
        return model

    def go_to_new_row(self) -> None:
        model = self.checkin_model()
        index = model.index(model.rowCount() - 1, 0)
        self.setCurrentIndex(index)
        self.scrollTo(index)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        # Keep the row being typed in on screen when the grid is laid out or resized.
        if self.currentIndex().isValid():
            self.scrollTo(self.currentIndex())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and self.state() != QAbstractItemView.State.EditingState:
            self.go_to_new_row()
            return
        super().keyPressEvent(event)
