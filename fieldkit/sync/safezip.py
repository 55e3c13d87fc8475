"""Reading zip files that may be hostile: known member names only, bounded sizes
(whatever the headers claim), nothing ever extracted to disk."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Collection
from pathlib import Path

from fieldkit.errors import RejectedInput
from fieldkit.i18n import _
from fieldkit.sync.formats import MAX_FILE_BYTES, MAX_MEMBER_BYTES, MAX_MEMBERS

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
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise RejectedInput(_("{path}: too many files inside.").format(path=label))
        for info in infos:
            name = info.filename
            if not _safe_name(name):
                raise RejectedInput(_("{path}: unsafe file name inside: {name!r}.")
                                    .format(path=label, name=name))
            known = (name in required or name in optional
                     or any(name.startswith(p) for p in prefixes))
            if not known:
                raise RejectedInput(_("{path}: unexpected file inside: {name!r}.")
                                    .format(path=label, name=name))
            if name in seen:
                raise RejectedInput(_("{path}: {name!r} appears twice inside.")
                                    .format(path=label, name=name))
            if info.file_size > MAX_MEMBER_BYTES:
                raise RejectedInput(_("{path}: {name!r} is too large.")
                                    .format(path=label, name=name))
            seen.add(name)
            if only is None or name in only:
                members[name] = _read_member(archive, info, label)
    missing = [n for n in required if n not in seen]
    if missing:
        raise RejectedInput(_("{path}: {name!r} is missing.").format(path=label,
                                                                   name=missing[0]))
    return members


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str) -> bytes:
    chunks: list[bytes] = []
    total = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(1 << 20):
                total += len(chunk)
                if total > MAX_MEMBER_BYTES:  # the header lied: a zip bomb
                    raise RejectedInput(_("{path}: {name!r} unpacks to more than it "
                                          "claims (a zip bomb?).").format(
                                              path=label, name=info.filename))
                chunks.append(chunk)
    except RejectedInput:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError,
            RuntimeError, ValueError) as exc:
        raise RejectedInput(_("{path}: {name!r} inside is damaged ({reason}).").format(
            path=label, name=info.filename, reason=exc)) from exc
    return b"".join(chunks)


def write_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def write_file_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)
