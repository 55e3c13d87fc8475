"""Which synced project this data folder holds: the coordinator's or a laptop's.

A small look-up of its own so the modules that build and read bundles and packs can
ask it without importing the pack code (fieldkit.sync.project), which imports them.
"""

from __future__ import annotations

from sqlalchemy import select

from fieldkit.errors import UsageError
from fieldkit.i18n import _
from fieldkit.store import Store
from fieldkit.store.models import Project

__all__ = ["coordinator_project", "laptop_project", "project_with_role"]


def project_with_role(store: Store, role: str) -> Project | None:
    """The oldest project of ``role`` ("coordinator" or "laptop"), None when none."""
    with store.session() as session:
        return session.scalars(select(Project).where(Project.role == role)
                               .order_by(Project.created_at)).first()


def coordinator_project(store: Store) -> Project:
    project = project_with_role(store, "coordinator")
    if project is None:
        raise UsageError(_("This data folder is not a coordinator's; run "
                           "'fieldkit project init --name NAME' first."))
    return project


def laptop_project(store: Store) -> Project:
    project = project_with_role(store, "laptop")
    if project is None:
        raise UsageError(_("This laptop has not joined a project; run "
                           "'fieldkit project join PACK --interviewer NAME --code CODE'."))
    return project
