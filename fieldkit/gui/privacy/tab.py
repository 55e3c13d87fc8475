"""Privacy: find a person's records, confirm which are theirs, export what is held
(PDF in their language and JSON), correct a value, erase; and the retention period
of personal fields, with its warning a month before. The work is fieldkit.privacy's;
this tab only shows it and runs it off the UI thread."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.gui.coordinator.base import (
    CoordinatorTab,
    actor_name,
    local_time,
    make_table,
    selected_item,
)
from fieldkit.gui.privacy.retention_box import RetentionBox
from fieldkit.i18n import N_, UI_LANGUAGES, _, isolate, language_name

if TYPE_CHECKING:
    from fieldkit.context import AppContext
    from fieldkit.privacy.people import Candidate, Person
    from fieldkit.privacy.retention import RetentionStatus

PEOPLE_COLUMNS = (N_("Name"), N_("Records"))
RECORD_COLUMNS = (N_("Record"), N_("Name as recorded"), N_("Recorded on"), N_("Match"))


class PrivacyTab(CoordinatorTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("coordinatorPrivacy")
        self.people: list[Person] = []
        self.current: Person | None = None
        self.candidates: list[Candidate] = []
        self.retention: RetentionStatus | None = None
        layout = QVBoxLayout(self)

        self.retention_box = RetentionBox()
        self.retention_box.save_requested.connect(self.save_retention)
        self.retention_box.apply_requested.connect(self.apply_retention)

        search = QHBoxLayout()
        self.query = QLineEdit()
        self.query.setObjectName("personQuery")
        self.query.returnPressed.connect(self.find_person)
        self.find_button = QPushButton()
        self.find_button.setObjectName("findPerson")
        self.find_button.clicked.connect(self.find_person)
        search.addWidget(self.query, 1)
        search.addWidget(self.find_button)
        self.people_table = make_table("people", len(PEOPLE_COLUMNS))
        self.people_table.itemSelectionChanged.connect(self._selection_changed)
        self.records_hint = QLabel()
        self.records_hint.setWordWrap(True)
        self.records_table = make_table("personRecords", len(RECORD_COLUMNS))

        actions = QHBoxLayout()
        self.language = QComboBox()
        self.language.setObjectName("reportLanguage")
        self.export_button = QPushButton()
        self.export_button.setObjectName("exportPerson")
        self.export_button.clicked.connect(self.choose_export_file)
        self.rectify_button = QPushButton()
        self.rectify_button.setObjectName("rectifyValue")
        self.rectify_button.clicked.connect(self.rectify)
        self.erase_button = QPushButton()
        self.erase_button.setObjectName("erasePerson")
        self.erase_button.clicked.connect(self.erase)
        actions.addWidget(self.language)
        actions.addWidget(self.export_button)
        actions.addStretch(1)
        actions.addWidget(self.rectify_button)
        actions.addWidget(self.erase_button)
        self.status = QLabel()
        self.status.setObjectName("privacyStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout.addWidget(self.retention_box)
        layout.addLayout(search)
        layout.addWidget(self.people_table, 2)
        layout.addWidget(self.records_hint)
        layout.addWidget(self.records_table, 3)
        layout.addLayout(actions)
        layout.addWidget(self.status)
        self.file_dialog: QFileDialog | None = None
        self.retranslate()
        self._enable()

    # -- texts ------------------------------------------------------------------------

    def title(self) -> str:
        if self.retention is not None and self.retention.warn:
            return _("Privacy (retention due)")
        return _("Privacy")

    def retranslate(self) -> None:
        self.query.setPlaceholderText(_("A name in any spelling or script, a phone number "
                                        "or a postcode"))
        self.find_button.setText(_("&Find"))
        self.records_hint.setText(_("Ticked records are taken as this person's; tick or "
                                    "untick to confirm before exporting or erasing."))
        self.export_button.setText(_("&Export what is held…"))
        self.rectify_button.setText(_("&Correct a value…"))
        self.erase_button.setText(_("E&rase…"))
        current = self.language.currentData()
        self.language.clear()
        self.language.addItem(_("In the person's language"), "")
        for code in UI_LANGUAGES:
            self.language.addItem(language_name(code), code)
        self.language.setCurrentIndex(max(0, self.language.findData(current)))
        self.people_table.setHorizontalHeaderLabels([_(c) for c in PEOPLE_COLUMNS])
        self.records_table.setHorizontalHeaderLabels([_(c) for c in RECORD_COLUMNS])
        self._fill_people()

    # -- retention --------------------------------------------------------------------

    def refresh(self) -> None:
        store = self.ctx.store

        def work(_progress: object) -> RetentionStatus:
            from fieldkit.privacy.retention import retention_status

            return retention_status(store)

        self.run(work, self._retention_loaded, self.status, key="retention")

    def _retention_loaded(self, status: RetentionStatus) -> None:
        self.retention = status
        self.retention_box.show_status(status)
        self.title_changed.emit()

    def save_retention(self, months: int | None, ends: date | None) -> None:
        store = self.ctx.store

        def work(_progress: object) -> RetentionStatus:
            from fieldkit.privacy.retention import set_retention

            return set_retention(store, months, fieldwork_ends=ends, actor=actor_name())

        self.run(work, self._retention_loaded, self.status, key="retention")

    def apply_retention(self) -> None:
        answer = QMessageBox.question(
            self, _("Pseudonymise personal fields"),
            _("Every personal field of the project will be replaced by its pseudonym. "
              "This cannot be undone. Go ahead?"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        store = self.ctx.store

        def work(_progress: object) -> int:
            from fieldkit.privacy.retention import apply_retention

            return apply_retention(store, actor=actor_name())

        def done(count: int) -> None:
            self.status.setText(_("Pseudonymised {count} personal fields.").format(
                count=count))
            self.changed.emit()
            self.refresh()

        self.run(work, done, self.status, key="apply")

    # -- people -----------------------------------------------------------------------

    def find_person(self) -> None:
        text = self.query.text().strip()
        if not text:
            return
        store = self.ctx.store

        def work(_progress: object) -> list[Person]:
            from fieldkit.privacy.people import find_people
            from fieldkit.sync.project_role import coordinator_project

            project = coordinator_project(store)
            with store.session() as session:
                return find_people(session, project.id, text)

        def done(people: list[Person]) -> None:
            self.people = people
            self._fill_people()
            self.status.setText(_("Nobody found.") if not people else "")
            if people:
                self.current = people[0]
                self.people_table.selectRow(0)  # (a table not laid out yet may refuse)
                self._person_chosen()

        self.status.setText(_("Looking…"))
        self.run(work, done, self.status, key="find")

    def _fill_people(self) -> None:
        chosen = self.current
        self.people_table.setRowCount(len(self.people))
        for row, person in enumerate(self.people):
            self.people_table.setItem(row, 0, QTableWidgetItem(person.name))
            self.people_table.setItem(row, 1, QTableWidgetItem(str(len(person.records))))
        keep = next((row for row, p in enumerate(self.people)
                     if chosen is not None and p.id == chosen.id), None)
        self.current = self.people[keep] if keep is not None else None
        if keep is not None:
            self.people_table.selectRow(keep)
        self._person_chosen()

    def person(self) -> Person | None:
        """The person whose records are shown (the selected row, kept as state: a
        right-to-left table not laid out yet refuses a selection)."""
        return self.current

    def _selection_changed(self) -> None:
        picked = selected_item(self.people_table, self.people)
        if picked is not None and picked is not self.current:
            self.current = picked
            self._person_chosen()

    def _person_chosen(self) -> None:
        person = self.person()
        self.candidates = [*person.records, *person.possible] if person else []
        taken = len(person.records) if person else 0
        self.records_table.setRowCount(len(self.candidates))
        for row, candidate in enumerate(self.candidates):
            from fieldkit.privacy.held import KIND_NAMES

            record = candidate.record
            kind = QTableWidgetItem(_(KIND_NAMES[record.kind]))
            kind.setFlags(kind.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            kind.setCheckState(Qt.CheckState.Checked if row < taken
                               else Qt.CheckState.Unchecked)
            self.records_table.setItem(row, 0, kind)
            self.records_table.setItem(row, 1, QTableWidgetItem(record.name))
            self.records_table.setItem(row, 2, QTableWidgetItem(local_time(record.created_at)))
            self.records_table.setItem(row, 3, QTableWidgetItem(
                _("{score} %").format(score=round(candidate.score))))
        self._enable()

    def confirmed(self) -> list[str]:
        """The references of the ticked records."""
        out = []
        for row, candidate in enumerate(self.candidates):
            item = self.records_table.item(row, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                out.append(candidate.record.ref)
        return out

    def _enable(self) -> None:
        has = self.person() is not None
        for button in (self.export_button, self.erase_button, self.rectify_button):
            button.setEnabled(has)

    # -- export, rectify, erase -------------------------------------------------------

    def choose_export_file(self) -> None:
        person = self.person()
        if person is None:
            return
        dialog = QFileDialog(self, _("Export what is held"),
                             str(Path.home() / f"subject-access-{person.id}.pdf"))
        dialog.setObjectName("subjectAccessDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(_("PDF files (*.pdf)"))
        dialog.setDefaultSuffix("pdf")
        dialog.fileSelected.connect(lambda f: self.export_to(Path(f)))
        dialog.finished.connect(dialog.deleteLater)
        self.file_dialog = dialog
        dialog.open()

    def export_to(self, path: Path) -> None:
        """Write the person's report to ``path`` (PDF) and beside it as JSON."""
        person, only = self.person(), self.confirmed()
        if person is None or not only:
            self.status.setText(_("Tick at least one record."))
            return
        store, language = self.ctx.store, str(self.language.currentData() or "") or None

        def work(_progress: object) -> Any:
            from fieldkit.privacy.access import subject_access

            return subject_access(store, person.id, language=language, only=only,
                                  actor=actor_name())

        def done(report: Any) -> None:
            import json

            from fieldkit.errors import FieldkitError
            from fieldkit.gui.privacy.pdf import write_access_pdf
            from fieldkit.privacy.access import access_json
            from fieldkit.sync.safezip import write_file_atomic

            try:
                write_access_pdf(report, path)  # Qt's text engine: on the UI thread
                write_file_atomic(path.with_suffix(".json"), json.dumps(
                    access_json(report), ensure_ascii=False, indent=2).encode("utf-8"))
            except (FieldkitError, OSError) as exc:
                self.status.setText(str(exc))
                return
            self.status.setText(_("Wrote {pdf} and {json}.").format(
                pdf=isolate(path), json=isolate(path.with_suffix(".json"))))

        self.run(work, done, self.status, key="export")

    def rectify(self) -> None:
        person, only = self.person(), self.confirmed()
        if person is None or len(only) != 1:
            self.status.setText(_("Tick the one record that holds the value to correct."))
            return
        store = self.ctx.store

        def work(_progress: object) -> Any:
            from fieldkit.privacy.held import record_fields, split_ref
            from fieldkit.privacy.people import person_by_id
            from fieldkit.sync.project_role import coordinator_project

            project = coordinator_project(store)
            with store.session() as session:
                found = person_by_id(session, project.id, person.id)
                (record,) = found.chosen(only)
                fields = [f for f in record_fields(session, record, context=False)
                          if f.path.startswith("/")]
            return split_ref(record.ref)[0], fields

        self.run(work, self._ask_correction, self.status, key="rectify")

    def _ask_correction(self, loaded: Any) -> None:
        uuid, fields = loaded
        if not fields:
            self.status.setText(_("This record holds no answer to correct."))
            return
        choices = [f"{f.label}: {f.shown}" for f in fields]
        choice, ok = QInputDialog.getItem(self, _("Correct a value"), _("Which answer?"),
                                          choices, 0, False)
        if not ok:
            return
        field = fields[choices.index(choice)]
        value, ok = QInputDialog.getText(self, _("Correct a value"), _("The correct value:"),
                                         text=field.value or "")
        if not ok:
            return
        reason, ok = QInputDialog.getText(self, _("Correct a value"),
                                          _("Why (the request's reference and date):"))
        if not ok:
            return
        store = self.ctx.store

        def work(_progress: object) -> bool:
            from fieldkit.privacy.changes import rectify

            return rectify(store, uuid, field.path, value, reason=reason, actor=actor_name())

        def done(changed: bool) -> None:
            self.status.setText(_("Corrected.") if changed
                                else _("It already had that value; nothing changed."))
            self.changed.emit()

        self.run(work, done, self.status, key="rectify")

    def erase(self) -> None:
        person, only = self.person(), self.confirmed()
        if person is None or not only:
            self.status.setText(_("Tick at least one record."))
            return
        reason, ok = QInputDialog.getText(
            self, _("Erase"), _("Erase {count} records of {name}? This cannot be undone; "
                                "the next project pack erases the laptops' copies too.\n\n"
                                "Why (the request's reference and date, not the name):")
            .format(count=len(only), name=person.name))
        if not ok or not reason.strip():
            return
        store = self.ctx.store

        def work(_progress: object) -> Any:
            from fieldkit.privacy.changes import erase_person

            return erase_person(store, person.id, reason=reason, actor=actor_name(),
                                only=only)

        def done(result: Any) -> None:
            self.status.setText(_("Erased {records} records ({fields} fields). Write a "
                                  "project pack so the laptops erase their copies too.")
                                .format(records=result.records, fields=result.fields))
            self.people = [p for p in self.people if p.id != person.id]
            self.current = None
            self._fill_people()
            self.changed.emit()

        self.run(work, done, self.status, key="erase")
