"""The Coordinator workspace: tabs over the sync services when this data folder is a
coordinator's project; otherwise it offers to make one.

Tabs are classes named in :data:`TAB_CLASSES` (imported when first needed, so the
first screen stays quick); each is a :class:`~fieldkit.gui.coordinator.base.CoordinatorTab`.
Bundle files dropped anywhere on the workspace are imported by the import tab.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QFont, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fieldkit.i18n import _, isolate, paragraphs

if TYPE_CHECKING:
    from fieldkit.context import AppContext
    from fieldkit.gui.coordinator.base import CoordinatorTab
    from fieldkit.gui.coordinator.import_tab import ImportTab
    from fieldkit.gui.workspaces import WorkspaceSpec
    from fieldkit.projects import ProjectOverview

#: (module, class) of each tab, in tab order.
TAB_CLASSES: tuple[tuple[str, str], ...] = (
    ("fieldkit.gui.coordinator.import_tab", "ImportTab"),
    ("fieldkit.gui.coordinator.submissions_tab", "SubmissionsTab"),
    ("fieldkit.gui.coordinator.conflicts_tab", "ConflictsTab"),
    ("fieldkit.gui.coordinator.duplicates_tab", "DuplicatesTab"),
    ("fieldkit.gui.coordinator.progress_tab", "ProgressTab"),
    ("fieldkit.gui.coordinator.forms_tab", "FormsTab"),
    ("fieldkit.gui.coordinator.interviewers_tab", "InterviewersTab"),
    ("fieldkit.gui.coordinator.quotas_tab", "QuotasTab"),
    ("fieldkit.gui.coordinator.project_tab", "ProjectTab"),
    ("fieldkit.gui.coordinator.export_tab", "ExportTab"),
    ("fieldkit.gui.coordinator.insight_tab", "InsightTab"),
    ("fieldkit.gui.coordinator.partners_tab", "PartnersTab"),
    ("fieldkit.gui.coordinator.reports_tab", "ReportsTab"),
)


def _local_files(event: QDropEvent) -> list[Path]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class CoordinatorWorkspace(QWidget):
    #: Bundles were imported or a conflict resolved (the window's counts are stale).
    changed = Signal()
    #: *New coordinator project…* was pressed (the window opens the wizard).
    new_project_requested = Signal()

    def __init__(self, spec: WorkspaceSpec, ctx: AppContext,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.ctx = ctx
        self.setObjectName(f"workspace_{spec.key}")
        self._overview: ProjectOverview | None = None
        self._store_text = ""
        self.tab_pages: dict[str, CoordinatorTab] = {}
        self._stale: set[str] = set()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self.facts = QLabel()
        self.facts.setObjectName("facts")
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stack = QStackedWidget()
        self.help = QWidget()
        self.help.setObjectName("notCoordinator")
        help_layout = QVBoxLayout(self.help)
        self.help_text = QLabel()
        self.help_text.setWordWrap(True)
        self.help_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.new_project_button = QPushButton()
        self.new_project_button.setObjectName("newProject")
        self.new_project_button.clicked.connect(self.new_project_requested)
        button_row = QHBoxLayout()
        button_row.addWidget(self.new_project_button)
        button_row.addStretch(1)
        help_layout.addWidget(self.help_text)
        help_layout.addLayout(button_row)
        help_layout.addStretch(1)
        self.stack.addWidget(self.help)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("coordinatorTabs")
        self.tabs.currentChanged.connect(self._tab_shown)
        self.stack.addWidget(self.tabs)
        layout.addWidget(self.heading)
        layout.addWidget(self.facts)
        layout.addWidget(self.stack, 1)
        self.setAcceptDrops(True)
        self.retranslate()

    # -- what the main window calls ---------------------------------------------------

    @property
    def is_coordinator(self) -> bool:
        return self._overview is not None and self._overview.role == "coordinator"

    def set_overview(self, overview: ProjectOverview, store_text: str) -> None:
        self._overview = overview
        self._store_text = store_text
        if self.is_coordinator:
            self._build_tabs()
            project = self.tab_pages.get("ProjectTab")
            if project is not None:
                project.set_project_name(overview.name)  # type: ignore[attr-defined]
            self.stack.setCurrentWidget(self.tabs)
            self._stale = set(self.tab_pages)
            if self.isVisible():
                self._refresh_visible()
        else:
            self.stack.setCurrentWidget(self.help)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(_(self.spec.title))
        self._show_facts()
        self._show_help()
        for tab in self.tab_pages.values():
            self.tabs.setTabText(self.tabs.indexOf(tab), tab.title())

    def _show_facts(self) -> None:
        ov = self._overview
        if ov is None:
            self.facts.setText("")
            return
        role = {"practice": _("practice project on this laptop"),
                "coordinator": _("coordinator"),
                "laptop": _("interviewer laptop in a coordinator's project")}.get(ov.role,
                                                                                  ov.role)
        name = _(ov.name) if ov.role == "practice" else ov.name
        self.facts.setText(paragraphs(
            _("Project: {name} ({role})").format(name=isolate(name), role=role),
            _("Data store: {store}").format(store=isolate(self._store_text))))

    def _show_help(self) -> None:
        ov = self._overview
        self.new_project_button.setText(_("&New coordinator project…"))
        self.new_project_button.setVisible(ov is not None and ov.role == "practice")
        if ov is None or ov.role == "coordinator":
            self.help_text.setText("")
            return
        if ov.role == "laptop":
            self.help_text.setText(paragraphs(
                _("This laptop is an interviewer's laptop in the project {name}. Bundles "
                  "are imported, and conflicts reviewed, on the coordinator's computer.")
                .format(name=isolate(ov.name)),
                _("To send your finalised interviews to the coordinator, choose File → "
                  "Write data bundle…")))
            return
        self.help_text.setText(paragraphs(
            _("This data folder holds the practice project, not a coordinator's project, "
              "so there is nothing to coordinate here."),
            _("To coordinate fieldwork, make a coordinator project: it gets a data folder of "
              "its own, where you add forms, interviewers and quotas and write the pack for "
              "the laptops. It opens in a window of its own; later, File → Open recent "
              "switches between projects.")))

    # -- tabs -------------------------------------------------------------------------

    def _build_tabs(self) -> None:
        if self.tab_pages:
            return
        for module_name, class_name in TAB_CLASSES:
            cls = getattr(importlib.import_module(module_name), class_name)
            tab: CoordinatorTab = cls(self.ctx)
            tab.changed.connect(self._data_changed)
            tab.title_changed.connect(
                lambda t=tab: self.tabs.setTabText(self.tabs.indexOf(t), t.title()))
            self.tab_pages[class_name] = tab
            self.tabs.addTab(tab, tab.title())

    def tab(self, class_name: str) -> CoordinatorTab:
        """The tab of class ``class_name`` (the tabs exist once a coordinator
        project was shown)."""
        return self.tab_pages[class_name]

    @property
    def import_tab(self) -> ImportTab:
        return self.tab("ImportTab")  # type: ignore[return-value]

    def _refresh(self, name: str) -> None:
        self._stale.discard(name)
        self.tab_pages[name].refresh()

    def _refresh_visible(self) -> None:
        current = self.tabs.currentWidget()
        for name, tab in self.tab_pages.items():
            # These also when hidden: their titles count what is open.
            if name in self._stale and (tab is current
                                        or name in ("ConflictsTab", "DuplicatesTab")):
                self._refresh(name)

    def _tab_shown(self, _index: int) -> None:
        if self.isVisible():
            self._refresh_visible()

    def _data_changed(self) -> None:
        self._stale = set(self.tab_pages)
        self.changed.emit()  # the window re-reads its overview, then set_overview
        if self.isVisible():
            self._refresh_visible()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        if self.is_coordinator:
            self._refresh_visible()
        super().showEvent(event)

    # -- drag and drop ----------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        self.dragMoveEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt's name
        if self.is_coordinator and _local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        files = _local_files(event)
        if not (self.is_coordinator and files):
            event.ignore()
            return
        event.acceptProposedAction()
        self.import_bundles(files)

    def import_bundles(self, files: list[Path]) -> bool:
        """Import ``files`` on the Import tab (a drop, or bundles opened from the file
        manager); False when this data folder is not a coordinator's."""
        if not self.is_coordinator:
            return False
        self.tabs.setCurrentWidget(self.import_tab)
        return self.import_tab.import_files(files)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
