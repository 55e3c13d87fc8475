"""A main window whose practice project holds the default forms (copied from rows
converted once per test session), opened on the Interviews workspace; and small
markdown XLSForms opened on a form screen of their own, for tests that drive one
kind of question at a time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from fieldkit.context import AppContext
from fieldkit.gui.interviews import InterviewsWorkspace
from fieldkit.gui.interviews.form_screen import FormScreen
from fieldkit.gui.interviews.profile_dialog import InterviewerDialog
from fieldkit.gui.interviews.question_widgets import QuestionWidget
from fieldkit.gui.main_window import MainWindow
from fieldkit.interviews import open_interview, start_interview
from fieldkit.interviews.consent import Consent
from fieldkit.project_forms import add_form
from fieldkit.projects import current_project
from fieldkit.store.models import Form
from tests.gui.conftest import open_window
from tests.interviews.conftest import default_form_rows  # noqa: F401 - a fixture

ATTENDEE_TITLE = "Advice-session attendee record"
OpenForm = Callable[..., FormScreen]


@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext,
           default_form_rows: list[dict[str, object]]) -> MainWindow:  # noqa: F811
    project_id = current_project(ctx.store).id
    with ctx.store.session() as session:
        session.add_all([Form(project_id=project_id, **row) for row in default_form_rows])
    window = open_window(qtbot, ctx)
    with qtbot.waitActive(window):  # keyboard focus moves as it does for a person
        window.activateWindow()
    return window


@pytest.fixture
def workspace(window: MainWindow) -> InterviewsWorkspace:
    page = window.pages[0]
    assert isinstance(page, InterviewsWorkspace)
    assert window.stack.currentWidget() is page
    return page


def question(root: QWidget, name: str) -> QuestionWidget:
    """The widget of question ``name`` on the page shown now."""
    found = root.findChild(QuestionWidget, f"question_{name}")
    assert found is not None, f"question {name} is not on the page"
    return found


PIN = "2468"


def sign_in(qtbot: QtBot, workspace: InterviewsWorkspace, *, name: str = "Ola Nowak",
            pin: str = PIN) -> None:
    """Answer "Who is interviewing?" as a person: make the profile the first time,
    afterwards type the PIN and press Enter."""
    from PySide6.QtCore import Qt

    dialog = workspace.profile_dialog
    assert dialog is not None and dialog.isVisible()
    if dialog.pages.currentWidget() is dialog.create_page:
        qtbot.keyClicks(dialog.name_edit, name)
        qtbot.keyClicks(dialog.new_pin, pin)
        qtbot.keyClicks(dialog.new_pin_repeat, pin)
        qtbot.keyClick(dialog.new_pin_repeat, Qt.Key.Key_Return)
    else:
        qtbot.keyClicks(dialog.pin_edit, pin)
        qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Return)
    wait_for(qtbot, dialog)
    assert closed(dialog), dialog.pin_message.text()
    back_to_window(qtbot, workspace)


def back_to_window(qtbot: QtBot, workspace: InterviewsWorkspace) -> None:
    """What a window manager does when a dialog closes (offscreen Qt does not)."""
    from PySide6.QtWidgets import QApplication

    window = workspace.window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def wait_for(qtbot: QtBot, dialog: InterviewerDialog) -> None:
    """Until the PIN is checked (off the UI thread: hashing takes most of a second)."""
    qtbot.waitUntil(lambda: closed(dialog) or not dialog.busy, timeout=20_000)


def closed(dialog: QWidget) -> bool:
    """The dialog is gone (it deletes itself once done) or hidden."""
    return not isValid(dialog) or not dialog.isVisible()


def give_consent(qtbot: QtBot, workspace: InterviewsWorkspace, key: str = "2") -> None:
    """On the consent step: press the method's number key (2: verbal), then Enter."""
    from PySide6.QtCore import Qt

    screen = workspace.consent_screen
    assert screen is not None and workspace.stack.currentWidget() is screen
    focus = screen.buttons["verbal"]  # where the step puts the focus
    assert focus.hasFocus()
    qtbot.keyClick(focus, key)
    qtbot.keyClick(focus, Qt.Key.Key_Return)


@pytest.fixture
def open_form(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> OpenForm:
    """Store a markdown XLSForm, start an interview of it and show it on a form
    screen (attachments under the data dir, as in the app)."""
    counter = iter(range(1000))

    def make(text: str, language: str = "") -> FormScreen:
        path = tmp_path / f"form{next(counter)}.md"
        path.write_text(text, encoding="utf-8")
        project_id = current_project(ctx.store).id
        form = add_form(ctx.store, project_id, path)
        handle = start_interview(ctx.store, form_pk=form.pk, respondent_language=language,
                                 consent=Consent("verbal"))
        screen = FormScreen(ctx.store, attachments_dir=ctx.paths.attachments_dir)
        qtbot.addWidget(screen)
        screen.resize(900, 700)
        with qtbot.waitExposed(screen):
            screen.show()
        with qtbot.waitActive(screen):
            screen.activateWindow()
        screen.show_interview(handle)
        screen.focus_page()
        return screen

    return make


def stored(ctx: AppContext, screen: FormScreen) -> dict[str, str]:
    """The answers as a fresh handle reads them back from the store."""
    assert screen.handle is not None
    return open_interview(ctx.store, screen.handle.uuid).session.to_dict()


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget
