"""Schema migrations with Alembic, applied at start, with a backup copy taken first."""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from fieldkit.errors import EnvironmentProblem
from fieldkit.i18n import _

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

# The newest revision in alembic/versions. Kept here so opening an up-to-date store
# needs no Alembic import (a noticeable share of start-up); a test checks it against
# Alembic's own idea of the head.
HEAD_REVISION = "0016"

SCRIPT_LOCATION = Path(__file__).resolve().parent / "alembic"


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPT_LOCATION))
    return cfg


def head_revision() -> str:
    """Alembic's head revision, read from the scripts (see HEAD_REVISION)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The store's schema revision; None for an empty store."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None  # nothing was ever migrated
        rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    return str(rows[0][0]) if rows else None


def upgrade(engine: Engine, revision: str = "head", *,
            backup_dir: Path | None = None) -> Path | None:
    """Bring the store to ``revision``. Returns the backup file taken first, if any.

    A store written by a newer fieldkit (a revision this one does not know) is left
    untouched and reported as an environment problem.
    """
    current = current_revision(engine)
    target = HEAD_REVISION if revision == "head" else revision
    if current == target:
        return None
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    if current is not None:
        try:
            script.get_revision(current)
        except Exception as exc:  # alembic raises several types for unknown revisions
            raise EnvironmentProblem(
                _("The data store {url} was written by a newer version of fieldkit (schema "
                  "{rev}); install that version or newer to open it.").format(
                    url=engine.url.render_as_string(hide_password=True), rev=current)
            ) from exc
    backup = None
    if current is not None and backup_dir is not None:
        backup = backup_sqlite(engine, backup_dir, label=f"before-{target}")
    log.info("migrating store from %s to %s", current, target)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    return backup


def backup_sqlite(engine: Engine, backup_dir: Path, *, label: str) -> Path | None:
    """A consistent copy of a SQLite store (the online backup API copes with WAL).
    PostgreSQL stores are backed up by their administrator (pg_dump); their
    migrations run in one transaction and roll back whole on failure."""
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return None
    source = Path(engine.url.database)
    if not source.is_file():
        return None
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backup_dir / f"{source.stem}-{stamp}-{label}.sqlite3"
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    log.info("backed up %s to %s before migrating", source, target)
    return target
