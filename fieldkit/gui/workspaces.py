"""The workspaces of the main window: their names, purposes and icons (each is
built by its own package: gui/interviews, gui/sessions, gui/coordinator, gui/focus)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QStyle

from fieldkit.i18n import N_


@dataclass(frozen=True)
class WorkspaceSpec:
    key: str
    title: str  # N_-marked; translated when shown
    purpose: str
    icon: QStyle.StandardPixmap


WORKSPACES: tuple[WorkspaceSpec, ...] = (
    WorkspaceSpec(
        "interviews", N_("Interviews"),
        N_("Record household surveys in the respondent's language, pause and resume "
           "them, and finalise them for your coordinator."),
        QStyle.StandardPixmap.SP_FileDialogDetailedView,
    ),
    WorkspaceSpec(
        "sessions", N_("Advice sessions"),
        N_("Register people as they arrive at an advice session, recognise returning "
           "attendees, and record what each person needed, referrals and follow-ups."),
        QStyle.StandardPixmap.SP_DirHomeIcon,
    ),
    WorkspaceSpec(
        "coordinator", N_("Coordinator"),
        N_("Send project packs to laptops, merge the data bundles that come back, review "
           "conflicts and duplicate households, and export for analysis."),
        QStyle.StandardPixmap.SP_ComputerIcon,
    ),
    WorkspaceSpec(
        "focus", N_("Focus groups"),
        N_("Run focus groups: participants and their consent, notes typed in the room "
           "under each question of the topic guide, coding by theme, and the themes "
           "across groups and communities."),
        QStyle.StandardPixmap.SP_FileDialogContentsView,
    ),
)
