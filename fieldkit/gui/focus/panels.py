"""The panels of the Focus groups workspace: the groups list with the exports, and
tabs: for the chosen group its facts, participants and recording (Group), the notes
typed in the room (Notes), coding and the codebook (Coding) and the analyst's memos
(Memos); for the whole project every passage of a theme (Passages) and the theme
counts as a matrix and a chart (Themes).

Every change is one short write through :class:`fieldkit.focus.writes.FocusWriter`
(a single transaction, like a check-in), then the pages re-read the project."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fieldkit.errors import FieldkitError
from fieldkit.focus.reading import read_focus
from fieldkit.focus.records import FocusData
from fieldkit.focus.writes import FocusWriter
from fieldkit.gui.focus.coding_page import CodingPage
from fieldkit.gui.focus.common import UUID, item
from fieldkit.gui.focus.group_page import GroupPage
from fieldkit.gui.focus.memos_page import MemosPage
from fieldkit.gui.focus.notes_page import NotesPage
from fieldkit.gui.focus.passages_page import PassagesPage
from fieldkit.gui.focus.themes_page import ThemesPage
from fieldkit.i18n import _

__all__ = ["FocusPanels"]

#: Tabs that show the chosen group (the others are the whole project's).
GROUP_TABS = 4


class FocusPanels(QWidget):
    changed = Signal()

    def __init__(self, ctx: object, project_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from fieldkit.context import AppContext

        assert isinstance(ctx, AppContext)
        self.ctx = ctx
        self.project_id = project_id
        self.writer: FocusWriter | None = None
        self.data = FocusData()
        self.group_uuid = ""
        language = ctx.ui_language

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        split = QSplitter(Qt.Orientation.Horizontal)
        layout.addWidget(split, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.new_group = QPushButton()
        self.new_group.setObjectName("newFocusGroup")
        self.new_group.clicked.connect(self.create_group)
        self.groups = QListWidget()
        self.groups.setObjectName("focusGroups")
        self.groups.currentItemChanged.connect(self._group_chosen)
        self.export = QPushButton()
        self.export.setObjectName("exportFocus")
        self.export.clicked.connect(self.choose_export)
        self.export_status = QLabel()
        self.export_status.setObjectName("focusExportStatus")
        self.export_status.setWordWrap(True)
        self.export_status.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        left_layout.addWidget(self.new_group)
        left_layout.addWidget(self.groups, 1)
        left_layout.addWidget(self.export)
        left_layout.addWidget(self.export_status)
        split.addWidget(left)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("focusTabs")
        split.addWidget(self.tabs)
        split.setStretchFactor(1, 1)
        split.setSizes([200, 700])

        self.group_page = GroupPage(self._writer, self._do, ctx.paths.attachments_dir,
                                    self._attached)
        self.notes_page = NotesPage(language, self._writer, self._do)
        self.coding_page = CodingPage(language, self._writer, self._do)
        self.memos_page = MemosPage(language, self._writer, self._do)
        self.passages_page = PassagesPage(language)
        self.themes_page = ThemesPage(language)
        for page in (self.group_page, self.notes_page, self.coding_page, self.memos_page,
                     self.passages_page, self.themes_page):
            self.tabs.addTab(page, "")
        # The names the first version of the workspace had (kept for its callers).
        self.new_guide, self.make_guide = self.group_page.new_guide, self.group_page.make_guide
        self.fields, self.save_group = self.group_page.fields, self.group_page.save_group
        self.people, self.add_person = self.group_page.people, self.group_page.add_person
        self.pseudonym = self.group_page.pseudonym
        self.consent_quote = self.group_page.consent_quote
        self.entry, self.notes = self.notes_page.entry, self.notes_page.notes
        self.speaker, self.question = self.notes_page.speaker, self.notes_page.question
        self.coding_notes, self.passage = (self.coding_page.coding_notes,
                                           self.coding_page.passage)
        self.codings, self.themes = self.coding_page.codings, self.coding_page.themes
        self.theme_name, self.add_theme = (self.coding_page.theme_name,
                                           self.coding_page.add_theme)
        self.matrix = self.themes_page.matrix
        self.retranslate()
        self.refresh()

    # -- text ----------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.new_group.setText(_("New focus group"))
        self.export.setText(_("Export…"))
        self.export.setToolTip(_("A REFI-QDA project (.qdpx) for NVivo, ATLAS.ti, MAXQDA "
                                 "or QualCoder, the coded segments, or the quotes that "
                                 "may be quoted"))
        for index, title in enumerate((_("Group"), _("Notes"), _("Coding"), _("Memos"),
                                       _("Passages"), _("Themes"))):
            self.tabs.setTabText(index, title)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- reading -------------------------------------------------------------------------

    def set_project(self, project_id: str) -> None:
        self.project_id = project_id
        self.writer = None
        self.group_uuid = ""
        self.refresh()

    def _writer(self) -> FocusWriter:
        if self.writer is None:
            self.writer = FocusWriter(self.ctx.store, self.project_id)
        return self.writer

    def refresh(self) -> None:
        self.data = read_focus(self.ctx.store, self.project_id)
        self.groups.blockSignals(True)
        self.groups.clear()
        for group in self.data.groups:
            when = group.date.isoformat() if group.date else ""
            self.groups.addItem(item(f"{group.title}\n{when} · {group.community}",
                                     group.uuid))
        self.groups.blockSignals(False)
        uuids = [g.uuid for g in self.data.groups]
        if self.group_uuid not in uuids:
            self.group_uuid = uuids[0] if uuids else ""
        if self.group_uuid:
            self.groups.setCurrentRow(uuids.index(self.group_uuid))
        self._show_group()
        self.passages_page.set_data(self.data)
        self.themes_page.set_data(self.data)
        self.export.setEnabled(bool(self.data.groups))

    def _group_chosen(self, current: QListWidgetItem | None,
                      _previous: QListWidgetItem | None) -> None:
        if current is not None:
            self.group_uuid = str(current.data(UUID))
            self._show_group()

    def _show_group(self) -> None:
        has_group = self.data.group(self.group_uuid) is not None if self.group_uuid else False
        for index in range(GROUP_TABS):
            widget = self.tabs.widget(index)
            if widget is not None:
                widget.setEnabled(has_group)
        self.group_page.set_data(self.data, self.group_uuid)
        self.notes_page.set_data(self.data, self.group_uuid)
        self.coding_page.set_data(self.data, self.group_uuid)
        self.memos_page.set_data(self.data, self.group_uuid)

    # -- writing -------------------------------------------------------------------------

    def _do(self, action: str, write: Callable[[], object]) -> bool:
        """Run ``write``; an invalid request is shown, not raised."""
        try:
            write()
        except FieldkitError as exc:
            QMessageBox.warning(self, action, str(exc))
            return False
        self.refresh()
        self.changed.emit()
        return True

    def _attached(self) -> None:
        self.writer = None  # the recording was written by a writer of its own
        self.refresh()
        self.changed.emit()

    def create_group(self) -> None:
        guide = self.data.guides[0].uuid if self.data.guides else ""

        def write() -> None:
            self.group_uuid = self._writer().create_group(
                {"title": _("New focus group"), "group_date": date.today()}, guide=guide)

        if self._do(_("New focus group"), write):
            self.tabs.setCurrentIndex(0)
            self.fields["title"].setFocus()
            self.fields["title"].selectAll()

    # -- exports -------------------------------------------------------------------------

    def choose_export(self) -> None:
        from fieldkit.gui.focus.export import choose_export

        chosen = choose_export(self)
        if chosen is not None:
            self.export_to(*chosen)

    def export_to(self, kind: str, out: object) -> None:
        """Write the export ``kind`` (qdpx, segments or quotes) to ``out`` off the UI
        thread; the line saying what was written shows under the button."""
        from pathlib import Path

        from fieldkit.gui.focus.export import export_line
        from fieldkit.projects import current_project

        assert isinstance(out, Path)
        self.export.setEnabled(False)
        self.export_status.setText(_("Exporting…"))

        def done(line: str) -> None:
            self.export.setEnabled(bool(self.data.groups))
            self.export_status.setText(line)

        export_line(kind, out, self.data, name=current_project(self.ctx.store).name,
                    attachments_dir=self.ctx.paths.attachments_dir,
                    language=self.ctx.ui_language, done=done)
