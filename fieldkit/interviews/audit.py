"""Audit events of the interview life cycle (start, finalize, reopen)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.store.audit import record_event
from fieldkit.store.models import Interviewer

__all__ = ["OBJECT_TYPE", "add_event", "interviewer_name"]

OBJECT_TYPE = "interview"


def interviewer_name(session: Session, interviewer_id: str | None) -> str:
    if interviewer_id is None:
        return ""
    return session.scalar(select(Interviewer.name).where(Interviewer.id == interviewer_id)) or ""


def add_event(session: Session, *, action: str, uuid: str, actor: str, device_id: str,
              at: datetime, detail: Mapping[str, object]) -> None:
    record_event(session, action, object_type=OBJECT_TYPE, object_id=uuid,
                 device_id=device_id, actor=actor, detail=detail, at=at)
