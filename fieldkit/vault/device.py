"""The device secret: the part of an interviewer's unlocking key a copied disk lacks.

A PIN of 4 to 8 digits falls to offline guessing whatever the Argon2id cost, so the
key that unwraps the data key is derived from the PIN *and* 32 random bytes kept
outside the data folder:

- ``keyring`` (the default): the operating system's key store through the
  ``keyring`` library (Windows Credential Manager/DPAPI, macOS Keychain, Secret
  Service on Linux). A copy of the disk or of the data folder does not hold it.
- ``file``: a file the user chose explicitly, for machines without a key store.
  It protects against a copy of the data folder (a lost USB stick, a backup) only,
  not against a copy of the whole disk; ``fieldkit vault encrypt`` refuses a file
  inside the data folder.
- ``none``: no device secret; the unlocking secret must then be a long passphrase
  (a coordinator's), never a PIN.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path
from types import ModuleType

from fieldkit.errors import EnvironmentProblem, UsageError
from fieldkit.i18n import _

SERVICE = "fieldkit"
SECRET_BYTES = 32
KINDS = ("keyring", "file", "none")


def _account(store_id: str) -> str:
    return f"store-key/{store_id}"


def create(kind: str, store_id: str, path: Path | None = None) -> bytes:
    """A new device secret of ``kind``, saved where that kind keeps it."""
    if kind == "none":
        return b""
    value = secrets.token_bytes(SECRET_BYTES)
    if kind == "keyring":
        keyring = _keyring()
        try:
            keyring.set_password(SERVICE, _account(store_id), value.hex())
        except keyring.errors.KeyringError as exc:
            raise EnvironmentProblem(
                _("This computer's key store cannot keep fieldkit's key ({reason}); use "
                  "--device-secret-file PATH on a disk other than the data folder's.")
                .format(reason=exc)) from exc
        return value
    if kind == "file" and path is not None:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(value.hex() + "\n")
            out.flush()
            os.fsync(out.fileno())
        return value
    raise UsageError(_("Unknown device secret kind {kind}.").format(kind=kind))


def load(kind: str, store_id: str, path: Path | None = None) -> bytes:
    """The device secret saved by :func:`create`; EnvironmentProblem when it is gone."""
    if kind == "none":
        return b""
    if kind == "keyring":
        keyring = _keyring()
        try:
            found = keyring.get_password(SERVICE, _account(store_id))
        except keyring.errors.KeyringError as exc:
            found = None
            reason = str(exc)
        else:
            reason = _("no entry")
        if found is None:
            raise EnvironmentProblem(
                _("The key for this encrypted store is not in this computer's key store "
                  "({reason}); the store can be opened only on the computer that "
                  "encrypted it, or with the coordinator's recovery file.")
                .format(reason=reason))
        return bytes.fromhex(found)
    if kind == "file" and path is not None:
        try:
            return bytes.fromhex(path.read_text(encoding="ascii").strip())
        except (OSError, ValueError) as exc:
            raise EnvironmentProblem(
                _("{path}: the device secret for this encrypted store cannot be read "
                  "({reason}); put the file back, or use the coordinator's recovery "
                  "file.").format(path=path, reason=exc)) from exc
    raise UsageError(_("Unknown device secret kind {kind}.").format(kind=kind))


def forget(kind: str, store_id: str, path: Path | None = None) -> None:
    """Remove a device secret (after a failed encryption)."""
    if kind == "keyring":
        keyring = _keyring()
        with contextlib.suppress(keyring.errors.KeyringError):
            keyring.delete_password(SERVICE, _account(store_id))
    elif kind == "file" and path is not None:
        path.unlink(missing_ok=True)


def _keyring() -> ModuleType:
    # Imported when needed: it probes the desktop's key stores.
    import keyring
    import keyring.errors

    return keyring
