"""Every write of the Advice sessions feature, in one place.

Sessions and attendances are interviews, written through the interview service
(:mod:`fieldkit.interviews`), so every answer is saved as it is given, with a
logical clock, and merges field by field. Rules about what an attendance may
hold live here too: a person who declines to be recorded keeps no identifying
answer, and a named attendance always has a person id.
"""

from __future__ import annotations

import uuid as uuid_module
from collections.abc import Mapping
from datetime import date, timedelta

from fieldkit.attendance import FOLLOWUP_DONE_PATH, PERSON_PATH, SERIES_PATH, SESSION_PATH
from fieldkit.attendance.forms import ServiceForms, field_paths, service_forms
from fieldkit.forms import Form
from fieldkit.interviews import InterviewHandle, open_interview, start_interview
from fieldkit.store import Store

__all__ = ["RECURRENCE_STEPS", "AttendanceWriter", "identifying_fields", "recurring_dates"]

#: Days between sessions of a series, by the session form's ``recurrence`` code.
RECURRENCE_STEPS = {"weekly": 7, "fortnightly": 14}


def recurring_dates(first: date, recurrence: str, count: int) -> list[date]:
    """``count`` dates from ``first`` (monthly keeps the day of the month, or the
    month's last day when it is shorter)."""
    if count <= 1 or recurrence not in (*RECURRENCE_STEPS, "monthly"):
        return [first]
    if recurrence in RECURRENCE_STEPS:
        step = RECURRENCE_STEPS[recurrence]
        return [first + timedelta(days=step * i) for i in range(count)]
    out = []
    for i in range(count):
        month0 = first.month - 1 + i
        year, month = first.year + month0 // 12, month0 % 12 + 1
        day = first.day
        while True:
            try:
                out.append(date(year, month, day))
                break
            except ValueError:
                day -= 1
    return out


def identifying_fields(form: Form) -> set[str]:
    """Names of the questions marked ``fieldkit:sensitive`` (see resources/forms)."""
    return {form.questions[path].name for path, bind in form.binds.items()
            if path in form.questions
            and (bind.extra.get("fieldkit:sensitive") or bind.extra.get("sensitive")) == "yes"}


def _text(value: object) -> object:
    return "" if value is None else value


class AttendanceWriter:
    """Creates and changes sessions and attendances of one project. Keeps the
    interviews it opened, so a check-in of 60 people opens each one once."""

    def __init__(self, store: Store, project_id: str, forms: ServiceForms | None = None) -> None:
        self.store = store
        self.project_id = project_id
        self.forms = forms or service_forms(store, project_id)
        self._handles: dict[str, InterviewHandle] = {}

    # -- interviews ----------------------------------------------------------------------

    def handle(self, uuid: str) -> InterviewHandle:
        handle = self._handles.get(uuid)
        if handle is None:
            handle = self._handles[uuid] = open_interview(self.store, uuid)
        return handle

    def forget(self, uuid: str) -> None:
        self._handles.pop(uuid, None)

    def _start(self, form_pk: int) -> InterviewHandle:
        handle = start_interview(self.store, form_pk=form_pk, respondent_language="")
        self._handles[handle.uuid] = handle
        return handle

    @staticmethod
    def _answer_all(handle: InterviewHandle, values: Mapping[str, object]) -> None:
        """Answer by question name inside a batch (the caller's)."""
        paths = field_paths(handle.form)
        for name, value in values.items():
            if value is None or value == "":
                handle.session.clear(paths[name])
            else:
                handle.session.answer(paths[name], value)

    # -- sessions ------------------------------------------------------------------------

    def create_sessions(self, values: Mapping[str, object], *, count: int = 1) -> list[str]:
        """One session, or ``count`` of a series following ``values["recurrence"]``
        from ``values["session_date"]`` (a date). Returns the new sessions' uuids."""
        first = values.get("session_date")
        recurrence = str(values.get("recurrence") or "none")
        dates = recurring_dates(first, recurrence, count) if isinstance(first, date) else [first]
        series = str(uuid_module.uuid4()) if len(dates) > 1 else ""
        made = []
        for day in dates:
            handle = self._start(self.forms.session_pk)
            with handle.batch():
                self._answer_all(handle, {**values, "session_date": day})
                if series:
                    handle.set_own_field(SERIES_PATH, series)
            made.append(handle.uuid)
        return made

    def set_session_value(self, uuid: str, name: str, value: object) -> None:
        handle = self.handle(uuid)
        with handle.batch():
            self._answer_all(handle, {name: value})

    # -- attendances ---------------------------------------------------------------------

    def add_attendance(self, session_uuid: str, values: Mapping[str, object], *,
                       person: str | None = None) -> str:
        """Check a person in: a new attendance of the session with ``values`` (by
        question name). ``person`` links it to a returning person's earlier visits."""
        handle = self._start(self.forms.attendee_pk)
        with handle.batch():
            handle.set_own_field(SESSION_PATH, session_uuid)
            self._apply(handle, values)
            if person:
                self._link(handle, person)
        return handle.uuid

    def set_values(self, uuid: str, values: Mapping[str, object]) -> None:
        handle = self.handle(uuid)
        with handle.batch():
            self._apply(handle, values)

    def set_answer(self, uuid: str, path: str, value: object) -> None:
        """Answer by form path (the per-attendee details panel)."""
        name = self.handle(uuid).form.questions[path].name
        self.set_values(uuid, {name: value})

    def link_person(self, uuid: str, person: str) -> None:
        """This is a returning person: share their person id, mark the visit returning."""
        handle = self.handle(uuid)
        with handle.batch():
            self._link(handle, person)

    def set_followup_done(self, uuid: str, day: date | None) -> None:
        self.handle(uuid).set_own_field(FOLLOWUP_DONE_PATH, day.isoformat() if day else "")

    def _link(self, handle: InterviewHandle, person: str) -> None:
        handle.set_own_field(PERSON_PATH, person)
        paths = field_paths(handle.form)
        if "visit_type" in paths:
            handle.session.answer(paths["visit_type"], "returning")

    def _apply(self, handle: InterviewHandle, values: Mapping[str, object]) -> None:
        """Answer ``values`` keeping an attendance's rules (inside a batch)."""
        paths = field_paths(handle.form)
        values = {k: _text(v) for k, v in values.items() if k in paths}
        self._answer_all(handle, values)
        session = handle.session
        if "consent" in paths and session.value(paths["consent"]) == "no":
            # Not recorded: count the visit, keep nothing that identifies the person.
            sensitive = identifying_fields(handle.form)
            for name in sensitive:
                if session.value(paths[name]):
                    session.clear(paths[name])
            if handle.own_field(PERSON_PATH):
                handle.set_own_field(PERSON_PATH, "")
            return
        name_path = paths.get("attendee_name")
        if name_path and session.value(name_path).strip():
            if not handle.own_field(PERSON_PATH):
                handle.set_own_field(PERSON_PATH, str(uuid_module.uuid4()))
            if "visit_type" in paths and not session.value(paths["visit_type"]):
                session.answer(paths["visit_type"], "new")
