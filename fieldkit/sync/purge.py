"""Purging one interview's personal data on a laptop: its answers and field versions
go, its row stays (with an empty label) as a record that it was here, and the purge is
an audit event. Receipts purge what the coordinator has had for long enough (see
receipts.purge_expired); a join purges the advice sessions that left the pack (see
session_retention)."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from fieldkit.store.models import Answer, Interview, SyncVersion
from fieldkit.sync.audit import audit

__all__ = ["purge_interview"]


def purge_interview(session: Session, uuid: str, *, device_id: str,
                    detail: Mapping[str, object]) -> int:
    """Purge interview ``uuid``; ``detail`` (with a ``reason``) goes in the audit
    event with the number of answers. Returns that number: 0 means nothing was left
    to purge (already purged), and nothing was done or audited."""
    answers = session.scalar(select(func.count()).select_from(Answer).where(
        Answer.interview_uuid == uuid)) or 0
    if not answers:
        return 0
    session.execute(delete(Answer).where(Answer.interview_uuid == uuid))
    session.execute(delete(SyncVersion).where(SyncVersion.interview_uuid == uuid))
    session.execute(update(Interview).where(Interview.uuid == uuid).values(label=""))
    audit(session, "purge", object_type="interview", object_id=uuid, device_id=device_id,
          detail={"answers": answers, **detail})
    return answers
