"""The list of interviews the workspace shows, newest change first."""

from __future__ import annotations

from sqlalchemy import func, select

from fieldkit.attendance import in_sessions_workspace
from fieldkit.interviews.consent import METHOD_PATH
from fieldkit.interviews.records import InterviewSummary, as_utc
from fieldkit.store import Store
from fieldkit.store.models import Answer, Form, Interview, Interviewer

__all__ = ["list_interviews"]


def list_interviews(store: Store, project_id: str, *, status: str | None = None,
                    search: str = "", form_pk: int | None = None) -> list[InterviewSummary]:
    """Interviews of ``project_id``, most recently updated first. ``search`` matches
    the label and the interviewer's name, ignoring case (Unicode-aware, so it is
    applied here rather than by the database's ``lower()``). Advice sessions and
    their attendances are interviews too, but live in their own workspace: left out."""
    answered = (
        select(Answer.interview_uuid.label("uuid"), func.count().label("n"))
        .where(Answer.value.is_not(None), Answer.value != "", Answer.path.like("/%"))
        .group_by(Answer.interview_uuid)
        .subquery())
    consent = (
        select(Answer.interview_uuid.label("uuid"), Answer.value.label("method"))
        .where(Answer.path == METHOD_PATH)
        .subquery())
    query = (
        select(Interview, Form.title, Interviewer.name, answered.c.n, consent.c.method)
        .join(Form, Form.id == Interview.form_pk)
        .outerjoin(Interviewer, Interviewer.id == Interview.interviewer_id)
        .outerjoin(answered, answered.c.uuid == Interview.uuid)
        .outerjoin(consent, consent.c.uuid == Interview.uuid)
        .where(Interview.project_id == project_id, ~in_sessions_workspace())
        .order_by(Interview.updated_at.desc(), Interview.created_at.desc(), Interview.uuid))
    if status is not None:
        query = query.where(Interview.status == status)
    if form_pk is not None:
        query = query.where(Interview.form_pk == form_pk)
    needle = search.strip().casefold()
    out: list[InterviewSummary] = []
    with store.session() as db:
        for row, title, name, count, method in db.execute(query):
            if needle and needle not in row.label.casefold() \
                    and needle not in (name or "").casefold():
                continue
            out.append(InterviewSummary(
                uuid=row.uuid, form_pk=row.form_pk, form_title=title, label=row.label,
                status=row.status, created_at=as_utc(row.created_at),
                updated_at=as_utc(row.updated_at),
                respondent_language=row.respondent_language,
                interviewer_id=row.interviewer_id, interviewer_name=name or "",
                answered=count or 0, consent=method or ""))
    return out
