"""What the pages of the Focus groups workspace share: how a page asks for a write
(:data:`Do`, run by the workspace, which shows a refusal and re-reads the project)
and list/table items carrying a record's uuid."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem, QTableWidgetItem

from fieldkit.focus.records import FocusData, Note
from fieldkit.i18n import isolate

__all__ = ["UUID", "Do", "cell", "item", "note_line"]

UUID = Qt.ItemDataRole.UserRole
#: do(what is being done, the write) -> whether it was done.
Do = Callable[[str, Callable[[], object]], bool]


def item(text: str, uuid: str = "") -> QListWidgetItem:
    entry = QListWidgetItem(text)
    entry.setData(UUID, uuid)
    return entry


def cell(text: object, uuid: str = "", *, editable: bool = False) -> QTableWidgetItem:
    entry = QTableWidgetItem(str(text))
    if not editable:
        entry.setFlags(entry.flags() & ~Qt.ItemFlag.ItemIsEditable)
    entry.setData(UUID, uuid)
    return entry


def note_line(data: FocusData, note: Note) -> str:
    """``[18:07] Rebin: what was said``. The speaker and the text are isolated, so a
    Sorani sentence after a Latin pseudonym (or the other way round) keeps its own
    order, in a left-to-right and in a right-to-left interface."""
    speaker = data.speaker_label(note)
    stamp = note.at[11:16] if len(note.at) >= 16 else ""
    return f"[{stamp}] " + (f"{isolate(speaker)}: " if speaker else "") + isolate(note.text)
