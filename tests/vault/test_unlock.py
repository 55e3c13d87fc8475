"""Wrong PINs throttled on disk (a new process starts where the last one stopped),
recovery by the coordinator, and every try audited without the PIN."""

from __future__ import annotations

from pathlib import Path

import pytest
from nacl.public import PrivateKey
from sqlalchemy import select

from fieldkit.errors import InvalidInput, RejectedInput
from fieldkit.store import open_store
from fieldkit.store.models import AuditEvent
from fieldkit.vault.kdf import FAST_FOR_TESTS
from fieldkit.vault.keyfile import keyfile_path, load_keyfile
from fieldkit.vault.setup import encrypt_store, recover, write_recovery_file
from fieldkit.vault.unlock import (
    FREE_ATTEMPTS,
    MAX_FAILURES,
    RecoveryNeeded,
    UnlockRefused,
    UnlockWaiting,
    unlock,
    wait_for,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def project() -> PrivateKey:
    return PrivateKey.generate()


@pytest.fixture
def store_file(tmp_path: Path, project: PrivateKey) -> Path:
    file = tmp_path / "data" / "fieldkit.sqlite3"
    encrypt_store(file, secret="4821", kind="pin", owner="iv-1", kdf=FAST_FOR_TESTS,
                  recovery_public=bytes(project.public_key))
    return file


def test_wrong_pins_wait_longer_each_time_and_survive_a_new_process(store_file: Path):
    clock = Clock()
    for _ in range(FREE_ATTEMPTS - 1):
        with pytest.raises(UnlockRefused):
            unlock(store_file, "0000", clock=clock)
    with pytest.raises(UnlockRefused):
        unlock(store_file, "0000", clock=clock)
    # The count lives in the key file: a fresh read (a new process) sees it.
    assert load_keyfile(keyfile_path(store_file)).failures == FREE_ATTEMPTS
    with pytest.raises(UnlockWaiting) as waiting:
        unlock(store_file, "4821", clock=clock)  # even the right PIN waits
    assert waiting.value.seconds == int(wait_for(FREE_ATTEMPTS))
    clock.now += wait_for(FREE_ATTEMPTS)
    with pytest.raises(UnlockRefused):
        unlock(store_file, "1111", clock=clock)
    assert wait_for(FREE_ATTEMPTS + 1) == 2 * wait_for(FREE_ATTEMPTS)
    clock.now += wait_for(FREE_ATTEMPTS + 1)
    assert unlock(store_file, "4821", clock=clock).owner == "iv-1"
    assert load_keyfile(keyfile_path(store_file)).failures == 0


def test_a_try_counts_before_the_check(store_file: Path, monkeypatch: pytest.MonkeyPatch):
    """A process killed during the slow check has already paid for its guess."""
    import fieldkit.vault.unlock as module

    def killed(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(module, "_try_wraps", killed)
    with pytest.raises(KeyboardInterrupt):
        unlock(store_file, "0000")
    assert load_keyfile(keyfile_path(store_file)).failures == 1


def test_after_max_failures_only_the_recovery_file_opens_it(store_file: Path, tmp_path: Path,
                                                            project: PrivateKey):
    clock = Clock()
    for _ in range(MAX_FAILURES):
        clock.now += 10_000
        with pytest.raises((UnlockRefused, RecoveryNeeded)):
            unlock(store_file, "0000", clock=clock)
    clock.now += 10_000
    with pytest.raises(RecoveryNeeded):
        unlock(store_file, "4821", clock=clock)
    # The coordinator makes a recovery file from the laptop's key file.
    out = tmp_path / "recovery.fkrecover"
    code = write_recovery_file(keyfile_path(store_file), bytes(project), out,
                               kdf=FAST_FOR_TESTS)
    with pytest.raises(InvalidInput, match="recovery code"):
        recover(store_file, out, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", owner="iv-1",
                new_pin="5555", kdf=FAST_FOR_TESTS)
    opened = recover(store_file, out, code.lower(), owner="iv-1", new_pin="5555",
                     kdf=FAST_FOR_TESTS)
    assert unlock(store_file, "5555", clock=clock).key == opened.key
    with pytest.raises(UnlockRefused):
        unlock(store_file, "4821", clock=clock)  # the old PIN is replaced
    store = open_store(f"sqlite:///{store_file}", key=opened.key)
    with store.session() as session:
        events = session.execute(select(AuditEvent.action, AuditEvent.detail)).all()
    store.close()
    actions = [action for action, _detail in events]
    assert actions.count("store.unlock_refused") == MAX_FAILURES + 1
    assert "store.recovered" in actions and "store.unlocked" in actions
    assert not any("4821" in detail or "5555" in detail or "0000" in detail
                   for _action, detail in events)


def test_another_projects_key_cannot_recover(store_file: Path, tmp_path: Path):
    with pytest.raises(RejectedInput, match="not encrypted for this project"):
        write_recovery_file(keyfile_path(store_file), bytes(PrivateKey.generate()),
                            tmp_path / "r.fkrecover", kdf=FAST_FOR_TESTS)


def test_a_recovery_file_for_another_laptop_is_refused(store_file: Path, tmp_path: Path,
                                                        project: PrivateKey):
    other = tmp_path / "other" / "fieldkit.sqlite3"
    encrypt_store(other, secret="1234", kind="pin", owner="iv-2", kdf=FAST_FOR_TESTS,
                  recovery_public=bytes(project.public_key))
    out = tmp_path / "r.fkrecover"
    code = write_recovery_file(keyfile_path(other), bytes(project), out, kdf=FAST_FOR_TESTS)
    with pytest.raises(RejectedInput, match="another laptop"):
        recover(store_file, out, code, owner="iv-1", new_pin="5555", kdf=FAST_FOR_TESTS)


def test_several_interviewers_each_unlock_with_their_own_pin(store_file: Path):
    from fieldkit.vault.unlock import add_secret

    key = unlock(store_file, "4821").key
    add_secret(store_file, key, "7777", kind="pin", owner="iv-2", kdf=FAST_FOR_TESTS)
    assert unlock(store_file, "7777").owner == "iv-2"
    with pytest.raises(UnlockRefused):
        unlock(store_file, "7777", owner="iv-1")


def test_a_changed_sign_in_pin_also_unlocks_the_store(tmp_path: Path):
    from fieldkit.interviewers import change_pin, create_interviewer
    from fieldkit.projects import current_project

    file = tmp_path / "data" / "fieldkit.sqlite3"
    key = encrypt_store(file, secret="correct horse battery staple", kind="passphrase",
                        kdf=FAST_FOR_TESTS)
    store = open_store(f"sqlite:///{file}", key=key)
    try:
        project = current_project(store)
        profile = create_interviewer(store, project.id, "Hodan Warsame", "2468")
        assert unlock(file, "2468").owner == profile.id
        change_pin(store, profile.id, "2468", "1357")
    finally:
        store.close()
    assert unlock(file, "1357").owner == profile.id
    with pytest.raises(UnlockRefused):
        unlock(file, "2468")
