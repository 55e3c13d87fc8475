"""The figures a funder asks for, per session and over a period.

Every attendance counts once as *new*, *returning* or *anonymous* (not recorded by
name), so ``new + returning + anonymous == attendances``. *Unique people* counts
the named people (by person id) in the period; anonymous visits cannot be told
apart and are left out of it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fieldkit.attendance.records import AttendanceRecord, SessionInfo

__all__ = ["Figures", "compute_figures"]


@dataclass(frozen=True)
class Figures:
    date_from: date | None
    date_to: date | None
    sessions: int
    attendances: int
    unique_people: int
    new: int
    returning: int
    anonymous: int
    children: int
    interpreter_used: int
    languages: dict[str, int]
    issues: dict[str, int]
    outcomes: dict[str, int]
    referrals: dict[str, int]
    referrals_made: int
    followups_open: int
    followups_closed: int
    followups_overdue: int
    per_session: tuple[dict[str, Any], ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        """The stable shape printed by ``fieldkit sessions report --json`` (README)."""
        return {
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "sessions": self.sessions,
            "attendances": self.attendances,
            "unique_people": self.unique_people,
            "new": self.new,
            "returning": self.returning,
            "anonymous": self.anonymous,
            "children": self.children,
            "interpreter_used": self.interpreter_used,
            "languages": self.languages,
            "issues": self.issues,
            "outcomes": self.outcomes,
            "referrals": self.referrals,
            "referrals_made": self.referrals_made,
            "followups_open": self.followups_open,
            "followups_closed": self.followups_closed,
            "followups_overdue": self.followups_overdue,
            "per_session": list(self.per_session),
        }


def _sorted(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def compute_figures(sessions: Sequence[SessionInfo], records: Iterable[AttendanceRecord], *,
                    date_from: date | None = None, date_to: date | None = None,
                    today: date | None = None, per_session: bool = True) -> Figures:
    """Figures over ``sessions`` (attendances of other sessions are ignored)."""
    today = today or date.today()
    wanted = {s.uuid for s in sessions}
    rows = [r for r in records if r.session_uuid in wanted]
    languages: Counter[str] = Counter()
    issues: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    referrals: Counter[str] = Counter()
    people: set[str] = set()
    new = returning = anonymous = children = interpreters = referred = 0
    open_ = closed = overdue = 0
    for r in rows:
        if r.anonymous:
            anonymous += 1
        elif r.returning:
            returning += 1
        else:
            new += 1
        if not r.anonymous:
            people.add(r.person or r.uuid)
        if not r.consented:
            continue  # nothing else was recorded
        children += r.number("children")
        interpreters += r.value("interpreter_used") == "yes"
        if r.value("preferred_language"):
            languages[r.value("preferred_language")] += 1
        issues.update(r.choices("issues"))
        if r.value("outcome"):
            outcomes[r.value("outcome")] += 1
        if r.value("referral_made") == "yes":
            referred += 1
            referrals.update(r.choices("referral_to"))
        if r.needs_followup:
            if r.followup_done:
                closed += 1
            else:
                open_ += 1
                due = r.followup_due
                overdue += due is not None and due < today
    details: tuple[dict[str, Any], ...] = ()
    if per_session:
        details = tuple(_session_line(s, rows, today) for s in sessions)
    return Figures(
        date_from=date_from, date_to=date_to, sessions=len(sessions), attendances=len(rows),
        unique_people=len(people), new=new, returning=returning, anonymous=anonymous,
        children=children, interpreter_used=interpreters, languages=_sorted(languages),
        issues=_sorted(issues), outcomes=_sorted(outcomes), referrals=_sorted(referrals),
        referrals_made=referred, followups_open=open_, followups_closed=closed,
        followups_overdue=overdue, per_session=details)


def _session_line(session: SessionInfo, rows: Sequence[AttendanceRecord],
                  today: date) -> dict[str, Any]:
    own = compute_figures([session], rows, today=today, per_session=False).to_json()
    line: dict[str, Any] = {
        "uuid": session.uuid, "date": session.date.isoformat() if session.date else None,
        "title": session.title, "venue": session.venue}
    for key in ("attendances", "unique_people", "new", "returning", "anonymous", "children",
                "referrals_made", "followups_open", "followups_closed"):
        line[key] = own[key]
    return line
