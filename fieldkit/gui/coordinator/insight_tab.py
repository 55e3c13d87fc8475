"""Insight: the coordinator's community profiles over time and trend alerts.

This tab is only a frame: the workspace itself (:mod:`fieldkit.gui.insight`, with
Qt Charts and the analysis engine) is imported and built when the tab is first
shown, so a coordinator who never opens it pays nothing for it at start-up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from fieldkit.gui.coordinator.base import CoordinatorTab
from fieldkit.i18n import _

if TYPE_CHECKING:
    from fieldkit.context import AppContext
    from fieldkit.gui.insight.population import PopulationView
    from fieldkit.gui.insight.view import InsightView


class InsightTab(CoordinatorTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("coordinatorInsight")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        #: The workspace's trends, once the tab has been shown.
        self.view: InsightView | None = None
        #: The census comparison, once its page has been shown (F8).
        self.population: PopulationView | None = None
        self.modes: QTabWidget | None = None

    def title(self) -> str:
        return _("Insight")

    def refresh(self) -> None:
        """Called when the tab is shown and the store changed: build the workspace
        the first time, then let it re-read the forms."""
        if self.view is None or self.modes is None:
            from fieldkit.gui.insight.view import InsightView

            self.modes = QTabWidget()
            self.modes.setObjectName("insightModes")
            self.view = InsightView(self)
            self.modes.addTab(self.view, "")
            self.modes.addTab(QWidget(), "")  # the Population view, built when shown
            self.modes.currentChanged.connect(lambda _i: self._mode_shown())
            self._layout.addWidget(self.modes)
            self._titles()
        self.view.refresh()
        if self.population is not None:
            self.population.refresh()

    def _mode_shown(self) -> None:
        if self.modes is None or self.modes.currentIndex() != 1:
            return
        if self.population is None:
            from fieldkit.gui.insight.population import PopulationView

            self.population = PopulationView(self)
            self.modes.blockSignals(True)
            placeholder = self.modes.widget(1)
            self.modes.removeTab(1)
            if placeholder is not None:
                placeholder.deleteLater()
            self.modes.insertTab(1, self.population, "")
            self.modes.setCurrentIndex(1)
            self.modes.blockSignals(False)
            self._titles()
            self.population.refresh()

    def show_population(self) -> PopulationView:
        """Show the Population view (built the first time)."""
        assert self.modes is not None
        self.modes.setCurrentIndex(1)
        self._mode_shown()
        assert self.population is not None
        return self.population

    def _titles(self) -> None:
        if self.modes is not None:
            self.modes.setTabText(0, _("Trends"))
            self.modes.setTabText(1, _("Population"))

    def retranslate(self) -> None:
        self._titles()
        if self.view is not None:
            self.view.retranslate()
        if self.population is not None:
            self.population.retranslate()
