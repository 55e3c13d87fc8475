"""Attachments (photos, audio, consent scans) encrypted on disk: libsodium's
secretstream (XChaCha20-Poly1305, through PyNaCl) in 64 KiB chunks, so a recording
is never held whole in memory and a cut-off or altered file is refused.

A sealed file starts with :data:`MAGIC`; files without it are plaintext (written
before the store was encrypted) and are read as they are until
:func:`seal_folder` encrypts them. The key is derived from the store's data key
(BLAKE2b, keyed), so it needs nothing kept beside it.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from fieldkit.errors import EnvironmentProblem
from fieldkit.i18n import _
from fieldkit.vault.files import fsync_dir, wipe

MAGIC = b"FKSEAL1\n"
CHUNK = 64 * 1024


def file_key(data_key: bytes) -> bytes:
    """The attachments' key: not the data key itself, so one never unlocks the other's
    format by mistake."""
    from nacl.encoding import RawEncoder
    from nacl.hash import blake2b

    return blake2b(b"fieldkit attachments v1", key=data_key, digest_size=32,
                   encoder=RawEncoder)


def is_sealed(path: Path) -> bool:
    try:
        with path.open("rb") as src:
            return src.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _chunks(data: bytes) -> Iterator[bytes]:
    for start in range(0, len(data), CHUNK):
        yield data[start:start + CHUNK]


def write_sealed(dst: Path, chunks: Iterator[bytes] | bytes, key: bytes) -> None:
    """Write ``chunks`` (or bytes) to ``dst`` encrypted under ``key`` (file_key)."""
    from nacl import bindings as b

    parts = _chunks(chunks) if isinstance(chunks, bytes) else chunks
    state = b.crypto_secretstream_xchacha20poly1305_state()
    header = b.crypto_secretstream_xchacha20poly1305_init_push(state, key)
    with dst.open("wb") as out:
        out.write(MAGIC + header)
        pending: bytes | None = None
        for part in parts:
            if pending is not None:
                out.write(b.crypto_secretstream_xchacha20poly1305_push(state, pending))
            pending = part
        out.write(b.crypto_secretstream_xchacha20poly1305_push(
            state, pending or b"", tag=b.crypto_secretstream_xchacha20poly1305_TAG_FINAL))
        out.flush()
        os.fsync(out.fileno())


def read_file_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as src:
        while part := src.read(CHUNK):
            yield part


def seal_copy(src: Path, dst: Path, key: bytes) -> None:
    write_sealed(dst, read_file_chunks(src), key)


def plain_chunks(path: Path, key: bytes | None) -> Iterator[bytes]:
    """The content of ``path``, decrypted when it is sealed."""
    from nacl import bindings as b
    from nacl.exceptions import CryptoError

    if not is_sealed(path):
        yield from read_file_chunks(path)
        return
    if key is None:
        raise EnvironmentProblem(_("{path} is encrypted and the store is not unlocked.")
                                 .format(path=path))
    abytes = b.crypto_secretstream_xchacha20poly1305_ABYTES
    with path.open("rb") as src:
        src.read(len(MAGIC))
        header = src.read(b.crypto_secretstream_xchacha20poly1305_HEADERBYTES)
        state = b.crypto_secretstream_xchacha20poly1305_state()
        try:
            b.crypto_secretstream_xchacha20poly1305_init_pull(state, header, key)
            final = False
            while part := src.read(CHUNK + abytes):
                if final:
                    raise CryptoError("data after the end")
                plain, tag = b.crypto_secretstream_xchacha20poly1305_pull(state, part)
                final = tag == b.crypto_secretstream_xchacha20poly1305_TAG_FINAL
                yield plain
        except (CryptoError, ValueError, RuntimeError) as exc:
            raise EnvironmentProblem(_("{path}: this encrypted attachment is damaged.")
                                     .format(path=path)) from exc
        if not final:
            raise EnvironmentProblem(_("{path}: this encrypted attachment is cut short.")
                                     .format(path=path))


def read_plain(path: Path, key: bytes | None) -> bytes:
    return b"".join(plain_chunks(path, key))


def seal_folder(root: Path, key: bytes) -> int:
    """Encrypt every plaintext file under ``root`` in place (each: a sealed copy,
    fsynced, then the plaintext overwritten and replaced). Idempotent, so a run cut
    short is finished by the next. Returns how many files it sealed."""
    if not root.is_dir():
        return 0
    count = 0
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if path.name.endswith(".sealing"):
            original = path.with_name(path.name.rsplit(".", 2)[0])
            if original.exists():
                path.unlink()  # a copy cut short: its plaintext is still there
            else:
                path.replace(original)  # cut short after the plaintext was wiped
                count += 1
            continue
        if is_sealed(path):
            continue
        copy = path.with_name(f"{path.name}.{secrets.token_hex(4)}.sealing")
        seal_copy(path, copy, key)
        wipe(path)
        copy.replace(path)
        fsync_dir(path.parent)
        count += 1
    return count
