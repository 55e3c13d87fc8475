"""Interviewers tab: add (code shown once, slip printed), rename, languages, deactivate."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fieldkit.context import AppContext
from fieldkit.gui.coordinator.interviewer_dialogs import CodeDialog, LanguagesDialog
from fieldkit.gui.coordinator.interviewers_tab import InterviewersTab
from fieldkit.i18n import language_name
from fieldkit.store import open_store
from fieldkit.sync.project import join_pack, write_pack
from fieldkit.sync.roster import roster
from tests.gui.coordinator.conftest import idle, show_coordinator, tab_named
from tests.sync.helpers import Coordinator


def _tab(qtbot: QtBot, ctx: AppContext, language: str = "en") -> InterviewersTab:
    _window, workspace = show_coordinator(qtbot, ctx, language)
    tab = tab_named(workspace, "InterviewersTab")
    assert isinstance(tab, InterviewersTab)
    idle(qtbot, workspace)
    return tab


def _rows(tab: InterviewersTab) -> list[list[str]]:
    return [[tab.table.item(r, c).text() for c in range(tab.table.columnCount())]
            for r in range(tab.table.rowCount())]


def test_add_shows_the_code_once_and_a_laptop_joins_with_it(
        qtbot: QtBot, ctx: AppContext, site: Coordinator, tmp_path: Path) -> None:
    tab = _tab(qtbot, ctx)
    assert _rows(tab) == [["Ana", "not recorded", "active", "0"],
                          ["Bo", "not recorded", "active", "0"]]
    tab.add_interviewer("Dina")
    qtbot.waitUntil(lambda: isinstance(tab.dialog, CodeDialog))
    dialog = tab.dialog
    assert isinstance(dialog, CodeDialog)
    code = dialog.code_label.text()
    assert len(code) >= 8 and tab.status.text() == "Added \u2068Dina\u2069."
    assert [r[0] for r in _rows(tab)] == ["Ana", "Bo", "Dina"]
    assert tab.selected() is not None and tab.selected().name == "Dina"  # type: ignore[union-attr]

    # The code slip, in Arabic: a PDF with the code in it.
    dialog.language.setCurrentIndex(dialog.language.findData("ar"))
    slip = tmp_path / "dina-slip.pdf"
    dialog.write_slip(slip)
    assert slip.is_file() and dialog.slip_result.text().startswith("Wrote")
    text = subprocess.run(["pdftotext", str(slip), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert code in text and "Dina" in text
    dialog.reject()

    # The code joins a laptop to the project (the pack now carries Dina).
    pack = tmp_path / "pack.zip"
    write_pack(site.store, pack)
    laptop = open_store(f"sqlite:///{tmp_path / 'dina.sqlite3'}")
    try:
        assert join_pack(laptop, pack, "Dina", code).name == "Outreach 2026"
    finally:
        laptop.close()


def test_rename_languages_and_deactivate(qtbot: QtBot, ctx: AppContext,
                                         site: Coordinator) -> None:
    tab = _tab(qtbot, ctx)
    tab.table.selectRow(0)
    tab.rename(site.ids["Ana"], "Ana Popescu")
    qtbot.waitUntil(lambda: not tab.busy("write"))
    assert _rows(tab)[0][0] == "Ana Popescu"

    tab.table.selectRow(0)
    tab.ask_languages()
    dialog = tab.dialog
    assert isinstance(dialog, LanguagesDialog)
    for row in range(dialog.list.count()):
        item = dialog.list.item(row)
        if item.data(Qt.ItemDataRole.UserRole) in ("ro", "ckb"):
            item.setCheckState(Qt.CheckState.Checked)
    dialog.accept()
    qtbot.waitUntil(lambda: not tab.busy("write"))
    assert _rows(tab)[0][1] == f"{language_name('ro')}, {language_name('ckb')}"
    assert roster(site.store)[0].languages == ("ro", "ckb")

    tab.table.selectRow(1)
    assert tab.active_button.text() == "&Deactivate"
    qtbot.mouseClick(tab.active_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.busy("write"))
    assert _rows(tab)[1][2] == "deactivated"
    assert "refused" in tab.status.text()
    tab.table.selectRow(1)
    assert tab.active_button.text() == "&Reactivate"
    qtbot.mouseClick(tab.active_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.busy("write"))
    assert _rows(tab)[1][2] == "active"


def test_a_taken_name_is_one_line(qtbot: QtBot, ctx: AppContext, site: Coordinator) -> None:
    tab = _tab(qtbot, ctx)
    tab.add_interviewer("Bo")
    qtbot.waitUntil(lambda: not tab.busy("write"))
    assert tab.status.text() == "Bo is already on the roster."
    assert tab.dialog is None


@pytest.mark.parametrize("language", ["ckb"])
def test_right_to_left(qtbot: QtBot, ctx: AppContext, site: Coordinator,
                       language: str) -> None:
    tab = _tab(qtbot, ctx, language)
    assert tab.isRightToLeft()
    assert tab.table.rowCount() == 2
