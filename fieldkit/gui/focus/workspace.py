"""The Focus groups workspace. Only its heading is built at start-up: the panels (and
the focus service) load the first time the workspace is shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from fieldkit.i18n import _

if TYPE_CHECKING:
    from fieldkit.context import AppContext
    from fieldkit.gui.focus.panels import FocusPanels
    from fieldkit.gui.workspaces import WorkspaceSpec
    from fieldkit.projects import ProjectOverview


class FocusWorkspace(QWidget):
    changed = Signal()

    def __init__(self, spec: WorkspaceSpec, ctx: AppContext,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.ctx = ctx
        self.setObjectName(f"workspace_{spec.key}")
        self.project_id: str | None = None
        self.panels: FocusPanels | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self._layout.addWidget(self.heading)
        self.retranslate()

    def set_overview(self, overview: ProjectOverview, store_text: str) -> None:
        if overview.project_id != self.project_id:
            self.project_id = overview.project_id
            if self.panels is not None:
                self.panels.set_project(overview.project_id)
        if self.isVisible() and self.panels is not None:
            self.panels.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.ensure_panels()

    def ensure_panels(self) -> FocusPanels | None:
        if self.panels is None and self.project_id is not None:
            from fieldkit.gui.focus.panels import FocusPanels

            self.panels = FocusPanels(self.ctx, self.project_id)
            self.panels.changed.connect(self.changed)
            self._layout.addWidget(self.panels, 1)
            self.panels.show()  # added to a widget already on screen
            self._layout.activate()
        elif self.panels is not None:
            self.panels.refresh()
        return self.panels

    def retranslate(self) -> None:
        self.heading.setText(_(self.spec.title))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
