"""Writing an audit event: the one way every service records what was done."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy.orm import Session

from fieldkit.store.models import AuditEvent, utcnow

__all__ = ["record_event"]


def record_event(session: Session, action: str, *, object_type: str, object_id: str,
                 device_id: str | None, actor: str = "",
                 detail: Mapping[str, object] | None = None,
                 at: datetime | None = None) -> None:
    """Add an audit event to ``session`` (it commits with the change it records).
    ``detail`` is stored as sorted JSON."""
    session.add(AuditEvent(at=at or utcnow(), actor=actor, device_id=device_id, action=action,
                           object_type=object_type, object_id=object_id,
                           detail=json.dumps(detail or {}, ensure_ascii=False,
                                             sort_keys=True)))
