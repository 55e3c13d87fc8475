"""Advice sessions travel in the project pack: a session begun on Ana's laptop can be
opened on Bo's, Bo recognises Ana's attendees, and what Bo adds merges back at the
coordinator without duplicates or conflicts. The member is encrypted per interviewer."""

from __future__ import annotations

import base64
import json
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from nacl.secret import SecretBox
from sqlalchemy import func, select, update

from fieldkit.attendance.forms import service_forms
from fieldkit.attendance.service import AttendanceService
from fieldkit.cli import main
from fieldkit.exports.service import ExportRequest, run_export
from fieldkit.interviews.listing import list_interviews
from fieldkit.projects import project_overview
from fieldkit.store.models import Answer, AuditEvent, Interview, SyncVersion
from fieldkit.sync import keys, pack_sessions
from fieldkit.sync.bundle_in import import_bundle
from fieldkit.sync.bundle_out import export_bundle
from fieldkit.sync.consultation import set_consultation_months, unwrap_for_interviewer
from fieldkit.sync.formats import canonical
from fieldkit.sync.pack_sessions import _PURPOSE
from fieldkit.sync.project import join_pack, write_pack
from fieldkit.sync.receipts import import_receipt, write_receipt
from fieldkit.sync.review import list_conflicts
from fieldkit.sync.versions import version_id
from tests.sync.helpers import (
    Coordinator,
    Laptop,
    answers_of,
    dump,
    make_coordinator,
    make_laptop,
)

TODAY = datetime.now(UTC).date()
SESSION = {"title": "Roma advice drop-in", "session_date": TODAY - timedelta(days=7),
           "start_time": "10:00", "venue": "Community Centre", "languages": "en ro bg"}


def visit(name: str, **extra: object) -> dict[str, object]:
    return {"consent": "yes", "attendee_name": name, "preferred_language": "ro",
            "household_size": 4, "children": 2, **extra}


@pytest.fixture
def coordinator(store_url: str, tmp_path: Path) -> Iterator[Coordinator]:
    """A coordinator on SQLite and, as several coordinators share one, on PostgreSQL."""
    c = make_coordinator(store_url, tmp_path)
    yield c
    c.store.close()


@pytest.fixture
def project(coordinator: Coordinator) -> Coordinator:
    """The coordinator with the advice session forms, its pack written again."""
    service_forms(coordinator.store, coordinator.project_id)
    assert coordinator.pack is not None
    write_pack(coordinator.store, coordinator.pack)
    return coordinator


def deliver(laptop: Laptop, coordinator: Coordinator, out: Path) -> None:
    export_bundle(laptop.store, out)
    report = import_bundle(coordinator.store, out)
    assert report.accepted, report.reason


def repack(coordinator: Coordinator) -> Path:
    assert coordinator.pack is not None
    write_pack(coordinator.store, coordinator.pack)
    return coordinator.pack


def ana_runs_a_session(project: Coordinator, tmp_path: Path
                       ) -> tuple[Laptop, AttendanceService, str, str, str]:
    """Ana's session with Hristo (named, a follow-up) and one visitor not recorded by
    name; a session from over a year ago; all delivered to the coordinator."""
    ana = make_laptop(project, tmp_path / "ana", "Ana")
    service = AttendanceService(ana.store, ana.project_id)
    [session] = service.writer.create_sessions(SESSION)
    [long_ago] = service.writer.create_sessions({**SESSION, "title": "Long ago",
                                                 "session_date": TODAY - timedelta(days=400)})
    hristo = service.writer.add_attendance(session, visit(
        "Hristo Petrov", year_of_birth=1980, followup="yes",
        followup_date=TODAY + timedelta(days=7)))
    service.writer.add_attendance(session, {"consent": "no"})
    deliver(ana, project, tmp_path / "ana-1.zip")
    return ana, service, session, hristo, long_ago


def test_a_session_from_one_laptop_is_worked_on_another_and_merges_back(
        project: Coordinator, tmp_path: Path) -> None:
    ana, ana_service, session, hristo, long_ago = ana_runs_a_session(project, tmp_path)
    repack(project)
    bo = make_laptop(project, tmp_path / "bo", "Bo")
    service = AttendanceService(bo.store, bo.project_id)

    # Bo sees Ana's recent session (not the one from over a year ago) and its people.
    assert [s.uuid for s in service.sessions()] == [session]
    info = service.session(session)
    assert info is not None and info.title == "Roma advice drop-in" and info.attendances == 2
    people = service.attendances(session)
    assert sorted(r.name for r in people) == ["", "Hristo Petrov"]
    [followup] = service.followups()
    assert followup.attendance_uuid == hristo and followup.done is None

    # What came in the pack counts as received, and is not sent back.
    with bo.store.session() as db:
        assert db.scalar(select(func.count()).select_from(SyncVersion)) > 0
        assert not db.scalar(select(func.count()).select_from(SyncVersion)
                             .where(SyncVersion.received.is_(False)))
    nothing = export_bundle(bo.store, tmp_path / "bo-0.zip")
    assert (nothing.interviews, nothing.versions) == (0, 0)

    # Hristo comes back to Bo's door, written in Cyrillic: recognised.
    person = ana_service.attendances(session)[0].person
    [match] = service.person_index().suggest("Христо Петров", year_of_birth="1980")
    assert match.person.person == person and match.confirmed
    again = service.writer.add_attendance(session, visit("Христо Петров", year_of_birth=1980),
                                          person=person)
    service.writer.set_followup_done(hristo, TODAY)

    export_bundle(bo.store, tmp_path / "bo-1.zip")
    report = import_bundle(project.store, tmp_path / "bo-1.zip")
    assert report.accepted, report.reason
    counts = report.counts
    assert (counts.interviews_new, counts.interviews_updated, counts.conflicts) == (1, 1, 0)
    assert list_conflicts(project.store) == []
    at_coordinator = AttendanceService(project.store, project.project_id)
    records = at_coordinator.attendances(session)
    assert len(records) == 3 and len({r.uuid for r in records}) == 3
    returning = next(r for r in records if r.uuid == again)
    assert returning.person == person and returning.returning
    assert next(r for r in records if r.uuid == hristo).followup_done == TODAY
    assert len(at_coordinator.sessions()) == 2  # no copy of Ana's sessions

    # Ana takes the next pack: Bo's check-in and the follow-up done show there too,
    # and nothing of it goes back in her next bundle.
    join_pack(ana.store, repack(project), "Ana", project.codes["Ana"])
    on_ana = {r.uuid: r for r in ana_service.attendances(session)}
    assert on_ana[again].person == person and on_ana[hristo].followup_done == TODAY
    with ana.store.session() as db:  # only the old session, not in the pack, is pending
        pending = set(db.scalars(select(SyncVersion.interview_uuid)
                                 .where(SyncVersion.received.is_(False))))
    assert pending == {long_ago}


def test_joining_the_same_pack_again_changes_nothing(
        project: Coordinator, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ana_runs_a_session(project, tmp_path)
    pack = repack(project)
    bo = make_laptop(project, tmp_path / "bo", "Bo")
    before = dump(bo.store)
    capsys.readouterr()
    assert join(bo, pack, "Bo", project.codes["Bo"]) == 0
    # The session and its two attendances (not the one from over a year ago).
    assert "Advice sessions: 3 sessions and attendances" in capsys.readouterr().out
    assert dump(bo.store) == before


def test_pack_and_bundle_order_does_not_matter(project: Coordinator, tmp_path: Path) -> None:
    """Bo takes two packs in turn, Cy only the second: the same records and heads."""
    from fieldkit.sync.project import add_interviewer

    entry, project.codes["Cy"] = add_interviewer(project.store, "Cy")
    project.ids["Cy"] = entry.id
    ana, ana_service, session, hristo, _old = ana_runs_a_session(project, tmp_path)
    repack(project)
    bo = make_laptop(project, tmp_path / "bo", "Bo")  # pack 1: Ana's first bundle
    assert len(AttendanceService(bo.store, bo.project_id).attendances(session)) == 2
    ana_service.writer.set_values(hristo, {"phone": "07700 900123"})
    ana_service.writer.add_attendance(session, visit("Ana Lingurar"))
    deliver(ana, project, tmp_path / "ana-2.zip")
    join_pack(bo.store, repack(project), "Bo", project.codes["Bo"])
    cy = make_laptop(project, tmp_path / "cy", "Cy")

    def state(laptop: Laptop) -> tuple[object, ...]:
        service = AttendanceService(laptop.store, laptop.project_id)
        with laptop.store.session() as db:
            versions = sorted(db.scalars(select(SyncVersion.id)))
        return (versions, [(r.uuid, dict(r.values), r.person)
                           for r in service.attendances(session)])

    assert state(bo) == state(cy)
    assert len(state(bo)[1]) == 3


def test_a_newer_pack_keeps_what_this_laptop_changed(project: Coordinator,
                                                     tmp_path: Path) -> None:
    ana, ana_service, session, _hristo, _old = ana_runs_a_session(project, tmp_path)
    repack(project)
    bo = make_laptop(project, tmp_path / "bo", "Bo")
    bo_service = AttendanceService(bo.store, bo.project_id)
    # Both change the venue; Ana adds notes, Bo an end time (not yet exported).
    bo_service.writer.set_session_value(session, "venue", "Town Hall")
    bo_service.writer.set_session_value(session, "end_time", "12:00")
    ana_service.writer.set_session_value(session, "venue", "Library")
    ana_service.writer.set_session_value(session, "notes", "Bring leaflets")
    deliver(ana, project, tmp_path / "ana-2.zip")

    join_pack(bo.store, repack(project), "Bo", project.codes["Bo"])
    info = bo_service.session(session)
    assert info is not None
    assert info.value("notes") == "Bring leaflets"
    assert info.end_time == "12:00"
    assert info.venue in ("Town Hall", "Library")  # a conflict: one head shown

    deliver(bo, project, tmp_path / "bo-1.zip")
    [conflict] = list_conflicts(project.store)
    assert conflict.interview_uuid == session and conflict.path.endswith("/venue")
    assert sorted(str(v.value) for v in conflict.values) == ["Library", "Town Hall"]
    merged = AttendanceService(project.store, project.project_id).session(session)
    assert merged is not None and merged.end_time == "12:00"
    assert merged.value("notes") == "Bring leaflets"


def test_the_pack_holds_no_attendee_in_clear(project: Coordinator, tmp_path: Path) -> None:
    ana_runs_a_session(project, tmp_path)
    pack = repack(project)
    with zipfile.ZipFile(pack) as z:
        blob = b"".join(z.read(name) for name in z.namelist())
    # The year as a JSON value: four bare digits turn up by chance in keys and hashes.
    for clear in (b"Hristo", b"Petrov", b"Community Centre", b'"1980"'):
        assert clear not in blob


def join(laptop: Laptop, pack: Path, name: str, code: str) -> int:
    return main(["--db", laptop.url, "project", "join", str(pack), "--interviewer", name,
                 "--code", code])


def test_another_interviewers_code_is_refused(project: Coordinator, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    set_consultation_months(project.store, 0)  # only the sessions need the code
    bo = make_laptop(project, tmp_path / "bo", "Bo")
    ana_runs_a_session(project, tmp_path)
    before = dump(bo.store)
    capsys.readouterr()
    assert join(bo, repack(project), "Bo", project.codes["Ana"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "enrolment code" in err[0]
    assert dump(bo.store) == before


def _rewritten(project: Coordinator, pack: Path, out: Path, box: str, *,
               sign: bool = True) -> Path:
    """The pack with ``box`` as its sessions' encrypted records, signed by the
    coordinator again (only the content is wrong) unless ``sign`` is False."""
    return _resigned(project, pack, out, lambda manifest: manifest["sessions"].update(box=box),
                     sign=sign)


def _resigned(project: Coordinator, pack: Path, out: Path,
              change: Callable[[dict[str, Any]], object], *, sign: bool = True) -> Path:
    """The pack with its ``pack.json`` changed by ``change``, a version higher, signed
    by the coordinator again unless ``sign`` is False."""
    with zipfile.ZipFile(pack) as z:
        members = {name: z.read(name) for name in z.namelist()}
    manifest = json.loads(members["pack.json"])
    change(manifest)
    manifest["pack_version"] += 1
    members["pack.json"] = canonical(manifest)
    if sign:
        members["pack.sig"] = keys.sign(keys.signing_key(project.store, project.project_id),
                                        members["pack.json"])
    with zipfile.ZipFile(out, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out


def _key(project: Coordinator, pack: Path) -> bytes:
    with zipfile.ZipFile(pack) as z:
        manifest = json.loads(z.read("pack.json"))
    key = unwrap_for_interviewer(manifest["sessions"]["keys"], project.project_id,
                                 project.ids["Bo"], project.codes["Bo"], _PURPOSE)
    assert key is not None
    return key


def _box(key: bytes, body: bytes) -> str:
    return base64.b64encode(bytes(SecretBox(key).encrypt(zlib.compress(body)))).decode()


def test_a_damaged_or_malformed_sessions_member_is_rejected(
        project: Coordinator, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bo = make_laptop(project, tmp_path / "bo", "Bo")
    ana_runs_a_session(project, tmp_path)
    pack = repack(project)
    key = _key(project, pack)
    with zipfile.ZipFile(pack) as z:
        box = json.loads(z.read("pack.json"))["sessions"]["box"]
    lines = [json.loads(line) for line in zlib.decompress(
        SecretBox(key).decrypt(base64.b64decode(box))).decode().splitlines()]
    header = next(r for r in lines if r["path"] == "@sync/header")
    other_form = json.loads(header["value"])
    other_form["form_id"] = "hh"
    forged_header = dict(header, value=canonical(other_form).decode())
    flipped = box[:10] + ("A" if box[10] != "A" else "B") + box[11:]
    # A well-formed record (its id matches) of a field the session form does not have.
    answer = next(r for r in lines if r["path"].startswith("/"))
    stray_path = answer["path"].rsplit("/", 1)[0] + "/not_a_field"
    stray = dict(answer, path=stray_path, id=version_id(
        answer["interview"], stray_path, answer["value"], device_id=answer["device"],
        clock=answer["clock"], written_at=answer["at"],
        supersedes=tuple(answer["supersedes"])))

    cases = {
        _rewritten(project, pack, tmp_path / "tampered.zip", flipped, sign=False):
            "signature is not valid",
        _rewritten(project, pack, tmp_path / "flipped.zip", flipped): "malformed",
        _rewritten(project, pack, tmp_path / "not-base64.zip", "%%%"): "malformed",
        _rewritten(project, pack, tmp_path / "garbage.zip",
                   _box(key, b"not json\n")): "malformed",
        _rewritten(project, pack, tmp_path / "altered.zip",
                   _box(key, canonical(forged_header) + b"\n")): "malformed",
        _rewritten(project, pack, tmp_path / "headless.zip",
                   _box(key, b"".join(canonical(r) + b"\n" for r in lines
                                      if r["path"] != "@sync/header"))): "malformed",
        _rewritten(project, pack, tmp_path / "stray-field.zip",
                   _box(key, b"".join(canonical(r) + b"\n" for r in [*lines, stray]))):
            "a field that is not in its form",
    }
    before = dump(bo.store)
    for path, message in cases.items():
        capsys.readouterr()
        assert join(bo, path, "Bo", project.codes["Bo"]) == 3, path
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and message in err[0] and str(path) in err[0], err
        assert dump(bo.store) == before



# -- sessions that left the pack's window -----------------------------------------------


def a_year_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Packs written from now on carry only the sessions from today on: every session
    in these tests but the planned ones has left the window."""
    monkeypatch.setattr(pack_sessions, "SESSION_MONTHS", 0)


def held(laptop: Laptop, uuids: Iterable[str]) -> dict[str, tuple[str, int, int]]:
    """{uuid: (label, answers, versions)} of the interviews ``uuids`` on the laptop."""
    wanted = sorted(uuids)
    with laptop.store.session() as db:
        labels = dict(db.execute(select(Interview.uuid, Interview.label)
                                 .where(Interview.uuid.in_(wanted))).all())
        answers = dict(db.execute(select(Answer.interview_uuid, func.count())
                                  .where(Answer.interview_uuid.in_(wanted))
                                  .group_by(Answer.interview_uuid)).all())
        versions = dict(db.execute(select(SyncVersion.interview_uuid, func.count())
                                   .where(SyncVersion.interview_uuid.in_(wanted))
                                   .group_by(SyncVersion.interview_uuid)).all())
    return {u: (labels[u], answers.get(u, 0), versions.get(u, 0)) for u in labels}


def purges(laptop: Laptop) -> dict[str, dict[str, Any]]:
    with laptop.store.session() as db:
        return {e.object_id: json.loads(e.detail) for e in db.scalars(
            select(AuditEvent).where(AuditEvent.action == "purge"))}


def receipt_for(laptop: Laptop, project: Coordinator, out: Path) -> None:
    write_receipt(project.store, laptop.device_id, out)
    import_receipt(laptop.store, out)


def test_sessions_that_left_the_pack_are_removed_from_a_laptop(
        project: Coordinator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    ana, ana_service, session, _hristo, _old = ana_runs_a_session(project, tmp_path)
    [planned] = ana_service.writer.create_sessions(
        {**SESSION, "title": "Planned", "session_date": TODAY + timedelta(days=30)})
    with ana.store.session() as db:  # a label, as interviews have, travels in the header
        db.execute(update(Interview).where(Interview.uuid == session).values(label="Roma"))
    deliver(ana, project, tmp_path / "ana-2.zip")
    repack(project)
    bo = make_laptop(project, tmp_path / "bo", "Bo")
    service = AttendanceService(bo.store, bo.project_id)
    left = {session, *(r.uuid for r in service.attendances(session))}
    assert len(left) == 3
    before = held(bo, left)
    assert all(answers and versions for _label, answers, versions in before.values())
    assert before[session][0] == "Roma"

    # A year on: the pack carries the planned session (Ana moved it), not the old one.
    ana_service.writer.set_session_value(planned, "venue", "Library")
    deliver(ana, project, tmp_path / "ana-3.zip")
    a_year_passes(monkeypatch)
    pack = repack(project)
    capsys.readouterr()
    assert join(bo, pack, "Bo", project.codes["Bo"]) == 0
    assert ("Advice sessions: 3 sessions and attendances no longer in the pack were removed "
            "from this laptop.") in capsys.readouterr().out

    [kept] = service.sessions()
    assert kept.uuid == planned and kept.venue == "Library"
    assert service.attendances() == []
    # The rows stay as a record that they were here; their data and versions do not.
    assert held(bo, left) == dict.fromkeys(left, ("", 0, 0))
    events = purges(bo)
    assert set(events) == left
    assert all(e["reason"] == "left the pack's window" and e["months"] == 0
               and e["answers"] == before[u][1] for u, e in events.items())
    # Emptied records are not interviews to fill in nor rows to export, and nothing of
    # them goes back.
    assert list_interviews(bo.store, bo.project_id) == []
    assert project_overview(bo.store, bo.project_id).interviews == 0
    exported = run_export(bo.store, ExportRequest("csv", tmp_path / "bo-export"))
    assert {f.form_id: f.interviews for f in exported.forms} == {"advice_session": 1}
    nothing = export_bundle(bo.store, tmp_path / "bo-1.zip")
    assert (nothing.interviews, nothing.versions) == (0, 0)

    # Joining the pack again removes nothing more (and audits nothing again).
    state = dump(bo.store)
    assert join_pack(bo.store, pack, "Bo", project.codes["Bo"]).sessions_removed == 0
    assert dump(bo.store) == state and set(purges(bo)) == left


def test_a_session_with_unsent_edits_stays_until_they_are_receipted(
        project: Coordinator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _ana, _service, session, hristo, _old = ana_runs_a_session(project, tmp_path)
    repack(project)
    bo = make_laptop(project, tmp_path / "bo", "Bo")
    service = AttendanceService(bo.store, bo.project_id)
    # Bo records the follow-up on one attendance, not yet exported: the whole session
    # stays, so the follow-up is neither lost nor left without its session.
    service.writer.set_followup_done(hristo, TODAY)
    a_year_passes(monkeypatch)
    assert join_pack(bo.store, repack(project), "Bo", project.codes["Bo"]).sessions_removed == 0
    assert [s.uuid for s in service.sessions()] == [session]
    done = {r.uuid: r.followup_done for r in service.attendances(session)}
    assert len(done) == 2 and done[hristo] == TODAY

    deliver(bo, project, tmp_path / "bo-1.zip")  # sent, not yet receipted: still kept
    assert join_pack(bo.store, repack(project), "Bo", project.codes["Bo"]).sessions_removed == 0
    assert len(service.attendances(session)) == 2 and purges(bo) == {}

    receipt_for(bo, project, tmp_path / "bo-receipt.zip")
    assert join_pack(bo.store, repack(project), "Bo", project.codes["Bo"]).sessions_removed == 3
    assert service.sessions() == [] and service.attendances() == []
    at_coordinator = AttendanceService(project.store, project.project_id)
    assert {r.uuid: r.followup_done for r in at_coordinator.attendances(session)}[hristo] \
        == TODAY


def test_records_begun_on_this_laptop_are_never_removed(
        project: Coordinator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ana, ana_service, session, _hristo, long_ago = ana_runs_a_session(project, tmp_path)
    repack(project)
    bo = make_laptop(project, tmp_path / "bo", "Bo")
    service = AttendanceService(bo.store, bo.project_id)
    # Bo checks someone in at Ana's session, and runs a session of his own.
    checked_in = service.writer.add_attendance(session, visit("Ana Lingurar"))
    [own] = service.writer.create_sessions({**SESSION, "title": "Bo's own"})
    own_visit = service.writer.add_attendance(own, visit("Ion Rusu"))
    deliver(bo, project, tmp_path / "bo-1.zip")
    # Ana checks someone in at Bo's session: it reaches Bo in the next pack.
    join_pack(ana.store, repack(project), "Ana", project.codes["Ana"])
    at_bos = ana_service.writer.add_attendance(own, visit("Maria Stan"))
    deliver(ana, project, tmp_path / "ana-2.zip")
    join_pack(bo.store, repack(project), "Bo", project.codes["Bo"])
    assert {r.uuid for r in service.attendances(own)} == {own_visit, at_bos}
    # Everything is receipted on both laptops: nothing is kept for being unsent.
    receipt_for(ana, project, tmp_path / "ana-receipt.zip")
    receipt_for(bo, project, tmp_path / "bo-receipt.zip")
    with ana.store.session() as db:
        assert not db.scalar(select(func.count()).select_from(SyncVersion)
                             .where(SyncVersion.received.is_(False)))

    a_year_passes(monkeypatch)
    pack = repack(project)
    # Ana's laptop keeps her sessions whole (with Bo's check-in at hers, from a pack)
    # and her check-in at Bo's; Bo's session and his attendance there, from a pack, go.
    assert join_pack(ana.store, pack, "Ana", project.codes["Ana"]).sessions_removed == 2
    assert {s.uuid for s in ana_service.sessions()} == {session, long_ago}
    assert {r.uuid for r in ana_service.attendances(session)} >= {checked_in}
    assert len(ana_service.attendances(session)) == 3
    assert at_bos in {r.uuid for r in ana_service.attendances()}
    assert set(purges(ana)) == {own, own_visit}

    # Bo's laptop lets Ana's session and her attendances go, and keeps its own records:
    # his check-in at her session, and his session whole (Ana's check-in there too).
    assert join_pack(bo.store, pack, "Bo", project.codes["Bo"]).sessions_removed == 3
    assert [s.uuid for s in service.sessions()] == [own]
    assert {r.uuid for r in service.attendances()} == {checked_in, own_visit, at_bos}
    assert checked_in not in purges(bo) and len(purges(bo)) == 3


def test_a_pack_that_cannot_say_what_left_it_removes_nothing(
        project: Coordinator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _ana, _service, session, _hristo, _old = ana_runs_a_session(project, tmp_path)
    repack(project)
    bo = make_laptop(project, tmp_path / "bo", "Bo")
    service = AttendanceService(bo.store, bo.project_id)
    a_year_passes(monkeypatch)
    pack = repack(project)
    before = answers_of(bo.store)

    def no_entry(manifest: dict[str, Any]) -> None:  # an older coordinator's pack
        manifest["sessions"] = None

    def not_for_bo(manifest: dict[str, Any]) -> None:  # no key wrapped for Bo
        del manifest["sessions"]["keys"][project.ids["Bo"]]

    for n, change in enumerate((no_entry, not_for_bo)):
        changed = _resigned(project, pack, tmp_path / f"pack-{n}.zip", change)
        result = join_pack(bo.store, changed, "Bo", project.codes["Bo"])
        assert (result.session_records, result.sessions_removed) == (0, 0), change
        assert answers_of(bo.store) == before and purges(bo) == {}
    # The coordinator's own pack does say it: every session left, an empty entry.
    pack = repack(project)
    assert _manifest(pack)["sessions"]["months"] == 0
    assert join_pack(bo.store, pack, "Bo", project.codes["Bo"]).sessions_removed == 3
    assert service.session(session) is None


def _manifest(pack: Path) -> dict[str, Any]:
    with zipfile.ZipFile(pack) as z:
        return dict(json.loads(z.read("pack.json")))


def test_a_project_without_advice_sessions_packs_no_sessions_entry(
        coordinator: Coordinator) -> None:
    assert coordinator.pack is not None
    assert _manifest(coordinator.pack)["sessions"] is None
