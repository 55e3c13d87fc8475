"""Projects on this machine: the embedded practice project, and an overview of
the current project for the window shell."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from fieldkit.form_roles import outside_interview_list
from fieldkit.i18n import N_
from fieldkit.store import Store
from fieldkit.store.models import INTERVIEW_STATUSES, Device, Form, Interview, Project

# Stored untranslated: the name is data, translated where it is shown.
PRACTICE_PROJECT_NAME = N_("Practice project")


@dataclass(frozen=True)
class ProjectOverview:
    project_id: str
    name: str
    role: str
    forms: int
    interviews_by_status: dict[str, int]

    @property
    def interviews(self) -> int:
        return sum(self.interviews_by_status.values())


def ensure_local_device(store: Store) -> Device:
    """This machine's device row (one per store), created on first use."""
    with store.session() as session:
        device = session.scalars(select(Device).where(Device.is_local.is_(True))).first()
        if device is None:
            device = Device(label="this laptop", is_local=True, counter=0)
            session.add(device)
        return device


def current_project(store: Store) -> Project:
    """The project this data dir works on; a fresh data dir gets the practice project,
    so the app is usable (for training) before any project pack arrives."""
    with store.session() as session:
        # A real project (coordinator or laptop) takes precedence over practice.
        project = session.scalars(
            select(Project).order_by(Project.role == "practice", Project.created_at)
        ).first()
        if project is None:
            project = Project(name=PRACTICE_PROJECT_NAME, role="practice")
            session.add(project)
        return project


def project_overview(store: Store, project_id: str) -> ProjectOverview:
    with store.session() as session:
        project = session.get_one(Project, project_id)
        forms = session.scalar(
            select(func.count()).select_from(Form).where(Form.project_id == project_id)) or 0
        counts = dict.fromkeys(INTERVIEW_STATUSES, 0)
        rows = session.execute(
            select(Interview.status, func.count())
            .join(Form, Form.id == Interview.form_pk)
            # Interviews shown in another workspace are counted there.
            .where(Interview.project_id == project_id, ~outside_interview_list())
            .group_by(Interview.status))
        for status, count in rows:
            counts[status] = count
        return ProjectOverview(project.id, project.name, project.role, forms, counts)
