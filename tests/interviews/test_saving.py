"""Every answer is in the store as soon as answer() returns, with increasing clocks."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from fieldkit.forms import AnswerError, SessionError
from fieldkit.interviews import (
    CURRENT_PAGE_PATH,
    InterviewNotFound,
    UnknownRecord,
    open_interview,
    start_interview,
)
from fieldkit.projects import ensure_local_device
from fieldkit.store import Store, open_store
from fieldkit.store.models import Answer, AuditEvent, Device, Interview
from tests.interviews.conftest import CONSENT, MEMBER, VERBAL


def _rows(url: str, uuid: str) -> dict[str, tuple[str | None, int]]:
    """The answer rows as another connection (a new engine) sees them."""
    other = open_store(url)
    try:
        with other.session() as session:
            return {a.path: (a.value, a.clock) for a in
                    session.scalars(select(Answer).where(Answer.interview_uuid == uuid))}
    finally:
        other.close()


def _counter(url: str) -> int:
    other = open_store(url)
    try:
        with other.session() as session:
            return session.scalars(select(Device.counter).where(Device.is_local.is_(True))).one()
    finally:
        other.close()


def test_each_answer_is_stored_at_once_with_a_new_clock(
        store: Store, store_url: str, household: int) -> None:
    handle = start_interview(store, form_pk=household, respondent_language="Polski (pl)",
                             consent=VERBAL)
    answers = [
        (CONSENT, "yes"),
        ("/data/consent_grp/consent_type", "verbal"),
        (f"{MEMBER}[1]/member_name", "Zoë Ionescu"),
        (f"{MEMBER}[1]/age", 34),
        ("/data/consent_grp/interviewer_notes", "ul. Długa 5 — flat 2"),
        (f"{MEMBER}[1]/member_name", "ئاراس"),  # changed again: same row, newer clock
    ]
    last_clock = max(clock for _v, clock in _rows(store_url, handle.uuid).values())
    counter = _counter(store_url)
    assert counter == last_clock
    for path, value in answers:
        handle.answer(path, value)
        rows = _rows(store_url, handle.uuid)
        stored, clock = rows[path]
        assert stored == str(value)
        assert clock > last_clock
        last_clock = max(clock for _v, clock in rows.values())
        assert _counter(store_url) == last_clock > counter
        counter = last_clock
    clocks = [clock for _v, clock in _rows(store_url, handle.uuid).values()]
    assert len(clocks) == len(set(clocks))


def test_start_saves_the_first_answers_and_is_audited(
        store: Store, store_url: str, household: int) -> None:
    handle = start_interview(store, form_pk=household, respondent_language="", label="Flat 2")
    rows = _rows(store_url, handle.uuid)
    assert rows["/data/meta/instanceID"][0] == handle.session.value("/data/meta/instanceID")
    assert str(rows["/data/meta/instanceID"][0]).startswith("uuid:")
    assert rows["/data/start"][0]
    # The roster's first person has a row per field, so the instance survives a restart.
    assert rows[f"{MEMBER}[1]/member_name"] == ("", rows[f"{MEMBER}[1]/member_name"][1])
    info = handle.info
    assert (info.status, info.label, info.respondent_language) == ("draft", "Flat 2",
                                                                  "English (en)")
    with store.session() as session:
        interview = session.get_one(Interview, handle.uuid)
        assert interview.device_id == ensure_local_device(store).id
        event = session.scalars(select(AuditEvent)).one()
    assert (event.action, event.object_type, event.object_id) == (
        "start", "interview", handle.uuid)
    assert json.loads(event.detail)["form_id"] == "household_survey"


def test_cleared_answers_are_empty_values_not_deletions(
        store: Store, store_url: str, household: int) -> None:
    handle = start_interview(store, consent=VERBAL, form_pk=household, respondent_language="")
    handle.answer(CONSENT, "yes")
    first = _rows(store_url, handle.uuid)[CONSENT][1]
    handle.clear(CONSENT)
    value, clock = _rows(store_url, handle.uuid)[CONSENT]
    assert value == "" and clock > first


def test_a_refused_answer_writes_nothing(store: Store, store_url: str, household: int) -> None:
    handle = start_interview(store, consent=VERBAL, form_pk=household, respondent_language="")
    before = _rows(store_url, handle.uuid)
    with pytest.raises(AnswerError):
        handle.answer(f"{MEMBER}[1]/age", "forty")
    assert _rows(store_url, handle.uuid) == before


def test_changes_made_on_the_session_directly_are_saved_too(
        store: Store, store_url: str, household: int) -> None:
    handle = start_interview(store, consent=VERBAL, form_pk=household, respondent_language="")
    handle.session.answer(CONSENT, "yes")
    assert _rows(store_url, handle.uuid)[CONSENT][0] == "yes"


def test_calculations_are_saved_with_the_answer_that_changed_them(
        store: Store, store_url: str, household: int) -> None:
    handle = start_interview(store, consent=VERBAL, form_pk=household, respondent_language="")
    handle.add_repeat(MEMBER)
    assert _rows(store_url, handle.uuid)["/data/survey/roster/hh_size"][0] == "2"


def test_language_is_kept(store: Store, store_url: str, household: int) -> None:
    handle = start_interview(store, form_pk=household, respondent_language="Polski (pl)",
                             consent=VERBAL)
    handle.set_language("کوردی (ckb)")
    with pytest.raises(SessionError):
        handle.set_language("Klingon (tlh)")
    assert handle.info.respondent_language == "کوردی (ckb)"
    other = open_store(store_url)
    try:
        reopened = open_interview(other, handle.uuid)
    finally:
        other.close()
    assert reopened.session.language == "کوردی (ckb)"
    assert reopened.info.respondent_language == "کوردی (ckb)"


def test_the_page_shown_is_saved(store: Store, store_url: str, household: int) -> None:
    handle = start_interview(store, consent=VERBAL, form_pk=household, respondent_language="")
    handle.answer(CONSENT, "yes")
    handle.next_page()
    handle.next_page()
    page = handle.next_page()
    assert page is not None
    assert _rows(store_url, handle.uuid)[CURRENT_PAGE_PATH][0] == page.path
    assert CURRENT_PAGE_PATH not in handle.stored_answers()


def test_bad_requests_are_clear_errors(store: Store, household: int) -> None:
    with pytest.raises(SessionError, match="Klingon"):
        start_interview(store, form_pk=household, respondent_language="Klingon (tlh)",
                        consent=VERBAL)
    with pytest.raises(UnknownRecord):
        start_interview(store, consent=VERBAL, form_pk=household + 1000, respondent_language="")
    with pytest.raises(UnknownRecord):
        start_interview(store, consent=VERBAL, form_pk=household, respondent_language="",
                        interviewer_id="nobody")
    with pytest.raises(InterviewNotFound):
        open_interview(store, "no-such-interview")
    with store.session() as session:
        assert session.scalars(select(Interview)).all() == []
