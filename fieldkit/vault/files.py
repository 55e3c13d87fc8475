"""Private files: the data folder 0700 and every file fieldkit writes there 0600.

fieldkit sets its process umask to 077 at start (:func:`private_umask`), so every
file and folder it creates is its user's alone; :func:`tighten` fixes the modes of a
data folder made by an older fieldkit. Files replaced atomically go through
:func:`write_atomic` (a temporary file, fsync, rename, fsync of the folder), so a
crash leaves the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

PRIVATE_UMASK = 0o077


def private_umask() -> None:
    os.umask(PRIVATE_UMASK)


def tighten(folder: Path) -> None:
    """``folder`` 0700 and what fieldkit wrote inside it 0600 (folders 0700)."""
    if not folder.is_dir():
        return
    folder.chmod(0o700)
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            _chmod(Path(root, name), 0o700)
        for name in files:
            _chmod(Path(root, name), 0o600)


def _chmod(path: Path, mode: int) -> None:
    try:
        if not path.is_symlink() and stat.S_IMODE(path.stat().st_mode) != mode:
            path.chmod(mode)
    except OSError:
        pass  # a file another user owns: left as it is


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
