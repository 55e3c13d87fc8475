"""Starting the desktop app."""

from __future__ import annotations

import logging
import os
import sys

from fieldkit.context import AppContext
from fieldkit.errors import EnvironmentProblem

log = logging.getLogger(__name__)


def run_app(ctx: AppContext, *, smoke: bool = False) -> int:
    """Run the app until its window closes; returns the exit code.

    ``smoke``: offscreen, show the main window (store opened, project loaded), exit 0.
    """
    if smoke:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # Qt is imported here, not at module level, so the CLI stays light.
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    import fieldkit
    from fieldkit.gui.crash import CrashHandler, show_environment_problem, tell_previous_crash
    from fieldkit.gui.fonts import apply_app_font, register_bundled_fonts
    from fieldkit.gui.qt_i18n import apply_language
    from fieldkit.gui.single_instance import InstanceLock

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("fieldkit")
    app.setApplicationVersion(fieldkit.__version__)
    app.setDesktopFileName("fieldkit")
    register_bundled_fonts()
    apply_app_font(int(ctx.settings.get("font_size")))
    ctx.ui_language = apply_language(app, ctx.ui_language)

    lock = InstanceLock(ctx.paths)
    crash = CrashHandler(ctx.paths)
    try:
        lock.acquire()
        kept = crash.previous_crash()
        from fieldkit.gui.main_window import MainWindow
        from fieldkit.projects import current_project, ensure_local_device

        ensure_local_device(ctx.store)
        project = current_project(ctx.store)
    except EnvironmentProblem as exc:
        lock.release()
        if not smoke:
            show_environment_problem(str(exc))
        raise
    crash.install()
    try:
        window = MainWindow(ctx, project.id)
        window.refresh()
        window.show()
        if smoke:
            QTimer.singleShot(0, lambda: app.exit(0 if window.isVisible() else 1))
        elif kept is not None:
            QTimer.singleShot(0, lambda: tell_previous_crash(window, kept))
        code = app.exec()
        log.info("fieldkit exits with %s", code)
        return code
    finally:
        crash.uninstall()
        lock.release()
        ctx.close()
