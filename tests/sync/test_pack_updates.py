"""A laptop takes a newer pack of its project (forms and roster change, collected
data does not) and refuses an older pack or one signed by another key (exit 3,
store unchanged)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from nacl.signing import SigningKey
from sqlalchemy import select

from fieldkit.cli import main
from fieldkit.store.models import Form
from fieldkit.sync.formats import canonical
from fieldkit.sync.project import add_interviewer, write_pack
from tests.sync.helpers import Coordinator, Laptop, answers_of, dump, make_laptop, write_interview


def joined_with_data(coordinator: Coordinator, tmp_path: Path) -> tuple[Laptop, str]:
    laptop = make_laptop(coordinator, tmp_path / "ana", "Ana")
    uuid = write_interview(laptop, {"/data/name": "Kept", "/data/age": "40"})
    return laptop, uuid


def join(laptop: Laptop, pack: Path, code: str) -> int:
    return main(["--db", laptop.url, "project", "join", str(pack), "--interviewer", "Ana",
                 "--code", code])


def test_a_newer_pack_updates_forms_and_roster_only(
        coordinator: Coordinator, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    laptop, _uuid = joined_with_data(coordinator, tmp_path)
    before_answers = answers_of(laptop.store)
    before = dump(laptop.store)
    with coordinator.store.session() as session:
        session.add(Form(project_id=coordinator.project_id, form_id="hh", version="2",
                         title="Household v2", source_name="hh2.xml", source=b"<y/>",
                         hash="b" * 64, xform="<y/>"))
    add_interviewer(coordinator.store, "Cy")
    newer = tmp_path / "pack-2.zip"
    assert write_pack(coordinator.store, newer) == 2

    assert join(laptop, newer, coordinator.codes["Ana"]) == 0
    assert "Updated project" in capsys.readouterr().out
    after = dump(laptop.store)
    assert answers_of(laptop.store) == before_answers
    assert after["interviews"] == before["interviews"]
    assert after["versions"] == before["versions"]
    assert sorted(name for _id, name in after["roster"]) == ["Ana", "Bo", "Cy"]
    assert after["project"] == [(coordinator.project_id, 2)]
    with laptop.store.session() as session:
        assert sorted(session.scalars(select(Form.version))) == ["1", "2"]
    assert join(laptop, newer, coordinator.codes["Ana"]) == 0  # the same pack again: fine
    assert answers_of(laptop.store) == before_answers


def test_an_older_pack_is_refused(coordinator: Coordinator, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    laptop, _uuid = joined_with_data(coordinator, tmp_path)
    assert coordinator.pack is not None
    old = tmp_path / "pack-1.zip"
    old.write_bytes(coordinator.pack.read_bytes())
    write_pack(coordinator.store, tmp_path / "pack-2.zip")
    assert join(laptop, tmp_path / "pack-2.zip", coordinator.codes["Ana"]) == 0
    before = dump(laptop.store)
    capsys.readouterr()
    assert join(laptop, old, coordinator.codes["Ana"]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "older (version 1)" in err[0] and str(old) in err[0]
    assert dump(laptop.store) == before


def test_a_pack_signed_by_another_key_is_refused(coordinator: Coordinator, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    laptop, _uuid = joined_with_data(coordinator, tmp_path)
    genuine = tmp_path / "pack-2.zip"
    write_pack(coordinator.store, genuine)
    # Someone re-signs the project's pack with their own key (and puts it in the pack).
    with zipfile.ZipFile(genuine) as z:
        members = {name: z.read(name) for name in z.namelist()}
    manifest = json.loads(members["pack.json"])
    forger = SigningKey.generate()
    manifest["verify_key"] = bytes(forger.verify_key).hex()
    manifest["pack_version"] = 99
    members["pack.json"] = canonical(manifest)
    members["pack.sig"] = bytes(forger.sign(members["pack.json"]).signature)
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(forged, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    before = dump(laptop.store)
    capsys.readouterr()
    assert join(laptop, forged, coordinator.codes["Ana"]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "different coordinator key" in err[0]
    assert dump(laptop.store) == before
