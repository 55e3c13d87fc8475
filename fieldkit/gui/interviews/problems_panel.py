"""What stops an interview from being finalised, each one a link to its question.

Kept small (a few lines, scrolling for more) so the page it sits under stays
usable while the interviewer works through the list."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldkit.forms import Problem
from fieldkit.gui.locale_numbers import number
from fieldkit.i18n import _, ngettext

#: Problems shown without scrolling.
VISIBLE_ROWS = 4

PATH_ROLE = Qt.ItemDataRole.UserRole


class ProblemsPanel(QFrame):
    chosen = Signal(str)  # the path of the problem's question

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problemsPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(2)
        top = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.close_button = QPushButton()
        self.close_button.setObjectName("hideProblems")
        self.close_button.setFlat(True)
        self.close_button.clicked.connect(self.hide)
        top.addWidget(self.heading, 1)
        top.addWidget(self.close_button)
        self.list = QListWidget()
        self.list.setObjectName("problemsList")
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setCursor(Qt.CursorShape.PointingHandCursor)
        # Each problem reads as a link: the link colour, underlined.
        palette = self.list.palette()
        palette.setColor(QPalette.ColorRole.Text, palette.color(QPalette.ColorRole.Link))
        palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))
        self.list.setPalette(palette)
        link_font = QFont(self.list.font())
        link_font.setUnderline(True)
        self.list.setFont(link_font)
        row = self.list.fontMetrics().lineSpacing() + 4
        self.list.setMaximumHeight(row * VISIBLE_ROWS + 4)
        layout.addLayout(top)
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
        row = self.list.fontMetrics().lineSpacing() + 4
        self.list.setFixedHeight(row * min(max(len(problems), 1), VISIBLE_ROWS) + 4)
        self.setVisible(bool(problems))

    def _chosen(self, item: QListWidgetItem) -> None:
        path = item.data(PATH_ROLE)
        if isinstance(path, str):
            self.chosen.emit(path)

    def retranslate(self) -> None:
        self.close_button.setText(_("Hide"))
        self.close_button.setToolTip(_("Hide this list (Finalise shows it again)"))
        if self.list.count():
            self.heading.setText(_heading(self.list.count()))


def _heading(n: int) -> str:
    return ngettext(
        "Cannot finalise yet: {n} answer needs attention. Choose it to go there.",
        "Cannot finalise yet: {n} answers need attention. Choose one to go there.", n).format(
            n=number(n))
