"""The Focus groups workspace: built when first shown; a group made, participants
counted in, notes typed by keyboard only, a passage coded by its theme's number,
and the matrix counting it. Also laid out right to left."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from fieldkit.context import AppContext
from fieldkit.focus.reading import read_focus
from fieldkit.gui.focus import FocusWorkspace
from tests.gui.conftest import open_window


def _focus(qtbot: QtBot, ctx: AppContext, language: str = "en") -> FocusWorkspace:
    window = open_window(qtbot, ctx, language)
    page = window.pages[3]
    assert isinstance(page, FocusWorkspace)
    assert page.panels is None  # nothing built until the workspace is opened
    window.navigation.setCurrentRow(3)
    assert page.panels is not None and page.panels.isVisible()
    return page


def test_a_group_noted_and_coded_by_keyboard(qtbot: QtBot, ctx: AppContext) -> None:
    page = _focus(qtbot, ctx)
    panels = page.panels
    assert panels is not None
    panels.new_guide.setPlainText("What is it like here?\nWhere do you get advice?")
    qtbot.mouseClick(panels.new_group, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panels.make_guide, Qt.MouseButton.LeftButton)
    panels.fields["community"].setText("Kurdish")
    panels.fields["title"].setText("Kurdish men")
    qtbot.mouseClick(panels.save_group, Qt.MouseButton.LeftButton)
    panels.pseudonym.setText("Rebin")
    panels.consent_quote.setChecked(True)
    qtbot.mouseClick(panels.add_person, Qt.MouseButton.LeftButton)
    assert panels.people.rowCount() == 1

    panels.tabs.setCurrentIndex(1)
    panels.entry.setFocus()
    qtbot.keyClick(panels.entry, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert panels.speaker.currentText() == "Rebin"
    panels.entry.insertPlainText("لە شەقام دەترسین, at night")  # typed with an input method
    qtbot.keyClick(panels.entry, Qt.Key.Key_Return)
    assert panels.entry.toPlainText() == ""
    assert panels.notes.count() == 1
    assert "Rebin\u2069: \u2068لە شەقام" in panels.notes.item(0).text()

    panels.theme_name.setText("Harassment")
    qtbot.mouseClick(panels.add_theme, Qt.MouseButton.LeftButton)
    panels.tabs.setCurrentIndex(2)
    panels.coding_notes.setCurrentRow(0)
    cursor = panels.passage.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(14, QTextCursor.MoveMode.KeepAnchor)
    panels.passage.setTextCursor(cursor)
    qtbot.keyClick(panels.passage, Qt.Key.Key_1)

    data = read_focus(ctx.store, panels.project_id)
    [group] = data.groups
    assert (group.title, group.community) == ("Kurdish men", "Kurdish")
    [coding] = data.codings
    assert data.passage(coding) == "لە شەقام دەترسی"[:14]
    [note] = data.notes
    guide = data.guide(group.guide)
    assert guide is not None and note.question == guide.questions[0].id
    assert panels.codings.count() == 1
    assert panels.matrix.item(0, 0).text() == "1"
    if os.environ.get("FIELDKIT_SCREENSHOTS"):
        page.window().grab().save(str(Path(os.environ["FIELDKIT_SCREENSHOTS"]) / "focus.png"))


def test_right_to_left(qtbot: QtBot, ctx: AppContext) -> None:
    page = _focus(qtbot, ctx, "ckb")
    assert page.isRightToLeft()
    assert page.panels is not None
    page.panels.create_group()
    assert page.panels.groups.count() == 1
    if os.environ.get("FIELDKIT_SCREENSHOTS"):
        page.window().grab().save(str(Path(os.environ["FIELDKIT_SCREENSHOTS"]) / "focus-rtl.png"))
