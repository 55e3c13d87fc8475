"""*Record prompts*: the coordinator sits with a community member who reads each
question and choice of a form aloud in one language; each reading is recorded,
played back and kept as the form's recording for that language (issue F18). The
list shows what is still unrecorded, and which recordings no longer match a text
changed since. Recordings go to the laptops with the next pack, where read aloud
plays them before any text-to-speech.

Sound is QtMultimedia, imported when the dialog opens (never at start-up). A machine
without a microphone can still add a WAV file recorded elsewhere (*Add from file…*)."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, Qt, QUrl
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.errors import FieldkitError
from fieldkit.forms.language_names import form_language
from fieldkit.gui.coordinator.base import local_time, make_table, number
from fieldkit.i18n import N_, _, isolate
from fieldkit.interviews.recordings import (
    Coverage,
    Prompt,
    RecordingFiles,
    coverage,
    delete_recording,
    recordings_folder,
    save_recording,
)

if TYPE_CHECKING:
    from fieldkit.store import Store

log = logging.getLogger(__name__)

def seconds(millis: int) -> str:
    """A duration in seconds with one decimal, in the interface locale."""
    return QLocale().toString(millis / 1000, "f", 1)


COLUMNS = (N_("Text to read"), N_("Kind"), N_("Recording"))
_MISSING = QColor("#a40000")


class RecordPromptsDialog(QDialog):
    """One form, one language at a time: pick a line, *Record*, *Stop*, *Play*."""

    def __init__(self, store: Store, data_dir: Path, form_id: str, *, title: str,
                 ui_language: str, actor: str, parent: QWidget | None = None) -> None:
        from fieldkit.sync.project_role import coordinator_project

        super().__init__(parent)
        self.setObjectName("recordPrompts")
        self.setWindowTitle(_("Record prompts: {title}").format(title=title))
        self.resize(820, 560)
        self.store, self.form_id, self.actor = store, form_id, actor
        self.project_id = coordinator_project(store).id
        self.files = RecordingFiles(store, recordings_folder(data_dir))
        self.coverage: Coverage | None = None
        self.shown: list[Prompt] = []
        self.scratch: tempfile.TemporaryDirectory[str] | None = None
        self.recorder: Any = None
        self.capture: Any = None
        self.player: Any = None
        self.file_dialog: QFileDialog | None = None
        self.recording_key: str | None = None

        layout = QVBoxLayout(self)
        intro = QLabel(_("Ask a speaker of the language to read each line aloud, as they "
                         "would say it to a neighbour. Select a line, press Record, let "
                         "them read, press Stop, and play it back. Recordings go to the "
                         "laptops with the next pack; read aloud plays them instead of a "
                         "computer voice."))
        intro.setWordWrap(True)
        self.language = QComboBox()
        self.language.setObjectName("promptLanguage")
        self.only_missing = QCheckBox(_("Show only lines not yet recorded"))
        self.only_missing.setObjectName("onlyMissing")
        self.only_missing.toggled.connect(self._fill)
        top = QHBoxLayout()
        language_label = QLabel(_("&Language:"))
        language_label.setBuddy(self.language)
        for widget in (language_label, self.language, self.only_missing):
            top.addWidget(widget)
        top.addStretch(1)
        self.summary = QLabel()
        self.summary.setObjectName("promptSummary")
        self.summary.setWordWrap(True)
        self.table = make_table("prompts", len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()  # the text to read takes the room
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._enable)
        self.record_button = QPushButton(_("&Record"))
        self.record_button.setObjectName("recordPrompt")
        self.record_button.clicked.connect(self.toggle_recording)
        self.play_button = QPushButton(_("&Play"))
        self.play_button.setObjectName("playPrompt")
        self.play_button.clicked.connect(self.play_selected)
        self.file_button = QPushButton(_("Add from &file…"))
        self.file_button.setObjectName("promptFromFile")
        self.file_button.clicked.connect(self.choose_file)
        self.delete_button = QPushButton(_("&Delete recording"))
        self.delete_button.setObjectName("deletePrompt")
        self.delete_button.clicked.connect(self.delete_selected)
        row = QHBoxLayout()
        for button in (self.record_button, self.play_button, self.file_button,
                       self.delete_button):
            row.addWidget(button)
        row.addStretch(1)
        self.status = QLabel()
        self.status.setObjectName("promptStatus")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        for part in (intro,):
            layout.addWidget(part)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.finished.connect(self._close)
        # Space on the list records/stops: the speaker reads, the coordinator need not
        # aim the mouse.
        space = QShortcut(QKeySequence(Qt.Key.Key_Space), self.table)
        space.setContext(Qt.ShortcutContext.WidgetShortcut)
        space.activated.connect(self._space)

        self.microphone = self._has_microphone()
        self._load_languages(ui_language)
        self.language.currentIndexChanged.connect(self.reload)
        self.reload()

    # -- what there is --------------------------------------------------------------

    def _has_microphone(self) -> bool:
        try:
            from PySide6.QtMultimedia import QMediaDevices
        except ImportError as exc:  # PySide6-Addons or its system libraries missing
            log.info("no QtMultimedia: %s", exc)
            return False
        return bool(QMediaDevices.audioInputs())

    def _load_languages(self, ui_language: str) -> None:
        from fieldkit.interviews.recordings import newest_form

        with self.store.session() as session:
            languages = list(newest_form(session, self.project_id, self.form_id).languages)
        self.language.addItems(languages)
        chosen = form_language(languages, ui_language)
        if chosen is not None:
            self.language.setCurrentText(chosen)

    def current_language(self) -> str:
        return self.language.currentText()

    def reload(self) -> None:
        language = self.current_language()
        if not language:
            self.coverage = None
            self.summary.setText(_("This form has one language: record it from the "
                                   "form file's own audio columns instead."))
            self._fill()
            return
        self.coverage = coverage(self.store, self.project_id, self.form_id, language)
        self._fill()

    def _fill(self) -> None:
        found = self.coverage
        prompts = [] if found is None else found.prompts
        if found is not None and self.only_missing.isChecked():
            wanted = {p.key for p in found.missing} | {p.key for p in found.outdated}
            prompts = [p for p in prompts if p.key in wanted]
        self.shown = prompts
        self.table.setRowCount(len(prompts))
        outdated = {p.key for p in found.outdated} if found is not None else set()
        for row, prompt in enumerate(prompts):
            info = found.recorded.get(prompt.key) if found is not None else None
            if info is None:
                state = _("not recorded")
            elif prompt.key in outdated:
                state = _("recorded, but the text has changed since: record it again")
            else:
                state = _("{seconds} s, {when}").format(
                    seconds=seconds(info.duration_ms),
                    when=local_time(info.recorded_at))
            kind = _("Question") if prompt.kind == "question" else _("Choice")
            items = (QTableWidgetItem(prompt.text), QTableWidgetItem(kind),
                     QTableWidgetItem(state))
            if info is None or prompt.key in outdated:
                items[2].setForeground(_MISSING)
            items[0].setToolTip(prompt.key)
            for column, item in enumerate(items):
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        if found is not None:
            total, missing = len(found.prompts), len(found.missing)
            self.summary.setText(_("{language}: {done} of {total} lines recorded; {missing} "
                                   "still to record, {outdated} to record again.").format(
                language=isolate(found.language), done=number(total - missing),
                total=number(total), missing=number(missing),
                outdated=number(len(found.outdated))))
        self._enable()

    def selected(self) -> Prompt | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.shown):
            return None
        return self.shown[rows[0].row()]

    def _enable(self) -> None:
        prompt = self.selected()
        recording = self.recording_key is not None
        recorded = (prompt is not None and self.coverage is not None
                    and prompt.key in self.coverage.recorded)
        self.record_button.setEnabled(self.microphone and (prompt is not None or recording))
        self.record_button.setText(_("&Stop") if recording else _("&Record"))
        self.play_button.setEnabled(recorded and not recording)
        self.file_button.setEnabled(prompt is not None and not recording)
        self.delete_button.setEnabled(recorded and not recording)
        self.language.setEnabled(not recording)
        if not self.microphone and not self.status.text():
            self.status.setText(_("This computer has no microphone (or no sound system "
                                  "fieldkit can use): record on another computer or a "
                                  "phone, save the recording as .wav, and add it with "
                                  "Add from file…"))

    # -- recording ------------------------------------------------------------------

    def toggle_recording(self) -> None:
        if self.recording_key is not None:
            self.recorder.stop()  # saved when the recorder says it has stopped
            return
        prompt = self.selected()
        if prompt is None:
            return
        from PySide6.QtMultimedia import (
            QAudioInput,
            QMediaCaptureSession,
            QMediaFormat,
            QMediaRecorder,
        )

        if self.recorder is None:
            self.capture = QMediaCaptureSession(self)
            self.capture.setAudioInput(QAudioInput(self))
            self.recorder = QMediaRecorder(self)
            self.capture.setRecorder(self.recorder)
            media_format = QMediaFormat(QMediaFormat.FileFormat.Wave)
            media_format.setAudioCodec(QMediaFormat.AudioCodec.Wave)
            self.recorder.setMediaFormat(media_format)
            # Speech needs no more: a minute is about 2 MB, so packs stay small.
            self.recorder.setAudioSampleRate(16000)
            self.recorder.setAudioChannelCount(1)
            self.recorder.recorderStateChanged.connect(self._recorder_state)
            self.recorder.errorOccurred.connect(self._recorder_error)
        target = self.scratch_file()
        target.unlink(missing_ok=True)
        self.recorder.setOutputLocation(QUrl.fromLocalFile(str(target)))
        self.recording_key = prompt.key
        self.status.setText(_("Recording… press Stop when the reading is finished."))
        self._enable()
        self.recorder.record()

    def _space(self) -> None:
        if self.record_button.isEnabled():
            self.toggle_recording()

    def scratch_file(self) -> Path:
        """Where the recorder writes (a folder of its own, gone when the dialog closes)."""
        if self.scratch is None:
            self.scratch = tempfile.TemporaryDirectory(prefix="fieldkit-record-")
        return Path(self.scratch.name) / "prompt.wav"

    def _recorder_state(self, state: Any) -> None:
        from PySide6.QtMultimedia import QMediaRecorder

        if state != QMediaRecorder.RecorderState.StoppedState or self.recording_key is None:
            return
        key, self.recording_key = self.recording_key, None
        location = self.recorder.actualLocation().toLocalFile()
        self.recorded(key, Path(location) if location else None)

    def _recorder_error(self, _error: Any, text: str) -> None:
        self.recording_key = None
        self.status.setText(_("The recording failed: {problem}").format(problem=text))
        self._enable()

    def recorded(self, key: str, path: Path | None) -> None:
        """Keep the file the recorder (or a test) wrote for prompt ``key``."""
        if path is None or not path.is_file():
            self.status.setText(_("Nothing was recorded: check the microphone and try "
                                  "again."))
            self._enable()
            return
        self._save(key, path)

    def _save(self, key: str, path: Path) -> None:
        try:
            info = save_recording(self.store, self.project_id, self.form_id,
                                  self.current_language(), key=key, data=path.read_bytes(),
                                  actor=self.actor, label=path.name)
        except (FieldkitError, OSError) as exc:
            self.status.setText(str(exc))
            self._enable()
            return
        self.status.setText(_("Saved ({seconds} s). Play it back to check it.").format(
            seconds=seconds(info.duration_ms)))
        self.reload()
        self._select(key)

    def _select(self, key: str) -> None:
        for row, prompt in enumerate(self.shown):
            if prompt.key == key:
                self.table.selectRow(row)
                return

    # -- files, playing and deleting ------------------------------------------------

    def choose_file(self) -> None:
        prompt = self.selected()
        if prompt is None:
            return
        dialog = QFileDialog(self, _("Add a recording"), str(Path.home()))
        dialog.setObjectName("promptFileDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([_("WAV sound files (*.wav)"), _("All files (*)")])
        dialog.fileSelected.connect(lambda f: self._save(prompt.key, Path(f)))
        dialog.finished.connect(dialog.deleteLater)
        self.file_dialog = dialog
        dialog.open()

    def add_file(self, path: Path) -> None:
        """Keep ``path`` as the selected line's recording (what *Add from file…* does)."""
        prompt = self.selected()
        if prompt is not None:
            self._save(prompt.key, path)

    def selected_file(self) -> Path | None:
        prompt = self.selected()
        if prompt is None:
            return None
        found = self.files.find(self.project_id, self.form_id, self.current_language(),
                                [prompt.key])
        return found.get(prompt.key)

    def play_selected(self) -> bool:
        path = self.selected_file()
        if path is None:
            return False
        try:
            from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer
        except ImportError as exc:
            log.info("no QtMultimedia: %s", exc)
            outputs = False
        else:
            outputs = bool(QMediaDevices.audioOutputs())
        if not outputs:
            self.status.setText(_("This computer has no sound output: the recording is "
                                  "saved, but cannot be played here."))
            return False
        if self.player is None:
            self.player = QMediaPlayer(self)
            self.player.setAudioOutput(QAudioOutput(self))
        self.player.setSource(QUrl.fromLocalFile(str(path)))
        self.player.play()
        return True

    def delete_selected(self) -> None:
        prompt = self.selected()
        if prompt is None:
            return
        delete_recording(self.store, self.project_id, self.form_id, self.current_language(),
                         prompt.key)
        self.status.setText(_("Recording deleted; the laptops lose it with the next pack."))
        self.reload()

    def _close(self) -> None:
        if self.player is not None:
            self.player.stop()
        if self.recorder is not None and self.recording_key is not None:
            self.recording_key = None
            self.recorder.stop()
        if self.scratch is not None:
            self.scratch.cleanup()
            self.scratch = None
