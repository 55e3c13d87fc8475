"""Erasures travel to the laptops in the project pack (subject erasure, F13).

When the coordinator erases a person's record (fieldkit.privacy), the record's
versions are replaced by tombstones at the coordinator and the record is listed in
``privacy_erasure``. Every later pack carries that list in ``pack.json``'s
``erasures`` entry: interview uuids and the scope of each erasure (a path prefix such
as ``/data/survey/roster/member[2]/``, or nothing for the whole interview), no names
and no values, covered by the pack's signature. A laptop that joins the pack deletes
the listed fields of the interviews it holds, their answers and their field
versions (so nothing of them travels in its next bundle either), and audits how many
without saying what. Applying the list again changes nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from fieldkit.answer_paths import is_stored_path
from fieldkit.errors import RejectedInput
from fieldkit.i18n import _
from fieldkit.store.models import Answer, Interview, PrivacyErasure, SyncVersion
from fieldkit.sync.audit import audit

__all__ = ["apply_erasures", "build_erasures", "read_erasures"]

#: An erasure's scope: "" (the whole interview) or a stored path prefix ending in "/".
_MAX_ERASURES = 1_000_000


def build_erasures(session: Session, project_id: str) -> list[dict[str, str]]:
    """The pack's ``erasures`` entry: every erasure of the project, oldest first."""
    return [{"interview": uuid, "scope": scope} for uuid, scope in session.execute(
        select(PrivacyErasure.interview_uuid, PrivacyErasure.scope).where(
            PrivacyErasure.project_id == project_id).order_by(PrivacyErasure.id))]


def read_erasures(data: Any, label: str) -> list[tuple[str, str]]:
    """(interview uuid, scope) pairs of a pack's entry, checked; [] when absent."""
    if data is None:
        return []

    def malformed() -> RejectedInput:
        return RejectedInput(_("{path}: the pack's list of erasures is malformed.")
                             .format(path=label))

    if not isinstance(data, list) or len(data) > _MAX_ERASURES:
        raise malformed()
    out: list[tuple[str, str]] = []
    for entry in data:
        if not isinstance(entry, dict) or set(entry) != {"interview", "scope"}:
            raise malformed()
        uuid, scope = entry["interview"], entry["scope"]
        if not isinstance(uuid, str) or not isinstance(scope, str) or not 0 < len(uuid) <= 36:
            raise malformed()
        if scope and not (scope.endswith("/") and is_stored_path(scope[:-1])):
            raise malformed()
        out.append((uuid, scope))
    return out


def _like_prefix(scope: str) -> str:
    return scope.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def apply_erasures(session: Session, project_id: str, erasures: list[tuple[str, str]], *,
                   device_id: str, pack_version: int) -> int:
    """Erase on this laptop what the pack lists; returns how many records had
    something left to erase (each audited with the number of fields)."""
    done = 0
    for uuid, scope in erasures:
        owner = session.scalar(select(Interview.project_id).where(Interview.uuid == uuid))
        if owner != project_id:
            continue  # not held here (or not this project's): nothing to erase
        answers = select(Answer.id).where(Answer.interview_uuid == uuid)
        versions = delete(SyncVersion).where(SyncVersion.interview_uuid == uuid)
        if scope:
            answers = answers.where(Answer.path.like(_like_prefix(scope), escape="\\"))
            versions = versions.where(SyncVersion.path.like(_like_prefix(scope),
                                                            escape="\\"))
        count = session.scalar(select(func.count()).select_from(answers.subquery())) or 0
        session.execute(delete(Answer).where(Answer.id.in_(answers)))
        session.execute(versions)
        if not scope:
            session.execute(update(Interview).where(Interview.uuid == uuid).values(label=""))
        if count:
            done += 1
            audit(session, "erase", object_type="interview", object_id=uuid,
                  device_id=device_id,
                  detail={"fields": count, "whole": not scope, "pack_version": pack_version})
    return done
