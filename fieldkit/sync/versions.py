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

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from fieldkit.sync.formats import canonical, sha256_hex

__all__ = ["Version", "display_head", "heads", "is_conflict", "version_id"]


def version_id(interview_uuid: str, path: str, value: str | None, *, device_id: str,
               clock: int, written_at: str, supersedes: Iterable[str]) -> str:
    return sha256_hex(canonical([interview_uuid, path, value, device_id, clock, written_at,
                                 sorted(set(supersedes))]))


@dataclass(frozen=True)
class Version:
    id: str
    interview_uuid: str
    path: str
    value: str | None
    device_id: str
    clock: int
    written_at: str
    supersedes: tuple[str, ...]

    @classmethod
    def make(cls, interview_uuid: str, path: str, value: str | None, *, device_id: str,
             clock: int, written_at: str, supersedes: Iterable[str]) -> Version:
        sup = tuple(sorted(set(supersedes)))
        return cls(version_id(interview_uuid, path, value, device_id=device_id, clock=clock,
                              written_at=written_at, supersedes=sup),
                   interview_uuid, path, value, device_id, clock, written_at, sup)

    def content_ok(self) -> bool:
        return self.id == version_id(self.interview_uuid, self.path, self.value,
                                     device_id=self.device_id, clock=self.clock,
                                     written_at=self.written_at, supersedes=self.supersedes)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "interview": self.interview_uuid, "path": self.path,
                "value": self.value, "device": self.device_id, "clock": self.clock,
                "at": self.written_at, "supersedes": list(self.supersedes)}


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
