"""Faults of the machine reach the user as environment problems (exit 4)."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from fieldkit.errors import EnvironmentProblem
from fieldkit.store import open_store
from fieldkit.store.faults import DamagedStore, DiskFull, environment_fault


def _sqlite_error(message: str, name: str) -> sqlite3.OperationalError:
    error = sqlite3.OperationalError(message)
    error.sqlite_errorname = name  # type: ignore[attr-defined]
    return error


def test_a_full_disk_inside_a_transaction(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'fieldkit.sqlite3'}",
                       backup_dir=tmp_path / "backups")
    with pytest.raises(DiskFull, match=str(tmp_path)), store.session():
        raise OperationalError("COMMIT", {}, _sqlite_error("database or disk is full",
                                                           "SQLITE_FULL"))
    store.close()


def test_what_is_and_is_not_a_fault(tmp_path: Path) -> None:
    assert isinstance(environment_fault(OSError(errno.ENOSPC, "No space left on device",
                                                str(tmp_path / "x.zip"))), DiskFull)
    assert environment_fault(ValueError("a bug")) is None
    assert environment_fault(OSError(errno.ENOENT, "gone")) is None
    wrapped = RuntimeError("outer")
    wrapped.__cause__ = OSError(errno.ENOSPC, "No space left on device", str(tmp_path))
    assert isinstance(environment_fault(wrapped), EnvironmentProblem)


def test_a_damaged_store_names_its_backups(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'fieldkit.sqlite3'}",
                       backup_dir=tmp_path / "backups")
    fault = environment_fault(_sqlite_error("database disk image is malformed",
                                            "SQLITE_CORRUPT"))
    assert isinstance(fault, DamagedStore) and str(tmp_path / "backups") in str(fault)
    store.close()
