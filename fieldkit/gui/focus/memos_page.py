"""The Memos tab of the Focus groups workspace: the analyst's memos on the chosen
group, each about the group itself or about one theme. Choosing a memo puts it in
the editor; Ctrl+Enter saves it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from fieldkit.focus.analysis import theme_path
from fieldkit.focus.records import FocusData
from fieldkit.focus.writes import FocusWriter
from fieldkit.gui.focus.common import UUID, Do
from fieldkit.i18n import _

__all__ = ["MemosPage"]


class MemosPage(QWidget):
    def __init__(self, language: str | None, writer: Callable[[], FocusWriter], do: Do,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.writer = writer
        self.do = do
        self.data = FocusData()
        self.group = ""
        self.memo = ""  # the memo in the editor ("" for a new one)
        layout = QVBoxLayout(self)
        self.memos = QListWidget()
        self.memos.setObjectName("focusMemos")
        self.memos.setWordWrap(True)
        self.memos.currentItemChanged.connect(self._chosen)
        layout.addWidget(self.memos, 1)
        form = QFormLayout()
        self.theme_label = QLabel()
        self.theme = QComboBox()
        self.theme.setObjectName("memoTheme")
        self.theme_label.setBuddy(self.theme)
        form.addRow(self.theme_label, self.theme)
        layout.addLayout(form)
        self.text = QTextEdit()  # aligns each paragraph to its own script's side
        self.text.setAcceptRichText(False)
        self.text.setObjectName("memoText")
        self.text.installEventFilter(self)
        layout.addWidget(self.text, 1)
        buttons = QHBoxLayout()
        self.new = QPushButton()
        self.new.setObjectName("newMemo")
        self.new.clicked.connect(self.start_new)
        self.save = QPushButton()
        self.save.setObjectName("saveMemo")
        self.save.clicked.connect(self.save_memo)
        self.remove = QPushButton()
        self.remove.setObjectName("removeMemo")
        self.remove.clicked.connect(self.remove_memo)
        for button in (self.new, self.save, self.remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.theme_label.setText(_("&About"))
        self.text.setPlaceholderText(_("A memo: what you noticed, a question to follow "
                                       "up, how a theme is used… (Ctrl+Enter saves)"))
        self.new.setText(_("New memo"))
        self.save.setText(_("Save memo"))
        self.remove.setText(_("Remove memo"))
        self.set_data(self.data, self.group)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_data(self, data: FocusData, group: str) -> None:
        if group != self.group:
            self.memo = ""
        self.data, self.group = data, group
        keep = self.theme.currentData()
        self.theme.clear()
        self.theme.addItem(_("the group"), "")
        for theme in data.themes:
            self.theme.addItem(theme_path(data, theme, self.language), theme.uuid)
        self.theme.setCurrentIndex(max(0, self.theme.findData(keep)))
        self.memos.blockSignals(True)
        self.memos.clear()
        for memo in (m for m in data.memos if m.group == group):
            about_theme = data.theme(memo.theme) if memo.theme else None
            about = (theme_path(data, about_theme, self.language) if about_theme
                     else _("the group"))
            item = QListWidgetItem(f"{about}: {memo.text}")
            item.setData(UUID, memo.uuid)
            self.memos.addItem(item)
            if memo.uuid == self.memo:
                self.memos.setCurrentItem(item)
        self.memos.blockSignals(False)
        if self.memo and self.memos.currentItem() is None:
            self.memo = ""
        self.remove.setEnabled(bool(self.memo))

    def _chosen(self, current: QListWidgetItem | None,
                _previous: QListWidgetItem | None) -> None:
        memo = next((m for m in self.data.memos
                     if current is not None and m.uuid == current.data(UUID)), None)
        self.memo = memo.uuid if memo else ""
        self.text.setPlainText(memo.text if memo else "")
        self.theme.setCurrentIndex(max(0, self.theme.findData(memo.theme if memo else "")))
        self.remove.setEnabled(memo is not None)

    def start_new(self) -> None:
        self.memos.setCurrentRow(-1)
        self.memo = ""
        self.text.clear()
        self.remove.setEnabled(False)
        self.text.setFocus()

    def save_memo(self) -> None:
        text = self.text.toPlainText().strip()
        if not text or not self.group:
            return
        theme, memo, group = str(self.theme.currentData() or ""), self.memo, self.group

        def write() -> None:
            if memo:
                self.writer().set_memo(memo, text=text, theme=theme)
            else:
                self.memo = self.writer().add_memo(group, text, theme=theme)

        self.do(_("Save memo"), write)

    def remove_memo(self) -> None:
        memo = self.memo
        if memo and self.do(_("Remove memo"), lambda: self.writer().remove(memo)):
            self.start_new()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.text and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.save_memo()
            return True
        return super().eventFilter(watched, event)
