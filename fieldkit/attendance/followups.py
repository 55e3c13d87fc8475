"""Follow-ups across sessions: who needs something done, by when, and whether it is done."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from fieldkit.attendance.records import AttendanceRecord, SessionInfo

__all__ = ["FollowUp", "list_followups"]


@dataclass(frozen=True)
class FollowUp:
    attendance_uuid: str
    session_uuid: str
    session_date: date | None
    session_title: str
    name: str
    due: date | None
    by: str
    issues: tuple[str, ...]
    referral_to: tuple[str, ...]
    done: date | None

    def overdue(self, today: date) -> bool:
        return self.done is None and self.due is not None and self.due < today


def list_followups(sessions: Sequence[SessionInfo], records: Iterable[AttendanceRecord], *,
                   include_done: bool = True) -> list[FollowUp]:
    """Open ones first, soonest due first (no due date last); then the done ones."""
    by_uuid = {s.uuid: s for s in sessions}
    out = []
    for r in records:
        session = by_uuid.get(r.session_uuid)
        if session is None or not r.needs_followup:
            continue
        if r.followup_done and not include_done:
            continue
        out.append(FollowUp(
            attendance_uuid=r.uuid, session_uuid=r.session_uuid, session_date=session.date,
            session_title=session.title, name=r.name, due=r.followup_due,
            by=r.value("followup_by"), issues=r.choices("issues"),
            referral_to=r.choices("referral_to"), done=r.followup_done))
    out.sort(key=lambda f: (f.done is not None, f.due or date.max, f.session_date or date.max,
                            f.name))
    return out
