"""Read aloud: play the question's recording in the respondent's language (one the
coordinator recorded in the app, then its recorded choices; else one the form file
names) when there is one, else speak its label with the system's text-to-speech when a voice
for that language exists, else say plainly that neither is there.

Sound goes through a :class:`Speaker`, a small interface this module owns: the
app's is :class:`QtSpeaker` (QtMultimedia and QtTextToSpeech from PySide6-Addons,
imported on first use, so neither start-up nor a machine without them pays for
it); tests give a stand-in and check which way was taken."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QLocale, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QStyle, QToolButton

from fieldkit.forms.language_names import language_code, matching_code
from fieldkit.i18n import _, isolate
from fieldkit.interviews.media import MediaFolders, recording_of
from fieldkit.interviews.recordings import (
    RecordingFiles,
    choice_key,
    choice_list,
    question_key,
)
from fieldkit.interviews.repeat_rows import template_path

if TYPE_CHECKING:
    from fieldkit.gui.interviews.form_screen import FormScreen

log = logging.getLogger(__name__)


class Outcome(Enum):
    RECORDING = "recording"
    SPEECH = "speech"
    NO_VOICE = "no_voice"  # text-to-speech exists, not for this language
    NOTHING = "nothing"  # no recording and no text-to-speech at all
    NO_QUESTION = "no_question"


class Speaker(Protocol):
    def play(self, path: Path, then: Sequence[Path] = ()) -> bool:
        """Start playing a sound file, then each of ``then`` in turn; False when this
        computer cannot play sound."""

    def speech_languages(self) -> set[str] | None:
        """Language codes (``"en"``, ``"fa"``; any case or separator) a voice exists
        for; None without text-to-speech."""

    def say(self, text: str, language: str) -> bool:
        """Speak ``text`` in ``language``, one of :meth:`speech_languages`."""

    def stop(self) -> None: ...


class QtSpeaker:
    """QtMultimedia for recordings, QtTextToSpeech for speech, created when first needed."""

    #: Qt's test engine, which makes no sound.
    IGNORED_ENGINES = ("mock",)

    def __init__(self, parent: QObject) -> None:
        self._parent = parent
        self._player: Any = None
        self._output: Any = None
        self._engine: Any = None
        self._queue: list[Path] = []
        self._tried_player = self._tried_engine = False

    def _make_player(self) -> Any:
        if not self._tried_player:
            self._tried_player = True
            try:
                from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer
            except ImportError as exc:  # PySide6-Addons or libpulse0 missing
                log.info("no QtMultimedia: %s", exc)
                return None
            if not QMediaDevices.audioOutputs():
                log.info("no audio output device")
                return None
            self._output = QAudioOutput(self._parent)
            self._player = QMediaPlayer(self._parent)
            self._player.setAudioOutput(self._output)
            self._player.mediaStatusChanged.connect(self._next)
        return self._player

    def _make_engine(self) -> Any:
        if not self._tried_engine:
            self._tried_engine = True
            try:
                from PySide6.QtTextToSpeech import QTextToSpeech
            except ImportError as exc:
                log.info("no QtTextToSpeech: %s", exc)
                return None
            for name in QTextToSpeech.availableEngines():
                if name in self.IGNORED_ENGINES:
                    continue
                engine = QTextToSpeech(name, self._parent)
                if engine.state() != QTextToSpeech.State.Error:
                    self._engine = engine
                    break
                engine.deleteLater()
                log.info("text-to-speech engine %s: %s", name, engine.errorString())
        return self._engine

    def play(self, path: Path, then: Sequence[Path] = ()) -> bool:
        player = self._make_player()
        if player is None:
            return False
        self._queue = list(then)
        player.setSource(QUrl.fromLocalFile(str(path)))
        player.play()
        return True

    def _next(self, status: Any) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if status == QMediaPlayer.MediaStatus.EndOfMedia and self._queue:
            self._player.setSource(QUrl.fromLocalFile(str(self._queue.pop(0))))
            self._player.play()

    def speech_languages(self) -> set[str] | None:
        engine = self._make_engine()
        if engine is None:
            return None
        return {locale.name().split("_")[0] for locale in engine.availableLocales()}

    def say(self, text: str, language: str) -> bool:
        engine = self._make_engine()
        if engine is None:
            return False
        wanted = QLocale(language).language()
        for locale in engine.availableLocales():
            if locale.language() == wanted:
                engine.setLocale(locale)
                break
        engine.say(text)
        return True

    def stop(self) -> None:
        self._queue = []
        if self._player is not None:
            self._player.stop()
        if self._engine is not None:
            self._engine.stop()


class ReadAloud(QObject):
    """The *Read aloud* button of the form screen (and Ctrl+R): reads the question
    that has the focus, else the first on the page."""

    #: What happened on the last press (for tests and the log).
    done = Signal(object)

    def __init__(self, screen: FormScreen, media: MediaFolders,
                 make_speaker: Callable[[QObject], Speaker] = QtSpeaker,
                 recordings: RecordingFiles | None = None) -> None:
        super().__init__(screen)
        self._screen = screen
        self._media = media
        self._recordings = recordings
        self._make_speaker = make_speaker
        self.speaker: Speaker | None = None
        self.button = QToolButton()
        self.button.setObjectName("readAloud")
        self.button.setIcon(screen.style().standardIcon(QStyle.StandardPixmap.SP_MediaVolume))
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.clicked.connect(self.read)
        shortcut = QShortcut(QKeySequence("Ctrl+R"), screen)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.read)
        self.retranslate()

    def _question(self) -> str | None:
        widgets = self._screen.widgets
        focus = QApplication.focusWidget()
        for path, widget in widgets.items():
            if focus is not None and (focus is widget or widget.isAncestorOf(focus)):
                return path
        return next(iter(widgets), None)

    def read(self) -> Outcome:
        outcome = self._read()
        self.done.emit(outcome)
        return outcome

    def _read(self) -> Outcome:
        screen = self._screen
        handle = screen.handle
        path = self._question()
        if handle is None or path is None:
            return Outcome.NO_QUESTION
        if self.speaker is None:
            self.speaker = self._make_speaker(self)
        speaker = self.speaker
        speaker.stop()
        session = handle.session
        language = session.language
        recorded = self._recorded(path)
        if recorded and speaker.play(recorded[0], recorded[1:]):
            self._say("")
            return Outcome.RECORDING
        uri = recording_of(handle.form, path, language)
        found = self._media.find(uri) if uri else None
        if found is not None and speaker.play(found):
            self._say("")
            return Outcome.RECORDING
        code = language_code(language or "", bare=True) or "en"
        voices = speaker.speech_languages()
        text = session.label(path)
        # Voices are known by base codes ("fa"): Dari (fa_AF) is read by a Persian
        # voice when there is no Dari one, as the interface picks a form language.
        voice = matching_code(code, voices) if voices is not None else None
        if voice is not None and text and speaker.say(text, voice):
            self._say("")
            return Outcome.SPEECH
        if voices is None:
            self._say(_("This question has no recording, and this computer has no "
                        "text-to-speech: please read the question out yourself."))
            return Outcome.NOTHING
        self._say(_("This question has no recording, and this computer has no "
                    "text-to-speech voice for {language}: please read the question "
                    "out yourself.").format(language=isolate(language or code)))
        return Outcome.NO_VOICE

    def _recorded(self, path: str) -> list[Path]:
        """The recording made in the app of the question at ``path`` in the session's
        language, then those of the choices it offers now; empty without the former."""
        handle = self._screen.handle
        if self._recordings is None or handle is None:
            return []
        session, info = handle.session, handle.info
        first = question_key(path)
        keys = [first]
        question = handle.form.questions.get(template_path(path))
        if question is not None:
            list_name = choice_list(handle.form, question)[0]
            if list_name:
                keys += [choice_key(list_name, c.value) for c in session.choices(path)]
        found = self._recordings.find(info.project_id, info.form_id, session.language, keys)
        if first not in found:
            return []
        return [found[key] for key in keys if key in found]

    def _say(self, text: str) -> None:
        notice = self._screen.notice
        notice.setText(text)
        notice.setVisible(bool(text))

    def retranslate(self) -> None:
        self.button.setText(_("Read &aloud"))
        self.button.setToolTip(_("Play or speak the question for the respondent (Ctrl+R)"))
