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

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from fieldkit.answer_paths import FORM_PREFIX, HEADER_PATH
from fieldkit.errors import RejectedInput
from fieldkit.i18n import _
from fieldkit.interviews.consent import CONSENT_PREFIX
from fieldkit.store.models import Answer, Interview, PrivacyErasure, SyncVersion
from fieldkit.store.scrub import secure_delete
from fieldkit.sync.audit import audit
from fieldkit.sync.merge_store import parse_header
from fieldkit.sync.records import is_valid_path

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
        if scope and not (scope.endswith("/") and is_valid_path(scope[:-1])):
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
    if erasures:
        secure_delete(session)
    for uuid, scope in erasures:
        owner = session.scalar(select(Interview.project_id).where(Interview.uuid == uuid))
        if owner != project_id:
            continue  # not held here (or not this project's): nothing to erase
        # A whole interview: its form answers and consent record, as the coordinator
        # erased them; fieldkit's other rows (the session it belongs to) hold no one.
        prefixes = [scope] if scope else [FORM_PREFIX, CONSENT_PREFIX]
        in_answers = or_(*(Answer.path.like(_like_prefix(p), escape="\\") for p in prefixes))
        in_versions = or_(*(SyncVersion.path.like(_like_prefix(p), escape="\\")
                            for p in prefixes))
        # What is left to erase: values, not the tombstones a pack's sessions brought.
        count = (session.scalar(select(func.count()).select_from(Answer).where(
            Answer.interview_uuid == uuid, in_answers, Answer.value.is_not(None))) or 0) + (
            session.scalar(select(func.count()).select_from(SyncVersion).where(
                SyncVersion.interview_uuid == uuid, in_versions,
                SyncVersion.value.is_not(None))) or 0)
        session.execute(delete(Answer).where(Answer.interview_uuid == uuid, in_answers))
        session.execute(delete(SyncVersion).where(SyncVersion.interview_uuid == uuid,
                                                  in_versions))
        if not scope:
            session.execute(update(Interview).where(Interview.uuid == uuid).values(label=""))
            # Headers that still carry the label (a name, for an attendance).
            for vid, value in session.execute(select(SyncVersion.id, SyncVersion.value).where(
                    SyncVersion.interview_uuid == uuid, SyncVersion.path == HEADER_PATH)):
                header = parse_header(value)
                if header is not None and header.get("label"):
                    count += 1
                    session.execute(delete(SyncVersion).where(
                        SyncVersion.interview_uuid == uuid, SyncVersion.path == HEADER_PATH,
                        SyncVersion.id == vid))
        if count:
            done += 1
            audit(session, "erase", object_type="interview", object_id=uuid,
                  device_id=device_id,
                  detail={"values": count, "whole": not scope, "pack_version": pack_version})
    return done
