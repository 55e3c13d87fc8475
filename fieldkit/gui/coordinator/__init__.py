"""The Coordinator workspace: import bundles, review conflicts and duplicate
households, follow progress, write packs and receipts, export for analysis.

Modules: ``workspace`` (the page in the main window, its tabs and drag and drop),
``base`` (what every tab shares: background loading, status, formatting),
``import_tab``, ``conflicts_tab``, ``progress_tab``, ``project_tab`` (packs and
receipts), ``duplicates_tab`` (with ``household_card``) and ``export_tab``.
"""

from fieldkit.gui.coordinator.workspace import CoordinatorWorkspace

__all__ = ["CoordinatorWorkspace"]
