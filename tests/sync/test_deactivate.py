"""Deactivating an interviewer revokes their laptops: their bundles are refused
(exit 3, store unchanged), no new laptop can enrol as them, imported data stays;
activating them again undoes it. Audited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from fieldkit.cli import main
from fieldkit.store.models import AuditEvent, Interviewer
from fieldkit.sync.bundle_out import export_bundle
from tests.sync.helpers import Coordinator, answers_of, dump, make_laptop, write_interview


def test_deactivate_revokes_the_interviewers_devices(
        coordinator: Coordinator, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = str(coordinator.store.engine.url)
    ana = make_laptop(coordinator, tmp_path / "ana", "Ana")
    write_interview(ana, {"/data/name": "First"})
    export_bundle(ana.store, tmp_path / "1.zip")
    assert main(["--db", url, "bundle", "import", str(tmp_path / "1.zip")]) == 0
    imported = answers_of(coordinator.store)

    assert main(["--db", url, "project", "interviewer", "deactivate", "Ana"]) == 0
    assert "Ana is deactivated" in capsys.readouterr().out
    with coordinator.store.session() as session:
        assert not session.scalars(select(Interviewer.active).where(
            Interviewer.name == "Ana")).one()
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "deactivate-interviewer")).one()
        assert json.loads(event.detail)["devices"] == [ana.device_id]

    write_interview(ana, {"/data/name": "After"})
    export_bundle(ana.store, tmp_path / "2.zip")
    before = dump(coordinator.store)
    assert main(["--db", url, "bundle", "import", str(tmp_path / "2.zip")]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "revoked" in err[0] and "Ana" in err[0]
    assert dump(coordinator.store) == before
    assert answers_of(coordinator.store) == imported  # what arrived before stays
    # A bundle imported before is still recognised as such, not refused.
    assert main(["--db", url, "bundle", "import", str(tmp_path / "1.zip")]) == 0

    again = make_laptop(coordinator, tmp_path / "ana2", "Ana")  # a new laptop as Ana
    write_interview(again, {"/data/name": "New laptop"})
    export_bundle(again.store, tmp_path / "3.zip")
    assert main(["--db", url, "bundle", "import", str(tmp_path / "3.zip")]) == 3
    assert "not on the roster" in capsys.readouterr().err

    assert main(["--db", url, "project", "interviewer", "activate", "Ana"]) == 0
    assert main(["--db", url, "bundle", "import", str(tmp_path / "2.zip")]) == 0


def test_deactivating_someone_not_on_the_roster(coordinator: Coordinator,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    url = str(coordinator.store.engine.url)
    assert main(["--db", url, "project", "interviewer", "deactivate", "Zed"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Zed is not on the roster" in err[0]
