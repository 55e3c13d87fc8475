"""demo seed: realistic, valid, deterministic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldkit.attendance import ATTENDEE_FORM_ID
from fieldkit.cli import main
from fieldkit.demo.seeding import SEEDERS, seed_demo
from fieldkit.forms import FormSession
from fieldkit.interviews.answer_rows import read_answers
from fieldkit.interviews.runtime_forms import runtime_form
from fieldkit.store import Store, open_store
from fieldkit.store.models import Answer, AuditEvent, Form, Interview


def _household_form(session: Session) -> int:
    return session.scalars(select(Form.id).where(Form.form_id == "household_survey")).one()


def _content(store: Store) -> list[tuple[object, ...]]:
    """The household surveys, ids and all (advice sessions go through the interview
    service, which gives new ids and times: see _attendances)."""
    with store.session() as session:
        household = Interview.form_pk == _household_form(session)
        interviews = session.execute(select(
            Interview.uuid, Interview.status, Interview.respondent_language,
            Interview.created_at).where(household).order_by(Interview.uuid)).all()
        answers = session.execute(
            select(Answer.interview_uuid, Answer.path, Answer.value)
            .join(Interview).where(household)
            .order_by(Answer.interview_uuid, Answer.path)).all()
    return [tuple(r) for r in interviews] + [tuple(r) for r in answers]


def _attendances(store: Store) -> list[tuple[str, str | None]]:
    """What the advice-session seeder wrote: the same names and answers every time."""
    with store.session() as session:
        rows = session.execute(
            select(Answer.path, Answer.value).join(Interview).join(Form)
            .where(Form.form_id == ATTENDEE_FORM_ID, ~Answer.path.startswith("@"),
                   ~Answer.path.endswith("instanceID"))).all()
    return sorted((path, value) for path, value in rows)


def test_seed_is_deterministic_and_adds_on_a_second_run(tmp_path: Path) -> None:
    a = open_store(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    b = open_store(f"sqlite:///{tmp_path / 'b.sqlite3'}")
    try:
        seed_demo(a, interviews=15, seed=3)
        seed_demo(b, interviews=15, seed=3)
        assert _content(a) == _content(b)
        assert _attendances(a) == _attendances(b) != []
        seed_demo(a, interviews=5, seed=3)  # new records, no collision
        with a.session() as session:
            assert len(session.scalars(select(Interview.uuid).where(
                Interview.form_pk == _household_form(session))).all()) == 20
            events = session.scalars(select(AuditEvent).where(
                AuditEvent.action == "demo_seed")).all()
        assert len(events) == 2
    finally:
        a.close()
        b.close()


def test_seeded_interviews_are_valid_and_varied(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    try:
        seed_demo(store, interviews=30, seed=11)
        with store.session() as session:
            rows = session.execute(select(
                Interview.uuid, Interview.form_pk, Interview.status,
                Interview.respondent_language, Interview.interviewer_id,
                Interview.device_id).where(Interview.form_pk == _household_form(session))
            ).all()
            assert {r.status for r in rows} == {"finalized"}
            assert len({r.respondent_language for r in rows}) >= 3
            assert len({r.interviewer_id for r in rows}) >= 3
            assert len({r.device_id for r in rows}) >= 2
            for row in rows[:10]:
                _ref, form = runtime_form(session, row.form_pk)
                stored = read_answers(session, row.uuid)
                fs = FormSession.from_dict(form, stored.form_values())
                assert fs.validate() == []
                computed = fs.to_dict()
                for path, value in stored.form_values().items():
                    if value and "/bs_" in path:  # the bedroom standard agrees with the form
                        assert computed[path] == value, path
    finally:
        store.close()


def test_seeders_are_a_list_to_extend() -> None:
    assert isinstance(SEEDERS, list) and SEEDERS


def test_demo_seed_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "seed", "--interviews", "3", "--seed", "2", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["made"]["interviews"] == 3 and out["seed"] == 2
    assert out["made"]["attendances"] > 0
    assert main(["demo", "seed", "--interviews", "-1"]) == 2


def test_some_homes_are_surveyed_twice_and_flagged(tmp_path: Path) -> None:
    """Every household has an address; the revisits, written another way by another
    interviewer, are what the coordinator's duplicate review finds."""
    from fieldkit.sync.duplicates import list_duplicates, scan_duplicates
    from fieldkit.sync.project import init_project

    store = open_store(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    init_project(store, "Outreach")
    seed_demo(store, interviews=200, seed=3)
    with store.session() as session:
        postcodes = session.scalars(select(Answer.value).where(
            Answer.path == "/data/survey/address_grp/postcode")).all()
    assert len(postcodes) == 200 and all(postcodes)
    assert scan_duplicates(store) >= 3
    flags = list_duplicates(store)
    assert flags and all(not f.reasons["same_interviewer"] for f in flags)
    assert all(f.a.address != f.b.address for f in flags)  # written another way
    store.close()
