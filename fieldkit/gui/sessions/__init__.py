"""The Advice sessions workspace: sessions, keyboard-first check-in, follow-ups, figures."""

from fieldkit.gui.sessions.workspace import SessionsWorkspace

__all__ = ["SessionsWorkspace"]
