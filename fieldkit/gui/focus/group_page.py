"""The Group tab of the Focus groups workspace: the group's facts, its topic guide,
its recording, and its participants, whose pseudonym, age band, sex and three
consents are edited in the table (a consent withdrawn takes effect at once: quotes
and the recording are checked when they are used)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.focus.records import FocusData
from fieldkit.focus.writes import GROUP_FIELDS, FocusWriter
from fieldkit.gui.focus.common import UUID, Do, cell
from fieldkit.gui.focus.recording import RecordingRow
from fieldkit.i18n import _
from fieldkit.interviews.records import parse_date

__all__ = ["GroupPage"]

#: The participants table's columns: (own field or "pseudonym", a consent?).
_COLUMNS = (("number", False), ("pseudonym", False), ("age_band", False), ("sex", False),
            ("consent", True), ("consent_audio", True), ("consent_quote", True))


class GroupPage(QWidget):
    def __init__(self, writer: Callable[[], FocusWriter], do: Do, attachments_dir: Path,
                 after_attach: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.writer = writer
        self.do = do
        self.data = FocusData()
        self.group = ""
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        self.field_labels: dict[str, QLabel] = {}
        for name in GROUP_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"focus_{name}")
            edit.returnPressed.connect(self.save_fields)
            label = QLabel()
            label.setBuddy(edit)
            self.fields[name] = edit
            self.field_labels[name] = label
            form.addRow(label, edit)
        self.guide = QComboBox()
        self.guide.setObjectName("focusGuide")
        self.guide_label = QLabel()
        self.guide_label.setBuddy(self.guide)
        form.addRow(self.guide_label, self.guide)
        layout.addLayout(form)
        self.save_group = QPushButton()
        self.save_group.setObjectName("saveFocusGroup")
        self.save_group.clicked.connect(self.save_fields)
        layout.addWidget(self.save_group)
        self.new_guide_label = QLabel()
        self.new_guide = QPlainTextEdit()
        self.new_guide.setObjectName("newGuideQuestions")
        self.new_guide.setMaximumHeight(80)
        self.new_guide_label.setBuddy(self.new_guide)
        self.make_guide = QPushButton()
        self.make_guide.clicked.connect(self.create_guide)
        layout.addWidget(self.new_guide_label)
        layout.addWidget(self.new_guide)
        layout.addWidget(self.make_guide)
        self.recording = RecordingRow(attachments_dir, writer, after_attach)
        layout.addWidget(self.recording)

        self.people_label = QLabel()
        layout.addWidget(self.people_label)
        self.people = QTableWidget(0, len(_COLUMNS))
        self.people.setObjectName("focusParticipants")
        self.people.verticalHeader().hide()
        self.people.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.people.itemChanged.connect(self._person_changed)
        layout.addWidget(self.people, 1)
        row = QHBoxLayout()
        self.pseudonym = QLineEdit()
        self.pseudonym.setObjectName("focusPseudonym")
        self.pseudonym.returnPressed.connect(self.add_participant)
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
        self.retranslate()

    def retranslate(self) -> None:
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
        self.people_label.setText(_("Participants (edit a name, age band or sex in the "
                                    "table; tick or untick a consent)"))
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
        self.set_data(self.data, self.group)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_data(self, data: FocusData, group_uuid: str) -> None:
        self.data, self.group = data, group_uuid
        group = data.group(group_uuid) if group_uuid else None
        values = {
            "title": group.title, "group_date": group.date.isoformat() if group.date else "",
            "venue": group.venue, "community": group.community,
            "languages": " ".join(group.languages), "facilitator": group.facilitator,
            "interpreter": group.interpreter} if group else {}
        for name, edit in self.fields.items():
            edit.setText(str(values.get(name, "")))
        self.guide.clear()
        self.guide.addItem(_("(none)"), "")
        for each in data.guides:
            self.guide.addItem(each.title or _("(untitled guide)"), each.uuid)
        self.guide.setCurrentIndex(max(0, self.guide.findData(group.guide if group else "")))
        people = data.participants_of(group_uuid)
        self.people.blockSignals(True)
        self.people.setRowCount(len(people))
        for row, person in enumerate(people):
            values_of = {"number": person.number, "pseudonym": person.pseudonym,
                         "age_band": person.age_band, "sex": person.sex}
            for column, (name, is_consent) in enumerate(_COLUMNS):
                if is_consent:
                    entry = cell("", person.uuid)
                    entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    entry.setCheckState(Qt.CheckState.Checked if getattr(person, name)
                                        else Qt.CheckState.Unchecked)
                else:
                    entry = cell(values_of[name], person.uuid, editable=name != "number")
                self.people.setItem(row, column, entry)
        self.people.blockSignals(False)
        self.recording.set_data(data, group_uuid)

    def _person_changed(self, entry: QTableWidgetItem) -> None:
        uuid = str(entry.data(UUID))
        name, is_consent = _COLUMNS[entry.column()]
        if not uuid or name == "number":
            return
        if is_consent:
            value: str | bool = entry.checkState() == Qt.CheckState.Checked
        else:
            value = entry.text().strip()

        def write() -> None:
            writer = self.writer()
            if name == "pseudonym":
                writer.set_participant(uuid, pseudonym=str(value))
            elif name == "age_band":
                writer.set_participant(uuid, age_band=value)
            elif name == "sex":
                writer.set_participant(uuid, sex=value)
            elif name == "consent":
                writer.set_participant(uuid, consent=value)
            elif name == "consent_audio":
                writer.set_participant(uuid, consent_audio=value)
            else:
                writer.set_participant(uuid, consent_quote=value)

        self.do(_("Change participant"), write)

    def save_fields(self) -> None:
        if not self.group:
            return
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
        group, guide = self.group, str(self.guide.currentData() or "")

        def write() -> None:
            self.writer().set_group(group, values)
            self.writer().set_guide_of(group, guide)

        self.do(_("Save group"), write)

    def create_guide(self) -> None:
        questions = [line.strip() for line in self.new_guide.toPlainText().splitlines()
                     if line.strip()]
        if not questions:
            return
        group = self.group
        title = _("Topic guide {n}").format(n=len(self.data.guides) + 1)

        def write() -> None:
            guide = self.writer().create_guide(title, questions)
            if group:
                self.writer().set_guide_of(group, guide)

        if self.do(_("Make topic guide"), write):
            self.new_guide.clear()

    def add_participant(self) -> None:
        group = self.group
        if not group:
            return

        def write() -> None:
            self.writer().add_participant(
                group, pseudonym=self.pseudonym.text(), age_band=self.age_band.text().strip(),
                sex=self.sex.text().strip(), consent=self.consent.isChecked(),
                consent_audio=self.consent_audio.isChecked(),
                consent_quote=self.consent_quote.isChecked())

        if self.do(_("Add participant"), write):
            self.pseudonym.clear()
            self.pseudonym.setFocus()
