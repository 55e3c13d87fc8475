"""Argon2id key derivation for wrapping the data key (argon2-cffi's raw hash)."""

from __future__ import annotations

from dataclasses import dataclass

KEY_BYTES = 32
SALT_BYTES = 16


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. The default costs about a quarter of a second and 64 MiB on a
    laptop (see the README's threat model for a measured guess)."""

    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 1

    def as_json(self) -> dict[str, int]:
        return {"t": self.time_cost, "m": self.memory_kib, "p": self.parallelism}

    @classmethod
    def from_json(cls, data: dict[str, int]) -> KdfParams:
        return cls(time_cost=int(data["t"]), memory_kib=int(data["m"]),
                   parallelism=int(data["p"]))


DEFAULT = KdfParams()
#: For tests only: the same algorithm at its smallest cost.
FAST_FOR_TESTS = KdfParams(time_cost=1, memory_kib=8, parallelism=1)


def derive(secret: bytes, salt: bytes, params: KdfParams) -> bytes:
    """A 32-byte key-encryption key from ``secret`` (PIN and device secret)."""
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(secret=secret, salt=salt, time_cost=params.time_cost,
                           memory_cost=params.memory_kib, parallelism=params.parallelism,
                           hash_len=KEY_BYTES, type=Type.ID)
