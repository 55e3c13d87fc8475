"""The key file beside an encrypted store (``fieldkit.sqlite3.keys``, 0600).

It holds no secret that opens the store by itself: the data key wrapped per
interviewer (XSalsa20-Poly1305 under an Argon2id key of PIN + device secret), wrapped
for the coordinator (sealed to the project's X25519 public key), the count of wrong
PINs with the time the next try is allowed (so a new process cannot reset it), and
the audit events that happened while the store was locked (written into the store's
audit log when it is next opened). It names interviewers by id only: their names are
personal data and live in the encrypted store.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fieldkit.errors import EnvironmentProblem
from fieldkit.i18n import _
from fieldkit.vault.files import write_atomic
from fieldkit.vault.kdf import KdfParams

FORMAT = "fieldkit-store-keys"
VERSION = 1


def keyfile_path(store_file: Path) -> Path:
    return store_file.with_name(store_file.name + ".keys")


@dataclass
class Wrap:
    """The data key wrapped once. ``kind``: ``pin`` (an interviewer), ``passphrase``
    (a coordinator's own), ``recovery`` (sealed to the project's public key)."""

    kind: str
    box: bytes
    owner: str = ""  # interviewer id, or "" for a passphrase/recovery wrap
    salt: bytes = b""
    kdf: KdfParams | None = None
    public_key: bytes = b""

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "box": self.box.hex(), "owner": self.owner}
        if self.salt:
            data["salt"] = self.salt.hex()
        if self.kdf is not None:
            data["kdf"] = self.kdf.as_json()
        if self.public_key:
            data["public_key"] = self.public_key.hex()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Wrap:
        return cls(kind=str(data["kind"]), box=bytes.fromhex(data["box"]),
                   owner=str(data.get("owner", "")),
                   salt=bytes.fromhex(data.get("salt", "")),
                   kdf=KdfParams.from_json(data["kdf"]) if "kdf" in data else None,
                   public_key=bytes.fromhex(data.get("public_key", "")))


@dataclass
class KeyFile:
    store_id: str
    device_kind: str
    device_path: str = ""
    wraps: list[Wrap] = field(default_factory=list)
    #: Wrong unlocking secrets in a row, and the wall-clock time of the next allowed try.
    failures: int = 0
    wait_until: float = 0.0
    pending_audit: list[dict[str, Any]] = field(default_factory=list)

    def as_bytes(self) -> bytes:
        return json.dumps({
            "format": FORMAT, "version": VERSION, "store_id": self.store_id,
            "device": {"kind": self.device_kind, "path": self.device_path},
            "wraps": [w.as_json() for w in self.wraps],
            "throttle": {"failures": self.failures, "wait_until": self.wait_until},
            "audit": self.pending_audit,
        }, indent=1, sort_keys=True).encode()

    def save(self, path: Path) -> None:
        write_atomic(path, self.as_bytes())

    def device_file(self) -> Path | None:
        return Path(self.device_path) if self.device_path else None


def load_keyfile(path: Path) -> KeyFile:
    try:
        data = json.loads(path.read_bytes())
        if data.get("format") != FORMAT:
            raise ValueError("not a fieldkit key file")
        if int(data.get("version", 0)) > VERSION:
            raise ValueError("written by a newer fieldkit")
        throttle = data.get("throttle", {})
        return KeyFile(store_id=str(data["store_id"]),
                       device_kind=str(data["device"]["kind"]),
                       device_path=str(data["device"].get("path", "")),
                       wraps=[Wrap.from_json(w) for w in data["wraps"]],
                       failures=int(throttle.get("failures", 0)),
                       wait_until=float(throttle.get("wait_until", 0.0)),
                       pending_audit=list(data.get("audit", [])))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EnvironmentProblem(
            _("{path}: the key file of the encrypted store cannot be read ({reason}); "
              "restore it from a backup or use the coordinator's recovery file.")
            .format(path=path, reason=exc)) from exc
