"""The list of interviews the workspace shows, newest change first."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.form_roles import outside_interview_list
from fieldkit.forms import FormError
from fieldkit.interviews.answered import asked_questions, count_answered
from fieldkit.interviews.consent import METHOD_PATH
from fieldkit.interviews.records import InterviewSummary
from fieldkit.interviews.runtime_forms import runtime_form
from fieldkit.store import Store
from fieldkit.store.models import Answer, Form, Interview, Interviewer

__all__ = ["list_interviews"]


def _asked(db: Session, form_pk: int) -> frozenset[str] | None:
    """The form's asked questions; None if its XForm cannot be read (the list
    still shows its interviews, counting every field but meta)."""
    try:
        return asked_questions(runtime_form(db, form_pk)[1])
    except FormError:
        return None


def list_interviews(store: Store, project_id: str, *, status: str | None = None,
                    search: str = "", form_pk: int | None = None) -> list[InterviewSummary]:
    """Interviews of ``project_id``, most recently updated first. ``search`` matches
    the label and the interviewer's name, ignoring case (Unicode-aware, so it is
    applied here rather than by the database's ``lower()``). ``answered`` counts
    the questions a person answered (see :mod:`.answered`), relevant or not. Advice
    sessions and their attendances are interviews too, but live in their own
    workspace: left out."""
    consent = (
        select(Answer.interview_uuid.label("uuid"), Answer.value.label("method"))
        .where(Answer.path == METHOD_PATH)
        .subquery())
    query = (
        select(Interview, Form.title, Interviewer.name, consent.c.method)
        .join(Form, Form.id == Interview.form_pk)
        .outerjoin(Interviewer, Interviewer.id == Interview.interviewer_id)
        .outerjoin(consent, consent.c.uuid == Interview.uuid)
        .where(Interview.project_id == project_id, ~outside_interview_list())
        .order_by(Interview.updated_at.desc(), Interview.created_at.desc(), Interview.uuid))
    if status is not None:
        query = query.where(Interview.status == status)
    if form_pk is not None:
        query = query.where(Interview.form_pk == form_pk)
    needle = search.strip().casefold()
    out: list[InterviewSummary] = []
    with store.session() as db:
        rows = [(row, title, name, method) for row, title, name, method in db.execute(query)
                if not needle or needle in row.label.casefold()
                or needle in (name or "").casefold()]
        given: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
        chosen = query.with_only_columns(Interview.uuid).order_by(None).subquery()
        for uuid, path, value in db.execute(
                select(Answer.interview_uuid, Answer.path, Answer.value)
                .where(Answer.interview_uuid.in_(select(chosen.c.uuid)),
                       Answer.value.is_not(None), Answer.value != "",
                       Answer.path.like("/%"))):
            given[uuid].append((path, value))
        asked = {pk: _asked(db, pk)
                 for pk in {row.form_pk for row, _t, _n, _m in rows if row.uuid in given}}
        for row, title, name, method in rows:
            answers = given.get(row.uuid, ())
            count = count_answered(asked[row.form_pk], answers) if answers else 0
            out.append(InterviewSummary(
                uuid=row.uuid, form_pk=row.form_pk, form_title=title, label=row.label,
                status=row.status, created_at=row.created_at,
                updated_at=row.updated_at,
                respondent_language=row.respondent_language,
                interviewer_id=row.interviewer_id, interviewer_name=name or "",
                answered=count, consent=method or ""))
    return out
