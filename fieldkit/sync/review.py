"""What the coordinator reviews: open conflicts (and resolving them), progress per
interviewer and per quota. Plain dataclasses for the screens and the CLI."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fieldkit.errors import UsageError
from fieldkit.i18n import _
from fieldkit.projects import ensure_local_device
from fieldkit.store import Store
from fieldkit.store.models import (
    Answer,
    Device,
    Form,
    Interview,
    Interviewer,
    SyncBundle,
    SyncDevice,
    SyncQuota,
)
from fieldkit.sync.audit import audit
from fieldkit.sync.formats import HEADER_PATH
from fieldkit.sync.merge_store import (
    device_version_count,
    insert_versions,
    load_versions,
    lock_interviews,
    materialize,
)
from fieldkit.sync.project import coordinator_project
from fieldkit.sync.versions import Version, heads, is_conflict

__all__ = ["Conflict", "ConflictValue", "DeviceSummary", "InterviewerProgress",
           "QuotaProgress", "interviewer_progress", "list_conflicts", "list_devices",
           "quota_progress", "resolve_conflict"]


@dataclass(frozen=True)
class ConflictValue:
    version_id: str
    value: str | None  # None: the field was deleted there
    device_id: str
    entered_by: str  # interviewer of the device, or "" for the coordinator
    clock: int
    written_at: str


@dataclass(frozen=True)
class Conflict:
    interview_uuid: str
    path: str
    values: tuple[ConflictValue, ...]


def list_conflicts(store: Store) -> list[Conflict]:
    project = coordinator_project(store)
    with store.session() as session:
        names = {device: name for device, name in session.execute(
            select(SyncDevice.device_id, Interviewer.name).join(
                Interviewer, Interviewer.id == SyncDevice.interviewer_id))}
        uuids = list(session.scalars(select(Interview.uuid).where(
            Interview.project_id == project.id)))
        out = []
        for (uuid, path), versions in sorted(load_versions(session, uuids).items()):
            field_heads = heads(versions)
            if is_conflict(field_heads):
                out.append(Conflict(uuid, path, tuple(
                    ConflictValue(v.id, v.value, v.device_id, names.get(v.device_id, ""),
                                  v.clock, v.written_at) for v in field_heads)))
        return out


def interviews_in_conflict(session: Session, uuids: Sequence[str]) -> set[str]:
    """Which of ``uuids`` have a field with competing values (for exports' flags)."""
    return {uuid for (uuid, _path), versions in load_versions(session, list(uuids)).items()
            if is_conflict(heads(versions))}


def resolve_conflict(store: Store, interview_uuid: str, path: str, value: str | None,
                     actor: str) -> None:
    """Settle a field: a coordinator version superseding every version of it (so it
    wins everywhere, whatever arrives later that does not know it... which then shows
    as a new conflict, never lost). Audited."""
    project = coordinator_project(store)
    device = ensure_local_device(store)
    with store.session() as session:
        lock_interviews(session, [interview_uuid])
        versions = load_versions(session, [interview_uuid]).get((interview_uuid, path))
        if not versions or path == HEADER_PATH:
            raise UsageError(_("Interview {uuid} has no field {path}.").format(
                uuid=interview_uuid, path=path))
        row = session.get_one(Device, device.id)
        row.counter += 1
        session.flush()
        from fieldkit.store.models import utcnow
        from fieldkit.sync.bundle_out import iso

        version = Version.make(interview_uuid, path, value, device_id=device.id,
                               clock=row.counter, written_at=iso(utcnow()),
                               supersedes=(v.id for v in versions))
        insert_versions(session, [version])
        materialize(session, project.id, [interview_uuid])
        audit(session, "resolve-conflict", object_type="interview", object_id=interview_uuid,
              device_id=device.id, actor=actor,
              detail={"path": path, "chosen": version.id,
                      "replaced": [v.id for v in heads(versions)]})


@dataclass(frozen=True)
class InterviewerProgress:
    interviewer_id: str
    name: str
    interviews: int  # received (on the coordinator)
    devices: int
    finalized: int = 0  # of those, finalized on the laptop
    last_bundle_at: datetime | None = None  # when their last bundle was imported


def interviewer_progress(store: Store) -> list[InterviewerProgress]:
    project = coordinator_project(store)
    with store.session() as session:
        out = []
        for person in session.scalars(select(Interviewer).where(
                Interviewer.project_id == project.id).order_by(Interviewer.name)):
            count = session.scalar(select(func.count()).select_from(Interview).where(
                Interview.interviewer_id == person.id)) or 0
            finalized = session.scalar(select(func.count()).select_from(Interview).where(
                Interview.interviewer_id == person.id,
                Interview.finalized_at.is_not(None))) or 0
            devices = session.scalar(select(func.count()).select_from(SyncDevice).where(
                SyncDevice.interviewer_id == person.id)) or 0
            last = session.scalar(select(func.max(SyncBundle.imported_at)).join(
                SyncDevice, SyncDevice.device_id == SyncBundle.device_id).where(
                SyncDevice.interviewer_id == person.id))
            out.append(InterviewerProgress(person.id, person.name, count, devices,
                                           finalized, last))
        return out


@dataclass(frozen=True)
class DeviceSummary:
    """A laptop that sent bundles: what a receipt for it would acknowledge."""

    device_id: str
    interviewer: str
    bundles: int
    versions: int
    last_bundle_at: datetime | None
    #: The clock warnings of the device's latest bundle that had any (its records
    #: may be dated wrong; see clock_sanity), and how many of its bundles had some.
    clock_warnings: tuple[str, ...] = ()
    warned_bundles: int = 0


def list_devices(store: Store) -> list[DeviceSummary]:
    project = coordinator_project(store)
    with store.session() as session:
        out = []
        rows = session.execute(select(SyncDevice.device_id, Interviewer.name).join(
            Interviewer, Interviewer.id == SyncDevice.interviewer_id).where(
            SyncDevice.project_id == project.id).order_by(Interviewer.name,
                                                          SyncDevice.enrolled_at))
        for device_id, name in rows:
            bundles, last = session.execute(
                select(func.count(), func.max(SyncBundle.imported_at)).where(
                    SyncBundle.device_id == device_id)).one()
            versions = device_version_count(session, device_id)
            warned = SyncBundle.clock_warnings != ""
            latest = session.scalar(
                select(SyncBundle.clock_warnings).where(SyncBundle.device_id == device_id, warned)
                .order_by(SyncBundle.imported_at.desc(), SyncBundle.seq.desc()).limit(1))
            count = session.scalar(select(func.count()).where(
                SyncBundle.device_id == device_id, warned)) or 0
            out.append(DeviceSummary(device_id, name, bundles or 0, versions, last,
                                     tuple((latest or "").splitlines()), count))
        return out


@dataclass(frozen=True)
class QuotaProgress:
    quota_id: int
    form_id: str
    path: str
    value: str
    target: int
    interviewer: str
    done: int


def quota_progress(store: Store) -> list[QuotaProgress]:
    project = coordinator_project(store)
    with store.session() as session:
        out = []
        for quota in session.scalars(select(SyncQuota).where(
                SyncQuota.project_id == project.id).order_by(SyncQuota.id)):
            query = (select(func.count()).select_from(Interview)
                     .join(Form, Form.id == Interview.form_pk)
                     .join(Answer, Answer.interview_uuid == Interview.uuid)
                     .where(Form.form_id == quota.form_id, Answer.path == quota.path,
                            Answer.value == quota.value,
                            Interview.status.in_(("finalized", "sent", "receipted"))))
            name = ""
            if quota.interviewer_id is not None:
                query = query.where(Interview.interviewer_id == quota.interviewer_id)
                name = session.scalar(select(Interviewer.name).where(
                    Interviewer.id == quota.interviewer_id)) or ""
            out.append(QuotaProgress(quota.id, quota.form_id, quota.path, quota.value,
                                     quota.target, name, session.scalar(query) or 0))
        return out
