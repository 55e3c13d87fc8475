"""A damaged store is an environment problem with a way out: exit 4 naming the
backups, the file left exactly as it was, never rebuilt; a backup restores it."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fieldkit.cli import main
from fieldkit.store import open_store
from fieldkit.store.migrations import DAILY_BACKUPS_KEPT, daily_backup, list_backups


def _run(data: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--data-dir", str(data), *args])
    captured = capsys.readouterr()
    return code, captured.err


@pytest.fixture
def data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    folder = tmp_path / "data"
    code, err = _run(folder, capsys, "project", "init", "--name", "Survey")
    assert code == 0, err
    # The day's backup was taken as the store was first opened, before the project
    # existed: take it again now, as the next day's first start would.
    for old in list_backups(folder / "backups"):
        old.unlink()
    code, err = _run(folder, capsys, "project", "interviewer", "list")
    assert code == 0, err
    assert list_backups(folder / "backups")
    return folder


def _damage(store: Path, how: str) -> None:
    for side in ("-wal", "-shm"):
        Path(f"{store}{side}").unlink(missing_ok=True)
    raw = store.read_bytes()
    if how == "empty":
        store.write_bytes(b"")
    elif how == "truncated":
        store.write_bytes(raw[:3000])
    elif how == "header overwritten":
        store.write_bytes(b"\x13" * 100 + raw[100:])
    elif how == "pages overwritten":
        store.write_bytes(raw[:4096] + b"\xff" * (len(raw) - 4096))


@pytest.mark.parametrize("how", ["empty", "truncated", "header overwritten",
                                 "pages overwritten"])
def test_damaged_store(data: Path, how: str, capsys: pytest.CaptureFixture[str]) -> None:
    store = data / "fieldkit.sqlite3"
    _damage(store, how)
    damaged = store.read_bytes()
    code, err = _run(data, capsys, "project", "interviewer", "add", "Ana")
    line = err.strip()
    assert code == 4, err
    assert "\n" not in line and "Traceback" not in err
    assert "damaged" in line and str(data / "backups") in line
    assert store.read_bytes() == damaged  # never rebuilt, never overwritten
    code, err = _run(data, capsys, "store", "restore")
    assert code == 0, err
    code, err = _run(data, capsys, "project", "interviewer", "add", "Ana")
    assert code == 0, err  # the project is back: it is still a coordinator's
    kept = [p for p in data.iterdir() if ".damaged-" in p.name and "-wal" not in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged


def test_store_from_a_newer_fieldkit_names_its_backups(
        data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = data / "fieldkit.sqlite3"
    with sqlite3.connect(store) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = store.read_bytes()
    code, err = _run(data, capsys, "project", "interviewer", "add", "Ana")
    assert code == 4 and "newer version" in err and str(data / "backups") in err
    assert store.read_bytes() == before


def test_daily_backups_keep_the_last_seven(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'fieldkit.sqlite3'}")
    backups = tmp_path / "backups"
    start = datetime(2026, 1, 1, 9, tzinfo=UTC)
    for day in range(10):
        assert daily_backup(store.engine, backups, today=start + timedelta(days=day))
        # Once a day: a second start the same day takes none.
        assert daily_backup(store.engine, backups,
                            today=start + timedelta(days=day, hours=5)) is None
    names = sorted(p.name for p in backups.glob("*-daily.sqlite3"))
    assert len(names) == DAILY_BACKUPS_KEPT
    assert names[0].startswith("fieldkit-20260104")
    store.close()
