"""The Coding tab of the Focus groups workspace: choose a note, select a passage (or
nothing, for the whole note) and press a theme's number 1–9 or double-click the
theme. Coded passages are highlighted in the note. A chosen coding gets a memo and
the quote mark, or is removed (Delete). The codebook is kept here too: a theme's
name, parent, description and names in other languages (``ro=Locuință``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QKeyEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from fieldkit.errors import InvalidInput
from fieldkit.focus.analysis import theme_path
from fieldkit.focus.consent import quote_refusal
from fieldkit.focus.records import Coding, FocusData
from fieldkit.focus.writes import FocusWriter
from fieldkit.gui.focus.common import UUID, Do, item, note_line
from fieldkit.i18n import _, isolate

__all__ = ["CodingPage", "parse_translations", "translations_text"]

#: The highlight of coded passages (readable on light and dark palettes' text).
_CODED = QColor(255, 221, 87, 110)


def parse_translations(text: str) -> dict[str, str]:
    """``ro=Locuință, ckb=خانوو`` → {"ro": "Locuință", "ckb": "خانوو"}."""
    out: dict[str, str] = {}
    for part in text.replace("\n", ",").split(","):
        if not part.strip():
            continue
        code, sep, name = part.partition("=")
        if not sep or not code.strip() or not name.strip():
            raise InvalidInput(_("Theme names in other languages: write them as "
                                 "code=name, separated by commas ({part}).").format(
                                     part=part.strip()))
        out[code.strip()] = name.strip()
    return out


def translations_text(translations: dict[str, str]) -> str:
    return ", ".join(f"{code}={name}" for code, name in sorted(translations.items()))


class CodingPage(QWidget):
    def __init__(self, language: str | None, writer: Callable[[], FocusWriter], do: Do,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.writer = writer
        self.do = do
        self.data = FocusData()
        self.group = ""
        self.note_uuid = ""
        layout = QHBoxLayout(self)
        split = QSplitter(Qt.Orientation.Horizontal)
        layout.addWidget(split)
        self.coding_notes = QListWidget()
        self.coding_notes.setObjectName("codingNotes")
        self.coding_notes.setWordWrap(True)
        self.coding_notes.currentItemChanged.connect(self._note_chosen)
        split.addWidget(self.coding_notes)

        middle_page = QWidget()
        middle = QVBoxLayout(middle_page)
        middle.setContentsMargins(0, 0, 0, 0)
        # A QTextEdit: it aligns a right-to-left paragraph on the right.
        self.passage = QTextEdit()
        self.passage.setObjectName("codingPassage")
        self.passage.setReadOnly(True)
        # Read-only text selects by mouse only, unless told: passages are chosen with
        # Shift+arrows too.
        self.passage.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                             | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.passage.installEventFilter(self)
        middle.addWidget(self.passage, 1)
        self.coding_hint = QLabel()
        self.coding_hint.setWordWrap(True)
        middle.addWidget(self.coding_hint)
        self.codings = QListWidget()
        self.codings.setObjectName("noteCodings")
        self.codings.setWordWrap(True)
        self.codings.currentItemChanged.connect(self._coding_chosen)
        self.codings.installEventFilter(self)
        middle.addWidget(self.codings, 1)
        self.memo = QLineEdit()
        self.memo.setObjectName("codingMemo")
        self.memo.returnPressed.connect(self.save_coding)
        self.quote = QCheckBox()
        self.quote.setObjectName("codingQuote")
        self.save = QPushButton()
        self.save.setObjectName("saveCoding")
        self.save.clicked.connect(self.save_coding)
        self.remove = QPushButton()
        self.remove.setObjectName("removeCoding")
        self.remove.clicked.connect(self.remove_coding)
        middle.addWidget(self.memo)
        edit = QHBoxLayout()
        edit.addWidget(self.quote)
        edit.addWidget(self.save)
        edit.addWidget(self.remove)
        edit.addStretch(1)
        middle.addLayout(edit)
        self.quote_status = QLabel()
        self.quote_status.setObjectName("codingQuoteStatus")
        self.quote_status.setWordWrap(True)
        middle.addWidget(self.quote_status)
        split.addWidget(middle_page)

        right_page = QWidget()
        right = QVBoxLayout(right_page)
        right.setContentsMargins(0, 0, 0, 0)
        self.themes = QListWidget()
        self.themes.setObjectName("codingThemes")
        self.themes.itemDoubleClicked.connect(lambda entry: self.tag(str(entry.data(UUID))))
        self.themes.currentItemChanged.connect(self._theme_chosen)
        right.addWidget(self.themes, 1)
        form = QFormLayout()
        self.theme_name = QLineEdit()
        self.theme_name.setObjectName("newThemeName")
        self.theme_parent = QComboBox()
        self.theme_parent.setObjectName("themeParent")
        self.theme_description = QLineEdit()
        self.theme_description.setObjectName("themeDescription")
        self.theme_translations = QLineEdit()
        self.theme_translations.setObjectName("themeTranslations")
        self.theme_labels = [QLabel() for _i in range(4)]
        for label, widget in zip(self.theme_labels, (
                self.theme_name, self.theme_parent, self.theme_description,
                self.theme_translations), strict=True):
            label.setBuddy(widget)
            form.addRow(label, widget)
        right.addLayout(form)
        buttons = QHBoxLayout()
        self.add_theme = QPushButton()
        self.add_theme.setObjectName("addTheme")
        self.add_theme.clicked.connect(self.create_theme)
        self.save_theme = QPushButton()
        self.save_theme.setObjectName("saveTheme")
        self.save_theme.clicked.connect(self.change_theme)
        buttons.addWidget(self.add_theme)
        buttons.addWidget(self.save_theme)
        right.addLayout(buttons)
        split.addWidget(right_page)
        split.setSizes([300, 400, 300])
        self.retranslate()

    def retranslate(self) -> None:
        self.coding_hint.setText(_("Select a passage (or nothing, for the whole note) "
                                   "and press a theme's number, or double-click the theme."))
        self.memo.setPlaceholderText(_("Memo on this passage"))
        self.quote.setText(_("Quote"))
        self.save.setText(_("Save coding"))
        self.remove.setText(_("Remove coding"))
        for label, text in zip(self.theme_labels, (_("The&me"), _("&Under"),
                                                   _("Descri&ption"), _("In other "
                                                   "lan&guages")), strict=True):
            label.setText(text)
        self.theme_name.setPlaceholderText(_("New theme"))
        self.theme_translations.setPlaceholderText(_("ro=Locuință, ckb=خانوو"))
        self.add_theme.setText(_("Add theme"))
        self.save_theme.setText(_("Save theme"))
        self.set_data(self.data, self.group)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- showing -------------------------------------------------------------------------

    def set_data(self, data: FocusData, group_uuid: str) -> None:
        self.data, self.group = data, group_uuid
        notes = sorted(data.notes_of(group_uuid), key=lambda n: (n.at, n.uuid))
        self.coding_notes.blockSignals(True)
        self.coding_notes.clear()
        for note in notes:
            self.coding_notes.addItem(item(note_line(data, note), note.uuid))
        uuids = [n.uuid for n in notes]
        if self.note_uuid not in uuids and uuids:
            self.note_uuid = uuids[0]  # something to code straight away
        if self.note_uuid in uuids:
            self.coding_notes.setCurrentRow(uuids.index(self.note_uuid))
        else:
            self.note_uuid = ""
        self.coding_notes.blockSignals(False)
        self._show_themes()
        self._show_note()

    def _show_themes(self) -> None:
        current = self.themes.currentItem()
        chosen = str(current.data(UUID)) if current is not None else ""
        self.themes.blockSignals(True)
        self.themes.clear()
        for index, theme in enumerate(self.data.themes):
            name = theme_path(self.data, theme, self.language)
            number = f"{index + 1}  " if index < 9 else "    "
            entry = item(number + name, theme.uuid)
            if theme.description:
                entry.setToolTip(theme.description)
            self.themes.addItem(entry)
            if theme.uuid == chosen:
                self.themes.setCurrentItem(entry)
        self.themes.blockSignals(False)
        self._theme_chosen(self.themes.currentItem(), None)

    def _note_chosen(self, current: QListWidgetItem | None,
                     _previous: QListWidgetItem | None) -> None:
        self.note_uuid = str(current.data(UUID)) if current is not None else ""
        self._show_note()

    def _codings_of_note(self) -> list[Coding]:
        return [c for c in self.data.codings if c.note == self.note_uuid]

    def _show_note(self) -> None:
        note = self.data.note(self.note_uuid) if self.note_uuid else None
        self.passage.setPlainText(note.text if note else "")
        current = self.codings.currentItem()
        chosen = str(current.data(UUID)) if current is not None else ""
        self.codings.blockSignals(True)
        self.codings.clear()
        marks = []
        for coding in self._codings_of_note():
            theme = self.data.theme(coding.theme)
            name = theme_path(self.data, theme, self.language) if theme else ""
            text = f"{name}: «{isolate(self.data.passage(coding))}»"
            if coding.quote:
                text += " · " + _("quote")
            if coding.memo:
                text += " · " + coding.memo
            entry = item(text, coding.uuid)
            self.codings.addItem(entry)
            if coding.uuid == chosen:
                self.codings.setCurrentItem(entry)
            mark = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.passage.document())
            cursor.setPosition(coding.start)
            cursor.setPosition(min(coding.end, len(note.text) if note else 0),
                               QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            fmt.setBackground(_CODED)
            mark.cursor, mark.format = cursor, fmt
            marks.append(mark)
        self.passage.setExtraSelections(marks)
        self.codings.blockSignals(False)
        self._coding_chosen(self.codings.currentItem(), None)

    def _coding(self) -> Coding | None:
        current = self.codings.currentItem()
        uuid = str(current.data(UUID)) if current is not None else ""
        return next((c for c in self.data.codings if c.uuid == uuid), None)

    def _coding_chosen(self, _current: QListWidgetItem | None,
                       _previous: QListWidgetItem | None) -> None:
        coding = self._coding()
        for widget in (self.memo, self.quote, self.save, self.remove):
            widget.setEnabled(coding is not None)
        self.memo.setText(coding.memo if coding else "")
        self.quote.setChecked(bool(coding and coding.quote))
        refusal = quote_refusal(self.data, coding) if coding else None
        self.quote_status.setText(
            _("This passage cannot be quoted outside fieldkit: {why}.").format(why=refusal)
            if coding and refusal else "")

    def _theme_chosen(self, current: QListWidgetItem | None,
                      _previous: QListWidgetItem | None) -> None:
        theme = self.data.theme(str(current.data(UUID))) if current is not None else None
        self.theme_parent.clear()
        self.theme_parent.addItem(_("(top level)"), "")
        for each in self.data.themes:
            if theme is None or each.uuid != theme.uuid:
                self.theme_parent.addItem(theme_path(self.data, each, self.language),
                                          each.uuid)
        self.save_theme.setEnabled(theme is not None)
        if theme is None:
            return
        self.theme_name.setText(theme.name)
        self.theme_parent.setCurrentIndex(max(0, self.theme_parent.findData(theme.parent)))
        self.theme_description.setText(theme.description)
        self.theme_translations.setText(translations_text(theme.translations))

    # -- writing -------------------------------------------------------------------------

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
                self.writer().code(note, theme)
            else:
                self.writer().code(note, theme, start, end)

        self.do(_("Code passage"), write)

    def save_coding(self) -> None:
        coding = self._coding()
        if coding is None:
            return
        uuid, memo, quote = coding.uuid, self.memo.text().strip(), self.quote.isChecked()
        self.do(_("Save coding"), lambda: self.writer().set_coding(uuid, memo=memo,
                                                                    quote=quote))

    def remove_coding(self) -> None:
        coding = self._coding()
        if coding is not None:
            uuid = coding.uuid
            self.do(_("Remove coding"), lambda: self.writer().remove(uuid))

    def _theme_fields(self) -> tuple[str, str, str, dict[str, str]]:
        return (self.theme_name.text().strip(), str(self.theme_parent.currentData() or ""),
                self.theme_description.text().strip(),
                parse_translations(self.theme_translations.text()))

    def create_theme(self) -> None:
        if not self.theme_name.text().strip():
            return

        def write() -> None:
            name, parent, description, translations = self._theme_fields()
            self.writer().create_theme(name, parent=parent, description=description,
                                       translations=translations)

        if self.do(_("Add theme"), write):
            self.themes.setCurrentRow(-1)
            for edit in (self.theme_name, self.theme_description, self.theme_translations):
                edit.clear()

    def change_theme(self) -> None:
        if self.themes.currentRow() < 0:
            return
        uuid = str(self.themes.currentItem().data(UUID))

        def write() -> None:
            name, parent, description, translations = self._theme_fields()
            if not name:
                raise InvalidInput(_("A theme needs a name."))
            self.writer().set_theme(uuid, name=name, parent=parent, description=description,
                                    translations=translations)

        self.do(_("Save theme"), write)

    # -- keyboard ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.passage and Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            index = key - Qt.Key.Key_1
            if index < self.themes.count():
                self.tag(str(self.themes.item(index).data(UUID)))
            return True
        if watched is self.codings and key == Qt.Key.Key_Delete:
            self.remove_coding()
            return True
        return super().eventFilter(watched, event)
