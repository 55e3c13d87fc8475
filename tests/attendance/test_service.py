"""Sessions and attendances stored as interviews: writing, reading, figures, follow-ups."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from fieldkit.attendance import PERSON_PATH, SERIES_PATH, SESSION_PATH
from fieldkit.attendance.service import AttendanceService
from fieldkit.attendance.writes import recurring_dates
from fieldkit.interviews import list_interviews
from fieldkit.projects import project_overview
from fieldkit.store import Store
from fieldkit.store.models import Answer

SESSION = {"title": "Roma advice drop-in", "session_date": date(2026, 3, 2),
           "start_time": "10:00", "venue": "Community Centre", "languages": "en ro bg"}


def visit(name: str, **extra: object) -> dict[str, object]:
    return {"consent": "yes", "attendee_name": name, "preferred_language": "ro",
            "household_size": 4, "children": 2, "issues": "housing benefits", **extra}


def rows(store: Store, uuid: str) -> dict[str, str | None]:
    with store.session() as db:
        return dict(db.execute(select(Answer.path, Answer.value)
                               .where(Answer.interview_uuid == uuid)).all())


def test_a_session_and_its_attendances_are_interviews(
        store: Store, project_id: str, forms: dict[str, int]) -> None:
    service = AttendanceService(store, project_id)
    [session] = service.writer.create_sessions(SESSION)
    first = service.writer.add_attendance(session, visit("Hristo Petrov", year_of_birth=1980))
    stored = rows(store, first)
    assert stored[SESSION_PATH] == session
    assert stored[PERSON_PATH]
    assert stored["/data/visit/person/attendee_name"] == "Hristo Petrov"
    assert stored["/data/visit/person/visit_type"] == "new"
    info = service.session(session)
    assert info is not None and info.title == "Roma advice drop-in"
    assert info.date == date(2026, 3, 2) and info.languages == ("en", "ro", "bg")
    assert info.attendances == 1
    # The interviewer's list and counts leave them out.
    assert list_interviews(store, project_id) == []
    assert project_overview(store, project_id).interviews == 0


def test_declining_keeps_nothing_identifying(
        store: Store, project_id: str, forms: dict[str, int]) -> None:
    service = AttendanceService(store, project_id)
    [session] = service.writer.create_sessions(SESSION)
    uuid = service.writer.add_attendance(session, visit("Maria", phone="07700 900001"))
    service.writer.set_values(uuid, {"consent": "no"})
    stored = rows(store, uuid)
    assert stored["/data/visit/person/attendee_name"] == ""
    assert stored["/data/visit/person/phone"] == ""
    assert stored[PERSON_PATH] == ""
    [record] = service.attendances(session)
    assert record.anonymous


def test_figures_count_each_visit_once(store: Store, project_id: str,
                                       forms: dict[str, int]) -> None:
    service = AttendanceService(store, project_id)
    w = service.writer
    first, second = w.create_sessions({**SESSION, "recurrence": "weekly"}, count=2)
    hristo = w.add_attendance(first, visit("Hristo Petrov", referral_made="yes",
                                           referral_to="welfare", followup="yes",
                                           followup_date=date(2026, 3, 9)))
    w.add_attendance(first, visit("Ana Lingurar", preferred_language="bg"))
    w.add_attendance(first, {"consent": "no"})
    person = rows(store, hristo)[PERSON_PATH]
    again = w.add_attendance(second, visit("Христо Петров"), person=person)
    assert rows(store, again)["/data/visit/person/visit_type"] == "returning"
    w.add_attendance(second, {"consent": "no"})

    figures = service.figures(today=date(2026, 3, 20))
    assert (figures.sessions, figures.attendances) == (2, 5)
    assert (figures.new, figures.returning, figures.anonymous) == (2, 1, 2)
    assert figures.new + figures.returning + figures.anonymous == figures.attendances
    assert figures.unique_people == 2
    assert figures.children == 6
    assert figures.languages == {"ro": 2, "bg": 1}
    assert figures.issues == {"benefits": 3, "housing": 3}
    assert figures.referrals == {"welfare": 1} and figures.referrals_made == 1
    assert (figures.followups_open, figures.followups_overdue) == (1, 1)
    assert [line["attendances"] for line in figures.per_session] == [3, 2]

    only_second = service.figures(date(2026, 3, 5), date(2026, 3, 31))
    assert (only_second.sessions, only_second.attendances, only_second.returning) == (1, 2, 1)

    [follow] = service.followups()
    assert follow.name == "Hristo Petrov" and follow.due == date(2026, 3, 9)
    w.set_followup_done(hristo, date(2026, 3, 8))
    assert service.followups()[0].done == date(2026, 3, 8)
    closed = service.figures()
    assert (closed.followups_open, closed.followups_closed) == (0, 1)


def test_recurring_sessions_share_a_series(store: Store, project_id: str,
                                           forms: dict[str, int]) -> None:
    service = AttendanceService(store, project_id)
    made = service.writer.create_sessions({**SESSION, "recurrence": "fortnightly"}, count=3)
    sessions = service.sessions()
    assert [s.date for s in sessions] == [date(2026, 3, 2), date(2026, 3, 16), date(2026, 3, 30)]
    assert len({rows(store, u)[SERIES_PATH] for u in made}) == 1


def test_recurring_dates_keep_the_day_of_the_month() -> None:
    assert recurring_dates(date(2026, 1, 31), "monthly", 3) == [
        date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)]
    assert recurring_dates(date(2026, 1, 1), "none", 5) == [date(2026, 1, 1)]


def test_the_forms_are_added_when_the_project_lacks_them(store: Store, project_id: str) -> None:
    service = AttendanceService(store, project_id)
    assert service.session_form.form_id == "advice_session"
    assert service.attendee_form.form_id == "advice_session_attendee"
