"""When fieldkit itself fails: say so, say where the log is, and keep the window.

An unexpected Python exception opens a CrashDialog (via ``sys.excepthook``)
instead of the app vanishing. A hard crash (segfault) cannot show anything, so
faulthandler writes it to ``crash.log``; the next start finds it and tells the user.
"""

from __future__ import annotations

import faulthandler
import logging
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO

from PySide6.QtWidgets import QApplication, QWidget

from fieldkit.i18n import _
from fieldkit.paths import AppPaths

log = logging.getLogger(__name__)


class CrashHandler:
    """Owns sys.excepthook and faulthandler for the running app."""

    def __init__(self, paths: AppPaths, *, interactive: bool = True) -> None:
        """``interactive=False`` (gui --smoke): no dialog; the app exits with 70."""
        self.paths = paths
        self.interactive = interactive
        self._fault_file: IO[str] | None = None
        self._showing = False
        self._previous_hook = sys.excepthook

    def previous_crash(self) -> Path | None:
        """If the last run died hard, move its faulthandler output aside and return it."""
        crash = self.paths.crash_file
        try:
            if crash.is_file() and crash.stat().st_size > 0:
                stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
                kept = crash.with_name(f"crash-{stamp}.log")
                crash.rename(kept)
                return kept
        except OSError:
            log.warning("could not read %s", crash)
        return None

    def attach(self) -> None:
        self.paths.log_dir.mkdir(parents=True, exist_ok=True)
        self._fault_file = self.paths.crash_file.open("w", encoding="utf-8")
        faulthandler.enable(self._fault_file)
        self._previous_hook = sys.excepthook
        sys.excepthook = self.handle

    def detach(self) -> None:
        if sys.excepthook == self.handle:
            sys.excepthook = self._previous_hook
        if self._fault_file is not None:
            faulthandler.disable()
            self._fault_file.close()
            self._fault_file = None
            # A clean exit leaves no crash report behind.
            self.paths.crash_file.unlink(missing_ok=True)

    def handle(self, exc_type: type[BaseException], exc: BaseException,
               tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.critical("unexpected error\n%s", details)
        if not self.interactive:
            QApplication.exit(70)
            return
        if self._showing:  # an error inside the dialog itself: log only
            return
        self._showing = True
        try:
            # Imported when needed: Qt builds its dialog classes on first use, which
            # would otherwise cost start-up time for a dialog that is rarely shown.
            from PySide6.QtWidgets import QDialog

            from fieldkit.gui.crash_dialog import CrashDialog

            dialog = CrashDialog(f"{exc_type.__name__}: {exc}", details, self.paths.log_file,
                                 QApplication.activeWindow())
            if dialog.exec() == QDialog.DialogCode.Rejected:
                QApplication.exit(70)
        finally:
            self._showing = False


def tell_previous_crash(parent: QWidget | None, kept: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(
        parent, _("fieldkit closed unexpectedly"),
        _("fieldkit closed unexpectedly last time. Answers given before that are kept. "
          "A report was saved to {path}; please send it to your coordinator.").format(path=kept))


def show_environment_problem(message: str) -> None:
    """For problems that stop the app starting (e.g. an unwritable data folder)."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(None, _("fieldkit cannot start"), message)
