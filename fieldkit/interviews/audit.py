"""Audit events of the interview life cycle (start, finalize, reopen)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.store.models import AuditEvent, Interviewer

__all__ = ["OBJECT_TYPE", "add_event", "interviewer_name"]

OBJECT_TYPE = "interview"


def interviewer_name(session: Session, interviewer_id: str | None) -> str:
    if interviewer_id is None:
        return ""
    return session.scalar(select(Interviewer.name).where(Interviewer.id == interviewer_id)) or ""


def add_event(session: Session, *, action: str, uuid: str, actor: str, device_id: str,
              at: datetime, detail: Mapping[str, object]) -> None:
    session.add(AuditEvent(at=at, actor=actor, device_id=device_id, action=action,
                           object_type=OBJECT_TYPE, object_id=uuid,
                           detail=json.dumps(detail, ensure_ascii=False, sort_keys=True)))
