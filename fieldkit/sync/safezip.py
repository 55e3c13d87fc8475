"""Reading zip files that may be hostile: known member names only, bounded sizes
(whatever the headers claim), nothing ever extracted to disk."""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from collections.abc import Collection
from pathlib import Path
from typing import cast

from fieldkit.errors import EnvironmentProblem, RejectedInput
from fieldkit.i18n import _
from fieldkit.sync.formats import MAX_FILE_BYTES, MAX_MEMBER_BYTES, MAX_MEMBERS, MAX_TOTAL_BYTES
from fieldkit.sync.records import shorten

__all__ = ["read_file_bounded", "read_zip", "write_zip"]


def read_file_bounded(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise RejectedInput(_("{path}: the file is too large ({size} bytes) to be a "
                                  "fieldkit file.").format(path=path, size=size))
        return path.read_bytes()
    except OSError as exc:
        raise RejectedInput(_("{path}: cannot be read ({reason}).").format(
            path=path, reason=exc.strerror or exc)) from exc


def _safe_name(name: str) -> bool:
    parts = name.split("/")
    return (bool(name) and not name.startswith("/") and "\\" not in name and ":" not in name
            and all(part not in ("", ".", "..") for part in parts))


def read_zip(data: bytes, *, label: str, required: Collection[str],
             optional: Collection[str] = (), prefixes: Collection[str] = (),
             only: Collection[str] | None = None) -> dict[str, bytes]:
    """The members of the zip ``data`` by name. Rejects (naming ``label``) a damaged
    zip, unsafe or unexpected names, duplicates, members over the size limit, and
    missing required members. ``only``: unpack just these (every member is still
    checked), e.g. a manifest before deciding whether the rest is needed."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise RejectedInput(_("{path}: not a readable zip file (damaged or truncated).")
                            .format(path=label)) from exc
    members: dict[str, bytes] = {}
    seen: set[str] = set()
    total = 0
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise RejectedInput(_("{path}: too many files inside.").format(path=label))
        for info in infos:
            name = info.filename
            if not _safe_name(name):
                raise RejectedInput(_("{path}: unsafe file name inside: {name}.")
                                    .format(path=label, name=_quoted(name)))
            known = (name in required or name in optional
                     or any(name.startswith(p) for p in prefixes))
            if not known:
                raise RejectedInput(_("{path}: unexpected file inside: {name}.")
                                    .format(path=label, name=_quoted(name)))
            if name in seen:
                raise RejectedInput(_("{path}: {name} appears twice inside.")
                                    .format(path=label, name=_quoted(name)))
            if info.file_size > MAX_MEMBER_BYTES:
                raise RejectedInput(_("{path}: {name} is too large.")
                                    .format(path=label, name=_quoted(name)))
            seen.add(name)
            if only is None or name in only:
                total += info.file_size
                if total > MAX_TOTAL_BYTES:
                    raise RejectedInput(_("{path}: unpacks to more than fieldkit reads ({mb} "
                                          "MB).").format(path=label,
                                                         mb=MAX_TOTAL_BYTES >> 20))
                members[name] = _read_member(archive, info, label, MAX_MEMBER_BYTES)
    missing = [n for n in required if n not in seen]
    if missing:
        raise RejectedInput(_("{path}: {name} is missing.").format(
            path=label, name=_quoted(missing[0])))
    return members


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str,
                 limit: int) -> bytes:
    """The member's bytes, read into one buffer the size its header claims (no
    second copy of a large member); more than claimed, or than ``limit``, is a bomb."""
    buffer = bytearray(min(info.file_size, limit))
    view = memoryview(buffer)
    total = 0
    try:
        with archive.open(info) as stream:
            while total < len(buffer):
                got = cast(io.BufferedIOBase, stream).readinto(view[total:])
                if not got:
                    break
                total += got
            if stream.read(1):  # the header lied: a zip bomb
                raise RejectedInput(_("{path}: {name} unpacks to more than it claims (a "
                                      "zip bomb?).").format(path=label,
                                                            name=_quoted(info.filename)))
    except RejectedInput:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError,
            RuntimeError, ValueError) as exc:
        raise RejectedInput(_("{path}: {name} inside is damaged ({reason}).").format(
            path=label, name=_quoted(info.filename), reason=shorten(str(exc), 120))) from exc
    finally:
        view.release()
    if total < len(buffer):
        del buffer[total:]
    if total < _COPY_BELOW:  # small: bytes, as every caller expects
        return bytes(buffer)
    return buffer  # type: ignore[return-value]  # large: bytes-like, never copied


_COPY_BELOW = 4 * 1024 * 1024


def _quoted(name: str) -> str:
    return f"'{shorten(name)}'"


def write_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def write_file_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a ``.part`` file renamed into place, so the
    path holds the old file or the whole new one; a failed write (a full disk) leaves
    no ``.part`` behind."""
    if path.is_symlink() or (path.exists() and not path.is_file()):
        # e.g. /dev/null as root: renaming over it would replace the device.
        raise EnvironmentProblem(_("{path}: exists and is not a regular file; fieldkit will "
                                   "not replace it. Choose another name.").format(path=path))
    tmp = path.with_name(path.name + ".part")
    try:
        with tmp.open("wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        tmp.replace(path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.filename is None:
            exc.filename = str(tmp)  # a failed write names no file: say which
        raise
