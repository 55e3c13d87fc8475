"""Status changes of an interview: finalize (draft -> finalized) and reopen (back)."""

from __future__ import annotations

from sqlalchemy import select, update

from fieldkit.forms import Problem
from fieldkit.i18n import _
from fieldkit.interviews.audit import add_event
from fieldkit.interviews.errors import InterviewNotFound, InterviewStateError, ReasonRequired
from fieldkit.interviews.handle import open_interview
from fieldkit.projects import ensure_local_device
from fieldkit.store import Store
from fieldkit.store.models import Interview, utcnow

__all__ = ["finalize", "reopen"]


def finalize(store: Store, uuid: str) -> list[Problem]:
    """Check the interview; with problems, return them and change nothing. Otherwise
    make it finalized (written with synchronous=FULL) and audit it; returns []."""
    handle = open_interview(store, uuid)
    if handle.status != "draft":
        raise InterviewStateError(
            _("Interview {uuid} is already {status}.").format(uuid=uuid, status=handle.status))
    return handle.finalize()


def reopen(store: Store, uuid: str, actor: str, reason: str) -> None:
    """Make a finalized interview a draft again (audited with ``reason``). Interviews
    already sent or receipted cannot be reopened: their data has left the laptop."""
    if not reason.strip():
        raise ReasonRequired(_("Say why interview {uuid} is reopened.").format(uuid=uuid))
    device_id = ensure_local_device(store).id
    now = utcnow()
    with store.session() as db:
        done = db.connection().execute(
            update(Interview).where(Interview.uuid == uuid, Interview.status == "finalized")
            .values(status="draft", finalized_at=None, updated_at=now))
        if done.rowcount != 1:
            status = db.scalar(select(Interview.status).where(Interview.uuid == uuid))
            if status is None:
                raise InterviewNotFound(uuid)
            raise InterviewStateError(
                _("Only a finalized interview can be reopened; interview {uuid} is {status}.")
                .format(uuid=uuid, status=status))
        add_event(db, action="reopen", uuid=uuid, actor=actor, device_id=device_id, at=now,
                  detail={"reason": reason, "from": "finalized"})
