"""``kill -9`` while a store is being encrypted: afterwards it is either still the
old plaintext store or wholly the new encrypted one, with every row, never a mix."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from fieldkit.store import open_store
from fieldkit.vault.keyfile import keyfile_path
from fieldkit.vault.sqlcipher import finish_pending, is_encrypted_store, is_plaintext
from fieldkit.vault.unlock import unlock

ROWS = 60_000


def _template(folder: Path) -> Path:
    file = folder / "fieldkit.sqlite3"
    open_store(f"sqlite:///{file}").close()  # a real, migrated store
    conn = sqlite3.connect(file)
    conn.execute("CREATE TABLE bulk (id INTEGER PRIMARY KEY, name TEXT)")
    conn.executemany("INSERT INTO bulk (name) VALUES (?)",
                     ((f"Person {i} Kowalska-Ahmadi {'x' * 200}",) for i in range(ROWS)))
    conn.commit()
    conn.close()
    return file


def _encrypt(data_dir: Path, secret_file: Path) -> subprocess.Popen[bytes]:
    # The passphrase route needs no interviewer in the store; the device secret is a
    # file, since a child process has no test key store.
    env = dict(os.environ, FIELDKIT_DATA_DIR=str(data_dir),
               FIELDKIT_PASSPHRASE="a long passphrase for the kill test")
    return subprocess.Popen(
        [sys.executable, "-m", "fieldkit", "vault", "encrypt", "--passphrase",
         "--device-secret-file", str(secret_file)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_for(test: Callable[[], bool], proc: subprocess.Popen[bytes]) -> bool:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if test():
            return True
        time.sleep(0.002)
    return False


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["copy started", "copy half written", "key file written"])
def test_kill_9_leaves_the_old_store_or_the_whole_new_one(tmp_path: Path, moment: str):
    template = _template(tmp_path / "template")
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    file = data_dir / "fieldkit.sqlite3"
    shutil.copy(template, file)
    size = file.stat().st_size
    pending = file.with_name(file.name + ".encrypting")
    moments = {
        "copy started": pending.exists,
        "copy half written": lambda: pending.exists() and pending.stat().st_size > size / 2,
        "key file written": lambda: keyfile_path(file).exists(),
    }
    proc = _encrypt(data_dir, tmp_path / "elsewhere" / "device.secret")
    reached = _wait_for(moments[moment], proc)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    finish_pending(file, data_dir / "backups")  # what every open does first
    assert not list(data_dir.rglob("*.encrypting"))
    if reached and moment != "key file written":
        assert not is_encrypted_store(file)  # killed before the commit: the old store
    if is_encrypted_store(file):
        assert not is_plaintext(file)
        key = unlock(file, "a long passphrase for the kill test").key
        store = open_store(f"sqlite:///{file}", key=key)
    else:
        assert moment != "key file written" or not reached
        assert is_plaintext(file)
        store = open_store(f"sqlite:///{file}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM bulk").scalar() == ROWS
    store.close()
