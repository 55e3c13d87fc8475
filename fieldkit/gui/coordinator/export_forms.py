"""The Export tab's "What to export" box: the project's forms, each ticked with its
interview count, the statuses with theirs, and an optional start day; and the line
that says what the ticks select. It works on the widgets of ``ui/export_tab.ui`` and
says ``changed`` when the ticks change and ``since_changed`` when the day does (the
counts from that day on are loaded by the tab, off the UI thread)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QGridLayout,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from fieldkit.exports.options import DEFAULT_STATUSES
from fieldkit.gui.interviews.statuses import status_name
from fieldkit.gui.locale_numbers import number
from fieldkit.gui.uiloader import child
from fieldkit.i18n import _, isolate, ngettext
from fieldkit.statuses import INTERVIEW_STATUSES

if TYPE_CHECKING:
    from fieldkit.exports.form_choices import FormChoice


@dataclass(frozen=True)
class Loaded:
    #: Every form with interviews, and the same counted from the chosen day on.
    forms: list[FormChoice]
    since: dict[str, FormChoice] | None


class FormTicks(QObject):
    changed = Signal()
    since_changed = Signal()

    def __init__(self, form: QWidget, parent: QObject) -> None:
        super().__init__(parent)
        form_list = child(form, QListWidget, "exportForms")
        status_grid = child(form, QGridLayout, "statusGrid")
        self.since_box = child(form, QCheckBox, "useSince")
        self.since_date = child(form, QDateEdit, "sinceDate")
        self.forms: list[FormChoice] = []
        self.counted: dict[str, FormChoice] = {}  # what the chosen day leaves
        self._unticked: set[str] = set()  # forms the coordinator unticked
        self.form_list = form_list
        self.form_list.itemChanged.connect(self._form_ticked)
        # A few forms per project: room for six, leaving the height to the results.
        self.form_list.setMaximumHeight(self.form_list.fontMetrics().height() * 8)
        self.status_boxes: dict[str, QCheckBox] = {}
        for n, status in enumerate(INTERVIEW_STATUSES):
            box = QCheckBox()
            box.setObjectName(f"status_{status}")
            box.setChecked(status in DEFAULT_STATUSES)
            box.toggled.connect(lambda _on: self.show_counts())
            self.status_boxes[status] = box
            status_grid.addWidget(box, n // 2, n % 2)
        self.since_date.setDate(QDate.currentDate())
        self.since_box.toggled.connect(self.since_date.setEnabled)
        self.since_box.toggled.connect(lambda _on: self.since_changed.emit())
        self.since_date.dateChanged.connect(
            lambda _day: self.since_changed.emit() if self.since_box.isChecked() else None)

    def since(self) -> date | None:
        if not self.since_box.isChecked():
            return None
        day = self.since_date.date()
        return date(day.year(), day.month(), day.day())

    def load(self, loaded: Loaded) -> None:
        self.forms = loaded.forms
        self.counted = (loaded.since if loaded.since is not None
                        else {c.form_id: c for c in loaded.forms})
        self.form_list.blockSignals(True)
        self.form_list.clear()
        for choice in self.forms:
            item = QListWidgetItem()
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked if choice.form_id in self._unticked
                               else Qt.CheckState.Checked)
            item.setData(Qt.ItemDataRole.UserRole, choice.form_id)
            item.setToolTip(choice.form_id)
            self.form_list.addItem(item)
        self.form_list.blockSignals(False)
        self.show_counts()

    def ticked_forms(self) -> list[FormChoice]:
        ticked = []
        for row, choice in enumerate(self.forms):
            item = self.form_list.item(row)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                ticked.append(choice)
        return ticked

    def ticked_statuses(self) -> tuple[str, ...]:
        return tuple(s for s in INTERVIEW_STATUSES if self.status_boxes[s].isChecked())

    def _form_ticked(self, item: QListWidgetItem) -> None:
        form_id = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked:
            self._unticked.discard(form_id)
        else:
            self._unticked.add(form_id)
        self.show_counts()

    def selected_interviews(self) -> int:
        statuses = self.ticked_statuses()
        return sum(self.counted[c.form_id].interviews(statuses)
                   for c in self.ticked_forms() if c.form_id in self.counted)

    def show_counts(self) -> None:
        """Each form's and each status's count for the ticks as they are."""
        statuses = self.ticked_statuses()
        self.form_list.blockSignals(True)
        for row, choice in enumerate(self.forms):
            item = self.form_list.item(row)
            counted = self.counted.get(choice.form_id)
            n = counted.interviews(statuses) if counted is not None else 0
            if choice.any_status:
                text = ngettext("{title}: {n} record, at any status",
                                "{title}: {n} records, at any status", n)
                item.setToolTip(_("Advice sessions and attendances stay open while "
                                  "follow-ups are due, so they are exported whatever "
                                  "their status."))
            else:
                text = ngettext("{title}: {n} interview", "{title}: {n} interviews", n)
            item.setText(text.format(title=isolate(choice.title), n=number(n)))
        self.form_list.blockSignals(False)
        ticked = self.ticked_forms()
        for status, box in self.status_boxes.items():
            n = sum(self.counted[c.form_id].counts.get(status, 0)
                    for c in ticked if c.form_id in self.counted
                    and not self.counted[c.form_id].any_status)
            box.setText(_("{status} ({n})").format(status=status_name(status), n=number(n)))
        self.changed.emit()

    def selection_text(self) -> str:
        """What the ticks select, or why nothing can be exported, in one line."""
        n = self.selected_interviews()
        since = self.since()
        if not self.forms:
            return _("No interviews in this project yet: import bundles first.")
        if not self.ticked_forms():
            return _("Tick at least one form to export.")
        if not self.ticked_statuses():
            return _("Tick at least one status.")
        if n == 0:
            return _("Nothing to export: the ticked forms have no interviews with the ticked "
                     "statuses{since}.").format(
                since=_(" started on or after {day}").format(day=isolate(since))
                if since else "")
        forms = len(self.ticked_forms())
        return ngettext("{n} interview of", "{n} interviews of", n).format(
            n=number(n)) + " " + ngettext("{forms} form will be exported.",
                                          "{forms} forms will be exported.",
                                          forms).format(forms=number(forms))
