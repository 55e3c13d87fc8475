"""The attendance service the Advice sessions workspace and the CLI call."""

from __future__ import annotations

from datetime import date

from fieldkit.attendance.figures import Figures, compute_figures
from fieldkit.attendance.followups import FollowUp, list_followups
from fieldkit.attendance.forms import ServiceForms, load_runtime_form, service_forms
from fieldkit.attendance.matching import PersonIndex
from fieldkit.attendance.reading import read_attendances, read_sessions
from fieldkit.attendance.records import AttendanceRecord, SessionInfo
from fieldkit.attendance.writes import AttendanceWriter
from fieldkit.forms import Form
from fieldkit.store import Store

__all__ = ["AttendanceService"]


class AttendanceService:
    """Sessions, attendances, people, follow-ups and figures of one project."""

    def __init__(self, store: Store, project_id: str, forms: ServiceForms | None = None) -> None:
        self.store = store
        self.project_id = project_id
        self.forms = forms or service_forms(store, project_id)
        self.writer = AttendanceWriter(store, project_id, self.forms)

    @property
    def session_form(self) -> Form:
        return load_runtime_form(self.store, self.forms.session_pk)

    @property
    def attendee_form(self) -> Form:
        return load_runtime_form(self.store, self.forms.attendee_pk)

    def sessions(self, date_from: date | None = None,
                 date_to: date | None = None) -> list[SessionInfo]:
        return read_sessions(self.store, self.project_id, self.forms,
                             date_from=date_from, date_to=date_to)

    def session(self, uuid: str) -> SessionInfo | None:
        return next((s for s in self.sessions() if s.uuid == uuid), None)

    def attendances(self, session_uuid: str | None = None) -> list[AttendanceRecord]:
        return read_attendances(self.store, self.project_id, self.forms,
                                sessions=None if session_uuid is None else [session_uuid])

    def person_index(self) -> PersonIndex:
        dates = {s.uuid: s.date for s in self.sessions()}
        return PersonIndex(self.attendances(), dates)

    def figures(self, date_from: date | None = None, date_to: date | None = None, *,
                today: date | None = None) -> Figures:
        sessions = self.sessions(date_from, date_to)
        return compute_figures(sessions, self.attendances(), date_from=date_from,
                               date_to=date_to, today=today)

    def session_figures(self, uuid: str, *, today: date | None = None) -> Figures:
        session = self.session(uuid)
        sessions = [session] if session is not None else []
        return compute_figures(sessions, self.attendances(uuid), today=today, per_session=False)

    def followups(self, *, include_done: bool = True) -> list[FollowUp]:
        return list_followups(self.sessions(), self.attendances(), include_done=include_done)
