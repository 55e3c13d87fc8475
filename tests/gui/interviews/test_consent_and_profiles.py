"""Who is interviewing and whether the respondent agreed, driven as a person would:
the profile and PIN at every start and resume, then the consent step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QPushButton
from pytestqt.qtbot import QtBot

from fieldkit import interviewers
from fieldkit.context import AppContext
from fieldkit.gui.interviews import InterviewsWorkspace
from fieldkit.gui.interviews.profile_dialog import InterviewerDialog
from fieldkit.interviewers import PinGuard
from fieldkit.interviews import list_interviews, open_interview
from fieldkit.store.models import Interviewer
from tests.gui.interviews.conftest import (
    ATTENDEE_TITLE,
    PIN,
    back_to_window,
    closed,
    give_consent,
    sign_in,
    wait_for,
)

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise",
                                       "This plugin does not support grabbing")


@pytest.fixture(autouse=True)
def fresh_guard(monkeypatch: pytest.MonkeyPatch) -> PinGuard:
    guard = PinGuard()
    monkeypatch.setattr(interviewers, "DEFAULT_GUARD", guard)
    return guard


def new_interview(qtbot: QtBot, workspace: InterviewsWorkspace, language: str = "English (en)",
                  label: str = "HH-1") -> None:
    QApplication.processEvents()
    qtbot.mouseClick(workspace.list_screen.new_button, Qt.MouseButton.LeftButton)
    dialog = workspace.new_dialog
    assert dialog is not None
    dialog.form_combo.setCurrentIndex(dialog.form_combo.findText(ATTENDEE_TITLE))
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findText(language))
    qtbot.keyClicks(dialog.label_edit, label)
    qtbot.mouseClick(dialog.buttons.findChild(QAbstractButton, "startInterview"),
                     Qt.MouseButton.LeftButton)


def resume_first(qtbot: QtBot, workspace: InterviewsWorkspace) -> None:
    table = workspace.list_screen.table
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)


def test_profile_pin_and_consent_before_the_form(
        qtbot: QtBot, ctx: AppContext, workspace: InterviewsWorkspace) -> None:
    assert workspace.interviewer_label.text() == "No interviewer signed in"
    new_interview(qtbot, workspace)
    dialog = workspace.profile_dialog
    assert dialog is not None
    # No profiles yet: making one comes first; the PINs must match.
    assert dialog.pages.currentWidget() is dialog.create_page
    qtbot.keyClicks(dialog.name_edit, "Ola Nowak")
    qtbot.keyClicks(dialog.new_pin, "2468")
    qtbot.keyClicks(dialog.new_pin_repeat, "2469")
    qtbot.keyClick(dialog.new_pin_repeat, Qt.Key.Key_Return)
    assert dialog.create_message.text() == "The two PINs are not the same."
    qtbot.keyClicks(dialog.new_pin_repeat, "2468")
    qtbot.keyClick(dialog.new_pin_repeat, Qt.Key.Key_Return)
    wait_for(qtbot, dialog)
    assert closed(dialog)
    back_to_window(qtbot, workspace)
    assert workspace.interviewer_label.text() == "Interviewer: \u2068Ola Nowak\u2069"

    # The consent step, not the form: nothing can be answered yet.
    consent = workspace.consent_screen
    assert consent is not None and workspace.stack.currentWidget() is consent
    assert "happy for us to record this visit" in consent.statement.text()
    assert not consent.record_button.isEnabled()  # until a method is chosen
    qtbot.keyClick(consent.buttons["verbal"], "3")  # on behalf: needs who and relationship
    assert consent.buttons["on_behalf"].isChecked()
    assert consent.relationship.isVisibleTo(consent)
    assert consent.given_by.hasFocus()  # who agreed comes next
    qtbot.keyClicks(consent.given_by, "Ana Pop")
    qtbot.keyClick(consent.given_by, Qt.Key.Key_Return)
    assert "relationship" in consent.message.text()
    assert workspace.stack.currentWidget() is consent
    qtbot.keyClicks(consent.relationship, "daughter")
    qtbot.keyClick(consent.relationship, Qt.Key.Key_Return)
    screen = workspace.form_screen
    assert screen is not None and workspace.stack.currentWidget() is screen
    assert screen.handle is not None
    recorded = screen.handle.consent
    assert recorded is not None
    assert (recorded.method, recorded.given_by, recorded.relationship) == (
        "on_behalf", "Ana Pop", "daughter")
    profile = workspace.interviewer
    assert profile is not None and recorded.recorded_by == profile.id
    info = open_interview(ctx.store, screen.handle.uuid).info
    assert (info.interviewer_name, info.respondent_language) == ("Ola Nowak", "English (en)")
    assert info.device_id and info.created_at

    # The list says who interviewed.
    qtbot.mouseClick(screen.back_button, Qt.MouseButton.LeftButton)
    [summary] = list_interviews(ctx.store, workspace.project_id or "")
    assert summary.interviewer_name == "Ola Nowak"
    assert workspace.list_screen.model.index(0, 4).data() == "Ola Nowak"


def test_wrong_pins_are_refused_then_made_to_wait(
        qtbot: QtBot, ctx: AppContext, workspace: InterviewsWorkspace) -> None:
    new_interview(qtbot, workspace)
    sign_in(qtbot, workspace)
    give_consent(qtbot, workspace)
    assert workspace.form_screen is not None
    qtbot.mouseClick(workspace.form_screen.back_button, Qt.MouseButton.LeftButton)

    resume_first(qtbot, workspace)
    dialog = workspace.profile_dialog
    assert dialog is not None and dialog.pages.currentWidget() is dialog.sign_in_page
    assert dialog.profile_combo.currentText() == "Ola Nowak"  # the last one, chosen
    for _attempt in range(interviewers.FREE_ATTEMPTS - 1):
        qtbot.keyClicks(dialog.pin_edit, "1111")
        qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Return)
        wait_for(qtbot, dialog)
        assert dialog.pin_message.text() == "That is not Ola Nowak's PIN. Try again."
        assert dialog.pin_edit.text() == ""  # cleared for the next try
    qtbot.keyClicks(dialog.pin_edit, "1111")
    qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Return)
    wait_for(qtbot, dialog)
    assert dialog.pin_message.text().startswith("Too many wrong PINs for Ola Nowak: try again")
    qtbot.keyClicks(dialog.pin_edit, PIN)  # even the right PIN waits now
    qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Return)
    wait_for(qtbot, dialog)
    assert dialog.isVisible()
    assert workspace.stack.currentWidget() is workspace.list_screen
    qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Escape)
    assert closed(dialog)
    assert workspace.stack.currentWidget() is workspace.list_screen


def test_refusal_closes_the_interview_and_resume_asks_again(
        qtbot: QtBot, ctx: AppContext, workspace: InterviewsWorkspace) -> None:
    new_interview(qtbot, workspace, label="Refuses")
    sign_in(qtbot, workspace)
    consent = workspace.consent_screen
    assert consent is not None
    # Leaving before consent: the draft waits for it and comes back to this step.
    qtbot.mouseClick(consent.back_button, Qt.MouseButton.LeftButton)
    assert workspace.stack.currentWidget() is workspace.list_screen
    resume_first(qtbot, workspace)
    sign_in(qtbot, workspace)
    assert workspace.stack.currentWidget() is consent
    qtbot.keyClick(consent.buttons["verbal"], "4")
    assert consent.record_button.text() == "&Record refusal and close"
    qtbot.keyClick(consent.record_button, Qt.Key.Key_Return)
    assert workspace.stack.currentWidget() is workspace.list_screen
    [summary] = list_interviews(ctx.store, workspace.project_id or "")
    assert (summary.status, summary.consent) == ("finalized", "refused")
    assert summary.answered == 0  # what the form fills itself (instanceID) is not counted
    assert workspace.list_screen.model.index(0, 0).data() == "Refused"
    assert "Finalised: 1" in workspace.facts.text()


def test_consent_text_is_in_the_respondents_language(
        qtbot: QtBot, workspace: InterviewsWorkspace) -> None:
    new_interview(qtbot, workspace, language="کوردی (ckb)")
    sign_in(qtbot, workspace)
    consent = workspace.consent_screen
    assert consent is not None
    assert consent.statement.text().startswith("ئایا")  # the form's Sorani text
    assert consent.statement_box.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert consent.layoutDirection() == Qt.LayoutDirection.LeftToRight  # the UI: English
    assert consent.how.text() == "How did the respondent answer?"


def open_sign_in(qtbot: QtBot, workspace: InterviewsWorkspace) -> InterviewerDialog:
    """Make Ola's profile at a first interview, leave at consent, resume: the
    sign-in page of "Who is interviewing?"."""
    new_interview(qtbot, workspace)
    sign_in(qtbot, workspace)
    consent = workspace.consent_screen
    assert consent is not None
    qtbot.mouseClick(consent.back_button, Qt.MouseButton.LeftButton)
    resume_first(qtbot, workspace)
    dialog = workspace.profile_dialog
    assert dialog is not None and dialog.pages.currentWidget() is dialog.sign_in_page
    return dialog


def test_interviewer_changes_their_pin(
        qtbot: QtBot, ctx: AppContext, workspace: InterviewsWorkspace,
        fresh_guard: PinGuard) -> None:
    dialog = open_sign_in(qtbot, workspace)
    profile_id = dialog.profile_combo.currentData()
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentWidget() is dialog.change_page
    assert "Ola Nowak" in dialog.change_intro.text()
    assert dialog.focusWidget() is dialog.current_pin  # where typing goes
    # A wrong current PIN: refused, counted like a wrong sign-in, nothing changed.
    qtbot.keyClicks(dialog.current_pin, "1111")
    qtbot.keyClicks(dialog.changed_pin, "1357")
    qtbot.keyClicks(dialog.changed_pin_repeat, "1357")
    qtbot.mouseClick(dialog.change_pin_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, dialog)
    assert dialog.change_message.text() == "That is not Ola Nowak's PIN. Try again."
    assert dialog.current_pin.text() == ""
    qtbot.keyClicks(dialog.current_pin, PIN)
    qtbot.mouseClick(dialog.change_pin_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, dialog)
    assert dialog.pages.currentWidget() is dialog.sign_in_page
    assert dialog.pin_changed.text() == (
        "The PIN of \u2068Ola Nowak\u2069 is changed; sign in with the new PIN.")
    assert dialog.pin_edit.text() == "" and not dialog.pin_message.isVisible()
    assert dialog.isVisible() and dialog.profile is None  # changing is not signing in
    guard = PinGuard()
    with pytest.raises(interviewers.PinWrong):
        interviewers.sign_in(ctx.store, profile_id, PIN, guard=guard)
    assert interviewers.sign_in(ctx.store, profile_id, "1357", guard=guard).name == "Ola Nowak"
    # And the dialog signs in with the new PIN.
    qtbot.keyClicks(dialog.pin_edit, "1357")
    qtbot.keyClick(dialog.pin_edit, Qt.Key.Key_Return)
    wait_for(qtbot, dialog)
    assert closed(dialog)


def test_mismatched_new_pins_change_nothing(
        qtbot: QtBot, ctx: AppContext, workspace: InterviewsWorkspace) -> None:
    dialog = open_sign_in(qtbot, workspace)
    profile_id = dialog.profile_combo.currentData()
    with ctx.store.session() as db:
        before = db.get_one(Interviewer, profile_id).pin_hash
    qtbot.keyClick(dialog.change_button, Qt.Key.Key_Space)
    assert dialog.pages.currentWidget() is dialog.change_page
    qtbot.keyClicks(dialog.current_pin, PIN)
    qtbot.keyClicks(dialog.changed_pin, "1357")
    qtbot.keyClicks(dialog.changed_pin_repeat, "1358")
    qtbot.mouseClick(dialog.change_pin_button, Qt.MouseButton.LeftButton)
    assert not dialog.busy  # caught in the dialog: nothing sent to the core
    assert dialog.change_message.text() == "The two PINs are not the same."
    assert dialog.changed_pin_repeat.text() == ""
    assert dialog.focusWidget() is dialog.changed_pin_repeat
    with ctx.store.session() as db:
        assert db.get_one(Interviewer, profile_id).pin_hash == before
    # Back: the sign-in page, and the old PIN still signs in.
    qtbot.mouseClick(dialog.findChild(QPushButton, "backFromChange"),
                     Qt.MouseButton.LeftButton)
    assert dialog.pages.currentWidget() is dialog.sign_in_page
    sign_in(qtbot, workspace)
    assert closed(dialog)
