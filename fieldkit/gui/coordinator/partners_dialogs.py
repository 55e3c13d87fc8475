"""The Partners tab's dialogs: the terms of a new data-sharing agreement, and a
partner's file taken in (which columns hold what, remembered per source, a preview of
what will be stored and the bad rows by line number). The work is fieldkit.partners',
off the UI thread."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.gui.coordinator.base import actor_name, make_table, number
from fieldkit.gui.failures import failure_line, report_unexpected
from fieldkit.gui.tasks import run_in_background
from fieldkit.i18n import N_, _

if TYPE_CHECKING:
    from fieldkit.context import AppContext
    from fieldkit.partners.agreements import AgreementDraft
    from fieldkit.partners.imports import Parsed

FIGURE_COLUMNS = (N_("Period"), N_("Area"), N_("Category"), N_("Count"))
LEVEL_NAMES = {"aggregate": N_("aggregate tables"), "records": N_("pseudonymised records")}


def project_id(ctx: AppContext) -> str:
    from fieldkit.projects import current_project

    return current_project(ctx.store).id


class AgreementDialog(QDialog):
    """The terms of a new agreement; checked by the service when accepted."""

    #: OK pressed with these terms; the tab adds the agreement off the UI thread and
    #: closes the dialog (``added``) or shows why not (``error``).
    submitted = Signal(object)

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
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        layout.addRow(buttons)

    def _submit(self) -> None:
        self.error.setText(_("Checking…"))
        self.ok_button.setEnabled(False)
        self.submitted.emit(self.draft())

    def refused(self, reason: str) -> None:
        """The terms were refused: say why and let them be corrected."""
        self.error.setText(reason)
        self.ok_button.setEnabled(True)

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
        self.table = make_table("figurePreview", len(FIGURE_COLUMNS))
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

        found = remembered_mapping(self.ctx.store, project_id(self.ctx),
                                   self.source.text().strip())
        if not found:
            return
        for role, edit in self.columns.items():
            edit.setText(str(found.get(role, "")))
        index = self.layout_choice.findData(str(found.get("layout", "")))
        self.layout_choice.setCurrentIndex(max(index, 0))

    def preview(self) -> None:
        from fieldkit.partners.imports import preview_file

        store, project = self.ctx.store, project_id(self.ctx)
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
        """Store the figures off the UI thread; the dialog closes when they are in."""
        from fieldkit.partners.imports import import_figures

        store, project = self.ctx.store, project_id(self.ctx)
        path, source, mapping = Path(self.path.text()), self.source.text(), self.mapping()
        actor = actor_name()
        self.import_button.setEnabled(False)
        self.problems.setText(_("Importing…"))
        run_in_background(lambda _p: import_figures(store, project, path, source,
                                                    mapping=mapping, actor=actor),
                          on_done=lambda _result: self.accept(), on_failed=self._failed)
