"""Erasure reaches every copy: records that came from a laptop are erased at the
coordinator (tombstones superseding every version, the old versions gone from rows
and packs), exports written afterwards no longer contain the person, the audit log
says that an erasure happened and not what, and the next pack erases the laptop's
copies too. Rectification is audited and travels as a coordinator version."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from fieldkit.cli import main
from fieldkit.exports.service import ExportRequest, run_export
from fieldkit.form_roles import ATTENDS_PATH
from fieldkit.privacy.changes import erase_person, rectify
from fieldkit.privacy.people import find_people
from fieldkit.projects import ensure_local_device
from fieldkit.store import Store, open_store
from fieldkit.store.models import Answer, AuditEvent, Interview, PrivacyErasure
from fieldkit.sync.bundle_in import import_bundle
from fieldkit.sync.bundle_out import export_bundle
from fieldkit.sync.merge_store import load_versions
from fieldkit.sync.project import add_interviewer, init_project, join_pack, write_pack
from fieldkit.sync.versions import heads
from tests.privacy.helpers import add_record

NAME = "Hristo Petrov"


@dataclass
class Site:
    coordinator: Store
    laptop: Store
    project_id: str
    pack: Path
    code: str
    household: str
    attendance: str
    folder: Path


@pytest.fixture
def site(store_url: str, tmp_path: Path) -> Iterator[Site]:
    coordinator = open_store(store_url)
    project = init_project(coordinator, "Outreach 2026")
    _entry, code = add_interviewer(coordinator, "Ana")
    pack = tmp_path / "pack.fkpack"
    write_pack(coordinator, pack)
    laptop = open_store(f"sqlite:///{tmp_path / 'laptop.sqlite3'}")
    join_pack(laptop, pack, "Ana", code)
    household = add_record(laptop, project.id, "household_survey", {
        "postcode": "B1 2AB", "address": "12 Station Road",
        "member_name[1]": NAME, "age[1]": "45",
        "member_name[2]": "Elena Petrova", "age[2]": "44"}, label="HH-00001")
    session = add_record(laptop, project.id, "advice_session", {
        "title": "Drop-in", "session_date": "2026-11-30"})
    attendance = add_record(laptop, project.id, "advice_session_attendee", {
        "attendee_name": "Khristo Petroff", "year_of_birth": "1980",
        "phone": "07700 900123", ATTENDS_PATH: session}, label="Khristo Petroff")
    bundle = tmp_path / "ana.fkbundle"
    export_bundle(laptop, bundle)
    report = import_bundle(coordinator, bundle)
    assert report.accepted, report.reason
    yield Site(coordinator, laptop, project.id, pack, code, household, attendance,
               tmp_path)
    laptop.close()
    coordinator.close()


def _raw_bytes(store: Store) -> bytes | None:
    """The SQLite store's file and its write-ahead log as bytes (None: PostgreSQL)."""
    if store.engine.dialect.name != "sqlite":
        return None
    database = Path(str(store.engine.url.database))
    return b"".join(p.read_bytes() for p in (database, Path(f"{database}-wal"))
                    if p.exists())


def _values(store: Store, uuids: list[str]) -> set[str | None]:
    with store.session() as session:
        answers = set(session.scalars(select(Answer.value).where(
            Answer.interview_uuid.in_(uuids))))
        versions = {v.value for vs in load_versions(session, uuids).values() for v in vs}
    return answers | versions


def test_erasure_reaches_the_laptop_through_the_pack(site: Site) -> None:
    store = site.coordinator
    uuids = [site.household, site.attendance]
    assert NAME in _values(store, uuids)
    before = _raw_bytes(store)
    assert before is None or NAME.encode() in before  # the check below can fail
    with store.session() as session:
        person = find_people(session, site.project_id, NAME)[0]
    assert {c.record.interview_uuid for c in person.records} == set(uuids)
    result = erase_person(store, person.id, reason="SAR-2026-014, 3 Dec", actor="dpo")
    assert result.records == 2

    # At the coordinator: no value of his anywhere, answers or version history; his
    # wife's row and the household's address stay (not his to erase).
    held = _values(store, uuids)
    assert not held & {NAME, "Khristo Petroff", "07700 900123", "1980"}
    assert not any("Petroff" in (value or "") for value in held)  # nor in a header
    assert {"Elena Petrova", "12 Station Road"} <= held
    with store.session() as session:
        fields = load_versions(session, uuids)
        erased = [heads(vs)[0] for (uuid, path), vs in fields.items()
                  if uuid == site.household and "member[1]" in path]
        assert erased and all(h.value is None for h in erased)
        label = session.scalar(select(Interview.label).where(
            Interview.uuid == site.attendance))
        assert label == ""
        events = list(session.scalars(select(AuditEvent).where(AuditEvent.action == "erase")))
        assert len(events) == 1 and "SAR-2026-014" in events[0].detail
        assert "Petrov" not in events[0].detail and "Petroff" not in events[0].detail

    # Nor in the file's free pages or its write-ahead log.
    raw = _raw_bytes(store)
    assert raw is None or not any(clear.encode() in raw for clear in (
        NAME, "Khristo Petroff", "07700 900123"))

    # Exports written afterwards no longer contain him.
    out = site.folder / "export"
    run_export(store, ExportRequest(format="csv", out=out, statuses=(
        "draft", "finalized", "sent", "receipted")))
    text = "".join(p.read_text("utf-8") for p in out.rglob("*.csv"))
    assert "Elena Petrova" in text
    assert NAME not in text and "Khristo Petroff" not in text and "900123" not in text

    # The next pack erases the laptop's copies.
    assert NAME in _values(site.laptop, uuids)
    write_pack(store, site.pack)
    joined = join_pack(site.laptop, site.pack, "Ana", site.code)
    assert joined.erased == 2
    left = _values(site.laptop, uuids)
    assert not left & {NAME, "Khristo Petroff", "07700 900123"}
    assert not any("Petroff" in (value or "") for value in left)  # nor in a header
    assert "Elena Petrova" in left
    raw = _raw_bytes(site.laptop)
    assert raw is not None and b"Elena Petrova" in raw
    assert not any(clear.encode() in raw for clear in (NAME, "Khristo Petroff",
                                                        "07700 900123"))
    with site.laptop.session() as session:
        events = list(session.scalars(select(AuditEvent).where(AuditEvent.action == "erase")))
        assert len(events) == 2 and all("Petrov" not in e.detail for e in events)
    # Nothing of his travels back in the laptop's next bundle; a second pack changes
    # nothing more.
    again = join_pack(site.laptop, site.pack, "Ana", site.code)
    assert again.erased == 0
    bundle = site.folder / "ana-2.fkbundle"
    export_bundle(site.laptop, bundle)
    assert import_bundle(store, bundle).accepted
    assert not _values(store, uuids) & {NAME, "Khristo Petroff", "07700 900123"}


def test_rectification_is_audited_and_is_an_edit(site: Site) -> None:
    store = site.coordinator
    with store.session() as session:
        path = session.scalar(select(Answer.path).where(
            Answer.interview_uuid == site.household, Answer.path.like("%member[1]/age")))
    assert path is not None
    assert rectify(store, site.household, path, "46", reason="asked 3 Dec", actor="dpo")
    assert not rectify(store, site.household, path, "46", reason="again")
    device = ensure_local_device(store).id
    with store.session() as session:
        (version,) = heads(load_versions(session, [site.household])[(site.household, path)])
        assert (version.value, version.device_id) == ("46", device)
        detail = session.scalars(select(AuditEvent.detail).where(
            AuditEvent.action == "rectify")).one()
        assert json.loads(detail) == {"path": path, "reason": "asked 3 Dec"}
    with pytest.raises(Exception, match="no answer"):
        rectify(store, site.household, "/data/nothing", "x", reason="r")


def test_command_line_erase_needs_a_reason_and_lists_it_for_packs(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    store = open_store(db)
    project = init_project(store, "Outreach 2026")
    add_record(store, project.id, "customer_profile", {"full_name": NAME,
                                                       "phone": "07700 900123"})
    store.close()
    assert main(["--db", db, "person", "find", "07700 900123", "--json"]) == 0
    pid = json.loads(capsys.readouterr().out)["people"][0]["id"]
    assert main(["--db", db, "person", "erase", pid, "--reason", "  "]) == 2
    assert "--reason" in capsys.readouterr().err
    assert main(["--db", db, "person", "erase", pid, "--reason", "SAR-1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["records"] == 1
    assert main(["--db", db, "person", "find", NAME, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"people": []}
    store = open_store(db)
    with store.session() as session:
        assert session.scalars(select(PrivacyErasure.scope)).all() == [""]
    store.close()
