"""The interview list: newest change first, filtered by status, form and search."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from fieldkit.interviews import finalize, list_interviews, open_interview, start_interview
from fieldkit.interviews.answered import asked_questions
from fieldkit.project_forms import add_form
from fieldkit.store import Store
from fieldkit.store.models import AuditEvent, Interviewer
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
    # Only the consent was answered by a person: start, end, instanceID and a
    # calculate are stored too but do not count.
    stored = open_interview(store, first.uuid).stored_answers()
    assert len([v for v in stored.values() if v]) == 5
    assert top.answered == 1
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


COUNTED = """
| survey |
| | type | name | label | calculation | relevant | readonly |
| | start | started | | | | |
| | text | name | Name | | | |
| | calculate | twice | | concat(${name}, ${name}) | | |
| | note | hello | Hello ${name} | | | |
| | text | fixed | Fixed | | | yes |
| | select_one yn | kids | Any children? | | | |
| | begin repeat | child | Child | | ${kids} = 'yes' | |
| | text | child_name | Child's name | | | |
| | calculate | initial | | substr(../child_name, 0, 1) | | |
| | end repeat | | | | | |

| choices |
| | list_name | name | label |
| | yn | yes | Yes |
| | yn | no | No |
"""


def test_answered_counts_what_a_person_answered(store: Store, project_id: str,
                                                tmp_path: Path) -> None:
    source = tmp_path / "counted.md"
    source.write_text(COUNTED, encoding="utf-8")
    pk = add_form(store, project_id, source).pk
    handle = start_interview(store, form_pk=pk, respondent_language="", consent=VERBAL)

    def listed() -> int:
        return next(s.answered for s in list_interviews(store, project_id)
                    if s.uuid == handle.uuid)

    assert asked_questions(handle.form) == {"/data/name", "/data/kids",
                                            "/data/child/child_name"}
    assert listed() == 0  # start and instanceID are filled, but nobody answered
    handle.answer("/data/name", "Ana")
    assert listed() == 1  # not the calculate that followed
    handle.answer("/data/kids", "yes")
    child = handle.add_repeat("/data/child")
    handle.answer(f"{child}/child_name", "Bo")
    assert listed() == 3  # a row's answers count, its calculate does not
    stored = handle.stored_answers()
    assert stored["/data/twice"] == "AnaAna" and stored[f"{child}/initial"] == "B"

    # Finalising records how many relevant questions were answered: the child's
    # name no longer counts once "no children" leaves it out.
    handle.answer("/data/kids", "no")
    assert handle.finalize() == []
    with store.session() as db:
        detail = db.scalars(select(AuditEvent.detail)
                            .where(AuditEvent.action == "finalize")).one()
    assert json.loads(detail)["answered"] == 2
