"""The project's files for the laptops: the project pack, and a receipt per laptop
that sent bundles (it lets the laptop mark its data received and purge it)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyle,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.gui.coordinator.base import (
    CoordinatorTab,
    local_time,
    make_table,
    number,
    selected_item,
)
from fieldkit.i18n import N_, _, isolate, ngettext

if TYPE_CHECKING:
    from fieldkit.context import AppContext
    from fieldkit.sync.pack_contents import PackPreview
    from fieldkit.sync.review import DeviceSummary

DEVICE_COLUMNS = (N_("Interviewer"), N_("Laptop"), N_("Bundles"), N_("Records"),
                  N_("Last bundle"), N_("Clock"))
CLOCK_COLUMN = len(DEVICE_COLUMNS) - 1


def clock_cell(device: DeviceSummary) -> tuple[str, str]:
    """The Clock column of a device (text, tooltip): empty when its bundles' times
    were plausible; else what the import warned, so a laptop with a wrong clock is
    seen here after the import's report is closed."""
    if not device.warned_bundles:
        return "", ""
    text = ngettext("Check its clock ({count} bundle)", "Check its clock ({count} bundles)",
                    device.warned_bundles).format(count=number(device.warned_bundles))
    return text, "\n".join(device.clock_warnings)


def pack_preview_text(preview: PackPreview) -> str:
    """What a pack carries, one line each, for the coordinator to check before writing."""
    forms = ", ".join(f"{f.title or f.form_id} ({f.version})" if f.version else
                      (f.title or f.form_id) for f in preview.forms)
    lines = [
        _("Forms ({count}): {forms}").format(count=number(len(preview.forms)),
                                            forms=forms or _("none")),
        _("Active interviewers ({count}): {names}").format(
            count=number(len(preview.active_interviewers)),
            names=", ".join(preview.active_interviewers) or _("none yet")),
    ]
    if preview.inactive_interviewers:
        lines.append(_("Deactivated, whose laptops will be refused: {names}").format(
            names=", ".join(preview.inactive_interviewers)))
    lines.append(_("Quotas: {count}").format(count=number(preview.quotas)))
    if preview.consultation_months:
        lines.append(_("Register of surveyed addresses: the last {months} months, from "
                       "{count} households (as keyed hashes, no addresses in clear)").format(
                           months=number(preview.consultation_months),
                           count=number(preview.households)))
    else:
        lines.append(_("Register of surveyed addresses: none (the project keeps none)"))
    lines.append(_("Advice sessions and attendances: {count} (encrypted for the "
                   "interviewers)").format(count=number(preview.session_records)))
    return "\n".join(lines)


def file_stem(name: str) -> str:
    """A name as a file name part (letters, digits, dashes)."""
    return re.sub(r"[^\w-]+", "-", name, flags=re.UNICODE).strip("-").lower() or "fieldkit"


class ProjectTab(CoordinatorTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("coordinatorProject")
        self.project_name = ""
        self.devices: list[DeviceSummary] = []
        self.file_dialog: QFileDialog | None = None
        self.preview_box: QMessageBox | None = None
        layout = QVBoxLayout(self)
        self.pack_heading = QLabel()
        self.pack_text = QLabel()
        self.pack_text.setWordWrap(True)
        self.pack_button = QPushButton()
        self.pack_button.setObjectName("writePack")
        self.pack_button.clicked.connect(self.choose_pack_file)
        self.pack_result = QLabel()
        self.pack_result.setObjectName("packResult")
        self.pack_result.setWordWrap(True)
        self.pack_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.receipt_heading = QLabel()
        self.receipt_text = QLabel()
        self.receipt_text.setWordWrap(True)
        self.device_table = make_table("devices", len(DEVICE_COLUMNS))
        self.device_table.itemSelectionChanged.connect(self._enable)
        self.no_devices = QLabel()
        self.no_devices.setObjectName("noDevices")
        self.no_devices.setWordWrap(True)
        self.no_devices.hide()
        self.receipt_button = QPushButton()
        self.receipt_button.setObjectName("writeReceipt")
        self.receipt_button.clicked.connect(self.choose_receipt_file)
        self.receipt_result = QLabel()
        self.receipt_result.setObjectName("receiptResult")
        self.receipt_result.setWordWrap(True)
        self.receipt_result.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        bold = QFont(self.pack_heading.font())
        bold.setBold(True)
        self.pack_heading.setFont(bold)
        self.receipt_heading.setFont(bold)

        pack_row = QHBoxLayout()
        pack_row.addWidget(self.pack_button)
        pack_row.addStretch(1)
        receipt_row = QHBoxLayout()
        receipt_row.addWidget(self.receipt_button)
        receipt_row.addStretch(1)
        for widget in (self.pack_heading, self.pack_text):
            layout.addWidget(widget)
        layout.addLayout(pack_row)
        layout.addWidget(self.pack_result)
        layout.addSpacing(12)
        for widget in (self.receipt_heading, self.receipt_text):
            layout.addWidget(widget)
        layout.addWidget(self.no_devices)
        layout.addWidget(self.device_table, 1)
        layout.addLayout(receipt_row)
        layout.addWidget(self.receipt_result)
        self.retranslate()
        self._enable()

    def title(self) -> str:
        return _("Packs and receipts")

    def retranslate(self) -> None:
        self.pack_heading.setText(_("Project pack"))
        self.pack_text.setText(_(
            "The pack carries the forms, the roster and the quotas to the laptops. Write "
            "a new one after changing any of them; laptops that joined update from it."))
        self.pack_button.setText(_("Write project &pack…"))
        self.receipt_heading.setText(_("Receipts"))
        self.receipt_text.setText(_(
            "A receipt tells a laptop what arrived here, so it can mark those interviews "
            "received and remove personal data it no longer needs. Write one for each "
            "laptop after importing its bundles."))
        self.receipt_button.setText(_("Write &receipt…"))
        self.no_devices.setText(_("No bundles imported yet: receipts are written for "
                                  "laptops whose bundles arrived."))
        self.device_table.setHorizontalHeaderLabels([_(c) for c in DEVICE_COLUMNS])
        self._fill()

    def set_project_name(self, name: str) -> None:
        self.project_name = name

    # -- loading ----------------------------------------------------------------------

    def refresh(self) -> None:
        store = self.ctx.store

        def work(_progress: object) -> list[DeviceSummary]:
            from fieldkit.sync.review import list_devices

            return list_devices(store)

        self.run(work, self._loaded, self.receipt_result)

    def _loaded(self, devices: list[DeviceSummary]) -> None:
        chosen = self.selected_device()
        self.devices = devices
        self.no_devices.setVisible(not devices)
        self._fill()
        for row, device in enumerate(devices):
            if chosen is not None and device.device_id == chosen.device_id:
                self.device_table.setCurrentCell(row, 0)

    def _fill(self) -> None:
        self.device_table.setRowCount(len(self.devices))
        for row, device in enumerate(self.devices):
            cells = (device.interviewer, device.device_id[:8], number(device.bundles),
                     number(device.versions),
                     local_time(device.last_bundle_at) or _("none yet"))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(device.device_id if column == 1 else text)
                self.device_table.setItem(row, column, item)
            clock, detail = clock_cell(device)
            item = QTableWidgetItem(clock)
            item.setToolTip(detail)
            if clock:
                item.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
            self.device_table.setItem(row, CLOCK_COLUMN, item)
        self._enable()

    def selected_device(self) -> DeviceSummary | None:
        return selected_item(self.device_table, self.devices)

    def _enable(self) -> None:
        self.receipt_button.setEnabled(self.selected_device() is not None
                                        and not self.busy("write"))

    # -- writing ----------------------------------------------------------------------

    def _save_dialog(self, title: str, name: str, filters: list[str]) -> QFileDialog:
        dialog = QFileDialog(self, title, str(Path.home() / name))
        dialog.setObjectName("saveDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters(filters)
        dialog.setDefaultSuffix(Path(name).suffix.lstrip("."))
        dialog.finished.connect(dialog.deleteLater)
        self.file_dialog = dialog
        return dialog

    def choose_pack_file(self) -> None:
        """First what the pack will carry, then where to write it."""
        store = self.ctx.store

        def work(_progress: object) -> PackPreview:
            from fieldkit.sync.pack_contents import pack_preview

            return pack_preview(store)

        self.pack_button.setEnabled(False)
        self.run(work, self._show_preview, self.pack_result, key="write",
                 after_failure=lambda: self.pack_button.setEnabled(True))

    def _show_preview(self, preview: PackPreview) -> None:
        self.pack_button.setEnabled(True)
        box = QMessageBox(QMessageBox.Icon.Question, _("Write project pack"),
                          _("Pack version {version} of {project} will carry:").format(
                              version=number(preview.pack_version),
                              project=isolate(preview.project)),
                          QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("packPreview")
        box.setInformativeText(pack_preview_text(preview))
        box.addButton(_("Choose where to write it…"), QMessageBox.ButtonRole.AcceptRole)
        box.accepted.connect(lambda: self._choose_pack_path(preview))
        box.finished.connect(box.deleteLater)
        self.preview_box = box
        box.open()

    def _choose_pack_path(self, preview: PackPreview) -> None:
        from fieldkit.sync.pack_contents import pack_file_name

        # .fkpack: the interviewer's fieldkit opens it on Join when double-clicked.
        dialog = self._save_dialog(_("Write project pack"),
                                   pack_file_name(preview.project, preview.pack_version),
                                   [_("Project packs (*.fkpack)"), _("Zip files (*.zip)")])
        dialog.fileSelected.connect(lambda f: self.write_pack(Path(f)))
        dialog.open()

    def choose_receipt_file(self) -> None:
        device = self.selected_device()
        if device is None:
            return
        dialog = self._save_dialog(_("Write receipt"),
                                   f"{file_stem(device.interviewer)}-receipt.zip",
                                   [_("Zip files (*.zip)")])
        dialog.fileSelected.connect(lambda f: self.write_receipt(device.device_id, Path(f)))
        dialog.open()

    def write_pack(self, out: Path) -> None:
        store = self.ctx.store

        def work(_progress: object) -> int:
            from fieldkit.sync.project import write_pack

            return write_pack(store, out)

        def done(version: int) -> None:
            self.pack_button.setEnabled(True)
            self.pack_result.setText(_("Wrote {path} (pack version {version}).").format(
                path=isolate(out), version=number(version)))

        self.pack_button.setEnabled(False)
        self.pack_result.setText(_("Writing {path}…").format(path=isolate(out)))
        self.run(work, done, self.pack_result, key="write",
                 after_failure=lambda: self.pack_button.setEnabled(True))

    def write_receipt(self, device_id: str, out: Path) -> None:
        store = self.ctx.store

        def work(_progress: object) -> int:
            from fieldkit.sync.receipts import write_receipt

            return write_receipt(store, device_id, out)

        def done(count: int) -> None:
            self._enable()
            self.receipt_result.setText(_("Wrote {path}: acknowledges {count} records.")
                                        .format(path=isolate(out), count=number(count)))

        self.receipt_button.setEnabled(False)
        self.receipt_result.setText(_("Writing {path}…").format(path=isolate(out)))
        self.run(work, done, self.receipt_result, key="write", after_failure=self._enable)
