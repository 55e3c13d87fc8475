"""Starting an interview: which form, in which language, with which label."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from fieldkit.i18n import _
from fieldkit.interviews import form_languages
from fieldkit.project_forms import StoredForm
from fieldkit.store import Store


class NewInterviewDialog(QDialog):
    def __init__(self, store: Store, forms: Sequence[StoredForm],
                 parent: QWidget | None = None, *, language: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("newInterviewDialog")
        self.setWindowTitle(_("New interview"))
        self.setMinimumWidth(460)
        self._store = store
        self._preferred_language = language
        layout = QVBoxLayout(self)
        intro = QLabel(_("Choose the form, and the language the respondent will hear "
                         "the questions in. You can change the language during the "
                         "interview."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        fields = QFormLayout()
        self.form_combo = QComboBox()
        self.form_combo.setObjectName("formChoice")
        for form in forms:
            self.form_combo.addItem(form.title or form.form_id, form.pk)
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("languageChoice")
        self.label_edit = QLineEdit()
        self.label_edit.setObjectName("labelEdit")
        self.label_edit.setPlaceholderText(_("Optional: e.g. a household reference"))
        fields.addRow(_("&Form:"), self.form_combo)
        fields.addRow(_("Respondent &language:"), self.language_combo)
        fields.addRow(_("L&abel:"), self.label_edit)
        layout.addLayout(fields)
        self.no_forms = QLabel(_("This project has no forms yet, so no interview can "
                                 "be started."))
        self.no_forms.setWordWrap(True)
        self.no_forms.setVisible(not forms)
        layout.addWidget(self.no_forms)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        start = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        start.setText(_("&Start interview"))
        start.setObjectName("startInterview")
        start.setEnabled(bool(forms))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.form_combo.currentIndexChanged.connect(self._load_languages)
        self._load_languages()

    def _load_languages(self) -> None:
        previous = self.language_combo.currentData() or self._preferred_language
        self.language_combo.clear()
        pk = self.form_pk
        if pk is None:
            return
        found = form_languages(self._store, pk)
        for language in found.languages:
            self.language_combo.addItem(language, language)
        if not found.languages:
            self.language_combo.addItem(_("The form's own language"), "")
        for wanted in (previous, found.default):
            index = self.language_combo.findData(wanted) if wanted else -1
            if index >= 0:
                self.language_combo.setCurrentIndex(index)
                break

    @property
    def form_pk(self) -> int | None:
        value = self.form_combo.currentData()
        return value if isinstance(value, int) else None

    @property
    def language(self) -> str:
        value = self.language_combo.currentData()
        return value if isinstance(value, str) else ""

    @property
    def label(self) -> str:
        return self.label_edit.text().strip()
