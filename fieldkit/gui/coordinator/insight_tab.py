"""Insight: the coordinator's community profiles over time and trend alerts.

This tab is only a frame: the workspace itself (:mod:`fieldkit.gui.insight`, with
Qt Charts and the analysis engine) is imported and built when the tab is first
shown, so a coordinator who never opens it pays nothing for it at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWidget

from fieldkit.gui.coordinator.base import CoordinatorTab
from fieldkit.i18n import _

if TYPE_CHECKING:
    from fieldkit.context import AppContext
    from fieldkit.gui.insight.view import InsightView


class InsightTab(CoordinatorTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("coordinatorInsight")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        #: The workspace, once the tab has been shown.
        self.view: InsightView | None = None

    def title(self) -> str:
        return _("Insight")

    def refresh(self) -> None:
        """Called when the tab is shown and the store changed: build the workspace
        the first time, then let it re-read the forms."""
        if self.view is None:
            from fieldkit.gui.insight.view import InsightView

            self.view = InsightView(self)
            self._layout.addWidget(self.view)
        self.view.refresh()

    def retranslate(self) -> None:
        if self.view is not None:
            self.view.retranslate()
