"""What stops an interview from being finalised, each one a step away from its question."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from fieldkit.forms import Problem
from fieldkit.i18n import ngettext

PATH_ROLE = Qt.ItemDataRole.UserRole


class ProblemsPanel(QFrame):
    chosen = Signal(str)  # the path of the problem's question

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemsPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("problemsList")
        self.list.setMaximumHeight(160)
        layout.addWidget(self.heading)
        layout.addWidget(self.list)
        self.list.itemClicked.connect(self._chosen)
        self.list.itemActivated.connect(self._chosen)
        self.hide()

    def show_problems(self, problems: Sequence[Problem], label: Callable[[str], str]) -> None:
        self.list.clear()
        for problem in problems:
            question = label(problem.path)
            # A dash, not a colon: most questions already end in "?" or ":".
            text = f"{question} — {problem.message}" if question else problem.message
            item = QListWidgetItem(text)
            item.setData(PATH_ROLE, problem.path)
            item.setToolTip(text)
            self.list.addItem(item)
        self.heading.setText(_heading(len(problems)))
        self.setVisible(bool(problems))

    def _chosen(self, item: QListWidgetItem) -> None:
        path = item.data(PATH_ROLE)
        if isinstance(path, str):
            self.chosen.emit(path)

    def retranslate(self) -> None:
        if self.list.count():
            self.heading.setText(_heading(self.list.count()))


def _heading(n: int) -> str:
    return ngettext(
        "This interview cannot be finalised yet: {n} answer needs attention. "
        "Choose it to go to its question.",
        "This interview cannot be finalised yet: {n} answers need attention. "
        "Choose one to go to its question.", n).format(n=n)
