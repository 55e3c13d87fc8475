"""The local store (SQLAlchemy 2 over SQLite, or PostgreSQL for a shared coordinator store)."""

from fieldkit.store.database import Store, make_engine, open_store

__all__ = ["Store", "make_engine", "open_store"]
