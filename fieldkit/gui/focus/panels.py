"""The panels of the Focus groups workspace: the groups list, and for the chosen
group its editor (facts, topic guide, participants and consent), the notes view
(typed in the room, keyboard only), the coding view and the theme matrix.

Every change is one short write through :class:`fieldkit.focus.writes.FocusWriter`
(a single transaction, like a check-in), then the views re-read the project."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fieldkit.errors import FieldkitError
from fieldkit.focus.analysis import theme_matrix, theme_path
from fieldkit.focus.reading import read_focus
from fieldkit.focus.records import FocusData, Group
from fieldkit.focus.writes import FocusWriter
from fieldkit.i18n import _
from fieldkit.interviews.records import parse_date

__all__ = ["FocusPanels"]

_UUID = Qt.ItemDataRole.UserRole


def _item(text: str, uuid: str = "") -> QListWidgetItem:
    item = QListWidgetItem(text)
    item.setData(_UUID, uuid)
    return item


def _cell(text: object) -> QTableWidgetItem:
    item = QTableWidgetItem(str(text))
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class FocusPanels(QWidget):
    changed = Signal()

    def __init__(self, ctx: object, project_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from fieldkit.context import AppContext

        assert isinstance(ctx, AppContext)
        self.ctx = ctx
        self.project_id = project_id
        self.writer: FocusWriter | None = None
        self.data = FocusData()
        self.group_uuid = ""
        self.note_uuid = ""

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        split = QSplitter(Qt.Orientation.Horizontal)
        layout.addWidget(split, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.new_group = QPushButton()
        self.new_group.setObjectName("newFocusGroup")
        self.new_group.clicked.connect(self.create_group)
        self.groups = QListWidget()
        self.groups.setObjectName("focusGroups")
        self.groups.currentItemChanged.connect(self._group_chosen)
        left_layout.addWidget(self.new_group)
        left_layout.addWidget(self.groups, 1)
        split.addWidget(left)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("focusTabs")
        split.addWidget(self.tabs)
        split.setStretchFactor(1, 1)
        split.setSizes([200, 700])

        self.tabs.addTab(self._editor(), "")
        self.tabs.addTab(self._notes_view(), "")
        self.tabs.addTab(self._coding_view(), "")
        self.tabs.addTab(self._matrix_view(), "")
        self.retranslate()
        self.refresh()

    # -- building ------------------------------------------------------------------------

    def _editor(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        self.field_labels: dict[str, QLabel] = {}
        for name in ("title", "group_date", "venue", "community", "languages",
                     "facilitator", "interpreter"):
            edit = QLineEdit()
            edit.setObjectName(f"focus_{name}")
            label = QLabel()
            label.setBuddy(edit)
            self.fields[name] = edit
            self.field_labels[name] = label
            form.addRow(label, edit)
        self.guide = QComboBox()
        self.guide.setObjectName("focusGuide")
        self.guide_label = QLabel()
        form.addRow(self.guide_label, self.guide)
        layout.addLayout(form)
        self.save_group = QPushButton()
        self.save_group.setObjectName("saveFocusGroup")
        self.save_group.clicked.connect(self.save_group_fields)
        layout.addWidget(self.save_group)
        self.new_guide_label = QLabel()
        self.new_guide = QPlainTextEdit()
        self.new_guide.setObjectName("newGuideQuestions")
        self.new_guide.setMaximumHeight(80)
        self.make_guide = QPushButton()
        self.make_guide.clicked.connect(self.create_guide)
        layout.addWidget(self.new_guide_label)
        layout.addWidget(self.new_guide)
        layout.addWidget(self.make_guide)

        self.people_label = QLabel()
        layout.addWidget(self.people_label)
        self.people = QTableWidget(0, 7)
        self.people.setObjectName("focusParticipants")
        self.people.verticalHeader().hide()
        self.people.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.people, 1)
        row = QHBoxLayout()
        self.pseudonym = QLineEdit()
        self.pseudonym.setObjectName("focusPseudonym")
        self.age_band = QLineEdit()
        self.age_band.setObjectName("focusAgeBand")
        self.sex = QLineEdit()
        self.sex.setObjectName("focusSex")
        self.sex.setMaximumWidth(60)
        self.consent = QCheckBox()
        self.consent.setChecked(True)
        self.consent_audio = QCheckBox()
        self.consent_quote = QCheckBox()
        self.add_person = QPushButton()
        self.add_person.setObjectName("addParticipant")
        self.add_person.clicked.connect(self.add_participant)
        for widget in (self.pseudonym, self.age_band, self.sex, self.consent,
                       self.consent_audio, self.consent_quote, self.add_person):
            row.addWidget(widget)
        layout.addLayout(row)
        return page

    def _notes_view(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        pickers = QFormLayout()
        self.question = QComboBox()
        self.question.setObjectName("noteQuestion")
        self.speaker = QComboBox()
        self.speaker.setObjectName("noteSpeaker")
        self.question_label, self.speaker_label = QLabel(), QLabel()
        pickers.addRow(self.question_label, self.question)
        pickers.addRow(self.speaker_label, self.speaker)
        layout.addLayout(pickers)
        self.notes = QListWidget()
        self.notes.setObjectName("focusNotes")
        self.notes.setWordWrap(True)
        layout.addWidget(self.notes, 1)
        self.keys_hint = QLabel()
        self.keys_hint.setWordWrap(True)
        layout.addWidget(self.keys_hint)
        self.entry = QPlainTextEdit()
        self.entry.setObjectName("noteEntry")
        self.entry.setMaximumHeight(90)
        self.entry.installEventFilter(self)
        layout.addWidget(self.entry)
        return page

    def _coding_view(self) -> QWidget:
        page = QWidget()
        layout = QHBoxLayout(page)
        self.coding_notes = QListWidget()
        self.coding_notes.setObjectName("codingNotes")
        self.coding_notes.setWordWrap(True)
        self.coding_notes.currentItemChanged.connect(self._note_chosen)
        layout.addWidget(self.coding_notes, 2)
        middle = QVBoxLayout()
        self.passage = QPlainTextEdit()
        self.passage.setObjectName("codingPassage")
        self.passage.setReadOnly(True)
        self.passage.installEventFilter(self)
        middle.addWidget(self.passage, 1)
        self.coding_hint = QLabel()
        self.coding_hint.setWordWrap(True)
        middle.addWidget(self.coding_hint)
        self.codings = QListWidget()
        self.codings.setObjectName("noteCodings")
        middle.addWidget(self.codings, 1)
        layout.addLayout(middle, 3)
        right = QVBoxLayout()
        self.themes = QListWidget()
        self.themes.setObjectName("codingThemes")
        self.themes.itemDoubleClicked.connect(
            lambda item: self.tag(str(item.data(_UUID))))
        right.addWidget(self.themes, 1)
        self.theme_name = QLineEdit()
        self.theme_name.setObjectName("newThemeName")
        self.theme_parent = QComboBox()
        self.add_theme = QPushButton()
        self.add_theme.setObjectName("addTheme")
        self.add_theme.clicked.connect(self.create_theme)
        for widget in (self.theme_name, self.theme_parent, self.add_theme):
            right.addWidget(widget)
        layout.addLayout(right, 2)
        return page

    def _matrix_view(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.matrix_hint = QLabel()
        self.matrix_hint.setWordWrap(True)
        layout.addWidget(self.matrix_hint)
        self.matrix = QTableWidget()
        self.matrix.setObjectName("themeMatrix")
        self.matrix.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.matrix, 1)
        return page

    # -- text ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.new_group.setText(_("New focus group"))
        for index, title in enumerate((_("Group"), _("Notes"), _("Coding"),
                                       _("Theme matrix"))):
            self.tabs.setTabText(index, title)
        labels = {"title": _("&Title"), "group_date": _("&Date (YYYY-MM-DD)"),
                  "venue": _("&Venue"), "community": _("C&ommunity"),
                  "languages": _("&Languages (codes)"), "facilitator": _("&Facilitator"),
                  "interpreter": _("&Interpreter")}
        for name, label in self.field_labels.items():
            label.setText(labels[name])
        self.guide_label.setText(_("Topic guide"))
        self.save_group.setText(_("Save group"))
        self.new_guide_label.setText(_("A new topic guide: one question per line"))
        self.make_guide.setText(_("Make topic guide"))
        self.people_label.setText(_("Participants"))
        self.people.setHorizontalHeaderLabels([
            _("No."), _("Pseudonym"), _("Age band"), _("Sex"), _("Takes part"),
            _("Audio"), _("Quote")])
        self.pseudonym.setPlaceholderText(_("Pseudonym (optional)"))
        self.age_band.setPlaceholderText(_("Age band"))
        self.sex.setPlaceholderText(_("Sex"))
        self.consent.setText(_("Takes part"))
        self.consent_audio.setText(_("Audio"))
        self.consent_quote.setText(_("Quote"))
        self.add_person.setText(_("Add participant"))
        self.question_label.setText(_("Question"))
        self.speaker_label.setText(_("Speaker"))
        self.keys_hint.setText(_("Enter saves the note · Shift+Enter a new line · "
                                 "Ctrl+↑/↓ question · Alt+↑/↓ speaker"))
        self.entry.setPlaceholderText(_("Type what was said…"))
        self.coding_hint.setText(_("Select a passage (or nothing, for the whole note) "
                                   "and press a theme's number, or double-click the theme."))
        self.theme_name.setPlaceholderText(_("New theme"))
        self.add_theme.setText(_("Add theme"))
        self.matrix_hint.setText(_("Coded passages per theme and group; the last column "
                                   "is the number of groups mentioning the theme."))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- reading -------------------------------------------------------------------------

    def set_project(self, project_id: str) -> None:
        self.project_id = project_id
        self.writer = None
        self.group_uuid = ""
        self.refresh()

    def _writer(self) -> FocusWriter:
        if self.writer is None:
            self.writer = FocusWriter(self.ctx.store, self.project_id)
        return self.writer

    def refresh(self) -> None:
        self.data = read_focus(self.ctx.store, self.project_id)
        self.groups.blockSignals(True)
        self.groups.clear()
        for group in self.data.groups:
            when = group.date.isoformat() if group.date else ""
            self.groups.addItem(_item(f"{group.title}\n{when} · {group.community}",
                                      group.uuid))
        self.groups.blockSignals(False)
        uuids = [g.uuid for g in self.data.groups]
        if self.group_uuid not in uuids:
            self.group_uuid = uuids[0] if uuids else ""
        if self.group_uuid:
            self.groups.setCurrentRow(uuids.index(self.group_uuid))
        self._show_group()
        self._show_themes()
        self._show_matrix()

    def _group(self) -> Group | None:
        return self.data.group(self.group_uuid) if self.group_uuid else None

    def _group_chosen(self, current: QListWidgetItem | None,
                      _previous: QListWidgetItem | None) -> None:
        if current is not None:
            self.group_uuid = str(current.data(_UUID))
            self._show_group()

    def _show_group(self) -> None:
        group = self._group()
        for index in range(3):  # the matrix stays: it is the whole project's
            widget = self.tabs.widget(index)
            if widget is not None:
                widget.setEnabled(group is not None)
        values = {
            "title": group.title, "group_date": group.date.isoformat() if group.date else "",
            "venue": group.venue, "community": group.community,
            "languages": " ".join(group.languages), "facilitator": group.facilitator,
            "interpreter": group.interpreter} if group else {}
        for name, edit in self.fields.items():
            edit.setText(str(values.get(name, "")))
        self.guide.clear()
        self.guide.addItem(_("(none)"), "")
        for each in self.data.guides:
            self.guide.addItem(each.title or _("(untitled guide)"), each.uuid)
        self.guide.setCurrentIndex(max(0, self.guide.findData(group.guide if group else "")))
        people = self.data.participants_of(self.group_uuid)
        self.people.setRowCount(len(people))
        yes, no = _("yes"), _("no")
        for row, person in enumerate(people):
            for column, value in enumerate((
                    person.number, person.pseudonym, person.age_band, person.sex,
                    yes if person.consent else no, yes if person.consent_audio else no,
                    yes if person.consent_quote else no)):
                self.people.setItem(row, column, _cell(value))
        self.question.clear()
        guide = self.data.guide(group.guide) if group and group.guide else None
        for question in (guide.questions if guide else ()):
            self.question.addItem(question.text, question.id)
        if not self.question.count():
            self.question.addItem(_("(no topic guide)"), "")
        self.speaker.clear()
        self.speaker.addItem(_("(the room)"), "")
        for person in people:
            self.speaker.addItem(person.label, person.uuid)
        self._show_notes()

    def _note_line(self, uuid: str) -> str:
        note = self.data.note(uuid)
        if note is None:
            return ""
        speaker = self.data.speaker_label(note)
        stamp = note.at[11:16] if len(note.at) >= 16 else ""
        return f"[{stamp}] " + (f"{speaker}: " if speaker else "") + note.text

    def _show_notes(self) -> None:
        notes = sorted(self.data.notes_of(self.group_uuid), key=lambda n: (n.at, n.uuid))
        self.notes.clear()
        self.coding_notes.blockSignals(True)
        self.coding_notes.clear()
        for note in notes:
            self.notes.addItem(_item(self._note_line(note.uuid), note.uuid))
            self.coding_notes.addItem(_item(self._note_line(note.uuid), note.uuid))
        self.coding_notes.blockSignals(False)
        self.notes.scrollToBottom()
        uuids = [n.uuid for n in notes]
        if self.note_uuid in uuids:
            self.coding_notes.setCurrentRow(uuids.index(self.note_uuid))
        else:
            self.note_uuid = ""
        self._show_note()

    def _note_chosen(self, current: QListWidgetItem | None,
                     _previous: QListWidgetItem | None) -> None:
        self.note_uuid = str(current.data(_UUID)) if current is not None else ""
        self._show_note()

    def _show_note(self) -> None:
        note = self.data.note(self.note_uuid) if self.note_uuid else None
        self.passage.setPlainText(note.text if note else "")
        self.codings.clear()
        for coding in (c for c in self.data.codings if c.note == self.note_uuid):
            theme = self.data.theme(coding.theme)
            name = theme_path(self.data, theme, self.ctx.ui_language) if theme else ""
            self.codings.addItem(_item(f"{name}: «{self.data.passage(coding)}»", coding.uuid))

    def _show_themes(self) -> None:
        self.themes.clear()
        self.theme_parent.clear()
        self.theme_parent.addItem(_("(top level)"), "")
        for index, theme in enumerate(self.data.themes):
            name = theme_path(self.data, theme, self.ctx.ui_language)
            number = f"{index + 1}  " if index < 9 else "    "
            item = _item(number + name, theme.uuid)
            if theme.description:
                item.setToolTip(theme.description)
            self.themes.addItem(item)
            self.theme_parent.addItem(name, theme.uuid)

    def _show_matrix(self) -> None:
        matrix = theme_matrix(self.data)
        groups = self.data.groups
        self.matrix.setRowCount(len(self.data.themes))
        self.matrix.setColumnCount(len(groups) + 1)
        self.matrix.setHorizontalHeaderLabels([g.title for g in groups] + [_("Groups")])
        self.matrix.setVerticalHeaderLabels([
            theme_path(self.data, t, self.ctx.ui_language) for t in self.data.themes])
        for row, theme in enumerate(self.data.themes):
            counts = matrix.get(theme.uuid, {})
            for column, group in enumerate(groups):
                self.matrix.setItem(row, column, _cell(counts.get(group.uuid, "") or ""))
            self.matrix.setItem(row, len(groups), _cell(sum(1 for v in counts.values() if v)))

    # -- writing -------------------------------------------------------------------------

    def _do(self, action: str, write: object) -> bool:
        """Run ``write`` (a callable); an invalid request is shown, not raised."""
        assert callable(write)
        try:
            write()
        except FieldkitError as exc:
            QMessageBox.warning(self, action, str(exc))
            return False
        self.refresh()
        self.changed.emit()
        return True

    def create_group(self) -> None:
        guide = self.data.guides[0].uuid if self.data.guides else ""

        def write() -> None:
            self.group_uuid = self._writer().create_group(
                {"title": _("New focus group"), "group_date": date.today()}, guide=guide)

        if self._do(_("New focus group"), write):
            self.tabs.setCurrentIndex(0)
            self.fields["title"].setFocus()
            self.fields["title"].selectAll()

    def save_group_fields(self) -> None:
        values: dict[str, object] = {name: edit.text().strip()
                                     for name, edit in self.fields.items()}
        day_text = str(values["group_date"])
        day = parse_date(day_text) if day_text else None
        if day_text and day is None:
            QMessageBox.warning(self, _("Save group"), _(
                "The date {value} is not a date: write it as YYYY-MM-DD.").format(
                    value=day_text))
            return
        values["group_date"] = day
        group, guide = self.group_uuid, str(self.guide.currentData() or "")

        def write() -> None:
            self._writer().set_group(group, values)
            self._writer().set_guide_of(group, guide)

        self._do(_("Save group"), write)

    def create_guide(self) -> None:
        questions = [line.strip() for line in self.new_guide.toPlainText().splitlines()
                     if line.strip()]
        if not questions:
            return
        group = self.group_uuid
        title = _("Topic guide {n}").format(n=len(self.data.guides) + 1)

        def write() -> None:
            guide = self._writer().create_guide(title, questions)
            if group:
                self._writer().set_guide_of(group, guide)

        if self._do(_("Make topic guide"), write):
            self.new_guide.clear()

    def add_participant(self) -> None:
        group = self.group_uuid
        if not group:
            return

        def write() -> None:
            self._writer().add_participant(
                group, pseudonym=self.pseudonym.text(), age_band=self.age_band.text().strip(),
                sex=self.sex.text().strip(), consent=self.consent.isChecked(),
                consent_audio=self.consent_audio.isChecked(),
                consent_quote=self.consent_quote.isChecked())

        if self._do(_("Add participant"), write):
            self.pseudonym.clear()
            self.pseudonym.setFocus()

    def save_note(self) -> None:
        text = self.entry.toPlainText().strip()
        if not text or not self.group_uuid:
            return
        group = self.group_uuid
        question = str(self.question.currentData() or "")
        speaker = str(self.speaker.currentData() or "")
        group_row = self._group()
        language = group_row.languages[0] if group_row and group_row.languages else ""
        keep = self.question.currentIndex(), self.speaker.currentIndex()

        def write() -> None:
            self._writer().add_note(group, text, question=question, speaker=speaker,
                                    language=language)

        if self._do(_("Save note"), write):
            self.entry.clear()
            self.question.setCurrentIndex(keep[0])
            self.speaker.setCurrentIndex(keep[1])

    def tag(self, theme: str) -> None:
        """Tag the selected passage of the chosen note (all of it when nothing is
        selected) with ``theme``."""
        if not self.note_uuid or not theme:
            return
        cursor = self.passage.textCursor()
        start, end = cursor.selectionStart(), cursor.selectionEnd()
        note = self.note_uuid

        def write() -> None:
            if start == end:
                self._writer().code(note, theme)
            else:
                self._writer().code(note, theme, start, end)

        self._do(_("Code passage"), write)

    def create_theme(self) -> None:
        name = self.theme_name.text().strip()
        if not name:
            return
        parent = str(self.theme_parent.currentData() or "")
        if self._do(_("Add theme"),
                    lambda: self._writer().create_theme(name, parent=parent)):
            self.theme_name.clear()

    # -- keyboard ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key, mods = event.key(), event.modifiers()
        if watched is self.entry:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                    and not mods & Qt.KeyboardModifier.ShiftModifier:
                self.save_note()
                return True
            step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(Qt.Key(key))
            if step is not None and mods & Qt.KeyboardModifier.ControlModifier:
                self._step(self.question, step)
                return True
            if step is not None and mods & Qt.KeyboardModifier.AltModifier:
                self._step(self.speaker, step)
                return True
        if watched is self.passage and Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            index = key - Qt.Key.Key_1
            if index < self.themes.count():
                self.tag(str(self.themes.item(index).data(_UUID)))
            return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _step(combo: QComboBox, step: int) -> None:
        if combo.count():
            combo.setCurrentIndex((combo.currentIndex() + step) % combo.count())
