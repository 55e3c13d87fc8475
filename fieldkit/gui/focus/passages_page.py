"""The Passages tab of the Focus groups workspace: every passage coded with a theme
(and, if asked, its sub-themes) across the project's groups, filtered by community
and by language; the quote column says whether it may leave fieldkit as a quote."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.focus.analysis import Passage, passages, theme_path
from fieldkit.focus.consent import quote_refusal
from fieldkit.focus.records import FocusData
from fieldkit.gui.locale_numbers import number
from fieldkit.i18n import _, isolate, ngettext

__all__ = ["PassagesPage", "descendants"]


def descendants(data: FocusData, theme: str) -> set[str]:
    """``theme`` and every theme under it (a cycle a merge may make is cut)."""
    found = {theme}
    grew = True
    while grew:
        grew = False
        for each in data.themes:
            if each.parent in found and each.uuid not in found:
                found.add(each.uuid)
                grew = True
    return found


def _cell(text: str, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if tip:
        item.setToolTip(tip)
    return item


class PassagesPage(QWidget):
    def __init__(self, language: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = language
        self.data = FocusData()
        self.shown: list[Passage] = []
        layout = QVBoxLayout(self)
        picks = QHBoxLayout()
        self.theme_label, self.community_label, self.language_label = (
            QLabel(), QLabel(), QLabel())
        self.theme = QComboBox()
        self.theme.setObjectName("passagesTheme")
        self.community = QComboBox()
        self.community.setObjectName("passagesCommunity")
        self.spoken = QComboBox()
        self.spoken.setObjectName("passagesLanguage")
        self.sub_themes = QCheckBox()
        self.sub_themes.setObjectName("passagesSubThemes")
        self.sub_themes.setChecked(True)
        for label, combo in ((self.theme_label, self.theme),
                             (self.community_label, self.community),
                             (self.language_label, self.spoken)):
            label.setBuddy(combo)
            picks.addWidget(label)
            picks.addWidget(combo, 1)
        picks.addWidget(self.sub_themes)
        layout.addLayout(picks)
        self.summary = QLabel()
        self.summary.setObjectName("passagesSummary")
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 7)
        self.table.setObjectName("themePassages")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (3, 4):  # the question and the theme wrap in a column of their own
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, 150)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        for combo in (self.theme, self.community, self.spoken):
            combo.currentIndexChanged.connect(self._show)
        self.sub_themes.toggled.connect(self._show)
        self.retranslate()

    def retranslate(self) -> None:
        self.theme_label.setText(_("T&heme"))
        self.community_label.setText(_("Co&mmunity"))
        self.language_label.setText(_("Lan&guage"))
        self.sub_themes.setText(_("With sub-themes"))
        self.table.setHorizontalHeaderLabels([
            _("Group"), _("Language"), _("Speaker"), _("Question"), _("Theme"),
            _("Passage"), _("Quote")])
        self.set_data(self.data)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @staticmethod
    def _fill(combo: QComboBox, everything: str, values: list[tuple[str, str]]) -> None:
        keep = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for text, value in values:
            combo.addItem(text, value)
        combo.setCurrentIndex(max(0, combo.findData(keep)))
        combo.blockSignals(False)

    def set_data(self, data: FocusData) -> None:
        self.data = data
        keep = self.theme.currentData()
        self.theme.blockSignals(True)
        self.theme.clear()
        for theme in data.themes:
            self.theme.addItem(theme_path(data, theme, self.language), theme.uuid)
        self.theme.setCurrentIndex(max(0, self.theme.findData(keep)))
        self.theme.blockSignals(False)
        self._fill(self.community, _("(all communities)"),
                   [(c, c) for c in sorted({g.community for g in data.groups})])
        spoken = {n.language for n in data.notes} | {
            lang for g in data.groups for lang in g.languages[:1]}
        self._fill(self.spoken, _("(all languages)"),
                   [(code, code) for code in sorted(spoken - {""})])
        self._show()

    def show_theme(self, theme: str) -> None:
        self.theme.setCurrentIndex(max(0, self.theme.findData(theme)))

    def _show(self) -> None:
        theme = self.theme.currentData()
        rows: list[Passage] = []
        if isinstance(theme, str):
            wanted = descendants(self.data, theme) if self.sub_themes.isChecked() else {theme}
            rows = [p for p in passages(self.data, community=self.community.currentData(),
                                        language=self.spoken.currentData())
                    if p.theme.uuid in wanted]
        self.shown = rows
        self.table.setRowCount(len(rows))
        for row, p in enumerate(rows):
            refusal = quote_refusal(self.data, p.coding)
            if not p.coding.quote:
                quote = ""
            elif refusal is None:
                quote = _("yes")
            else:
                quote = _("no consent")
            stamp = p.at[11:16] if len(p.at) >= 16 else ""
            passage = f"[{stamp}] {isolate(p.text)}"
            for column, (text, tip) in enumerate((
                    (f"{p.group.title}\n{p.group.community}",
                     p.group.date.isoformat() if p.group.date else ""),
                    (p.language, ""), (p.speaker, ""),
                    (isolate(p.question) if p.question else "", p.question),
                    (theme_path(self.data, p.theme, self.language), p.theme.description),
                    (passage, p.coding.memo),
                    (quote, refusal or ""))):
                self.table.setItem(row, column, _cell(text, tip))
        self.table.resizeRowsToContents()
        groups = len({p.group.uuid for p in rows})
        self.summary.setText(ngettext(
            "{n} passage", "{n} passages", len(rows)).format(n=number(len(rows))) + " · "
            + ngettext("{n} group", "{n} groups", groups).format(n=number(groups)))
