"""Finalize (only when valid; then read-only) and reopen (audited)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from fieldkit.errors import InvalidInput
from fieldkit.interviews import (
    InterviewReadOnly,
    InterviewStateError,
    ReasonRequired,
    finalize,
    open_interview,
    reopen,
    start_interview,
)
from fieldkit.store import Store
from fieldkit.store.models import Answer, AuditEvent, Interview, Interviewer
from tests.interviews.conftest import CONSENT, MEMBER, VERBAL


def _events(store: Store, uuid: str) -> list[AuditEvent]:
    with store.session() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.object_id == uuid)
                                    .order_by(AuditEvent.id)))


def _status(store: Store, uuid: str) -> tuple[str, object]:
    with store.session() as session:
        row = session.get_one(Interview, uuid)
        return row.status, row.finalized_at


def test_finalize_with_problems_changes_nothing(store: Store, household: int) -> None:
    handle = start_interview(store, consent=VERBAL, form_pk=household, respondent_language="")
    problems = finalize(store, handle.uuid)
    assert [(p.path, p.kind) for p in problems] == [(CONSENT, "required")]
    assert _status(store, handle.uuid) == ("draft", None)
    assert [e.action for e in _events(store, handle.uuid)] == ["start", "consent"]
    handle.answer(CONSENT, "yes")  # still a draft


def test_finalize_reopen_cycle(store: Store, project_id: str, household: int) -> None:
    with store.session() as session:
        person = Interviewer(project_id=project_id, name="Amina Yusuf")
        session.add(person)
        session.flush()
        person_id = person.id
    handle = start_interview(store, consent=VERBAL, form_pk=household, respondent_language="",
                             interviewer_id=person_id)
    handle.answer(CONSENT, "no")
    assert finalize(store, handle.uuid) == []

    status, finalized_at = _status(store, handle.uuid)
    assert status == "finalized" and finalized_at is not None
    finalized = _events(store, handle.uuid)[-1]
    assert (finalized.action, finalized.actor, finalized.object_type) == (
        "finalize", "Amina Yusuf", "interview")
    with store.session() as session:
        end = session.scalars(select(Answer.value).where(
            Answer.interview_uuid == handle.uuid, Answer.path == "/data/end")).one()
    assert end  # the end time is stamped and saved with the finalization

    # The stale handle and a fresh one both refuse changes; the store keeps "no".
    with pytest.raises(InterviewReadOnly, match="finalized"):
        handle.answer(CONSENT, "yes")
    assert handle.session.value(CONSENT) == "no"
    assert handle.status == "finalized"
    fresh = open_interview(store, handle.uuid)
    for change in (lambda: fresh.answer(CONSENT, "yes"), lambda: fresh.add_repeat(MEMBER),
                   lambda: fresh.clear(CONSENT), lambda: fresh.set_language("Polski (pl)")):
        with pytest.raises(InterviewReadOnly):
            change()
    fresh.next_page()  # looking through it is fine
    with pytest.raises(InterviewStateError):
        finalize(store, handle.uuid)

    with pytest.raises(ReasonRequired):
        reopen(store, handle.uuid, "Coordinator", "  ")
    reopen(store, handle.uuid, "Coordinator", "Respondent called back: consent given")
    assert _status(store, handle.uuid) == ("draft", None)
    event = _events(store, handle.uuid)[-1]
    assert (event.action, event.actor) == ("reopen", "Coordinator")
    assert json.loads(event.detail)["reason"] == "Respondent called back: consent given"

    fresh.answer(CONSENT, "yes")  # the handle notices the reopen
    assert open_interview(store, handle.uuid).session.value(CONSENT) == "yes"
    with pytest.raises(InterviewStateError, match="draft"):
        reopen(store, handle.uuid, "Coordinator", "again")


def test_finalize_through_the_handle(store: Store, household: int) -> None:
    handle = start_interview(store, consent=VERBAL, form_pk=household, respondent_language="")
    handle.answer(CONSENT, "no")
    assert handle.finalize() == []
    assert handle.status == "finalized"
    with pytest.raises(InvalidInput):
        handle.answer(CONSENT, "yes")
