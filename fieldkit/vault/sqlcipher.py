"""SQLCipher connections and the in-place encryption of a plaintext store.

Encrypting is crash-safe (a ``kill -9`` at any moment leaves the old store or the
whole new one): the encrypted copy is written beside the store as
``NAME.encrypting`` and checked, plaintext backups get encrypted copies the same
way, and only then is the key file written, atomically: that is the commit. After
it, each plaintext file is overwritten with random bytes and replaced by its
encrypted copy. :func:`finish_pending`, run before every open, completes those
renames after a crash past the commit, or deletes the copies of one before it.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fieldkit.errors import EnvironmentProblem, UsageError
from fieldkit.i18n import _
from fieldkit.vault.files import fsync_dir, wipe
from fieldkit.vault.keyfile import KeyFile, keyfile_path

log = logging.getLogger(__name__)

PENDING = ".encrypting"
SQLITE_HEADER = b"SQLite format 3\x00"
#: Files SQLite keeps beside a store.
COMPANIONS = ("-wal", "-shm", "-journal")


class Cancelled(Exception):
    """The user cancelled the encryption; nothing changed."""


def dbapi() -> Any:
    """The sqlcipher3 DB-API module (imported when needed)."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError as exc:
        raise EnvironmentProblem(
            _("The SQLCipher driver (sqlcipher3) is not installed ({reason}); install "
              "fieldkit with its dependencies.").format(reason=exc)) from exc
    return dbapi2


def key_pragma(key: bytes) -> str:
    """The PRAGMA that gives SQLCipher a raw 256-bit key (no passphrase KDF of its own:
    the key is already random)."""
    return f"PRAGMA key = \"x'{key.hex()}'\""


def apply_key(dbapi_conn: Any, key: bytes) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(key_pragma(key))
    cur.close()


def connect(path: Path, key: bytes, **kwargs: Any) -> Any:
    conn = dbapi().connect(str(path), **kwargs)
    apply_key(conn, key)
    return conn


def is_plaintext(path: Path) -> bool:
    """True when ``path`` starts with SQLite's plain header (SQLCipher's first page is
    random-looking from its first byte)."""
    try:
        with path.open("rb") as src:
            return src.read(16) == SQLITE_HEADER
    except OSError:
        return False


def is_encrypted_store(store_file: Path) -> bool:
    return keyfile_path(store_file).is_file()


def _pending(path: Path) -> Path:
    return path.with_name(path.name + PENDING)


def _backup_files(backup_dir: Path | None) -> list[Path]:
    if backup_dir is None or not backup_dir.is_dir():
        return []
    return sorted(backup_dir.glob("*.sqlite3"))


def finish_pending(store_file: Path, backup_dir: Path | None = None) -> None:
    """Complete or undo an encryption a crash interrupted (see the module docstring)."""
    folders = {store_file.parent} | ({backup_dir} if backup_dir is not None else set())
    pending = [p for folder in folders if folder.is_dir()
               for p in folder.glob(f"*{PENDING}")]
    for leftover in store_file.parent.glob(f".{keyfile_path(store_file).name}.*.tmp"):
        leftover.unlink(missing_ok=True)
    if not pending:
        return
    committed = is_encrypted_store(store_file)
    for copy in pending:
        original = copy.with_name(copy.name[:-len(PENDING)])
        if committed:
            _replace_plaintext(original, copy)
        else:
            copy.unlink(missing_ok=True)
    if committed:
        log.info("finished encrypting %s after an interruption", store_file)


def _replace_plaintext(original: Path, encrypted: Path) -> None:
    for suffix in COMPANIONS:
        wipe(original.with_name(original.name + suffix))
    if original.is_file() and is_plaintext(original):
        wipe(original)
    encrypted.replace(original)
    fsync_dir(original.parent)


def _export(source: Path, target: Path, key: bytes, *,
            progress: Callable[[float], None] | None, done: float, share: float) -> None:
    """``source`` (plaintext) copied into a new SQLCipher file ``target``.

    The plaintext store is attached read-only: a read-only connection neither
    checkpoints nor deletes its WAL, which therefore stays whole until it is wiped."""
    target.unlink(missing_ok=True)
    if progress is not None:
        progress(done)  # the first chance to cancel, even for a store too small to tick
    total = max(source.stat().st_size, 1)
    conn = connect(target, key)
    try:
        def tick() -> int:
            if progress is not None:
                written = target.stat().st_size if target.exists() else 0
                try:
                    progress(done + share * min(written / total, 1.0))
                except Cancelled:
                    return 1  # a non-zero return interrupts the statement
            return 0

        conn.set_progress_handler(tick, 20000)
        uri = "file:" + str(source).replace("?", "%3f").replace("#", "%23") + "?mode=ro"
        conn.execute("ATTACH DATABASE ? AS plain KEY ''", (uri,))
        version = conn.execute("PRAGMA plain.user_version").fetchone()[0]
        try:
            conn.execute("SELECT sqlcipher_export('main', 'plain')")
        except dbapi().OperationalError as exc:
            if "interrupt" in str(exc):
                raise Cancelled from exc
            raise
        conn.execute(f"PRAGMA main.user_version = {int(version)}")
        conn.commit()
        conn.set_progress_handler(None, 0)
        _check_same(conn)
        conn.execute("DETACH DATABASE plain")
    finally:
        conn.close()
    with target.open("rb") as out:
        os.fsync(out.fileno())


def _check_same(conn: Any) -> None:
    """The encrypted copy passes SQLite's check and has every row of the original."""
    problems = conn.execute("PRAGMA main.quick_check").fetchall()
    if problems != [("ok",)]:
        raise EnvironmentProblem(_("The encrypted copy of the store failed its check ({"
                                   "reason}); the store is unchanged.").format(
                                       reason=problems[0][0]))
    tables = [row[0] for row in conn.execute(
        "SELECT name FROM plain.sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%'")]
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        new = conn.execute(f"SELECT count(*) FROM main.{quoted}").fetchone()[0]
        old = conn.execute(f"SELECT count(*) FROM plain.{quoted}").fetchone()[0]
        if new != old:
            raise EnvironmentProblem(
                _("The encrypted copy of the store lacks rows of {table}; the store is "
                  "unchanged.").format(table=table))


def encrypt_in_place(store_file: Path, key: bytes, keys: KeyFile, *,
                     backup_dir: Path | None = None,
                     progress: Callable[[float], None] | None = None) -> None:
    """Encrypt the plaintext store ``store_file`` (and its plaintext backups) with
    ``key``; ``keys`` (the wraps of ``key``) is written as the commit. The store must
    not be open elsewhere. ``progress`` gets 0..1 and may raise :class:`Cancelled`."""
    finish_pending(store_file, backup_dir)
    if is_encrypted_store(store_file):
        raise UsageError(_("{path} is already encrypted.").format(path=store_file))
    if not is_plaintext(store_file):
        raise EnvironmentProblem(_("{path} is not a SQLite store; nothing was changed.")
                                 .format(path=store_file))
    backups = [b for b in _backup_files(backup_dir) if is_plaintext(b)]
    sizes = [store_file.stat().st_size] + [b.stat().st_size for b in backups]
    whole = max(sum(sizes), 1)
    done = 0.0
    made: list[Path] = []
    try:
        for source, size in zip([store_file, *backups], sizes, strict=True):
            target = _pending(source)
            made.append(target)
            _export(source, target, key, progress=progress, done=done, share=size / whole)
            done += size / whole
        keys.save(keyfile_path(store_file))  # the commit
    except BaseException:
        for target in made:
            target.unlink(missing_ok=True)
        raise
    finish_pending(store_file, backup_dir)
    if progress is not None:
        with contextlib.suppress(Cancelled):  # too late to cancel: it is encrypted
            progress(1.0)
