"""Consent comes before any answer: the service refuses answers until it is
recorded, keeps it as synced rows, audits it, and closes a refused interview."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from fieldkit.interviews import (
    Consent,
    ConsentInvalid,
    ConsentRequired,
    InterviewReadOnly,
    InterviewStateError,
    finalize,
    list_interviews,
    open_interview,
    reopen,
    start_interview,
)
from fieldkit.store import Store
from fieldkit.store.models import Answer, AuditEvent
from tests.interviews.conftest import CONSENT, MEMBER


def _rows(store: Store, uuid: str) -> dict[str, str | None]:
    with store.session() as session:
        return {path: value for path, value in session.execute(
            select(Answer.path, Answer.value).where(Answer.interview_uuid == uuid))}


def _events(store: Store, uuid: str) -> list[tuple[str, dict[str, object]]]:
    with store.session() as session:
        return [(e.action, json.loads(e.detail)) for e in session.scalars(
            select(AuditEvent).where(AuditEvent.object_id == uuid).order_by(AuditEvent.id))]


def test_no_answer_before_consent(store: Store, household: int) -> None:
    handle = start_interview(store, form_pk=household, respondent_language="")
    before = _rows(store, handle.uuid)
    assert handle.consent is None
    with pytest.raises(ConsentRequired, match="Record the respondent's consent"):
        handle.answer(CONSENT, "yes")
    with pytest.raises(ConsentRequired):
        handle.add_repeat(MEMBER)
    with pytest.raises(ConsentRequired):
        handle.clear(CONSENT)
    with pytest.raises(ConsentRequired):
        handle.finalize()
    with pytest.raises(ConsentRequired):  # past the handle, on the session itself
        handle.session.answer(CONSENT, "yes")
    assert handle.session.value(CONSENT) == ""
    assert _rows(store, handle.uuid) == before
    # Moving between pages is not an answer: it still works (to read the form out).
    handle.next_page()


def test_recorded_consent_is_synced_rows_and_audited(store: Store, household: int) -> None:
    handle = start_interview(store, form_pk=household, respondent_language="")
    handle.record_consent(Consent("on_behalf", given_by="  Ana Pop ", relationship="daughter",
                                  recorded_by="interviewer-7"))
    rows = _rows(store, handle.uuid)
    assert rows["@fieldkit/consent/method"] == "on_behalf"
    assert rows["@fieldkit/consent/given_by"] == "Ana Pop"
    assert rows["@fieldkit/consent/relationship"] == "daughter"
    assert rows["@fieldkit/consent/recorded_by"] == "interviewer-7"
    assert rows["@fieldkit/consent/at"]
    handle.answer(CONSENT, "yes")
    assert _rows(store, handle.uuid)[CONSENT] == "yes"
    # Not form data: the consent rows stay out of the form's answers.
    assert not any(p.startswith("@") for p in handle.stored_answers())
    events = _events(store, handle.uuid)
    assert [a for a, _d in events] == ["start", "consent"]
    assert events[1][1] == {"method": "on_behalf", "on_behalf": True,
                            "recorded_by": "interviewer-7"}  # no names in the log
    again = open_interview(store, handle.uuid)
    consent = again.consent
    assert consent is not None and consent.given and consent.given_by == "Ana Pop"
    assert consent.at is not None and consent.at.tzinfo is not None
    with pytest.raises(InterviewStateError, match="already recorded"):
        again.record_consent(Consent("verbal"))


@pytest.mark.parametrize(("consent", "message"), [
    (Consent("on_behalf", given_by="Ana"), "relationship"),
    (Consent("on_behalf", relationship="son"), "name"),
    (Consent("nodded"), "not one of"),
])
def test_incomplete_consent_is_refused(store: Store, household: int, consent: Consent,
                                       message: str) -> None:
    handle = start_interview(store, form_pk=household, respondent_language="")
    with pytest.raises(ConsentInvalid, match=message):
        handle.record_consent(consent)
    assert handle.consent is None
    with pytest.raises(ConsentInvalid):
        start_interview(store, form_pk=household, respondent_language="", consent=consent)


def test_refusal_closes_the_interview_without_answers(store: Store, project_id: str,
                                                      household: int) -> None:
    handle = start_interview(store, form_pk=household, respondent_language="", label="Flat 9")
    handle.record_consent(Consent("refused"))
    assert handle.status == "finalized" and handle.info.finalized_at is not None
    with pytest.raises(InterviewReadOnly):
        handle.answer(CONSENT, "yes")
    rows = _rows(store, handle.uuid)
    assert rows["@fieldkit/consent/method"] == "refused"
    assert not rows.get(CONSENT)
    [summary] = list_interviews(store, project_id)
    assert (summary.status, summary.consent) == ("finalized", "refused")
    assert [a for a, _d in _events(store, handle.uuid)] == ["start", "consent"]
    with pytest.raises(InterviewStateError):
        finalize(store, handle.uuid)
    # The respondent changes their mind on a later visit: reopen, then consent.
    reopen(store, handle.uuid, "Ola", "came back the next week")
    again = open_interview(store, handle.uuid)
    with pytest.raises(ConsentRequired, match="refused consent"):
        again.answer(CONSENT, "yes")
    again.record_consent(Consent("signed"))
    again.answer(CONSENT, "yes")
    assert _rows(store, handle.uuid)["@fieldkit/consent/method"] == "signed"


def test_a_refusal_cannot_be_the_start(store: Store, household: int) -> None:
    with pytest.raises(InterviewStateError):
        start_interview(store, form_pk=household, respondent_language="",
                        consent=Consent("refused"))


def test_advice_session_records_need_no_consent_record(
        store: Store, forms: dict[str, int]) -> None:
    """A session has no respondent; an attendance (linked to its session) asks consent
    as its own first question. The same attendee form on its own still waits."""
    from fieldkit.attendance import ATTENDEE_FORM_ID, SESSION_FORM_ID, SESSION_PATH

    session = start_interview(store, form_pk=forms[SESSION_FORM_ID], respondent_language="")
    venue = "/data/venue"
    session.answer(venue, "Library")
    assert _rows(store, session.uuid)[venue] == "Library"

    attendance = start_interview(store, form_pk=forms[ATTENDEE_FORM_ID],
                                 respondent_language="")
    with attendance.batch():
        attendance.set_own_field(SESSION_PATH, session.uuid)
        attendance.session.answer("/data/consent", "no")
    assert _rows(store, attendance.uuid)["/data/consent"] == "no"

    alone = start_interview(store, form_pk=forms[ATTENDEE_FORM_ID], respondent_language="")
    with pytest.raises(ConsentRequired):
        alone.answer("/data/consent", "yes")
    with pytest.raises(ConsentRequired), alone.batch():
        alone.session.answer("/data/consent", "yes")
    assert "/data/consent" not in _rows(store, alone.uuid)


def test_consent_step_answers_the_forms_own_consent_questions(
        store: Store, household: int) -> None:
    handle = start_interview(store, form_pk=household, respondent_language="")
    handle.record_consent(Consent("verbal"))
    assert handle.session.value(CONSENT) == "yes"
    assert handle.session.value("/data/consent_grp/consent_type") == "verbal"
    stored = _rows(store, handle.uuid)
    assert stored[CONSENT] == "yes"
    assert stored["/data/consent_grp/consent_type"] == "verbal"
    # The interviewer may still correct what the form says.
    handle.answer("/data/consent_grp/consent_type", "signed")
    reopened = open_interview(store, handle.uuid)
    assert reopened.session.value("/data/consent_grp/consent_type") == "signed"


def test_a_refusal_answers_nothing(store: Store, household: int) -> None:
    handle = start_interview(store, form_pk=household, respondent_language="")
    handle.record_consent(Consent("refused"))
    assert CONSENT not in _rows(store, handle.uuid)
