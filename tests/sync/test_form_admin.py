"""The Forms tab's services: list, check and compare a new version, add, retire."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from fieldkit.errors import InvalidInput, UsageError
from fieldkit.interviews.answer_rows import write_answers
from fieldkit.project_forms import project_forms
from fieldkit.projects import ensure_local_device
from fieldkit.store import open_store
from fieldkit.store.models import Form, Interview, utcnow
from fieldkit.sync.form_admin import (
    add_or_update_form,
    list_forms,
    locate_problem,
    plan_form_update,
    set_retired,
)
from fieldkit.sync.project import join_pack, write_pack
from tests.sync.helpers import Coordinator

V1 = """
| survey |
| | type | name | label |
| | select_one tenure | tenure | Tenure |
| | integer | size | Household size |
| | text | note_text | Anything else |
| | begin_repeat | people | People |
| | integer | age | Age |
| | end_repeat | | |
| choices |
| | list_name | name | label |
| | tenure | own | Owned |
| | tenure | rent | Rented |
| | tenure | other | Other |
| settings |
| | form_id | version | title |
| | housing | {version} | Housing |
"""


def _form(tmp_path: Path, name: str, text: str, version: str = "1") -> Path:
    path = tmp_path / name
    path.write_text(text.replace("{version}", version), encoding="utf-8")
    return path


def _answer(coordinator: Coordinator, answers: dict[str, str | None]) -> None:
    store = coordinator.store
    device = ensure_local_device(store)
    now = utcnow()
    with store.session() as session:
        pk = session.scalars(select(Form.id).where(Form.form_id == "housing")
                             .order_by(Form.id.desc())).first()
        row = Interview(project_id=coordinator.project_id, form_pk=pk, status="finalized",
                        device_id=device.id, created_at=now, updated_at=now, finalized_at=now)
        session.add(row)
        session.flush()
        write_answers(session, row.uuid, device.id, answers, now)


def test_problems_are_split_at_their_place() -> None:
    problem = locate_problem("error", "/x/f.xlsx: sheet 'survey', row 4, column 'name': "
                                      "On the 'survey' sheet, the 'name' value 'n' is invalid.")
    assert (problem.sheet, problem.row, problem.column) == ("survey", "4", "name")
    assert problem.text.startswith("On the 'survey' sheet")
    plain = locate_problem("warning", "/x/f.md: Form has no languages.")
    assert (plain.sheet, plain.row, plain.text) == ("", "", "Form has no languages.")


def test_a_new_form_then_a_new_version_with_what_it_changes(coordinator: Coordinator,
                                                            tmp_path: Path) -> None:
    v1 = _form(tmp_path, "v1.md", V1)
    plan = plan_form_update(coordinator.store, v1)
    assert (plan.form_id, plan.version, plan.previous_version, plan.refused) == (
        "housing", "1", "", "")
    assert add_or_update_form(coordinator.store, v1, "coord") == "housing"
    assert plan_form_update(coordinator.store, v1).refused.startswith(
        "The project already has this form")
    _answer(coordinator, {"/data/tenure": "other", "/data/size": "3",
                          "/data/note_text": "damp", "/data/people[1]/age": "40",
                          "/data/people[2]/age": "12"})
    _answer(coordinator, {"/data/tenure": "rent", "/data/size": "1"})

    # Version 2: "other" dropped, a new choice, size becomes text, note_text and the
    # repeat's age removed, a question added.
    v2_text = (V1.replace("| | tenure | other | Other |\n", "| | tenure | council | Council |\n")
               .replace("| | integer | size |", "| | text | size |")
               .replace("| | text | note_text | Anything else |\n", "")
               .replace("| | integer | age | Age |\n", "| | text | name | Name |\n")
               .replace("| | end_repeat | | |\n",
                        "| | end_repeat | | |\n| | date | when | When |\n"))
    same_version = _form(tmp_path, "v2-same.md", v2_text, "1")
    assert "Give the changed form a new version" in \
        plan_form_update(coordinator.store, same_version).refused
    v2 = _form(tmp_path, "v2.md", v2_text, "2")
    plan = plan_form_update(coordinator.store, v2)
    assert (plan.previous_version, plan.refused) == ("1", "")
    got = {(c.kind, c.path): (c.detail, c.answers_affected) for c in plan.changes}
    assert got == {
        ("added", "/data/when"): ("date", 0),
        ("added", "/data/people/name"): ("text", 0),
        ("removed", "/data/note_text"): ("text", 1),
        ("removed", "/data/people/age"): ("integer", 2),
        ("type", "/data/size"): ("integer → text", 2),
        ("choices added", "/data/tenure"): ("council", 0),
        ("choices removed", "/data/tenure"): ("other", 1),
    }
    assert plan.breaks_answers
    add_or_update_form(coordinator.store, v2, "coord")
    housing = next(f for f in list_forms(coordinator.store) if f.form_id == "housing")
    assert (housing.versions, housing.version, housing.interviews, housing.retired) == (
        ("1", "2"), "2", 2, False)


def test_an_invalid_form_is_refused_with_its_problems(coordinator: Coordinator,
                                                      tmp_path: Path) -> None:
    bad = _form(tmp_path, "bad.md", V1.replace("| | text | note_text |", "| | text | size |"))
    plan = plan_form_update(coordinator.store, bad)
    assert plan.refused and plan.problems[0].severity == "error"
    assert (plan.problems[0].sheet, plan.problems[0].column) == ("survey", "name")
    with pytest.raises(InvalidInput, match=r"^bad\.md: The form has errors"):
        add_or_update_form(coordinator.store, bad)
    assert all(f.form_id != "housing" for f in list_forms(coordinator.store))


def test_retired_forms_travel_to_laptops(coordinator: Coordinator, tmp_path: Path) -> None:
    add_or_update_form(coordinator.store, _form(tmp_path, "v1.md", V1))
    set_retired(coordinator.store, "housing", True, "coord")
    assert next(f for f in list_forms(coordinator.store) if f.form_id == "housing").retired
    with pytest.raises(UsageError, match="no form nope"):
        set_retired(coordinator.store, "nope", True)
    pack = tmp_path / "pack.zip"
    write_pack(coordinator.store, pack)
    laptop = open_store(f"sqlite:///{tmp_path / 'laptop.sqlite3'}")
    try:
        join_pack(laptop, pack, "Ana", coordinator.codes["Ana"])
        every = {f.form_id for f in project_forms(laptop, coordinator.project_id)}
        startable = {f.form_id for f in project_forms(laptop, coordinator.project_id,
                                                      include_retired=False)}
        assert "housing" in every and "housing" not in startable
        # Restored at the coordinator, the next pack makes it startable again.
        set_retired(coordinator.store, "housing", False)
        write_pack(coordinator.store, pack)
        join_pack(laptop, pack, "Ana", coordinator.codes["Ana"])
        assert "housing" in {f.form_id for f in project_forms(
            laptop, coordinator.project_id, include_retired=False)}
    finally:
        laptop.close()
