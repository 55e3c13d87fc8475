"""The whole default household survey from the keyboard alone, in English and in
Sorani (right to left), household roster included; then what the interview
service stored. And a draft that survives a crash of the app."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QWidget
from pytestqt.qtbot import QtBot

from fieldkit.context import AppContext
from fieldkit.gui.interviews import InterviewsWorkspace
from fieldkit.gui.interviews.form_screen import FormScreen
from fieldkit.gui.interviews.question_widgets import QuestionWidget
from fieldkit.interviews import open_interview, start_interview
from fieldkit.store.models import Form
from tests.gui.interviews.conftest import give_consent, sign_in
from tests.interviews.conftest import VERBAL

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise",
                                       "This plugin does not support grabbing")

HOUSEHOLD = "household_survey"
MEMBER = "/data/survey/roster/member"
CTRL = Qt.KeyboardModifier.ControlModifier
PEOPLE = (("Anna", "41"), ("Marek", "43"), ("Zofia", "9"))


def household_pk(ctx: AppContext) -> int:
    with ctx.store.session() as db:
        return next(f.id for f in db.query(Form) if f.form_id == HOUSEHOLD)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def answer_by_keys(qtbot: QtBot, widget: QuestionWidget, person: tuple[str, str]) -> None:
    """Give the question an answer with its keyboard: names and numbers typed,
    the first choice by its number key, long lists searched."""
    target = widget.focus_widget()
    if target is None or widget.state.value:
        return
    target.setFocus()
    name = widget.state.name
    if widget.kind == "text":
        assert focused() is target, (focused(), target)
        qtbot.keyClicks(focused(), person[0] if name == "member_name" else "Leeds Road 12")
        assert target.text() != "", name  # type: ignore[attr-defined]
    elif widget.kind == "integer":
        qtbot.keyClicks(focused(), person[1] if name == "age" else "3")
    elif isinstance(target, QComboBox):
        line = target.lineEdit()
        assert line is not None
        if widget.state.label.isascii():  # found by typing; otherwise the first choice
            qtbot.keyClicks(line, "Pol")
            popup = QApplication.activePopupWidget()
            qtbot.keyClick(popup or line, Qt.Key.Key_Down)
            qtbot.keyClick(popup or line, Qt.Key.Key_Return)
            window = widget.window()  # what a window manager does when the popup closes
            window.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        else:
            qtbot.keyClick(line, Qt.Key.Key_Down)
            qtbot.keyClick(line, Qt.Key.Key_Return)
        if QApplication.focusWidget() is None:
            target.setFocus()
    elif widget.kind in ("select_one", "select_multiple"):
        key = "2" if name in ("consent_type", "sex", "relationship") else "1"
        qtbot.keyClicks(focused(), key)
    elif widget.kind in ("acknowledge",):
        qtbot.keyClick(focused(), Qt.Key.Key_Space)


def fill_page(qtbot: QtBot, screen: FormScreen, person: tuple[str, str]) -> None:
    done: set[str] = set()
    while True:  # answers may bring more questions onto the page
        todo = [w for p, w in screen.widgets.items() if p not in done]
        if not todo:
            return
        for widget in todo:
            done.add(widget.path)
            if widget.path in screen.widgets:
                answer_by_keys(qtbot, widget, person)
                QApplication.processEvents()


def drive_survey(qtbot: QtBot, screen: FormScreen) -> None:
    """From the first page to Finalise, with the keyboard only: the household
    roster gets three people, any other roster its first row filled in."""
    assert screen.handle is not None
    rows: dict[str, int] = {}  # roster -> rows filled in so far
    person = PEOPLE[0]
    for _step in range(300):
        page = screen.handle.current_page
        assert page is not None
        if page.roster is not None:
            table = screen.roster.table
            done = rows.get(page.path, 0)
            wanted = len(PEOPLE) if page.path == MEMBER else 1
            if done < wanted:
                if done < screen.roster.model.rowCount():  # rows the form starts with
                    screen.roster.focus_table()
                    table.setCurrentIndex(screen.roster.model.index(done, 0))
                    qtbot.keyClick(table, Qt.Key.Key_Return)
                else:
                    qtbot.keyClick(table, Qt.Key.Key_Insert)
                rows[page.path] = done + 1
                person = PEOPLE[done] if page.path == MEMBER else PEOPLE[0]
                context = screen.row_context.text()
                assert screen.row_bar.isVisible()
                assert screen.digits(f" {done + 1} ") in f" {context} "
                continue
            assert screen.roster.model.rowCount() == wanted
            qtbot.keyClick(table, Qt.Key.Key_Right, CTRL)
            continue
        fill_page(qtbot, screen, person)
        before = screen.handle.current_page
        last = screen.next_button.text() == "Fi&nalise…"
        qtbot.keyClick(focused(), Qt.Key.Key_Right, CTRL)
        if last:
            return
        assert screen.handle.current_page != before, f"stuck on {before}"
    raise AssertionError("the survey did not end")


@pytest.mark.parametrize("language", ["English (en)", "کوردی (ckb)"])
def test_whole_household_survey_from_the_keyboard(
        qtbot: QtBot, ctx: AppContext, workspace: InterviewsWorkspace, language: str) -> None:
    form_pk = household_pk(ctx)
    handle = start_interview(ctx.store, form_pk=form_pk, respondent_language=language,
                             label="HH-100")
    workspace.open_interview(handle.uuid)
    sign_in(qtbot, workspace)
    give_consent(qtbot, workspace)
    screen = workspace.form_screen
    assert screen is not None
    rtl = language.endswith("(ckb)")
    assert screen.page_container.layoutDirection() == (
        Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
    screen.focus_page()

    drive_survey(qtbot, screen)

    assert screen.handle is not None and screen.handle.status == "finalized", \
        [p.message for p in screen.handle.validate()]
    stored = open_interview(ctx.store, handle.uuid)
    assert stored.status == "finalized"
    answers = stored.session.to_dict()
    assert stored.session.repeat_count(MEMBER) == len(PEOPLE)
    for number, (name, age) in enumerate(PEOPLE, start=1):
        assert answers[f"{MEMBER}[{number}]/member_name"] == name
        assert answers[f"{MEMBER}[{number}]/age"] == age
        assert answers[f"{MEMBER}[{number}]/sex"] == "male"
    assert answers[f"{MEMBER}[2]/relationship"] == "child"
    assert answers["/data/consent_grp/consent"] == "yes"
    # Answered by the consent step (verbal), not asked again.
    assert answers["/data/consent_grp/consent_type"] == "verbal"
    assert answers[f"{MEMBER}[1]/nationality"] == ("pl" if not rtl else "gb")
    assert stored.info.respondent_language == language


def test_roster_rows_are_added_and_removed_with_a_question(
        qtbot: QtBot, ctx: AppContext, workspace: InterviewsWorkspace) -> None:
    form_pk = household_pk(ctx)
    handle = start_interview(ctx.store, form_pk=form_pk, respondent_language="English (en)",
                             consent=VERBAL)
    handle.answer("/data/consent_grp/consent", "yes")
    for number, (name, _age) in enumerate(PEOPLE, start=1):
        if number > 1:
            handle.add_repeat(MEMBER)
        handle.answer(f"{MEMBER}[{number}]/member_name", name)
    handle.jump_to(MEMBER)
    workspace.open_interview(handle.uuid)
    sign_in(qtbot, workspace)
    screen = workspace.form_screen
    assert screen is not None and screen.body.currentWidget() is screen.roster
    model = screen.roster.model
    assert [model.index(r, 0).data() for r in range(3)] == ["Anna", "Marek", "Zofia"]
    # Age and sex are missing (person 1 has no relationship question).
    assert model.index(0, model.columnCount() - 1).data() == "2 to answer"

    table = screen.roster.table
    table.setFocus()
    table.selectRow(1)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    dialog = screen.rows.confirm_dialog
    assert dialog is not None and dialog.isVisible() and "Marek" in dialog.text()
    keep = next(b for b in dialog.buttons() if b.text() == "Keep")
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert model.rowCount() == 3
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    remove = next(b for b in screen.rows.confirm_dialog.buttons()  # type: ignore[union-attr]
                  if b.text() == "Remove")
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["Anna", "Zofia"]
    again = open_interview(ctx.store, handle.uuid)
    assert again.session.repeat_count(MEMBER) == 2
    assert again.session.value(f"{MEMBER}[2]/member_name") == "Zofia"

    # Editing a row says whose questions these are; Ctrl+Up goes back to the table.
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert screen.row_context.text().startswith("Person 2 of 2 · Zofia")
    qtbot.keyClick(focused(), Qt.Key.Key_Up, CTRL)
    assert screen.body.currentWidget() is screen.roster
    assert screen.roster.current_row() == 2


def test_a_draft_survives_a_crash_and_reopens_where_it_was(
        qtbot: QtBot, ctx: AppContext, workspace: InterviewsWorkspace) -> None:
    """Answers typed on screen are in the store at once: a new app on the same data
    (the old one never closed, as after kill -9) shows them on the same page."""
    form_pk = household_pk(ctx)
    handle = start_interview(ctx.store, form_pk=form_pk, respondent_language="English (en)")
    workspace.open_interview(handle.uuid)
    sign_in(qtbot, workspace)
    give_consent(qtbot, workspace)
    screen = workspace.form_screen
    assert screen is not None
    screen.focus_page()
    qtbot.keyClick(focused(), Qt.Key.Key_Right, CTRL)  # the intro note
    fill_page(qtbot, screen, PEOPLE[0])  # consent page, typed
    qtbot.keyClick(focused(), Qt.Key.Key_Right, CTRL)
    qtbot.keyClick(focused(), Qt.Key.Key_Right, CTRL)  # past the address (left empty)
    qtbot.keyClick(focused(), Qt.Key.Key_Right, CTRL)  # past the roster note
    assert screen.handle is not None
    page = screen.handle.current_page
    assert page is not None and page.roster is not None

    # The "crash": nothing is closed or flushed; a second screen opens the store.
    second = FormScreen(ctx.store)
    qtbot.addWidget(second)
    second.show_interview(open_interview(ctx.store, handle.uuid))
    assert second.handle is not None
    assert second.handle.session.value("/data/consent_grp/consent") == "yes"
    assert second.handle.session.value("/data/consent_grp/consent_type") == "verbal"
    resumed = second.handle.current_page
    assert resumed is not None and resumed.path == page.path
    assert second.body.currentWidget() is second.roster
    assert isinstance(second.roster.add_button, QAbstractButton)
