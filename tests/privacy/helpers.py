"""A coordinator's store with one person in every kind of record (and people like
them who are someone else), written as the interview service writes answers."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from fieldkit.focus import KIND_PATH, Kind
from fieldkit.form_roles import ATTENDS_PATH
from fieldkit.interviews.answer_rows import write_answers
from fieldkit.interviews.consent import GIVEN_BY_PATH, METHOD_PATH, RELATIONSHIP_PATH
from fieldkit.interviews.runtime_forms import runtime_form
from fieldkit.projects import ensure_local_device
from fieldkit.store import Store
from fieldkit.store.models import Form, Interview, utcnow


def question_path(store: Store, form_id: str, name: str) -> str:
    with store.session() as session:
        pk = session.scalars(select(Form.id).where(Form.form_id == form_id)).first()
        assert pk is not None, form_id
        form = runtime_form(session, pk)[1]
    return next(p for p, q in form.questions.items() if q.name == name)


def add_record(store: Store, project_id: str, form_id: str, answers: dict[str, str | None],
               *, language: str = "", label: str = "") -> str:
    """A finalized record of ``form_id`` entered on this store; ``answers`` by
    question name (``[n]`` suffix for a repeat instance) or by own path."""
    device = ensure_local_device(store)
    rows: dict[str, str | None] = {}
    for key, value in answers.items():
        if key.startswith("@"):
            rows[key] = value
            continue
        name, _sep, index = key.partition("[")
        path = question_path(store, form_id, name)
        if index:
            parent, leaf = path.rsplit("/", 1)
            path = f"{parent}[{index.rstrip(']')}]/{leaf}"
        rows[path] = value
    now = utcnow()
    with store.session() as session:
        pk = session.scalars(select(Form.id).where(Form.project_id == project_id,
                                                   Form.form_id == form_id)).first()
        assert pk is not None
        row = Interview(project_id=project_id, form_pk=pk, status="finalized", label=label,
                        respondent_language=language, device_id=device.id,
                        created_at=now, updated_at=now, finalized_at=now)
        session.add(row)
        session.flush()
        write_answers(session, row.uuid, device.id, rows, now)
        return row.uuid


@dataclass
class Seeded:
    uuids: dict[str, str] = field(default_factory=dict)


def seed_people(store: Store, project_id: str) -> Seeded:
    """Hristo Petrov in a household roster, a customer profile, an advice-session
    attendance, a focus group and as the one who gave consent for his mother; and
    Hristina Petrova, a different person with a similar name."""
    seeded = Seeded()
    seeded.uuids["household"] = add_record(store, project_id, "household_survey", {
        "postcode": "B1 2AB", "address": "12 Station Road",
        "member_name[1]": "Hristo Petrov", "age[1]": "45",
        "member_name[2]": "Elena Petrova", "age[2]": "44",
    }, language="Български (bg)", label="HH-00001")
    seeded.uuids["profile"] = add_record(store, project_id, "customer_profile", {
        "full_name": "Христо Петров", "date_of_birth": "1980-03-02",
        "phone": "07700 900123", "postcode": "B1 2AB",
        GIVEN_BY_PATH: "Христо Петров", METHOD_PATH: "signed",
    }, language="Български (bg)")
    session_uuid = add_record(store, project_id, "advice_session", {
        "title": "Roma advice drop-in", "session_date": "2026-11-30"})
    seeded.uuids["attendance"] = add_record(store, project_id, "advice_session_attendee", {
        "attendee_name": "Khristo Petroff", "year_of_birth": "1980",
        "phone": "+44 7700 900123", ATTENDS_PATH: session_uuid,
    }, label="Khristo Petroff")
    group = add_record(store, project_id, "focus_group", {KIND_PATH: Kind.GROUP.value})
    seeded.uuids["participant"] = add_record(store, project_id, "focus_item", {
        "text": "Hristo Petrov", KIND_PATH: Kind.PARTICIPANT.value, ATTENDS_PATH: group})
    seeded.uuids["consent"] = add_record(store, project_id, "household_survey", {
        "postcode": "B2 9ZZ", "member_name[1]": "Ivanka Petrova",
        GIVEN_BY_PATH: "Hristo Petrov", METHOD_PATH: "on_behalf",
        RELATIONSHIP_PATH: "son",
    }, label="HH-00002")
    seeded.uuids["other"] = add_record(store, project_id, "advice_session_attendee", {
        "attendee_name": "Hristina Petrova", "year_of_birth": "1995",
        ATTENDS_PATH: session_uuid}, label="Hristina Petrova")
    return seeded
