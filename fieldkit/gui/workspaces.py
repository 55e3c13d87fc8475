"""The three workspaces of the main window. Each says plainly what it will do and
that it is not built yet, next to the real facts the store already holds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import QLabel, QStyle, QWidget

from fieldkit.gui.uiloader import child, load_ui
from fieldkit.i18n import N_, _, isolate, ngettext, paragraphs

if TYPE_CHECKING:
    from fieldkit.projects import ProjectOverview


@dataclass(frozen=True)
class WorkspaceSpec:
    key: str
    title: str  # N_-marked; translated when shown
    purpose: str
    not_built: str
    icon: QStyle.StandardPixmap


WORKSPACES: tuple[WorkspaceSpec, ...] = (
    WorkspaceSpec(
        "interviews", N_("Interviews"),
        N_("Record household surveys in the respondent's language, pause and resume "
           "them, and finalise them for your coordinator."),
        N_("Filling in interviews is not built yet. This workspace will list your drafts, "
           "finalised and sent interviews, and start new ones from the project's forms."),
        QStyle.StandardPixmap.SP_FileDialogDetailedView,
    ),
    WorkspaceSpec(
        "sessions", N_("Advice sessions"),
        N_("Register people as they arrive at an advice session, recognise returning "
           "attendees, and record what each person needed, referrals and follow-ups."),
        N_("Advice sessions are not built yet. This workspace will hold the check-in list, "
           "attendee records and attendance counts."),
        QStyle.StandardPixmap.SP_DirHomeIcon,
    ),
    WorkspaceSpec(
        "coordinator", N_("Coordinator"),
        N_("Send project packs to laptops, merge the data bundles that come back, review "
           "conflicts and duplicate households, and export for analysis."),
        N_("Coordinator tools are not built yet. This workspace will import data bundles, "
           "show progress per interviewer and export data."),
        QStyle.StandardPixmap.SP_ComputerIcon,
    ),
)


class WorkspacePage(QWidget):
    def __init__(self, spec: WorkspaceSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(f"workspace_{spec.key}")
        self._overview: ProjectOverview | None = None
        self._store_text = ""
        self._built = False

    def _build(self) -> None:
        """Load the page's widgets on first need (first shown, or given data): these
        pages start hidden, and the first Designer load costs start-up time."""
        if self._built:
            return
        self._built = True
        form = load_ui("workspace_page.ui", self)
        self.heading: QLabel = child(form, QLabel, "heading")
        self.purpose: QLabel = child(form, QLabel, "purpose")
        self.not_built: QLabel = child(form, QLabel, "notBuilt")
        self.not_built_title: QLabel = child(form, QLabel, "notBuiltTitle")
        self.facts: QLabel = child(form, QLabel, "facts")
        heading_font = QFont(self.heading.font())
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.5)
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        bold = QFont(self.not_built_title.font())
        bold.setBold(True)
        self.not_built_title.setFont(bold)
        self.retranslate()

    def set_overview(self, overview: ProjectOverview, store_text: str) -> None:
        self._overview = overview
        self._store_text = store_text
        self._build()
        self._show_facts()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        self._build()
        super().showEvent(event)

    def retranslate(self) -> None:
        if not self._built:
            return
        self.heading.setText(_(self.spec.title))
        self.purpose.setText(_(self.spec.purpose))
        self.not_built.setText(_(self.spec.not_built))
        self._show_facts()

    def _show_facts(self) -> None:
        ov = self._overview
        if ov is None:
            self.facts.setText("")
            return
        project = isolate(_(ov.name) if ov.role == "practice" else ov.name)
        if self.spec.key == "interviews":
            by = ov.interviews_by_status
            text = paragraphs(*(
                _("Project: {name}").format(name=project),
                ngettext("{n} form", "{n} forms", ov.forms).format(n=ov.forms),
                _("Drafts: {drafts} · Finalised: {finalized} · Sent: {sent}").format(
                    drafts=by["draft"], finalized=by["finalized"], sent=by["sent"]),
            ))
        elif self.spec.key == "coordinator":
            role = {"practice": _("practice project on this laptop"),
                    "coordinator": _("coordinator"),
                    "laptop": _("interviewer laptop in a coordinator's project")}[ov.role]
            text = paragraphs(*(
                _("Project: {name} ({role})").format(name=project, role=role),
                _("Data store: {store}").format(store=isolate(self._store_text)),
            ))
        else:
            text = paragraphs(_("Project: {name}").format(name=project))
        self.facts.setText(text)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
