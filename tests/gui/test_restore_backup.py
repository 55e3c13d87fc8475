"""*Restore from backup*, offered when the store is found damaged at start."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from fieldkit.gui.restore_backup import offer_restore
from fieldkit.store import open_store
from fieldkit.store.faults import DamagedStore
from fieldkit.store.migrations import daily_backup


@pytest.mark.parametrize("click", ["Restore from backup", "Close"])
def test_restore_from_backup(qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             click: str) -> None:
    file = tmp_path / "fieldkit.sqlite3"
    store = open_store(f"sqlite:///{file}")
    assert daily_backup(store.engine, tmp_path / "backups") is not None
    store.close()
    file.write_bytes(b"\x13" * 4096)
    monkeypatch.setattr(QMessageBox, "information",
                        lambda *_args: QMessageBox.StandardButton.Ok)
    shown: list[str] = []

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        shown.append(box.text())
        box.grab().save(str(tmp_path / "restore.png"))
        next(b for b in box.buttons() if b.text() == click).click()

    QTimer.singleShot(0, press)
    restored = offer_restore(DamagedStore(file, tmp_path / "backups", "file is not a "
                                                                      "database"))
    assert shown and "damaged" in shown[0]
    if click == "Close":
        assert not restored and file.read_bytes() == b"\x13" * 4096
        return
    assert restored
    with sqlite3.connect(file) as conn:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    assert [p.name for p in tmp_path.glob("fieldkit.sqlite3.damaged-*")]
