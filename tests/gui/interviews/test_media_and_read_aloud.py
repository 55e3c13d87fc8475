"""Pictures and read aloud on the form screen. Sound goes through a stand-in
speaker, so the tests check which way was taken (recording, speech, neither)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel
from pytestqt.qtbot import QtBot

from fieldkit.forms import QuestionState
from fieldkit.gui.interviews import InterviewsWorkspace
from fieldkit.gui.interviews.form_screen import FormScreen
from fieldkit.gui.interviews.media_view import CHOICE_IMAGE, decorate
from fieldkit.gui.interviews.question_factory import widget_for
from fieldkit.gui.interviews.read_aloud import Outcome, ReadAloud
from fieldkit.interviews.media import MediaFolders
from tests.gui.interviews.conftest import OpenForm, give_consent, question, sign_in

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise",
                                       "This plugin does not support grabbing")

PICTORIAL = "Non-written satisfaction survey"


class FakeSpeaker:
    def __init__(self, voices: set[str] | None, can_play: bool = True) -> None:
        self.voices = voices
        self.can_play = can_play
        self.played: list[Path] = []
        self.said: list[tuple[str, str]] = []

    def play(self, path: Path, then: Sequence[Path] = ()) -> bool:
        if self.can_play:
            self.played += [path, *then]
        return self.can_play

    def speech_languages(self) -> set[str] | None:
        return self.voices

    def say(self, text: str, language: str) -> bool:
        self.said.append((text, language))
        return True

    def stop(self) -> None:
        pass


def start_pictorial(qtbot: QtBot, workspace: InterviewsWorkspace) -> FormScreen:
    qtbot.mouseClick(workspace.list_screen.new_button, Qt.MouseButton.LeftButton)
    dialog = workspace.new_dialog
    assert dialog is not None
    dialog.form_combo.setCurrentIndex(dialog.form_combo.findText(PICTORIAL))
    qtbot.mouseClick(dialog.buttons.findChild(QAbstractButton, "startInterview"),
                     Qt.MouseButton.LeftButton)
    sign_in(qtbot, workspace)
    give_consent(qtbot, workspace)
    screen = workspace.form_screen
    assert screen is not None
    return screen


def test_choice_pictures_and_read_aloud_paths(qtbot: QtBot,
                                              workspace: InterviewsWorkspace) -> None:
    screen = start_pictorial(qtbot, workspace)
    page = screen.page_container
    agree = question(page, "agree")
    yes = agree.findChild(QAbstractButton, "choice_yes")
    assert yes is not None and not yes.icon().isNull()  # the tick picture
    assert yes.iconSize() == QSize(CHOICE_IMAGE, CHOICE_IMAGE)
    read_aloud = workspace.read_aloud
    assert read_aloud is not None and read_aloud.button.isVisibleTo(screen)

    # English has a recording: it is played, nothing is spoken.
    speaker = FakeSpeaker(voices={"en"})
    read_aloud.speaker = speaker
    qtbot.mouseClick(read_aloud.button, Qt.MouseButton.LeftButton)
    assert [p.name for p in speaker.played] == ["sat_agree_en.wav"]
    assert speaker.said == []
    assert screen.notice.isHidden()

    # Sorani has no recording (the English one is no use): a Sorani voice speaks the label.
    screen.language_combo.setFocus()  # as after choosing the language there
    screen.language_combo.setCurrentIndex(screen.language_combo.findText("کوردی (ckb)"))
    speaker = FakeSpeaker(voices={"en", "ckb"})
    read_aloud.speaker = speaker
    with qtbot.waitSignal(read_aloud.done, timeout=1000) as done:
        qtbot.keyClick(screen.language_combo, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert done.args == [Outcome.SPEECH]
    assert speaker.played == []
    [(text, language)] = speaker.said
    assert language == "ckb" and text == question(page, "agree").label.text().rstrip(" *")

    # No Sorani voice: the interviewer is told plainly, in the interface language.
    read_aloud.speaker = FakeSpeaker(voices={"en"})
    assert read_aloud.read() is Outcome.NO_VOICE
    assert screen.notice.isVisibleTo(screen)
    assert "no text-to-speech voice for" in screen.notice.text()
    # No text-to-speech at all, and no sound device for the English recording.
    read_aloud.speaker = FakeSpeaker(voices=None, can_play=False)
    screen.language_combo.setCurrentIndex(screen.language_combo.findText("English (en)"))
    assert read_aloud.read() is Outcome.NOTHING
    assert "this computer has no text-to-speech" in screen.notice.text()


def test_a_voice_recorded_in_the_app_is_played_with_its_choices(
        qtbot: QtBot, workspace: InterviewsWorkspace) -> None:
    from fieldkit.interviews.recordings import save_recording
    from fieldkit.projects import current_project
    from tests.interviews.test_recordings import tone_wav

    store = workspace.ctx.store
    project_id = current_project(store).id
    for key, seconds in (("q:/data/agree", 1.0), ("c:yes_no_pic/yes", 0.4),
                         ("c:yes_no_pic/no", 0.3)):
        save_recording(store, project_id, "satisfaction_pictorial", "ckb", key=key,
                       data=tone_wav(seconds))
    screen = start_pictorial(qtbot, workspace)
    read_aloud = workspace.read_aloud
    assert read_aloud is not None
    screen.language_combo.setCurrentIndex(screen.language_combo.findText("کوردی (ckb)"))
    speaker = FakeSpeaker(voices={"ckb"})
    read_aloud.speaker = speaker
    assert read_aloud.read() is Outcome.RECORDING
    # The question, then its choices in the order shown, each a file of its recording.
    from fieldkit.interviews.recordings import check_wav

    assert [check_wav(p.read_bytes(), p.name) for p in speaker.played] == [1000, 400, 300]
    assert speaker.said == [] and screen.notice.isHidden()
    # In English the form's own recording still plays (none was made in the app).
    screen.language_combo.setCurrentIndex(screen.language_combo.findText("English (en)"))
    speaker = FakeSpeaker(voices={"en"})
    read_aloud.speaker = speaker
    assert read_aloud.read() is Outcome.RECORDING
    assert [p.name for p in speaker.played] == ["sat_agree_en.wav"]


def test_question_picture_shown_above_the_editor(qtbot: QtBot) -> None:
    media = MediaFolders.for_data_dir(None)
    state = QuestionState(
        path="/data/q", name="q", type="text", label="Which face?", hint="",
        media={"image": "jr://images/face_3.png"}, choices=(), value="", required=False,
        readonly=False, relevant=True, constraint_message=None, appearance=None)
    widget = widget_for(state)
    qtbot.addWidget(widget)
    decorate(widget, state, media)
    picture = widget.findChild(QLabel, "questionImage")
    assert picture is not None and not picture.pixmap().isNull()
    assert max(picture.pixmap().width(), picture.pixmap().height()) == 240
    decorate(widget, state, media)  # again (a refresh): still one picture
    assert len([c for c in widget.findChildren(QLabel, "questionImage")
                if c.isVisibleTo(widget)]) == 1
    missing = replace(state, media={"image": "jr://images/not-here.png"})
    decorate(widget, missing, media)  # a file that is not there: no picture, no error
    widget.show()
    assert all(not c.isVisibleTo(widget) for c in widget.findChildren(QLabel, "questionImage"))


def test_real_speaker_degrades_without_sound_or_voices(tmp_path: Path) -> None:
    """The real speaker on this machine (offscreen, no sound server): it answers at
    once, whatever it finds, and never hangs."""
    script = textwrap.dedent("""
        from pathlib import Path
        from PySide6.QtCore import QObject
        from PySide6.QtWidgets import QApplication
        from fieldkit.gui.interviews.read_aloud import QtSpeaker
        from fieldkit.packaged import resource

        app = QApplication([])
        speaker = QtSpeaker(QObject())
        played = speaker.play(resource("forms", "media", "sat_agree_en.wav"))
        voices = speaker.speech_languages()
        speaker.stop()
        print("played", played, "voices", sorted(voices) if voices is not None else None)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, env={**os.environ,
                                            "QT_QPA_PLATFORM": "offscreen"}, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("played "), done.stdout


DARI_ARABIC = """
| survey |
| | type | name | label::Dari (fa_AF) | label::Arabic (AR) |
| | text | name | نام شما چیست؟ | ما اسمك؟ |
"""


@pytest.mark.parametrize(("language", "voices", "said"), [
    ("Dari (fa_AF)", {"en", "fa"}, ("نام شما چیست؟", "fa")),  # a Persian voice reads Dari
    ("Dari (fa_AF)", {"fa", "fa-AF"}, ("نام شما چیست؟", "fa-AF")),  # a Dari one first
    ("Arabic (AR)", {"en", "ar"}, ("ما اسمك؟", "ar")),  # the form's code in upper case
])
def test_read_aloud_finds_a_voice_by_base_language(
        qtbot: QtBot, open_form: OpenForm, language: str, voices: set[str],
        said: tuple[str, str]) -> None:
    screen = open_form(DARI_ARABIC, language=language)
    speaker = FakeSpeaker(voices=voices)
    read_aloud = ReadAloud(screen, MediaFolders.for_data_dir(None), lambda _parent: speaker)
    screen.tools.addWidget(read_aloud.button)
    with qtbot.waitSignal(read_aloud.done, timeout=1000) as done:
        qtbot.keyClick(question(screen.page_container, "name"), Qt.Key.Key_R,
                       Qt.KeyboardModifier.ControlModifier)
    assert done.args == [Outcome.SPEECH]
    assert [(text.rstrip(" *"), code) for text, code in speaker.said] == [said]
    assert screen.notice.isHidden()


def test_no_voice_for_dari_or_persian_says_so(qtbot: QtBot, open_form: OpenForm) -> None:
    screen = open_form(DARI_ARABIC, language="Dari (fa_AF)")
    speaker = FakeSpeaker(voices={"en", "ar"})
    read_aloud = ReadAloud(screen, MediaFolders.for_data_dir(None), lambda _parent: speaker)
    screen.tools.addWidget(read_aloud.button)
    qtbot.mouseClick(read_aloud.button, Qt.MouseButton.LeftButton)
    assert speaker.said == []
    assert screen.notice.isVisibleTo(screen)
    assert "no text-to-speech voice for \u2068Dari (fa_AF)\u2069" in screen.notice.text()
