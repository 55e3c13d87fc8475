"""Pictures on the form screen: a question's image above its editor, and choice
images as large icons on the choice buttons (for respondents who do not read).

Added to the question widgets from outside (:func:`decorate`), so the widgets
stay about editing; a missing file is simply not shown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QAbstractButton, QBoxLayout, QLabel

from fieldkit.forms import QuestionState
from fieldkit.gui.interviews.question_widgets import QuestionWidget
from fieldkit.interviews.media import MediaFolders

#: Largest side of a question's picture and of a choice's picture, in pixels.
QUESTION_IMAGE = 240
CHOICE_IMAGE = 72

_pixmaps: dict[tuple[Path, int], QPixmap] = {}


def _pixmap(path: Path, side: int) -> QPixmap | None:
    key = (path, side)
    found = _pixmaps.get(key)
    if found is None:
        image = QPixmap(str(path))
        if image.isNull():
            return None  # not a picture Qt can read
        found = image.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
        _pixmaps[key] = found
    return found


def decorate(widget: QuestionWidget, state: QuestionState, media: MediaFolders) -> None:
    """Show the pictures ``state`` has (in its language) on ``widget``."""
    picture = widget.findChild(QLabel, "questionImage",
                               Qt.FindChildOption.FindDirectChildrenOnly)
    path = media.image(state.media) if state.media else None
    pixmap = _pixmap(path, QUESTION_IMAGE) if path is not None else None
    if pixmap is not None:
        if picture is None:
            picture = QLabel(widget)
            picture.setObjectName("questionImage")
            layout = widget.layout()
            if isinstance(layout, QBoxLayout):
                layout.insertWidget(layout.indexOf(widget.label) + 1, picture)
        picture.setPixmap(pixmap)
        picture.setAccessibleName(state.label)
    elif picture is not None:
        picture.hide()
        picture.deleteLater()
    for option in state.choices:
        if not option.media:
            continue
        found = media.image(option.media)
        button = widget.findChild(QAbstractButton, f"choice_{option.value}")
        icon = _pixmap(found, CHOICE_IMAGE) if found is not None else None
        if button is not None and icon is not None:
            button.setIcon(QIcon(icon))
            button.setIconSize(QSize(CHOICE_IMAGE, CHOICE_IMAGE))
