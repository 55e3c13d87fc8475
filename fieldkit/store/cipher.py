"""Which engines are encrypted, and a DB-API connection to a store file either way.

An encrypted SQLite store (see :mod:`fieldkit.vault`) is opened through the
sqlcipher3 driver with its data key given first on every new connection. The key is
remembered per engine here, in memory only, so backups can be written encrypted with
the same key.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Engine

_KEYS: WeakKeyDictionary[Engine, bytes] = WeakKeyDictionary()


def remember(engine: Engine, key: bytes) -> None:
    _KEYS[engine] = key


def key_of(engine: Engine) -> bytes | None:
    return _KEYS.get(engine)


def attachments_key(engine: Engine) -> bytes | None:
    """The key attachments of this store are sealed with (fieldkit.vault.sealed), or
    None for a plaintext store (its attachments are plain files)."""
    key = key_of(engine)
    if key is None:
        return None
    from fieldkit.vault.sealed import file_key

    return file_key(key)


def connect_file(path: Path | str, key: bytes | None, *, read_only: bool = False) -> Any:
    """A DB-API connection to the SQLite file ``path``, encrypted with ``key`` or plain."""
    target = f"file:{path}?mode=ro" if read_only else str(path)
    if key is None:
        return sqlite3.connect(target, uri=read_only)
    from fieldkit.vault.sqlcipher import apply_key, dbapi

    conn = dbapi().connect(target, uri=read_only)
    apply_key(conn, key)
    return conn


def database_errors() -> tuple[type[Exception], ...]:
    """sqlite3's DatabaseError, and sqlcipher3's when it is installed."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        return (sqlite3.DatabaseError,)
    return (sqlite3.DatabaseError, dbapi2.DatabaseError)


def sqlite_errors() -> tuple[type[Exception], ...]:
    """sqlite3.Error, and sqlcipher3's Error when it is installed."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        return (sqlite3.Error,)
    return (sqlite3.Error, dbapi2.Error)
