"""Schema migrations with Alembic, applied at start, with a backup copy taken first."""

from __future__ import annotations

import logging
import shutil
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
HEAD_REVISION = "0023"

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
                  "{rev}); install that version or newer to open it. It was left "
                  "untouched; its backups are in {backups}.").format(
                    url=engine.url.render_as_string(hide_password=True), rev=current,
                    backups=backup_dir or _("(no backup folder)"))
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


def backup_sqlite(engine: Engine, backup_dir: Path, *, label: str,
                  now: datetime | None = None) -> Path | None:
    """A consistent copy of a SQLite store (the online backup API copes with WAL).
    PostgreSQL stores are backed up by their administrator (pg_dump); their
    migrations run in one transaction and roll back whole on failure."""
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return None
    source = Path(engine.url.database)
    if not source.is_file():
        return None
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
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
    log.info("backed up %s to %s", source, target)
    return target


#: Daily backups kept (the oldest beyond it are deleted), and the largest store
#: backed up at start (a bigger one, a coordinator's, is backed up by its
#: administrator: copying it would hold up every start).
DAILY_BACKUPS_KEPT = 7
DAILY_BACKUP_MAX_BYTES = 512 * 1024 * 1024


def daily_backup(engine: Engine, backup_dir: Path, *,
                 today: datetime | None = None) -> Path | None:
    """Back the store up once a day (the first open of the day), keeping the last
    seven: there is always a recent copy to restore a damaged store from. The copy is
    checked (``PRAGMA quick_check``) before older ones are let go."""
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return None
    source = Path(engine.url.database)
    if not source.is_file() or source.stat().st_size > DAILY_BACKUP_MAX_BYTES:
        return None
    today = today or datetime.now(UTC)
    day = today.strftime("%Y%m%d")
    pattern = f"{source.stem}-*-daily.sqlite3"
    if any(path.name.startswith(f"{source.stem}-{day}T")
           for path in backup_dir.glob(pattern)):
        return None
    target = backup_sqlite(engine, backup_dir, label="daily", now=today)
    if target is None:
        return None
    check = sqlite3.connect(target)
    try:
        ok = check.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        check.close()
    if not ok:  # the store itself is damaged: keep every older copy
        target.unlink(missing_ok=True)
        log.error("the daily backup of %s failed its check; older backups kept", source)
        return None
    for old in sorted(backup_dir.glob(pattern))[:-DAILY_BACKUPS_KEPT]:
        old.unlink(missing_ok=True)
    return target


def list_backups(backup_dir: Path) -> list[Path]:
    """Every backup in ``backup_dir``, newest first."""
    if not backup_dir.is_dir():
        return []
    return sorted(backup_dir.glob("*.sqlite3"), key=lambda p: p.stat().st_mtime,
                  reverse=True)


def restore_backup(backup: Path, store_file: Path) -> Path | None:
    """Put ``backup`` in place of ``store_file``; the replaced file (damaged, maybe
    still useful to an expert) is kept beside it as ``.damaged-STAMP``. Returns it."""
    check = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        ok = check.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:
        ok = False
    finally:
        check.close()
    if not ok:
        raise EnvironmentProblem(_("{path}: this backup is damaged too; choose another.")
                                 .format(path=backup))
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    kept = None
    if store_file.exists():
        kept = store_file.with_name(f"{store_file.name}.damaged-{stamp}")
        store_file.replace(kept)
    for suffix in ("-wal", "-shm"):
        side = Path(f"{store_file}{suffix}")
        if side.exists():
            side.replace(Path(f"{kept or store_file}{suffix}.old"))
    tmp = store_file.with_name(store_file.name + ".part")
    shutil.copyfile(backup, tmp)
    tmp.replace(store_file)
    return kept
