"""Schema migrations with Alembic, applied at start, with a backup copy taken first."""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from fieldkit.errors import EnvironmentProblem
from fieldkit.i18n import _

log = logging.getLogger(__name__)

SCRIPT_LOCATION = Path(__file__).resolve().parent / "alembic"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPT_LOCATION))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head", *,
            backup_dir: Path | None = None) -> Path | None:
    """Bring the store to ``revision``. Returns the backup file taken first, if any.

    A store written by a newer fieldkit (a revision this one does not know) is left
    untouched and reported as an environment problem.
    """
    script = ScriptDirectory.from_config(alembic_config())
    current = current_revision(engine)
    target = script.get_current_head() if revision == "head" else revision
    if current == target:
        return None
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
