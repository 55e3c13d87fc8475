"""``fieldkit vault ...`` (fieldkit.vault_commands): the command line and an encrypted store."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from fieldkit.cli import main
from fieldkit.store import open_store
from fieldkit.sync.project import add_interviewer, init_project
from fieldkit.vault.keyfile import keyfile_path
from fieldkit.vault.sqlcipher import is_plaintext


def _coordinator(data_dir: Path) -> Path:
    main(["vault", "status"])  # makes the data folder the way fieldkit does
    file = data_dir / "fieldkit.sqlite3"
    store = open_store(f"sqlite:///{file}", backup_dir=data_dir / "backups")
    init_project(store, "Outreach 2026", default_forms=False)
    add_interviewer(store, "Anna Nowak")
    store.close()
    return file


def test_encrypt_then_every_command_needs_the_pin(data_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]):
    file = _coordinator(data_dir)
    assert is_plaintext(file)
    monkeypatch.setenv("FIELDKIT_PIN", "4821")
    assert main(["vault", "encrypt", "--interviewer", "Anna Nowak"]) == 0
    assert not is_plaintext(file)
    assert b"Anna Nowak" not in b"".join(p.read_bytes() for p in data_dir.rglob("*")
                                         if p.is_file())
    capsys.readouterr()
    assert main(["project", "interviewer", "list"]) == 0  # unlocked with FIELDKIT_PIN
    assert "Anna Nowak" in capsys.readouterr().out
    monkeypatch.delenv("FIELDKIT_PIN")
    assert main(["project", "interviewer", "list"]) == 4
    assert "FIELDKIT_PIN" in capsys.readouterr().err
    monkeypatch.setenv("FIELDKIT_PIN", "1111")
    assert main(["project", "interviewer", "list"]) == 1
    assert "Wrong PIN" in capsys.readouterr().err
    assert main(["vault", "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["encrypted"] and status["failures"] == 1
    assert {w["kind"] for w in status["wraps"]} == {"pin", "recovery"}


def test_the_data_folder_is_private(data_dir: Path):
    file = _coordinator(data_dir)
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    for path in data_dir.rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), path
    assert file.is_file()


def test_coordinator_recovers_a_store_whose_pin_is_lost(data_dir: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]):
    file = _coordinator(data_dir)
    monkeypatch.setenv("FIELDKIT_PIN", "4821")
    assert main(["vault", "encrypt", "--interviewer", "Anna Nowak"]) == 0
    copy = tmp_path / "laptop.keys"
    copy.write_bytes(keyfile_path(file).read_bytes())
    recovery = tmp_path / "anna.fkrecover"
    capsys.readouterr()
    assert main(["vault", "recovery-file", str(copy), "--out", str(recovery)]) == 0
    code = capsys.readouterr().out.rsplit(" ", 1)[-1].strip()
    monkeypatch.delenv("FIELDKIT_PIN")
    monkeypatch.setenv("FIELDKIT_RECOVERY_CODE", code)
    monkeypatch.setenv("FIELDKIT_NEW_PIN", "9090")
    assert main(["vault", "recover", str(recovery), "--interviewer", "Anna Nowak"]) == 0
    monkeypatch.setenv("FIELDKIT_PIN", "9090")
    assert main(["project", "interviewer", "list"]) == 0


def test_a_postgresql_store_is_not_encrypted_by_fieldkit(capsys: pytest.CaptureFixture[str]):
    assert main(["--db", "postgresql+psycopg://nobody@localhost/none", "vault", "status"]) == 2
    assert "PostgreSQL" in capsys.readouterr().err


def test_a_damaged_encrypted_store_is_restored_from_its_encrypted_backup(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    from fieldkit.store.cipher import connect_file
    from fieldkit.vault.unlock import unlock

    file = _coordinator(data_dir)
    monkeypatch.setenv("FIELDKIT_PIN", "4821")
    assert main(["vault", "encrypt", "--interviewer", "Anna Nowak"]) == 0
    backups = list((data_dir / "backups").glob("*.sqlite3"))
    assert backups and not any(is_plaintext(b) for b in backups)
    file.write_bytes(file.read_bytes()[:1000])  # cut short
    capsys.readouterr()
    assert main(["store", "restore"]) == 0, capsys.readouterr().err
    key = unlock(file, "4821").key
    conn = connect_file(file, key)
    assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    conn.close()
