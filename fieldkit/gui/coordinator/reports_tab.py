"""Reports: the trend report's settings, period and language, and the button that
makes it (F10).

This tab is only a frame: the view (:mod:`fieldkit.gui.reports.tab`) is imported and
built when the tab is first shown, so start-up pays nothing for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWidget

from fieldkit.gui.coordinator.base import CoordinatorTab
from fieldkit.i18n import _

if TYPE_CHECKING:
    from fieldkit.context import AppContext
    from fieldkit.gui.reports.tab import ReportsView


class ReportsTab(CoordinatorTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("coordinatorReports")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        #: The view, once the tab has been shown.
        self.view: ReportsView | None = None

    def title(self) -> str:
        return _("Reports")

    def refresh(self) -> None:
        if self.view is None:
            from fieldkit.gui.reports.tab import ReportsView

            self.view = ReportsView(self)
            self._layout.addWidget(self.view)
        self.view.refresh()

    def retranslate(self) -> None:
        if self.view is not None:
            self.view.retranslate()
