"""Partners (F9): data-sharing agreements (add, end), releases with a preview of
what the disclosure rule withholds, and partners' figures taken in through a dialog
that maps the file's columns (remembered per source) and previews what is stored.
All work goes through fieldkit.partners (Qt-free); this is only its view."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.gui.coordinator.base import CoordinatorTab, actor_name, make_table, number
from fieldkit.gui.coordinator.partners_dialogs import (
    LEVEL_NAMES,
    AgreementDialog,
    ImportDialog,
    project_id,
)
from fieldkit.gui.failures import failure_line, report_unexpected
from fieldkit.gui.tasks import run_in_background
from fieldkit.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from fieldkit.context import AppContext
    from fieldkit.partners.agreements import Agreement, AgreementDraft
    from fieldkit.partners.releases import ReleasePreview

AGREEMENT_COLUMNS = (N_("Id"), N_("Partner"), N_("Status"), N_("Level"), N_("Form"),
                     N_("Fields"), N_("Ends"))
SOURCE_COLUMNS = (N_("Source"), N_("Figures"), N_("Periods"), N_("Areas"))
STATUS_NAMES = {"active": N_("active"), "ended": N_("ended"), "not started": N_("not started")}
WHY = {"primary": N_("below the smallest count"), "secondary": N_("would give another away")}
Loaded = tuple[list["Agreement"], list[dict[str, object]]]


class PartnersTab(CoordinatorTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("coordinatorPartners")
        self.agreements: list[Agreement] = []
        self.sources: list[dict[str, object]] = []
        self.last_preview: ReleasePreview | None = None
        self.agreement_dialog: AgreementDialog | None = None
        self.import_dialog: ImportDialog | None = None
        layout = QVBoxLayout(self)
        bold = QFont(self.font())
        bold.setBold(True)
        self.status = QLabel()
        self.status.setObjectName("partnersStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.agreements_heading = QLabel()
        self.agreements_heading.setFont(bold)
        layout.addWidget(self.agreements_heading)
        self.agreement_table = make_table("agreementTable", len(AGREEMENT_COLUMNS))
        layout.addWidget(self.agreement_table, 2)
        buttons = QHBoxLayout()
        self.add_button = QPushButton()
        self.add_button.setObjectName("addAgreementButton")
        self.add_button.clicked.connect(self.add_agreement)
        self.end_button = QPushButton()
        self.end_button.setObjectName("endAgreementButton")
        self.end_button.clicked.connect(self.end_agreement)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.end_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.release_heading = QLabel()
        self.release_heading.setFont(bold)
        layout.addWidget(self.release_heading)
        release_row = QHBoxLayout()
        self.release_agreement = QComboBox()
        self.release_agreement.setObjectName("releaseAgreement")
        self.by = QLineEdit()
        self.by.setObjectName("releaseBy")
        self.period = QLineEdit()
        self.period.setObjectName("releasePeriod")
        self.records = QCheckBox()
        self.preview_button = QPushButton()
        self.preview_button.setObjectName("previewRelease")
        self.preview_button.clicked.connect(self.preview_release)
        self.write_button = QPushButton()
        self.write_button.setObjectName("writeRelease")
        self.write_button.clicked.connect(self.write_release)
        for widget in (self.release_agreement, self.by, self.period, self.records,
                       self.preview_button, self.write_button):
            release_row.addWidget(widget)
        layout.addLayout(release_row)
        self.preview_table = make_table("releasePreview", 0)
        layout.addWidget(self.preview_table, 3)

        self.sources_heading = QLabel()
        self.sources_heading.setFont(bold)
        layout.addWidget(self.sources_heading)
        self.source_table = make_table("sourceTable", len(SOURCE_COLUMNS))
        layout.addWidget(self.source_table, 1)
        import_row = QHBoxLayout()
        self.import_button = QPushButton()
        self.import_button.setObjectName("importFiguresDialog")
        self.import_button.clicked.connect(self.import_figures)
        import_row.addWidget(self.import_button)
        import_row.addStretch(1)
        layout.addLayout(import_row)
        self.retranslate()

    def title(self) -> str:
        return _("Partners")

    def retranslate(self) -> None:
        self.agreements_heading.setText(_("Data-sharing agreements"))
        self.add_button.setText(_("Add agreement…"))
        self.end_button.setText(_("End agreement"))
        self.release_heading.setText(_("Release to a partner"))
        self.by.setPlaceholderText(_("count by, e.g. ethnicity,postcode"))
        self.period.setPlaceholderText(_("period, e.g. 2026H1 (optional)"))
        self.records.setText(_("Records"))
        self.preview_button.setText(_("Preview"))
        self.write_button.setText(_("Write release…"))
        self.sources_heading.setText(_("Partners' figures"))
        self.import_button.setText(_("Import figures…"))
        self.agreement_table.setHorizontalHeaderLabels([_(c) for c in AGREEMENT_COLUMNS])
        self.source_table.setHorizontalHeaderLabels([_(c) for c in SOURCE_COLUMNS])
        self._fill()

    def refresh(self) -> None:
        store = self.ctx.store

        def work(_progress: object) -> Loaded:
            from fieldkit.partners.agreements import list_agreements
            from fieldkit.partners.imports import list_sources
            from fieldkit.projects import current_project

            project = current_project(store).id
            return list_agreements(store, project), list_sources(store, project)

        self.run(work, self._loaded, self.status)

    def _loaded(self, loaded: Loaded) -> None:
        self.agreements, self.sources = loaded
        self._fill()

    def _fill(self) -> None:
        table = self.agreement_table
        table.setRowCount(len(self.agreements))
        for row, a in enumerate(self.agreements):
            cells = (number(a.id), a.partner, _(STATUS_NAMES[a.status()]),
                     _(LEVEL_NAMES[a.level]), a.form_id, ", ".join(a.fields),
                     a.ends.isoformat())
            for column, text in enumerate(cells):
                table.setItem(row, column, QTableWidgetItem(text))
        current = self.release_agreement.currentData()
        self.release_agreement.clear()
        for a in self.agreements:
            if a.status() == "active":
                self.release_agreement.addItem(f"{a.id} · {a.partner}", a.id)
        index = self.release_agreement.findData(current)
        if index >= 0:
            self.release_agreement.setCurrentIndex(index)
        self.source_table.setRowCount(len(self.sources))
        for row, source in enumerate(self.sources):
            periods, areas = source["periods"], source["areas"]
            assert isinstance(periods, list) and isinstance(areas, list)
            rows = source["rows"]
            texts = (str(source["source"]), number(int(rows) if isinstance(rows, int) else 0),
                     f"{periods[0]} – {periods[-1]}" if periods else "",
                     ", ".join(str(a) for a in areas))
            for column, text in enumerate(texts):
                self.source_table.setItem(row, column, QTableWidgetItem(text))

    def selected_agreement(self) -> Agreement | None:
        row = self.agreement_table.currentRow()
        return self.agreements[row] if 0 <= row < len(self.agreements) else None

    def add_agreement(self) -> None:
        """The terms in a dialog; added off the UI thread, the dialog open until the
        service takes them (or Cancel)."""
        dialog = AgreementDialog(self)
        dialog.submitted.connect(lambda draft: self._add(dialog, draft))
        dialog.finished.connect(dialog.deleteLater)
        self.agreement_dialog = dialog
        dialog.open()

    def _add(self, dialog: AgreementDialog, draft: AgreementDraft) -> None:
        from fieldkit.partners.agreements import add_agreement

        store, actor = self.ctx.store, actor_name()

        def failed(exc: BaseException) -> None:
            line = failure_line(exc)
            if line is None:
                report_unexpected(exc)
                line = _("The agreement could not be added.")
            dialog.refused(line)

        def added(_agreement: object) -> None:
            dialog.accept()
            self.changed.emit()
            self.refresh()

        run_in_background(
            lambda _p: add_agreement(store, project_id(self.ctx), draft, actor=actor),
            on_done=added, on_failed=failed)

    def end_agreement(self) -> None:
        from fieldkit.partners.agreements import end_agreement

        agreement = self.selected_agreement()
        if agreement is None or agreement.status() == "ended":
            self.status.setText(_("Choose an agreement that is still active."))
            return
        answer = QMessageBox.question(
            self, _("End agreement"),
            _("End the agreement with {partner}? Nothing more can be released under it; "
              "it stays on record.").format(partner=agreement.partner))
        if answer != QMessageBox.StandardButton.Yes:
            return
        store, actor = self.ctx.store, actor_name()
        self.run(lambda _p: end_agreement(store, project_id(self.ctx), agreement.id,
                                          actor=actor),
                 lambda _ended: self.refresh(), self.status, key="end")

    def _request(self, out: Path) -> Any:
        from fieldkit.partners.releases import ReleaseRequest

        by = tuple(f.strip() for f in self.by.text().split(",") if f.strip())
        return ReleaseRequest(int(self.release_agreement.currentData() or 0), by, out,
                              records=self.records.isChecked(),
                              period=self.period.text().strip() or None)

    def preview_release(self) -> None:
        from fieldkit.partners.releases import preview_release

        if self.release_agreement.currentData() is None:
            self.status.setText(_("Add an agreement first."))
            return
        store, project = self.ctx.store, project_id(self.ctx)
        request = self._request(Path())
        self.status.setText(_("Counting…"))
        self.run(lambda _p: preview_release(store, project, request), self._previewed,
                 self.status, key="preview")

    def _previewed(self, preview: ReleasePreview) -> None:
        self.last_preview = preview
        rows = preview.rows
        header = list(rows[0]) if rows else []
        table = self.preview_table
        table.setColumnCount(len(header) + 1)
        table.setHorizontalHeaderLabels([*header, _("Why withheld")])
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            key = " / ".join(row[h] for h in header if h != "count")
            for c, h in enumerate(header):
                table.setItem(r, c, QTableWidgetItem(row[h]))
            why = preview.reasons.get(key)
            table.setItem(r, len(header), QTableWidgetItem(_(WHY[why]) if why else ""))
        self.status.setText(ngettext("{n} figure withheld: {rule}.",
                                     "{n} figures withheld: {rule}.",
                                     len(preview.reasons)).format(
            n=number(len(preview.reasons)), rule=preview.rule))

    def write_release(self) -> None:
        from fieldkit.partners.releases import make_release

        if self.release_agreement.currentData() is None:
            self.status.setText(_("Add an agreement first."))
            return
        name, _filter = QFileDialog.getSaveFileName(self, _("Write release"), "release.zip",
                                                    _("Zip files (*.zip)"))
        if not name:
            return
        store, project, request = self.ctx.store, project_id(self.ctx), self._request(
            Path(name))
        actor = actor_name()
        self.run(lambda _p: make_release(store, project, request, actor=actor),
                 self._written, self.status, key="write")

    def _written(self, release: Any) -> None:
        self.status.setText(_("Release {id} written to {path}: {rows} rows, {n} figures "
                              "withheld.").format(id=release.id, path=release.path,
                                                  rows=number(release.rows),
                                                  n=number(release.withheld)))
        self.refresh()

    def import_figures(self) -> None:
        dialog = ImportDialog(self.ctx, self)
        dialog.accepted.connect(self.changed.emit)
        dialog.accepted.connect(self.refresh)
        dialog.finished.connect(dialog.deleteLater)
        self.import_dialog = dialog
        dialog.open()
