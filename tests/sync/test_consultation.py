"""The consultation register: the pack carries keyed hashes of recently surveyed
addresses (nothing in clear), a laptop warns when a household was surveyed in the
last N months, and a pack needs the interviewer's own code to be used."""

from __future__ import annotations

import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from fieldkit.cli import main
from fieldkit.errors import UsageError
from fieldkit.store.models import Interview
from fieldkit.sync.bundle_in import import_bundles
from fieldkit.sync.bundle_out import export_bundle
from fieldkit.sync.consultation import check_consultation, months_before, register_size
from fieldkit.sync.project import join_pack, write_pack
from tests.sync.helpers import Coordinator, dump, make_laptop, write_interview
from tests.sync.test_duplicates import household


def surveyed_by_ana(coordinator: Coordinator, tmp_path: Path) -> str:
    ana = make_laptop(coordinator, tmp_path / "ana", "Ana")
    uuid = write_interview(ana, household("LS6 1AA", "Flat 3, 12 Leeds Road", "Ahmed"))
    export_bundle(ana.store, tmp_path / "ana.zip")
    ana.store.close()
    assert import_bundles(coordinator.store, [tmp_path / "ana.zip"])[0].accepted
    return uuid


def test_a_laptop_is_warned_about_an_address_surveyed_elsewhere(
        coordinator: Coordinator, tmp_path: Path) -> None:
    bo = make_laptop(coordinator, tmp_path / "bo", "Bo")
    assert check_consultation(bo.store, "12 Leeds Road, flat 3", "ls6 1aa") is None
    surveyed_by_ana(coordinator, tmp_path)
    assert coordinator.pack is not None
    write_pack(coordinator.store, coordinator.pack)
    join_pack(bo.store, coordinator.pack, "Bo", coordinator.codes["Bo"])
    assert register_size(bo.store, bo.project_id) == 1

    hit = check_consultation(bo.store, "Flat 3 12 Leeds Rd", "LS61AA")
    assert hit is not None
    assert (hit.source, hit.months, hit.consulted_on) == (
        "register", 12, datetime.now(UTC).date())
    assert check_consultation(bo.store, "Flat 4, 12 Leeds Road", "LS6 1AA") is None
    assert check_consultation(bo.store, "Flat 3, 12 Leeds Road", "LS6 1AB") is None
    assert check_consultation(bo.store, "", "LS6 1AA") is None


def test_the_pack_holds_no_address_in_clear(coordinator: Coordinator, tmp_path: Path) -> None:
    surveyed_by_ana(coordinator, tmp_path)
    pack = tmp_path / "p.zip"
    write_pack(coordinator.store, pack)
    with zipfile.ZipFile(pack) as z:
        text = z.read("pack.json").decode()
    for clear in ("Leeds", "LEEDS", "LS6", "LS61AA", "Ahmed", "AHMED"):
        assert clear not in text


def test_only_the_last_months_are_carried(coordinator: Coordinator, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    uuid = surveyed_by_ana(coordinator, tmp_path)
    long_ago = datetime.now(UTC) - timedelta(days=400)
    with coordinator.store.session() as session:
        session.execute(update(Interview).where(Interview.uuid == uuid)
                        .values(finalized_at=long_ago, created_at=long_ago))
    url = str(coordinator.store.engine.url)
    assert main(["--db", url, "project", "consultation", "--json"]) == 0
    assert '"addresses": 0' in capsys.readouterr().out
    assert main(["--db", url, "project", "consultation", "--months", "24", "--json"]) == 0
    assert '"months": 24' in capsys.readouterr().out
    assert coordinator.pack is not None
    write_pack(coordinator.store, coordinator.pack)
    bo = make_laptop(coordinator, tmp_path / "bo", "Bo")
    hit = check_consultation(bo.store, "Flat 3, 12 Leeds Road", "LS6 1AA")
    assert hit is not None and hit.months == 24 and hit.consulted_on == long_ago.date()
    assert main(["--db", url, "project", "consultation", "--months", "121"]) == 2


def test_this_laptops_own_interviews_count_too(coordinator: Coordinator,
                                               tmp_path: Path) -> None:
    ana = make_laptop(coordinator, tmp_path / "ana", "Ana")
    uuid = write_interview(ana, household("E1 6AN", "5 Brick Lane", "Sara"))
    hit = check_consultation(ana.store, "5, Brick Lane", "e1 6an")
    assert hit is not None and hit.source == "laptop"
    assert check_consultation(ana.store, "5 Brick Lane", "E1 6AN", exclude_uuid=uuid) is None


def test_joining_with_another_interviewers_code_is_refused(
        coordinator: Coordinator, tmp_path: Path) -> None:
    from fieldkit.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'l.sqlite3'}")
    before = dump(store)
    assert coordinator.pack is not None
    with pytest.raises(UsageError, match="not the enrolment code"):
        join_pack(store, coordinator.pack, "Bo", coordinator.codes["Ana"])
    assert dump(store) == before
    store.close()


def test_months_before() -> None:
    assert months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert months_before(date(2024, 3, 31), 1) == date(2024, 2, 29)
    assert months_before(date(2026, 1, 15), 12) == date(2025, 1, 15)
    assert months_before(date(2026, 1, 15), 13) == date(2024, 12, 15)
