"""Duplicate households (issue F4 item 6): NOT BUILT in this branch.

Plug-in point: replace ``DuplicatesTab`` with the real screen, a
:class:`~fieldkit.gui.coordinator.base.CoordinatorTab` subclass with the same name
(``title()``, ``refresh()`` reading ``fieldkit.sync.duplicates`` off the UI thread
via ``self.run``, ``retranslate()``, ``changed`` emitted after a resolution). The
workspace (``workspace.TAB_CLASSES``) needs no change.
"""

from __future__ import annotations

from fieldkit.gui.coordinator.not_built import NotBuiltTab
from fieldkit.i18n import N_


class DuplicatesTab(NotBuiltTab):
    OBJECT_NAME = "coordinatorDuplicates"
    TITLE = N_("Duplicates")
    WILL_DO = N_("Reviewing possible duplicate households is not built into this window "
                 "yet. This tab will list households that two interviewers may both have "
                 "recorded, and let you mark them as the same or as different.")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.setObjectName("coordinatorDuplicates")
