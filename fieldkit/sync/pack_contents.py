"""What the next project pack will carry, for the coordinator to see before writing
it, and the pack's file name (project, date and pack version)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from fieldkit.store import Store
from fieldkit.store.models import Form, Interviewer, SyncHousehold, SyncProject, SyncQuota
from fieldkit.sync.file_kind import PACK_SUFFIX
from fieldkit.sync.pack_sessions import carried_records
from fieldkit.sync.project import coordinator_project

__all__ = ["PackForm", "PackPreview", "pack_file_name", "pack_preview"]


@dataclass(frozen=True)
class PackForm:
    form_id: str
    version: str
    title: str


@dataclass(frozen=True)
class PackPreview:
    project: str
    #: The version the next pack will have.
    pack_version: int
    forms: list[PackForm]
    active_interviewers: list[str]
    inactive_interviewers: list[str]
    quotas: int
    #: Months the consultation register reaches back (0: the project keeps none).
    consultation_months: int
    #: Households known here that the register may list (before the date window).
    households: int
    #: Advice sessions and attendances the pack will carry.
    session_records: int


def pack_preview(store: Store, today: date | None = None) -> PackPreview:

    project = coordinator_project(store)
    with store.session() as session:
        sync = session.get_one(SyncProject, project.id)
        forms = [PackForm(f.form_id, f.version, f.title) for f in session.scalars(
            select(Form).where(Form.project_id == project.id).order_by(Form.id))]
        people = session.execute(select(Interviewer.name, Interviewer.active).where(
            Interviewer.project_id == project.id).order_by(func.lower(Interviewer.name))).all()
        quotas = session.scalar(select(func.count()).select_from(SyncQuota).where(
            SyncQuota.project_id == project.id)) or 0
        households = session.scalar(select(func.count()).select_from(SyncHousehold).where(
            SyncHousehold.project_id == project.id)) or 0
        months, version = sync.consultation_months, sync.pack_version + 1
    return PackPreview(
        project=project.name, pack_version=version, forms=forms,
        active_interviewers=[name for name, active in people if active],
        inactive_interviewers=[name for name, active in people if not active],
        quotas=quotas, consultation_months=months,
        households=households if months > 0 else 0,
        session_records=carried_records(store, project.id, today))


def pack_file_name(project: str, version: int, day: date | None = None) -> str:
    """``<project>-pack-<YYYY-MM-DD>-v<N>.fkpack``: the project, the day and the pack
    version, so a laptop user can tell packs apart in a folder or an e-mail; .fkpack
    so that an installed fieldkit opens it on Join when double-clicked."""
    day = day or datetime.now(UTC).date()
    stem = re.sub(r"[^\w-]+", "-", project, flags=re.UNICODE).strip("-").lower() or "fieldkit"
    return f"{stem}-pack-{day.isoformat()}-v{version}{PACK_SUFFIX}"
