"""The less common question widgets, driven as an interviewer would (keys and
clicks), checking what reaches the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QRadioButton, QWidget
from pytestqt.qtbot import QtBot

from fieldkit.context import AppContext
from fieldkit.gui.interviews.attachment_question import AttachmentQuestion
from fieldkit.gui.interviews.form_screen import FormScreen
from fieldkit.gui.interviews.time_questions import parse_time
from tests.gui.interviews.conftest import OpenForm, focused, question, stored

# The offscreen platform's notes about popups (the searchable list's suggestions).
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise",
                                       "This plugin does not support grabbing")

CTRL = Qt.KeyboardModifier.ControlModifier


def click(qtbot: QtBot, widget: QWidget) -> None:
    QApplication.processEvents()  # lay the page out, as it is before anyone can click
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def answers(ctx: AppContext, screen: FormScreen) -> dict[str, str]:
    """Stored answers by question name (meta left out)."""
    return {path.rsplit("/", 1)[1]: value for path, value in stored(ctx, screen).items()
            if "/meta/" not in path}


def page_of(text: str) -> str:
    """``text``'s survey rows in one field-list page (appearance column last)."""
    lines = text.strip().splitlines()
    head, rows = lines[:2], lines[2:]
    head[1] += " appearance |"
    grouped = ["| | begin group | page | Page | field-list |"]
    grouped += [row + " |" for row in rows if row.startswith("| |")]
    grouped.append("| | end group | | | |")
    rest = [row for row in rows if not row.startswith("| |")]
    return "\n".join(head + grouped + rest)


# -- times ------------------------------------------------------------------------------

TIMES = """
| survey |
| | type | name | label |
| | time | met | When did you meet? |
| | dateTime | visit | When was the visit? |
| | text | after | Anything else? |
"""


def test_time_is_typed_and_midnight_is_an_answer(qtbot: QtBot, ctx: AppContext,
                                                 open_form: OpenForm) -> None:
    screen = open_form(page_of(TIMES))
    met = question(screen.page_container, "met")
    line = met.focus_widget()
    assert focused() is line and isinstance(line, QLineEdit)
    assert line.text() == "" and "Not answered" in line.placeholderText()
    qtbot.keyClicks(line, "0930")
    qtbot.keyClick(line, Qt.Key.Key_Return)  # Enter saves and goes to the next question
    assert answers(ctx, screen)["met"].startswith("09:30:00.000")
    assert focused() is question(screen.page_container, "visit").focus_widget()

    # Midnight is a real answer, not "Not answered".
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, "00:00")
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    assert answers(ctx, screen)["met"].startswith("00:00:00.000")
    assert line.text() == "00:00"
    assert met.clear_button.isVisible()

    # Something that is not a time says so and saves nothing.
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, "25:99")
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    assert "is not a time" in met.problem.text() and met.problem.isVisible()
    assert answers(ctx, screen)["met"].startswith("00:00")

    # Clearing the answer leaves the box empty: not answered.
    click(qtbot, met.clear_button)
    assert "met" not in answers(ctx, screen)
    assert line.text() == "" and not met.problem.isVisible()


def test_times_are_read_as_people_type_them() -> None:
    def hhmm(text: str, locale: QLocale) -> str:
        found = parse_time(text, locale)
        return found.toString("HH:mm") if found is not None else "not a time"

    c = QLocale(QLocale.Language.C)
    us = QLocale("en_US")
    sorani = QLocale("ckb")
    assert hhmm("9:05", c) == "09:05"
    assert hhmm("21.15", c) == "21:15"
    assert hhmm("930", c) == "09:30"
    assert hhmm("7", c) == "07:00"
    assert hhmm("9 pm", us) == "21:00"
    assert hhmm("12:10 AM", us) == "00:10"
    assert hhmm("٢١:٠٥", sorani) == "21:05"  # Sorani digits
    for wrong in ("25:00", "9:75", "soon", "13 pm"):
        assert parse_time(wrong, us) is None, wrong


def test_date_and_time_typed_by_sections(qtbot: QtBot, ctx: AppContext,
                                         open_form: OpenForm) -> None:
    screen = open_form(TIMES)
    qtbot.keyClick(focused(), Qt.Key.Key_Right, CTRL)  # the time page, left unanswered
    visit = question(screen.page_container, "visit")
    edit = focused()
    assert edit is visit.focus_widget()
    # Unanswered, it offers the current minute to type over; typing day, month,
    # year, hour and minute fills each part in turn.
    for part in ("17", "05", "2024", "21", "30"):
        qtbot.keyClicks(edit, part)
    qtbot.keyClick(edit, Qt.Key.Key_Return)  # saved, and on to the next page
    assert answers(ctx, screen)["visit"].startswith("2024-05-17T21:30:00.000")
    assert question(screen.page_container, "after").focus_widget() is focused()

    # Passing through without typing saves nothing.
    qtbot.keyClick(focused(), Qt.Key.Key_Left, CTRL)
    visit = question(screen.page_container, "visit")
    edit = visit.when
    assert "17" in visit.when.text() and "2024 21:30" in visit.when.text()
    click(qtbot, visit.clear_button)
    assert "visit" not in answers(ctx, screen)
    edit.setFocus()
    assert visit.when.text() != "Not answered"  # the minute offered to type over
    qtbot.keyClick(edit, Qt.Key.Key_Backtab)
    assert not edit.hasFocus()
    assert "visit" not in answers(ctx, screen)
    assert visit.when.text() == "Not answered"
    click(qtbot, visit.now)
    assert answers(ctx, screen)["visit"][:4].isdigit()


# -- coordinates, ranges, rankings ---------------------------------------------------------

POINT = """
| survey |
| | type | name | label |
| | geopoint | where | Where is the house? |
| | text | after | Anything else? |
"""


def test_geopoint_typed_and_out_of_range_refused(qtbot: QtBot, ctx: AppContext,
                                                open_form: OpenForm) -> None:
    screen = open_form(POINT)
    where = question(screen.page_container, "where")
    latitude = focused()
    assert latitude.objectName() == "latitude"
    qtbot.keyClicks(latitude, "91")
    qtbot.keyClick(latitude, Qt.Key.Key_Return)  # Enter goes on to the longitude box
    assert focused().objectName() == "longitude"
    qtbot.keyClicks(focused(), "-1.5")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert focused().objectName() == "altitude"
    click(qtbot, screen.next_button)  # leaving the point checks it
    assert "latitude must be from −90 to 90" in where.problem.text()
    assert where.problem.isVisible()
    assert screen.widgets["/data/where"] is where  # Next did not leave the page
    assert "where" not in answers(ctx, screen)

    line = where.findChild(QLineEdit, "latitude")
    assert isinstance(line, QLineEdit)
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, "53.8")
    for _box in range(3):
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.keyClicks(focused(), "12")  # the accuracy
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # out of the point: saved, next page
    assert answers(ctx, screen)["where"] == "53.8 -1.5 0 12"
    assert question(screen.page_container, "after").focus_widget() is focused()


RANGE = """
| survey |
| | type | name | label | parameters |
| | range | score | How sure? | start=0 end=10 step=2 |
| | range | down | Countdown | start=5 end=1 step=1 |
"""


def test_range_keeps_start_end_and_step(qtbot: QtBot, ctx: AppContext,
                                        open_form: OpenForm) -> None:
    screen = open_form(RANGE)
    score = question(screen.page_container, "score")
    slider = focused()
    assert slider is score.focus_widget()
    assert score.value_label.text() == "Not answered"
    qtbot.keyClick(slider, Qt.Key.Key_Home)  # the start itself is an answer
    assert answers(ctx, screen)["score"] == "0"
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    assert answers(ctx, screen)["score"] == "4"  # in steps of 2
    qtbot.keyClick(slider, Qt.Key.Key_End)
    assert answers(ctx, screen)["score"] == "10"
    qtbot.keyClick(slider, Qt.Key.Key_Right)  # no further than the end
    assert answers(ctx, screen)["score"] == "10"
    assert score.value_label.text() == "10"

    qtbot.keyClick(slider, Qt.Key.Key_Right, CTRL)
    down = question(screen.page_container, "down")
    qtbot.keyClick(focused(), Qt.Key.Key_Right)
    assert answers(ctx, screen)["down"] == "4"  # from 5 towards 1
    qtbot.keyClick(focused(), Qt.Key.Key_End)
    assert answers(ctx, screen)["down"] == "1"
    click(qtbot, down.clear_button)
    assert "down" not in answers(ctx, screen)
    assert down.value_label.text() == "Not answered"


RANK = """
| survey |
| | type | name | label |
| | rank fruit | best | Put them in order |
| | text | after | Anything else? |

| choices |
| | list_name | name | label |
| | fruit | apple | Apple |
| | fruit | pear | Pear |
| | fruit | plum | Plum |
"""


def test_rank_reordered_from_the_keyboard(qtbot: QtBot, ctx: AppContext,
                                          open_form: OpenForm) -> None:
    screen = open_form(RANK)
    best = question(screen.page_container, "best")
    ranks = focused()
    assert ranks is best.focus_widget()
    assert "best" not in answers(ctx, screen)  # the order shown is not an answer yet
    qtbot.keyClick(ranks, Qt.Key.Key_Down)  # onto Pear
    qtbot.keyClick(ranks, Qt.Key.Key_Down)  # onto Plum
    qtbot.keyClick(ranks, Qt.Key.Key_Up, CTRL)  # Plum moves up one
    assert answers(ctx, screen)["best"] == "apple plum pear"
    qtbot.keyClick(focused(), Qt.Key.Key_Up, CTRL)  # and again, to the top
    assert answers(ctx, screen)["best"] == "plum apple pear"
    assert best.list.item(0).text() == "1. Plum"
    assert focused() is best.list and best.list.currentRow() == 0
    qtbot.keyClick(focused(), Qt.Key.Key_Down, CTRL)
    assert answers(ctx, screen)["best"] == "apple plum pear"

    # Keeping the order as shown is an answer too.
    click(qtbot, best.clear_button)
    assert "best" not in answers(ctx, screen)
    click(qtbot, best.keep)
    assert answers(ctx, screen)["best"] == "apple pear plum"


# -- attached files ------------------------------------------------------------------------

PHOTO = """
| survey |
| | type | name | label |
| | image | photo | A photo of the damp |
"""


def test_attachment_copied_replaced_and_removed(
        qtbot: QtBot, ctx: AppContext, open_form: OpenForm, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    first = tmp_path / "IMG 0001.jpg"
    first.write_bytes(b"\xff\xd8first")
    second = tmp_path / "wall.png"
    second.write_bytes(b"\x89PNGsecond")
    picked = [str(first)]
    monkeypatch.setattr(AttachmentQuestion, "ask_for_file", lambda _self: picked[0])
    screen = open_form(PHOTO)
    assert screen.handle is not None
    folder = ctx.paths.attachments_dir / screen.handle.uuid
    photo = question(screen.page_container, "photo")
    assert isinstance(photo, AttachmentQuestion)
    assert photo.file_label.text() == "No file attached."
    assert not photo.remove.isVisible()

    qtbot.keyClick(focused(), Qt.Key.Key_Space)  # "Choose a file…" has the focus
    name = answers(ctx, screen)["photo"]
    assert name.startswith("IMG_0001-") and name.endswith(".jpg")
    assert (folder / name).read_bytes() == b"\xff\xd8first"
    assert name in photo.file_label.text()
    first.unlink()  # the interviewer may tidy the original away: the copy is kept
    assert (folder / name).is_file()

    picked[0] = str(second)
    click(qtbot, photo.pick)  # now "Replace the file…"
    replaced = answers(ctx, screen)["photo"]
    assert replaced.startswith("wall-") and replaced.endswith(".png")
    assert sorted(p.name for p in folder.iterdir()) == [replaced]  # the old copy is gone

    click(qtbot, photo.remove)
    assert "photo" not in answers(ctx, screen)
    assert list(folder.iterdir()) == []
    assert photo.file_label.text() == "No file attached."

    # A file that cannot be read is refused with a message, and nothing is stored.
    picked[0] = str(tmp_path / "gone.jpg")
    click(qtbot, photo.pick)
    assert "gone.jpg" in screen.notice.text() and screen.notice.isVisible()
    assert "photo" not in answers(ctx, screen)


def test_picking_nothing_changes_nothing(qtbot: QtBot, ctx: AppContext, open_form: OpenForm,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(AttachmentQuestion, "ask_for_file", lambda _self: "")
    screen = open_form(PHOTO)
    photo = question(screen.page_container, "photo")
    assert isinstance(photo, AttachmentQuestion)
    click(qtbot, photo.pick)  # the dialog was cancelled
    assert "photo" not in answers(ctx, screen)
    assert not screen.notice.isVisible()


# -- choices ------------------------------------------------------------------------------

COUNTRIES = ["Albania", "Bulgaria", "Croatia", "Denmark", "Estonia", "Finland", "Greece",
             "Hungary", "Ireland", "Latvia", "Malta", "Netherlands", "Poland", "Portugal",
             "Romania", "Slovakia", "Slovenia", "Spain"]
LONG = """
| survey |
| | type | name | label |
| | select_one country | born | Country of birth |
| | text | after | Anything else? |

| choices |
| | list_name | name | label |
""" + "\n".join(f"| | country | {c.lower()} | {c} |" for c in COUNTRIES)


def test_searchable_list_filters_as_you_type_and_picks_by_keys(
        qtbot: QtBot, ctx: AppContext, open_form: OpenForm) -> None:
    screen = open_form(LONG)
    born = question(screen.page_container, "born")
    combo = born.focus_widget()
    assert isinstance(combo, QComboBox) and combo.isEditable()
    line = combo.lineEdit()
    assert line is not None and focused() is combo  # typing goes to its line
    qtbot.keyClicks(combo, "sl")  # Slovakia and Slovenia (and not Bulgaria...)
    completer = combo.completer()
    assert completer is not None
    shown = [completer.completionModel().index(i, 0).data()
             for i in range(completer.completionCount())]
    assert shown == ["Slovakia", "Slovenia"]
    popup = QApplication.activePopupWidget()
    assert popup is not None
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert answers(ctx, screen)["born"] == "slovenia"
    assert combo.currentText() == "Slovenia"

    # Typing something that is not a choice says so and keeps the answer.
    screen.activateWindow()
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, "Atlantis")
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    assert "is not one of the choices" in born.problem.text()
    assert answers(ctx, screen)["born"] == "slovenia"
    # The name typed in full and the box left with Tab is saved.
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, "poland")
    # Keys go to the suggestions while they are open, as they do for a person.
    qtbot.keyClick(QApplication.activePopupWidget() or line, Qt.Key.Key_Tab)
    assert answers(ctx, screen)["born"] == "poland"
    assert not born.problem.isVisible()


ROWS = """
| survey |
| | type | name | label | appearance |
| | select_one agree | likes | I like the new centre | likert |
| | select_one yn | again | Would you come again? | horizontal |
| | select_one yn | fast | Quick one | quick |
| | select_multiple help | needs | What help? | |
| | text | after | Anything else? | |

| choices |
| | list_name | name | label |
| | agree | 1 | Strongly disagree |
| | agree | 2 | Disagree |
| | agree | 3 | Neutral |
| | agree | 4 | Agree |
| | agree | 5 | Strongly agree |
| | yn | yes | Yes |
| | yn | no | No |
| | help | food | Food |
| | help | rent | Rent |
| | help | debt | Debt |
"""


def test_likert_horizontal_quick_and_number_keys(qtbot: QtBot, ctx: AppContext,
                                                 open_form: OpenForm) -> None:
    screen = open_form(ROWS)
    likes = question(screen.page_container, "likes")
    buttons = list(likes.findChildren(QRadioButton))
    assert len(buttons) == 5
    QApplication.processEvents()
    assert len({b.y() for b in buttons}) == 1  # likert: one row
    assert buttons[0].x() < buttons[4].x()
    qtbot.keyClick(focused(), Qt.Key.Key_4)  # number keys pick the fourth choice
    assert answers(ctx, screen)["likes"] == "4"
    assert buttons[3].isChecked() and focused() is buttons[3]

    qtbot.keyClick(focused(), Qt.Key.Key_Right, CTRL)
    again = question(screen.page_container, "again")
    yes, no = again.findChildren(QRadioButton)
    QApplication.processEvents()
    assert yes.y() == no.y() and yes.x() < no.x()  # horizontal
    qtbot.keyClick(focused(), Qt.Key.Key_2)
    assert answers(ctx, screen)["again"] == "no"
    assert question(screen.page_container, "again") is again  # no quick: it stays

    qtbot.keyClick(focused(), Qt.Key.Key_Right, CTRL)
    qtbot.keyClick(focused(), Qt.Key.Key_1)  # quick: answered and on to the next page
    assert answers(ctx, screen)["fast"] == "yes"
    needs = question(screen.page_container, "needs")
    qtbot.keyClick(focused(), Qt.Key.Key_3)  # number keys tick boxes too
    qtbot.keyClick(focused(), Qt.Key.Key_1)
    assert answers(ctx, screen)["needs"] == "food debt"
    qtbot.keyClick(focused(), Qt.Key.Key_3)  # and untick them
    assert answers(ctx, screen)["needs"] == "food"
    qtbot.keyClick(focused(), Qt.Key.Key_9)  # no ninth choice: nothing happens
    assert answers(ctx, screen)["needs"] == "food"
    assert question(screen.page_container, "needs") is needs


# -- the respondent's digits ---------------------------------------------------------------

ADDRESS = """
| survey |
| | type | name | label::English (en) | label::کوردی (ckb) |
| | text | address | Address | ناونیشان |
| | integer | rooms | Rooms at ${address}? | چەند ژوور لە ${address}؟ |
| | begin repeat | person | Person | کەس |
| | text | member | Name | ناو |
| | integer | age | Age | تەمەن |
| | end repeat | | | |
"""


def test_answers_in_labels_keep_their_digits(qtbot: QtBot, ctx: AppContext,
                                             open_form: OpenForm) -> None:
    screen = open_form(ADDRESS, language="کوردی (ckb)")
    line = focused()
    qtbot.keyClicks(line, "Flat 12B")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    rooms = question(screen.page_container, "rooms")
    assert rooms.label.text() == "چەند ژوور لە Flat 12B؟"  # not "Flat ١٢B"
    qtbot.keyClicks(focused(), "3")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)

    # The roster: its row numbers and counts are the screen's own, in Sorani
    # digits; a name is shown as given, a number in the respondent's digits.
    assert screen.body.currentWidget() is screen.roster
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # edit the first row (a new roster has one)
    qtbot.keyClicks(focused(), "Unit 7")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert screen.row_context.text() == "کەس ١ of ١ · Unit 7"
    qtbot.keyClicks(focused(), "42")
    qtbot.keyClick(focused(), Qt.Key.Key_Up, CTRL)
    model = screen.roster.model
    assert model.data(model.index(0, 0)) == "Unit 7"
    assert model.data(model.index(0, 1)) == "٤٢"
    assert model.headerData(0, Qt.Orientation.Vertical) == "١"
    assert answers(ctx, screen)["address"] == "Flat 12B"


OTHER = """
| survey |
| | type | name | label |
| | select_one fruit or_other | fruit | Favourite fruit |
| | text | after | Anything else? |

| choices |
| | list_name | name | label |
| | fruit | apple | Apple |
| | fruit | pear | Pear |
"""


def test_specify_other_appears_under_other(qtbot: QtBot, ctx: AppContext,
                                           open_form: OpenForm) -> None:
    screen = open_form(OTHER)
    page = screen.page_container
    assert page.findChild(QWidget, "question_fruit_other") is None
    qtbot.keyClick(focused(), Qt.Key.Key_3)  # "Other"
    specify = question(page, "fruit_other")  # at once, on the same page
    assert specify.isVisibleTo(page)
    assert screen.page_title.isHidden()  # still laid out as one question's page
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # Enter goes on to "Specify other."
    assert focused() is specify.focus_widget()
    qtbot.keyClicks(focused(), "Mango")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # then to the next page
    assert question(page, "after").focus_widget() is focused()
    assert answers(ctx, screen) == {"fruit": "other", "fruit_other": "Mango"}

    qtbot.keyClick(focused(), Qt.Key.Key_Left, CTRL)
    qtbot.keyClick(focused(), Qt.Key.Key_1)  # Apple: the specify question goes away
    assert page.findChild(QWidget, "question_fruit_other") is None
    assert answers(ctx, screen)["fruit"] == "apple"
