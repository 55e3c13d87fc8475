"""Attachments encrypted with secretstream: read back whole, refused when cut or
altered, sealed in place without losing a file to a crash."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fieldkit.errors import EnvironmentProblem
from fieldkit.vault.sealed import (
    CHUNK,
    MAGIC,
    is_sealed,
    read_plain,
    seal_copy,
    seal_folder,
    write_sealed,
)

KEY = bytes(range(32))


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK * 3 + 17])
def test_what_is_sealed_reads_back_whole(tmp_path: Path, size: int):
    data = os.urandom(size)
    write_sealed(tmp_path / "a", data, KEY)
    assert is_sealed(tmp_path / "a")
    assert read_plain(tmp_path / "a", KEY) == data


def test_a_cut_or_altered_file_is_refused(tmp_path: Path):
    data = b"Consent: Hodan Warsame, 07700 900123" * 5000
    file = tmp_path / "scan.jpg"
    write_sealed(file, data, KEY)
    raw = file.read_bytes()
    assert b"Hodan" not in raw
    file.write_bytes(raw[:len(raw) - 40])
    with pytest.raises(EnvironmentProblem, match=r"cut short|damaged"):
        read_plain(file, KEY)
    flipped = bytearray(raw)
    flipped[len(MAGIC) + 40] ^= 1
    file.write_bytes(bytes(flipped))
    with pytest.raises(EnvironmentProblem, match="damaged"):
        read_plain(file, KEY)
    file.write_bytes(raw)
    with pytest.raises(EnvironmentProblem, match="damaged"):
        read_plain(file, bytes(32))  # another key
    with pytest.raises(EnvironmentProblem, match="not unlocked"):
        read_plain(file, None)


def test_plaintext_files_are_read_as_they_are(tmp_path: Path):
    (tmp_path / "old.jpg").write_bytes(b"plain")
    assert read_plain(tmp_path / "old.jpg", KEY) == b"plain"


def test_seal_folder_seals_once_and_finishes_a_run_cut_short(tmp_path: Path):
    root = tmp_path / "attachments"
    (root / "iv1").mkdir(parents=True)
    (root / "iv1" / "a.jpg").write_bytes(b"Anna Nowak photo")
    (root / "iv1" / "b.jpg").write_bytes(b"Ioana Popescu photo")
    # A run killed after wiping c.jpg: only its sealed copy is left.
    seal_copy_src = tmp_path / "c-src"
    seal_copy_src.write_bytes(b"Shilan Ahmadi scan")
    seal_copy(seal_copy_src, root / "iv1" / "c.jpg.0a1b2c3d.sealing", KEY)
    # A run killed while copying d.jpg: its plaintext is still there.
    (root / "iv1" / "d.jpg").write_bytes(b"Bogdan Stoica scan")
    (root / "iv1" / "d.jpg.deadbeef.sealing").write_bytes(b"half")
    assert seal_folder(root, KEY) == 4
    assert sorted(p.name for p in (root / "iv1").iterdir()) == ["a.jpg", "b.jpg", "c.jpg",
                                                                "d.jpg"]
    assert read_plain(root / "iv1" / "c.jpg", KEY) == b"Shilan Ahmadi scan"
    assert read_plain(root / "iv1" / "d.jpg", KEY) == b"Bogdan Stoica scan"
    assert seal_folder(root, KEY) == 0
    assert all(is_sealed(p) for p in (root / "iv1").iterdir())


def test_a_recording_on_an_encrypted_store_is_sealed_and_exported_in_clear(tmp_path: Path):
    import zipfile

    from fieldkit.focus.qdpx import write_qdpx
    from fieldkit.focus.reading import read_focus
    from fieldkit.store import open_store
    from fieldkit.store.cipher import attachments_key
    from fieldkit.sync.project import init_project
    from fieldkit.vault.kdf import FAST_FOR_TESTS
    from fieldkit.vault.setup import encrypt_store
    from tests.focus.conftest import build_site

    file = tmp_path / "data" / "fieldkit.sqlite3"
    key = encrypt_store(file, secret="a long passphrase for a test", kind="passphrase",
                        device_kind="none", kdf=FAST_FOR_TESTS)
    store = open_store(f"sqlite:///{file}", key=key)
    try:
        site = build_site(store, init_project(store, "Focus", default_forms=False).id)
        audio = tmp_path / "group.ogg"
        audio.write_bytes(b"OggS Rosa Lakatos speaking" * 100)
        attachments = tmp_path / "data" / "attachments"
        name = site.writer.attach_recording(site.group, attachments, audio)
        stored = attachments / site.group / name
        assert is_sealed(stored) and b"Rosa" not in stored.read_bytes()
        out = tmp_path / "p.qdpx"
        summary = write_qdpx(read_focus(store, site.project_id), out, name="p",
                             attachments_dir=attachments,
                             attachments_key=attachments_key(store.engine))
        assert summary.recordings == 1
        with zipfile.ZipFile(out) as archive:
            member = next(n for n in archive.namelist() if n.endswith(name))
            assert archive.read(member) == audio.read_bytes()
    finally:
        store.close()
