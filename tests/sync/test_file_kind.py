"""Telling a pack from a bundle (for `fieldkit open` and double-clicks), and the
message when a file needs a newer fieldkit than this one."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

import fieldkit
from fieldkit.errors import InvalidInput, RejectedInput
from fieldkit.store import open_store
from fieldkit.sync.bundle_in import import_bundles
from fieldkit.sync.bundle_out import export_bundle
from fieldkit.sync.file_kind import file_kind
from fieldkit.sync.formats import FIRST_READER, FORMAT_VERSION, NEEDS_FIELDKIT
from fieldkit.sync.project import join_pack
from fieldkit.sync.receipts import write_receipt
from tests.sync.helpers import Coordinator, make_laptop, write_interview


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as out:
        for name, data in members.items():
            out.writestr(name, data)
    return path


def test_packs_bundles_and_receipts_are_told_apart(coordinator: Coordinator,
                                                   tmp_path: Path) -> None:
    assert coordinator.pack is not None
    # A renamed pack is still a pack: the kind comes from inside the zip.
    renamed = coordinator.pack.rename(tmp_path / "from-the-coordinator.fkpack")
    assert file_kind(renamed) == "pack"
    coordinator.pack = renamed
    laptop = make_laptop(coordinator, tmp_path / "ana", "Ana")
    write_interview(laptop, {"/data/q1": "1"})
    bundle = tmp_path / "ana.fkbundle"
    export_bundle(laptop.store, bundle)
    assert file_kind(bundle) == "bundle"
    import_bundles(coordinator.store, [bundle])
    receipt = tmp_path / "ana-receipt.zip"
    write_receipt(coordinator.store, laptop.device_id, receipt)
    assert file_kind(receipt) == "receipt"
    laptop.store.close()


def test_other_files_are_refused_with_one_line(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no such file"):
        file_kind(tmp_path / "absent.fkpack")
    text = tmp_path / "notes.fkpack"
    text.write_text("not a zip", encoding="utf-8")
    with pytest.raises(RejectedInput, match="not a zip file"):
        file_kind(text)
    other = _zip(tmp_path / "photos.zip", {"a.jpg": b"..."})
    with pytest.raises(RejectedInput, match="not a fieldkit project pack or data bundle"):
        file_kind(other)


def test_packs_and_bundles_name_the_fieldkit_they_need(coordinator: Coordinator,
                                                       tmp_path: Path) -> None:
    assert coordinator.pack is not None
    with zipfile.ZipFile(coordinator.pack) as archive:
        manifest = json.loads(archive.read("pack.json"))
    assert manifest["needs_fieldkit"] == NEEDS_FIELDKIT == FIRST_READER[FORMAT_VERSION]
    laptop = make_laptop(coordinator, tmp_path / "ana", "Ana")
    write_interview(laptop, {"/data/q1": "1"})
    bundle = tmp_path / "ana.fkbundle"
    export_bundle(laptop.store, bundle)
    with zipfile.ZipFile(bundle) as archive:
        assert json.loads(archive.read("envelope.json"))["needs_fieldkit"] == NEEDS_FIELDKIT
    laptop.store.close()


def test_a_pack_from_a_newer_fieldkit_names_the_version_needed(tmp_path: Path) -> None:
    newer = {"format": "fieldkit-pack", "version": FORMAT_VERSION + 1,
             "needs_fieldkit": "9.4.0", "project_id": "p"}
    pack = _zip(tmp_path / "newer.fkpack", {"pack.json": json.dumps(newer).encode(),
                                            "pack.sig": b"x" * 64})
    store = open_store(f"sqlite:///{tmp_path / 'laptop.sqlite3'}")
    try:
        with pytest.raises(RejectedInput) as caught:
            join_pack(store, pack, "Ana", "ABCD-EFGH-JKLM-NPQR")
    finally:
        store.close()
    message = str(caught.value)
    assert "needs fieldkit 9.4.0 or newer" in message
    assert f"this is fieldkit {fieldkit.__version__}" in message
    assert "\n" not in message


def test_a_pack_of_an_unknown_version_without_a_release_still_says_update(
        tmp_path: Path) -> None:
    odd = {"format": "fieldkit-pack", "version": "two", "project_id": "p"}
    pack = _zip(tmp_path / "odd.fkpack", {"pack.json": json.dumps(odd).encode(),
                                          "pack.sig": b"x" * 64})
    store = open_store(f"sqlite:///{tmp_path / 'laptop.sqlite3'}")
    try:
        with pytest.raises(RejectedInput, match=r"format version two is not supported.*"
                                                r"update fieldkit"):
            join_pack(store, pack, "Ana", "ABCD-EFGH-JKLM-NPQR")
    finally:
        store.close()


def test_a_release_no_newer_than_this_one_is_not_named(tmp_path: Path) -> None:
    """A file claiming a newer format but naming this release (damaged or forged)
    gets the plain message, not "needs fieldkit 0.1.0, and this is 0.1.0"."""
    odd = {"format": "fieldkit-pack", "version": FORMAT_VERSION + 1,
           "needs_fieldkit": fieldkit.__version__, "project_id": "p"}
    pack = _zip(tmp_path / "odd.fkpack", {"pack.json": json.dumps(odd).encode(),
                                          "pack.sig": b"x" * 64})
    store = open_store(f"sqlite:///{tmp_path / 'laptop.sqlite3'}")
    try:
        with pytest.raises(RejectedInput, match=r"is not supported by this fieldkit"):
            join_pack(store, pack, "Ana", "ABCD-EFGH-JKLM-NPQR")
    finally:
        store.close()
