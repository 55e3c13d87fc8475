"""Advice sessions: sessions, check-in, returning attendees, follow-ups and figures
(Qt-free).

Sessions and attendances are stored as interviews, so they travel in data bundles
and merge field by field like any other interview:

- a *session* is an interview of the session form (``advice_session``);
- an *attendance* is an interview of the attendee form (``advice_session_attendee``
  by default) with fieldkit's own rows: :data:`SESSION_PATH` (the session's
  interview uuid), :data:`PERSON_PATH` (who this is, shared by the attendances of
  one returning person) and :data:`FOLLOWUP_DONE_PATH` (when the follow-up was done).

This module only names things, so the interview list can leave these forms out
without importing the rest of the package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement

SESSION_FORM_ID = "advice_session"
ATTENDEE_FORM_ID = "advice_session_attendee"
#: Forms whose interviews belong to the Advice sessions workspace, not the interview list.
SESSION_FORM_IDS = frozenset({SESSION_FORM_ID, ATTENDEE_FORM_ID})

SESSION_PATH = "@fieldkit/session"
PERSON_PATH = "@fieldkit/person"
FOLLOWUP_DONE_PATH = "@fieldkit/followup_done"
#: Sessions created together as a recurring series share this id.
SERIES_PATH = "@fieldkit/series"


def in_sessions_workspace() -> ColumnElement[bool]:
    """A SQL condition on ``Interview`` (joined to ``Form``): the interview is an advice
    session, or an attendance (it has a :data:`SESSION_PATH` row). Such interviews are
    left out of the interview list and its counts. An attendee-form interview started
    in the Interviews workspace has no session, and stays in the list. So does one
    purged after its receipt; but a draft without a single answer row (a started
    interview always has some) is an attendance removed once it left the project
    pack (see fieldkit.sync.session_retention): it stays out."""
    from sqlalchemy import and_, exists, or_, select

    from fieldkit.store.models import Answer, Form, Interview

    attendance = exists(select(Answer.id).where(Answer.interview_uuid == Interview.uuid,
                                                Answer.path == SESSION_PATH))
    removed = and_(Form.form_id == ATTENDEE_FORM_ID, Interview.status == "draft",
                   ~exists(select(Answer.id).where(Answer.interview_uuid == Interview.uuid)))
    return or_(Form.form_id == SESSION_FORM_ID, attendance, removed)
