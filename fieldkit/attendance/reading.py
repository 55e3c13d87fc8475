"""Reading sessions and attendances from the store in a few queries (not one
interview at a time): the figures and the person index need all of them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import select

from fieldkit.answer_paths import is_form_path, path_kind
from fieldkit.attendance import FOLLOWUP_DONE_PATH, PERSON_PATH, SERIES_PATH, SESSION_PATH
from fieldkit.attendance.forms import ServiceForms
from fieldkit.attendance.records import AttendanceRecord, SessionInfo
from fieldkit.interviews.records import parse_date
from fieldkit.store import Store
from fieldkit.store.models import Answer, Interview

__all__ = ["read_attendances", "read_sessions"]


def _rows(store: Store, project_id: str, form_pks: Iterable[int],
          uuids: Iterable[str] | None = None
          ) -> tuple[dict[str, dict[str, str]], dict[str, datetime]]:
    """{uuid: {name or @path: value}} and {uuid: created_at} of live answers."""
    query = (select(Interview.uuid, Interview.created_at, Answer.path, Answer.value)
             .join(Answer, Answer.interview_uuid == Interview.uuid)
             .where(Interview.project_id == project_id,
                    Interview.form_pk.in_(list(form_pks)), Answer.value.is_not(None)))
    if uuids is not None:
        query = query.where(Interview.uuid.in_(list(uuids)))
    values: dict[str, dict[str, str]] = defaultdict(dict)
    created: dict[str, datetime] = {}
    with store.session() as db:
        for uuid, created_at, path, value in db.execute(query):
            created[uuid] = created_at
            # Form paths by question name (the forms have no repeats); own rows as they are.
            key = path.rsplit("/", 1)[-1] if is_form_path(path) else path
            values[uuid][key] = value or ""
    return values, created


def _answers(values: dict[str, str]) -> dict[str, str]:
    """The answers among ``values`` by question name, without fieldkit's own rows."""
    return {k: v for k, v in values.items() if path_kind(k) is None}


def read_sessions(store: Store, project_id: str, forms: ServiceForms, *,
                  date_from: date | None = None, date_to: date | None = None
                  ) -> list[SessionInfo]:
    """Sessions in the period (inclusive), oldest first, with their attendance counts."""
    values, created = _rows(store, project_id, forms.session_pks)
    counts: dict[str, int] = defaultdict(int)
    with store.session() as db:
        rows = db.execute(
            select(Answer.value).join(Interview, Interview.uuid == Answer.interview_uuid)
            .where(Interview.project_id == project_id, Answer.path == SESSION_PATH,
                   Interview.form_pk.in_(list(forms.attendee_pks))))
        for (session_uuid,) in rows:
            if session_uuid:
                counts[session_uuid] += 1
    out = []
    for uuid, vals in values.items():
        day = parse_date(vals.get("session_date", ""))
        if date_from is not None and (day is None or day < date_from):
            continue
        if date_to is not None and (day is None or day > date_to):
            continue
        out.append(SessionInfo(uuid, _answers(vals),
                               vals.get(SERIES_PATH, ""), counts.get(uuid, 0)))
    out.sort(key=lambda s: (s.date or date.max, s.start_time, created[s.uuid]))
    return out


def read_attendances(store: Store, project_id: str, forms: ServiceForms, *,
                     sessions: Iterable[str] | None = None) -> list[AttendanceRecord]:
    """Attendances (of ``sessions`` if given), in the order they were checked in."""
    values, created = _rows(store, project_id, forms.attendee_pks)
    wanted = set(sessions) if sessions is not None else None
    out = []
    for uuid, vals in values.items():
        session_uuid = vals.get(SESSION_PATH, "")
        if not session_uuid or (wanted is not None and session_uuid not in wanted):
            continue
        out.append(AttendanceRecord(
            uuid=uuid, session_uuid=session_uuid, person=vals.get(PERSON_PATH, ""),
            values=_answers(vals),
            created_at=created[uuid], followup_done=parse_date(vals.get(FOLLOWUP_DONE_PATH, ""))))
    out.sort(key=lambda r: (r.created_at, r.uuid))
    return out
