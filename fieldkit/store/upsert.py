"""``INSERT ... ON CONFLICT`` on either backend: SQLite's and PostgreSQL's insert
statements offer the same ``on_conflict_do_nothing`` / ``on_conflict_do_update`` and
``excluded``; this picks the store's."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

__all__ = ["conflict_insert"]


def conflict_insert(backend: Session | Engine | str, table: Any) -> sqlite.Insert:
    """An insert into ``table`` for ``backend`` (a session, an engine or a dialect
    name) that takes an ON CONFLICT clause. Typed as SQLite's: both have the same
    methods."""
    if isinstance(backend, Session):
        backend = backend.get_bind().dialect.name
    elif isinstance(backend, Engine):
        backend = backend.dialect.name
    if backend == "postgresql":
        from sqlalchemy.dialects import postgresql  # only on PostgreSQL stores

        return postgresql.insert(table)  # type: ignore[return-value]
    return sqlite.insert(table)
