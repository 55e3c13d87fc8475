"""Opening the store: one engine per data dir, SQLite tuned for never losing an answer.

SQLite runs in WAL mode with foreign keys on and ``synchronous=NORMAL`` (an answer
survives an application crash; a power cut can lose at most the last transaction).
Finalizing an interview uses :meth:`Store.durable_session`, which switches to
``synchronous=FULL`` for that transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from fieldkit.errors import EnvironmentProblem, UsageError
from fieldkit.i18n import _
from fieldkit.store import cipher, migrations
from fieldkit.store.faults import DamagedStore, environment_fault, register_store

log = logging.getLogger(__name__)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=5000")
    # SQLite's default 2 MB page cache holds a sliver of a coordinator's indexes: an
    # import re-read the same interior pages from the OS for every bundle. The cache
    # grows only as pages are used, so a laptop's small store costs no more.
    cur.execute("PRAGMA cache_size=-32768")  # KiB
    cur.close()


def make_engine(url: str, key: bytes | None = None) -> Engine:
    """An engine for ``url`` (sqlite:///path or postgresql+psycopg://...). With ``key``
    a SQLite store is a SQLCipher one (see fieldkit.vault); PostgreSQL stores stay
    plaintext (encryption at rest is the database server's job)."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise UsageError(
            _("--db {url}: not a database URL; use sqlite:///PATH or "
              "postgresql+psycopg://USER@HOST/DB.").format(url=url)) from exc
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise UsageError(_("--db {url}: fieldkit stores data in SQLite or PostgreSQL only.")
                         .format(url=parsed.render_as_string(hide_password=True)))
    if key is not None and backend != "sqlite":
        raise UsageError(_("--db {url}: only a SQLite store can be encrypted by fieldkit; "
                           "a PostgreSQL server encrypts its own disk.").format(
                               url=parsed.render_as_string(hide_password=True)))
    if backend == "sqlite" and parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    options: dict[str, Any] = {}
    if key is not None:
        from fieldkit.vault.sqlcipher import dbapi

        options["module"] = dbapi()
    try:
        engine = create_engine(parsed, pool_pre_ping=backend == "postgresql", **options)
    except (NoSuchModuleError, ImportError) as exc:
        raise EnvironmentProblem(
            _("--db {url}: the database driver is not installed ({reason}); install "
              "fieldkit with its dependencies.").format(
                url=parsed.render_as_string(hide_password=True), reason=exc)) from exc
    if key is not None:
        from fieldkit.vault.sqlcipher import apply_key

        # The key comes before any other statement on every new connection.
        event.listen(engine, "connect", lambda conn, _record: apply_key(conn, key))
        cipher.remember(engine, key)
    if backend == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


@dataclass
class Store:
    engine: Engine
    sessions: sessionmaker[Session]

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed when the block ends, rolled back on error. A full
        disk or a damaged store is raised as the EnvironmentProblem it is."""
        with _faults_as_problems(), self.sessions.begin() as session:
            yield session

    @contextmanager
    def durable_session(self) -> Iterator[Session]:
        """Like :meth:`session`, but on SQLite the commit is fsynced (synchronous=FULL).

        The pragma is per connection, so the session is bound to one connection that
        is switched to FULL and back to NORMAL around the transaction."""
        full = self.engine.dialect.name == "sqlite"
        with _faults_as_problems(), self.engine.connect() as conn:
            if full:
                conn.exec_driver_sql("PRAGMA synchronous=FULL")
                conn.commit()
            try:
                with Session(bind=conn, expire_on_commit=False) as session, session.begin():
                    yield session
            finally:
                if full:
                    conn.exec_driver_sql("PRAGMA synchronous=NORMAL")
                    conn.commit()

    def close(self) -> None:
        self.engine.dispose()


@contextmanager
def _faults_as_problems() -> Iterator[None]:
    try:
        yield
    except (DatabaseError, OSError) as exc:
        fault = environment_fault(exc)
        if fault is None:
            raise
        raise fault from exc


def _store_file(engine: Engine) -> Path | None:
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:" \
            or database.startswith("file:"):
        return None
    return Path(database)


def sqlite_file(url: str) -> Path | None:
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None  # make_engine says what is wrong with it
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:" \
            or database.startswith("file:"):
        return None
    return Path(database)


def open_store(url: str, *, backup_dir: Path | None = None,
               key: bytes | None = None) -> Store:
    """Open (creating if needed) and migrate the store at ``url``. An existing store
    file is never rebuilt: an empty or damaged one is reported (exit 4) with where
    its backups are. With ``backup_dir``, a SQLite store is also backed up there
    once a day (the last seven kept, see migrations.daily_backup). ``key``: the data
    key of an encrypted store (fieldkit.vault.unlock); without it, an encrypted store
    is refused with a line that says how to unlock it."""
    parsed_file = sqlite_file(url)
    if parsed_file is not None:
        from fieldkit.vault.sqlcipher import finish_pending, is_encrypted_store

        finish_pending(parsed_file, backup_dir)
        if key is None and is_encrypted_store(parsed_file):
            raise EnvironmentProblem(
                _("{path} is encrypted: unlock it with a PIN (in the app, or with "
                  "FIELDKIT_PIN for the command line; see the README's Encrypted store)."
                  ).format(path=parsed_file))
    engine = make_engine(url, key)
    safe_url = engine.url.render_as_string(hide_password=True)
    file = _store_file(engine)
    register_store(file, backup_dir)
    if file is not None and file.is_file() and file.stat().st_size == 0 \
            and not Path(f"{file}-wal").is_file():
        engine.dispose()
        raise DamagedStore(file, backup_dir, _("the file is empty"))
    try:
        migrations.upgrade(engine, backup_dir=backup_dir)
        if backup_dir is not None and file is not None:
            migrations.daily_backup(engine, backup_dir)
    except OperationalError as exc:
        engine.dispose()
        fault = environment_fault(exc)
        if fault is not None:
            raise fault from exc
        reason = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
        if "locked" in reason:
            message = _("Cannot open the data store {url} ({reason}): another program is "
                        "writing to it. Close that program and try again.")
        else:
            message = _("Cannot open the data store {url} ({reason}). Check that it exists, "
                        "that this computer can reach it, and that you may write to it.")
        raise EnvironmentProblem(message.format(url=safe_url, reason=reason)) from exc
    except EnvironmentProblem:
        engine.dispose()
        raise
    except (DatabaseError, OSError) as exc:
        engine.dispose()
        fault = environment_fault(exc)
        if fault is None:
            raise
        raise fault from exc
    store = Store(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))
    if key is not None and file is not None:
        record_vault_events(store, file)
    return store


def record_vault_events(store: Store, file: Path) -> None:
    """The unlock tries recorded in the key file while the store was shut, moved into
    the audit log now that it is open (fieldkit.vault.unlock)."""
    from datetime import datetime

    from fieldkit.store.audit import record_event
    from fieldkit.vault.unlock import take_pending_audit

    events = take_pending_audit(file)
    if not events:
        return
    with store.session() as session:
        for event_ in events:
            detail = dict(event_.get("detail") or {})  # type: ignore[call-overload]
            record_event(session, str(event_["action"]), object_type="store",
                         object_id=file.name, device_id=None,
                         actor=str(detail.get("interviewer_id", "")), detail=detail,
                         at=datetime.fromisoformat(str(event_["at"])))
