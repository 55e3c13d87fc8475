"""Wrapping and unwrapping the data key, with wrong secrets throttled on disk.

Every try first counts as a failure in the key file (written before the slow
Argon2id check), and only a correct secret clears the count: killing the process
mid-check, or starting a new one, cannot buy free guesses. After
:data:`FREE_ATTEMPTS` wrong tries each next one waits, twice as long each time (30 s
up to 15 minutes); after :data:`MAX_FAILURES` only the coordinator's recovery file
opens the store. Each try is audited (who, when, how many failures, never the
secret) in the key file until the store is open, then in the store's audit log.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fieldkit.errors import InvalidInput
from fieldkit.i18n import _, ngettext
from fieldkit.vault import device
from fieldkit.vault.kdf import DEFAULT, SALT_BYTES, KdfParams, derive
from fieldkit.vault.keyfile import KeyFile, Wrap, keyfile_path, load_keyfile

DATA_KEY_BYTES = 32
FREE_ATTEMPTS = 3
FIRST_WAIT_S = 30.0
LONGEST_WAIT_S = 15 * 60.0
MAX_FAILURES = 10
#: A passphrase that stands without a device secret must resist offline guessing.
PASSPHRASE_MIN = 16


class UnlockRefused(InvalidInput):
    """A wrong PIN or passphrase (the try is counted)."""


class UnlockWaiting(InvalidInput):
    """Too many wrong tries: wait ``seconds``."""

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        super().__init__(ngettext(
            "Too many wrong PINs for this store: try again in {n} second.",
            "Too many wrong PINs for this store: try again in {n} seconds.",
            seconds).format(n=seconds))


class RecoveryNeeded(InvalidInput):
    """Too many wrong tries in all: only the coordinator's recovery file opens the store."""


@dataclass(frozen=True)
class Unlocked:
    key: bytes
    owner: str  # the interviewer id whose wrap opened, or the wrap's kind


def new_data_key() -> bytes:
    return secrets.token_bytes(DATA_KEY_BYTES)


def _secret_bytes(secret: str, device_secret: bytes) -> bytes:
    # Length-prefixed so "12" + secret can never equal "1" + another secret.
    raw = secret.encode()
    return len(raw).to_bytes(2, "big") + raw + device_secret


def wrap_with_secret(data_key: bytes, secret: str, device_secret: bytes, *, kind: str,
                     owner: str = "", kdf: KdfParams = DEFAULT) -> Wrap:
    from nacl.secret import SecretBox

    salt = secrets.token_bytes(SALT_BYTES)
    kek = derive(_secret_bytes(secret, device_secret), salt, kdf)
    return Wrap(kind=kind, owner=owner, salt=salt, kdf=kdf,
                box=bytes(SecretBox(kek).encrypt(data_key)))


def wrap_for_recovery(data_key: bytes, project_public: bytes) -> Wrap:
    from nacl.public import PublicKey, SealedBox

    return Wrap(kind="recovery", public_key=project_public,
                box=bytes(SealedBox(PublicKey(project_public)).encrypt(data_key)))


def _try_wraps(keys: KeyFile, secret: str, device_secret: bytes,
               owner: str | None) -> Unlocked | None:
    from nacl.exceptions import CryptoError
    from nacl.secret import SecretBox

    for wrap in keys.wraps:
        if wrap.kind not in ("pin", "passphrase") or wrap.kdf is None:
            continue
        if owner is not None and wrap.owner != owner:
            continue
        kek = derive(_secret_bytes(secret, device_secret), wrap.salt, wrap.kdf)
        try:
            return Unlocked(key=bytes(SecretBox(kek).decrypt(wrap.box)),
                            owner=wrap.owner or wrap.kind)
        except CryptoError:
            continue
    return None


def _event(action: str, **detail: object) -> dict[str, object]:
    return {"at": datetime.now(UTC).isoformat(), "action": action, "detail": detail}


def wait_for(failures: int) -> float:
    if failures < FREE_ATTEMPTS:
        return 0.0
    return float(min(FIRST_WAIT_S * 2 ** (failures - FREE_ATTEMPTS), LONGEST_WAIT_S))


def unlock(store_file: Path, secret: str, *, owner: str | None = None,
           clock: Callable[[], float] = time.time,
           max_failures: int = MAX_FAILURES) -> Unlocked:
    """The data key of ``store_file``'s store, opened with a PIN or passphrase."""
    path = keyfile_path(store_file)
    keys = load_keyfile(path)
    if keys.failures >= max_failures:
        raise RecoveryNeeded(
            _("{n} wrong PINs: this store now opens only with the coordinator's recovery "
              "file (fieldkit vault recover).").format(n=keys.failures))
    left = keys.wait_until - clock()
    if left > 0:
        raise UnlockWaiting(int(left + 0.999))
    # Counted before checking: see the module's docstring.
    keys.failures += 1
    keys.wait_until = clock() + wait_for(keys.failures)
    keys.save(path)
    found = _try_wraps(keys, secret, device.load(keys.device_kind, keys.store_id,
                                                 keys.device_file()), owner)
    keys = load_keyfile(path)  # another process may have written meanwhile
    if found is None:
        keys.pending_audit.append(_event("store.unlock_refused", interviewer_id=owner or "",
                                         failures=keys.failures))
        keys.save(path)
        if keys.failures >= max_failures:
            raise RecoveryNeeded(
                _("{n} wrong PINs: this store now opens only with the coordinator's "
                  "recovery file (fieldkit vault recover).").format(n=keys.failures))
        raise UnlockRefused(_("Wrong PIN or passphrase for this store."))
    keys.pending_audit.append(_event("store.unlocked", interviewer_id=found.owner,
                                     failures_before=keys.failures - 1))
    keys.failures = 0
    keys.wait_until = 0.0
    keys.save(path)
    return found


def add_secret(store_file: Path, data_key: bytes, secret: str, *, kind: str, owner: str = "",
               kdf: KdfParams = DEFAULT) -> None:
    """Wrap the (already unlocked) data key for one more interviewer, or replace the
    wrap ``owner`` had (a changed PIN)."""
    path = keyfile_path(store_file)
    keys = load_keyfile(path)
    wrap = wrap_with_secret(data_key, secret,
                            device.load(keys.device_kind, keys.store_id, keys.device_file()),
                            kind=kind, owner=owner, kdf=kdf)
    keys.wraps = [w for w in keys.wraps if not (w.kind == kind and w.owner == owner)]
    keys.wraps.append(wrap)
    keys.pending_audit.append(_event("store.key_wrapped", interviewer_id=owner, kind=kind))
    keys.save(path)


def take_pending_audit(store_file: Path) -> list[dict[str, object]]:
    """The events recorded while the store was locked, removed from the key file."""
    path = keyfile_path(store_file)
    keys = load_keyfile(path)
    events, keys.pending_audit = keys.pending_audit, []
    if events:
        keys.save(path)
    return events


def note(store_file: Path, action: str, **detail: object) -> None:
    """Record an event of the encrypted store (a lock, say) for the audit log."""
    path = keyfile_path(store_file)
    keys = load_keyfile(path)
    keys.pending_audit.append(_event(action, **detail))
    keys.save(path)


def wrapped_for(store_file: Path, owner: str) -> bool:
    """Whether ``owner`` (an interviewer id) has a PIN that unlocks the store."""
    return any(w.owner == owner for w in load_keyfile(keyfile_path(store_file)).wraps)
