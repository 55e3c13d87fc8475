"""Faults of the machine, not of fieldkit: a full disk, a damaged store, a failing
disk. Each becomes an EnvironmentProblem (exit 4) with one line that says what to do,
instead of a raw driver error reported as a bug.

The store registers where it lives and where its backups are when it is opened, so a
fault found anywhere later (a commit, an export) can name both.
"""

from __future__ import annotations

import errno
import shutil
from dataclasses import dataclass
from pathlib import Path

from fieldkit.errors import EnvironmentProblem
from fieldkit.i18n import _
from fieldkit.store import cipher

__all__ = ["DamagedStore", "DiskFull", "StoreLocation", "disk_full", "environment_fault",
           "register_store"]

#: How much to ask a user to free: enough for a day's work and a backup or two.
FREE_AT_LEAST_MB = 200


@dataclass(frozen=True)
class StoreLocation:
    file: Path
    backup_dir: Path | None


_current: StoreLocation | None = None


def register_store(file: Path | None, backup_dir: Path | None) -> None:
    global _current
    _current = StoreLocation(file, backup_dir) if file is not None else None


class DiskFull(EnvironmentProblem):
    """No space left on the disk holding ``folder``."""

    def __init__(self, folder: Path) -> None:
        free = _free_mb(folder)
        super().__init__(_("The disk holding {folder} is full ({free} MB left): free at "
                           "least {need} MB and try again; nothing was half-written.")
                         .format(folder=folder, free=free, need=FREE_AT_LEAST_MB))
        self.folder = folder


class DamagedStore(EnvironmentProblem):
    """The store file is not a readable SQLite database any more."""

    def __init__(self, file: Path, backup_dir: Path | None, reason: str) -> None:
        where = backup_dir if backup_dir is not None else file.parent
        super().__init__(_("The data store {file} is damaged ({reason}). fieldkit left it "
                           "untouched. Restore a backup from {backups} ('fieldkit store "
                           "restore', or Restore from backup in the app).").format(
                               file=file, reason=reason, backups=where))
        self.file = file
        self.backup_dir = backup_dir


def _truncated(store: Path, code: str) -> bool:
    """A short read, or a file that is not whole pages: cut off (SQLite reports a
    truncated store as an I/O error)."""
    if code == "SQLITE_IOERR_SHORT_READ":
        return True
    try:
        return code.startswith("SQLITE_IOERR") and store.stat().st_size % 512 != 0
    except OSError:
        return False


def _free_mb(folder: Path) -> int:
    return _free_bytes(folder) >> 20


def _free_bytes(folder: Path) -> int:
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        return shutil.disk_usage(probe).free
    except OSError:
        return 0


def disk_full(path: Path) -> DiskFull:
    folder = path if path.is_dir() else path.parent
    return DiskFull(folder)


_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_DAMAGE = ("file is not a database", "database disk image is malformed",
           "file is encrypted or is not a database", "malformed database schema")


def environment_fault(exc: BaseException) -> EnvironmentProblem | None:
    """The environment problem behind ``exc`` (or any exception it was raised from or
    while handling), or None for anything else."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        found = _fault_of(current)
        if found is not None:
            return found
        current = getattr(current, "orig", None) or current.__cause__ or current.__context__
    return None


def _fault_of(exc: BaseException) -> EnvironmentProblem | None:
    if isinstance(exc, EnvironmentProblem):
        return exc
    if isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS:
        name = exc.filename if isinstance(exc.filename, str) else None
        if name:
            return disk_full(Path(name))
        return disk_full(_current.file) if _current else DiskFull(Path.cwd())
    if isinstance(exc, cipher.sqlite_errors()):
        message = str(exc).lower()
        code = getattr(exc, "sqlite_errorname", "")
        store = _current.file if _current is not None else None
        if code == "SQLITE_FULL" or "database or disk is full" in message:
            return disk_full(store) if store is not None else DiskFull(Path.cwd())
        if store is not None and (code in ("SQLITE_CORRUPT", "SQLITE_NOTADB")
                                  or any(text in message for text in _DAMAGE)
                                  or _truncated(store, code)):
            return DamagedStore(store, _current.backup_dir if _current else None,
                                str(exc).splitlines()[0][:200])
        if code.startswith("SQLITE_IOERR") or "disk i/o error" in message:
            if store is not None and _free_bytes(store.parent) < 1 << 20:
                return disk_full(store)  # SQLite says "I/O error" when the WAL cannot grow
            return EnvironmentProblem(_("The disk holding {folder} failed to read or write "
                                        "({reason}); check the disk, then try again.")
                                      .format(folder=store.parent if store else "?",
                                              reason=str(exc)[:200]))
    return None
