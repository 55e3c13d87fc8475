"""The interview list: newest change first, filtered by status, form and search."""

from __future__ import annotations

import pytest

from fieldkit.interviews import finalize, list_interviews, open_interview, start_interview
from fieldkit.store import Store
from fieldkit.store.models import Interviewer
from tests.interviews.conftest import CONSENT, VERBAL


@pytest.fixture
def people(store: Store, project_id: str) -> dict[str, str]:
    with store.session() as session:
        rows = [Interviewer(project_id=project_id, name=name)
                for name in ("ŁUKASZ Nowak", "Amina Yusuf")]
        session.add_all(rows)
        session.flush()
        return {row.name: row.id for row in rows}


def test_list_filters_and_search(store: Store, project_id: str, forms: dict[str, int],
                                 people: dict[str, str]) -> None:
    household = forms["household_survey"]
    other_form = forms["customer_profile"]
    lukasz, amina = people["ŁUKASZ Nowak"], people["Amina Yusuf"]
    first = start_interview(store, form_pk=household, respondent_language="Polski (pl)",
                            consent=VERBAL,
                            interviewer_id=lukasz, label="ul. Długa 5")
    second = start_interview(store, consent=VERBAL, form_pk=household, respondent_language="",
                             interviewer_id=amina, label="Flat 2, Ashby Road")
    third = start_interview(store, consent=VERBAL, form_pk=other_form, respondent_language="",
                            label="drop-in")
    first.answer(CONSENT, "no")  # now the most recently changed
    assert finalize(store, first.uuid) == []

    everything = list_interviews(store, project_id)
    assert [s.uuid for s in everything] == [first.uuid, third.uuid, second.uuid]
    top = everything[0]
    assert (top.form_title, top.label, top.status, top.interviewer_name,
            top.respondent_language) == ("Household housing-needs survey", "ul. Długa 5",
                                         "finalized", "ŁUKASZ Nowak", "Polski (pl)")
    assert top.updated_at >= top.created_at
    # Non-empty form fields (start, end, instanceID, consent, a calculate); the empty
    # roster rows and fieldkit's own current-page row do not count.
    stored = open_interview(store, first.uuid).stored_answers()
    assert top.answered == len([v for v in stored.values() if v]) == 5
    assert everything[1].interviewer_name == ""

    def uuids(**filters: object) -> list[str]:
        return [s.uuid for s in list_interviews(store, project_id, **filters)]  # type: ignore[arg-type]

    assert uuids(status="draft") == [third.uuid, second.uuid]
    assert uuids(status="finalized") == [first.uuid]
    assert uuids(form_pk=other_form) == [third.uuid]
    assert uuids(search="łukasz") == [first.uuid]  # case-insensitive beyond ASCII
    assert uuids(search="ASHBY") == [second.uuid]
    assert uuids(search="yusuf", status="finalized") == []
    assert uuids(search="  ") == uuids()
    assert list_interviews(store, "another-project") == []
