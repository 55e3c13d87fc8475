"""Rectification and erasure of a person's records at the coordinator (F13).

Both write coordinator field versions (see rewrite.py), so a rectified value travels
like any edit and an erasure's tombstones supersede every copy. An erasure also
lists the record in ``privacy_erasure``: every later project pack tells the laptops
to erase their copies (fieldkit.sync.erasures). The audit log records that a
rectification or erasure happened, of which records and why, never the values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select

from fieldkit.answer_paths import is_form_path
from fieldkit.errors import UsageError
from fieldkit.i18n import _
from fieldkit.privacy.held import HeldRecord, record_paths
from fieldkit.privacy.people import person_by_id
from fieldkit.privacy.rewrite import rewrite_values
from fieldkit.projects import ensure_local_device
from fieldkit.store import Store
from fieldkit.store.models import Answer, Interview, PrivacyErasure, SyncHousehold
from fieldkit.store.scrub import secure_delete, truncate_log
from fieldkit.sync.audit import audit
from fieldkit.sync.project_role import coordinator_project

__all__ = ["ErasureResult", "erase_person", "erase_records", "rectify"]


@dataclass(frozen=True)
class ErasureResult:
    person_id: str
    records: int
    fields: int


def _reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise UsageError(_("--reason: say why (e.g. the request's reference and date), "
                           "without naming the person."))
    return reason


def rectify(store: Store, interview_uuid: str, path: str, value: str, *, reason: str,
            actor: str = "") -> bool:
    """Correct one stored value of an interview (a person asked); audited without the
    values. Returns False when it already had that value."""
    reason = _reason(reason)
    project = coordinator_project(store)
    device = ensure_local_device(store)
    with store.session() as session:
        owner = session.scalar(select(Interview.project_id).where(
            Interview.uuid == interview_uuid))
        held = session.scalar(select(Answer.id).where(Answer.interview_uuid == interview_uuid,
                                                      Answer.path == path))
        if owner != project.id or held is None or not is_form_path(path):
            raise UsageError(_("Interview {uuid} has no answer {path} to correct.").format(
                uuid=interview_uuid, path=path))
        secure_delete(session)
        changed = rewrite_values(session, project.id, device.id,
                                 {(interview_uuid, path): value})
        if changed:
            audit(session, "rectify", object_type="interview", object_id=interview_uuid,
                  device_id=device.id, actor=actor, detail={"path": path, "reason": reason})
    truncate_log(store)
    return bool(changed)


def erase_records(store: Store, person_id: str, records: Sequence[HeldRecord], *,
                  reason: str, actor: str = "") -> ErasureResult:
    """Erase ``records`` (a person's, as confirmed): every field of each replaced by a
    tombstone, whole interviews' labels emptied, and each record listed for the
    laptops. Audited: the person's id, which records and why; not what they held."""
    reason = _reason(reason)
    project = coordinator_project(store)
    device = ensure_local_device(store)
    fields = 0
    with store.session() as session:
        secure_delete(session)
        changes: dict[tuple[str, str], str | None] = {}
        labels: dict[str, str] = {}
        for record in records:
            for path in record_paths(session, record):
                changes[(record.interview_uuid, path)] = None
            if not record.scope:
                labels[record.interview_uuid] = ""
                # Its household keys (hashes of the address) go too.
                session.execute(delete(SyncHousehold).where(
                    SyncHousehold.interview_uuid == record.interview_uuid))
            session.add(PrivacyErasure(project_id=project.id,
                                       interview_uuid=record.interview_uuid,
                                       scope=record.scope))
        fields = rewrite_values(session, project.id, device.id, changes, labels)
        audit(session, "erase", object_type="person", object_id=person_id,
              device_id=device.id, actor=actor,
              detail={"reason": reason, "fields": fields,
                      "records": [{"interview": r.interview_uuid, "kind": str(r.kind),
                                   "whole": not r.scope} for r in records]})
    truncate_log(store)
    return ErasureResult(person_id, len(records), fields)


def erase_person(store: Store, person_id: str, *, reason: str, actor: str = "",
                 only: Sequence[str] = ()) -> ErasureResult:
    """Erase the records of person ``person_id`` (all those taken to be theirs, or
    exactly the references in ``only``)."""
    _reason(reason)
    project = coordinator_project(store)
    with store.session() as session:
        person = person_by_id(session, project.id, person_id)
        records = person.chosen(only)
    return erase_records(store, person.id, records, reason=reason, actor=actor)
