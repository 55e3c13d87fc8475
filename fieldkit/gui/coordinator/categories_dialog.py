"""Local categories: add the area's communities to a form's list (ethnicity,
nationality, language, ...) with a label in each of the form's languages; each
addition becomes a new version of the form (see fieldkit.sync.local_categories)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldkit.forms.language_names import language_code
from fieldkit.gui.failures import failure_line, report_unexpected
from fieldkit.gui.tasks import run_in_background
from fieldkit.i18n import _, is_rtl, isolate

if TYPE_CHECKING:
    from fieldkit.store import Store
    from fieldkit.sync.local_categories import CategoryList


class CategoriesDialog(QDialog):
    #: A category was added (the form has a new version).
    added = Signal()

    def __init__(self, store: Store, ui_language: str, actor: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("localCategories")
        self.setWindowTitle(_("Local categories"))
        self.resize(640, 620)
        self.store, self.ui_language, self.actor = store, ui_language, actor
        self.lists: list[CategoryList] = []
        self.label_edits: dict[str, QLineEdit] = {}
        self.working = False
        self.loading = False
        layout = QVBoxLayout(self)
        intro = QLabel(_("Add the communities of your area to a list, with a label in each "
                         "language of the form. Each addition is a new version of the form "
                         "that reaches the laptops with the next pack; choices are only "
                         "ever added, so exports and census mappings stay consistent."))
        intro.setWordWrap(True)
        self.list_combo = QComboBox()
        self.list_combo.setObjectName("categoryList")
        self.list_combo.currentIndexChanged.connect(self._show_list)
        self.questions = QLabel()
        self.questions.setWordWrap(True)
        self.choices = QListWidget()
        self.choices.setObjectName("existingChoices")
        box = QGroupBox(_("New category"))
        self.form = QFormLayout(box)
        self.name = QLineEdit()
        self.name.setObjectName("categoryName")
        self.name.setPlaceholderText(_("short name, e.g. eritrean"))
        self.name.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.form.addRow(_("&Name:"), self.name)
        self.add_button = QPushButton(_("&Add category"))
        self.add_button.setObjectName("addCategory")
        self.add_button.clicked.connect(self.add)
        self.status = QLabel()
        self.status.setObjectName("categoryStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(intro)
        layout.addWidget(self.list_combo)
        layout.addWidget(self.questions)
        layout.addWidget(self.choices, 1)
        layout.addWidget(box)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeading)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.load()

    def load(self, keep: tuple[str, str] | None = None) -> None:
        """Read the lists off the UI thread (each form is parsed), then show them."""
        from fieldkit.sync.local_categories import category_lists

        store, language = self.store, self.ui_language
        self.loading = True
        self.add_button.setEnabled(False)

        def failed(exc: BaseException) -> None:
            self.loading = False
            line = failure_line(exc)
            if line is None:
                report_unexpected(exc)
            else:
                self.status.setText(line)

        run_in_background(lambda _progress: category_lists(store, language),
                          on_done=lambda lists: self._loaded(lists, keep), on_failed=failed)

    def _loaded(self, lists: list[CategoryList], keep: tuple[str, str] | None) -> None:
        self.loading = False
        self.lists = lists
        self.list_combo.blockSignals(True)
        self.list_combo.clear()
        for entry in self.lists:
            self.list_combo.addItem(f"{entry.form_title} — {entry.list_name}")
        self.list_combo.blockSignals(False)
        index = next((i for i, e in enumerate(self.lists)
                      if keep == (e.form_id, e.list_name)), 0)
        self.list_combo.setCurrentIndex(index)
        self._show_list()

    def current(self) -> CategoryList | None:
        index = self.list_combo.currentIndex()
        return self.lists[index] if 0 <= index < len(self.lists) else None

    def _show_list(self) -> None:
        entry = self.current()
        self.choices.clear()
        for language in list(self.label_edits):
            self.form.removeRow(self.label_edits.pop(language))
        self.add_button.setEnabled(entry is not None and not self.working)
        if entry is None:
            self.questions.setText(_("The project has no form whose lists can be "
                                     "extended here (XLSForms in Excel or Markdown)."))
            return
        self.questions.setText(_("Used by: {questions}").format(
            questions="; ".join(entry.questions)))
        for name, label in entry.choices:
            self.choices.addItem(f"{label} ({name})" if label != name else name)
        for language in entry.languages or ("",):
            edit = QLineEdit()
            edit.setObjectName(f"label_{language_code(language) or 'default'}")
            code = language_code(language)
            if code and is_rtl(code):
                edit.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
            self.label_edits[language] = edit
            self.form.addRow(language or _("Label"), edit)

    def add(self) -> None:
        from fieldkit.sync.local_categories import add_category

        entry = self.current()
        if entry is None or self.working:
            return
        name = self.name.text().strip()
        labels = {language: edit.text() for language, edit in self.label_edits.items()}
        store, actor = self.store, self.actor
        self.working = True
        self.add_button.setEnabled(False)
        self.status.setText(_("Adding {name}…").format(name=isolate(name)))

        def done(version: str) -> None:
            self.working = False
            self.name.clear()
            self.load((entry.form_id, entry.list_name))
            self.status.setText(_("Added {name}: {form} is now version {version}. Write a "
                                  "new pack so the laptops get it.").format(
                                      name=isolate(name), form=entry.form_title,
                                      version=version))
            self.added.emit()

        def failed(exc: BaseException) -> None:
            self.working = False
            self.add_button.setEnabled(True)
            line = failure_line(exc)
            if line is None:
                report_unexpected(exc)
                return
            self.status.setText(line)

        run_in_background(lambda _progress: add_category(store, entry.form_id,
                                                         entry.list_name, name,
                                                         labels=labels, actor=actor),
                          on_done=done, on_failed=failed)
