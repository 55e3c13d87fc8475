"""Forms: the project's forms with their versions, languages and status. *Add or
update form…* checks a file as `form check` does, shows its errors and warnings at
their sheet, row and column, and what it changes from the version the laptops have
(warning when answers already collected would be left unreadable); *Try it* opens the
form in the interview screen on a scratch store, saving nothing here; *Retire* stops
new interviews on the laptops after the next pack, keeping all the data."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.forms.language_names import language_code
from fieldkit.gui.coordinator.base import (
    CoordinatorTab,
    actor_name,
    make_table,
    number,
    selected_item,
)
from fieldkit.i18n import N_, _, isolate

if TYPE_CHECKING:
    from fieldkit.context import AppContext
    from fieldkit.store import Store
    from fieldkit.sync.form_admin import FormChange, FormUpdate, ProjectForm

COLUMNS = (N_("Form"), N_("Form id"), N_("Version"), N_("Languages"), N_("Status"),
           N_("Interviews"))
PROBLEM_COLUMNS = (N_("Kind"), N_("Sheet"), N_("Row"), N_("Column"), N_("Problem"))
_WARN = QColor("#a40000")


def _table(name: str, columns: tuple[str, ...]) -> QTableWidget:
    table = make_table(name, len(columns))
    table.setHorizontalHeaderLabels([_(c) for c in columns])
    return table


def change_text(change: FormChange) -> str:
    """One change in words, with the answers it leaves unreadable."""
    texts = {
        "added": _("New question {path} ({detail})"),
        "removed": _("Question {path} removed"),
        "type": _("Question {path} changes type: {detail}"),
        "choices added": _("New choices for {path}: {detail}"),
        "choices removed": _("Choices removed from {path}: {detail}"),
    }
    text = texts.get(change.kind, "{path}: {detail}").format(path=change.path,
                                                            detail=change.detail)
    if change.answers_affected:
        text += " — " + _("{count} answers already collected would no longer be "
                          "readable by the form").format(count=number(change.answers_affected))
    return text


class FormUpdateDialog(QDialog):
    """What adding a form file would do; *Add to project* only when it can be added."""

    def __init__(self, plan: FormUpdate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("formUpdate")
        self.setWindowTitle(_("Add or update form"))
        self.resize(760, 480)
        self.plan = plan
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("formSummary")
        self.summary.setWordWrap(True)
        if plan.form_id is None:
            summary = _("{file} is not a form fieldkit can use.").format(
                file=isolate(plan.path.name))
        elif not plan.previous_version and not plan.refused:
            summary = _("{title} ({form}, version {version}) is new to the project.").format(
                title=plan.title or plan.form_id, form=plan.form_id,
                version=plan.version or "—")
        else:
            summary = _("{title} ({form}): version {version}; the project has version "
                        "{previous}.").format(title=plan.title or plan.form_id,
                                              form=plan.form_id, version=plan.version or "—",
                                              previous=plan.previous_version or "—")
        self.summary.setText(summary)
        self.refused = QLabel(plan.refused)
        self.refused.setObjectName("formRefused")
        self.refused.setWordWrap(True)
        self.refused.setVisible(bool(plan.refused))
        bold = QFont(self.refused.font())
        bold.setBold(True)
        self.refused.setFont(bold)
        self.problems = _table("formProblems", PROBLEM_COLUMNS)
        self.problems.setRowCount(len(plan.problems))
        for row, problem in enumerate(plan.problems):
            kind = _("Error") if problem.severity == "error" else _("Warning")
            for column, text in enumerate((kind, problem.sheet, problem.row, problem.column,
                                           problem.text)):
                item = QTableWidgetItem(text)
                if problem.severity == "error":
                    item.setForeground(_WARN)
                self.problems.setItem(row, column, item)
        self.problems.resizeRowsToContents()
        self.problems.setVisible(bool(plan.problems))
        self.changes_heading = QLabel(_("What changes for the laptops:"))
        self.changes = QLabel("\n".join(change_text(c) for c in plan.changes))
        self.changes.setObjectName("formChanges")
        self.changes.setWordWrap(True)
        self.changes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for widget in (self.changes_heading, self.changes):
            widget.setVisible(bool(plan.changes))
        self.warning = QLabel(_("Some answers already collected would be left without a "
                                "question to read them by. They stay in the store and in "
                                "exports of the earlier version; add the form only if that "
                                "is what you want."))
        self.warning.setObjectName("answersWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #a40000;")
        self.warning.setVisible(plan.breaks_answers)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = self.buttons.addButton(_("&Add to project"),
                                                 QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setEnabled(not plan.refused)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        shown: tuple[QWidget, ...] = (self.summary, self.refused, self.problems,
                                      self.changes_heading, self.changes, self.warning)
        for part in shown:
            layout.addWidget(part)
        layout.addStretch(1)
        layout.addWidget(self.buttons)


class TryFormDialog(QDialog):
    """The form in the interview screen, on a scratch store in a temporary folder:
    nothing is saved in the project; closing the window throws it all away."""

    def __init__(self, store: Store, form_id: str, ui_language: str,
                 parent: QWidget | None = None) -> None:
        from fieldkit.gui.interviews.form_screen import FormScreen
        from fieldkit.sync.form_admin import scratch_interview

        super().__init__(parent)
        self.setObjectName("tryForm")
        self.resize(900, 640)
        self.folder = tempfile.TemporaryDirectory(prefix="fieldkit-try-")
        scratch = Path(self.folder.name)
        try:
            self.store, handle, title = scratch_interview(store, form_id, scratch,
                                                          ui_language, _("Trying the form"))
        except BaseException:
            self.folder.cleanup()
            raise
        self.setWindowTitle(_("Trying {title} — nothing is saved").format(title=title))
        layout = QVBoxLayout(self)
        note = QLabel(_("This is a try-out: answers typed here are thrown away when the "
                        "window closes."))
        note.setWordWrap(True)
        self.form_screen = FormScreen(self.store, attachments_dir=scratch / "attachments")
        self.form_screen.back_requested.connect(self.reject)
        layout.addWidget(note)
        layout.addWidget(self.form_screen, 1)
        self.form_screen.show_interview(handle)
        self.finished.connect(self._discard)

    def _discard(self) -> None:
        self.store.close()
        self.folder.cleanup()


class FormsTab(CoordinatorTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("coordinatorForms")
        self.forms: list[ProjectForm] = []
        self.dialog: QDialog | None = None
        self.file_dialog: QFileDialog | None = None
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.table = _table("projectForms", COLUMNS)
        self.table.itemSelectionChanged.connect(self._enable)
        self.add_button = QPushButton()
        self.add_button.setObjectName("addForm")
        self.add_button.clicked.connect(self.choose_file)
        self.try_button = QPushButton()
        self.try_button.setObjectName("tryForm")
        self.try_button.clicked.connect(self.try_selected)
        self.retire_button = QPushButton()
        self.retire_button.setObjectName("retireForm")
        self.retire_button.clicked.connect(self.toggle_retired)
        self.record_button = QPushButton()
        self.record_button.setObjectName("recordPrompts")
        self.record_button.clicked.connect(self.record_prompts)
        self.categories_button = QPushButton()
        self.categories_button.setObjectName("localCategories")
        self.categories_button.clicked.connect(self.open_categories)
        self.status = QLabel()
        self.status.setObjectName("formsStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        for button in (self.add_button, self.try_button, self.retire_button,
                       self.record_button, self.categories_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.status)
        self.retranslate()
        self._enable()

    def title(self) -> str:
        return _("Forms")

    def retranslate(self) -> None:
        self.intro.setText(_("The forms the laptops use. A new version of a form goes to "
                             "the laptops with the next pack; interviews already begun "
                             "keep the version they began with."))
        self.add_button.setText(_("&Add or update form…"))
        self.try_button.setText(_("&Try it"))
        self.categories_button.setText(_("&Local categories…"))
        self.record_button.setText(_("Record &prompts…"))
        self.record_button.setToolTip(_("Record a speaker reading the form's questions and "
                                        "choices aloud in each of its languages"))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self._fill()

    def refresh(self) -> None:
        store = self.ctx.store

        def work(_progress: object) -> list[ProjectForm]:
            from fieldkit.sync.form_admin import list_forms

            return list_forms(store)

        self.run(work, self._loaded, self.status)

    def _loaded(self, forms: list[ProjectForm]) -> None:
        self.forms = forms
        self._fill()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.forms))
        for row, form in enumerate(self.forms):
            codes = [language_code(name) or name for name in form.languages]
            cells = (form.title, form.form_id, form.version or "—",
                     ", ".join(codes) or _("one language"),
                     _("retired") if form.retired else _("active"), number(form.interviews))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if form.retired:
                    font = QFont(item.font())
                    font.setItalic(True)
                    item.setFont(font)
                if column == 3:
                    item.setToolTip(", ".join(form.languages))
                self.table.setItem(row, column, item)
        self._enable()

    def selected(self) -> ProjectForm | None:
        return selected_item(self.table, self.forms)

    def _enable(self) -> None:
        form = self.selected()
        idle = not self.busy("write")
        self.add_button.setEnabled(idle)
        self.try_button.setEnabled(form is not None)
        self.record_button.setEnabled(form is not None)
        self.retire_button.setEnabled(form is not None and idle)
        self.retire_button.setText(_("&Restore") if form is not None and form.retired
                                   else _("&Retire"))

    # -- adding -----------------------------------------------------------------------

    def choose_file(self) -> None:
        dialog = QFileDialog(self, _("Add or update form"), str(Path.home()))
        dialog.setObjectName("formFileDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([_("Forms (*.xlsx *.xls *.csv *.md *.xml)"), _("All files (*)")])
        dialog.fileSelected.connect(lambda f: self.check_file(Path(f)))
        dialog.finished.connect(dialog.deleteLater)
        self.file_dialog = dialog
        dialog.open()

    def check_file(self, path: Path) -> None:
        """Check ``path`` off the UI thread, then show what adding it would do."""
        store = self.ctx.store

        def work(_progress: object) -> FormUpdate:
            from fieldkit.sync.form_admin import plan_form_update

            return plan_form_update(store, path)

        self.status.setText(_("Checking {file}…").format(file=isolate(path.name)))
        self.add_button.setEnabled(False)
        self.run(work, self._show_plan, self.status, key="write", after_failure=self._enable)

    def _show_plan(self, plan: FormUpdate) -> None:
        self.status.setText("")
        self._enable()
        dialog = FormUpdateDialog(plan, self)
        dialog.accepted.connect(lambda: self.add_file(plan.path))
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def add_file(self, path: Path) -> None:
        store, actor = self.ctx.store, actor_name()

        def work(_progress: object) -> list[ProjectForm]:
            from fieldkit.sync.form_admin import add_or_update_form, list_forms

            add_or_update_form(store, path, actor)
            return list_forms(store)

        def done(forms: list[ProjectForm]) -> None:
            self._loaded(forms)
            self.status.setText(_("Added {file}. Write a new pack so the laptops get it.")
                                .format(file=isolate(path.name)))
            self.changed.emit()

        self.run(work, done, self.status, key="write", after_failure=self._enable)
        self._enable()

    # -- trying and retiring ----------------------------------------------------------

    def try_selected(self) -> None:
        from fieldkit.errors import FieldkitError

        form = self.selected()
        if form is None:
            return
        try:
            dialog = TryFormDialog(self.ctx.store, form.form_id, self.ctx.ui_language, self)
        except FieldkitError as exc:
            self.status.setText(str(exc))
            return
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def record_prompts(self) -> None:
        from fieldkit.errors import FieldkitError
        from fieldkit.gui.coordinator.record_prompts import RecordPromptsDialog

        form = self.selected()
        if form is None:
            return
        try:
            dialog = RecordPromptsDialog(self.ctx.store, self.ctx.paths.data_dir,
                                         form.form_id, title=form.title,
                                         ui_language=self.ctx.ui_language,
                                         actor=actor_name(), parent=self)
        except FieldkitError as exc:
            self.status.setText(str(exc))
            return
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def open_categories(self) -> None:
        from fieldkit.gui.coordinator.categories_dialog import CategoriesDialog

        dialog = CategoriesDialog(self.ctx.store, self.ctx.ui_language, actor_name(), self)
        dialog.added.connect(self.refresh)
        dialog.added.connect(self.changed.emit)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def toggle_retired(self) -> None:
        form = self.selected()
        if form is None:
            return
        store, actor = self.ctx.store, actor_name()
        retire = not form.retired

        def work(_progress: object) -> list[ProjectForm]:
            from fieldkit.sync.form_admin import list_forms, set_retired

            set_retired(store, form.form_id, retire, actor)
            return list_forms(store)

        def done(forms: list[ProjectForm]) -> None:
            self._loaded(forms)
            self.status.setText(
                _("{form} is retired: after the next pack, laptops start no new "
                  "interviews with it. Everything collected stays.").format(form=form.title)
                if retire else _("{form} is in use again.").format(form=form.title))
            self.changed.emit()

        self.run(work, done, self.status, key="write", after_failure=self._enable)
        self._enable()
