"""The screenshot tour: the real app, offscreen, on demo data, one PNG per main screen.

    python -m fieldkit.gui.tour OUTDIR [--lang CODE] [--respondent-lang LANG]

The demo data lives in a fresh temporary data folder (never the user's), made as
the command line makes one; the interviews are started through the interview
service (see :mod:`fieldkit.gui.tour_data`), then the main window is driven
through its workspaces' public widgets and methods. Prints each saved path.
Exit codes as the command line's: 0 done, 2 usage (e.g. a language fieldkit or
the form does not have), 4 an output folder that cannot be written.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from fieldkit import i18n
from fieldkit.errors import EXIT_OK, EnvironmentProblem, FieldkitError, UsageError
from fieldkit.i18n import _

if TYPE_CHECKING:
    from PySide6.QtCore import QMessageLogContext, QtMsgType
    from PySide6.QtWidgets import QWidget

    from fieldkit.context import AppContext
    from fieldkit.gui.coordinator import CoordinatorWorkspace
    from fieldkit.gui.main_window import MainWindow
    from fieldkit.gui.tour_data import DemoData

PROG = "python -m fieldkit.gui.tour"
DEFAULT_RESPONDENT_LANGUAGE = "کوردی (ckb)"

SHOTS: tuple[str, ...] = (
    "01-interview-list.png",
    "02-household-roster.png",
    "03-validation-summary.png",
    "04-rtl-form-page.png",
    "05-preferences.png",
    "06-about.png",
    "07-advice-sessions.png",
    "08-session-figures.png",
    "09-coordinator.png",
    "10-interviewer-sign-in.png",
    "11-consent.png",
    "12-pictures-large-text.png",
    "13-coordinator-progress.png",
    "14-coordinator-duplicates.png",
    "15-coordinator-export.png",
    "16-coordinator-forms.png",
    "17-coordinator-interviewers.png",
    "18-coordinator-quotas.png",
    "22-coordinator-partners.png",
    "23-coordinator-reports.png",
    "24-coordinator-privacy.png",
    "19-coordinator-categories.png",
    "20-project-setup.png",
    "21-coordinator-insight.png",
)
#: The coordinator's tabs photographed on a coordinator's demo project, in SHOTS order.
COORDINATOR_TABS = ("ProgressTab", "DuplicatesTab", "ExportTab", "FormsTab",
                    "InterviewersTab", "QuotasTab", "PartnersTab", "ReportsTab", "PrivacyTab")
#: Then the dialogs of the coordinator's set-up, in SHOTS order.
SETUP_SHOTS = 2
#: Then Insight, its profile built (the last: it counts every interview).
INSIGHT_SHOTS = 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Save a PNG of each main screen of fieldkit, running offscreen on "
                    "demo data in a temporary data folder.")
    parser.add_argument("outdir", metavar="OUTDIR", type=Path,
                        help="folder for the PNGs (made if missing; files are overwritten)")
    parser.add_argument("--lang", metavar="CODE", default="en",
                        help=f"interface language, one of {' '.join(i18n.UI_LANGUAGES)} "
                             "(default: en)")
    parser.add_argument("--respondent-lang", metavar="LANG",
                        default=DEFAULT_RESPONDENT_LANGUAGE,
                        help="respondent language of the right-to-left form page, as the "
                             "form names it or its code "
                             f"(default: {DEFAULT_RESPONDENT_LANGUAGE})")
    return parser


def _ui_language(code: str) -> str:
    try:
        if not code:
            raise ValueError(code)
        return i18n.resolve_language(code)
    except ValueError:
        raise UsageError(_("--lang {code}: not an interface language; choose one of {codes}.")
                         .format(code=code, codes=", ".join(i18n.UI_LANGUAGES))) from None


def main(argv: Sequence[str] | None = None) -> int:
    # Messages before --lang is applied follow the environment, as the CLI's do.
    with contextlib.suppress(ValueError):
        i18n.set_language(os.environ.get("FIELDKIT_LANG") or None)
    args = build_parser().parse_args(argv)
    try:
        language = _ui_language(args.lang)
        outdir: Path = args.outdir
        try:
            outdir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise EnvironmentProblem(f"{outdir}: {exc.strerror or exc}") from exc
        # Before Qt is imported anywhere: no display is needed, none is touched.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        for path in run_tour(outdir, language, args.respondent_lang):
            print(path, flush=True)
    except FieldkitError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return exc.exit_code
    return EXIT_OK


def run_tour(outdir: Path, language: str, respondent_language: str) -> list[Path]:
    """Make the demo data in a temporary data folder, show the window and save the
    screenshots into ``outdir``; returns their paths in tour order."""
    from fieldkit.forms import SessionError
    from fieldkit.gui.tour_data import (
        create_coordinator_demo,
        create_demo_data,
        make_demo_context,
    )

    with tempfile.TemporaryDirectory(prefix="fieldkit-tour-") as data_dir:
        ctx = make_demo_context(Path(data_dir), language)
        try:
            try:
                demo = create_demo_data(ctx, respondent_language)
            except SessionError as exc:  # --respondent-lang the form does not have
                raise UsageError(str(exc)) from exc
            saved = _photograph(ctx, demo, outdir)
        finally:
            ctx.close()
    with tempfile.TemporaryDirectory(prefix="fieldkit-tour-coordinator-") as data_dir:
        ctx = make_demo_context(Path(data_dir), language)
        try:
            project_id = create_coordinator_demo(ctx)
            return saved + _photograph_coordinator(ctx, project_id, outdir,
                                                   SHOTS[len(saved):])
        finally:
            ctx.close()


def _photograph(ctx: AppContext, demo: DemoData, outdir: Path) -> list[Path]:
    from PySide6.QtCore import QEventLoop, QTimer, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    import fieldkit
    from fieldkit.gui.about import AboutDialog
    from fieldkit.gui.fonts import apply_app_font, register_bundled_fonts
    from fieldkit.gui.interviews import InterviewsWorkspace
    from fieldkit.gui.main_window import MainWindow
    from fieldkit.gui.preferences import PreferencesDialog
    from fieldkit.gui.qt_i18n import apply_language
    from fieldkit.gui.sessions import SessionsWorkspace

    qInstallMessageHandler(_quiet_offscreen_notes)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("fieldkit")
    app.setApplicationVersion(fieldkit.__version__)
    register_bundled_fonts()
    apply_app_font(int(ctx.settings.get("font_size")))
    ctx.ui_language = apply_language(app, ctx.ui_language)

    saved: list[Path] = []
    shots = iter(SHOTS[:-(len(COORDINATOR_TABS) + SETUP_SHOTS + INSIGHT_SHOTS)])

    def shoot(widget: QWidget) -> None:
        saved.append(_save(widget, outdir / next(shots)))

    def sign_in(uuid: str, dialog_shot: bool = False) -> None:
        workspace = window.pages[0]
        assert isinstance(workspace, InterviewsWorkspace)
        """Open an interview as the interviewer does: pick the profile, type the PIN."""
        from fieldkit.gui.tour_data import PIN

        workspace.open_interview(uuid)
        dialog = workspace.profile_dialog
        assert dialog is not None
        dialog.pin_edit.setText(PIN)
        if dialog_shot:
            shoot(dialog)
        loop = QEventLoop()  # the PIN is checked off the UI thread: wait for it
        dialog.finished.connect(loop.quit)
        QTimer.singleShot(30_000, loop.quit)  # a wrong demo PIN must not hang the tour
        dialog.sign_in_button.click()
        loop.exec()

    window = MainWindow(ctx, demo.project_id)
    window.refresh()
    window.show()
    workspace = window.pages[0]
    assert isinstance(workspace, InterviewsWorkspace)
    try:
        window.navigation.setCurrentRow(0)
        workspace.show_list()
        workspace.list_screen.table.selectRow(0)
        shoot(window)

        sign_in(demo.household)
        shoot(window)

        sign_in(demo.attendee_draft)
        screen = workspace.form_screen
        assert screen is not None
        screen.finalise()  # with required answers missing: the problems list
        shoot(window)

        sign_in(demo.respondent_language)
        shoot(window)
        workspace.show_list()

        preferences = PreferencesDialog(ctx.settings, window)
        preferences.show()
        shoot(preferences)
        preferences.reject()

        about = AboutDialog(ctx.paths, window.store_text, window)
        about.show()
        shoot(about)
        about.reject()

        window.navigation.setCurrentRow(1)  # Advice sessions: a check-in, its figures
        sessions = window.pages[1]
        assert isinstance(sessions, SessionsWorkspace)
        sessions.refresh()
        sessions.open_session(demo.advice_session)
        shoot(window)
        sessions.tabs.setCurrentIndex(sessions.tabs.count() - 1)
        shoot(window)
        sessions.tabs.setCurrentIndex(0)

        window.navigation.setCurrentRow(2)  # Coordinator
        shoot(window)

        window.navigation.setCurrentRow(0)
        sign_in(demo.no_consent, dialog_shot=True)
        consent = workspace.consent_screen
        assert consent is not None
        consent.buttons["on_behalf"].click()
        consent.given_by.setText("Ana Pop")
        consent.relationship.setText(_("daughter"))
        shoot(window)

        # Pictures, larger text and read aloud (which, offscreen, finds no sound).
        sign_in(demo.pictorial)
        assert workspace.text_size is not None and workspace.read_aloud is not None
        workspace.text_size.set_percent(150)
        workspace.read_aloud.read()
        shoot(window)
    finally:
        _close(window)
    return saved


def _photograph_coordinator(ctx: AppContext, project_id: str, outdir: Path,
                            names: Sequence[str]) -> list[Path]:
    """The coordinator's tabs on its own demo project (the app is already set up)."""
    from PySide6.QtCore import QDeadlineTimer
    from PySide6.QtWidgets import QApplication

    from fieldkit.gui.coordinator import CoordinatorWorkspace
    from fieldkit.gui.main_window import MainWindow

    window = MainWindow(ctx, project_id)
    window.refresh()
    window.show()
    saved: list[Path] = []
    try:
        window.navigation.setCurrentRow(2)
        workspace = window.stack.currentWidget()
        assert isinstance(workspace, CoordinatorWorkspace)
        tab_names = names[:len(COORDINATOR_TABS)]
        dialog_names = names[len(COORDINATOR_TABS):len(COORDINATOR_TABS) + SETUP_SHOTS]
        (insight_name,) = names[len(COORDINATOR_TABS) + SETUP_SHOTS:]
        for name, tab_class in zip(tab_names, COORDINATOR_TABS, strict=True):
            tab = workspace.tab(tab_class)
            workspace.tabs.setCurrentWidget(tab)
            deadline = QDeadlineTimer(30_000)  # background loading, not a hang
            while tab.busy() and not deadline.hasExpired():
                QApplication.processEvents()
            saved.append(_save(window, outdir / name))
        saved.extend(_photograph_setup(window, workspace, dialog_names, outdir))
        insight = workspace.tab("InsightTab")
        workspace.tabs.setCurrentWidget(insight)
        _insight(insight)
        saved.append(_save(window, outdir / insight_name))
    finally:
        _close(window)
    return saved


def _insight(tab: object) -> None:
    """Insight: the household survey's profile built, and the chart behind its first
    alert (or the household types over time when nothing stands out)."""
    from PySide6.QtCore import QDeadlineTimer
    from PySide6.QtWidgets import QApplication

    from fieldkit.gui.coordinator.insight_tab import InsightTab

    assert isinstance(tab, InsightTab)

    def wait() -> None:
        deadline = QDeadlineTimer(60_000)
        while (tab.view is None or any(tab.busy(k) for k in ("forms", "fields", "build"))) \
                and not deadline.hasExpired():
            QApplication.processEvents()

    wait()
    view = tab.view
    assert view is not None
    view.build()
    wait()
    if view.built is None:
        return
    if view.built.alerts.alerts:
        view.open_alert(0)
    else:
        view.show_chart("shares", measure="household_type", category="family_with_children")
        view.results.setCurrentWidget(view.charts)


def _photograph_setup(window: MainWindow, workspace: CoordinatorWorkspace,
                      names: Sequence[str], outdir: Path) -> list[Path]:
    """The local-categories dialog on the customer profile's ethnicity list, then the
    new-project wizard's page about where the data lives."""
    from PySide6.QtCore import QDeadlineTimer
    from PySide6.QtWidgets import QApplication, QWizard

    from fieldkit.gui.coordinator.categories_dialog import CategoriesDialog
    from fieldkit.gui.coordinator.forms_tab import FormsTab
    from fieldkit.gui.coordinator.new_project import NewProjectWizard

    categories_name, setup_name = names
    forms = workspace.tab("FormsTab")
    assert isinstance(forms, FormsTab)
    workspace.tabs.setCurrentWidget(forms)
    forms.open_categories()
    dialog = forms.dialog
    assert isinstance(dialog, CategoriesDialog)
    deadline = QDeadlineTimer(30_000)
    while dialog.loading and not deadline.hasExpired():
        QApplication.processEvents()
    index = next((i for i, e in enumerate(dialog.lists) if e.list_name == "ethnicity"), 0)
    dialog.list_combo.setCurrentIndex(index)
    dialog.name.setText("eritrean")
    first = next(iter(dialog.label_edits.values()), None)
    if first is not None:
        first.setText(_("Eritrean"))
    saved = [_save(dialog, outdir / categories_name)]
    dialog.reject()
    window.open_new_project()
    wizard = window.wizard
    assert isinstance(wizard, NewProjectWizard)
    wizard.name_page.name.setText(_("Shirley outreach 2027"))
    wizard.name_page.organisation.setText("Southampton Housing Partnership")
    wizard.button(QWizard.WizardButton.NextButton).click()
    saved.append(_save(wizard, outdir / setup_name))
    wizard.reject()
    return saved


def _quiet_offscreen_notes(_mode: QtMsgType, _context: QMessageLogContext,
                           message: str) -> None:
    """Qt's messages to stderr, without the offscreen platform's notes about what it
    cannot do (window size hints, raising): they say nothing about the app."""
    if not message.startswith("This plugin does not support"):
        print(message, file=sys.stderr)


def _save(widget: QWidget, path: Path) -> Path:
    """A PNG of ``widget`` once layouts and paints are through."""
    _settle()
    if not widget.grab().save(str(path), "PNG"):
        raise EnvironmentProblem(f"{path}: could not be written")
    return path


def _settle() -> None:
    """Let layouts, deferred deletes and paints through before a grab."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    for _round in range(3):
        QApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


def _close(window: MainWindow) -> None:
    window.close()
    window.deleteLater()
    _settle()


if __name__ == "__main__":
    sys.exit(main())
