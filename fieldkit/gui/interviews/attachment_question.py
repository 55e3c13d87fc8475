"""The widget for an attached file (photo, audio, consent scan): its answer is
the :class:`AttachmentSource` picked, which the form screen copies into the data
folder through the interview service."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QPushButton,
    QWidget,
)

from fieldkit.gui.interviews.question_widgets import (
    QuestionWidget,
    row_of,
)
from fieldkit.i18n import _


@dataclass(frozen=True)
class AttachmentSource:
    """A file the interviewer picked for an image, audio or file question."""

    path: Path


def _size(size: int, locale: QLocale) -> str:
    return locale.formattedDataSize(size)


class AttachmentQuestion(QuestionWidget):
    """Pick a file (copied into the data folder), see its name and size, remove it."""

    #: The folder holding this interview's attachments (set by the form screen).
    folder: Path | None = None

    def build(self) -> None:
        self.file_label = QLabel()
        self.file_label.setObjectName("attachmentName")
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.pick = QPushButton(_("Choose a file…"))
        self.pick.setObjectName("attachmentPick")
        self.pick.clicked.connect(self.choose)
        self.remove = QPushButton(_("Remove"))
        self.remove.setObjectName("attachmentRemove")
        self.remove.clicked.connect(lambda: self._send(None))
        self.editor_area.addWidget(self.file_label)
        self.editor_area.addLayout(row_of(self.pick, self.remove))

    def focus_widget(self) -> QWidget | None:
        return self.pick

    def file_filter(self) -> str:
        kind = self._state.type
        if kind == "image":
            return _("Images") + " (*.jpg *.jpeg *.png *.gif *.bmp *.webp)"
        if kind == "audio":
            return _("Sound recordings") + " (*.mp3 *.m4a *.ogg *.oga *.wav *.amr *.aac)"
        if kind == "video":
            return _("Videos") + " (*.mp4 *.webm *.3gp *.mov)"
        return _("All files") + " (*)"

    def ask_for_file(self) -> str:
        """The file the interviewer picks ("" for none); tests replace this."""
        name, _filter = QFileDialog.getOpenFileName(self, _("Attach a file"), "",
                                                    self.file_filter())
        return name

    def choose(self) -> None:
        name = self.ask_for_file()
        if name:
            self._send(AttachmentSource(Path(name)))

    def set_value(self, value: str) -> None:
        if not value:
            self.file_label.setText(_("No file attached."))
        else:
            stored = self.folder / value if self.folder is not None else None
            if stored is not None and stored.is_file():
                self.file_label.setText(_("{name} ({size})").format(
                    name=value, size=_size(stored.stat().st_size, self.locale())))
            else:
                self.file_label.setText(_("{name} (the file is not on this laptop)")
                                        .format(name=value))
        self.remove.setVisible(bool(value))
        self.pick.setText(_("Replace the file…") if value else _("Choose a file…"))
