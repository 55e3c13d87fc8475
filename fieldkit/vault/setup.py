"""Encrypting a store, and the coordinator's recovery of a laptop whose PIN is lost."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from pathlib import Path

from fieldkit.errors import InvalidInput, RejectedInput, UsageError
from fieldkit.i18n import _
from fieldkit.vault import device
from fieldkit.vault.files import write_atomic
from fieldkit.vault.kdf import DEFAULT, SALT_BYTES, KdfParams, derive
from fieldkit.vault.keyfile import KeyFile, keyfile_path, load_keyfile
from fieldkit.vault.sqlcipher import encrypt_in_place, finish_pending, is_encrypted_store
from fieldkit.vault.unlock import (
    PASSPHRASE_MIN,
    Unlocked,
    _event,
    add_secret,
    new_data_key,
    wrap_for_recovery,
    wrap_with_secret,
)

RECOVERY_FORMAT = "fieldkit-recovery"
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
RECOVERY_CODE_CHARS = 24  # 120 bits: beyond guessing, whatever the KDF


def encrypt_store(store_file: Path, *, secret: str, kind: str, owner: str = "",
                  device_kind: str = "keyring", device_path: Path | None = None,
                  recovery_public: bytes | None = None, backup_dir: Path | None = None,
                  kdf: KdfParams = DEFAULT,
                  progress: Callable[[float], None] | None = None) -> bytes:
    """Encrypt ``store_file`` in place (or prepare a new store there) and return its
    data key, wrapped for ``owner``'s PIN (``kind="pin"``) or a passphrase, and for
    the coordinator when ``recovery_public`` is given."""
    finish_pending(store_file, backup_dir)
    if is_encrypted_store(store_file):
        raise UsageError(_("{path} is already encrypted.").format(path=store_file))
    if device_kind == "none" and (kind != "passphrase" or len(secret) < PASSPHRASE_MIN):
        raise InvalidInput(
            _("Without a device secret the store needs a passphrase of at least {n} "
              "characters (a PIN falls to guessing on a copied disk).").format(
                  n=PASSPHRASE_MIN))
    if device_kind == "file":
        if device_path is None:
            raise UsageError(_("--device-secret-file needs a path."))
        if device_path.resolve().is_relative_to(store_file.parent.resolve()):
            raise InvalidInput(
                _("{path}: the device secret must not be kept in the data folder (a copy "
                  "of the folder would hold it); choose another disk or folder.")
                .format(path=device_path))
    store_id = secrets.token_hex(16)
    device_secret = device.create(device_kind, store_id, device_path)
    try:
        key = new_data_key()
        keys = KeyFile(store_id=store_id, device_kind=device_kind,
                       device_path=str(device_path.resolve()) if device_path else "")
        keys.wraps.append(wrap_with_secret(key, secret, device_secret, kind=kind,
                                           owner=owner, kdf=kdf))
        if recovery_public is not None:
            keys.wraps.append(wrap_for_recovery(key, recovery_public))
        keys.pending_audit.append(_event("store.encrypted", interviewer_id=owner,
                                         device=device_kind,
                                         recovery=recovery_public is not None))
        if store_file.is_file():
            encrypt_in_place(store_file, key, keys, backup_dir=backup_dir, progress=progress)
        else:
            store_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            keys.save(keyfile_path(store_file))
    except BaseException:
        if not is_encrypted_store(store_file):
            device.forget(device_kind, store_id, device_path)
        raise
    return key


def new_recovery_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(RECOVERY_CODE_CHARS))
    return "-".join(raw[i:i + 4] for i in range(0, RECOVERY_CODE_CHARS, 4))


def _code_bytes(code: str) -> bytes:
    return "".join(ch for ch in code.upper() if ch.isalnum()).encode()


def write_recovery_file(laptop_keys: Path, project_private: bytes, out: Path, *,
                        kdf: KdfParams = DEFAULT) -> str:
    """Coordinator: from a laptop's key file, a recovery file for it, and the code (to
    be told to the interviewer by another way than the file) that opens it."""
    from nacl.exceptions import CryptoError
    from nacl.public import PrivateKey, SealedBox
    from nacl.secret import SecretBox

    keys = load_keyfile(laptop_keys)
    wraps = [w for w in keys.wraps if w.kind == "recovery"]
    private = PrivateKey(project_private)
    for wrap in wraps:
        if wrap.public_key != bytes(private.public_key):
            continue
        try:
            data_key = bytes(SealedBox(private).decrypt(wrap.box))
        except CryptoError as exc:
            raise RejectedInput(_("{path}: its recovery key is damaged.").format(
                path=laptop_keys)) from exc
        break
    else:
        raise RejectedInput(
            _("{path}: this laptop's store was not encrypted for this project's key; it "
              "cannot be recovered here.").format(path=laptop_keys))
    code = new_recovery_code()
    salt = secrets.token_bytes(SALT_BYTES)
    box = SecretBox(derive(_code_bytes(code), salt, kdf)).encrypt(data_key)
    body = {"format": RECOVERY_FORMAT, "version": 1, "store_id": keys.store_id,
            "salt": salt.hex(), "kdf": kdf.as_json(), "box": bytes(box).hex()}
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(out, json.dumps(body, indent=1).encode())
    return code


def recover(store_file: Path, recovery_file: Path, code: str, *, owner: str, new_pin: str,
            kdf: KdfParams = DEFAULT) -> Unlocked:
    """Laptop: open the store with the coordinator's recovery file and code, give
    ``owner`` the new PIN, and clear the wrong-PIN count."""
    data_key = open_recovery_key(store_file, recovery_file, code)
    path = keyfile_path(store_file)
    add_secret(store_file, data_key, new_pin, kind="pin", owner=owner, kdf=kdf)
    keys = load_keyfile(path)
    keys.failures, keys.wait_until = 0, 0.0
    keys.pending_audit.append(_event("store.recovered", interviewer_id=owner))
    keys.save(path)
    return Unlocked(key=data_key, owner=owner)


def open_recovery_key(store_file: Path, recovery_file: Path, code: str) -> bytes:
    """The data key from the coordinator's recovery file and its code."""
    from nacl.exceptions import CryptoError
    from nacl.secret import SecretBox

    try:
        body = json.loads(recovery_file.read_bytes())
        if body.get("format") != RECOVERY_FORMAT:
            raise ValueError("not a fieldkit recovery file")
        salt, box = bytes.fromhex(body["salt"]), bytes.fromhex(body["box"])
        file_kdf = KdfParams.from_json(body["kdf"])
        store_id = str(body["store_id"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise RejectedInput(_("{path}: not a fieldkit recovery file ({reason}).").format(
            path=recovery_file, reason=exc)) from exc
    path = keyfile_path(store_file)
    keys = load_keyfile(path)
    if store_id != keys.store_id:
        raise RejectedInput(_("{path}: this recovery file is for another laptop's store.")
                            .format(path=recovery_file))
    try:
        return bytes(SecretBox(derive(_code_bytes(code), salt, file_kdf)).decrypt(box))
    except CryptoError as exc:
        raise InvalidInput(_("Wrong recovery code for {path}.").format(
            path=recovery_file)) from exc
