"""The Focus groups workspace: groups and consent, notes in the room, coding, memos,
passages of a theme, the theme matrix and chart, the recording and the exports."""

from fieldkit.gui.focus.workspace import FocusWorkspace

__all__ = ["FocusWorkspace"]
