"""A tab whose screen is not built yet: it says so, and what it will do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from fieldkit.gui.coordinator.base import CoordinatorTab
from fieldkit.i18n import _

if TYPE_CHECKING:
    from fieldkit.context import AppContext


class NotBuiltTab(CoordinatorTab):
    #: N_-marked texts, set by subclasses.
    OBJECT_NAME = ""
    TITLE = ""
    WILL_DO = ""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName(self.OBJECT_NAME)
        layout = QVBoxLayout(self)
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        inner = QVBoxLayout(frame)
        self.not_built_title = QLabel()
        self.not_built_title.setObjectName("notBuiltTitle")
        bold = QFont(self.not_built_title.font())
        bold.setBold(True)
        self.not_built_title.setFont(bold)
        self.not_built = QLabel()
        self.not_built.setObjectName("notBuilt")
        self.not_built.setWordWrap(True)
        inner.addWidget(self.not_built_title)
        inner.addWidget(self.not_built)
        layout.addWidget(frame)
        layout.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        return _(self.TITLE)

    def retranslate(self) -> None:
        self.not_built_title.setText(_("Not built yet"))
        self.not_built.setText(_(self.WILL_DO))
