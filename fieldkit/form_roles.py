"""What each form is for: its role, and the policy that comes with it (Qt-free).

Most forms are surveys: an interview needs a consent record, shows in the Interviews
workspace, is exported and travels once finalized. Some forms play another part (the
advice-session forms: a session is a gathering with a date, an attendance links to
its session), and the layers below the GUI (interviews, sync, exports, project
overviews) ask this module what a form's interviews need instead of knowing form ids.

To add a role (focus groups, say): add a :class:`Role` member, its :class:`FormRole`
in ``_POLICIES``, and the form ids that play it in ``_FORM_ROLES``. Every layer then
treats those forms by the policy; only the feature package that works with the role
(``fieldkit.attendance`` for advice sessions) knows the form ids for what it builds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from fieldkit.answer_paths import own_path

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement

__all__ = [
    "ADVICE_ATTENDEE_FORM_ID",
    "ADVICE_SESSION_FORM_ID",
    "ATTENDS_PATH",
    "FOCUS_GROUP_FORM_ID",
    "FOCUS_ITEM_FORM_ID",
    "FormRole",
    "Role",
    "Workspace",
    "form_ids",
    "needs_consent_record",
    "outside_interview_list",
    "role_of",
]

ADVICE_SESSION_FORM_ID = "advice_session"
ADVICE_ATTENDEE_FORM_ID = "advice_session_attendee"
FOCUS_GROUP_FORM_ID = "focus_group"
FOCUS_ITEM_FORM_ID = "focus_item"

#: fieldkit's own row that links an attendance to its gathering (the gathering's
#: interview uuid). An interview with this row is an attendance, whatever its form.
ATTENDS_PATH = own_path("session")


class Workspace(StrEnum):
    """Where an interview is shown and worked on."""

    INTERVIEWS = "interviews"
    SESSIONS = "sessions"  # the Advice sessions workspace
    FOCUS = "focus"  # the Focus groups workspace


class Role(StrEnum):
    SURVEY = "survey"
    ADVICE_SESSION = "advice_session"
    ADVICE_ATTENDANCE = "advice_attendance"
    FOCUS_GROUP = "focus_group"
    FOCUS_ITEM = "focus_item"


@dataclass(frozen=True)
class FormRole:
    role: Role
    #: Where its interviews are shown. For an attendance role, only those linked to a
    #: gathering (by :data:`ATTENDS_PATH`); the others stay in the Interviews workspace.
    workspace: Workspace = Workspace.INTERVIEWS
    #: Answers wait for a consent record (an attendance's consent is its own question).
    needs_consent: bool = True
    #: Exported whatever the status: records kept open for weeks, not interviews to
    #: finish (follow-ups are marked done later).
    exported_at_any_status: bool = False
    #: Drafts travel in bundles too: each change to an open record reaches the
    #: coordinator.
    travels_as_draft: bool = False
    #: The coordinator's project pack carries its interviews to every laptop.
    travels_in_pack: bool = False
    #: Its interviews are gatherings that attendances link to.
    gathering: bool = False
    #: Its interviews linked to a gathering are attendances.
    attendance: bool = False
    #: The question (name) holding a gathering's date, which decides how long the pack
    #: carries it.
    date_question: str | None = None


_POLICIES: dict[Role, FormRole] = {
    Role.SURVEY: FormRole(Role.SURVEY),
    # A session has no respondent; sessions and attendances stay drafts for weeks.
    Role.ADVICE_SESSION: FormRole(
        Role.ADVICE_SESSION, workspace=Workspace.SESSIONS, needs_consent=False,
        exported_at_any_status=True, travels_as_draft=True, travels_in_pack=True,
        gathering=True, date_question="session_date"),
    Role.ADVICE_ATTENDANCE: FormRole(
        Role.ADVICE_ATTENDANCE, workspace=Workspace.SESSIONS,
        exported_at_any_status=True, travels_as_draft=True, travels_in_pack=True,
        attendance=True),
    # Focus groups (and the project's topic guides and codebook themes, records of
    # the same form) are gatherings: no respondent of their own (each participant's
    # consent is a row of theirs), open for weeks while notes are coded, carried by
    # the pack so any laptop can take notes or code. Participants, notes and codings
    # are items linked to their group like attendances.
    Role.FOCUS_GROUP: FormRole(
        Role.FOCUS_GROUP, workspace=Workspace.FOCUS, needs_consent=False,
        exported_at_any_status=True, travels_as_draft=True, travels_in_pack=True,
        gathering=True, date_question="group_date"),
    Role.FOCUS_ITEM: FormRole(
        Role.FOCUS_ITEM, workspace=Workspace.FOCUS, needs_consent=False,
        exported_at_any_status=True, travels_as_draft=True, travels_in_pack=True,
        attendance=True),
}

#: Forms that play a role other than a survey, by form id.
_FORM_ROLES: dict[str, Role] = {
    ADVICE_SESSION_FORM_ID: Role.ADVICE_SESSION,
    ADVICE_ATTENDEE_FORM_ID: Role.ADVICE_ATTENDANCE,
    FOCUS_GROUP_FORM_ID: Role.FOCUS_GROUP,
    FOCUS_ITEM_FORM_ID: Role.FOCUS_ITEM,
}


def role_of(form_id: str) -> FormRole:
    """The policy of the form ``form_id`` (a survey's unless it plays another role)."""
    return _POLICIES[_FORM_ROLES.get(form_id, Role.SURVEY)]


def form_ids(where: Callable[[FormRole], bool]) -> frozenset[str]:
    """The form ids of the non-survey roles ``where`` holds for (for SQL filters)."""
    return frozenset(form_id for form_id, role in _FORM_ROLES.items()
                     if where(_POLICIES[role]))


def needs_consent_record(form_id: str, *, attends: bool) -> bool:
    """Whether answers to an interview of ``form_id`` wait for a consent record;
    ``attends``: it has an :data:`ATTENDS_PATH` row (an attendance asks for consent
    as its own first question)."""
    return role_of(form_id).needs_consent and not attends


def outside_interview_list() -> ColumnElement[bool]:
    """A SQL condition on ``Interview`` (joined to ``Form``): the interview is shown in
    another workspace than the interview list, so the list and its counts leave it
    out. That is an interview of a form shown elsewhere, or an attendance (it has an
    :data:`ATTENDS_PATH` row). An attendance-form interview started in the Interviews
    workspace has no link, and stays in the list. So does one purged after its
    receipt; but a draft without a single answer row (a started interview always has
    some) is an attendance removed once it left the project pack (see
    fieldkit.sync.session_retention): it stays out."""
    from sqlalchemy import and_, exists, or_, select  # SQLAlchemy only when a list is built

    from fieldkit.store.models import Answer, Form, Interview  # the store: the same

    elsewhere = form_ids(lambda r: r.workspace != Workspace.INTERVIEWS and not r.attendance)
    attendance_forms = form_ids(lambda r: r.attendance)
    attends = exists(select(Answer.id).where(Answer.interview_uuid == Interview.uuid,
                                             Answer.path == ATTENDS_PATH))
    removed = and_(Form.form_id.in_(sorted(attendance_forms)), Interview.status == "draft",
                   ~exists(select(Answer.id).where(Answer.interview_uuid == Interview.uuid)))
    return or_(Form.form_id.in_(sorted(elsewhere)), attends, removed)
