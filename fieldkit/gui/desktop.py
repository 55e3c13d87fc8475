"""Desktop integration inside the app: its icon, and files the system asks it to open.

Linux and Windows start ``fieldkit open FILE`` (desktop entry, Inno Setup's file
associations); macOS sends an already running or starting app a FileOpen event
instead, which :class:`FileOpenRouter` hands to the main window the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QFileOpenEvent, QIcon

from fieldkit.errors import FieldkitError
from fieldkit.packaged import resource

if TYPE_CHECKING:
    from fieldkit.gui.main_window import MainWindow


def app_icon() -> QIcon:
    """fieldkit's icon (resources/icons/fieldkit.svg; Qt's SVG plugin draws every size)."""
    return QIcon(str(resource("icons", "fieldkit.svg")))


class FileOpenRouter(QObject):
    """Routes the system's FileOpen events (macOS Finder) to MainWindow.open_file."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def install(self, app: QCoreApplication) -> None:
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.FileOpen or not isinstance(event, QFileOpenEvent):
            return False
        path = Path(event.file())
        from fieldkit.sync.file_kind import file_kind

        try:
            kind = file_kind(path)
        except FieldkitError as exc:
            self.window.show_message(str(exc), ok=False)
            return True
        self.window.open_file(kind, path)
        return True
