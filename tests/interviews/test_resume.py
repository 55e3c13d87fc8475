"""An interview rebuilt from its rows is the interview that was left, rosters included."""

from __future__ import annotations

from sqlalchemy import select

from fieldkit.interviews import InterviewHandle, open_interview, start_interview
from fieldkit.interviews.runtime_forms import clear_cache
from fieldkit.store import Store, open_store
from fieldkit.store.models import Answer
from tests.interviews.conftest import CONSENT, MEMBER, VERBAL


def _reopen(store_url: str, uuid: str) -> InterviewHandle:
    """Open the interview through a brand-new store, as after a restart."""
    clear_cache()
    other = open_store(store_url)
    try:
        return open_interview(other, uuid)
    finally:
        other.close()


def _fill_roster(handle: InterviewHandle) -> None:
    handle.answer(CONSENT, "yes")
    handle.answer("/data/consent_grp/consent_type", "verbal")
    people = [("Ana Popescu", 41, "female"), ("Ion Popescu", 44, "male"),
              ("Zoë Popescu", 9, "female")]
    for i, (name, age, sex) in enumerate(people, start=1):
        if i > 1:
            assert handle.add_repeat(MEMBER) == f"{MEMBER}[{i}]"
        handle.answer(f"{MEMBER}[{i}]/member_name", name)
        handle.answer(f"{MEMBER}[{i}]/age", age)
        handle.answer(f"{MEMBER}[{i}]/sex", sex)


def test_resume_where_it_was_left(store: Store, store_url: str, household: int) -> None:
    handle = start_interview(store, form_pk=household, respondent_language="Română (ro)",
                             consent=VERBAL)
    _fill_roster(handle)
    handle.answer("/data/survey/housing/bedrooms", 2)
    page = handle.jump_to(f"{MEMBER}[2]/age")
    expected = handle.session.to_dict()
    store.close()

    again = _reopen(store_url, handle.uuid)
    assert again.session.to_dict() == expected
    assert again.session.repeat_count(MEMBER) == 3
    assert again.current_page is not None
    assert again.current_page.path == page.path
    assert again.session.language == "Română (ro)"
    assert again.session.value("/data/survey/roster/hh_size") == "3"
    assert again.stored_answers() == handle.stored_answers()


def test_an_empty_roster_member_survives_a_restart(
        store: Store, store_url: str, household: int) -> None:
    handle = start_interview(store, consent=VERBAL, form_pk=household, respondent_language="")
    handle.answer(CONSENT, "yes")
    handle.add_repeat(MEMBER)
    handle.add_repeat(MEMBER)  # nobody answered for 2 and 3 yet
    assert _reopen(store_url, handle.uuid).session.repeat_count(MEMBER) == 3


def _clocks(store: Store, uuid: str) -> dict[str, tuple[str | None, int]]:
    with store.session() as session:
        return {a.path: (a.value, a.clock) for a in
                session.scalars(select(Answer).where(Answer.interview_uuid == uuid))}


def test_removed_member_leaves_tombstones_with_new_clocks(
        store: Store, store_url: str, household: int) -> None:
    handle = start_interview(store, consent=VERBAL, form_pk=household, respondent_language="")
    _fill_roster(handle)
    before = _clocks(store, handle.uuid)
    newest = max(clock for _v, clock in before.values())

    handle.remove_repeat(MEMBER, 2)  # Ion leaves; Zoë becomes number 2

    after = _clocks(store, handle.uuid)
    gone = {p: vc for p, vc in after.items() if p.startswith(f"{MEMBER}[3]/")}
    assert gone and all(value is None and clock > newest for value, clock in gone.values())
    assert after[f"{MEMBER}[2]/member_name"][0] == "Zoë Popescu"
    assert after[f"{MEMBER}[2]/member_name"][1] > newest
    assert after[f"{MEMBER}[1]/member_name"] == before[f"{MEMBER}[1]/member_name"]

    again = _reopen(store_url, handle.uuid)
    assert again.session.repeat_count(MEMBER) == 2
    assert again.session.value(f"{MEMBER}[2]/member_name") == "Zoë Popescu"
    assert again.session.to_dict() == handle.session.to_dict()


def test_a_member_added_again_brings_its_rows_back(
        store: Store, store_url: str, household: int) -> None:
    handle = start_interview(store, consent=VERBAL, form_pk=household, respondent_language="")
    _fill_roster(handle)
    handle.remove_repeat(MEMBER, 3)
    handle.add_repeat(MEMBER)
    handle.answer(f"{MEMBER}[3]/member_name", "Radu")
    rows = _clocks(store, handle.uuid)
    assert rows[f"{MEMBER}[3]/age"][0] == ""  # was a tombstone, is an empty field again
    again = _reopen(store_url, handle.uuid)
    assert again.session.repeat_count(MEMBER) == 3
    assert again.session.value(f"{MEMBER}[3]/age") == ""
    assert again.session.value(f"{MEMBER}[3]/member_name") == "Radu"


def test_a_roster_emptied_stays_empty(store: Store, store_url: str, household: int) -> None:
    """The form's template brings one member back when a session is built; the
    tombstones say the interviewer removed everyone."""
    handle = start_interview(store, consent=VERBAL, form_pk=household, respondent_language="")
    _fill_roster(handle)
    for _ in range(3):
        handle.remove_repeat(MEMBER, 1)
    assert handle.session.repeat_count(MEMBER) == 0
    rows = _clocks(store, handle.uuid)
    again = _reopen(store_url, handle.uuid)
    assert again.session.repeat_count(MEMBER) == 0
    assert again.session.to_dict() == handle.session.to_dict()
    assert _clocks(store, handle.uuid) == rows  # reopening wrote nothing
