"""Four coordinators import overlapping bundles into one PostgreSQL store at once:
no duplicates, no losses (advisory locks per interview, ON CONFLICT inserts)."""

from __future__ import annotations

import random
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from fieldkit.store import open_store
from fieldkit.store.models import Answer, Interview, SyncBundle, SyncVersion, SyncVersionPack
from fieldkit.sync.bundle_in import BundleReport, import_bundle
from fieldkit.sync.bundle_out import export_bundle
from fieldkit.sync.merge_store import packed_versions
from tests.pg_server import PostgresServer
from tests.sync.helpers import answers_of, edit, make_coordinator, make_laptop, write_interview


@pytest.mark.postgres
def test_four_concurrent_importers(postgres_server: PostgresServer, tmp_path: Path) -> None:
    url = postgres_server.create_database("fieldkit_sync_concurrent")
    coordinator = make_coordinator(url, tmp_path, names=("Ana", "Bo", "Cy"))
    bundles: list[Path] = []
    expected: dict[tuple[str, str], str | None] = {}
    for name in ("Ana", "Bo", "Cy"):
        lap = make_laptop(coordinator, tmp_path / name, name)
        uuids = [write_interview(lap, {f"/data/q{k}": f"{name}{n}{k}" for k in range(20)})
                 for n in range(15)]
        bundles.append(tmp_path / f"{name}-1.zip")
        export_bundle(lap.store, bundles[-1])
        for uuid in uuids[:5]:  # later edits: the second bundle overlaps the first
            edit(lap, uuid, {"/data/q0": "changed", "/data/q19": None})
        write_interview(lap, {"/data/q0": "late"})
        bundles.append(tmp_path / f"{name}-2.zip")
        export_bundle(lap.store, bundles[-1])
        expected.update(answers_of(lap.store))
        lap.store.close()
    coordinator.store.close()

    barrier = threading.Barrier(4)
    reports: list[BundleReport] = []
    lock = threading.Lock()

    def importer(seed: int) -> None:
        store = open_store(url)
        order = list(bundles)
        random.Random(seed).shuffle(order)
        barrier.wait()
        try:
            for path in order:
                report = import_bundle(store, path)
                with lock:
                    reports.append(report)
        finally:
            store.close()

    threads = [threading.Thread(target=importer, args=(seed,)) for seed in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert len(reports) == 4 * len(bundles)
    assert all(r.accepted for r in reports), [r.reason for r in reports if not r.accepted]
    store = open_store(url)
    try:
        assert answers_of(store) == expected  # nothing lost, nothing extra
        with store.session() as session:
            assert session.scalar(select(func.count()).select_from(Interview)) == 48
            assert session.scalar(select(func.count()).select_from(Answer)) == len(expected)
            assert session.scalar(select(func.count()).select_from(SyncBundle)) == len(bundles)
            # No version kept twice: not as two rows, two packs, or a row and a pack.
            ids = list(session.scalars(select(SyncVersion.id)))
            ids += [v.id for v in packed_versions(session, session.scalars(
                select(SyncVersionPack.interview_uuid)).all())]
            assert ids and len(ids) == len(set(ids))
        assert sum(r.counts.interviews_new for r in reports) == 48
    finally:
        store.close()
