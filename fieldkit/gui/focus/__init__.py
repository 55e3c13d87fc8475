"""The Focus groups workspace: groups, notes in the room, coding, the theme matrix."""

from fieldkit.gui.focus.workspace import FocusWorkspace

__all__ = ["FocusWorkspace"]
