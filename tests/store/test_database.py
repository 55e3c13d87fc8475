"""The store's behaviour, run against SQLite and a real PostgreSQL server alike."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from fieldkit.errors import EnvironmentProblem, UsageError
from fieldkit.projects import current_project, ensure_local_device, project_overview
from fieldkit.store import Store, open_store
from fieldkit.store.models import Answer, AuditEvent, Device, Form, Interview, Project


@pytest.fixture
def store(store_url: str) -> Store:
    s = open_store(store_url)
    yield s
    s.close()


def _interview(store: Store) -> str:
    project = current_project(store)
    device = ensure_local_device(store)
    with store.session() as session:
        form = Form(project_id=project.id, form_id="household", version="1", title="Household",
                    source=b"source bytes", hash="0" * 64, xform="<h:html/>")
        session.add(form)
        session.flush()
        interview = Interview(project_id=project.id, form_pk=form.id, device_id=device.id,
                              respondent_language="کوردی (ckb)")
        session.add(interview)
        session.flush()
        return interview.uuid


def test_answers_round_trip_unicode_and_repeat_paths(store: Store) -> None:
    uuid = _interview(store)
    device = ensure_local_device(store)
    values = {"/data/member[1]/name": "Zoë Ionescu", "/data/member[2]/name": "ئاراس",
              "/data/notes": "ul. Długa 5 — flat 2"}
    with store.session() as session:
        for clock, (path, value) in enumerate(values.items(), start=1):
            session.add(Answer(interview_uuid=uuid, path=path, value=value, clock=clock,
                               device_id=device.id))
    with store.session() as session:
        stored = {a.path: a.value for a in session.scalars(select(Answer))}
        interview = session.get_one(Interview, uuid)
        assert interview.status == "draft"
        assert interview.respondent_language == "کوردی (ckb)"
    assert stored == values


def test_one_answer_per_path(store: Store) -> None:
    uuid = _interview(store)
    device = ensure_local_device(store)
    with pytest.raises(IntegrityError), store.session() as session:
        for _ in range(2):
            session.add(Answer(interview_uuid=uuid, path="/data/a", value="1", clock=1,
                               device_id=device.id))
            session.flush()


def test_foreign_keys_are_enforced(store: Store) -> None:
    device = ensure_local_device(store)
    with pytest.raises(IntegrityError), store.session() as session:
        session.add(Answer(interview_uuid="no-such-interview", path="/data/a", value="1",
                           clock=1, device_id=device.id))


def test_status_is_checked(store: Store) -> None:
    uuid = _interview(store)
    with pytest.raises(IntegrityError), store.session() as session:
        session.get_one(Interview, uuid).status = "lost"


def test_deleting_an_interview_deletes_its_answers(store: Store) -> None:
    uuid = _interview(store)
    device = ensure_local_device(store)
    with store.session() as session:
        session.add(Answer(interview_uuid=uuid, path="/data/a", value="1", clock=1,
                           device_id=device.id))
    with store.session() as session:
        session.delete(session.get_one(Interview, uuid))
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Answer)) == 0


def test_audit_log_is_append_only(store: Store) -> None:
    with store.session() as session:
        session.add(AuditEvent(action="export", object_type="form", object_id="household"))
    with pytest.raises(DBAPIError, match="append-only"), store.session() as session:
        session.execute(text("UPDATE audit_event SET action = 'nothing'"))
    with pytest.raises(DBAPIError, match="append-only"), store.session() as session:
        session.execute(text("DELETE FROM audit_event"))
    with store.session() as session:
        assert session.scalars(select(AuditEvent.action)).all() == ["export"]


def test_durable_session_commits(store: Store) -> None:
    uuid = _interview(store)
    with store.durable_session() as session:
        session.get_one(Interview, uuid).status = "finalized"
    with store.session() as session:
        assert session.get_one(Interview, uuid).status == "finalized"


def test_durable_session_rolls_back_on_error(store: Store) -> None:
    uuid = _interview(store)
    with pytest.raises(RuntimeError), store.durable_session() as session:
        session.get_one(Interview, uuid).status = "finalized"
        session.flush()
        raise RuntimeError("power cut")
    with store.session() as session:
        assert session.get_one(Interview, uuid).status == "draft"


def test_practice_project_is_created_once_and_real_projects_win(store: Store) -> None:
    first = current_project(store)
    assert first.role == "practice"
    assert current_project(store).id == first.id
    with store.session() as session:
        session.add(Project(name="Roma advice 2026", role="laptop"))
    assert current_project(store).name == "Roma advice 2026"
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Project)) == 2


def test_one_local_device(store: Store) -> None:
    a = ensure_local_device(store)
    b = ensure_local_device(store)
    assert a.id == b.id
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Device)) == 1


def test_project_overview_counts(store: Store) -> None:
    uuid = _interview(store)
    project = current_project(store)
    with store.session() as session:
        session.get_one(Interview, uuid).status = "finalized"
    overview = project_overview(store, project.id)
    assert overview.forms == 1
    assert overview.interviews_by_status == {"draft": 0, "finalized": 1, "sent": 0,
                                             "receipted": 0}
    assert overview.interviews == 1


def test_bad_urls_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="not a database URL"):
        open_store("not a url")
    with pytest.raises(UsageError, match="SQLite or PostgreSQL"):
        open_store("mysql://u@h/db")


def test_unreachable_postgres_is_an_environment_problem() -> None:
    with pytest.raises(EnvironmentProblem, match="Cannot open the data store"):
        open_store("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2")


def test_sqlite_pragmas(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path / 's.sqlite3'}")
    with store.session() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
    store.close()
