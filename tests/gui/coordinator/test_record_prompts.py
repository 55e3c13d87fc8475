"""Record prompts: the coordinator's list of a form's texts per language, what is
still unrecorded, saving a recording (what the recorder writes, here a generated
WAV file: test machines have no microphone), playing it back, deleting it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fieldkit.context import AppContext
from fieldkit.gui.coordinator.forms_tab import FormsTab
from fieldkit.gui.coordinator.record_prompts import RecordPromptsDialog
from fieldkit.interviews.recordings import recordings
from tests.gui.coordinator.conftest import idle, show_coordinator, tab_named
from tests.gui.coordinator.site import SORANI
from tests.interviews.test_recordings import tone_wav
from tests.sync.helpers import FORM_ID, Coordinator

# QtMultimedia loading on a machine without sound hardware or its optional libraries
# (the very case these tests cover); and dialogs on the offscreen platform.
pytestmark = pytest.mark.qt_log_ignore(
    "Couldn't (load|resolve) .*", "PulseAudioService: .*",
    "This plugin does not support propagateSizeHints")


def _dialog(qtbot: QtBot, ctx: AppContext, language: str = "ckb") -> RecordPromptsDialog:
    dialog = RecordPromptsDialog(ctx.store, ctx.paths.data_dir, FORM_ID, title="Household",
                                 ui_language=language, actor="sam")
    qtbot.addWidget(dialog)
    return dialog


def _texts(dialog: RecordPromptsDialog) -> list[list[str]]:
    return [[dialog.table.item(r, c).text() for c in range(dialog.table.columnCount())]
            for r in range(dialog.table.rowCount())]


def test_forms_tab_opens_record_prompts(qtbot: QtBot, ctx: AppContext,
                                       site: Coordinator) -> None:
    _window, workspace = show_coordinator(qtbot, ctx)
    tab = tab_named(workspace, "FormsTab")
    assert isinstance(tab, FormsTab)
    idle(qtbot, workspace)
    assert not tab.record_button.isEnabled()
    tab.table.selectRow(0)
    assert tab.record_button.isEnabled()
    qtbot.mouseClick(tab.record_button, Qt.MouseButton.LeftButton)
    assert isinstance(tab.dialog, RecordPromptsDialog)
    assert tab.dialog.language.currentText() == "English (en)"
    tab.dialog.reject()


def test_record_play_and_delete_with_a_generated_file(
        qtbot: QtBot, ctx: AppContext, site: Coordinator, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, ctx)
    assert dialog.language.currentText() == SORANI  # the interface language's
    assert _texts(dialog) == [
        ["قەبارەی خێزان", "Question", "not recorded"],
        ["خاوەندارێتی", "Question", "not recorded"],
        ["موڵکی خۆیەتی", "Choice", "not recorded"],
        ["بەکرێ", "Choice", "not recorded"],
        ["Name", "Question", "not recorded"]]  # no Sorani label: the form's own text
    assert dialog.summary.text().endswith("0 of 5 lines recorded; 5 still to record, "
                                          "0 to record again.")
    assert not dialog.play_button.isEnabled()

    dialog.table.selectRow(1)
    if not dialog.microphone:
        assert not dialog.record_button.isEnabled()
        assert "no microphone" in dialog.status.text()
    # What the recorder leaves when Stop is pressed: a WAV file in the scratch folder.
    made = dialog.scratch_file()
    made.write_bytes(tone_wav(1.3))
    dialog.recorded("q:/data/tenure", made)
    assert dialog.status.text() == "Saved (1.3 s). Play it back to check it."
    assert _texts(dialog)[1][2].startswith("1.3 s, ")
    assert "1 of 5 lines recorded; 4 still to record" in dialog.summary.text()
    assert dialog.selected() is not None and dialog.selected().key == "q:/data/tenure"
    assert dialog.play_button.isEnabled() and dialog.delete_button.isEnabled()
    played = dialog.play_selected()
    if not played:  # no sound output here: said so, the recording stays
        assert "no sound output" in dialog.status.text()
    path = dialog.selected_file()
    assert path is not None and path.read_bytes() == made.read_bytes()

    # A file recorded elsewhere, for a choice; a wrong file is refused in one line.
    dialog.table.selectRow(3)
    bad = tmp_path / "rent.mp3"
    bad.write_bytes(b"ID3 not a wav")
    dialog.add_file(bad)
    assert dialog.status.text().startswith("rent.mp3: not a WAV sound file")
    good = tmp_path / "rent.wav"
    good.write_bytes(tone_wav(0.6))
    dialog.add_file(good)
    assert set(recordings(ctx.store, site.project_id, FORM_ID, SORANI)) == {
        "q:/data/tenure", "c:/data/tenure/rent"}  # inline choices: the list is the question

    dialog.only_missing.setChecked(True)
    assert [row[0] for row in _texts(dialog)] == ["قەبارەی خێزان", "موڵکی خۆیەتی", "Name"]
    dialog.only_missing.setChecked(False)

    dialog.table.selectRow(1)
    dialog.delete_selected()
    assert set(recordings(ctx.store, site.project_id, FORM_ID, SORANI)) == {"c:/data/tenure/rent"}
    # Each language has its own list.
    dialog.language.setCurrentText("English (en)")
    assert _texts(dialog)[0] == ["Household size", "Question", "not recorded"]
    dialog.reject()
    assert not made.exists()  # the recorder's scratch folder goes with the dialog


def test_nothing_recorded_is_said(qtbot: QtBot, ctx: AppContext, site: Coordinator) -> None:
    dialog = _dialog(qtbot, ctx)
    dialog.recorded("q:/data/size", None)
    assert dialog.status.text().startswith("Nothing was recorded")
    assert recordings(ctx.store, site.project_id, FORM_ID, SORANI) == {}


def test_real_capture(qtbot: QtBot, ctx: AppContext, site: Coordinator) -> None:
    dialog = _dialog(qtbot, ctx)
    if not dialog.microphone:
        pytest.skip("this machine has no microphone; recording is exercised above with "
                    "the file the recorder would write")
    dialog.table.selectRow(0)
    dialog.toggle_recording()
    qtbot.wait(800)
    dialog.toggle_recording()
    qtbot.waitUntil(lambda: dialog.recording_key is None, timeout=5000)
    assert "q:/data/size" in recordings(ctx.store, site.project_id, FORM_ID, SORANI)


def test_space_on_the_list_records_and_stops(qtbot: QtBot, ctx: AppContext, site: Coordinator,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = _dialog(qtbot, ctx)
    pressed: list[bool] = []
    monkeypatch.setattr(dialog, "toggle_recording", lambda: pressed.append(True))
    dialog.show()
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    dialog.table.selectRow(0)
    dialog.table.setFocus()
    dialog.microphone = False
    dialog._enable()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert pressed == []  # no microphone: Space does nothing
    dialog.microphone = True  # as on a machine with one
    dialog._enable()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert pressed == [True]
    dialog.reject()
