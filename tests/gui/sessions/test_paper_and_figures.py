"""The sign-in sheet and summary as PDF (text checked with pdftotext), the figures
tab and its exports."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from fieldkit.gui.qt_i18n import apply_language
from fieldkit.gui.sessions import SessionsWorkspace
from tests.gui.sessions.test_checkin import check_in, open_today

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                     reason="pdftotext (poppler-utils) is not installed")


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


@needs_pdftotext
def test_sign_in_sheet_in_the_sessions_languages(qtbot: QtBot, workspace: SessionsWorkspace,
                                                 tmp_path: Path) -> None:
    panel = open_today(workspace)
    path = tmp_path / "sheet.pdf"
    panel.write_pdf("sheet", path)
    text = pdf_text(path)
    assert "Sign-in sheet" in text and "Roma advice drop-in" in text
    assert "2026-01-12" in text and "Community Centre" in text
    assert "Name or initials" in text          # English
    assert "Nume sau inițiale" in text         # Romanian, from the session's languages
    assert "Име или инициали" in text          # Bulgarian, for the Bulgarian interpreters
    assert "has no text in" not in text        # every language of the session is printed
    assert "22" in text                        # numbered rows


@needs_pdftotext
def test_sign_in_sheet_right_to_left(qtbot: QtBot, workspace: SessionsWorkspace,
                                     tmp_path: Path) -> None:
    panel = open_today(workspace)
    panel.ui_language = "ckb"
    path = tmp_path / "sheet-ckb.pdf"
    panel.write_pdf("sheet", path)
    text = pdf_text(path)
    # pdftotext gives Arabic script as shaped presentation forms (U+FB50-U+FEFF).
    assert re.search("[\u0600-\u06ff\ufb50-\ufeff]", text), "the Sorani headings"
    assert "Nume sau inițiale" in text


@needs_pdftotext
def test_session_summary(qtbot: QtBot, workspace: SessionsWorkspace, tmp_path: Path) -> None:
    panel = open_today(workspace)
    for name in ("Ana Zamfir", "Ion Ciurar"):
        check_in(qtbot, name, language="Rom", adults_children=("4", "2"))
    path = tmp_path / "summary.pdf"
    panel.write_pdf("summary", path)
    text = pdf_text(path)
    assert "Session summary" in text
    assert "Attendances" in text and "Romanian" in text
    assert "Children in their households" in text


def test_figures_tab_and_exports(qtbot: QtBot, workspace: SessionsWorkspace,
                                 tmp_path: Path) -> None:
    open_today(workspace)
    check_in(qtbot, "Ana Zamfir", language="Rom", adults_children=("4", "2"))
    workspace.tabs.setCurrentIndex(2)
    figures_tab = workspace.figures
    assert figures_tab is not None and figures_tab.figures is not None
    f = figures_tab.figures
    assert (f.sessions, f.attendances, f.new, f.returning, f.anonymous) == (2, 5, 5, 0, 0)
    assert f.unique_people == 5 and f.children == 2
    assert figures_tab.charts[0].items[0] == ("Romanian", 5)
    figures_tab.export("csv", tmp_path / "f.csv")
    with (tmp_path / "f.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert ["Figures", "attendances", "Attendances", "5"] in rows
    figures_tab.export("xlsx", tmp_path / "f.xlsx")
    assert (tmp_path / "f.xlsx").stat().st_size > 0


def test_follow_ups_marked_done_by_keyboard(qtbot: QtBot, workspace: SessionsWorkspace) -> None:
    from datetime import date

    from PySide6.QtCore import Qt

    panel = open_today(workspace)
    check_in(qtbot, "Ana Zamfir")
    service = workspace.service
    assert service is not None and panel.model is not None
    uuid = panel.model.rows[0].uuid
    assert uuid is not None
    service.writer.set_values(uuid, {"followup": "yes", "followup_date": date(2026, 1, 19)})
    workspace.tabs.setCurrentIndex(1)
    tab = workspace.followups
    assert tab is not None and tab.table.rowCount() == 1
    tab.table.setFocus()
    tab.table.selectRow(0)
    qtbot.keyClick(tab.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert service.followups()[0].done == date.today()
    assert tab.table.rowCount() == 0  # done ones are hidden until asked for


def test_screens_in_english_and_sorani(qtbot: QtBot, workspace: SessionsWorkspace,
                                       tmp_path: Path) -> None:
    """Not a check of pixels: the screens build in both directions (the PNGs are for
    looking at while developing)."""
    open_today(workspace)
    check_in(qtbot, "Ana Zamfir", language="Rom")
    workspace.window().grab().save(str(tmp_path / "sessions-en.png"))
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_language(app, "ckb")
    workspace.window().grab().save(str(tmp_path / "sessions-ckb.png"))
    assert (tmp_path / "sessions-ckb.png").stat().st_size > 0
