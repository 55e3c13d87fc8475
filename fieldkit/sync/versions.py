"""Field versions and the merge rule, as pure functions (the store code and the
property tests share them).

Every change a device exports is a *version* of one field: its value (None for a
tombstone), who wrote it (device, clock, time) and ``supersedes``, the ids of every
earlier version of that field its writer knew. A version's id is the sha256 of all
that, so the same id always means the same content, and a cycle cannot be built.

A field's state is its *heads*: the versions nobody supersedes. One head is the
value; several heads are a conflict kept side by side for a person. The heads depend
only on the set of versions received, so the merge is idempotent and
order-independent by construction. A laptop restored from an old backup writes
versions that supersede only what the backup knew: a lost-and-later-reapplied edit
shows up as a conflict instead of silently overwriting or being overwritten.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Annotated, Any

import msgspec

from fieldkit.sync.formats import sha256_hex
from fieldkit.sync.records import MAX_CLOCK, MAX_VALUE_CHARS

__all__ = ["Version", "all_ids_match", "decode_versions", "display_head", "encode_versions",
           "heads", "is_conflict", "version_id"]

# msgspec writes a list of strings, integers and nulls byte for byte as
# formats.canonical does (tests/sync/test_versions.py holds it to that for every
# character), about four times faster: importing a bundle hashes every version.
_encode = msgspec.json.Encoder().encode


def version_id(interview_uuid: str, path: str, value: str | None, *, device_id: str,
               clock: int, written_at: str, supersedes: Iterable[str]) -> str:
    sup = supersedes if isinstance(supersedes, tuple) and len(supersedes) < 2 \
        else sorted(set(supersedes))
    return sha256_hex(_encode((interview_uuid, path, value, device_id, clock, written_at,
                               sup)))


def all_ids_match(versions: Sequence[Version]) -> bool:
    """Whether every version's id is the hash of its content: ``content_ok`` over a
    whole bundle, written out as one loop (an import checks every version)."""
    encode, sha256 = _encode, hashlib.sha256
    try:
        for v in versions:
            sup = v.supersedes
            if len(sup) > 1:
                sup = sorted(set(sup))  # type: ignore[assignment]
            if sha256(encode((v.interview_uuid, v.path, v.value, v.device_id, v.clock,
                              v.written_at, sup))).hexdigest() != v.id:
                return False
    except UnicodeEncodeError:
        return False
    return True


_Uuid = Annotated[str, msgspec.Meta(min_length=1, max_length=36)]
# Lengths only: msgspec checks a pattern with a call into ``re`` per value, which
# made decoding five times slower. The path grammar and the time format
# (records.py) are checked once per bundle, over the distinct values
# (bundle_in.parse_versions); an id must be the hash of its content anyway.
_Path = Annotated[str, msgspec.Meta(min_length=1, max_length=1000)]
_Device = Annotated[str, msgspec.Meta(min_length=1, max_length=36)]
_Value = Annotated[str, msgspec.Meta(max_length=MAX_VALUE_CHARS)]
_At = Annotated[str, msgspec.Meta(max_length=40)]
_Id = Annotated[str, msgspec.Meta(min_length=64, max_length=64)]


class Version(msgspec.Struct, frozen=True, gc=False, forbid_unknown_fields=True):
    """One version of one field. Also the shape of a line of a bundle's
    ``versions.jsonl`` (the JSON names in ``name=``), so a bundle decodes straight
    into versions with every type and length checked in one pass; the limits
    (``Annotated``) apply to what is decoded, not to what fieldkit makes itself."""

    id: _Id
    interview_uuid: _Uuid = msgspec.field(name="interview")
    path: _Path
    value: _Value | None
    device_id: _Device = msgspec.field(name="device")
    clock: Annotated[int, msgspec.Meta(ge=0, lt=MAX_CLOCK)]
    written_at: _At = msgspec.field(name="at")
    supersedes: Annotated[tuple[_Id, ...], msgspec.Meta(max_length=10_000)]

    @classmethod
    def make(cls, interview_uuid: str, path: str, value: str | None, *, device_id: str,
             clock: int, written_at: str, supersedes: Iterable[str]) -> Version:
        sup = tuple(sorted(set(supersedes)))
        return cls(version_id(interview_uuid, path, value, device_id=device_id, clock=clock,
                              written_at=written_at, supersedes=sup),
                   interview_uuid, path, value, device_id, clock, written_at, sup)

    def content_ok(self) -> bool:
        try:
            return self.id == version_id(self.interview_uuid, self.path, self.value,
                                         device_id=self.device_id, clock=self.clock,
                                         written_at=self.written_at,
                                         supersedes=self.supersedes)
        except UnicodeEncodeError:  # a lone surrogate ("\\ud800" in the JSON)
            return False

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "interview": self.interview_uuid, "path": self.path,
                "value": self.value, "device": self.device_id, "clock": self.clock,
                "at": self.written_at, "supersedes": list(self.supersedes)}


_decode_list = msgspec.json.Decoder(list[Version]).decode


def encode_versions(versions: Sequence[Version]) -> bytes:
    """A JSON array of versions, each as a bundle's line carries it."""
    return _encode(versions)


def decode_versions(body: bytes) -> list[Version]:
    """What ``encode_versions`` wrote (types and lengths checked again)."""
    return _decode_list(body)


def heads(versions: Iterable[Version]) -> list[Version]:
    """The versions of one field that no other supersedes, in display order."""
    pool = {v.id: v for v in versions}
    superseded = {s for v in pool.values() for s in v.supersedes}
    return sorted((v for v in pool.values() if v.id not in superseded), key=_order,
                  reverse=True)


def _order(v: Version) -> tuple[int, str]:
    return (v.clock, v.id)


def display_head(field_heads: list[Version]) -> Version:
    """The head shown (and exported) while a conflict is open: a fixed choice, the
    highest clock then id, so every store shows the same one."""
    return field_heads[0]


def is_conflict(field_heads: list[Version]) -> bool:
    """Several heads with different values (the same value reached twice, e.g. by a
    restored laptop redoing an edit, needs no person)."""
    return len({h.value for h in field_heads}) > 1
