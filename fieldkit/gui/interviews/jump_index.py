"""Ctrl+J on the form screen: every page reachable now, under its section
headings, filtered as you type; Enter or a click jumps there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.forms import SessionError
from fieldkit.i18n import _

if TYPE_CHECKING:
    from fieldkit.forms import FormSession

PATH_ROLE = Qt.ItemDataRole.UserRole


def _sections(session: FormSession, path: str, cache: dict[str, str]) -> list[tuple[str, str]]:
    """(path, label) of the labelled groups and repeat rows above ``path``."""
    out: list[tuple[str, str]] = []
    steps = path.split("/")
    for end in range(3, len(steps)):
        above = "/".join(steps[:end])
        label = cache.get(above)
        if label is None:
            try:
                label = session.label(above)
            except SessionError:
                label = ""
            cache[above] = label
        if label:
            out.append((above, label))
    return out


def index_entries(session: FormSession) -> list[tuple[int, str, str]]:
    """(depth, text, path) rows of the index: section headings (path "") and pages."""
    rows: list[tuple[int, str, str]] = []
    cache: dict[str, str] = {}
    open_sections: list[str] = []
    for index in session.reachable_page_indexes():
        page = session.page(index)
        if page is None:
            continue
        sections = _sections(session, page.path, cache)
        if page.field_list or page.roster is not None:
            sections = [s for s in sections if s[0] != page.path]
        keep = 0
        while keep < min(len(sections), len(open_sections)) \
                and sections[keep][0] == open_sections[keep]:
            keep += 1
        open_sections = open_sections[:keep]
        for above, label in sections[keep:]:
            rows.append((len(open_sections), label, ""))
            open_sections.append(above)
        text = page.label or (page.questions[0].label if page.questions else page.path)
        rows.append((len(open_sections), text, page.path))
    return rows


class JumpIndex(QDialog):
    chosen = Signal(str)  # the page's path

    def __init__(self, session: FormSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("jumpIndex")
        self.setWindowTitle(_("Go to a question"))
        self.resize(560, 520)
        layout = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setObjectName("jumpSearch")
        self.search.setPlaceholderText(_("Type to find a question or section…"))
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("jumpList")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        heading_font = QFont(self.list.font())
        heading_font.setBold(True)
        current = session.current_page
        for depth, text, path in index_entries(session):
            item = QListWidgetItem("    " * depth + " ".join(text.split()))
            item.setData(PATH_ROLE, path)
            if not path:
                item.setFont(heading_font)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
            if current is not None and path == current.path:
                self.list.setCurrentItem(item)
        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)
        self.list.itemActivated.connect(self._chosen)
        self.list.itemClicked.connect(self._chosen)
        self.search.setFocus()

    def _filter(self, text: str) -> None:
        wanted = text.casefold().strip()
        first: QListWidgetItem | None = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            is_page = bool(item.data(PATH_ROLE))
            hit = not wanted or wanted in item.text().casefold()
            item.setHidden((not hit and is_page) or (bool(wanted) and not is_page and not hit))
            if hit and is_page and first is None:
                first = item
        if first is not None:
            self.list.setCurrentItem(first)

    def eventFilter(self, watched: object, event: object) -> bool:  # noqa: N802
        if watched is self.search and isinstance(event, QKeyEvent) \
                and event.type() == QKeyEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown,
                               Qt.Key.Key_PageUp):
                self.list.setFocus()
                self.list.keyPressEvent(event)
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                item = self.list.currentItem()
                if item is not None:
                    self._chosen(item)
                return True
        return False

    def _chosen(self, item: QListWidgetItem) -> None:
        path = item.data(PATH_ROLE)
        if isinstance(path, str) and path and not item.isHidden():
            self.accept()
            self.chosen.emit(path)
