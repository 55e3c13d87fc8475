"""The group's audio recording in the Focus groups workspace: attached only when
every participant agreed to recording, played only while they all still agree
(:func:`fieldkit.focus.recordings.playable_recording`). Copying a large file runs
off the UI thread; the player (QtMultimedia) is made on the first play."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QUrl
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from fieldkit.errors import InvalidInput
from fieldkit.focus.consent import recording_refusals
from fieldkit.focus.recordings import playable_recording
from fieldkit.focus.records import FocusData
from fieldkit.focus.writes import FocusWriter
from fieldkit.gui.failures import failure_line, report_unexpected
from fieldkit.i18n import _, isolate

__all__ = ["RecordingRow"]


class RecordingRow(QWidget):
    def __init__(self, attachments_dir: Path, writer: Callable[[], FocusWriter],
                 after_attach: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.attachments_dir = attachments_dir
        self.writer = writer
        self.after_attach = after_attach
        self.data = FocusData()
        self.group = ""
        self.busy = False
        self._player: Any = None
        self._output: Any = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        self.label.setObjectName("recordingStatus")
        self.label.setWordWrap(True)
        self.attach = QPushButton()
        self.attach.setObjectName("attachRecording")
        self.attach.clicked.connect(self.choose_file)
        self.play = QPushButton()
        self.play.setObjectName("playRecording")
        self.play.clicked.connect(self.toggle_play)
        row.addWidget(self.label, 1)
        row.addWidget(self.attach)
        row.addWidget(self.play)
        self.retranslate()

    def retranslate(self) -> None:
        self.attach.setText(_("Attach recording…"))
        self.set_data(self.data, self.group)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def playing(self) -> bool:
        if self._player is None:
            return False
        from PySide6.QtMultimedia import QMediaPlayer

        return bool(self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState)

    def set_data(self, data: FocusData, group: str, message: str = "") -> None:
        if group != self.group or (self.group and not self._may_play(data)):
            self.stop()  # another group, or consent withdrawn while playing
        self.data, self.group = data, group
        found = data.group(group) if group else None
        refusals = recording_refusals(data, group) if group else None
        allowed = refusals == []
        self.attach.setEnabled(found is not None and allowed and not self.busy)
        self.play.setEnabled(bool(found and found.recording) and allowed and not self.busy)
        self.play.setText(_("Stop") if self.playing() else _("Play recording"))
        if message:
            text = message
        elif found is None:
            text = ""
        elif refusals is None:
            text = _("Recording: count the participants and record their consent first.")
        elif refusals:
            text = _("Recording: not allowed, not everyone agreed ({names}).").format(
                names=", ".join(refusals))
        elif found.recording:
            text = _("Recording: {name}").format(name=isolate(found.recording))
        else:
            text = _("Recording: none yet (everyone agreed to recording).")
        self.label.setText(text)

    def _may_play(self, data: FocusData) -> bool:
        try:
            playable_recording(data, self.group, self.attachments_dir)
        except InvalidInput:
            return False
        return True

    # -- attaching -----------------------------------------------------------------------

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Attach recording"), "",
            _("Audio files (*.ogg *.opus *.mp3 *.m4a *.aac *.wav *.flac *.amr *.3gp);;"
              "All files (*)"))
        if path:
            self.attach_file(Path(path))

    def attach_file(self, source: Path) -> None:
        """Copy ``source`` in as the group's recording, off the UI thread (a two-hour
        recording is hundreds of megabytes); the consent check is the writer's."""
        from fieldkit.gui.tasks import run_in_background

        group = self.group
        store, project = self.writer().store, self.writer().project_id
        self.busy = True
        self.set_data(self.data, group, _("Copying the recording…"))

        def work(_progress: object) -> str:
            # A writer of its own: the UI thread's keeps its own open records.
            return FocusWriter(store, project).attach_recording(
                group, self.attachments_dir, source)

        def done(_name: object) -> None:
            self.busy = False
            self.after_attach()

        def failed(exc: BaseException) -> None:
            self.busy = False
            line = failure_line(exc)
            if line is None:
                report_unexpected(exc)
                line = ""
            self.set_data(self.data, self.group, line)

        run_in_background(work, on_done=done, on_failed=failed)

    # -- playing -------------------------------------------------------------------------

    def toggle_play(self) -> None:
        if self.playing():
            self.stop()
            self.set_data(self.data, self.group)
            return
        try:
            path = playable_recording(self.data, self.group, self.attachments_dir)
        except InvalidInput as exc:
            self.set_data(self.data, self.group, str(exc))
            return
        player = self._make_player()
        if player is None:
            self.set_data(self.data, self.group, _(
                "This laptop cannot play audio (no sound output, or QtMultimedia is "
                "missing)."))
            return
        player.setSource(QUrl.fromLocalFile(str(path)))
        player.play()
        self.set_data(self.data, self.group)

    def stop(self) -> None:
        if self._player is not None:
            self._player.stop()

    def _make_player(self) -> Any:
        if self._player is None:
            try:
                from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer
            except ImportError:  # PySide6-Addons or libpulse0 missing
                return None
            if not QMediaDevices.audioOutputs():
                return None
            self._output = QAudioOutput(self)
            self._player = QMediaPlayer(self)
            self._player.setAudioOutput(self._output)
            self._player.playbackStateChanged.connect(
                lambda _state: self.set_data(self.data, self.group))
        return self._player
