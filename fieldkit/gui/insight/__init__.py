"""The coordinator's Insight workspace: community profiles over time and trend alerts
(the counting and the statistics are Qt-free, in :mod:`fieldkit.insight`).

Imported only when the Insight tab is first shown (see
:mod:`fieldkit.gui.coordinator.insight_tab`): Qt Charts and the engine load then.

Modules: ``view`` (the workspace), ``charts`` (Qt Charts, mirrored for right-to-left
interfaces), ``tables`` (the rows shown and exported), ``export`` (CSV and XLSX),
``formatting`` (numbers, shares and periods in the interface language).
"""
