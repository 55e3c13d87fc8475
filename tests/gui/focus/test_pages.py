"""The Focus groups workspace beyond the first notes: saved notes changed and removed
by keyboard, codings given memos and quote marks, consents edited in the table,
memos, every passage of a theme across groups, the theme matrix and chart, the
recording behind its consent check, and exports written off the UI thread."""

from __future__ import annotations

import csv
import os
import random
import zipfile
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from fieldkit.context import AppContext
from fieldkit.focus.demo import seed_focus_groups
from fieldkit.focus.reading import read_focus
from fieldkit.focus.writes import FocusWriter
from fieldkit.gui.focus import FocusWorkspace
from fieldkit.gui.focus.panels import FocusPanels
from fieldkit.projects import current_project
from tests.gui.conftest import open_window


def _panels(qtbot: QtBot, ctx: AppContext, language: str = "en",
            seed: bool = True) -> FocusPanels:
    if seed:
        seed_focus_groups(ctx.store, current_project(ctx.store).id, random.Random(7),
                          date(2026, 10, 6))
    window = open_window(qtbot, ctx, language)
    page = window.pages[3]
    assert isinstance(page, FocusWorkspace)
    window.navigation.setCurrentRow(3)
    assert page.panels is not None
    window.resize(1280, 800)
    return page.panels


def _shot(panels: FocusPanels, name: str) -> None:
    folder = os.environ.get("FIELDKIT_SCREENSHOTS")
    if folder:
        panels.window().grab().save(str(Path(folder) / f"{name}.png"))


def _say_yes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *args: object
                 ) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_a_saved_note_is_changed_and_removed_by_keyboard(
        qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    panels = _panels(qtbot, ctx)
    group = panels.data.groups[1]  # the Kurdish residents: notes in Sorani and English
    panels.groups.setCurrentRow(1)
    panels.tabs.setCurrentIndex(1)
    page = panels.notes_page
    before = len(panels.data.notes_of(group.uuid))
    assert page.notes.count() == 1  # the notes of the first question only
    page.entry.setFocus()
    qtbot.keyClick(page.entry, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.entry, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert page.question.currentText().endswith("Where do you go when you need advice?\u2069")
    assert page.notes.count() == 1
    qtbot.keyClick(page.entry, Qt.Key.Key_Up)  # from the empty entry: the last note
    assert page.notes.hasFocus() and page.notes.currentRow() == 0
    chosen = page.notes.currentItem().data(Qt.ItemDataRole.UserRole)
    note = panels.data.note(chosen)
    assert note is not None and note.text.startswith("We ask people from the mosque")
    qtbot.keyClick(page.notes, Qt.Key.Key_F2)
    assert page.entry.hasFocus() and page.entry.toPlainText() == note.text
    assert page.editing_label.isVisibleTo(page)
    page.entry.moveCursor(QTextCursor.MoveOperation.Start)
    page.entry.insertPlainText("Often ")
    qtbot.keyClick(page.entry, Qt.Key.Key_Return)
    data = read_focus(ctx.store, panels.project_id)
    changed = data.note(chosen)
    assert changed is not None and changed.text == "Often " + note.text
    assert changed.at == note.at and changed.speaker == note.speaker
    [coding] = [c for c in data.codings if c.note == chosen]  # the whole note, moved on
    assert data.passage(coding) == note.text
    assert len(data.notes_of(group.uuid)) == before and not page.editing

    # Every question: the notes under their questions' headings.
    page.all_questions.setChecked(True)
    assert page.notes.count() == before + 4
    assert page.notes.item(0).text() == "What is it like to live in this area?"
    assert not page.notes.item(0).flags() & Qt.ItemFlag.ItemIsSelectable

    # Esc leaves a note as it was.
    page.notes.setCurrentRow(1)
    qtbot.keyClick(page.notes, Qt.Key.Key_Return)
    page.entry.insertPlainText(" more")
    qtbot.keyClick(page.entry, Qt.Key.Key_Escape)
    assert page.entry.toPlainText() == "" and not page.editing_label.isVisibleTo(page)

    asked = _say_yes(monkeypatch)
    page.notes.setFocus()
    page.notes.setCurrentRow(1)
    removed = page.notes.currentItem().data(Qt.ItemDataRole.UserRole)
    qtbot.keyClick(page.notes, Qt.Key.Key_Delete)
    assert asked and "coded passage" in asked[0]
    data = read_focus(ctx.store, panels.project_id)
    assert data.note(removed) is None and len(data.notes_of(group.uuid)) == before - 1
    assert not any(c.note == removed for c in data.codings)
    assert page.notes.count() == before - 1 + 3  # its question had no other note


def test_consent_edited_in_the_table_decides_the_quote(qtbot: QtBot, ctx: AppContext) -> None:
    panels = _panels(qtbot, ctx, seed=False)
    writer = FocusWriter(ctx.store, panels.project_id)
    group = writer.create_group({"title": "Somali women", "community": "Somali"})
    person = writer.add_participant(group, pseudonym="Hodan", consent_quote=False)
    note = writer.add_note(group, "Guriga waa yar yahay", speaker=person, language="so")
    theme = writer.create_theme("Overcrowding")
    writer.code(note, theme, 0, 6)
    panels.refresh()
    coding = panels.coding_page
    panels.tabs.setCurrentIndex(2)
    coding.coding_notes.setCurrentRow(0)
    coding.codings.setCurrentRow(0)
    coding.memo.setText("small flat, seven people")
    coding.quote.setChecked(True)
    qtbot.mouseClick(coding.save, Qt.MouseButton.LeftButton)
    [saved] = read_focus(ctx.store, panels.project_id).codings
    assert (saved.memo, saved.quote) == ("small flat, seven people", True)
    assert "Hodan did not agree to be quoted" in coding.quote_status.text()
    assert coding.passage.extraSelections()[0].cursor.selectedText() == "Guriga"

    table = panels.group_page.people
    quote_cell = table.item(0, 6)
    assert quote_cell.checkState() == Qt.CheckState.Unchecked
    quote_cell.setCheckState(Qt.CheckState.Checked)
    data = read_focus(ctx.store, panels.project_id)
    assert data.participants[0].consent_quote
    assert coding.quote_status.text() == ""
    table.item(0, 1).setText("Hodan A.")
    assert read_focus(ctx.store, panels.project_id).participants[0].pseudonym == "Hodan A."

    coding.codings.setCurrentRow(0)
    coding.codings.setFocus()
    qtbot.keyClick(coding.codings, Qt.Key.Key_Delete)
    assert read_focus(ctx.store, panels.project_id).codings == ()
    assert coding.codings.count() == 0


def test_a_passage_is_selected_and_coded_by_keyboard(qtbot: QtBot, ctx: AppContext) -> None:
    panels = _panels(qtbot, ctx, seed=False)
    writer = FocusWriter(ctx.store, panels.project_id)
    group = writer.create_group({"title": "Kurdish men", "community": "Kurdish"})
    writer.add_note(group, "Rent is high and the flat is damp")
    writer.create_theme("Rent")
    writer.create_theme("Damp")
    panels.refresh()
    coding = panels.coding_page
    panels.tabs.setCurrentIndex(2)
    assert coding.passage.toPlainText().startswith("Rent")  # the first note, chosen
    coding.passage.setFocus()
    for _step in range(4):
        qtbot.keyClick(coding.passage, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(coding.passage, Qt.Key.Key_1)
    coding.passage.moveCursor(QTextCursor.MoveOperation.End)
    for _step in range(4):
        qtbot.keyClick(coding.passage, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(coding.passage, Qt.Key.Key_2)
    data = read_focus(ctx.store, panels.project_id)
    assert sorted((data.theme(c.theme).name, data.passage(c))  # type: ignore[union-attr]
                  for c in data.codings) == [("Damp", "damp"), ("Rent", "Rent")]
    assert len(coding.passage.extraSelections()) == 2


def test_a_theme_is_edited_with_its_names_in_other_languages(
        qtbot: QtBot, ctx: AppContext) -> None:
    panels = _panels(qtbot, ctx)
    coding = panels.coding_page
    panels.tabs.setCurrentIndex(2)
    harassment = next(t for t in panels.data.themes if t.name == "Harassment")
    row = [t.uuid for t in panels.data.themes].index(harassment.uuid)
    coding.themes.setCurrentRow(row)
    assert "ckb=هەراسانکردن" in coding.theme_translations.text()
    coding.theme_description.setText("Insults, threats, attacks; online too.")
    coding.theme_translations.setText(coding.theme_translations.text() + ", fa=آزار")
    qtbot.mouseClick(coding.save_theme, Qt.MouseButton.LeftButton)
    theme = read_focus(ctx.store, panels.project_id).theme(harassment.uuid)
    assert theme is not None and theme.translations["fa"] == "آزار"
    assert theme.description == "Insults, threats, attacks; online too."


def test_memos_of_a_group(qtbot: QtBot, ctx: AppContext) -> None:
    panels = _panels(qtbot, ctx)
    memos = panels.memos_page
    panels.tabs.setCurrentIndex(3)
    assert memos.memos.count() == 1  # the demo's memo on the group
    qtbot.mouseClick(memos.new, Qt.MouseButton.LeftButton)
    memos.theme.setCurrentIndex(memos.theme.findText("Harassment"))
    memos.text.setPlainText("Women spoke of the stairwell; men of the street.")
    qtbot.keyClick(memos.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    group = panels.group_uuid
    data = read_focus(ctx.store, panels.project_id)
    mine = [m for m in data.memos if m.group == group and m.theme]
    assert [m.text for m in mine] == ["Women spoke of the stairwell; men of the street."]
    assert memos.memos.count() == 2
    memos.memos.setCurrentRow(0)
    memos.text.setPlainText("Interpreter summarised side talk.")
    qtbot.mouseClick(memos.save, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(memos.remove, Qt.MouseButton.LeftButton)
    data = read_focus(ctx.store, panels.project_id)
    assert [m.uuid for m in data.memos if m.group == group] == [mine[0].uuid]


def test_passages_of_a_theme_across_groups(qtbot: QtBot, ctx: AppContext) -> None:
    panels = _panels(qtbot, ctx)
    page = panels.passages_page
    panels.tabs.setCurrentIndex(4)
    page.show_theme(next(t.uuid for t in panels.data.themes if t.name == "Harassment"))
    assert page.table.rowCount() == 4  # Roma 1, Kurdish 2, Somali 1
    assert {p.group.community for p in page.shown} == {"Roma", "Kurdish", "Somali"}
    page.community.setCurrentIndex(page.community.findData("Kurdish"))
    assert page.table.rowCount() == 2
    page.spoken.setCurrentIndex(page.spoken.findData("ckb"))
    assert page.table.rowCount() == 1
    assert "جنێومان" in page.table.item(0, 5).text()
    assert page.summary.text() == "1 passage · 1 group"

    # A parent theme takes its sub-themes' passages unless told not to.
    page.community.setCurrentIndex(0)
    page.spoken.setCurrentIndex(0)
    page.show_theme(next(t.uuid for t in panels.data.themes
                         if t.name == "Housing conditions"))
    assert page.table.rowCount() == 5  # damp 2, overcrowding 3
    page.sub_themes.setChecked(False)
    assert page.table.rowCount() == 0


def test_theme_matrix_and_chart(qtbot: QtBot, ctx: AppContext) -> None:
    panels = _panels(qtbot, ctx)
    page = panels.themes_page
    assert page.chart is None  # Qt Charts waits for the tab
    panels.tabs.setCurrentIndex(5)
    assert page.chart is not None and page.chart.chart is not None
    themes = [t.name for t in panels.data.themes]
    harassment = themes.index("Harassment")
    assert [page.matrix.item(harassment, c).text() for c in range(5)] == ["1", "2", "1",
                                                                          "3", "4"]
    series = page.chart.chart.series()[0]
    assert [s.label() for s in series.barSets()] == [g.title for g in panels.data.groups]
    page.by.setCurrentIndex(1)  # by community
    assert page.matrix.columnCount() == 3 + 2
    assert page.chart.entries == ["Kurdish", "Roma", "Somali"]
    qtbot.wait(50)  # the old legend's entries are deleted later
    _shot(panels, "focus-themes")


def test_the_recording_follows_consent(qtbot: QtBot, ctx: AppContext,
                                       tmp_path: Path) -> None:
    panels = _panels(qtbot, ctx, seed=False)
    writer = FocusWriter(ctx.store, panels.project_id)
    group = writer.create_group({"title": "Roma women", "community": "Roma"})
    rosa = writer.add_participant(group, pseudonym="Rosa", consent_audio=True)
    ana = writer.add_participant(group, pseudonym="Ana", consent_audio=False)
    panels.refresh()
    row = panels.group_page.recording
    assert not row.attach.isEnabled() and "Ana" in row.label.text()
    writer.set_participant(ana, consent_audio=True)
    panels.refresh()
    assert row.attach.isEnabled() and not row.play.isEnabled()
    audio = tmp_path / "room.ogg"
    audio.write_bytes(b"OggS not really audio")
    row.attach_file(audio)
    qtbot.waitUntil(lambda: bool(read_focus(ctx.store, panels.project_id)
                                 .group(group).recording), timeout=10000)  # type: ignore[union-attr]
    qtbot.waitUntil(row.play.isEnabled, timeout=10000)
    assert "room-" in row.label.text()

    # Rosa withdraws her consent: nothing plays, and the row says why.
    writer.set_participant(rosa, consent_audio=False)
    panels.refresh()
    assert not row.play.isEnabled() and "Rosa" in row.label.text()
    row.toggle_play()
    assert not row.playing() and "Rosa" in row.label.text()


def test_exports_from_the_app(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    panels = _panels(qtbot, ctx)
    out = tmp_path / "study.qdpx"
    panels.export_to("qdpx", out)
    qtbot.waitUntil(lambda: "Wrote" in panels.export_status.text(), timeout=20000)
    assert "3 groups" in panels.export_status.text()
    with zipfile.ZipFile(out) as archive:
        assert b"urn:QDA-XML:project:1.0" in archive.read("project.qde")
    quotes = tmp_path / "quotes.csv"
    panels.export_to("quotes", quotes)
    qtbot.waitUntil(lambda: "quotes." in panels.export_status.text(), timeout=20000)
    with quotes.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["theme", "quote", "speaker"]
    people = {p.label: p for p in panels.data.participants}
    assert all(people[r[2]].consent_quote for r in rows[1:])  # consent checked
    panels.export_to("segments", tmp_path / "no-such-dir" / "x.txt")
    qtbot.waitUntil(lambda: ".csv or .xlsx" in panels.export_status.text(), timeout=20000)
    assert panels.export.isEnabled()


@pytest.mark.parametrize("language", ["en", "ckb", "fa"])
def test_every_page_laid_out(qtbot: QtBot, ctx: AppContext, language: str) -> None:
    panels = _panels(qtbot, ctx, language)
    rtl = language != "en"
    assert panels.isRightToLeft() == rtl
    panels.groups.setCurrentRow(1)
    for index in range(panels.tabs.count()):
        panels.tabs.setCurrentIndex(index)
        if index == 2:
            panels.coding_page.codings.setCurrentRow(0)
            qtbot.wait(10)
            # A Sorani note is read from the right, whichever the interface direction.
            block = panels.passage.document().firstBlock()
            assert block.textDirection() == Qt.LayoutDirection.RightToLeft
            line = block.layout().lineAt(0).naturalTextRect()
            assert line.x() > panels.passage.viewport().width() / 4
        qtbot.wait(10)
        _shot(panels, f"focus-{language}-{index}")
    assert panels.themes_page.chart is not None
    chart = panels.themes_page.chart.chart
    assert chart is not None
    assert chart.axes(Qt.Orientation.Horizontal)[0].isReverse() == rtl
    edge = chart.axes(Qt.Orientation.Vertical)[0].alignment()
    assert edge == (Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)


def test_the_export_dialogs_filter_names_the_kind(qtbot: QtBot, ctx: AppContext,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    from PySide6.QtWidgets import QFileDialog

    from fieldkit.gui.focus.export import KINDS, choose_export

    panels = _panels(qtbot, ctx, seed=False)
    chosen = KINDS[3][1]  # the quotes, as a spreadsheet
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_args: (str(tmp_path / "for-report"), chosen))
    assert choose_export(panels) == ("quotes", tmp_path / "for-report.xlsx")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: ("", ""))
    assert choose_export(panels) is None
