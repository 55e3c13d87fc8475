"""Form roles: the policy each layer asks instead of knowing form ids."""

from __future__ import annotations

from fieldkit.attendance import ATTENDEE_FORM_ID, SESSION_FORM_ID, SESSION_FORM_IDS, SESSION_PATH
from fieldkit.form_roles import (
    ATTENDS_PATH,
    Role,
    Workspace,
    form_ids,
    needs_consent_record,
    role_of,
)


def test_a_form_without_a_role_is_a_survey() -> None:
    role = role_of("household_survey")
    assert role.role is Role.SURVEY
    assert role.workspace is Workspace.INTERVIEWS
    assert role.needs_consent and not role.exported_at_any_status
    assert not (role.travels_as_draft or role.travels_in_pack or role.gathering
                or role.attendance)


def test_advice_session_forms_are_records_that_travel_in_the_pack() -> None:
    session, attendee = role_of(SESSION_FORM_ID), role_of(ATTENDEE_FORM_ID)
    assert session.gathering and not session.attendance and not session.needs_consent
    assert attendee.attendance and not attendee.gathering and attendee.needs_consent
    for role in (session, attendee):
        assert role.workspace is Workspace.SESSIONS
        assert role.exported_at_any_status and role.travels_as_draft and role.travels_in_pack
    assert form_ids(lambda r: r.travels_in_pack) == SESSION_FORM_IDS
    assert form_ids(lambda r: r.gathering) == {SESSION_FORM_ID}
    assert session.date_question == "session_date"


def test_consent_record_needed_unless_the_role_or_an_attendance_says_otherwise() -> None:
    assert ATTENDS_PATH == SESSION_PATH == "@fieldkit/session"
    assert needs_consent_record("household_survey", attends=False)
    assert not needs_consent_record("household_survey", attends=True)
    assert needs_consent_record(ATTENDEE_FORM_ID, attends=False)
    assert not needs_consent_record(ATTENDEE_FORM_ID, attends=True)
    assert not needs_consent_record(SESSION_FORM_ID, attends=False)
