"""The Notes tab of the Focus groups workspace, made for typing in the room at speed
with the keyboard only: pick the topic-guide question, the speaker and the language
with shortcuts, type, Enter saves with the time. A saved note is changed by choosing
it (↑ from an empty entry, or a click) and pressing Enter or F2: it comes back into
the entry; Enter saves the change (coded passages move with their words), Esc leaves
it as it was; Delete removes the chosen note."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from fieldkit.focus.analysis import theme_path
from fieldkit.focus.records import FocusData
from fieldkit.focus.writes import FocusWriter, lost_codings
from fieldkit.gui.focus.common import UUID, Do, item, note_line
from fieldkit.i18n import _, isolate, ngettext

__all__ = ["NotesPage"]


def _step(combo: QComboBox, step: int) -> None:
    if combo.count():
        combo.setCurrentIndex((combo.currentIndex() + step) % combo.count())


class NotesPage(QWidget):
    def __init__(self, language: str | None, writer: Callable[[], FocusWriter], do: Do,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.writer = writer
        self.do = do
        self.data = FocusData()
        self.group = ""
        self.editing = ""  # the saved note in the entry, or "" for a new one
        layout = QVBoxLayout(self)
        pickers = QFormLayout()
        self.question = QComboBox()
        self.question.setObjectName("noteQuestion")
        self.question.currentIndexChanged.connect(lambda _index: self._list_notes())
        self.speaker = QComboBox()
        self.speaker.setObjectName("noteSpeaker")
        self.spoken = QComboBox()
        self.spoken.setObjectName("noteLanguage")
        self.question_label, self.speaker_label, self.spoken_label = (
            QLabel(), QLabel(), QLabel())
        pickers.addRow(self.question_label, self.question)
        pickers.addRow(self.speaker_label, self.speaker)
        pickers.addRow(self.spoken_label, self.spoken)
        layout.addLayout(pickers)
        self.all_questions = QCheckBox()
        self.all_questions.setObjectName("noteAllQuestions")
        self.all_questions.toggled.connect(lambda _on: self._list_notes())
        layout.addWidget(self.all_questions)
        self.notes = QListWidget()
        self.notes.setObjectName("focusNotes")
        self.notes.setWordWrap(True)
        self.notes.installEventFilter(self)
        self.notes.itemDoubleClicked.connect(lambda _item: self.edit_chosen())
        layout.addWidget(self.notes, 1)
        self.keys_hint = QLabel()
        self.keys_hint.setWordWrap(True)
        layout.addWidget(self.keys_hint)
        self.editing_label = QLabel()
        self.editing_label.setObjectName("noteEditing")
        self.editing_label.setWordWrap(True)
        self.editing_label.hide()
        layout.addWidget(self.editing_label)
        # A QTextEdit, not a QPlainTextEdit: it aligns each paragraph to its own
        # script's side (a Sorani note on the right, an English one on the left).
        self.entry = QTextEdit()
        self.entry.setAcceptRichText(False)
        self.entry.setObjectName("noteEntry")
        self.entry.setMaximumHeight(90)
        self.entry.installEventFilter(self)
        layout.addWidget(self.entry)
        self.retranslate()

    def retranslate(self) -> None:
        self.question_label.setText(_("Question"))
        self.speaker_label.setText(_("Speaker"))
        self.spoken_label.setText(_("Language"))
        self.all_questions.setText(_("Notes of every question (else of the question above)"))
        self.keys_hint.setText(_(
            "Enter saves the note · Shift+Enter a new line · Ctrl+↑/↓ question · "
            "Alt+↑/↓ speaker · Ctrl+L language · ↑ from an empty entry picks a saved "
            "note: Enter or F2 changes it, Delete removes it, Esc comes back"))
        self.entry.setPlaceholderText(_("Type what was said…"))
        self.set_data(self.data, self.group)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @staticmethod
    def _refill(combo: QComboBox, entries: list[tuple[str, str]]) -> None:
        """Refill keeping the choice (the note-taker's place must survive a save)."""
        keep = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for text, value in entries:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(0, combo.findData(keep)))
        combo.blockSignals(False)

    def set_data(self, data: FocusData, group_uuid: str) -> None:
        if group_uuid != self.group:
            self.cancel_edit()
        self.data, self.group = data, group_uuid
        group = data.group(group_uuid) if group_uuid else None
        guide = data.guide(group.guide) if group and group.guide else None
        # Isolated: an English question in a Sorani interface keeps its "?" at its end.
        questions = [(isolate(q.text), q.id) for q in (guide.questions if guide else ())]
        self._refill(self.question, questions or [(_("(no topic guide)"), "")])
        self._refill(self.speaker, [(_("(the room)"), "")] + [
            (p.label, p.uuid) for p in data.participants_of(group_uuid)])
        languages = list(group.languages) if group else []
        languages += sorted({n.language for n in data.notes_of(group_uuid)} - set(languages)
                            - {""})
        self._refill(self.spoken, [(code, code) for code in languages]
                     or [(_("(not said)"), "")])
        self._list_notes()
        if self.editing and data.note(self.editing) is None:
            self.cancel_edit()  # removed (here, or by a merge)

    def _list_notes(self) -> None:
        """The notes of the question being asked (the room's pace), or of every
        question under its heading, in the guide's order; each by the time typed."""
        data = self.data
        group = data.group(self.group) if self.group else None
        guide = data.guide(group.guide) if group and group.guide else None
        order = {q.id: i for i, q in enumerate(guide.questions if guide else ())}
        notes = sorted(data.notes_of(self.group),
                       key=lambda n: (order.get(n.question, len(order)), n.at, n.uuid))
        every = self.all_questions.isChecked() or not order
        asked = str(self.question.currentData() or "")
        current = self.notes.currentItem()
        chosen = str(current.data(UUID)) if current is not None else ""
        self.notes.clear()
        heading: str | None = None
        for note in notes:
            if not every and note.question != asked:
                continue
            if every and order and note.question != heading:
                heading = note.question
                question = guide.question(heading) if guide and heading else None
                title = item(question.text if question else _("(no question)"))
                title.setFlags(Qt.ItemFlag.NoItemFlags)  # a heading, not a note
                font = title.font()
                font.setBold(True)
                title.setFont(font)
                self.notes.addItem(title)
            self.notes.addItem(item(note_line(data, note), note.uuid))
            if note.uuid == chosen:
                self.notes.setCurrentRow(self.notes.count() - 1)
        if self.notes.currentItem() is None:
            self.notes.scrollToBottom()

    # -- editing a saved note ------------------------------------------------------------

    def edit_chosen(self) -> None:
        current = self.notes.currentItem()
        note = self.data.note(str(current.data(UUID))) if current is not None else None
        if note is None:
            return
        self.editing = note.uuid
        self.entry.setPlainText(note.text)
        for combo, value in ((self.question, note.question), (self.speaker, note.speaker),
                             (self.spoken, note.language)):
            found = combo.findData(value)
            if found >= 0:
                combo.setCurrentIndex(found)
        stamp = note.at[11:16] if len(note.at) >= 16 else note.at
        self.editing_label.setText(_("Changing the note of {time}: Enter saves, Esc "
                                     "leaves it as it was.").format(time=stamp))
        self.editing_label.show()
        self.entry.setFocus()
        self.entry.moveCursor(QTextCursor.MoveOperation.End)

    def cancel_edit(self) -> None:
        if self.editing:
            self.editing = ""
            self.entry.clear()
        self.editing_label.hide()

    def remove_chosen(self) -> None:
        current = self.notes.currentItem()
        note = self.data.note(str(current.data(UUID))) if current is not None else None
        if note is None:
            return
        coded = sum(1 for c in self.data.codings if c.note == note.uuid)
        question = _("Remove this note?") + "\n\n" + note.text[:200]
        if coded:
            question += "\n\n" + ngettext(
                "Its {n} coded passage goes with it.",
                "Its {n} coded passages go with it.", coded).format(n=coded)
        answer = QMessageBox.question(self, _("Remove note"), question)
        if answer == QMessageBox.StandardButton.Yes:
            uuid = note.uuid
            self.do(_("Remove note"), lambda: self.writer().remove(uuid))

    # -- saving --------------------------------------------------------------------------

    def save_note(self) -> None:
        text = self.entry.toPlainText().strip()
        if not text or not self.group:
            return
        group, editing = self.group, self.editing
        question = str(self.question.currentData() or "")
        speaker = str(self.speaker.currentData() or "")
        language = str(self.spoken.currentData() or "")
        if editing:
            lost = lost_codings(self.data, editing, text)
            if lost:
                names = "\n".join(
                    f"{theme_path(self.data, t, self.language) if t else ''}: "
                    f"«{self.data.passage(c)}»"
                    for c in lost for t in [self.data.theme(c.theme)])
                answer = QMessageBox.question(self, _("Save note"), ngettext(
                    "The words of {n} coded passage are no longer in the note; saving "
                    "removes its coding:", "The words of {n} coded passages are no "
                    "longer in the note; saving removes their codings:",
                    len(lost)).format(n=len(lost)) + "\n\n" + names)
                if answer != QMessageBox.StandardButton.Yes:
                    return

        def write() -> None:
            if editing:
                self.writer().set_note(editing, text=text, question=question,
                                       speaker=speaker, language=language)
            else:
                self.writer().add_note(group, text, question=question, speaker=speaker,
                                       language=language)

        if self.do(_("Save note"), write):
            self.cancel_edit()
            self.entry.clear()

    # -- keyboard ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key, mods = event.key(), event.modifiers()
        ctrl = mods & Qt.KeyboardModifier.ControlModifier
        if watched is self.entry:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                    and not mods & Qt.KeyboardModifier.ShiftModifier:
                self.save_note()
                return True
            if key == Qt.Key.Key_Escape and self.editing:
                self.cancel_edit()
                return True
            if key == Qt.Key.Key_L and ctrl:
                _step(self.spoken, 1)
                return True
            step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(Qt.Key(key))
            if step is not None and ctrl:
                _step(self.question, step)
                return True
            if step is not None and mods & Qt.KeyboardModifier.AltModifier:
                _step(self.speaker, step)
                return True
            if step == -1 and not mods and not self.entry.toPlainText() and self.notes.count():
                self.notes.setFocus()
                self.notes.setCurrentRow(self.notes.count() - 1)
                return True
        if watched is self.notes:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
                self.edit_chosen()
                return True
            if key == Qt.Key.Key_Delete:
                self.remove_chosen()
                return True
            if key == Qt.Key.Key_Escape:
                self.entry.setFocus()
                return True
        return super().eventFilter(watched, event)
