"""Making deleted personal data unreadable in a SQLite store's file, not only gone
from its tables: SQLite leaves deleted rows' bytes in free pages and old page images
in the write-ahead log until they happen to be reused. An erasure or a
pseudonymisation turns ``secure_delete`` on for its connection (freed content is
overwritten with zeros) and afterwards checkpoints and truncates the log. PostgreSQL
reclaims space with VACUUM, which is the server's job; nothing is done there."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from fieldkit.store.database import Store

__all__ = ["secure_delete", "truncate_log"]


def secure_delete(session: Session) -> None:
    """Zero what this session's connection deletes from now on (SQLite)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA secure_delete = ON"))


def truncate_log(store: Store) -> None:
    """Copy the write-ahead log into the store and empty it (SQLite), so the old
    page images it held are gone too. Call it after the erasure was committed."""
    if store.engine.dialect.name != "sqlite":
        return
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
