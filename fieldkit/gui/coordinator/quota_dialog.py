"""The Quotas tab's dialog: a new quota's form, question, answer, target and, if
any, the interviewer it is assigned to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QSpinBox,
    QWidget,
)

from fieldkit.i18n import _, language_name

if TYPE_CHECKING:
    from fieldkit.sync.quotas import QuotaForm
    from fieldkit.sync.roster import RosterMember


class QuotaDialog(QDialog):
    """Pick a form, a question, an answer, a target and (optionally) an interviewer."""

    def __init__(self, forms: list[QuotaForm], people: list[RosterMember],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("addQuota")
        self.setWindowTitle(_("Add quota"))
        self.forms = [f for f in forms if f.fields]
        layout = QFormLayout(self)
        self.form = QComboBox()
        self.form.setObjectName("quotaForm")
        for form in self.forms:
            self.form.addItem(form.title, form.form_id)
        self.field = QComboBox()
        self.field.setObjectName("quotaField")
        self.value = QComboBox()
        self.value.setObjectName("quotaValue")
        self.target = QSpinBox()
        self.target.setObjectName("quotaTarget")
        self.target.setRange(1, 100_000)
        self.target.setValue(50)
        self.who = QComboBox()
        self.who.setObjectName("quotaInterviewer")
        self.who.addItem(_("everyone"), "")
        for person in people:
            if person.active:  # the languages they speak help choose who
                speaks = ", ".join(language_name(code) for code in person.languages)
                self.who.addItem(_("{name} (speaks {languages})").format(
                    name=person.name, languages=speaks) if speaks else person.name,
                    person.name)
        self.form.currentIndexChanged.connect(self._fill_fields)
        self.field.currentIndexChanged.connect(self._fill_values)
        layout.addRow(_("&Form:"), self.form)
        layout.addRow(_("&Question:"), self.field)
        layout.addRow(_("&Answer:"), self.value)
        layout.addRow(_("&Target (finalised interviews):"), self.target)
        layout.addRow(_("&Assigned to:"), self.who)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addRow(self.buttons)
        self._fill_fields()

    def _current_form(self) -> QuotaForm | None:
        index = self.form.currentIndex()
        return self.forms[index] if 0 <= index < len(self.forms) else None

    def _fill_fields(self) -> None:
        self.field.clear()
        form = self._current_form()
        for item in form.fields if form else ():
            self.field.addItem(item.label, item.path)
        self._fill_values()

    def _fill_values(self) -> None:
        self.value.clear()
        form = self._current_form()
        index = self.field.currentIndex()
        if form is None or not 0 <= index < len(form.fields):
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            return
        for name, label in form.fields[index].choices:
            self.value.addItem(label if label == name else f"{label} ({name})", name)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            self.value.count() > 0)

    def chosen(self) -> tuple[str, str, str, int, str | None]:
        """(form id, path, value, target, interviewer name or None)."""
        who = str(self.who.currentData() or "")
        return (str(self.form.currentData()), str(self.field.currentData()),
                str(self.value.currentData()), self.target.value(), who or None)
