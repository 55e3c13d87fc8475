"""Files written atomically and wiped.

(The data folder's modes, 0700 and 0600, are set by fieldkit.paths.ensure_writable.)
:func:`write_atomic` writes a temporary file, fsyncs it, renames it and fsyncs the
folder, so a crash leaves the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # Windows cannot open a folder; its renames are durable enough
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def wipe(path: Path) -> None:
    """Overwrite ``path`` with random bytes, fsync, then delete it. On a spinning disk
    the old bytes are gone; an SSD or a copy-on-write file system may keep old blocks
    (the threat model says so), which is why the store is encrypted, not just wiped."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    with path.open("r+b", buffering=0) as out:
        left = size
        while left > 0:
            chunk = min(left, 1 << 20)
            out.write(secrets.token_bytes(chunk))
            left -= chunk
        os.fsync(out.fileno())
    path.unlink()
