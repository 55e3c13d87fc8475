"""The encrypted store's PIN in the app: at start, after idle time, after sleep."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from fieldkit.errors import EnvironmentProblem
from fieldkit.gui import lock as lock_module
from fieldkit.gui.lock import IdleLock, UnlockDialog
from fieldkit.store import open_store
from fieldkit.store.database import record_vault_events
from fieldkit.store.models import AuditEvent
from fieldkit.vault.kdf import FAST_FOR_TESTS
from fieldkit.vault.setup import encrypt_store
from fieldkit.vault.unlock import unlock
from tests.vault.keyring_backend import MemoryKeyring

PIN = "4821"


@pytest.fixture
def store_file(data_dir: Path, memory_keyring: MemoryKeyring) -> Iterator[Path]:
    file = data_dir / "fieldkit.sqlite3"
    encrypt_store(file, secret=PIN, kind="pin", owner="iv-1", kdf=FAST_FOR_TESTS)
    yield file


def _type_pin(qtbot: QtBot, dialog: UnlockDialog, pin: str) -> None:
    dialog.pin.clear()
    qtbot.keyClicks(dialog.pin, pin)
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)


def test_a_wrong_pin_is_said_and_the_right_one_unlocks(qtbot: QtBot, store_file: Path):
    dialog = UnlockDialog(store_file)
    qtbot.addWidget(dialog)
    dialog.show()
    _type_pin(qtbot, dialog, "0000")
    assert dialog.isVisible() and "Wrong PIN" in dialog.error.text()
    assert dialog.pin.text() == ""
    with qtbot.waitSignal(dialog.accepted):
        _type_pin(qtbot, dialog, PIN)
    assert dialog.unlocked is not None and dialog.unlocked.owner == "iv-1"


def test_idle_hides_every_window_until_the_pin(qtbot: QtBot, store_file: Path):
    key = unlock(store_file, PIN).key
    store = open_store(f"sqlite:///{store_file}", key=key)
    window = QLabel("Household 12: Anna Nowak")
    qtbot.addWidget(window)
    window.show()
    quit_calls: list[bool] = []
    idle = IdleLock(store_file, minutes=lambda: 5, owner=lambda: "iv-1",
                    on_unlocked=lambda: record_vault_events(store, store_file),
                    on_quit=lambda: quit_calls.append(True))
    idle.start()
    try:
        assert idle.idle.interval() == 5 * 60_000
        idle.idle.timeout.emit()  # five minutes without a key press
        assert idle.locked and not window.isVisible()
        assert idle.dialog is not None and idle.dialog.isVisible()
        _type_pin(qtbot, idle.dialog, "1111")
        assert idle.locked
        dialog = idle.dialog
        with qtbot.waitSignal(dialog.accepted):
            _type_pin(qtbot, dialog, PIN)
        assert not idle.locked and window.isVisible()
    finally:
        idle.stop()
    with store.session() as session:
        actions = session.scalars(select(AuditEvent.action)).all()
    store.close()
    assert {"store.locked", "store.unlock_refused", "store.unlocked"} <= set(actions)
    assert not quit_calls


def test_waking_from_sleep_locks(qtbot: QtBot, store_file: Path,
                                 monkeypatch: pytest.MonkeyPatch):
    idle = IdleLock(store_file, minutes=lambda: 5, owner=lambda: None,
                    on_unlocked=lambda: None, on_quit=lambda: None)
    idle.check_sleep()
    assert not idle.locked
    wall = time.time() + 3600  # an hour passed on the wall clock, not the monotonic one
    monkeypatch.setattr(lock_module.time, "time", lambda: wall)
    idle.check_sleep()
    assert idle.locked
    assert idle.dialog is not None
    qtbot.addWidget(idle.dialog)
    idle.dialog.reject()
    assert not idle.locked


def test_cancelling_the_pin_at_start_closes_the_app(qtbot: QtBot, store_file: Path,
                                                    monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(UnlockDialog, "exec", lambda self: 0)
    with pytest.raises(EnvironmentProblem, match="stays locked"):
        lock_module.ask_key_at_start(None, store_file)
