"""*Statements…*: the fact sheet's statements written in the app (F10). Lists the
project's facts with their figure and the languages they are written in; adds one
(the figure's kind and where it comes from, the wording with its {figure} slot in a
language), writes a statement in another language, removes one and moves it up or
down the sheet. Every store write runs off the UI thread (the Reports tab's run);
a refused change is one line in the dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.i18n import N_, UI_LANGUAGES, _, current_language, language_name

if TYPE_CHECKING:
    from fieldkit.gui.reports.tab import ReportsView
    from fieldkit.reports.facts import Fact
    from fieldkit.reports.figures import FigureSpec

#: The figure's kinds, and the fields each one asks for (FigureSpec's names).
KIND_FIELDS = {"own": ("form", "measure", "category", "by", "groups", "period"),
               "census": ("table", "areas", "category"),
               "partner": ("source", "category", "area", "period", "of")}
KIND_NAMES = {"own": N_("Own data (the project's interviews)"),
              "census": N_("Census"), "partner": N_("A partner's figures")}
FIELD_NAMES = {"form": N_("Form"), "measure": N_("Field"), "category": N_("Answer"),
               "by": N_("Grouping field"), "groups": N_("Groups (none: all)"),
               "period": N_("Period (none: all)"), "table": N_("Census table"),
               "areas": N_("Areas"), "source": N_("Source"), "area": N_("Area"),
               "of": N_("Of (the total)")}
_LISTS = ("groups", "areas")


def wording_list(name: str, columns: int, wording: int) -> QTreeWidget:
    """The dialogs' list of entries: flat, kept tall enough that a long refusal under
    it cannot squash it, the wording column ``wording`` taking the room the others
    leave."""
    tree = QTreeWidget()
    tree.setObjectName(name)
    tree.setRootIsDecorated(False)
    tree.setMinimumHeight(140)
    tree.setColumnCount(columns)
    header = tree.header()
    header.setStretchLastSection(False)
    for column in range(columns):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch
                                    if column == wording
                                    else QHeaderView.ResizeMode.ResizeToContents)
    return tree


class StatementsDialog(QDialog):
    def __init__(self, view: ReportsView, parent: QWidget | None = None) -> None:
        super().__init__(parent or view)
        self.view = view
        self.setObjectName("statementsDialog")
        self.facts: list[Fact] = []
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        self.list = wording_list("statementsList", 3, wording=0)
        self.list.currentItemChanged.connect(lambda *_args: self._selected())
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.up_button, self.down_button = QPushButton(), QPushButton()
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("removeStatement")
        self.up_button.clicked.connect(lambda: self.shift(-1))
        self.down_button.clicked.connect(lambda: self.shift(1))
        self.remove_button.clicked.connect(self.remove)
        for button in (self.up_button, self.down_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)

        self.wording_box = QGroupBox()
        wording = QFormLayout(self.wording_box)
        self.language = QComboBox()
        self.language.setObjectName("statementLanguage")
        for code in UI_LANGUAGES:
            self.language.addItem(language_name(code), code)
        self.language.setCurrentIndex(max(self.language.findData(current_language()), 0))
        self.language.currentIndexChanged.connect(lambda _i: self._selected())
        self.text = QLineEdit()
        self.text.setObjectName("statementText")
        self.language_label, self.text_label = QLabel(), QLabel()
        wording.addRow(self.language_label, self.language)
        wording.addRow(self.text_label, self.text)
        self.set_text_button = QPushButton()
        self.set_text_button.setObjectName("setStatementText")
        self.set_text_button.clicked.connect(self.set_text)
        wording.addRow("", self.set_text_button)
        layout.addWidget(self.wording_box)

        self.figure_box = QGroupBox()
        self.figure_form = QFormLayout(self.figure_box)
        self.kind = QComboBox()
        self.kind.setObjectName("figureKind")
        for kind in KIND_FIELDS:
            self.kind.addItem("", kind)
        self.kind.currentIndexChanged.connect(lambda _i: self._show_fields())
        self.kind_label = QLabel()
        self.figure_form.addRow(self.kind_label, self.kind)
        self.fields: dict[str, QLineEdit] = {}
        self.field_labels: dict[str, QLabel] = {}
        for name in FIELD_NAMES:
            edit = QLineEdit()
            edit.setObjectName(f"figure_{name}")
            label = QLabel()
            self.fields[name], self.field_labels[name] = edit, label
            self.figure_form.addRow(label, edit)
        self.add_button = QPushButton()
        self.add_button.setObjectName("addStatement")
        self.add_button.clicked.connect(self.add)
        self.figure_form.addRow("", self.add_button)
        layout.addWidget(self.figure_box)

        self.status = QLabel()
        self.status.setObjectName("statementsStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        close = QPushButton()
        close.setObjectName("closeStatements")
        close.clicked.connect(self.accept)
        self.close_button = close
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.retranslate()
        self._show_fields()
        self._enable()
        self.reload()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Fact sheet statements"))
        self.list.setHeaderLabels([_("Statement"), _("Figure"), _("Written in")])
        self.up_button.setText(_("Move up"))
        self.down_button.setText(_("Move down"))
        self.remove_button.setText(_("Remove"))
        self.wording_box.setTitle(_("Wording"))
        self.language_label.setText(_("Language"))
        self.text_label.setText(_("Statement"))
        self.text.setPlaceholderText(_("e.g. Homes with damp: {figure}, not the 1 in 2 "
                                       "often claimed"))
        self.set_text_button.setText(_("Write the chosen statement in this language"))
        self.figure_box.setTitle(_("New statement: the figure it is tied to"))
        self.kind_label.setText(_("Figure from"))
        for index, kind in enumerate(KIND_FIELDS):
            self.kind.setItemText(index, _(KIND_NAMES[kind]))
        for name, label in self.field_labels.items():
            label.setText(_(FIELD_NAMES[name]))
        self.fields["groups"].setPlaceholderText(_("codes, e.g. roma polish"))
        self.fields["areas"].setPlaceholderText(_("area codes, e.g. E05002459 E05002460"))
        self.fields["period"].setPlaceholderText(_("e.g. 2026, 2026H1, 2026-03"))
        self.add_button.setText(_("Add the statement"))
        self.close_button.setText(_("Close"))

    # -- showing -------------------------------------------------------------------

    def _show_fields(self) -> None:
        wanted = KIND_FIELDS[str(self.kind.currentData())]
        for name in FIELD_NAMES:
            self.figure_form.setRowVisible(self.fields[name], name in wanted)

    def _current(self) -> Fact | None:
        item = self.list.currentItem()
        if item is None:
            return None
        index = self.list.indexOfTopLevelItem(item)
        return self.facts[index] if 0 <= index < len(self.facts) else None

    def _enable(self) -> None:
        chosen = self._current() is not None
        for button in (self.up_button, self.down_button, self.remove_button,
                       self.set_text_button):
            button.setEnabled(chosen)

    def _selected(self) -> None:
        fact = self._current()
        self._enable()
        if fact is not None:
            self.text.setText(fact.texts.get(str(self.language.currentData()), ""))

    def _show(self, facts: list[Fact], select: int | None = None) -> None:
        self.facts = facts
        language = current_language()
        self.list.clear()
        for fact in facts:
            text = fact.texts.get(language) or next(iter(fact.texts.values()), "")
            written = ", ".join(language_name(code) for code in sorted(fact.texts))
            item = QTreeWidgetItem([text, fact.spec.describe(), written])
            self.list.addTopLevelItem(item)
            if fact.id == select:
                self.list.setCurrentItem(item)
        self._enable()

    # -- store work (off the UI thread) ----------------------------------------------

    def _run(self, work: Any, select: Any = None, said: str = "") -> None:
        """``work(store, project)`` off the UI thread, then the list again."""
        store = self.view.ctx.store

        def job(_progress: Any) -> tuple[list[Fact], int | None]:
            from fieldkit.projects import current_project
            from fieldkit.reports.facts import list_facts

            project = current_project(store).id
            result = work(store, project)
            chosen = select(result) if select is not None else None
            return list_facts(store, project), chosen

        def done(loaded: tuple[list[Fact], int | None]) -> None:
            self._show(*loaded)
            self.status.setText(said)

        self.status.clear()
        self.view.tab.run(job, done, self.status, key="statements")

    def reload(self) -> None:
        self._run(lambda _store, _project: None)

    def spec(self) -> FigureSpec:
        from fieldkit.reports.figures import FigureSpec

        kind = str(self.kind.currentData())
        values: dict[str, Any] = {"category": self.fields["category"].text().strip()}
        for name in KIND_FIELDS[kind]:
            text = self.fields[name].text().strip()
            if name in _LISTS:
                values[name] = tuple(text.replace(",", " ").split())
            elif text:
                values[name] = text.upper() if name == "table" else text
        return FigureSpec(kind=kind, **values)

    def add(self) -> None:
        from fieldkit.errors import FieldkitError

        try:
            spec = self.spec()
        except FieldkitError as exc:
            self.status.setText(str(exc))
            return
        text, language = self.text.text(), str(self.language.currentData())
        if not text.strip():
            self.status.setText(_("Write the statement first."))
            return
        actor = self.view.actor()

        def work(store: Any, project: str) -> Fact:
            from fieldkit.reports.facts import add_fact

            return add_fact(store, project, spec, text=text, language=language, actor=actor)

        self._run(work, lambda fact: fact.id, _("Statement added."))

    def set_text(self) -> None:
        fact = self._current()
        if fact is None:
            return
        text, language = self.text.text(), str(self.language.currentData())
        if not text.strip():
            self.status.setText(_("Write the statement first."))
            return
        actor = self.view.actor()

        def work(store: Any, project: str) -> Fact:
            from fieldkit.reports.facts import set_fact_text

            return set_fact_text(store, project, fact.id, text=text, language=language,
                                 actor=actor)

        self._run(work, lambda result: result.id, _("Statement written in {language}.")
                  .format(language=language_name(language)))

    def remove(self) -> None:
        fact = self._current()
        if fact is None:
            return
        actor = self.view.actor()

        def work(store: Any, project: str) -> None:
            from fieldkit.reports.facts import remove_fact

            remove_fact(store, project, fact.id, actor=actor)

        self._run(work, None, _("Statement removed."))

    def shift(self, step: int) -> None:
        fact = self._current()
        if fact is None:
            return
        place = self.facts.index(fact) + 1 + step
        actor = self.view.actor()

        def work(store: Any, project: str) -> Fact:
            from fieldkit.reports.facts import edit_fact

            return edit_fact(store, project, fact.id, position=max(place, 1), actor=actor)

        self._run(work, lambda result: result.id)
