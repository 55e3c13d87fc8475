"""*Feedback…*: the paragraphs and figures of the feedback to participants written in
the app (F10). Per form: the items of "What you told us" and "What happens next",
each a paragraph or a figure of the form's interviews (an icon array of 10), with
its wording (and easy-read wording) per language; add one, write one in another
language, remove one. Every store write runs off the UI thread (the Reports tab's
run); a refused change is one line in the dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.gui.reports.statements_dialog import wording_list
from fieldkit.i18n import N_, UI_LANGUAGES, _, current_language, language_name

if TYPE_CHECKING:
    from fieldkit.gui.reports.tab import ReportsView
    from fieldkit.reports.feedback import Item
    from fieldkit.reports.figures import FigureSpec

SECTION_NAMES = {"told": N_("What you told us"), "next": N_("What happens next")}
ICON_NAMES = {"": N_("No picture"), "person": N_("People"), "house": N_("Houses")}
#: A figure of the form's own interviews: FigureSpec's fields the dialog asks for.
FIGURE_FIELDS = {"measure": N_("Field"), "category": N_("Answer"),
                 "by": N_("Grouping field"), "period": N_("Period (none: all)")}


class FeedbackDialog(QDialog):
    def __init__(self, view: ReportsView, parent: QWidget | None = None) -> None:
        super().__init__(parent or view)
        self.view = view
        self.setObjectName("feedbackDialog")
        self.items: list[Item] = []
        self.resize(760, 640)
        layout = QVBoxLayout(self)
        top = QFormLayout()
        self.form = QComboBox()
        self.form.setObjectName("feedbackForm")
        self.form_label = QLabel()
        top.addRow(self.form_label, self.form)
        layout.addLayout(top)
        self.form.currentIndexChanged.connect(lambda _i: self.reload())
        self.list = wording_list("feedbackItems", 4, wording=1)
        self.list.currentItemChanged.connect(lambda *_args: self._selected())
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("removeFeedbackItem")
        self.remove_button.clicked.connect(self.remove)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout.addLayout(row)

        self.wording_box = QGroupBox()
        wording = QFormLayout(self.wording_box)
        self.language = QComboBox()
        self.language.setObjectName("feedbackLanguage")
        for code in UI_LANGUAGES:
            self.language.addItem(language_name(code), code)
        self.language.setCurrentIndex(max(self.language.findData(current_language()), 0))
        self.language.currentIndexChanged.connect(lambda _i: self._selected())
        self.text = QPlainTextEdit()
        self.text.setObjectName("feedbackText")
        self.text.setFixedHeight(64)
        self.easy = QPlainTextEdit()
        self.easy.setObjectName("feedbackEasy")
        self.easy.setFixedHeight(52)
        self.language_label, self.text_label, self.easy_label = QLabel(), QLabel(), QLabel()
        wording.addRow(self.language_label, self.language)
        wording.addRow(self.text_label, self.text)
        wording.addRow(self.easy_label, self.easy)
        self.set_text_button = QPushButton()
        self.set_text_button.setObjectName("setFeedbackText")
        self.set_text_button.clicked.connect(self.set_text)
        wording.addRow("", self.set_text_button)
        layout.addWidget(self.wording_box)

        self.new_box = QGroupBox()
        self.new_form = QFormLayout(self.new_box)
        self.section = QComboBox()
        self.section.setObjectName("feedbackSection")
        for key in SECTION_NAMES:
            self.section.addItem("", key)
        self.kind = QComboBox()
        self.kind.setObjectName("feedbackKind")
        self.kind.addItem("", "paragraph")
        self.kind.addItem("", "figure")
        self.kind.currentIndexChanged.connect(lambda _i: self._show_fields())
        self.community = QLineEdit()
        self.community.setObjectName("feedbackItemCommunity")
        self.icon = QComboBox()
        self.icon.setObjectName("feedbackIcon")
        for key in ICON_NAMES:
            self.icon.addItem("", key)
        self.section_label, self.kind_label = QLabel(), QLabel()
        self.community_label, self.icon_label = QLabel(), QLabel()
        self.new_form.addRow(self.section_label, self.section)
        self.new_form.addRow(self.kind_label, self.kind)
        self.new_form.addRow(self.community_label, self.community)
        self.fields: dict[str, QLineEdit] = {}
        self.field_labels: dict[str, QLabel] = {}
        for name in FIGURE_FIELDS:
            edit, label = QLineEdit(), QLabel()
            edit.setObjectName(f"feedback_{name}")
            self.fields[name], self.field_labels[name] = edit, label
            self.new_form.addRow(label, edit)
        self.new_form.addRow(self.icon_label, self.icon)
        self.add_button = QPushButton()
        self.add_button.setObjectName("addFeedbackItem")
        self.add_button.clicked.connect(self.add)
        self.new_form.addRow("", self.add_button)
        layout.addWidget(self.new_box)

        self.status = QLabel()
        self.status.setObjectName("feedbackItemsStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout.addLayout(bottom)
        self.retranslate()
        self._show_fields()
        self.take_forms()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Feedback to participants: paragraphs and figures"))
        self.form_label.setText(_("Form"))
        self.list.setHeaderLabels([_("Section"), _("Text"), _("Figure"), _("Written in")])
        self.remove_button.setText(_("Remove"))
        self.wording_box.setTitle(_("Wording"))
        self.language_label.setText(_("Language"))
        self.text_label.setText(_("Text"))
        self.easy_label.setText(_("Easy read"))
        self.easy.setPlaceholderText(_("Short sentences, one idea a line (none: the text, "
                                       "one sentence a line)"))
        self.set_text_button.setText(_("Write the chosen item in this language"))
        self.new_box.setTitle(_("New paragraph or figure"))
        self.section_label.setText(_("Section"))
        for index, key in enumerate(SECTION_NAMES):
            self.section.setItemText(index, _(SECTION_NAMES[key]))
        self.kind_label.setText(_("Kind"))
        self.kind.setItemText(0, _("A paragraph"))
        self.kind.setItemText(1, _("A figure of the form's interviews (a picture of 10)"))
        self.community_label.setText(_("Only for the community"))
        self.community.setPlaceholderText(_("a community's code, e.g. roma (none: everyone)"))
        for name, label in self.field_labels.items():
            label.setText(_(FIGURE_FIELDS[name]))
        self.icon_label.setText(_("Picture"))
        for index, key in enumerate(ICON_NAMES):
            self.icon.setItemText(index, _(ICON_NAMES[key]))
        self.add_button.setText(_("Add"))
        self.close_button.setText(_("Close"))

    def take_forms(self) -> None:
        """The forms the Reports tab lists, its chosen one first chosen here."""
        self.form.blockSignals(True)
        self.form.clear()
        for index in range(self.view.form_id.count()):
            self.form.addItem(self.view.form_id.itemText(index), self.view.form_id.itemData(index))
        self.form.setCurrentIndex(max(self.form.findData(self.view.form_id.currentData()), 0))
        self.form.blockSignals(False)
        self.reload()

    # -- showing -------------------------------------------------------------------

    def _show_fields(self) -> None:
        figure = self.kind.currentData() == "figure"
        for name in FIGURE_FIELDS:
            self.new_form.setRowVisible(self.fields[name], figure)

    def _current(self) -> Item | None:
        item = self.list.currentItem()
        if item is None:
            return None
        index = self.list.indexOfTopLevelItem(item)
        return self.items[index] if 0 <= index < len(self.items) else None

    def _enable(self) -> None:
        chosen = self._current() is not None
        self.remove_button.setEnabled(chosen)
        self.set_text_button.setEnabled(chosen)
        self.add_button.setEnabled(bool(self.form.currentData()))

    def _selected(self) -> None:
        item = self._current()
        self._enable()
        if item is not None:
            text, easy = item.texts.get(str(self.language.currentData()), ("", ""))
            self.text.setPlainText(text)
            self.easy.setPlainText(easy)

    def _show(self, items: list[Item], select: int | None = None) -> None:
        self.items = items
        language = current_language()
        self.list.clear()
        for entry in items:
            text = (entry.texts.get(language) or next(iter(entry.texts.values()), ("", "")))[0]
            written = ", ".join(language_name(code) for code in sorted(entry.texts))
            figure = entry.spec.describe() if entry.spec else ""
            if entry.community:
                figure = f"[{entry.community}] {figure}".strip()
            row = QTreeWidgetItem([_(SECTION_NAMES[entry.section]), text, figure, written])
            self.list.addTopLevelItem(row)
            if entry.id == select:
                self.list.setCurrentItem(row)
        self._enable()

    # -- store work (off the UI thread) ----------------------------------------------

    def _run(self, work: Any, select: Any = None, said: str = "") -> None:
        """``work(store, project, form)`` off the UI thread, then the form's items."""
        store, form = self.view.ctx.store, str(self.form.currentData() or "")

        def job(_progress: Any) -> tuple[list[Item], int | None]:
            from fieldkit.projects import current_project
            from fieldkit.reports.feedback import list_items

            project = current_project(store).id
            result = work(store, project, form)
            chosen = select(result) if select is not None else None
            return (list_items(store, project, form) if form else []), chosen

        def done(loaded: tuple[list[Item], int | None]) -> None:
            self._show(*loaded)
            self.status.setText(said)

        self.status.clear()
        self.view.tab.run(job, done, self.status, key="feedback-items")

    def reload(self) -> None:
        self._run(lambda _store, _project, _form: None)

    def spec(self, form: str) -> FigureSpec | None:
        from fieldkit.reports.figures import FigureSpec

        if self.kind.currentData() != "figure":
            return None
        values = {name: edit.text().strip() for name, edit in self.fields.items()}
        return FigureSpec(kind="own", form=form, measure=values["measure"],
                          category=values["category"], by=values["by"],
                          period=values["period"])

    def add(self) -> None:
        from fieldkit.errors import FieldkitError

        form = str(self.form.currentData() or "")
        try:
            spec = self.spec(form)
        except FieldkitError as exc:
            self.status.setText(str(exc))
            return
        text, easy = self.text.toPlainText(), self.easy.toPlainText()
        if not text.strip():
            self.status.setText(_("Write the text first."))
            return
        language, actor = str(self.language.currentData()), self.view.actor()
        section, icon = str(self.section.currentData()), str(self.icon.currentData())
        community = self.community.text().strip()

        def work(store: Any, project: str, form_id: str) -> Item:
            from fieldkit.reports.feedback import add_item

            return add_item(store, project, form_id, section=section, text=text,
                            language=language, easy=easy, community=community, spec=spec,
                            icon=icon, actor=actor)

        self._run(work, lambda item: item.id, _("Added."))

    def set_text(self) -> None:
        item = self._current()
        if item is None:
            return
        text, easy = self.text.toPlainText(), self.easy.toPlainText()
        if not text.strip():
            self.status.setText(_("Write the text first."))
            return
        language, actor = str(self.language.currentData()), self.view.actor()

        def work(store: Any, project: str, _form: str) -> Item:
            from fieldkit.reports.feedback import set_item_text

            return set_item_text(store, project, item.id, text=text, language=language,
                                 easy=easy, actor=actor)

        self._run(work, lambda result: result.id, _("Written in {language}.").format(
            language=language_name(language)))

    def remove(self) -> None:
        item = self._current()
        if item is None:
            return
        actor = self.view.actor()

        def work(store: Any, project: str, _form: str) -> None:
            from fieldkit.reports.feedback import remove_item

            remove_item(store, project, item.id, actor=actor)

        self._run(work, None, _("Removed."))
