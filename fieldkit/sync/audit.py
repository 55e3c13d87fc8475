"""Audit events of sync (bundle export and import, receipts, purges, resolutions)."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from fieldkit.store.audit import record_event


def audit(session: Session, action: str, *, object_type: str, object_id: str,
          device_id: str | None, detail: Mapping[str, object], actor: str = "") -> None:
    record_event(session, action, object_type=object_type, object_id=object_id,
                 device_id=device_id, actor=actor, detail=detail)
