"""Filling in an interview on screen, driven as an interviewer would: start it from
the New dialog, answer by clicking and typing, move between pages, switch the
respondent's language, leave and resume, finalise, reopen."""

from __future__ import annotations

import re
import time
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from fieldkit.context import AppContext
from fieldkit.gui.interviews import InterviewsWorkspace
from fieldkit.gui.interviews.form_screen import FormScreen
from fieldkit.interviews import list_interviews, open_interview
from tests.gui.interviews.conftest import ATTENDEE_TITLE, give_consent, question, sign_in

# The offscreen platform's notes about popups (the searchable list's suggestions).
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise",
                                       "This plugin does not support grabbing")

ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")


def click(qtbot: QtBot, widget: QWidget) -> None:
    QApplication.processEvents()  # lay the page out, as it is before anyone can click
    assert widget.isEnabled(), widget.objectName()
    assert widget.isVisible(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def give_back_focus(qtbot: QtBot, widget: QWidget) -> None:
    """What a window manager does when a dialog or popup closes (offscreen Qt does not)."""
    window = widget.window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def choice(root: QWidget, name: str, value: str) -> QAbstractButton:
    button = question(root, name).findChild(QAbstractButton, f"choice_{value}")
    assert button is not None, f"{name} has no choice {value}"
    return button


def type_into(qtbot: QtBot, root: QWidget, name: str, text: str) -> None:
    line = question(root, name).findChild(QLineEdit)
    assert line is not None
    line.setFocus()
    line.selectAll()
    if text.isascii():
        qtbot.keyClicks(line, text)
    else:  # QTest types ASCII only; this is what an input method does
        line.insert(text)
    qtbot.keyClick(line, Qt.Key.Key_Tab)  # leaving the field saves it


def start_attendee_interview(qtbot: QtBot, workspace: InterviewsWorkspace,
                             label: str = "HH-017") -> FormScreen:
    click(qtbot, workspace.list_screen.new_button)
    dialog = workspace.new_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.form_combo.setCurrentIndex(dialog.form_combo.findText(ATTENDEE_TITLE))
    assert dialog.language_combo.currentText() == "English (en)"
    assert dialog.language_combo.findText("کوردی (ckb)") >= 0
    qtbot.keyClicks(dialog.label_edit, label)
    click(qtbot, dialog.buttons.findChild(QAbstractButton, "startInterview"))
    give_back_focus(qtbot, workspace)
    sign_in(qtbot, workspace)
    give_consent(qtbot, workspace)
    screen = workspace.form_screen
    assert screen is not None and workspace.stack.currentWidget() is screen
    return screen


def stored(ctx: AppContext, uuid: str) -> dict[str, str]:
    """The answers as a fresh handle reads them back from the store."""
    return open_interview(ctx.store, uuid).session.to_dict()


def test_fill_in_switch_language_resume_and_finalise(
        qtbot: QtBot, ctx: AppContext, workspace: InterviewsWorkspace) -> None:
    screen = start_attendee_interview(qtbot, workspace)
    assert screen.handle is not None
    uuid = screen.handle.uuid
    page = screen.page_container

    # Consent first; the visit questions appear only after "yes".
    assert "happy for us to record" in question(page, "consent").label.text()
    assert question(page, "consent").label.text().endswith("*")  # required
    click(qtbot, choice(page, "consent", "yes"))
    click(qtbot, screen.next_button)

    # The "Person" page: a field-list with radio buttons, text and a searchable list.
    assert screen.page_title.text() == "Person"
    click(qtbot, choice(page, "visit_type", "new"))
    type_into(qtbot, page, "attendee_name", "Ana")
    combo = question(page, "preferred_language").findChild(QComboBox)
    assert combo is not None and combo.isEditable()
    combo.setFocus()
    qtbot.keyClicks(combo.lineEdit(), "Polish")
    popup = QApplication.activePopupWidget()  # the matching choices, as you type
    qtbot.keyClick(popup or combo.lineEdit(), Qt.Key.Key_Return)
    assert QApplication.activePopupWidget() is None
    give_back_focus(qtbot, page)
    assert page.findChild(QWidget, "question_interpreter_who") is None
    click(qtbot, choice(page, "interpreter_used", "yes"))
    # Relevance is applied at once: the follow-on question is now on the page.
    assert question(page, "interpreter_who").isVisibleTo(page)
    assert screen.widgets  # the same page, not a new one
    click(qtbot, screen.next_button)

    # Household numbers, with a constraint shown at the question.
    assert screen.page_title.text() == "Household"
    type_into(qtbot, page, "household_size", "3")
    type_into(qtbot, page, "children", "9")
    children = question(page, "children")
    assert children.problem.isVisibleTo(page)
    assert "cannot be more than" in children.problem.text()
    assert "cannot be more than" in children.line.accessibleDescription()
    type_into(qtbot, page, "children", "٢")  # Arabic-Indic digits are numbers too
    assert not children.problem.isVisibleTo(page)

    # Previous goes back; the answers are on screen and in the store.
    click(qtbot, screen.previous_button)
    assert screen.page_title.text() == "Person"
    assert question(page, "attendee_name").findChild(QLineEdit).text() == "Ana"  # type: ignore[union-attr]
    qtbot.keyClick(screen.next_button, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert screen.page_title.text() == "Household"
    qtbot.keyClick(screen.next_button, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert screen.page_title.text() == "Person"
    answers = stored(ctx, uuid)
    assert answers["/data/consent"] == "yes"
    assert answers["/data/visit/person/attendee_name"] == "Ana"
    assert answers["/data/visit/person/preferred_language"] == "pl"
    assert answers["/data/visit/person/interpreter_used"] == "yes"
    assert answers["/data/visit/household/household_size"] == "3"
    assert answers["/data/visit/household/children"] == "2"

    # The respondent's language: Sorani, right to left, whatever the UI language.
    english = question(page, "attendee_name").label.text()
    screen.language_combo.setCurrentIndex(screen.language_combo.findText("کوردی (ckb)"))
    assert page.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert screen.layoutDirection() == Qt.LayoutDirection.LeftToRight  # the UI stays English
    sorani = question(page, "attendee_name").label.text()
    assert sorani != english and ARABIC_SCRIPT.search(sorani)
    assert question(page, "attendee_name").findChild(QLineEdit).text() == "Ana"  # type: ignore[union-attr]
    assert open_interview(ctx.store, uuid).info.respondent_language == "کوردی (ckb)"

    # Back to the list; the interview is there; resuming opens it where it was left.
    click(qtbot, screen.back_button)
    assert workspace.stack.currentWidget() is workspace.list_screen
    model = workspace.list_screen.model
    assert model.rowCount() == 1
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row[0] == "Draft" and row[1] == ATTENDEE_TITLE and row[2] == "HH-017"
    # the seven answers, not instanceID
    assert row[3] == "کوردی (ckb)" and row[4] == "Ola Nowak" and row[6] == "7"
    table = workspace.list_screen.table
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    sign_in(qtbot, workspace)  # a resume asks for the PIN again
    assert workspace.stack.currentWidget() is screen
    assert page.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert screen.page_title.text() == "کەس"  # "Person", in Sorani
    screen.language_combo.setCurrentIndex(screen.language_combo.findText("English (en)"))
    assert page.layoutDirection() == Qt.LayoutDirection.LeftToRight

    # Next stops at a page with a required answer missing: the message shows at
    # the question, which takes the focus.
    for _step in range(20):
        before = screen.handle.current_page
        click(qtbot, screen.next_button)
        if screen.handle.current_page == before:
            break
    blocked = [w for w in screen.widgets.values() if w.problem.isVisibleTo(page)]
    assert blocked and blocked[0].problem.text() == "Please answer this question."
    assert blocked[0].isAncestorOf(QApplication.focusWidget())

    # The index (Ctrl+J) goes anywhere: to the last page, to finalise from there.
    qtbot.keyClick(screen.next_button, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    index = screen.moves.jump_index
    assert index is not None and index.isVisible()
    pages = index.list
    last = pages.item(pages.count() - 1)
    qtbot.mouseClick(pages.viewport(), Qt.MouseButton.LeftButton,
                     pos=pages.visualItemRect(last).center())
    assert not index.isVisible()
    assert screen.next_button.text() == "Fi&nalise…"
    click(qtbot, screen.next_button)
    problems = screen.problems.list
    assert screen.problems.isVisibleTo(screen) and problems.count() >= 3
    texts = [problems.item(i).text() for i in range(problems.count())]
    assert texts[0] == ("What did the person need help with today? — "
                        "Please answer this question.")
    assert any(t.startswith("Is follow-up needed?") for t in texts)
    first = problems.item(0)
    rect = problems.visualItemRect(first)
    qtbot.mouseClick(problems.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    issues = question(page, "issues")  # jumped to the question's page
    assert issues.problem.isVisibleTo(page)
    assert issues.problem.text() == "Please answer this question."
    assert issues.findChild(QAbstractButton, "choice_housing").accessibleDescription() \
        == "Please answer this question."

    # Answer everything and finalise: the interview becomes read-only.
    click(qtbot, choice(page, "issues", "housing"))
    assert not issues.problem.isVisibleTo(page)
    click(qtbot, choice(page, "issues", "benefits"))
    click(qtbot, screen.next_button)
    click(qtbot, screen.next_button)  # advice given: optional
    click(qtbot, choice(page, "outcome", "advice_given"))
    click(qtbot, screen.next_button)
    click(qtbot, choice(page, "referral_made", "no"))
    click(qtbot, screen.next_button)
    click(qtbot, choice(page, "followup", "yes"))
    click(qtbot, screen.next_button)
    date_question = question(page, "followup_date")
    assert date_question.date.text() == "Not answered"  # type: ignore[attr-defined]
    click(qtbot, date_question.findChild(QAbstractButton, "dateToday"))  # type: ignore[arg-type]
    click(qtbot, screen.next_button)
    click(qtbot, choice(page, "followup_by", "me"))
    click(qtbot, screen.next_button)
    assert screen.next_button.text() == "Fi&nalise…"
    click(qtbot, screen.next_button)
    assert not screen.problems.isVisibleTo(screen)
    assert screen.banner.isVisibleTo(screen)
    assert all(not w.isEnabled() for w in screen.findChildren(QAbstractButton)
               if w.objectName().startswith("choice_") or w.objectName() == "dateToday")
    answers = stored(ctx, uuid)
    assert answers["/data/visit/today/issues"] == "housing benefits"
    assert answers["/data/visit/today/followup_date"] == date.today().isoformat()
    summary = list_interviews(ctx.store, workspace.project_id or "")[0]
    assert summary.status == "finalized"
    facts = workspace.facts.text()
    assert "Finalised: 1" in facts

    # Reopen with a reason: a draft again, editable.
    click(qtbot, screen.reopen_button)
    dialog = screen.interview_status.reason_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.findChild(QLineEdit), "Wrong household size")
    qtbot.keyClick(dialog.findChild(QLineEdit), Qt.Key.Key_Return)
    assert screen.handle is not None and screen.handle.status == "draft"
    assert not screen.banner.isVisibleTo(screen)
    assert list_interviews(ctx.store, workspace.project_id or "")[0].status == "draft"


def test_list_searches_and_filters(qtbot: QtBot, ctx: AppContext,
                                   workspace: InterviewsWorkspace) -> None:
    for label in ("Kowalski", "Popescu"):
        screen = start_attendee_interview(qtbot, workspace, label)
        click(qtbot, screen.back_button)
    screen_list = workspace.list_screen
    assert screen_list.model.rowCount() == 2
    qtbot.keyClicks(screen_list.search, "pop")
    assert screen_list.model.rowCount() == 1
    assert screen_list.model.index(0, 2).data() == "Popescu"
    screen_list.search.clear()
    screen_list.status_filter.setCurrentIndex(screen_list.status_filter.findData("finalized"))
    assert screen_list.model.rowCount() == 0
    assert screen_list.empty.isVisibleTo(screen_list)
    assert screen_list.empty.text() == "No interviews match the search."
    screen_list.status_filter.setCurrentIndex(0)
    assert screen_list.model.rowCount() == 2
    # Double-click opens the interview.
    table = screen_list.table
    QApplication.processEvents()
    rect = table.visualRect(screen_list.model.index(1, 1))
    QApplication.processEvents()
    # A double-click is a click and then a second press (QTest sends only the second).
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    sign_in(qtbot, workspace)
    assert workspace.stack.currentWidget() is workspace.form_screen


def test_answering_refreshes_quickly(qtbot: QtBot, workspace: InterviewsWorkspace) -> None:
    """An answer that adds a question to a page is saved and shown fast enough to keep
    up with typing (a generous bound: it takes a few milliseconds)."""
    screen = start_attendee_interview(qtbot, workspace)
    page = screen.page_container
    click(qtbot, choice(page, "consent", "yes"))
    click(qtbot, screen.next_button)
    started = time.perf_counter()
    for value in ("yes", "no") * 5:
        click(qtbot, choice(page, "interpreter_used", value))
    QApplication.processEvents()
    assert (time.perf_counter() - started) / 10 < 0.25
