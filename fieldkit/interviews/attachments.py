"""Files attached to answers (image, audio, file questions), Qt-free.

The answer is the file's name, as ODK stores it; the file itself is copied into
``<data dir>/attachments/<interview uuid>/`` under a name no other attachment of
the interview has, so the interviewer may move or delete the original.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import uuid as uuid_module
from pathlib import Path

from fieldkit.errors import EnvironmentProblem, InvalidInput
from fieldkit.i18n import _
from fieldkit.interviews.handle import InterviewHandle
from fieldkit.store.cipher import attachments_key

__all__ = ["MAX_ATTACHMENT_BYTES", "attach_file", "attachment_folder", "remove_attachment"]

#: Larger files are refused: they would not travel in a data bundle by e-mail.
MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024
_UNSAFE = re.compile(r"[^\w.-]+")


def attachment_folder(root: Path, interview_uuid: str) -> Path:
    return root / interview_uuid


def _stored_name(source: Path) -> str:
    stem = _UNSAFE.sub("_", source.stem).strip("._")[:60] or "file"
    suffix = _UNSAFE.sub("", source.suffix)[:10]
    return f"{stem}-{uuid_module.uuid4().hex[:8]}{suffix}"


def attach_file(handle: InterviewHandle, root: Path, path: str, source: Path) -> str:
    """Copy ``source`` into the interview's attachment folder under ``root`` and
    answer ``path`` with its stored name (saved as any answer is); returns the name.
    The file a previous answer named is removed once the new answer is saved."""
    try:
        size = source.stat().st_size
    except OSError as exc:
        raise InvalidInput(_("{file}: cannot be read ({reason}); choose another file.")
                           .format(file=source, reason=exc.strerror or exc)) from exc
    if not source.is_file():
        raise InvalidInput(_("{file}: not a file; choose a file.").format(file=source))
    if size > MAX_ATTACHMENT_BYTES:
        raise InvalidInput(_("{file}: too large to attach (over {mb} MB); choose a smaller "
                             "file.").format(file=source, mb=MAX_ATTACHMENT_BYTES // 2**20))
    folder = attachment_folder(root, handle.uuid)
    name = _stored_name(source)
    key = attachments_key(handle.store.engine)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if key is not None:  # an encrypted store's attachments are encrypted too (F13)
            from fieldkit.vault.sealed import seal_copy

            seal_copy(source, folder / name, key)
        else:
            shutil.copyfile(source, folder / name)
    except OSError as exc:
        raise EnvironmentProblem(_("{folder}: the file could not be copied here ({reason}).")
                                 .format(folder=folder, reason=exc.strerror or exc)) from exc
    previous = handle.session.value(path)
    try:
        handle.answer(path, name)
    except BaseException:
        (folder / name).unlink(missing_ok=True)
        raise
    if previous and previous != name:
        _unlink(folder, previous)
    return name


def remove_attachment(handle: InterviewHandle, root: Path, path: str) -> None:
    """Clear the answer at ``path`` and delete the file it named."""
    previous = handle.session.value(path)
    handle.clear(path)
    if previous:
        _unlink(attachment_folder(root, handle.uuid), previous)


def _unlink(folder: Path, name: str) -> None:
    target = folder / Path(name).name  # a stored name, never a path elsewhere
    with contextlib.suppress(OSError):  # the answer is what counts; a stray file is harmless
        target.unlink(missing_ok=True)
