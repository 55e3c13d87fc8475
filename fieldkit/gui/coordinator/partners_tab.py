"""Partners (F9): data-sharing agreements (add, end), releases with a preview of
what the disclosure rule withholds, and partners' figures taken in through a dialog
that maps the file's columns (remembered per source) and previews what is stored.
All work goes through fieldkit.partners (Qt-free); this is only its view."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.gui.coordinator.base import CoordinatorTab, actor_name, number
from fieldkit.gui.failures import failure_line, report_unexpected
from fieldkit.gui.tasks import run_in_background
from fieldkit.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from fieldkit.context import AppContext
    from fieldkit.partners.agreements import Agreement, AgreementDraft
    from fieldkit.partners.imports import Parsed
    from fieldkit.partners.releases import ReleasePreview

AGREEMENT_COLUMNS = (N_("Id"), N_("Partner"), N_("Status"), N_("Level"), N_("Form"),
                     N_("Fields"), N_("Ends"))
SOURCE_COLUMNS = (N_("Source"), N_("Figures"), N_("Periods"), N_("Areas"))
FIGURE_COLUMNS = (N_("Period"), N_("Area"), N_("Category"), N_("Count"))
STATUS_NAMES = {"active": N_("active"), "ended": N_("ended"), "not started": N_("not started")}
LEVEL_NAMES = {"aggregate": N_("aggregate tables"), "records": N_("pseudonymised records")}
WHY = {"primary": N_("below the smallest count"), "secondary": N_("would give another away")}
Loaded = tuple[list["Agreement"], list[dict[str, object]]]


def _table(name: str, columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _project_id(ctx: AppContext) -> str:
    from fieldkit.projects import current_project

    return current_project(ctx.store).id


class AgreementDialog(QDialog):
    """The terms of a new agreement; checked by the service when accepted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addAgreement")
        self.setWindowTitle(_("Add agreement"))
        layout = QFormLayout(self)
        self.partner, self.contact, self.purpose = QLineEdit(), QLineEdit(), QLineEdit()
        self.basis, self.condition, self.form = QLineEdit(), QLineEdit(), QLineEdit()
        self.fields, self.signed_by = QLineEdit(), QLineEdit()
        self.fields.setPlaceholderText(_("e.g. ethnicity, tenure"))
        self.level = QComboBox()
        for code, name in LEVEL_NAMES.items():
            self.level.addItem(_(name), code)
        self.min_count = QSpinBox()
        self.min_count.setRange(3, 1000)
        self.min_count.setValue(10)
        self.rounding = QCheckBox(_("Round every figure to base 5 instead"))
        self.ends = QDateEdit(QDate.currentDate().addYears(1))
        self.ends.setCalendarPopup(True)
        rows = ((_("Partner organisation"), self.partner), (_("Contact"), self.contact),
                (_("Purpose"), self.purpose), (_("Lawful basis (Article 6)"), self.basis),
                (_("Article 9 condition"), self.condition), (_("Form"), self.form),
                (_("Fields that may be shared"), self.fields), (_("Level"), self.level),
                (_("Smallest count published"), self.min_count), ("", self.rounding),
                (_("Ends"), self.ends), (_("Signed off by"), self.signed_by))
        for label, widget in rows:
            layout.addRow(label, widget)
        self.error = QLabel()
        self.error.setObjectName("agreementError")
        self.error.setWordWrap(True)
        layout.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)

    def draft(self) -> AgreementDraft:
        from fieldkit.partners.agreements import AgreementDraft

        ends = self.ends.date()
        return AgreementDraft(
            partner=self.partner.text(), contact=self.contact.text(),
            purpose=self.purpose.text(), basis=self.basis.text(),
            condition=self.condition.text(), form_id=self.form.text().strip(),
            fields=tuple(f.strip() for f in self.fields.text().split(",") if f.strip()),
            level=str(self.level.currentData()), min_count=self.min_count.value(),
            round_to=5 if self.rounding.isChecked() else None,
            ends=date(ends.year(), ends.month(), ends.day()),
            signed_by=self.signed_by.text())


class ImportDialog(QDialog):
    """A partner's file: which columns hold what (remembered per source), a preview
    of what will be stored, and the bad rows by line number."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("importFigures")
        self.setWindowTitle(_("Import partners' figures"))
        self.parsed: Parsed | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.path = QLineEdit()
        self.path.setObjectName("figuresFile")
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow(_("File"), row)
        self.source = QLineEdit()
        self.source.setObjectName("figuresSource")
        self.source.setPlaceholderText(_("e.g. GP registrations"))
        self.source.editingFinished.connect(self._remembered)
        form.addRow(_("Source"), self.source)
        self.layout_choice = QComboBox()
        for code, name in (("", N_("recognise it")), ("long", N_("long table")),
                           ("wide", N_("wide table")), ("statxplore", N_("Stat-Xplore"))):
            self.layout_choice.addItem(_(name), code)
        form.addRow(_("Layout"), self.layout_choice)
        self.columns: dict[str, QLineEdit] = {}
        for role, label in (("period", N_("Period column")), ("area", N_("Area column")),
                            ("category", N_("Category column")),
                            ("count", N_("Count column")),
                            ("area_value", N_("Area of the whole file"))):
            edit = QLineEdit()
            edit.setObjectName(f"column_{role}")
            self.columns[role] = edit
            form.addRow(_(label), edit)
        layout.addLayout(form)
        self.preview_button = QPushButton(_("Preview"))
        self.preview_button.setObjectName("previewFigures")
        self.preview_button.clicked.connect(self.preview)
        layout.addWidget(self.preview_button)
        self.problems = QLabel()
        self.problems.setObjectName("figureProblems")
        self.problems.setWordWrap(True)
        layout.addWidget(self.problems)
        self.table = _table("figurePreview", len(FIGURE_COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in FIGURE_COLUMNS])
        layout.addWidget(self.table, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(_("Import"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("importFiguresButton")
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self._import)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(640, 560)

    def _browse(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Partners' figures"), "", _("Tables and releases (*.csv *.zip)"))
        if name:
            self.path.setText(name)

    def mapping(self) -> dict[str, Any] | None:
        given = {role: edit.text().strip() for role, edit in self.columns.items()
                 if edit.text().strip()}
        if self.layout_choice.currentData():
            given["layout"] = str(self.layout_choice.currentData())
        return given or None

    def _remembered(self) -> None:
        from fieldkit.partners.imports import remembered_mapping

        found = remembered_mapping(self.ctx.store, _project_id(self.ctx),
                                   self.source.text().strip())
        if not found:
            return
        for role, edit in self.columns.items():
            edit.setText(str(found.get(role, "")))
        index = self.layout_choice.findData(str(found.get("layout", "")))
        self.layout_choice.setCurrentIndex(max(index, 0))

    def preview(self) -> None:
        from fieldkit.partners.imports import preview_file

        store, project = self.ctx.store, _project_id(self.ctx)
        path, source, mapping = Path(self.path.text()), self.source.text(), self.mapping()
        self.import_button.setEnabled(False)
        self.problems.setText(_("Reading…"))
        run_in_background(lambda _p: preview_file(store, project, path, source, mapping),
                          on_done=self._previewed, on_failed=self._failed)

    def _failed(self, exc: BaseException) -> None:
        line = failure_line(exc)
        if line is None:
            report_unexpected(exc)
            return
        self.problems.setText(line)

    def _previewed(self, parsed: Parsed) -> None:
        self.parsed = parsed
        figures = sorted(parsed.figures.items(), key=lambda kv: (kv[0][2], kv[0][0],
                                                                 kv[0][1]))
        self.table.setRowCount(len(figures))
        for row, ((area, category, period), count) in enumerate(figures):
            for column, text in enumerate((period, area, category, number(count))):
                self.table.setItem(row, column, QTableWidgetItem(text))
        if parsed.problems:
            self.problems.setText(_("Nothing can be stored until these rows are put right:")
                                  + "\n" + "\n".join(parsed.problems[:20]))
        else:
            self.problems.setText(_("{n} figures will be stored ({layout}).").format(
                n=number(len(parsed.figures)), layout=parsed.layout))
        self.import_button.setEnabled(not parsed.problems and bool(parsed.figures))

    def _import(self) -> None:
        from fieldkit.errors import FieldkitError
        from fieldkit.partners.imports import import_figures

        try:
            import_figures(self.ctx.store, _project_id(self.ctx), Path(self.path.text()),
                           self.source.text(), mapping=self.mapping(), actor=actor_name())
        except FieldkitError as exc:
            self.problems.setText(str(exc))
            return
        self.accept()


class PartnersTab(CoordinatorTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("coordinatorPartners")
        self.agreements: list[Agreement] = []
        self.sources: list[dict[str, object]] = []
        self.last_preview: ReleasePreview | None = None
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
        self.agreement_table = _table("agreementTable", len(AGREEMENT_COLUMNS))
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
        self.preview_table = _table("releasePreview", 0)
        layout.addWidget(self.preview_table, 3)

        self.sources_heading = QLabel()
        self.sources_heading.setFont(bold)
        layout.addWidget(self.sources_heading)
        self.source_table = _table("sourceTable", len(SOURCE_COLUMNS))
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
        from fieldkit.errors import FieldkitError
        from fieldkit.partners.agreements import add_agreement

        dialog = AgreementDialog(self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                add_agreement(self.ctx.store, _project_id(self.ctx), dialog.draft(),
                              actor=actor_name())
            except FieldkitError as exc:
                dialog.error.setText(failure_line(exc) or str(exc))
                continue
            self.changed.emit()
            self.refresh()
            return

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
        end_agreement(self.ctx.store, _project_id(self.ctx), agreement.id,
                      actor=actor_name())
        self.refresh()

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
        store, project = self.ctx.store, _project_id(self.ctx)
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
        store, project, request = self.ctx.store, _project_id(self.ctx), self._request(
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
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.changed.emit()
            self.refresh()
