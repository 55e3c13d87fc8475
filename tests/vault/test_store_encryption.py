"""The store encrypted at rest: a new store, an existing one encrypted in place, its
backups, and what the key file and the audit log hold."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select, text

from fieldkit.errors import EnvironmentProblem, InvalidInput
from fieldkit.store import open_store
from fieldkit.store.models import AuditEvent
from fieldkit.vault.kdf import FAST_FOR_TESTS
from fieldkit.vault.keyfile import keyfile_path
from fieldkit.vault.setup import encrypt_store
from fieldkit.vault.sqlcipher import Cancelled, is_plaintext
from fieldkit.vault.unlock import unlock
from tests.vault.keyring_backend import MemoryKeyring

SECRET_NAME = "Zofia Wisniewska-Kowalczyk"


def _all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def _plain_store(folder: Path) -> Path:
    file = folder / "fieldkit.sqlite3"
    store = open_store(f"sqlite:///{file}", backup_dir=folder / "backups")
    with store.session() as session:
        session.execute(text("CREATE TABLE probe (name TEXT)"))
        session.execute(text("INSERT INTO probe VALUES (:n)"), [{"n": SECRET_NAME}] * 500)
    store.close()
    return file


def test_a_new_store_is_encrypted_and_opens_only_with_its_key(tmp_path: Path,
                                                            memory_keyring: MemoryKeyring):
    file = tmp_path / "data" / "fieldkit.sqlite3"
    key = encrypt_store(file, secret="4821", kind="pin", owner="iv-1", kdf=FAST_FOR_TESTS)
    store = open_store(f"sqlite:///{file}", key=key)
    with store.session() as session:
        session.execute(text("CREATE TABLE probe (name TEXT)"))
        session.execute(text("INSERT INTO probe VALUES (:n)"), {"n": SECRET_NAME})
    store.close()
    assert SECRET_NAME.encode() not in _all_bytes(file.parent)
    assert not is_plaintext(file)
    with pytest.raises(EnvironmentProblem, match="encrypted"):
        open_store(f"sqlite:///{file}")
    assert unlock(file, "4821").key == key
    assert len(memory_keyring.entries) == 1  # the device secret, outside the data folder


def test_a_plaintext_store_and_its_backups_are_encrypted_in_place(tmp_path: Path):
    folder = tmp_path / "data"
    file = _plain_store(folder)
    backups = folder / "backups"
    assert any(is_plaintext(b) for b in backups.glob("*.sqlite3"))  # the daily backup
    seen: list[float] = []
    key = encrypt_store(file, secret="4821", kind="pin", owner="iv-1", kdf=FAST_FOR_TESTS,
                        backup_dir=backups, progress=seen.append)
    assert seen[-1] == 1.0
    assert SECRET_NAME.encode() not in _all_bytes(folder)
    assert not any(is_plaintext(b) for b in folder.rglob("*.sqlite3"))
    assert not list(folder.rglob("*.encrypting"))
    store = open_store(f"sqlite:///{file}", key=key, backup_dir=backups)
    with store.session() as session:
        assert session.execute(text("SELECT count(*) FROM probe")).scalar() == 500
        actions = session.scalars(select(AuditEvent.action)).all()
    store.close()
    assert "store.encrypted" in actions  # recorded in the key file, moved to the log
    for backup in backups.glob("*.sqlite3"):  # backups open with the same key
        from fieldkit.store.cipher import connect_file

        conn = connect_file(backup, key)
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM alembic_version").fetchone()[0] == 1
        conn.close()


def test_a_cancelled_encryption_changes_nothing(tmp_path: Path, memory_keyring: MemoryKeyring):
    file = _plain_store(tmp_path / "data")
    before = file.read_bytes()

    def cancel(_fraction: float) -> None:
        raise Cancelled

    with pytest.raises(Cancelled):
        encrypt_store(file, secret="4821", kind="pin", owner="iv-1", kdf=FAST_FOR_TESTS,
                      progress=cancel)
    assert file.read_bytes() == before
    assert not keyfile_path(file).exists()
    assert not list(file.parent.glob("*.encrypting"))
    assert memory_keyring.entries == {}  # the orphan device secret is removed too
    assert sqlite3.connect(file).execute("SELECT count(*) FROM probe").fetchone()[0] == 500


def test_a_pin_needs_a_device_secret_and_a_secret_file_lives_elsewhere(tmp_path: Path):
    file = tmp_path / "data" / "fieldkit.sqlite3"
    with pytest.raises(InvalidInput, match="passphrase"):
        encrypt_store(file, secret="4821", kind="pin", device_kind="none")
    with pytest.raises(InvalidInput, match="data folder"):
        encrypt_store(file, secret="4821", kind="pin", device_kind="file",
                      device_path=tmp_path / "data" / "secret")
    key = encrypt_store(file, secret="correct horse battery staple", kind="passphrase",
                        device_kind="none", kdf=FAST_FOR_TESTS)
    assert unlock(file, "correct horse battery staple").key == key
    other = tmp_path / "other" / "fieldkit.sqlite3"
    key = encrypt_store(other, secret="4821", kind="pin", owner="iv-1", device_kind="file",
                        device_path=tmp_path / "usb-elsewhere" / "device.secret",
                        kdf=FAST_FOR_TESTS)
    assert unlock(other, "4821").key == key
    (tmp_path / "usb-elsewhere" / "device.secret").unlink()
    with pytest.raises(EnvironmentProblem, match="device secret"):
        unlock(other, "4821")


def test_the_key_file_names_nobody(tmp_path: Path):
    file = tmp_path / "data" / "fieldkit.sqlite3"
    encrypt_store(file, secret="4821", kind="pin", owner="iv-1", kdf=FAST_FOR_TESTS)
    body = keyfile_path(file).read_bytes()
    assert b"4821" not in body
    assert b'"owner": "iv-1"' in body
