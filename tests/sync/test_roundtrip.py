"""The round trip: join, export, import, receipt, purge; re-import and exporting
twice are harmless; a laptop restored from a backup leaves a conflict, not a loss."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from fieldkit.exports.flags import interview_flags
from fieldkit.store.models import AuditEvent, Interview
from fieldkit.sync.bundle_in import import_bundle, import_bundles
from fieldkit.sync.bundle_out import export_bundle
from fieldkit.sync.receipts import import_receipt, write_receipt
from fieldkit.sync.review import list_conflicts, resolve_conflict
from tests.sync.helpers import (
    Coordinator,
    answers_of,
    backup,
    dump,
    edit,
    make_laptop,
    restore,
    write_interview,
)


def test_round_trip_with_receipt_and_purge(coordinator: Coordinator, tmp_path: Path) -> None:
    ana = make_laptop(coordinator, tmp_path / "ana", "Ana")
    bo = make_laptop(coordinator, tmp_path / "bo", "Bo")
    one = write_interview(ana, {"/data/name": "Rana", "@fieldkit/consent/given": "yes"})
    two = write_interview(bo, {"/data/name": "Karim", "/data/age": "41"})
    export_bundle(ana.store, tmp_path / "a1.zip")
    export_bundle(ana.store, tmp_path / "a2.zip")  # twice: harmless
    export_bundle(bo.store, tmp_path / "b1.zip")

    first = import_bundle(coordinator.store, tmp_path / "a1.zip")
    assert first.accepted, first.reason
    assert (first.counts.interviews_new, first.counts.conflicts) == (1, 0)
    assert import_bundle(coordinator.store, tmp_path / "b1.zip").accepted
    again = import_bundle(coordinator.store, tmp_path / "a2.zip")
    assert again.accepted and again.counts.interviews_unchanged == 1
    assert again.counts.versions_new == 0
    repeat = import_bundle(coordinator.store, tmp_path / "a1.zip")  # known before reading
    assert repeat.accepted and repeat.already_imported
    assert (repeat.counts.interviews_unchanged, repeat.counts.versions_known) == (
        1, first.counts.versions_new)

    got = answers_of(coordinator.store)
    assert got[(one, "/data/name")] == "Rana"
    assert got[(one, "@fieldkit/consent/given")] == "yes"
    assert got[(two, "/data/age")] == "41"

    write_receipt(coordinator.store, ana.device_id, tmp_path / "r.zip")
    result = import_receipt(ana.store, tmp_path / "r.zip")
    assert (result.interviews_receipted, result.interviews_purged) == (1, 1)
    assert answers_of(ana.store) == {}
    with ana.store.session() as session:
        assert session.get_one(Interview, one).status == "receipted"
        purges = session.scalars(select(AuditEvent).where(AuditEvent.action == "purge")).all()
    assert [p.object_id for p in purges] == [one]
    assert json.loads(purges[0].detail)["answers"] == 2


def test_restored_laptop_keeps_both_edits_as_a_conflict(coordinator: Coordinator,
                                                         tmp_path: Path) -> None:
    ana = make_laptop(coordinator, tmp_path / "ana", "Ana")
    uuid = write_interview(ana, {"/data/name": "Rana", "/data/age": "30", "/data/town": "X"})
    export_bundle(ana.store, tmp_path / "first.zip")
    saved = backup(ana, tmp_path / "backup.sqlite3")
    edit(ana, uuid, {"/data/name": "Rana K.", "/data/age": "31"})
    export_bundle(ana.store, tmp_path / "before.zip")
    restore(ana, saved)  # the laptop forgets that edit, and its counter goes back
    edit(ana, uuid, {"/data/name": "Rana Q.", "/data/town": "Y"})
    export_bundle(ana.store, tmp_path / "after.zip")

    for name in ("after.zip", "first.zip", "before.zip"):
        assert import_bundle(coordinator.store, tmp_path / name).accepted
    got = answers_of(coordinator.store)
    assert got[(uuid, "/data/age")] == "31"  # different fields merge
    assert got[(uuid, "/data/town")] == "Y"
    (conflict,) = list_conflicts(coordinator.store)
    assert conflict.path == "/data/name"
    assert sorted(str(v.value) for v in conflict.values) == ["Rana K.", "Rana Q."]
    with coordinator.store.session() as session:  # what exports flag
        assert interview_flags(session, [uuid]) == {uuid: (True, False)}

    resolve_conflict(coordinator.store, uuid, "/data/name", "Rana Q.", actor="coord")
    assert list_conflicts(coordinator.store) == []
    with coordinator.store.session() as session:
        assert interview_flags(session, [uuid]) == {}
    assert answers_of(coordinator.store)[(uuid, "/data/name")] == "Rana Q."

    # The receipt tells the restored laptop it was restored; its clock jumps ahead.
    write_receipt(coordinator.store, ana.device_id, tmp_path / "r.zip")
    assert import_receipt(ana.store, tmp_path / "r.zip").restore_detected


def test_reimport_changes_nothing(coordinator: Coordinator, tmp_path: Path) -> None:
    ana = make_laptop(coordinator, tmp_path / "ana", "Ana")
    write_interview(ana, {"/data/name": "Rana"})
    export_bundle(ana.store, tmp_path / "a.zip")
    import_bundle(coordinator.store, tmp_path / "a.zip")
    before = dump(coordinator.store)
    import_bundle(coordinator.store, tmp_path / "a.zip")
    assert dump(coordinator.store) == before


def test_one_bundle_twice_in_one_import(coordinator: Coordinator, tmp_path: Path) -> None:
    """The second copy is read while the first commits (import_bundles overlaps
    them): the bundle log, not that read, recognises it, and nothing is doubled."""
    ana = make_laptop(coordinator, tmp_path / "ana", "Ana")
    write_interview(ana, {"/data/name": "Rana", "/data/age": "33"})
    export_bundle(ana.store, tmp_path / "a.zip")
    first, second = import_bundles(coordinator.store, [tmp_path / "a.zip"] * 2)
    assert first.accepted and not first.already_imported
    assert first.counts.versions_new > 0
    assert second.accepted and second.already_imported and second.counts.versions_new == 0
    once = dump(coordinator.store)
    import_bundle(coordinator.store, tmp_path / "a.zip")
    assert dump(coordinator.store) == once


def test_an_interview_stored_without_versions_is_merged_field_by_field(
        coordinator: Coordinator, tmp_path: Path) -> None:
    """An interview row the coordinator has but no version of (so the bundle's
    versions are all there is): its answers are updated in place, not inserted again."""
    from fieldkit.interviews.answer_rows import write_answers
    from fieldkit.projects import ensure_local_device
    from fieldkit.store.models import Form, utcnow

    ana = make_laptop(coordinator, tmp_path / "ana", "Ana")
    uuid = write_interview(ana, {"/data/name": "Rana", "/data/age": "33"})
    here = ensure_local_device(coordinator.store).id
    now = utcnow()
    with coordinator.store.session() as session:
        form_pk = session.scalars(select(Form.id)).one()
        session.add(Interview(uuid=uuid, project_id=coordinator.project_id, form_pk=form_pk,
                              status="finalized", label="typed in", device_id=here,
                              created_at=now, updated_at=now, finalized_at=now))
        session.flush()
        write_answers(session, uuid, here, {"/data/name": "R.", "/data/note": "kept"}, now)
    export_bundle(ana.store, tmp_path / "a.zip")
    report = import_bundle(coordinator.store, tmp_path / "a.zip")
    assert report.accepted, report.reason
    assert (report.counts.interviews_new, report.counts.interviews_updated) == (0, 1)
    answers = {path: value for (u, path), value in answers_of(coordinator.store).items()
               if u == uuid}
    assert answers == {"/data/name": "Rana", "/data/age": "33", "/data/note": "kept"}


def test_versions_in_packs_and_rows_are_counted_and_receipted_alike(
        coordinator: Coordinator, tmp_path: Path) -> None:
    """A first bundle's versions of a new interview go in as a pack, a later edit's as
    rows: receipts and the devices list count both, once each."""
    from sqlalchemy import func

    from fieldkit.store.models import SyncVersion, SyncVersionPack
    from fieldkit.sync.merge_store import device_version_count, device_versions

    ana = make_laptop(coordinator, tmp_path / "ana", "Ana")
    uuid = write_interview(ana, {"/data/name": "Rana", "/data/age": "33"})
    export_bundle(ana.store, tmp_path / "a1.zip")
    assert import_bundle(coordinator.store, tmp_path / "a1.zip").accepted
    edit(ana, uuid, {"/data/age": "34"})
    export_bundle(ana.store, tmp_path / "a2.zip")
    assert import_bundle(coordinator.store, tmp_path / "a2.zip").accepted
    with ana.store.session() as session:
        made = {(v, u) for v, u in session.execute(
            select(SyncVersion.id, SyncVersion.interview_uuid))}
    with coordinator.store.session() as session:
        assert session.scalar(select(func.count()).select_from(SyncVersionPack)) == 1
        assert session.scalar(select(func.count()).select_from(SyncVersion)) >= 1
        assert set(device_versions(session, ana.device_id)) == made
        assert device_version_count(session, ana.device_id) == len(made)
    assert write_receipt(coordinator.store, ana.device_id, tmp_path / "r.zip") == len(made)
    assert answers_of(coordinator.store)[(uuid, "/data/age")] == "34"


def test_the_page_a_screen_showed_stays_on_the_laptop(coordinator: Coordinator,
                                                       tmp_path: Path) -> None:
    """@fieldkit/current is a laptop's own (where its screen was): two laptops that
    open the same record would otherwise show up as a conflict at the coordinator."""
    from fieldkit.interviews.answer_rows import CURRENT_PAGE_PATH

    ana = make_laptop(coordinator, tmp_path / "ana", "Ana")
    uuid = write_interview(ana, {"/data/size": "4", CURRENT_PAGE_PATH: "/data/page2"})
    first = export_bundle(ana.store, tmp_path / "a1.zip")
    assert import_bundle(coordinator.store, tmp_path / "a1.zip").accepted
    stored = answers_of(coordinator.store)
    assert stored[(uuid, "/data/size")] == "4"
    assert (uuid, CURRENT_PAGE_PATH) not in stored
    edit(ana, uuid, {CURRENT_PAGE_PATH: "/data/page3"})  # only the screen moved
    again = export_bundle(ana.store, tmp_path / "a2.zip")  # not receipted: all again
    assert again.versions == first.versions  # and nothing new
    assert import_bundle(coordinator.store, tmp_path / "a2.zip").counts.versions_new == 0
