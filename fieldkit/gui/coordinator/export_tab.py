"""Exports for analysis (issue F6): NOT BUILT in this branch.

Plug-in point: replace ``ExportTab`` with the real screen, a
:class:`~fieldkit.gui.coordinator.base.CoordinatorTab` subclass with the same name
(``title()``, ``retranslate()``; the export runs through ``self.run(work, done,
status, key="export", on_progress=...)`` with the export service's progress callback
and cancel flag, as ``import_tab`` does for bundles). The workspace
(``workspace.TAB_CLASSES``) needs no change.
"""

from __future__ import annotations

from fieldkit.gui.coordinator.not_built import NotBuiltTab
from fieldkit.i18n import N_


class ExportTab(NotBuiltTab):
    OBJECT_NAME = "coordinatorExport"
    TITLE = N_("Export")
    WILL_DO = N_("Exporting data is not built into this window yet. This tab will write "
                 "the project's interviews as CSV, Excel, SPSS or Stata files for "
                 "analysis.")
