"""Starting the desktop app.

The window is shown before the store is opened (SQLAlchemy, migrations and the
first query take longer than drawing the window); the store opens on the next turn
of the event loop, and the window fills in. ``gui --smoke`` waits for that too.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from fieldkit.context import AppContext
from fieldkit.errors import FieldkitError
from fieldkit.i18n import _

if TYPE_CHECKING:
    from fieldkit.gui.main_window import MainWindow

log = logging.getLogger(__name__)

STARTUP_TRACE_ENV = "FIELDKIT_STARTUP_TRACE"  # benchmarks: file to write "window shown" time


def check_qt() -> None:
    """Import Qt's widgets now: ImportError here means Qt's system libraries are
    missing (e.g. libEGL), which the command line reports as an environment problem."""
    import PySide6.QtWidgets  # noqa: F401


def run_app(ctx: AppContext, *, smoke: bool = False,
            open_file: tuple[str, Path] | None = None) -> int:
    """Run the app until its window closes; returns the exit code.

    ``smoke``: offscreen, show the main window, open the store and load the project,
    then exit 0. An environment problem (store locked, from a newer fieldkit, ...)
    is shown to the user and raised again for the command line's exit code.
    ``open_file``: (kind, path) of a pack or bundle to open once the project is shown.
    """
    if smoke:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # Qt is imported here, not at module level, so the CLI stays light.
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    import fieldkit
    from fieldkit.gui.crash import CrashHandler, show_environment_problem, tell_previous_crash
    from fieldkit.gui.desktop import FileOpenRouter, app_icon
    from fieldkit.gui.fonts import apply_app_font, register_bundled_fonts
    from fieldkit.gui.main_window import MainWindow
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
    try:
        lock.acquire()
    except FieldkitError as exc:
        if not smoke:
            show_environment_problem(str(exc))
        raise
    crash = CrashHandler(ctx.paths, interactive=not smoke)
    kept = crash.previous_crash()
    crash.attach()
    problem: list[FieldkitError] = []

    def open_project() -> None:
        from fieldkit.projects import current_project, ensure_local_device

        try:
            ensure_local_device(ctx.store)
            project = current_project(ctx.store)
        except FieldkitError as exc:  # e.g. a bad --db URL, a store from a newer fieldkit
            from fieldkit.store.faults import DamagedStore

            if isinstance(exc, DamagedStore) and not smoke:
                from fieldkit.gui.restore_backup import offer_restore

                if offer_restore(exc, key=ctx.store_key()):
                    ctx.close()
                    open_project()  # the restored store
                    return
                problem.append(exc)
                app.exit(exc.exit_code)
                return
            problem.append(exc)
            if not smoke:
                show_environment_problem(str(exc))
            app.exit(exc.exit_code)
            return
        window.set_project(project.id)
        if not smoke:
            _start_idle_lock(ctx, window)
        if kept is not None and not smoke:
            tell_previous_crash(window, kept)
        if project.role == "practice" and window.overview is not None \
                and window.overview.forms == 0:
            set_up_practice_forms(project.id)
        else:
            ready()

    def set_up_practice_forms(project_id: str) -> None:
        """First start: the practice project gets the default forms, converted off
        the UI thread while the window shows progress."""
        from fieldkit.gui.tasks import run_in_background
        from fieldkit.project_forms import install_default_forms

        window.show_progress(_("Setting up the practice project's forms…"), 0, 1)

        def failed(exc: BaseException) -> None:
            window.hide_progress()
            if isinstance(exc, FieldkitError):
                log.error("practice forms not installed: %s", exc)
                window.statusBar().showMessage(str(exc))
                ready()
            else:
                crash.handle(type(exc), exc, exc.__traceback__)

        def done(_result: object) -> None:
            window.hide_progress()
            window.refresh()
            ready()

        run_in_background(
            lambda progress: install_default_forms(ctx.store, project_id, progress),
            on_done=done, on_failed=failed,
            on_progress=lambda d, t: window.show_progress(
                _("Setting up the practice project's forms…"), d, t))

    def ready() -> None:
        if open_file is not None:
            window.open_file(*open_file)
        if smoke:
            app.exit(0 if window.isVisible() and window.overview is not None else 1)

    try:
        app.setWindowIcon(app_icon())
        window = MainWindow(ctx)
        FileOpenRouter(window).install(app)
        window.show()
        _trace_startup()
        from fieldkit.vault.access import secret_from_environment

        if not smoke and secret_from_environment() is None:
            from fieldkit.gui.lock import ask_key_at_start

            # An encrypted store's PIN is asked before it is opened (scripts and
            # --smoke use FIELDKIT_PIN instead, see fieldkit.vault.access).
            ctx.unlocker = lambda file: ask_key_at_start(window, file)
        QTimer.singleShot(0, open_project)
        code = app.exec()
        log.info("fieldkit exits with %s", code)
        if problem:
            raise problem[0]
        return code
    finally:
        crash.detach()
        lock.release()
        ctx.close()


def _start_idle_lock(ctx: AppContext, window: MainWindow) -> None:
    """On an encrypted store, lock the app after idle time and on waking from sleep."""
    from fieldkit.store.database import record_vault_events, sqlite_file

    file = sqlite_file(ctx.db_url)
    if file is None or ctx.store_key() is None:
        return  # a plaintext store has no store PIN to lock with
    from fieldkit.gui.interviews.workspace import InterviewsWorkspace
    from fieldkit.gui.lock import IdleLock
    from fieldkit.vault.unlock import wrapped_for

    def owner() -> str | None:
        for page in window.pages:
            if isinstance(page, InterviewsWorkspace) and page.interviewer is not None \
                    and wrapped_for(file, page.interviewer.id):
                return page.interviewer.id
        return None  # nobody signed in yet: any interviewer of this laptop

    window.idle_lock = IdleLock(file, minutes=lambda: int(ctx.settings.get("lock_minutes")),
                                owner=owner,
                                on_unlocked=lambda: record_vault_events(ctx.store, file),
                                on_quit=window.close, parent=window)
    window.idle_lock.start()


def _trace_startup() -> None:
    trace = os.environ.get(STARTUP_TRACE_ENV)
    if trace:
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()  # let the show and expose events through
        Path(trace).write_text(f"{time.time()}\n", encoding="utf-8")
