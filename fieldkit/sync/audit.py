"""Audit events of sync (bundle export and import, receipts, purges, resolutions)."""

from __future__ import annotations

import json
from collections.abc import Mapping

from sqlalchemy.orm import Session

from fieldkit.store.models import AuditEvent, utcnow


def audit(session: Session, action: str, *, object_type: str, object_id: str,
          device_id: str | None, detail: Mapping[str, object], actor: str = "") -> None:
    session.add(AuditEvent(at=utcnow(), actor=actor, device_id=device_id, action=action,
                           object_type=object_type, object_id=object_id,
                           detail=json.dumps(detail, ensure_ascii=False, sort_keys=True)))
