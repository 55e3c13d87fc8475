"""Advice sessions and attendances stay drafts for weeks; each change still travels."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from fieldkit.attendance import SESSION_FORM_ID, SESSION_PATH
from fieldkit.interviews.answer_rows import write_answers
from fieldkit.store.models import Form, Interview, utcnow
from fieldkit.sync.bundle_in import import_bundle
from fieldkit.sync.bundle_out import export_bundle
from fieldkit.sync.project import write_pack
from tests.sync.helpers import Coordinator, Laptop, answers_of, make_laptop


def _draft_session_record(laptop: Laptop, answers: dict[str, str | None]) -> str:
    now = utcnow()
    with laptop.store.session() as session:
        form_pk = session.scalars(select(Form.id).where(
            Form.project_id == laptop.project_id, Form.form_id == SESSION_FORM_ID)).one()
        row = Interview(project_id=laptop.project_id, form_pk=form_pk, status="draft",
                        interviewer_id=laptop.interviewer_id, device_id=laptop.device_id,
                        created_at=now, updated_at=now)
        session.add(row)
        session.flush()
        write_answers(session, row.uuid, laptop.device_id, answers, now)
        return row.uuid


def test_open_session_records_travel_and_later_changes_follow(
        coordinator: Coordinator, tmp_path: Path) -> None:
    with coordinator.store.session() as session:
        session.add(Form(project_id=coordinator.project_id, form_id=SESSION_FORM_ID,
                         version="1", title="Session", source_name="s.xml", source=b"<s/>",
                         hash="b" * 64, xform="<s/>"))
    assert coordinator.pack is not None
    write_pack(coordinator.store, coordinator.pack)
    ana = make_laptop(coordinator, tmp_path / "ana", "Ana")
    uuid = _draft_session_record(ana, {"/data/venue": "Library", SESSION_PATH: "s-1"})

    export_bundle(ana.store, tmp_path / "1.zip")
    assert import_bundle(coordinator.store, tmp_path / "1.zip").accepted
    assert answers_of(coordinator.store)[(uuid, "/data/venue")] == "Library"
    with ana.store.session() as session:
        assert session.get_one(Interview, uuid).status == "draft"  # still open on the laptop

    with ana.store.session() as session:
        write_answers(session, uuid, ana.device_id, {"/data/notes": "Follow-up done"},
                      utcnow())
    export_bundle(ana.store, tmp_path / "2.zip")
    report = import_bundle(coordinator.store, tmp_path / "2.zip")
    assert report.accepted, report.reason
    got = answers_of(coordinator.store)
    assert got[(uuid, "/data/notes")] == "Follow-up done"
    assert got[(uuid, "/data/venue")] == "Library"
