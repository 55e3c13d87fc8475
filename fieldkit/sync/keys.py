"""Keys and signatures with PyNaCl: Ed25519 to sign, X25519 sealed boxes to encrypt,
HMAC-SHA256 for the enrolment proof. Private keys live in ProjectSecret rows."""

from __future__ import annotations

import hmac
import secrets
from hashlib import sha256

from nacl.exceptions import BadSignatureError, CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.signing import SigningKey, VerifyKey

from fieldkit.store import Store
from fieldkit.store.secrets import get_or_create_secret

__all__ = [
    "BOX_SECRET",
    "DEVICE_SECRET",
    "SIGNING_SECRET",
    "CryptoError",
    "box_private",
    "device_signing_key",
    "enrolment_code_secret",
    "enrolment_proof",
    "new_enrolment_code",
    "open_sealed",
    "seal",
    "sign",
    "signing_key",
    "verify",
]

SIGNING_SECRET = "sync/signing-key"  # coordinator Ed25519 seed
BOX_SECRET = "sync/box-key"  # coordinator X25519 private key
DEVICE_SECRET = "sync/device-key"  # laptop Ed25519 seed

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def _seed() -> bytes:
    return secrets.token_bytes(32)


def signing_key(store: Store, project_id: str) -> SigningKey:
    return SigningKey(get_or_create_secret(store, project_id, SIGNING_SECRET, _seed))


def box_private(store: Store, project_id: str) -> PrivateKey:
    return PrivateKey(get_or_create_secret(store, project_id, BOX_SECRET, _seed))


def device_signing_key(store: Store, project_id: str) -> SigningKey:
    return SigningKey(get_or_create_secret(store, project_id, DEVICE_SECRET, _seed))


def sign(key: SigningKey, message: bytes) -> bytes:
    return bytes(key.sign(message).signature)


def verify(public: bytes, message: bytes, signature: bytes) -> bool:
    try:
        VerifyKey(public).verify(message, signature)
    except (BadSignatureError, CryptoError, ValueError, TypeError):
        return False
    return True


def seal(public: bytes, data: bytes) -> bytes:
    return bytes(SealedBox(PublicKey(public)).encrypt(data))


def open_sealed(key: PrivateKey, data: bytes) -> bytes:
    """Decrypt; raises CryptoError for anything not sealed to ``key`` or damaged."""
    return bytes(SealedBox(key).decrypt(data))


def new_enrolment_code() -> str:
    """16 characters (80 bits) in groups of four, easy to read out or type."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(16))
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def enrolment_code_secret(interviewer_id: str) -> str:
    return f"sync/enrol/{interviewer_id}"


def enrolment_proof(code: str, project_id: str, device_id: str, interviewer_id: str,
                    device_key: bytes) -> str:
    """What binds a device's key to a roster interviewer: an HMAC keyed with the code
    the coordinator gave that interviewer, over the project, device and key."""
    message = b"|".join([b"fieldkit-enrol-v1", project_id.encode(), device_id.encode(),
                         interviewer_id.encode(), device_key.hex().encode()])
    return hmac.new(normalise_code(code).encode(), message, sha256).hexdigest()


