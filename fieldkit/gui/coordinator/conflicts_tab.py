"""Conflict review: fields two devices changed differently. The competing values
stand side by side with who entered each, on which device and when; the coordinator
keeps one or types a corrected value (the service records and audits the choice)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.gui.coordinator.base import CoordinatorTab, actor_name, iso_time, number
from fieldkit.i18n import N_, _, isolate, ngettext

if TYPE_CHECKING:
    from fieldkit.context import AppContext
    from fieldkit.sync.conflict_labels import ConflictContext
    from fieldkit.sync.review import Conflict, ConflictValue

COLUMNS = (N_("Interview"), N_("Question"), N_("Field"))
Row = tuple["Conflict", "ConflictContext"]


class ValueCard(QFrame):
    """One competing value, with its origin and a button to keep it."""

    def __init__(self, index: int, value: ConflictValue, context: ConflictContext,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value = value
        self.setObjectName(f"value_{index}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        shown = QLabel(context.value_text(value.value) if value.value is not None
                       else _("(answer deleted)"))
        shown.setObjectName("valueText")
        shown.setWordWrap(True)
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(shown.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        shown.setFont(font)
        who = value.entered_by or _("the coordinator")
        origin = QLabel("\n".join((
            _("Entered by {name}").format(name=isolate(who)),
            _("Laptop {device}").format(device=isolate(value.device_id[:8])),
            _("At {time}").format(time=isolate(iso_time(value.written_at))))))
        origin.setObjectName("origin")
        origin.setToolTip(value.device_id)
        self.keep_button = QPushButton(_("Keep this value"))
        self.keep_button.setObjectName("keep")
        layout.addWidget(shown)
        layout.addWidget(origin)
        layout.addStretch(1)
        layout.addWidget(self.keep_button)


class ConflictsTab(CoordinatorTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("coordinatorConflicts")
        self.rows: list[Row] = []
        self.cards: list[ValueCard] = []

        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("conflictSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("conflictList")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._show_selected)
        splitter.addWidget(self.table)

        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        self.detail_heading = QLabel()
        self.detail_heading.setObjectName("conflictHeading")
        self.detail_heading.setWordWrap(True)
        bold = QFont(self.detail_heading.font())
        bold.setBold(True)
        self.detail_heading.setFont(bold)
        self.detail_path = QLabel()
        self.detail_path.setObjectName("conflictPath")
        self.detail_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cards_box = QWidget()
        self.cards_layout = QHBoxLayout(self.cards_box)
        self.cards_layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.cards_box)
        self.corrected_label = QLabel()
        self.corrected = QLineEdit()
        self.corrected.setObjectName("correctedValue")
        self.corrected_label.setBuddy(self.corrected)
        self.use_corrected = QPushButton()
        self.use_corrected.setObjectName("useCorrected")
        self.use_corrected.clicked.connect(self.use_corrected_value)
        self.corrected.returnPressed.connect(self.use_corrected.click)
        corrected_row = QHBoxLayout()
        corrected_row.addWidget(self.corrected, 1)
        corrected_row.addWidget(self.use_corrected)
        self.result = QLabel()
        self.result.setObjectName("resolveResult")
        self.result.setWordWrap(True)
        detail_layout.addWidget(self.detail_heading)
        detail_layout.addWidget(self.detail_path)
        detail_layout.addWidget(scroll, 1)
        detail_layout.addWidget(self.corrected_label)
        detail_layout.addLayout(corrected_row)
        detail_layout.addWidget(self.result)
        self.detail = detail
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        self.retranslate()
        self._show_selected()

    def title(self) -> str:
        if not self.rows:
            return _("Conflicts")
        return _("Conflicts ({n})").format(n=number(len(self.rows)))

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.corrected_label.setText(_("Or type the &corrected value:"))
        self.use_corrected.setText(_("Use this value"))
        self._show_summary()
        self._show_selected()

    # -- loading ----------------------------------------------------------------------

    def refresh(self) -> None:
        from fieldkit.i18n import current_language

        store, language = self.ctx.store, current_language()

        def work(_progress: object) -> list[Row]:
            from fieldkit.sync.conflict_labels import conflict_contexts
            from fieldkit.sync.review import list_conflicts

            conflicts = list_conflicts(store)
            contexts = conflict_contexts(store, conflicts, language)
            return [(c, contexts[(c.interview_uuid, c.path)]) for c in conflicts]

        self.summary.setText(_("Looking for conflicts…"))
        self.run(work, self._loaded, self.summary)

    def _loaded(self, rows: list[Row]) -> None:
        selected = self.selected()
        keep = (selected[0].interview_uuid, selected[0].path) if selected else None
        self.rows = rows
        self.table.setRowCount(len(rows))
        for row, (conflict, context) in enumerate(rows):
            interview = context.interview_label or conflict.interview_uuid[:8]
            if context.form_title:
                interview = f"{interview} · {context.form_title}"
            for column, text in enumerate((interview, context.question or conflict.path,
                                           conflict.path)):
                item = QTableWidgetItem(text)
                item.setToolTip(conflict.interview_uuid if column == 0 else text)
                self.table.setItem(row, column, item)
        self._show_summary()
        again = next((i for i, (c, _ctx) in enumerate(rows)
                      if (c.interview_uuid, c.path) == keep), None)
        if again is None and rows:
            again = 0
        if again is not None:
            self.table.setCurrentCell(again, 0)  # not selectRow: it misses in RTL
        else:
            self.table.clearSelection()
        self._show_selected()  # the values may have changed even if the row did not
        self.title_changed.emit()

    def _show_summary(self) -> None:
        if self.busy():
            return
        self.summary.setText(
            ngettext("{n} field has competing values. Choose the right one for each.",
                     "{n} fields have competing values. Choose the right one for each.",
                     len(self.rows)).format(n=number(len(self.rows)))
            if self.rows else _("No conflicts: every field has one value."))

    # -- one conflict -----------------------------------------------------------------

    def selected(self) -> Row | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.rows):
            return None
        return self.rows[rows[0].row()]

    def _show_selected(self) -> None:
        for card in self.cards:
            self.cards_layout.removeWidget(card)
            card.deleteLater()
        self.cards = []
        chosen = self.selected()
        self.detail.setEnabled(chosen is not None)
        if chosen is None:
            self.detail_heading.setText(_("Choose a conflict in the list."))
            self.detail_path.setText("")
            return
        conflict, context = chosen
        self.detail_heading.setText(_("{interview}: {question}").format(
            interview=isolate(context.interview_label or conflict.interview_uuid[:8]),
            question=isolate(context.question or conflict.path)))
        self.detail_path.setText(_("Field {path} · interview {uuid}").format(
            path=isolate(conflict.path), uuid=isolate(conflict.interview_uuid)))
        for index, value in enumerate(conflict.values):
            card = ValueCard(index, value, context, self.cards_box)
            card.keep_button.clicked.connect(
                lambda _checked=False, v=value.value: self.resolve_selected(v))
            self.cards_layout.addWidget(card, 0, Qt.AlignmentFlag.AlignTop)
            self.cards.append(card)
        self.corrected.clear()

    def use_corrected_value(self) -> None:
        value = self.corrected.text().strip()
        if not value:
            self.result.setText(_("Type the corrected value first."))
            self.corrected.setFocus()
            return
        self.resolve_selected(value)

    def resolve_selected(self, value: str | None) -> None:
        """Settle the selected field to ``value`` (None: keep it deleted)."""
        chosen = self.selected()
        if chosen is None:
            return
        from fieldkit.errors import FieldkitError
        from fieldkit.sync.review import resolve_conflict

        conflict, context = chosen
        try:
            resolve_conflict(self.ctx.store, conflict.interview_uuid, conflict.path, value,
                             actor_name())
        except FieldkitError as exc:
            self.result.setText(str(exc))
            return
        self.result.setText(_("{interview}: {question} is now {value}.").format(
            interview=isolate(context.interview_label or conflict.interview_uuid[:8]),
            question=isolate(context.question or conflict.path),
            value=isolate(context.value_text(value) if value is not None
                          else _("(answer deleted)"))))
        self.changed.emit()
        self.refresh()
