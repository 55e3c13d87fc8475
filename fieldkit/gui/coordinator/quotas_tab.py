"""Quotas: targets of finalized interviews per form and answer (e.g. "Somali households:
60"), optionally assigned to an interviewer, with live progress beside each and a
warning for those that can no longer be met in the fieldwork days left."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.gui.coordinator.base import (
    CoordinatorTab,
    actor_name,
    make_table,
    number,
    selected_item,
)
from fieldkit.gui.coordinator.quota_dialog import QuotaDialog
from fieldkit.gui.locale_numbers import decimal
from fieldkit.i18n import N_, _, isolate, ngettext
from fieldkit.sync.quotas import PACE_DAYS

if TYPE_CHECKING:
    from fieldkit.context import AppContext
    from fieldkit.sync.quotas import QuotaForm, QuotaOutlook
    from fieldkit.sync.roster import RosterMember

COLUMNS = (N_("Quota"), N_("Assigned to"), N_("Done"), N_("Outlook"))
Loaded = tuple[list["QuotaOutlook"], date | None, list["QuotaForm"], list["RosterMember"]]


class QuotasTab(CoordinatorTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("coordinatorQuotas")
        self.outlooks: list[QuotaOutlook] = []
        self.forms: list[QuotaForm] = []
        self.people: list[RosterMember] = []
        self.dialog: QDialog | None = None
        layout = QVBoxLayout(self)
        end_row = QHBoxLayout()
        self.has_end = QCheckBox()
        self.has_end.setObjectName("hasFieldworkEnd")
        self.end = QDateEdit()
        self.end.setObjectName("fieldworkEnd")
        self.end.setCalendarPopup(True)
        self.end.setDate(QDate.currentDate().addMonths(2))
        self.end.setEnabled(False)
        self.has_end.toggled.connect(self.end.setEnabled)
        self.save_end = QPushButton()
        self.save_end.setObjectName("saveFieldworkEnd")
        self.save_end.clicked.connect(self.store_fieldwork_end)
        end_row.addWidget(self.has_end)
        end_row.addWidget(self.end)
        end_row.addWidget(self.save_end)
        end_row.addStretch(1)
        self.table = make_table("quotas", len(COLUMNS))
        header = self.table.horizontalHeader()
        # The quota and its outlook are sentences: they share the width and wrap.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.itemSelectionChanged.connect(self._enable)
        self.empty = QLabel()
        self.empty.setObjectName("noQuotas")
        self.empty.setWordWrap(True)
        self.add_button = QPushButton()
        self.add_button.setObjectName("addQuota")
        self.add_button.clicked.connect(self.open_add)
        self.target_button = QPushButton()
        self.target_button.setObjectName("changeTarget")
        self.target_button.clicked.connect(self.ask_target)
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("removeQuota")
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.target_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.status = QLabel()
        self.status.setObjectName("quotaStatus")
        self.status.setWordWrap(True)
        layout.addLayout(end_row)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.retranslate()
        self._enable()

    def title(self) -> str:
        return _("Quotas")

    def retranslate(self) -> None:
        self.has_end.setText(_("Fieldwork &ends on"))
        self.save_end.setText(_("&Save date"))
        self.empty.setText(_("No quotas yet. A quota is a target of finalised interviews "
                             "with a given answer, e.g. 60 households whose community is "
                             "Somali; add one with Add quota."))
        self.add_button.setText(_("&Add quota…"))
        self.target_button.setText(_("Change &target…"))
        self.remove_button.setText(_("&Remove"))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self._fill()

    # -- loading ----------------------------------------------------------------------

    def refresh(self) -> None:
        store = self.ctx.store
        language = self.ctx.ui_language

        def work(_progress: object) -> Loaded:
            from fieldkit.sync.quotas import fieldwork_end, quota_forms, quota_outlooks
            from fieldkit.sync.roster import roster

            today = date.today()
            return (quota_outlooks(store, today), fieldwork_end(store),
                    quota_forms(store, language), roster(store))

        self.run(work, self._loaded, self.status)

    def _loaded(self, loaded: Loaded) -> None:
        self.outlooks, ends, self.forms, self.people = loaded
        self.has_end.setChecked(ends is not None)
        if ends is not None:
            self.end.setDate(QDate(ends.year, ends.month, ends.day))
        self._fill()

    def _what(self, outlook: QuotaOutlook) -> str:
        quota = outlook.progress
        for form in self.forms:
            if form.form_id != quota.form_id:
                continue
            for item in form.fields:
                if item.path == quota.path:
                    answer = dict(item.choices).get(quota.value, quota.value)
                    return _("{form}: {question} = {answer}").format(
                        form=form.title, question=item.label, answer=answer)
        return _("{form}: {field} = {value}").format(form=quota.form_id, field=quota.path,
                                                     value=quota.value)

    @staticmethod
    def outlook_text(outlook: QuotaOutlook) -> str:
        if outlook.remaining == 0:
            return _("Met.")
        if outlook.days_left is None:
            return _("Set the last day of fieldwork to see whether it can be met.")
        if outlook.days_left == 0:
            return _("Fieldwork has ended {count} short.").format(
                count=number(outlook.remaining))
        needed = outlook.needed_per_day or 0.0
        text = _("{count} to go in {days} days: {needed} a day.").format(
            count=number(outlook.remaining), days=number(outlook.days_left),
            needed=decimal(needed))
        if outlook.pace == 0:
            return text + " " + _("No interviews of this form finalised in the last four "
                                  "weeks to judge the pace by.")
        recent = round(outlook.pace * PACE_DAYS)
        pace = ngettext("The team finalised {count} interview of this form in the last four "
                        "weeks.", "The team finalised {count} interviews of this form in the "
                        "last four weeks.", recent).format(count=number(recent))
        if outlook.at_risk:
            return text + " " + pace + " " + _("At that pace it can no longer be met.")
        return text + " " + pace

    def _fill(self) -> None:
        self.table.setRowCount(len(self.outlooks))
        for row, outlook in enumerate(self.outlooks):
            quota = outlook.progress
            what = QTableWidgetItem(self._what(outlook))
            what.setToolTip(what.text())
            self.table.setItem(row, 0, what)
            self.table.setItem(row, 1, QTableWidgetItem(quota.interviewer or _("everyone")))
            bar = QProgressBar()
            bar.setObjectName(f"quota_{quota.quota_id}")
            bar.setRange(0, quota.target)
            bar.setValue(min(quota.done, quota.target))
            bar.setFormat(_("{done} of {target}").format(done=number(quota.done),
                                                          target=number(quota.target)))
            self.table.setCellWidget(row, 2, bar)
            item = QTableWidgetItem(self.outlook_text(outlook))
            if outlook.at_risk:
                item.setForeground(QColor("#a40000"))
                item.setData(Qt.ItemDataRole.AccessibleTextRole,
                             _("Warning: {text}").format(text=item.text()))
            self.table.setItem(row, 3, item)
        self.table.resizeRowsToContents()
        self.empty.setVisible(not self.outlooks)
        self._enable()

    def selected(self) -> QuotaOutlook | None:
        return selected_item(self.table, self.outlooks)

    def _enable(self) -> None:
        idle = not self.busy("write")
        self.add_button.setEnabled(idle and any(f.fields for f in self.forms))
        chosen = self.selected() is not None and idle
        self.target_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    # -- changes ----------------------------------------------------------------------

    def _write(self, change: Callable[[], object], said: str) -> None:
        def run(_progress: object) -> None:
            change()

        def done(_result: None) -> None:
            self.status.setText(said)
            self.changed.emit()
            self.refresh()

        self.run(run, done, self.status, key="write", after_failure=self._enable)
        self._enable()

    def store_fieldwork_end(self) -> None:
        from fieldkit.sync.quotas import set_fieldwork_end

        store, actor = self.ctx.store, actor_name()
        chosen = self.end.date()
        day = date(chosen.year(), chosen.month(), chosen.day()) \
            if self.has_end.isChecked() else None
        self._write(lambda: set_fieldwork_end(store, day, actor),
                    _("Saved the last day of fieldwork.") if day
                    else _("Cleared the last day of fieldwork."))

    def open_add(self) -> None:
        dialog = QuotaDialog(self.forms, self.people, self)
        dialog.accepted.connect(lambda: self.add_quota(*dialog.chosen()))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def add_quota(self, form_id: str, path: str, value: str, target: int,
                  interviewer: str | None) -> None:
        from fieldkit.sync.project import add_quota

        store = self.ctx.store
        self._write(lambda: add_quota(store, form_id=form_id, path=path, value=value,
                                      target=target, interviewer=interviewer),
                    _("Added the quota."))

    def ask_target(self) -> None:
        outlook = self.selected()
        if outlook is None:
            return
        target, ok = QInputDialog.getInt(self, _("Change target"), _("New target:"),
                                         outlook.progress.target, 1, 100_000)
        if ok:
            self.change_target(outlook.progress.quota_id, target)

    def change_target(self, quota_id: int, target: int) -> None:
        from fieldkit.sync.quotas import update_quota

        store, actor = self.ctx.store, actor_name()
        self._write(lambda: update_quota(store, quota_id, target=target, actor=actor),
                    _("The target is now {target}.").format(target=isolate(number(target))))

    def remove_selected(self) -> None:
        from fieldkit.sync.quotas import remove_quota

        outlook = self.selected()
        if outlook is None:
            return
        store, actor = self.ctx.store, actor_name()
        quota_id = outlook.progress.quota_id
        self._write(lambda: remove_quota(store, quota_id, actor),
                    _("Removed the quota; the interviews counted for it stay."))
