"""File → New coordinator project…: a short wizard (name and organisation; where the
project's data lives, or a shared PostgreSQL database, tested before it is accepted;
how long laptops keep answers; which forms), then the project opens in its own window.

The checks are the core's (:mod:`fieldkit.sync.new_project`); each page runs its own
when the coordinator presses *Next*, so a mistake is named on the page that made it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from fieldkit.errors import FieldkitError
from fieldkit.i18n import _, isolate

if TYPE_CHECKING:
    from fieldkit.sync.new_project import NewProject


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("pageError")
    label.setWordWrap(True)
    label.setStyleSheet("color: #a40000;")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class _Page(QWizardPage):
    """A page whose *Next* runs a check and shows its one-line failure."""

    def __init__(self) -> None:
        super().__init__()
        self.error = _error_label()

    def check(self) -> None:
        """Raise a FieldkitError if the page's answers cannot be used."""

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        try:
            self.check()
        except FieldkitError as exc:
            self.error.setText(str(exc))
            return False
        self.error.setText("")
        return True


class NamePage(_Page):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("The project"))
        self.setSubTitle(_("Its name is shown to interviewers when they join, and on "
                           "code slips and reports."))
        layout = QFormLayout(self)
        self.name = QLineEdit()
        self.name.setObjectName("projectName")
        self.organisation = QLineEdit()
        self.organisation.setObjectName("organisation")
        layout.addRow(_("Project &name:"), self.name)
        layout.addRow(_("&Organisation:"), self.organisation)
        layout.addRow(self.error)
        self.registerField("name*", self.name)

    def check(self) -> None:
        from fieldkit.errors import UsageError

        if not self.name.text().strip():
            raise UsageError(_("Give the project a name."))


class StorePage(_Page):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Where the project's data lives"))
        self.setSubTitle(_("A folder of its own on this computer. Several coordinators "
                           "sharing one store can use a PostgreSQL database instead."))
        layout = QVBoxLayout(self)
        folder_row = QHBoxLayout()
        self.folder = QLineEdit()
        self.folder.setObjectName("dataFolder")
        self.browse = QPushButton(_("&Browse…"))
        self.browse.clicked.connect(self._browse)
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)
        self.local = QRadioButton(_("Keep the store in that folder (one coordinator)"))
        self.local.setObjectName("localStore")
        self.shared = QRadioButton(_("A shared PostgreSQL database:"))
        self.shared.setObjectName("sharedStore")
        self.local.setChecked(True)
        self.url = QLineEdit()
        self.url.setObjectName("databaseUrl")
        self.url.setPlaceholderText("postgresql://user@server/fieldkit")
        self.url.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.url.setEnabled(False)
        self.shared.toggled.connect(self.url.setEnabled)
        self.url_note = QLabel(_("The address is tested before the project is made. Keep "
                                 "the password in the PostgreSQL password file (.pgpass), "
                                 "not in the address."))
        self.url_note.setWordWrap(True)
        folder_label = QLabel(_("Data &folder:"))
        folder_label.setBuddy(self.folder)
        layout.addWidget(folder_label)
        layout.addLayout(folder_row)
        layout.addWidget(self.local)
        layout.addWidget(self.shared)
        layout.addWidget(self.url)
        layout.addWidget(self.url_note)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.dialog: QFileDialog | None = None

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        if not self.folder.text():
            from fieldkit.gui.coordinator.project_tab import file_stem
            from fieldkit.sync.new_project import default_projects_folder

            name = str(self.field("name"))
            self.folder.setText(str(default_projects_folder() / file_stem(name)))

    def _browse(self) -> None:
        dialog = QFileDialog(self, _("Data folder"), self.folder.text())
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.fileSelected.connect(self.folder.setText)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def data_dir(self) -> Path:
        return Path(self.folder.text().strip()).expanduser()

    def db_url(self) -> str:
        return self.url.text().strip() if self.shared.isChecked() else ""

    def check(self) -> None:
        from fieldkit.errors import UsageError
        from fieldkit.sync.new_project import check_database, check_folder

        check_folder(self.data_dir())
        if self.shared.isChecked() and not self.db_url():
            raise UsageError(_("Give the database's address, or keep the store in the "
                               "folder."))
        check_database(self.db_url())


class RetentionPage(_Page):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("How long laptops keep answers"))
        self.setSubTitle(_("After you import a laptop's interviews and send it a receipt, "
                           "the laptop removes the personal data after this many days."))
        layout = QFormLayout(self)
        self.days = QSpinBox()
        self.days.setObjectName("retentionDays")
        self.days.setRange(0, 365)
        self.days.setValue(30)
        self.days.setSuffix(_(" days"))
        layout.addRow(_("&Keep for:"), self.days)
        note = QLabel(_("0 removes it as soon as the receipt arrives."))
        note.setWordWrap(True)
        layout.addRow(note)


class FormsPage(_Page):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Forms"))
        self.setSubTitle(_("The default forms are a household survey, a customer profile, "
                           "advice sessions and a pictorial satisfaction survey, in several "
                           "languages. You can add your own XLSForms beside them or instead."))
        layout = QVBoxLayout(self)
        self.defaults = QCheckBox(_("Use the &default forms"))
        self.defaults.setObjectName("defaultForms")
        self.defaults.setChecked(True)
        self.own = QListWidget()
        self.own.setObjectName("ownForms")
        add = QPushButton(_("&Add my own forms…"))
        add.setObjectName("addOwnForms")
        add.clicked.connect(self._choose)
        remove = QPushButton(_("&Remove"))
        remove.clicked.connect(lambda: self.own.takeItem(self.own.currentRow()))
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout.addWidget(self.defaults)
        layout.addWidget(QLabel(_("Your own forms (XLSForm or XForm):")))
        layout.addWidget(self.own, 1)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.dialog: QFileDialog | None = None

    def _choose(self) -> None:
        dialog = QFileDialog(self, _("Your forms"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters([_("Forms (*.xlsx *.xls *.csv *.md *.xml)"),
                               _("All files (*)")])
        dialog.filesSelected.connect(self.add_paths)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def add_paths(self, names: list[str]) -> None:
        have = set(self.paths())
        for name in names:
            if Path(name) not in have:
                self.own.addItem(name)

    def paths(self) -> list[Path]:
        return [Path(self.own.item(i).text()) for i in range(self.own.count())]

    def check(self) -> None:
        from fieldkit.errors import UsageError
        from fieldkit.sync.new_project import check_forms

        if not self.defaults.isChecked() and not self.paths():
            raise UsageError(_("Choose the default forms, your own forms, or both."))
        check_forms(self.paths())


class NewProjectWizard(QWizard):
    """Makes the project when finished (off the UI thread) and emits ``created`` with
    its data folder and database address; the window then opens it."""

    created = Signal(Path, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newProjectWizard")
        self.setWindowTitle(_("New coordinator project"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.name_page = NamePage()
        self.store_page = StorePage()
        self.retention_page = RetentionPage()
        self.forms_page = FormsPage()
        for page in (self.name_page, self.store_page, self.retention_page, self.forms_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Create project"))
        self.working = False
        self.resize(620, 460)

    def plan(self) -> NewProject:
        from fieldkit.sync.new_project import NewProject

        return NewProject(
            name=self.name_page.name.text().strip(),
            organisation=self.name_page.organisation.text().strip(),
            data_dir=self.store_page.data_dir(), db_url=self.store_page.db_url(),
            retention_days=self.retention_page.days.value(),
            default_forms=self.forms_page.defaults.isChecked(),
            own_forms=tuple(self.forms_page.paths()))

    def accept(self) -> None:
        """Create the project; the wizard stays open (buttons off) until it is made,
        and shows the one-line reason if it cannot be."""
        from fieldkit.gui.tasks import run_in_background
        from fieldkit.sync.new_project import create_project

        if self.working or not self.validateCurrentPage():
            return
        plan = self.plan()
        self.working = True
        self.forms_page.error.setText(_("Creating {name}…").format(name=isolate(plan.name)))
        for which in (QWizard.WizardButton.FinishButton, QWizard.WizardButton.BackButton,
                      QWizard.WizardButton.CancelButton):
            self.button(which).setEnabled(False)

        def done(_project_id: str) -> None:
            self.working = False
            self.created.emit(plan.data_dir, plan.db_url)
            # Not QWizard.done: it would check the pages again, and the folder that
            # was empty a moment ago now holds the project.
            QDialog.done(self, QDialog.DialogCode.Accepted)

        def failed(exc: BaseException) -> None:
            from fieldkit.gui.failures import failure_line, report_unexpected

            self.working = False
            for which in (QWizard.WizardButton.FinishButton, QWizard.WizardButton.BackButton,
                          QWizard.WizardButton.CancelButton):
                self.button(which).setEnabled(True)
            line = failure_line(exc)
            if line is None:
                report_unexpected(exc)
                return
            self.forms_page.error.setText(line)

        run_in_background(lambda _progress: create_project(plan), on_done=done,
                          on_failed=failed)
