"""The check-in grid's model: one row per attendance of a session, then an empty
row where the next person is typed in. Columns come from the attendee form.

Every edit goes to the attendance service at once (so it is saved as it is given);
the row is then re-read from the saved answers, because one answer can change
others (declining consent clears the identifying ones)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from fieldkit.i18n import _

if TYPE_CHECKING:
    from fieldkit.attendance.matching import Match
    from fieldkit.attendance.service import AttendanceService
    from fieldkit.forms import Form

Index = QModelIndex | QPersistentModelIndex

#: Columns that identify a person: blank and closed when the person declined.
IDENTIFYING = ("attendee_name", "year_of_birth", "phone")


@dataclass(frozen=True)
class GridColumn:
    name: str
    path: str
    kind: str
    label: str
    choices: tuple[tuple[str, str], ...] = ()  # (value, label)
    #: The column heading: a word or two; ``label`` (the whole question) is its tooltip.
    heading: str = ""

    def show(self, value: str) -> str:
        if not self.choices:
            return value
        labels = dict(self.choices)
        return ", ".join(labels.get(v, v) for v in value.split())


@dataclass
class GridRow:
    uuid: str | None  # None: the empty row for the next person
    values: dict[str, str] = field(default_factory=dict)
    person: str = ""

    @property
    def declined(self) -> bool:
        return self.values.get("consent") == "no"


def grid_columns(form: Form, names: list[str], language: str | None) -> list[GridColumn]:
    from fieldkit.attendance.grid import short_heading
    from fieldkit.forms.model import plain_text

    columns = []
    for name in names:
        path, question = next((p, q) for p, q in form.questions.items() if q.name == name)
        label = plain_text(form.text(question.label, language)) or name
        choices: tuple[tuple[str, str], ...] = ()
        if question.choices is not None:
            choices = tuple((c.value, plain_text(c.label(language)) or c.value)
                            for c in question.choices.choices)
        columns.append(GridColumn(name, path, question.type, label, choices,
                                  short_heading(name) or label))
    return columns


class CheckInModel(QAbstractTableModel):
    #: An answer was refused: (row, message).
    problem = Signal(int, str)
    #: A person was checked in (a new attendance row): its uuid.
    checked_in = Signal(str)

    def __init__(self, service: AttendanceService, session_uuid: str,
                 columns: list[GridColumn]) -> None:
        super().__init__()
        self.service = service
        self.session_uuid = session_uuid
        self.columns = columns
        self.rows: list[GridRow] = []
        self.reload()

    # -- reading -------------------------------------------------------------------------

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = [GridRow(r.uuid, dict(r.values), r.person)
                     for r in self.service.attendances(self.session_uuid)]
        self.rows.append(GridRow(None))
        self.endResetModel()

    def attendance_count(self) -> int:
        return len(self.rows) - 1

    def column_of(self, name: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.name == name)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        value = row.values.get(column.name, "")
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.DisplayRole:
            if row.declined and column.name in IDENTIFYING:
                return _("(not recorded)")
            if column.name == "phone" and value:
                # Isolated left to right, so a right-to-left screen keeps its digit groups in order.
                return f"\u2066{value}\u2069"
            return column.show(value)
        if role == Qt.ItemDataRole.ToolTipRole and row.uuid is None and index.column() == 0:
            return _("Type here to check the next person in.")
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.columns[section].label
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            column = self.columns[section]
            return column.heading or column.label
        return "+" if self.rows[section].uuid is None else str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        row, column = self.rows[index.row()], self.columns[index.column()]
        if row.declined and column.name not in ("consent",) and column.name in IDENTIFYING:
            return Qt.ItemFlag.NoItemFlags  # skipped by Tab: nothing to record
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsEditable)

    # -- writing (all through the attendance service) ---------------------------------------

    def setData(self, index: Index, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        column = self.columns[index.column()]
        text = "" if value is None else str(value).strip()
        row = self.rows[index.row()]
        if text == row.values.get(column.name, ""):
            return False
        return self._write(index.row(), {column.name: text})

    def link_person(self, row_number: int, match: Match, typed: str) -> bool:
        """The person typed in is ``match``'s person: link the visit to theirs, take
        their known name, and fill in what they told us before where it is blank."""
        person = match.person
        row = self.rows[row_number]
        values: dict[str, object] = {"attendee_name": person.name or typed}
        for name, known in (("year_of_birth", person.year_of_birth), ("phone", person.phone),
                            ("preferred_language", person.language)):
            if known and not row.values.get(name):
                values[name] = known
        if not row.values.get("consent"):
            values["consent"] = "yes"  # choosing them at the door is their spoken yes
        return self._write(row_number, values, person=person.person)

    def _write(self, row_number: int, values: dict[str, object], *,
               person: str | None = None) -> bool:
        from fieldkit.forms import AnswerError

        writer = self.service.writer
        row = self.rows[row_number]
        try:
            if row.uuid is None:
                row.uuid = writer.add_attendance(self.session_uuid, values, person=person)
                self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
                self.rows.append(GridRow(None))
                self.endInsertRows()
                self.checked_in.emit(row.uuid)
            else:
                writer.set_values(row.uuid, values)
                if person:
                    writer.link_person(row.uuid, person)
        except AnswerError as exc:
            self.problem.emit(row_number, exc.problem.message)
            return False
        self.refresh_row(row_number)
        return True

    def refresh_row(self, row_number: int) -> None:
        from fieldkit.attendance import PERSON_PATH

        row = self.rows[row_number]
        if row.uuid is None:
            return
        handle = self.service.writer.handle(row.uuid)
        row.values = {path.rsplit("/", 1)[-1]: v for path, v in handle.stored_answers().items()}
        row.person = handle.own_field(PERSON_PATH) or ""
        self.dataChanged.emit(self.index(row_number, 0),
                              self.index(row_number, len(self.columns) - 1))
        self.headerDataChanged.emit(Qt.Orientation.Vertical, row_number, row_number)
