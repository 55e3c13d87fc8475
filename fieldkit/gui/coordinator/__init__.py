"""The Coordinator workspace: import bundles, review conflicts, follow progress,
write packs and receipts (and, once merged, duplicates and exports).

Modules: ``workspace`` (the page in the main window, its tabs and drag and drop),
``base`` (what every tab shares: background loading, status, formatting),
``import_tab``, ``conflicts_tab``, ``progress_tab``, ``project_tab`` (packs and
receipts), ``duplicates_tab`` and ``export_tab`` (placeholders: not built yet),
``not_built`` (the placeholder tab).
"""

from fieldkit.gui.coordinator.workspace import CoordinatorWorkspace

__all__ = ["CoordinatorWorkspace"]
